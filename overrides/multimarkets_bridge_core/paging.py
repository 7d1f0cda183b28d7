"""``client.paginate``: every record of a list operation, one call after another.

``client.paginate.<method>(...)`` is the method itself wrapped by [`PagerOf`][] / [`AsyncPagerOf`][]:
the same parameters (overloads included, through ``ParamSpec``), answering with a [`Pager`][] of the
operation's record type instead of one page. The wrapper marks the call (``wanting("pager")``); the
runtime then builds the pager from the method's typed request body instead of sending it.

A pager only sends: what to ask next and which records an answer adds come from a [`Walker`][] (the
runtime's walk over the operation's spec ``x-pagination``). Building a pager sends nothing.
"""

from __future__ import annotations

import functools
import warnings
from collections.abc import AsyncIterator, Awaitable, Callable, Coroutine, Iterator
from typing import Any, Generic, ParamSpec, Protocol, TypeVar, cast

from .calls import CallOptions, RawResponse, wanting
from .records import Operation

__all__ = ["AsyncPager", "AsyncPagerOf", "Pager", "PagerOf", "Walker"]

ItemT = TypeVar("ItemT")
PageT = TypeVar("PageT")
"""The typed ``data`` of one call (``CustomerPage``, ``list[TradeRecord]`` ...)."""
P = ParamSpec("P")


class Walker(Protocol):
    """One walk over a list operation (sans-I/O): the next body to send, and the new records of an answer."""

    @property
    def operation(self) -> Operation: ...

    def next_body(self) -> Any | None: ...

    def take(self, data: Any) -> list[Any]: ...


WalkFactory = Callable[[int | None, int | None], Walker]
"""A fresh walk per iteration, given ``max_items`` and ``max_pages``; it raises on arguments it refuses."""


class _Bounded:
    """What both pagers share: the walk, its bounds, and the options of each call."""

    def __init__(
        self,
        walk: WalkFactory,
        options: CallOptions | None,
        max_items: int | None = None,
        max_pages: int | None = None,
    ) -> None:
        walk(max_items, max_pages)  # refuses the arguments now, not at the first step
        self._walk, self._options = walk, options
        self.max_items, self.max_pages = max_items, max_pages

    def _new_walk(self) -> Walker:
        return self._walk(self.max_items, self.max_pages)


class Pager(_Bounded, Generic[ItemT, PageT]):
    """Iterate for every record (``ItemT``); [`pages`][] for the raw response of each call, whose
    ``data`` is the operation's typed answer (``PageT``)."""

    def __init__(
        self,
        send: Callable[[Operation, Any, CallOptions | None], RawResponse[Any]],
        walk: WalkFactory,
        options: CallOptions | None,
        *,
        max_items: int | None = None,
        max_pages: int | None = None,
    ) -> None:
        super().__init__(walk, options, max_items, max_pages)
        self._send = send

    def bounded(self, *, max_items: int | None = None, max_pages: int | None = None) -> Pager[ItemT, PageT]:
        """The same walk stopping after ``max_items`` records or ``max_pages`` calls (None: no bound);
        a whole number >= 1 each, refused now otherwise. Sends nothing."""
        return Pager(self._send, self._walk, self._options, max_items=max_items, max_pages=max_pages)

    def pages(self) -> Iterator[RawResponse[PageT]]:
        """Each call's [`RawResponse`][] (as ``with_raw_response`` returns it), in walk order."""
        for raw, _ in self._run():
            yield cast("RawResponse[PageT]", raw)

    def __iter__(self) -> Iterator[ItemT]:
        for _, records in self._run():
            yield from records

    def _run(self) -> Iterator[tuple[RawResponse[Any], list[Any]]]:
        walk = self._new_walk()
        while (body := walk.next_body()) is not None:
            raw = self._send(walk.operation, body, self._options)
            yield raw, walk.take(raw.data)


