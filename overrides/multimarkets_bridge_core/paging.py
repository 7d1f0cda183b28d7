"""``Pager`` / ``AsyncPager``: every record of a list operation, one call after another.

A pager only sends: what to ask next and which records an answer adds come from a [`Walker`][] (the
runtime's walk over the operation's spec ``x-pagination``). Building a pager sends nothing.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from typing import Any, Generic, Protocol, TypeVar, cast

from .calls import CallOptions, RawResponse
from .records import Operation

__all__ = ["AsyncPager", "Pager", "Walker"]

ItemT = TypeVar("ItemT")
PageT = TypeVar("PageT")
"""The typed ``data`` of one call (``CustomerPage``, ``list[TradeRecord]`` ...)."""


class Walker(Protocol):
    """One walk over a list operation (sans-I/O): the next body to send, and the new records of an answer."""

    @property
    def operation(self) -> Operation: ...

    def next_body(self) -> Any | None: ...

    def take(self, data: Any) -> list[Any]: ...


class Pager(Generic[ItemT, PageT]):
    """Iterate for every record (``ItemT``); [`pages`][] for the raw response of each call, whose
    ``data`` is the operation's typed answer (``PageT``)."""

    def __init__(
        self,
        send: Callable[[Operation, Any, CallOptions | None], RawResponse[Any]],
        walk: Callable[[], Walker],
        options: CallOptions | None,
    ) -> None:
        self._send, self._walk, self._options = send, walk, options

    def pages(self) -> Iterator[RawResponse[PageT]]:
        """Each call's [`RawResponse`][] (as ``with_raw_response`` returns it), in walk order."""
        for raw, _ in self._run():
            yield cast("RawResponse[PageT]", raw)

    def __iter__(self) -> Iterator[ItemT]:
        for _, records in self._run():
            yield from records

    def _run(self) -> Iterator[tuple[RawResponse[Any], list[Any]]]:
        walk = self._walk()
        while (body := walk.next_body()) is not None:
            raw = self._send(walk.operation, body, self._options)
            yield raw, walk.take(raw.data)


class AsyncPager(Generic[ItemT, PageT]):
    """``async for`` every record (``ItemT``); [`pages`][] for the raw response of each call."""

    def __init__(
        self,
        send: Callable[[Operation, Any, CallOptions | None], Awaitable[RawResponse[Any]]],
        walk: Callable[[], Walker],
        options: CallOptions | None,
    ) -> None:
        self._send, self._walk, self._options = send, walk, options

    async def pages(self) -> AsyncIterator[RawResponse[PageT]]:
        """Each call's [`RawResponse`][], in walk order."""
        async for raw, _ in self._run():
            yield cast("RawResponse[PageT]", raw)

    async def __aiter__(self) -> AsyncIterator[ItemT]:
        async for _, records in self._run():
            for record in records:
                yield record

    async def _run(self) -> AsyncIterator[tuple[RawResponse[Any], list[Any]]]:
        walk = self._walk()
        while (body := walk.next_body()) is not None:
            raw = await self._send(walk.operation, body, self._options)
            yield raw, walk.take(raw.data)
