"""What every operation method shares: per-call options, the full result of a call, and the views.

``client.with_raw_response.<method>(...)`` is the method itself wrapped by [`to_raw_response`][]: the same
parameters (overloads included, through ``ParamSpec``), returning [`RawResponse`][] of what the method
returns. ``client.paginate.<method>(...)`` is the method wrapped by
[`PagerOf`][multimarkets_bridge_core.paging.PagerOf] the same way. A wrapper only marks the call
([`wanting`][]); the runtime reads the mark with [`take_wanted`][] when the call begins and answers
with the ``data``, the whole ``RawResponse``, or a pager that has sent nothing yet.
"""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Awaitable, Callable, Iterator, Mapping
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any, Generic, Literal, ParamSpec, TypeAlias, TypedDict, TypeVar, cast

__all__ = [
    "CallOptions",
    "RawResponse",
    "Wanted",
    "merge_options",
    "take_wanted",
    "to_async_raw_response",
    "to_raw_response",
    "wanting",
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


Wanted: TypeAlias = Literal["data", "raw", "pager"]
"""What a method call answers with: its typed ``data`` (a plain call), the whole [`RawResponse`][]
(``with_raw_response``), or a pager over every record that has sent nothing yet (``paginate``)."""

_WANTED: ContextVar[Wanted] = ContextVar("multimarkets_bridge_wanted", default="data")


@contextlib.contextmanager
def wanting(wanted: Wanted) -> Iterator[None]:
    """Mark the method call made inside the block (a view's wrapper makes exactly one)."""
    mark = _WANTED.set(wanted)
    try:
        yield
    finally:
        _WANTED.reset(mark)


def take_wanted() -> Wanted:
    """What the call now beginning must answer with; the mark is cleared, so a call made while
    serving this one (a hook's) answers plainly."""
    wanted = _WANTED.get()
    if wanted != "data":
        _WANTED.set("data")
    return wanted


def to_raw_response(method: Callable[P, R]) -> Callable[P, RawResponse[R]]:
    """The blocking ``method`` returning the whole [`RawResponse`][] instead of its ``data``."""

    @functools.wraps(method)
    def raw(*args: P.args, **kwargs: P.kwargs) -> RawResponse[R]:
        with wanting("raw"):
            return cast("RawResponse[R]", method(*args, **kwargs))

    return raw


def to_async_raw_response(method: Callable[P, Awaitable[R]]) -> Callable[P, Awaitable[RawResponse[R]]]:
    """The coroutine ``method`` returning the whole [`RawResponse`][] instead of its ``data``."""

    @functools.wraps(method)
    async def raw(*args: P.args, **kwargs: P.kwargs) -> RawResponse[R]:
        with wanting("raw"):
            return cast("RawResponse[R]", await method(*args, **kwargs))

    return raw