class AsyncPager(_Bounded, Generic[ItemT, PageT]):
    """``async for`` every record (``ItemT``); [`pages`][] for the raw response of each call."""

    def __init__(
        self,
        send: Callable[[Operation, Any, CallOptions | None], Awaitable[RawResponse[Any]]],
        walk: WalkFactory,
        options: CallOptions | None,
        *,
        max_items: int | None = None,
        max_pages: int | None = None,
    ) -> None:
        super().__init__(walk, options, max_items, max_pages)
        self._send = send

    def bounded(
        self, *, max_items: int | None = None, max_pages: int | None = None
    ) -> AsyncPager[ItemT, PageT]:
        """The same walk stopping after ``max_items`` records or ``max_pages`` calls (None: no bound).
        Sends nothing."""
        return AsyncPager(self._send, self._walk, self._options, max_items=max_items, max_pages=max_pages)

    async def pages(self) -> AsyncIterator[RawResponse[PageT]]:
        """Each call's [`RawResponse`][], in walk order."""
        async for raw, _ in self._run():
            yield cast("RawResponse[PageT]", raw)

    async def __aiter__(self) -> AsyncIterator[ItemT]:
        async for _, records in self._run():
            for record in records:
                yield record

    async def _run(self) -> AsyncIterator[tuple[RawResponse[Any], list[Any]]]:
        walk = self._new_walk()
        while (body := walk.next_body()) is not None:
            raw = await self._send(walk.operation, body, self._options)
            yield raw, walk.take(raw.data)


class PagerOf(Generic[ItemT]):
    """The paginate view of blocking list methods whose records are ``ItemT``:
    ``PagerOf(CustomerRecord)(client.list_customers)`` takes the method's arguments and answers with a
    [`Pager`][] (the page number, if given, is where the walk starts)."""

    def __init__(self, item: type[ItemT]) -> None:
        self.item = item  # what the records are, for type checkers and readers

    def __call__(self, method: Callable[P, PageT]) -> Callable[P, Pager[ItemT, PageT]]:
        @functools.wraps(method)
        def paged(*args: P.args, **kwargs: P.kwargs) -> Pager[ItemT, PageT]:
            bounds = _legacy_bounds(kwargs, method)
            with wanting("pager"):
                pager = _checked(method(*args, **kwargs), Pager, method)
            return pager.bounded(**bounds) if bounds else pager

        return paged


class AsyncPagerOf(Generic[ItemT]):
    """The paginate view of list coroutines: answers at once (not awaited) with an [`AsyncPager`][]."""

    def __init__(self, item: type[ItemT]) -> None:
        self.item = item

    def __call__(
        self, method: Callable[P, Coroutine[Any, Any, PageT]]
    ) -> Callable[P, AsyncPager[ItemT, PageT]]:
        @functools.wraps(method)
        def paged(*args: P.args, **kwargs: P.kwargs) -> AsyncPager[ItemT, PageT]:
            bounds = _legacy_bounds(kwargs, method)
            with wanting("pager"):
                pager = _checked(_completed(method(*args, **kwargs), method), AsyncPager, method)
            return pager.bounded(**bounds) if bounds else pager

        return paged


_PagerT = TypeVar("_PagerT", Pager[Any, Any], AsyncPager[Any, Any])


def _completed(call: Coroutine[Any, Any, Any], method: Callable[..., Any]) -> Any:
    """The coroutine's result when it completes without waiting (a pager is built, nothing is sent)."""
    try:
        call.send(None)
    except StopIteration as done:
        return done.value
    call.close()
    raise RuntimeError(f"{method.__qualname__} waited while building a pager; nothing was sent")


def _checked(pager: object, kind: type[_PagerT], method: Callable[..., Any]) -> _PagerT:
    if not isinstance(pager, kind):
        raise TypeError(
            f"{method.__qualname__} is not a list method of a Bridge client; it answered a "
            f"{type(pager).__name__}, not a pager"
        )
    return pager


def _legacy_bounds(kwargs: dict[str, Any], method: Callable[..., Any]) -> dict[str, int | None]:
    """``max_items=`` / ``max_pages=`` passed with the arguments (before 0.3): still taken, with a
    ``DeprecationWarning``; the typed spelling is ``.bounded(...)``."""
    given = [name for name in ("max_items", "max_pages") if name in kwargs]
    bounds: dict[str, int | None] = {name: kwargs.pop(name) for name in given}
    if bounds:
        warnings.warn(
            f"{method.__name__}(..., {', '.join(f'{k}=' for k in bounds)}) is deprecated and will be removed "
            f"in 0.3; use {method.__name__}(...).bounded({', '.join(f'{k}=...' for k in bounds)})",
            DeprecationWarning,
            stacklevel=3,
        )
    return bounds
