"""Turn an HTTP answer into the typed ``data`` of an operation, or into the right exception.

Rules (spec ``EnvelopeMeta`` and ``x-sdk-data``):

* non-2xx -> [`error_from_status`][multimarkets_bridge.error_mapping.error_from_status] (429, 418, 403,
  5XX, other);
* body not a JSON object, or ``code`` missing -> [`ResponseValidationError`][];
* ``code != "0"`` -> [`error_from_envelope`][multimarkets_bridge.error_mapping.error_from_envelope];
* ``code == "0"`` but ``ok`` false or ``fail`` true -> [`ResponseValidationError`][] (contradiction);
* success -> ``data`` per the operation's ``sdk_data``: ``model`` validates and builds the generated
  success model in one pass ([`.decoding`][]; [`read_success`][] does it straight from the bytes);
  ``bool_string`` maps ``"true"``/``true`` to ``True``; ``raw`` returns the JSON value; ``none``
  returns ``None``.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from typing import Any, NamedTuple

from .error_mapping import error_from_envelope, error_from_status
from .errors import BridgeError, ResponseValidationError
from .operation import Operation, success_model

__all__ = ["JsonEnvelope", "Success", "build_envelope", "decode_envelope", "read_success", "unwrap"]

_NO_DATA: Any = object()


def build_envelope(
    trace: str, *, code: str = "0", msg: str = "Success", data: Any = _NO_DATA, tm: int = 0
) -> dict[str, Any]:
    """The platform's envelope (``EnvelopeMeta``): ``ok`` / ``fail`` follow ``code``; ``data`` is left out
    when not given. The one builder behind callback replies and the sandbox's answers and faults."""
    ok = code == "0"
    envelope: dict[str, Any] = {
        "code": code,
        "msg": msg,
        "bizCode": "",
        "tm": tm,
        "trace": trace,
        "msgParams": None,
        "ok": ok,
        "fail": not ok,
    }
    if data is not _NO_DATA:
        envelope["data"] = data
    return envelope


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
    from .decoding import ValidationError, decoder_for, describe_error  # pydantic-core on first use

    try:
        parsed = decoder_for(success_model(operation)).validate_python(
            envelope if isinstance(envelope, dict) else dict(envelope)
        )
    except ValidationError as exc:
        raise _envelope_error(
            operation, envelope, http_status, request_trace, f"does not match the spec: {describe_error(exc)}"
        ) from None
    except (RecursionError, ValueError) as exc:
        raise _envelope_error(
            operation, envelope, http_status, request_trace, f"does not match the spec: {_describe(exc)}"
        ) from None
    return parsed.data


def read_success(operation: Operation, status: int, content: bytes) -> Success | None:
    """The typed result of a well-formed success answer in one pass over the bytes, else None.

    Only the common case: a 2xx answer of a ``model`` operation whose bytes validate against the
    success model with ``code`` "0" and consistent ``ok``/``fail``. Anything else returns None and goes
    through [`decode_envelope`][] + [`unwrap`][], which name the exact problem. The envelope is
    decoded from the bytes only if someone reads it.
    """
    if operation.sdk_data != "model" or not 200 <= status < 300:
        return None
    from .decoding import ValidationError, decoder_for

    try:
        parsed = decoder_for(success_model(operation)).validate_json(content)
    except (ValidationError, ValueError, RecursionError):
        return None
    if parsed.code != "0" or parsed.ok is False or parsed.fail is True:
        return None
    return Success(
        parsed.data,
        JsonEnvelope(content),
        parsed.trace if isinstance(parsed.trace, str) else None,
        parsed.tm if isinstance(parsed.tm, int) else None,
    )


class Success(NamedTuple):
    """What [`read_success`][] found: the typed data, the (lazy) envelope, its trace and tm."""

    data: Any
    envelope: Mapping[str, Any]
    trace: str | None
    tm: int | None


class JsonEnvelope(Mapping[str, Any]):
    """The envelope of an answer as a read-only mapping, decoded from its bytes on first use."""

    __slots__ = ("_content", "_value")

    def __init__(self, content: bytes) -> None:
        self._content = content
        self._value: dict[str, Any] | None = None

    def _decoded(self) -> dict[str, Any]:
        if self._value is None:
            self._value = _json_object(self._content) or {}
        return self._value

    def __getitem__(self, key: str) -> Any:
        return self._decoded()[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._decoded())

    def __len__(self) -> int:
        return len(self._decoded())

    def __repr__(self) -> str:
        return f"JsonEnvelope({self._decoded()!r})"


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
