"""The per-client views, generated as thin wrappers of the client's own methods:
``client.with_raw_response`` (each method returning [`RawResponse`][]) and ``client.paginate`` (each
list method answering with a [`Pager`][multimarkets_bridge.pagination.Pager] over all its records)."""

from __future__ import annotations

from multimarkets_bridge_client.facade import (
    AsyncBridgePaginators,
    AsyncRawBridgeOperations,
    BridgePaginators,
    RawBridgeOperations,
)

__all__ = ["AsyncPaginateView", "AsyncRawView", "PaginateView", "RawView"]

RawView = RawBridgeOperations
AsyncRawView = AsyncRawBridgeOperations
PaginateView = BridgePaginators
AsyncPaginateView = AsyncBridgePaginators
