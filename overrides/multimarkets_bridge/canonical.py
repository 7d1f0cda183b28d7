"""The string to sign: a body rendered as the vendor's Java service renders it (fastjson 1.2), then
stripped of every ``"``.

The platform parses the JSON it receives and writes it back with sorted keys; the SDK must produce the
same text for every body it can send, or refuse the body before signing:

1. Parse the JSON body (an empty body counts as ``{}``).
2. Drop every object member whose value is ``null``, at every depth (``null`` *array elements* stay).
3. Sort object keys recursively in Java's ``String`` order (UTF-16 code units: a key with a character
   beyond U+FFFF sorts before one with U+FF01, unlike code-point order); keep array order.
4. Serialise compactly; non-ASCII stays as UTF-8, except U+2028 / U+2029, written ``\\u2028`` /
   ``\\u2029``; control characters take the short escapes (``\\n``, ``\\t`` ...) or ``\\u00XX`` in
   upper-case hex; booleans ``true`` / ``false``; integers as digits.
5. Non-integer numbers are written as Java's ``BigDecimal.toString`` writes the number read: the same
   rule as ``str(Decimal)`` (``1e20`` -> ``1E+20``, ``0.0000001`` -> ``1E-7``, ``1.50`` stays), without a
   negative zero (``-0.0`` -> ``0.0``). A Python ``float`` counts as the text ``json`` writes for it.
6. Remove every ``"`` character, then append the ``timestamp`` header value (decimal epoch ms).

Refused with [`InvalidRequestError`][multimarkets_bridge.errors.InvalidRequestError] before signing:
characters U+007F-U+009F (fastjson releases disagree on escaping them), ``NaN`` and infinities (not
JSON). The rules and the vectors that pin them: ``tests/vectors/canonical.json``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from decimal import Decimal
from typing import Any, NamedTuple

from .errors import InvalidRequestError

__all__ = ["ParsedBody", "canonical_string", "parse_exact"]


class ParsedBody(NamedTuple):
    """A JSON body parsed once, exactly ([`parse_exact`][]): validators read ``value``, and the
    signature is checked over the same value."""

    value: Any
    """The JSON value; non-integer numbers are ``Decimal`` (no binary rounding)."""
    has_null: bool = True
    """Whether the text holds ``null`` anywhere (if not, there is no null member to drop)."""


_EXACT_DECODER = json.JSONDecoder(parse_float=Decimal)  # built once: a decoder per call costs µs


def parse_exact(body: bytes | str) -> ParsedBody:
    """Parse a JSON body once for both validation and signature checks; raises ``ValueError``
    (``RecursionError`` for absurd nesting: refuse deep bodies before calling this)."""
    text = body.decode("utf-8") if isinstance(body, bytes) else body
    if not text or text.isspace():
        return ParsedBody({}, has_null=False)
    return ParsedBody(_EXACT_DECODER.decode(text), has_null="null" in text)


def _java_decimal(value: object) -> str:
    """A non-integer number as ``BigDecimal.toString`` writes it (``Decimal`` follows the same
    scientific-string rule; Java has no negative zero)."""
    if not isinstance(value, Decimal) or not value.is_finite():
        raise TypeError(f"{type(value).__name__} is not a JSON number")
    return str(value.copy_abs() if value.is_zero() else value)


def _canonical_encoder(sort_keys: bool) -> json.JSONEncoder:
    return json.JSONEncoder(
        ensure_ascii=False, separators=(",", ":"), sort_keys=sort_keys, default=_java_decimal, allow_nan=False
    )


_SORTED_JSON = _canonical_encoder(sort_keys=True)  # built once: an encoder per call costs µs
_ORDERED_JSON = _canonical_encoder(sort_keys=False)  # for values already in Java's key order


def _prepared(value: Any) -> Any:
    """``value`` without ``null`` members, its floats as the ``Decimal`` of the text json writes."""
    if isinstance(value, Mapping):
        return {str(k): _prepared(v) for k, v in value.items() if v is not None}
    if isinstance(value, list | tuple):
        return [_prepared(v) for v in value]
    if isinstance(value, float):
        return Decimal(repr(value))  # NaN and infinities stay non-finite and are refused
    return value


def _utf16_key(key: str) -> bytes:
    return key.encode("utf-16-be", "surrogatepass")


def _java_ordered(value: Any) -> Any:
    """``value`` with every object's members in Java's ``String`` order (UTF-16 code units)."""
    if isinstance(value, dict):
        return {k: _java_ordered(value[k]) for k in sorted(value, key=_utf16_key)}
    if isinstance(value, list):
        return [_java_ordered(v) for v in value]
    return value


_ASTRAL = re.compile("[\U00010000-\U0010ffff]")  # characters that take two UTF-16 code units
_UNSETTLED = re.compile("[\x7f-\x9f]")  # fastjson 1.2 releases escape these differently
_ESCAPE = re.compile(r"\\(u[0-9a-f]{4}|.)")  # every backslash of json's output starts an escape


def _upper_hex(match: re.Match[str]) -> str:
    escape = match.group(1)
    return "\\" + (escape.upper().replace("U", "u", 1) if escape[0] == "u" else escape)


def _render(value: Any) -> str:
    rendered = _SORTED_JSON.encode(value)
    if rendered.isascii():  # the common case: only a DEL or a control escape needs a second look
        if "\x7f" not in rendered and "\\u00" not in rendered:
            return rendered
    elif _ASTRAL.search(rendered) is not None:  # code-point order may differ from Java's
        rendered = _ORDERED_JSON.encode(_java_ordered(value))
    found = _UNSETTLED.search(rendered)
    if found is not None:
        raise InvalidRequestError(
            f"the body holds U+{ord(found.group()):04X}: the platform's JSON library writes U+007F-U+009F "
            "differently across releases, so no signature over it can be trusted; remove the character"
        )
    if "\\u00" in rendered:
        rendered = _ESCAPE.sub(_upper_hex, rendered)
    return rendered.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def canonical_string(body: bytes | str | Mapping[str, Any] | ParsedBody, timestamp: int | None) -> str:
    """The string to sign for ``body`` (JSON bytes/text, a mapping, or a [`parse_exact`][] result)
    and ``timestamp`` (ms).

    ``timestamp=None`` omits the suffix (the sandbox signs its callbacks that way, as they carry no
    timestamp header).
    """
    if timestamp is not None and (isinstance(timestamp, bool) or not isinstance(timestamp, int)):
        raise InvalidRequestError("timestamp must be epoch milliseconds (an int) or None")
    if not isinstance(body, ParsedBody | bytes | str) and not isinstance(body, Mapping):  # ABC last: slow
        raise InvalidRequestError(f"body must be JSON bytes, text or a mapping, not {type(body).__name__}")
    if isinstance(body, bytes | str):
        try:
            body = parse_exact(body)
        except (ValueError, RecursionError):  # UnicodeDecodeError, JSONDecodeError, absurd nesting
            raise InvalidRequestError(
                "the body is not UTF-8 JSON (or is nested too deep); "
                "the signing scheme signs JSON bodies only"
            ) from None
    try:
        if isinstance(body, ParsedBody):
            # no "null" in the text means no null member to drop: skip the walk (the common case)
            value = _prepared(body.value) if body.has_null else body.value
        else:
            value = _prepared(body)
        rendered = _render(value)
    except (RecursionError, ValueError, TypeError) as exc:
        raise InvalidRequestError(f"the body cannot be canonicalised ({type(exc).__name__})") from None
    canonical = rendered.replace('"', "")
    return canonical if timestamp is None else f"{canonical}{int(timestamp)}"
