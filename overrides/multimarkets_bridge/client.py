"""``BridgeClient`` / ``AsyncBridgeClient``: one object per apiKey, every spec operation a typed method.

The operation methods come from the generated ``multimarkets_bridge_client.facade`` mixins; the call
itself is the sans-I/O plan of [`.call_plan`][]. This module holds the two shells that perform its
steps (blocking or asyncio); what they share (constructor, ``with_options``, views, settings from the
environment) is [`.client_base`][].
"""

from __future__ import annotations

import contextlib
import functools
import inspect
import time
from collections.abc import Callable, Generator
from types import TracebackType
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast, overload

import httpx
from multimarkets_bridge_client.facade import AsyncBridgeOperations, BridgeOperations, SettledResult
from multimarkets_bridge_core.calls import take_wanted

if TYPE_CHECKING:
    from multimarkets_bridge_client.client import Client as GeneratedClient

from .call_context import Attempt, Reply, Step
from .client_base import (
    DEFAULT_TIMEOUT,
    PRODUCTION_BASE_URL,
    ClientBase,
    note_interrupted_write,
    settled_as,
)
from .errors import OutcomeUnknownError
from .hooks import HookCall, report_failure
from .operation import CallOptions, Operation, RawResponse
from .outbox import UnsettledWrite
from .pagination import AsyncPager, Pager
from .settings import (
    TEST_BASE_URL,
    ClientOptions,
)
from .views import AsyncPaginateView, AsyncRawView, PaginateView, RawView

__all__ = [
    "DEFAULT_TIMEOUT",
    "PRODUCTION_BASE_URL",
    "TEST_BASE_URL",
    "AsyncBridgeClient",
    "BridgeClient",
    "ClientOptions",
]


_T = TypeVar("_T")
_Settled = TypeVar("_Settled", bound="SettledResult")


