"""Checks and conversions of what callers pass, before anything is signed or sent.

* enum arguments accept the enum member or its raw value;
* string fields (decimal strings such as ``price``, digit strings such as ``current``) accept ``str``,
  ``int`` and finite ``Decimal``, sent as plain text; never ``float`` (binary floats are not money)
  and never NaN/infinity;
* integer fields the spec also lets travel as digits (``x-also-accepts``) accept digit strings;
* an account selector value (spec ``x-sdk-selector``) fills the fields it selects;
* per-call ``options`` are checked.

The body as it will be sent is then checked against the spec by [`.request_schema`][]. Every
violation is an [`InvalidRequestError`][multimarkets_bridge.errors.InvalidRequestError] naming the field.
"""

from __future__ import annotations

import enum
import json
import math
import reprlib
import secrets
import string
import types
import typing
from collections.abc import Mapping
from functools import cache
from typing import Any

from multimarkets_bridge_client.registry import WIRE_NAMES
from multimarkets_bridge_client.types import UNSET, Unset

from .auth import header_problem
from .errors import InvalidRequestError
from .operation import CallOptions, Operation, body_model

__all__ = [
    "apply_selector",
    "attribute_name",
    "check_options",
    "encode_body",
    "new_client_order_id",
    "normalise_body",
    "refused",
    "wire_name",
]

_ID_ALPHABET = string.ascii_letters + string.digits


def new_client_order_id() -> str:
    """A fresh ``clientOrderId``: 20 alphanumerics (the spec's pattern), 113 random bits after ``mb``.

    Random, so unique across threads, processes and hosts without coordination.
    """
    return "mb" + "".join(secrets.choice(_ID_ALPHABET) for _ in range(18))


@cache
def _field_kinds(cls: Any) -> dict[str, tuple[str, type | None]]:
    """Per attrs field: ("enum", EnumClass) | ("str", None) | ("int", None) | ("other", None)."""
    import attrs  # with the first request body, not with the package

    hints = typing.get_type_hints(cls)
    kinds: dict[str, tuple[str, type | None]] = {}
    for fld in attrs.fields(cls):
        bare = bare_type(hints.get(fld.name))
        kind: tuple[str, type | None] = ("other", None)
        if isinstance(bare, type):
            if issubclass(bare, enum.Enum):
                kind = ("enum", bare)
            elif bare is str:
                kind = ("str", None)
            elif bare is int:
                kind = ("int", None)
        kinds[fld.name] = kind
    return kinds


def bare_type(hint: Any) -> Any:
    """The one type a generated field annotation allows besides ``Unset`` and ``None``
    (``Direction | Unset`` -> ``Direction``), or None when it allows several."""
    members = typing.get_args(hint) if isinstance(hint, types.UnionType) else (hint,)
    members = tuple(m for m in members if m is not Unset and m is not type(None))
    return members[0] if len(members) == 1 else None


def wire_name(operation: Operation, attribute: str) -> str:
    """The JSON member of a body attribute (``client_order_id`` -> ``clientOrderId``), from ``WIRE_NAMES``."""
    return WIRE_NAMES.get(operation.body_schema, {}).get(attribute, attribute)


def attribute_name(operation: Operation, member: str) -> str | None:
    """The body attribute of a JSON member (``WIRE_NAMES`` read the other way), or None."""
    return next((a for a, m in WIRE_NAMES.get(operation.body_schema, {}).items() if m == member), None)


def encode_body(payload: Mapping[str, Any]) -> bytes:
    """The body exactly as it is signed and sent: compact UTF-8 JSON; NaN and infinity are refused."""
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode("utf-8")


def normalise_body(operation: Operation, body: Any) -> None:
    """Coerce enum raw values and decimal inputs on the attrs body in place; reject what cannot be sent."""
    if not hasattr(type(body), "__attrs_attrs__"):
        return
    model: Any = type(body)
    for name, (kind, enum_cls) in _field_kinds(model).items():
        value = getattr(body, name)
        if isinstance(value, Unset) or value is None:
            continue
        if kind == "enum" and enum_cls is not None and not isinstance(value, enum_cls):
            try:
                setattr(body, name, enum_cls(value))
            except (ValueError, TypeError, RecursionError):  # Enum() reprs the value it refuses
                allowed = ", ".join(repr(m.value) for m in typing.cast(Any, enum_cls))
                raise _invalid(operation, name, f"must be one of {allowed}, got {shown(value)}") from None
        elif kind == "str" and not isinstance(value, str):
            setattr(body, name, _decimal_text(operation, name, value))
        elif kind == "int" and isinstance(value, str) and value.isascii() and value.isdigit():
            setattr(body, name, int(value))  # the spec's primary type; other text fails the spec's pattern
        elif isinstance(value, float) and not math.isfinite(value):
            raise _invalid(operation, name, "must be a finite number")


