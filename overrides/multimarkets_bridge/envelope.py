"""Turn an HTTP answer into the typed ``data`` of an operation, or into the right exception.

Rules (spec ``EnvelopeMeta`` and ``x-sdk-data``):

* non-2xx -> :func:`~multimarkets_bridge.errors.error_from_status` (429, 418, 403, 5XX, other);
* body not a JSON object, or ``code`` missing -> :class:`ResponseValidationError`;
* ``code != "0"`` -> :func:`~multimarkets_bridge.errors.error_from_envelope`;
* ``code == "0"`` but ``ok`` false or ``fail`` true -> :class:`ResponseValidationError` (contradiction);
* success -> ``data`` per the operation's ``sdk_data``: ``model`` parses the generated success model and
  checks every field's type; ``bool_string`` maps ``"true"``/``true`` to ``True``; ``raw`` returns the
  JSON value; ``none`` returns ``None``.
"""

from __future__ import annotations

import enum
import json
import sys
import types
import typing
from collections.abc import Callable, Mapping
from functools import cache
from typing import Any

import attrs
from multimarkets_bridge_client import models as generated_models
from multimarkets_bridge_client.facade import Operation
from multimarkets_bridge_client.types import Unset

from .errors import BridgeError, ResponseValidationError, error_from_envelope, error_from_status

__all__ = ["decode_envelope", "unwrap"]


def decode_envelope(
    status: int,
    content: bytes,
    headers: Mapping[str, str],
    operation: Operation,
    request_trace: str | None,
) -> dict[str, Any]:
    """Return the success envelope, or raise the exception the answer stands for."""
    context: dict[str, Any] = {
        "biz_type": operation.biz_type,
        "operation_id": operation.operation_id,
        "headers": headers,
        "request_trace": request_trace,
    }
    envelope = _json_object(content)
    if not 200 <= status < 300:
        raise error_from_status(status, envelope, **context)
    if envelope is None:
        raise _malformed(
            f"response body is not a JSON object ({len(content)} bytes; truncated?)", status, context
        )
    code = envelope.get("code")
    if not isinstance(code, str):
        raise _malformed("response envelope has no string 'code'", status, context, envelope)
    if code != "0":
        raise error_from_envelope(envelope, http_status=status, **context)
    if envelope.get("ok") is False or envelope.get("fail") is True:
        raise _malformed("envelope says code 0 but ok=false/fail=true", status, context, envelope)
    return envelope


def unwrap(
    operation: Operation, envelope: Mapping[str, Any], *, http_status: int, request_trace: str | None = None
) -> Any:
    """The typed ``data`` of a success envelope."""
    kind = operation.sdk_data
    data = envelope.get("data")
    if kind == "none":
        return None
    if kind == "raw":
        return data
    if kind == "bool_string":
        if data in ("true", True):
            return True
        if data in ("false", False):
            return False
        raise _envelope_error(
            operation,
            envelope,
            http_status,
            request_trace,
            f"expected data 'true'/'false', got {type(data).__name__}",
        )
    try:
        parsed = operation.success_model.from_dict(envelope)
    except (KeyError, TypeError, ValueError, AttributeError, RecursionError) as exc:
        raise _envelope_error(
            operation, envelope, http_status, request_trace, f"does not match the spec: {_describe(exc)}"
        ) from None
    hint = _hint_of(type(parsed), "data")
    problem = None if _conforms(hint)(parsed.data) else _check(parsed.data, hint, "data")
    if problem:
        raise _envelope_error(
            operation, envelope, http_status, request_trace, f"does not match the spec: {problem}"
        )
    return None if isinstance(parsed.data, Unset) else parsed.data


def _json_object(content: bytes) -> dict[str, Any] | None:
    try:
        value = json.loads(content)
    except (ValueError, UnicodeDecodeError, RecursionError):
        return None
    return value if isinstance(value, dict) else None


def _malformed(
    message: str, status: int, context: Mapping[str, Any], envelope: Mapping[str, Any] | None = None
) -> BridgeError:
    trace = envelope.get("trace") if envelope else None
    return ResponseValidationError(
        message,
        http_status=status,
        biz_type=context["biz_type"],
        operation_id=context["operation_id"],
        headers=context["headers"],
        trace=trace if isinstance(trace, str) else context["request_trace"],
        envelope=envelope,
    )


