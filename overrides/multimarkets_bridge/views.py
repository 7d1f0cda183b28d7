"""The per-client views: ``client.with_raw_response`` (the same methods returning
[`RawResponse`][]) and ``client.paginate`` (every list operation as an iterator over all records).
They only route the generated mixins' calls to their client's ``_send``."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any, Protocol

from multimarkets_bridge_client.facade import (
    AsyncBridgePaginators,
    AsyncRawBridgeOperations,
    BridgePaginators,
    RawBridgeOperations,
)

from .operation import CallOptions, Operation, RawResponse
from .pagination import AsyncPager, Pager, Walk

__all__ = ["AsyncPaginateView", "AsyncRawView", "PaginateView", "RawView"]


class _Client(Protocol):
    """What a view needs of its client."""

    def _send(self, operation: Operation, body: Any, options: CallOptions | None) -> Any: ...

    def _walks(
        self, operation: Operation, body: Any, max_items: int | None, max_pages: int | None
    ) -> Callable[[], Walk]: ...


class PaginateView(BridgePaginators):
    """``client.paginate``: every list operation as an iterator over all its records."""

    def __init__(self, client: _Client) -> None:
        self._client = client

    def _paginate(
        self,
        operation: Operation,
        body: Any,
        options: CallOptions | None,
        max_items: int | None,
        max_pages: int | None,
    ) -> Pager[Any, Any]:
        client = self._client
        return Pager(client._send, client._walks(operation, body, max_items, max_pages), options)


class RawView(RawBridgeOperations):
    """``client.with_raw_response``: the same methods, returning [`RawResponse`][]."""

    def __init__(self, client: _Client) -> None:
        self._client = client

    def _invoke_raw(self, operation: Operation, body: Any, options: CallOptions | None) -> RawResponse[Any]:
        return self._client._send(operation, body, options)  # type: ignore[no-any-return]


class AsyncPaginateView(AsyncBridgePaginators):
    """``aclient.paginate``: every list operation as an async iterator over all its records."""

    def __init__(self, client: _Client) -> None:
        self._client = client

    def _paginate(
        self,
        operation: Operation,
        body: Any,
        options: CallOptions | None,
        max_items: int | None,
        max_pages: int | None,
    ) -> AsyncPager[Any, Any]:
        client = self._client
        return AsyncPager(client._send, client._walks(operation, body, max_items, max_pages), options)


class AsyncRawView(AsyncRawBridgeOperations):
    """``aclient.with_raw_response``: the same coroutines, returning [`RawResponse`][]."""

    def __init__(self, client: _Client) -> None:
        self._client = client

    async def _ainvoke_raw(
        self, operation: Operation, body: Any, options: CallOptions | None
    ) -> RawResponse[Any]:
        sent: Awaitable[RawResponse[Any]] = self._client._send(operation, body, options)
        return await sent
