"""What every operation method shares: per-call options, the full result of a call, and the raw view.

``client.with_raw_response.<method>(...)`` is the method itself wrapped by [`to_raw_response`][]: the same
parameters (overloads included, through ``ParamSpec``), returning [`RawResponse`][] of what the method
returns. The wrapper only marks the call; the runtime reads the mark with [`take_raw_request`][] when
the call begins.
"""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable, Mapping
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any, Generic, ParamSpec, TypedDict, TypeVar, cast

__all__ = [
    "CallOptions",
    "RawResponse",
    "merge_options",
    "take_raw_request",
    "to_async_raw_response",
    "to_raw_response",
]

DataT = TypeVar("DataT")
P = ParamSpec("P")
R = TypeVar("R")


class CallOptions(TypedDict, total=False):
    """Per-call options accepted by every operation method (``options=``)."""

    timeout: float
    """Overall timeout in seconds for this call (overrides the client's)."""
    trace: str
    """Trace id to send instead of a generated one (must be unique per request)."""
    extra_headers: Mapping[str, str]
    """Additional headers; they cannot override the signed ones."""
    extra_body: Mapping[str, Any]
    """Body fields the spec does not know yet; merged into the typed body (typed fields win)."""
    max_retries: int
    """Retries for this call (only read-only operations are retried automatically)."""


def merge_options(
    options: CallOptions | None,
    timeout: float | None,
    extra_headers: Mapping[str, str] | None,
    extra_body: Mapping[str, Any] | None,
) -> CallOptions | None:
    """The per-call keyword arguments folded into ``options`` (a keyword given wins over ``options``)."""
    if timeout is None and extra_headers is None and extra_body is None:
        return options
    merged: dict[str, Any] = dict(options or {})
    for key, value in (("timeout", timeout), ("extra_headers", extra_headers), ("extra_body", extra_body)):
        if value is not None:
            merged[key] = value
    return cast(CallOptions, merged)


@dataclass(frozen=True, slots=True)
class RawResponse(Generic[DataT]):
    """A call's full result: the typed ``data`` plus the envelope and HTTP details."""

    data: DataT
    envelope: Mapping[str, Any]
    status_code: int
    headers: Mapping[str, str]
    trace: str | None
    tm: int | None
    elapsed_ms: float


_RAW_REQUESTED: ContextVar[bool] = ContextVar("multimarkets_bridge_raw_requested", default=False)


def take_raw_request() -> bool:
    """Whether the call now beginning was made through a raw view; the mark is cleared, so a call made
    while serving this one (a hook's) answers plainly."""
    if not _RAW_REQUESTED.get():
        return False
    _RAW_REQUESTED.set(False)
    return True


def to_raw_response(method: Callable[P, R]) -> Callable[P, RawResponse[R]]:
    """The blocking ``method`` returning the whole [`RawResponse`][] instead of its ``data``."""

    @functools.wraps(method)
    def raw(*args: P.args, **kwargs: P.kwargs) -> RawResponse[R]:
        mark = _RAW_REQUESTED.set(True)
        try:
            return cast("RawResponse[R]", method(*args, **kwargs))
        finally:
            _RAW_REQUESTED.reset(mark)

    return raw


def to_async_raw_response(method: Callable[P, Awaitable[R]]) -> Callable[P, Awaitable[RawResponse[R]]]:
    """The coroutine ``method`` returning the whole [`RawResponse`][] instead of its ``data``."""

    @functools.wraps(method)
    async def raw(*args: P.args, **kwargs: P.kwargs) -> RawResponse[R]:
        mark = _RAW_REQUESTED.set(True)
        try:
            return cast("RawResponse[R]", await method(*args, **kwargs))
        finally:
            _RAW_REQUESTED.reset(mark)

    return raw
