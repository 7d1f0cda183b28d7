"""Reading one attempt's reply: the typed answer, or the typed error of a failure of any kind.

A reply is an ``httpx.Response`` or the exception that took its place. A success envelope is read in
one pass ([`read_success`][multimarkets_bridge.envelope.read_success]); anything else is decoded and
unwrapped into its typed error, and what a refusal teaches (a ban, a 429 pause, the platform's clock)
is handed to the pacer. One redacted log line per reply.
"""

from __future__ import annotations

from typing import Any

import httpx

from .call_context import CallContext, Reply
from .envelope import decode_envelope, read_success, unwrap
from .errors import APITimeoutError, BridgeError, TransportError
from .logs import AnswerLog
from .operation import Operation, RawResponse
from .pacing import Pacer

__all__ = ["read_reply"]

#: httpx failures that happen before any byte of the request reached the platform.
_NOT_SENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout, httpx.UnsupportedProtocol)


def read_reply(
    ctx: CallContext, reply: Reply, trace: str, elapsed_ms: float, log: AnswerLog, pacer: Pacer
) -> RawResponse[Any]:
    """The attempt's answer, unwrapped and typed; a typed error for a failure of any kind."""
    operation, call = ctx.operation, ctx.call
    if not isinstance(reply, httpx.Response):
        error = _transport_error(operation, reply, trace)
        log(operation, trace, None, elapsed_ms, type(error).__name__, call)
        raise error from _detached(reply)
    fast = read_success(operation, reply.status_code, reply.content)
    if fast is not None:  # the common case, in one pass (no second parse for trace and tm)
        log(operation, trace, reply.status_code, elapsed_ms, "ok", call)
        return RawResponse(
            data=fast.data,
            envelope=fast.envelope,
            status_code=reply.status_code,
            headers=reply.headers,
            trace=fast.trace or trace,
            tm=fast.tm,
            elapsed_ms=elapsed_ms,
        )
    return _read_envelope(ctx, reply, trace, elapsed_ms, log, pacer)


def _read_envelope(
    ctx: CallContext, reply: httpx.Response, trace: str, elapsed_ms: float, log: AnswerLog, pacer: Pacer
) -> RawResponse[Any]:
    """An answer that is not a plain success: decoded, unwrapped, and what a refusal teaches the
    pacer (a ban, a pause, the platform's clock) learnt."""
    operation, call = ctx.operation, ctx.call
    headers = dict(reply.headers)
    try:
        envelope = decode_envelope(reply.status_code, reply.content, headers, operation, trace)
        data = unwrap(operation, envelope, http_status=reply.status_code, request_trace=trace)
    except BridgeError as error:
        outcome = f"{type(error).__name__}:{error.code}"
        log(operation, trace, reply.status_code, elapsed_ms, outcome, call)
        pacer.learn_from(error, reply.headers.get("date"))
        raise
    log(operation, trace, reply.status_code, elapsed_ms, "ok", call)
    tm = envelope.get("tm")
    return RawResponse(
        data=data,
        envelope=envelope,
        status_code=reply.status_code,
        headers=headers,
        trace=envelope.get("trace") if isinstance(envelope.get("trace"), str) else trace,
        tm=tm if isinstance(tm, int) else None,
        elapsed_ms=elapsed_ms,
    )


def _transport_error(operation: Operation, exc: BaseException | None, trace: str) -> TransportError:
    cls = APITimeoutError if isinstance(exc, httpx.TimeoutException) else TransportError
    reason = type(exc).__name__ if exc is not None else "no response"
    return cls(
        f"{operation.operation_id}: request failed ({reason})",
        trace=trace,
        biz_type=operation.biz_type,
        operation_id=operation.operation_id,
        outcome="not_sent" if isinstance(exc, _NOT_SENT) else "unknown",
    )


def _detached(exc: BaseException | None) -> BaseException | None:
    """A copy of an httpx exception without its request (which carries the signed headers)."""
    if exc is None:
        return None
    try:
        return type(exc)(str(exc))
    except Exception:
        return ConnectionError(f"{type(exc).__name__}: {exc}")