def _decimal_text(operation: Operation, name: str, value: Any) -> str:
    from decimal import Decimal

    if isinstance(value, bool | float):
        raise _invalid(operation, name, f"takes str, int or Decimal (not {type(value).__name__})")
    if isinstance(value, int):
        return str(value)
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise _invalid(operation, name, "must be a finite Decimal")
        return getattr(value, "wire", None) or format(value, "f")
    raise _invalid(operation, name, f"takes str, int or Decimal (not {type(value).__name__})")


def apply_selector(operation: Operation, selector: Any, given: Mapping[str, Any]) -> dict[str, Any]:
    """The selector fields of a body: each from its own argument or else from ``selector`` (a model
    such as ``TradingAccountSelector``). A field given both ways must agree; a required one missing
    both ways is an [`InvalidRequestError`][]; an optional one missing is left out (``UNSET``)."""
    import attrs

    if selector is not None and not attrs.has(type(selector)):
        raise InvalidRequestError(
            f"{operation.operation_id}: the account selector must be a model such as "
            f"TradingAccountSelector, not {type(selector).__name__}",
            biz_type=operation.biz_type,
            operation_id=operation.operation_id,
        )
    model = body_model(operation)
    fields = {fld.name: fld for fld in attrs.fields(model)}
    chosen: dict[str, Any] = {}
    for name, value in given.items():
        held = getattr(selector, name, None) if selector is not None else None
        held = None if isinstance(held, Unset) else held
        if value is not None and held is not None and _raw(value) != _raw(held):
            raise _invalid(operation, name, f"is {shown(value)} here but {shown(held)} in the selector")
        value = held if value is None else value
        if value is None:
            kind, enum_cls = _field_kinds(model)[name]
            members = list(typing.cast(Any, enum_cls)) if kind == "enum" else []
            if fields[name].default is not attrs.NOTHING:
                value = UNSET
            elif len(members) == 1:
                value = members[0]  # the enum's only value (tradeType 10)
            else:
                raise _invalid(operation, name, "is required (pass it or a selector that has it)")
        chosen[name] = value
    return chosen


def _raw(value: Any) -> Any:
    return value.value if isinstance(value, enum.Enum) else value


_OPTION_TYPES: dict[str, str] = {
    "timeout": "a positive number of seconds",
    "trace": "a non-empty string",
    "extra_headers": "a mapping of str to str",
    "extra_body": "a mapping with str keys",
    "max_retries": "a whole number >= 0",
}


def check_options(operation: Operation, options: Any) -> CallOptions:
    """Validate per-call ``options``; return them typed."""
    if options is None:
        return {}
    if not isinstance(options, Mapping):
        raise _invalid(operation, "options", "must be a mapping (see CallOptions)", wire=True)
    for key, value in options.items():
        expected = _OPTION_TYPES.get(key)
        if expected is None:
            known = ", ".join(sorted(_OPTION_TYPES))
            raise _invalid(operation, "options", f"unknown option {key!r} (known: {known})", wire=True)
        if not _option_ok(key, value):
            raise _invalid(operation, f"options[{key!r}]", f"must be {expected}", wire=True)
    headers = dict(options.get("extra_headers") or {})
    if "trace" in options:
        headers["trace"] = options["trace"]
    for name, value in headers.items():
        problem = header_problem(name, value)
        if problem is not None:
            raise _invalid(operation, "options", f"{problem}; nothing was sent", wire=True)
    return typing.cast(CallOptions, options)


def _option_ok(key: str, value: Any) -> bool:
    if key == "timeout":
        return (
            isinstance(value, int | float)
            and not isinstance(value, bool)
            and math.isfinite(value)
            and value > 0
        )
    if key == "trace":
        return isinstance(value, str) and bool(value.strip())
    if key == "max_retries":
        return isinstance(value, int) and not isinstance(value, bool) and value >= 0
    if key == "extra_headers":
        return isinstance(value, Mapping) and all(
            isinstance(k, str) and isinstance(v, str) for k, v in value.items()
        )
    return isinstance(value, Mapping) and all(isinstance(k, str) for k in value)


_SHOWN = reprlib.Repr()  # keyword arguments need Python 3.12
_SHOWN.maxlevel, _SHOWN.maxstring, _SHOWN.maxother = 3, 60, 60


def shown(value: Any) -> str:
    """A value as an error message quotes it: short, and safe for any depth or size."""
    return _SHOWN.repr(value)


def refused(operation: Operation, problem: str) -> InvalidRequestError:
    """The error for a call of ``operation`` refused before sending: ``"<operation>: <problem>"``."""
    return InvalidRequestError(
        f"{operation.operation_id}: {problem}",
        biz_type=operation.biz_type,
        operation_id=operation.operation_id,
    )


def _invalid(operation: Operation, name: str, problem: str, *, wire: bool = False) -> InvalidRequestError:
    label = name if wire else f"{name} ({wire_name(operation, name)})"
    return refused(operation, f"{label} {problem}")