class BridgeClient(ClientBase[httpx.Client, httpx.BaseTransport], BridgeOperations):
    """Blocking Bridge client. Use as a context manager (one connection pool per client).

    >>> with BridgeClient.from_env() as client:                        # doctest: +SKIP
    ...     page = client.list_customers(current=1, size=20)
    """

    def _default_sleep(self) -> Callable[[float], object]:
        return time.sleep

    def _open(self, transport: httpx.BaseTransport | None, **options: Any) -> httpx.Client:
        return httpx.Client(transport=transport, **options)

    @functools.cached_property
    def with_raw_response(self) -> RawView:
        """The same methods, returning [`RawResponse`][] (``data`` plus the envelope and HTTP details);
        built on first use."""
        return RawView(self)

    @functools.cached_property
    def paginate(self) -> PaginateView:
        """Every list method with the same parameters, answering with a [`Pager`][] over all its
        records (spec ``x-pagination``); built on first use."""
        return PaginateView(self)

    @property
    def generated(self) -> GeneratedClient:
        """The low-level generated client on the same (signed) connection pool."""
        from multimarkets_bridge_client.client import Client as GeneratedClient

        client = GeneratedClient(base_url=self.base_url)
        client.set_httpx_client(self._signed_pool())
        return client

    def _run(self, plan: Generator[Step, Reply, _T], call: Attempt | None = None) -> _T:
        with contextlib.closing(plan):  # an interrupted call closes its plan (frees a pending booking)
            try:
                return self._drive(plan)
            except (KeyboardInterrupt, SystemExit) as stop:
                note_interrupted_write(self._core, call, stop)
                raise

    def _drive(self, plan: Generator[Step, Reply, _T]) -> _T:
        reply: Reply = None
        while True:
            try:
                step: Step | None = plan.send(reply)
            except StopIteration as done:
                return done.value  # type: ignore[no-any-return]
            if isinstance(step, httpx.Request):
                try:
                    reply = self._http.send(step, auth=None)  # signed when built
                except httpx.HTTPError as exc:
                    reply = exc
            elif isinstance(step, HookCall):
                try:
                    step.hook(step.event)
                except Exception:
                    report_failure(step.hook, step.event)
                reply = None
            elif step is not None:
                self._sleep(step)
                reply = None
            step = None  # no frame keeps the signed request

    def _send(self, operation: Operation, body: Any, options: CallOptions | None) -> RawResponse[Any]:
        call, plan = self._core.start(self._http, operation, body, options)
        return self._run(plan, call)

    def _invoke(self, operation: Operation, body: Any, options: CallOptions | None) -> Any:
        wanted = take_wanted()  # before sending: a hook's own call during this one answers plainly
        if wanted == "pager":
            return Pager(self._send, self._walks(operation, body), options)
        answer = self._send(operation, body, options)
        return answer if wanted == "raw" else answer.data

    @overload
    def resolve_outcome(
        self,
        error: OutcomeUnknownError | UnsettledWrite,
        result: type[_Settled],
        *,
        deadline: float | None = 30.0,
    ) -> _Settled | None: ...
    @overload
    def resolve_outcome(
        self, error: OutcomeUnknownError | UnsettledWrite, *, deadline: float | None = 30.0
    ) -> SettledResult | None: ...
    def resolve_outcome(
        self,
        error: OutcomeUnknownError | UnsettledWrite,
        result: type[_Settled] | None = None,
        *,
        deadline: float | None = 30.0,
    ) -> SettledResult | None:
        """Settle a write that failed with [`OutcomeUnknownError`][], by looking the record up.

        First waits until the original request can no longer be applied (``error.settle_after``: its
        ``recvWindow`` has passed on the platform's clock), at most ``deadline`` seconds (None: as long
        as it takes); then looks it up (``lookup_attempts`` lookups with backoff). Returns the write's
        typed result when it was applied, or ``None`` when the platform says "no such record" twice
        after that moment (sending it again with the same ``clientOrderId`` is then safe). Raises
        [OutcomeUnknownError][multimarkets_bridge.OutcomeUnknownError] again when it still cannot tell
        (or the wait exceeds ``deadline``), and
        [IdempotencyKeyReusedError][multimarkets_bridge.IdempotencyKeyReusedError] when the record
        found under the key is a different one.

        ``result`` names the write's result type (``PlaceOrderResult`` for ``place_order``, ...): the
        answer is then typed as that model, and a settled record of another type raises ``TypeError``.

        ``error`` may also be an entry of [`unsettled`][multimarkets_bridge.BridgeClient.unsettled]; once
        settled (found, or proven not landed) the write leaves that list.
        """
        found = self._run(self._core.resolve_unsettled(self._http, error, deadline))
        return cast("SettledResult | None", settled_as(error, result, found))

    def unsettled(self) -> list[UnsettledWrite]:
        """Writes of this apiKey and environment whose outcome is not established yet, oldest first:
        recorded before they were sent and listed until settled, across a caller's timeout
        (``asyncio.wait_for``), a cancellation, a crash or a restart (see Resilience). Settle each
        with [`resolve_outcome`][multimarkets_bridge.BridgeClient.resolve_outcome]."""
        return self._core.outbox.unsettled(self._core.scope)

    def close(self) -> None:
        """Close the connection pool (a caller's ``http_client`` stays open: it is the caller's)."""
        if self._owns_http:
            self._http.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class AsyncBridgeClient(ClientBase[httpx.AsyncClient, httpx.AsyncBaseTransport], AsyncBridgeOperations):
    """Asyncio Bridge client; same options as [`BridgeClient`][], methods are coroutines."""

    def _default_sleep(self) -> Callable[[float], object]:
        import anyio

        return anyio.sleep

    def _open(self, transport: httpx.AsyncBaseTransport | None, **options: Any) -> httpx.AsyncClient:
        return httpx.AsyncClient(transport=transport, **options)

    @functools.cached_property
    def with_raw_response(self) -> AsyncRawView:
        """The same coroutines, returning [`RawResponse`][]; built on first use."""
        return AsyncRawView(self)

    @functools.cached_property
    def paginate(self) -> AsyncPaginateView:
        """Every list coroutine with the same parameters, answering at once (not awaited) with an
        [`AsyncPager`][] over all its records; built on first use."""
        return AsyncPaginateView(self)

    @property
    def generated(self) -> GeneratedClient:
        """The low-level generated client on the same (signed) connection pool."""
        from multimarkets_bridge_client.client import Client as GeneratedClient

        client = GeneratedClient(base_url=self.base_url)
        client.set_async_httpx_client(self._signed_pool())
        return client

    async def _run(self, plan: Generator[Step, Reply, _T], call: Attempt | None = None) -> _T:
        with contextlib.closing(plan):  # a cancelled call closes its plan (frees a pending booking)
            try:
                return await self._drive(plan)
            except BaseException as stop:  # asyncio.CancelledError, KeyboardInterrupt, ...
                if not isinstance(stop, Exception):
                    note_interrupted_write(self._core, call, stop)
                raise

    async def _drive(self, plan: Generator[Step, Reply, _T]) -> _T:
        reply: Reply = None
        while True:
            try:
                step: Step | None = plan.send(reply)
            except StopIteration as done:
                return done.value  # type: ignore[no-any-return]
            if isinstance(step, httpx.Request):
                try:
                    reply = await self._http.send(step, auth=None)  # signed when built
                except httpx.HTTPError as exc:
                    reply = exc
            elif isinstance(step, HookCall):
                try:
                    pending = step.hook(step.event)
                    if inspect.isawaitable(pending):
                        await pending
                except Exception:
                    report_failure(step.hook, step.event)
                reply = None
            elif step is not None:
                await self._sleep(step)
                reply = None
            step = None  # no frame keeps the signed request

    async def _send(self, operation: Operation, body: Any, options: CallOptions | None) -> RawResponse[Any]:
        call, plan = self._core.start(self._http, operation, body, options)
        return await self._run(plan, call)

    async def _ainvoke(self, operation: Operation, body: Any, options: CallOptions | None) -> Any:
        wanted = take_wanted()
        if wanted == "pager":  # built without waiting: the view answers at once
            return AsyncPager(self._send, self._walks(operation, body), options)
        answer = await self._send(operation, body, options)
        return answer if wanted == "raw" else answer.data

    @overload
    async def resolve_outcome(
        self,
        error: OutcomeUnknownError | UnsettledWrite,
        result: type[_Settled],
        *,
        deadline: float | None = 30.0,
    ) -> _Settled | None: ...
    @overload
    async def resolve_outcome(
        self, error: OutcomeUnknownError | UnsettledWrite, *, deadline: float | None = 30.0
    ) -> SettledResult | None: ...
    async def resolve_outcome(
        self,
        error: OutcomeUnknownError | UnsettledWrite,
        result: type[_Settled] | None = None,
        *,
        deadline: float | None = 30.0,
    ) -> SettledResult | None:
        """Async [BridgeClient.resolve_outcome][multimarkets_bridge.BridgeClient.resolve_outcome]."""
        found = await self._run(self._core.resolve_unsettled(self._http, error, deadline))
        return cast("SettledResult | None", settled_as(error, result, found))

    async def unsettled(self) -> list[UnsettledWrite]:
        """Async [BridgeClient.unsettled][multimarkets_bridge.BridgeClient.unsettled]."""
        return self._core.outbox.unsettled(self._core.scope)

    async def aclose(self) -> None:
        """Close the connection pool (a caller's ``http_client`` stays open: it is the caller's)."""
        if self._owns_http:
            await self._http.aclose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.aclose()
