"""Money values: decimal strings on the wire, ``Decimal`` in Python, never ``float``.

Response fields the spec marks ``x-decimal`` arrive as [`WireDecimal`][]: a ``Decimal`` (so
arithmetic and comparisons just work) that also keeps the exact text the platform sent in ``.wire``
(``"0.00100"`` stays ``"0.00100"``). Request fields marked so accept ``Decimal``, ``int`` or ``str``
and are sent as plain decimal text (never in exponent notation).

What counts as decimal text is one rule, ``DECIMAL_PATTERN``, which the spec states as the
``pattern`` of every received ``x-decimal`` field (a test keeps the two equal): optional minus,
ASCII digits, an optional fraction and exponent - or ``""``, read as absent. Python's ``Decimal()``
alone would also take ``" 1"``, ``"1_000"``, ``"NaN"`` or Arabic-Indic digits.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Any

from .unset import Unset

__all__ = ["DECIMAL_PATTERN", "WireDecimal", "decimal_from_text", "decimal_text", "parse_decimal"]

DECIMAL_PATTERN = r"^(-?[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]+)?)?$"
_DECIMAL_TEXT = re.compile(DECIMAL_PATTERN)  # ASCII classes only: re and ECMA-262 agree on it


class WireDecimal(Decimal):
    """A ``Decimal`` read from the wire; ``.wire`` is the original text."""

    __slots__ = ("wire",)
    wire: str

    def __new__(cls, text: str) -> WireDecimal:
        value = super().__new__(cls, text)
        if not value.is_finite():
            raise ValueError(f"not a finite decimal: {text!r}")
        value.wire = text
        return value


def parse_decimal(value: Any) -> WireDecimal | None:
    """The decimal a response field carries: ``None`` when absent or empty (``""``), else a
    [`WireDecimal`][]. Raises ``ValueError`` for text that is not a decimal number."""
    if type(value) is str and value:  # the common case first: decimal text from the wire
        return _wire_decimal(value)
    if value is None or value == "" or isinstance(value, Unset):
        return None
    if isinstance(value, WireDecimal):
        return value
    if isinstance(value, Decimal | int) and not isinstance(value, bool):
        return WireDecimal(format(Decimal(value), "f"))
    if not isinstance(value, str):
        raise ValueError(f"a decimal field holds text, not {type(value).__name__}")
    return _wire_decimal(str(value))  # a str subclass


def decimal_from_text(text: str) -> WireDecimal | None:
    """The value of text that already matched ``DECIMAL_PATTERN`` (the typed decoder checks the
    pattern natively): ``None`` for ``""``, else a [`WireDecimal`][]."""
    return _new_wire(text) if text else None


def _wire_decimal(text: str) -> WireDecimal:
    if _DECIMAL_TEXT.fullmatch(text) is None:  # fullmatch: ``$`` alone would let a final "\n" through
        raise ValueError(f"not a decimal number: {text!r}")
    return _new_wire(text)


def _new_wire(text: str) -> WireDecimal:
    """The [`WireDecimal`][] of decimal text (finite: the pattern has no NaN or Infinity)."""
    try:
        value: WireDecimal = _new_decimal(WireDecimal, text)
    except InvalidOperation:  # an exponent beyond what Decimal can hold
        raise ValueError(f"decimal out of range: {text[:40]!r}") from None
    value.wire = text
    return value


_new_decimal = Decimal.__new__


def decimal_text(value: Decimal | int | str) -> str:
    """How a decimal goes on the wire: the original text when it came from the wire, else plain
    fixed-point text (``Decimal("1E+3")`` -> ``"1000"``)."""
    if isinstance(value, WireDecimal):
        return value.wire
    if isinstance(value, str):
        return value
    return format(Decimal(value), "f")
