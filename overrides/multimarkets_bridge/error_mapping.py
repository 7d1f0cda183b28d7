"""Which exception an answer becomes: a non-2xx status or an envelope whose code is not ``"0"``, with
the envelope's trace, code and message (``%s`` placeholders filled from ``msgParams``). The code ->
class table itself is the spec's ``x-error-codes`` ([`code_class`][])."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from multimarkets_bridge_client.registry import ERROR_CODES, PLATFORM

from .errors import (
    APIError,
    BannedError,
    BridgeError,
    ForbiddenError,
    GatewayError,
    HTTPStatusError,
    RateLimitError,
    ServerError,
    error_class,
)

__all__ = ["code_class", "error_from_envelope", "error_from_status", "render_msg", "retry_after_seconds"]


def render_msg(msg: str | None, msg_params: str | None) -> str:
    """Fill ``%s`` placeholders of ``msg`` in order with the comma-separated ``msgParams``."""
    text = msg or ""
    if not msg_params or "%s" not in text:
        return text
    for value in msg_params.split(","):
        if "%s" not in text:
            break
        text = text.replace("%s", value, 1)
    return text


def retry_after_seconds(headers: Mapping[str, str]) -> float | None:
    """Seconds to wait, from ``retry-after`` or ``x-ratelimit-reset`` (sibling docs: window seconds)."""
    value = _int_header(headers, "retry-after", "x-ratelimit-reset")
    return float(value) if value is not None and value >= 0 else None


def code_class(code: str) -> type[BridgeError]:
    """The exception class of a vendor code (spec ``x-error-codes`` ``error``); codes the spec does not
    list map by prefix."""
    entry = ERROR_CODES.get(code)
    if entry is not None:
        cls = error_class(entry.error)
        if cls is not None:
            return cls
    if code.startswith(("G5", "GGATEWAY_CODE_")):
        return GatewayError
    return APIError


def _int_header(headers: Mapping[str, str], *names: str) -> int | None:
    lowered = {k.lower(): v for k, v in headers.items()}
    for name in names:
        value = lowered.get(name)
        if value is not None and value.strip().lstrip("-").isdigit():
            return int(value)
    return None


def _rate_limited(cls: type[RateLimitError], text: str, common: dict[str, Any]) -> RateLimitError:
    """A 429-like error with the pacing the platform stated (``x-ratelimit-*``, ``retry-after``)."""
    headers = common["headers"]
    return cls(
        text,
        retry_after=retry_after_seconds(headers),
        limit=_int_header(headers, "x-ratelimit-limit"),
        remaining=_int_header(headers, "x-ratelimit-remaining", "x-ratelimit-remairing"),
        **common,
    )


def _common(
    envelope: Mapping[str, Any] | None,
    http_status: int,
    biz_type: str | None,
    operation_id: str | None,
    headers: Mapping[str, str],
    request_trace: str | None,
) -> dict[str, Any]:
    """Keyword arguments every exception built from an answer gets (the envelope's trace wins)."""
    common: dict[str, Any] = {
        "http_status": http_status,
        "biz_type": biz_type,
        "operation_id": operation_id,
        "headers": headers,
        "trace": request_trace,
    }
    if envelope:
        code = envelope.get("code")
        common.update(
            code=str(code) if code is not None else None,
            msg=render_msg(_str_or_none(envelope.get("msg")), _str_or_none(envelope.get("msgParams"))),
            biz_code=_str_or_none(envelope.get("bizCode")),
            trace=_str_or_none(envelope.get("trace")) or request_trace,
            envelope=envelope,
        )
    return common


def _str_or_none(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def error_from_envelope(
    envelope: Mapping[str, Any],
    *,
    http_status: int,
    biz_type: str | None,
    operation_id: str | None,
    headers: Mapping[str, str],
    request_trace: str | None,
) -> BridgeError:
    """The exception for a 2xx envelope whose code is not ``"0"``."""
    common = _common(envelope, http_status, biz_type, operation_id, headers, request_trace)
    code = common.get("code") or ""
    message = common.get("msg") or "the platform reported an error"
    cls = code_class(code)
    if issubclass(cls, RateLimitError):
        return _rate_limited(cls, message, common)
    if issubclass(cls, BannedError):
        return cls(message, retry_after=retry_after_seconds(headers), **common)
    return cls(message, **common)


def error_from_status(
    status: int,
    envelope: Mapping[str, Any] | None,
    *,
    biz_type: str | None,
    operation_id: str | None,
    headers: Mapping[str, str],
    request_trace: str | None,
) -> HTTPStatusError:
    """The exception for a non-2xx answer (``envelope`` when the body was a JSON object)."""
    common = _common(envelope, status, biz_type, operation_id, headers, request_trace)
    detail = common.get("msg") or ""
    if status == 429:
        text = (
            f"rate limit exceeded (the platform allows {PLATFORM.requests} requests per"
            f" {PLATFORM.window_seconds:g} s per apiKey); slow down before retrying"
        )
        return _rate_limited(RateLimitError, text, common)
    if status == 418:
        text = "banned after continuing past a rate limit (HTTP 418); wait for the ban to end"
        return BannedError(text, retry_after=retry_after_seconds(headers), **common)
    if status == 403:
        return ForbiddenError(f"rejected by the platform firewall (HTTP 403) {detail}".strip(), **common)
    if status >= 500:
        return ServerError(f"platform error (HTTP {status}) {detail}".strip(), **common)
    return HTTPStatusError(f"HTTP {status} {detail}".strip(), **common)
