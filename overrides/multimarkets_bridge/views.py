"""The per-client views: ``client.with_raw_response`` (each method wrapped to return [`RawResponse`][];
the generated ``RawBridgeOperations`` over the client itself) and ``client.paginate`` (every list
operation as an iterator over all records). A paginate view only hands the generated paginators' typed
body to a pager that sends through its client."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, Protocol

from multimarkets_bridge_client.facade import (
    AsyncBridgePaginators,
    AsyncRawBridgeOperations,
    BridgePaginators,
    RawBridgeOperations,
)

from .inputs import apply_selector
from .operation import CallOptions, Operation
from .pagination import AsyncPager, Pager, Walk

__all__ = ["AsyncPaginateView", "AsyncRawView", "PaginateView", "RawView"]

RawView = RawBridgeOperations
AsyncRawView = AsyncRawBridgeOperations


class _Client(Protocol):
    """What a paginate view needs of its client."""

    def _send(self, operation: Operation, body: Any, options: CallOptions | None) -> Any: ...

    def _walks(
        self, operation: Operation, body: Any, max_items: int | None, max_pages: int | None
    ) -> Callable[[], Walk]: ...


class _PaginateBase:
    """Hands a generated paginator's typed body to a pager (``_pager``) that sends through the client."""

    _pager: type[Pager[Any, Any]] | type[AsyncPager[Any, Any]]

    def __init__(self, client: _Client) -> None:
        self._client = client

    def _select(self, operation: Operation, selector: Any, given: Mapping[str, Any]) -> dict[str, Any]:
        return apply_selector(operation, selector, given)

    def _paginate(
        self,
        operation: Operation,
        body: Any,
        options: CallOptions | None,
        max_items: int | None,
        max_pages: int | None,
    ) -> Pager[Any, Any] | AsyncPager[Any, Any]:
        client = self._client
        return self._pager(client._send, client._walks(operation, body, max_items, max_pages), options)


class PaginateView(_PaginateBase, BridgePaginators):
    """``client.paginate``: every list operation as an iterator over all its records."""

    _pager = Pager


class AsyncPaginateView(_PaginateBase, AsyncBridgePaginators):
    """``aclient.paginate``: every list operation as an async iterator over all its records."""

    _pager = AsyncPager