def _envelope_error(
    operation: Operation, envelope: Mapping[str, Any], status: int, request_trace: str | None, detail: str
) -> BridgeError:
    trace = envelope.get("trace")
    return ResponseValidationError(
        f"{operation.operation_id} response {detail}",
        http_status=status,
        code=str(envelope.get("code")),
        biz_type=operation.biz_type,
        operation_id=operation.operation_id,
        trace=trace if isinstance(trace, str) else request_trace,
        envelope=envelope,
    )


def _describe(exc: Exception) -> str:
    if isinstance(exc, KeyError):
        return f"missing required field {exc.args[0]!r}"
    return f"{type(exc).__name__}: {exc}"


@cache
def _hints(cls: type) -> dict[str, Any]:
    namespace = {**vars(sys.modules[cls.__module__]), **vars(generated_models)}
    return typing.get_type_hints(cls, globalns=namespace)


def _hint_of(cls: type, name: str) -> Any:
    return _hints(cls)[name]


@cache
def _conforms(hint: Any) -> Callable[[Any], bool]:
    """A fast predicate for ``hint``, built once per type; :func:`_check` explains a failure."""
    if hint is Any or hint is object:
        return lambda value: True
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        args = typing.get_args(hint)
        if all(
            isinstance(arg, type) and not attrs.has(arg) for arg in args
        ):  # e.g. str | Unset: one isinstance
            allowed = tuple(kind for arg in args for kind in ((int, float) if arg is float else (arg,)))
            bool_ok = bool in args
            return lambda value: isinstance(value, allowed) and (bool_ok or not isinstance(value, bool))
        members = tuple(_conforms(arg) for arg in args)
        return lambda value: any(member(value) for member in members)
    if origin is list:
        item = _conforms(typing.get_args(hint)[0])
        return lambda value: isinstance(value, list) and all(map(item, value))
    if origin is dict:
        return lambda value: isinstance(value, dict)
    if hint is float:
        return lambda value: isinstance(value, int | float) and not isinstance(value, bool)
    if hint is int:
        return lambda value: isinstance(value, int) and not isinstance(value, bool)
    if isinstance(hint, type) and attrs.has(hint):
        fields = [
            (f.name, _conforms(_hint_of(hint, f.name)))
            for f in attrs.fields(hint)
            if f.name != "additional_properties"
        ]
        return lambda value: (
            isinstance(value, hint) and all(check(getattr(value, name)) for name, check in fields)
        )
    if isinstance(hint, type):
        return lambda value: isinstance(value, hint)
    return lambda value: True


def _check(value: Any, hint: Any, path: str) -> str | None:
    """A description of the first place ``value`` does not fit ``hint``, else None."""
    if hint is Any or hint is object:
        return None
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        for arg in typing.get_args(hint):
            if _check(value, arg, path) is None:
                return None
        return f"{path}: {type(value).__name__} is not {hint}"
    if origin is list:
        if not isinstance(value, list):
            return f"{path}: expected a list, got {type(value).__name__}"
        (item_hint,) = typing.get_args(hint)
        for index, item in enumerate(value):
            problem = _check(item, item_hint, f"{path}[{index}]")
            if problem:
                return problem
        return None
    if origin is dict:
        return None if isinstance(value, dict) else f"{path}: expected an object, got {type(value).__name__}"
    if hint is type(None):
        return None if value is None else f"{path}: expected null"
    if hint is Unset:
        return None if isinstance(value, Unset) else f"{path}: unexpected value"
    if hint is float:
        ok = isinstance(value, int | float) and not isinstance(value, bool)
        return None if ok else f"{path}: expected a number, got {type(value).__name__}"
    if hint is int:
        ok = isinstance(value, int) and not isinstance(value, bool)
        return None if ok else f"{path}: expected an integer, got {type(value).__name__}"
    if isinstance(hint, type) and issubclass(hint, enum.Enum):
        return None if isinstance(value, hint) else f"{path}: not a {hint.__name__}"
    if isinstance(hint, type) and attrs.has(hint):
        if not isinstance(value, hint):
            return f"{path}: expected an object, got {type(value).__name__}"
        for field in attrs.fields(hint):
            if field.name == "additional_properties":
                continue
            problem = _check(getattr(value, field.name), _hint_of(hint, field.name), f"{path}.{field.name}")
            if problem:
                return problem
        return None
    if isinstance(hint, type):
        return (
            None
            if isinstance(value, hint)
            else f"{path}: expected {hint.__name__}, got {type(value).__name__}"
        )
    return None
