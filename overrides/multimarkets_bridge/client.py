"""``BridgeClient`` / ``AsyncBridgeClient``: one object per apiKey, every spec operation a typed method.

The operation methods come from the generated ``multimarkets_bridge_client.facade`` mixins; the call
itself is the sans-I/O plan of [`.call_plan`][]. This module holds the two shells that perform its
steps (blocking or asyncio), the views (``with_raw_response``, ``paginate``) and settings from the
environment.
"""

from __future__ import annotations

import contextlib
import copy
import inspect
import time
from collections.abc import Callable, Generator, Mapping
from types import TracebackType
from typing import TYPE_CHECKING, Any, Generic, Self, TypeVar, Unpack, cast, overload

import httpx
from multimarkets_bridge_client.facade import AsyncBridgeOperations, BridgeOperations, SettledResult
from multimarkets_bridge_client.registry import PLATFORM
from multimarkets_bridge_core.calls import take_raw_request

if TYPE_CHECKING:
    from multimarkets_bridge_client.client import Client as GeneratedClient

from .call_context import Attempt, Reply, Step
from .call_plan import CallCore
from .coordination import Coordinator, RateBudget
from .errors import ConfigurationError, OutcomeUnknownError, SigningKeyError
from .hooks import Hook, HookCall, report_failure
from .inputs import apply_selector
from .operation import CallOptions, Operation, RawResponse
from .outbox import UnsettledWrite
from .pagination import Walk
from .settings import (
    TEST_BASE_URL,
    ClientOptions,
    HttpT,
    TransportT,
    check_base_url,
    check_default_headers,
    check_parts,
    check_timeout,
    settings_from_env,
)
from .signing import Signer, load_signer
from .views import AsyncPaginateView, AsyncRawView, PaginateView, RawView

__all__ = [
    "DEFAULT_TIMEOUT",
    "PRODUCTION_BASE_URL",
    "TEST_BASE_URL",
    "AsyncBridgeClient",
    "BridgeClient",
    "ClientOptions",
]

PRODUCTION_BASE_URL = "https://api.multimarkets.org/webhook"
#: The platform stops work after 15 s; leave room for the network.
DEFAULT_TIMEOUT = httpx.Timeout(20.0, connect=5.0)
DEFAULT_MAX_RETRIES = 2
DEFAULT_RATE_LIMIT = PLATFORM.requests  # the spec's x-rate-limit
DEFAULT_LOOKUP_ATTEMPTS = 4

_T = TypeVar("_T")
_Settled = TypeVar("_Settled", bound="SettledResult")


class _ClientBase(Generic[HttpT, TransportT]):
    """What the sync and async clients share: one constructor, ``with_options``, the views."""

    _core: CallCore
    base_url: str
    _http: HttpT

    def __init__(
        self,
        *,
        api_key: str,
        company_id: str | int,
        secret_key: str | None = None,
        signer: Signer | None = None,
        base_url: str = TEST_BASE_URL,
        lang: str = "zh-CN",
        recv_window: int | None = PLATFORM.recv_window_ms,
        timeout: float | httpx.Timeout = DEFAULT_TIMEOUT,
        max_retries: int = DEFAULT_MAX_RETRIES,
        rate_limit_per_minute: int | None = DEFAULT_RATE_LIMIT,
        rate_budget: RateBudget | None = None,
        coordinator: Coordinator | None = None,
        lookup_attempts: int = DEFAULT_LOOKUP_ATTEMPTS,
        transport: TransportT | None = None,
        http_client: HttpT | None = None,
        default_headers: Mapping[str, str] | None = None,
        clock: Callable[[], float] | None = None,
        monotonic_clock: Callable[[], float] | None = None,
        sleep: Callable[[float], object] | None = None,
        trace_factory: Callable[[], str] | None = None,
        on_request: Hook | None = None,
        on_response: Hook | None = None,
        on_error: Hook | None = None,
    ) -> None:
        """``transport`` is an ``httpx.BaseTransport`` for [BridgeClient][multimarkets_bridge.BridgeClient]
        and an ``httpx.AsyncBaseTransport`` for
        [AsyncBridgeClient][multimarkets_bridge.AsyncBridgeClient]. ``http_client`` is your own
        configured ``httpx.Client`` / ``httpx.AsyncClient`` (proxies, mTLS, event hooks, limits):
        calls still go to ``base_url``, signed, paced and settled by the SDK, and closing this client
        leaves yours open (it is yours to close). ``default_headers`` are sent with every call
        (``extra_headers`` of a call override them; the signed headers cannot be set). ``sleep`` is
        blocking or a coroutine function to match (default: ``time.sleep`` / ``anyio.sleep``).
        ``clock`` is the wall clock of signed timestamps (default ``time.time``); ``monotonic_clock``
        the clock of waits and rate windows (default
        [pacing_clock][multimarkets_bridge.coordination.pacing_clock], which never steps back; a
        ``clock`` given alone drives both, for simulations)."""
        if signer is None and secret_key is not None:
            signer, problem = load_signer(secret_key)
            secret_key = None  # the text leaves every frame of the SDK before any error is raised
            if signer is None:
                raise SigningKeyError(problem or "secretKey could not be read")
        check_base_url(base_url)
        check_timeout(timeout)
        check_parts(
            isinstance(self, AsyncBridgeOperations),
            transport,
            http_client,
            coordinator,
            signer,
            clock,
            monotonic_clock,
            sleep,
            trace_factory,
        )
        self.base_url = base_url.rstrip("/")
        self._core = CallCore(
            base_url=self.base_url,
            max_retries=max_retries,
            rate_limit_per_minute=rate_limit_per_minute,
            rate_budget=rate_budget,
            api_key=api_key,
            signer=signer,
            company_id=company_id,
            lang=lang,
            recv_window=recv_window,
            coordinator=coordinator,
            lookup_attempts=lookup_attempts,
            clock=clock,
            monotonic_clock=monotonic_clock,
            trace_factory=trace_factory,
            on_request=on_request,
            on_response=on_response,
            on_error=on_error,
            default_headers=check_default_headers(default_headers),
        )
        self._sleep: Callable[[float], Any] = sleep or self._default_sleep()
        self._http = self._connect(transport, http_client, timeout)
        self._views()

    def _connect(
        self, transport: TransportT | None, http_client: HttpT | None, timeout: float | httpx.Timeout
    ) -> HttpT:
        """The connection pool: the caller's own ``http_client`` (then an explicit ``timeout`` wins
        over its own), or one this client opens and owns."""
        self._owns_http = http_client is None
        if http_client is None:
            return self._open(transport, base_url=self.base_url, auth=self._core.auth, timeout=timeout)
        if timeout is not DEFAULT_TIMEOUT:
            self._core.timeout = httpx.Timeout(timeout)
        return http_client

    def _default_sleep(self) -> Callable[[float], object]:
        raise NotImplementedError

    def _open(self, transport: TransportT | None, **options: Any) -> HttpT:
        raise NotImplementedError

    def _views(self) -> None:
        raise NotImplementedError

    @classmethod
    def from_env(cls, **overrides: Unpack[ClientOptions[HttpT, TransportT]]) -> Self:
        """Build from ``MULTIMARKETS_BASE_URL`` (default: test), ``MULTIMARKETS_API_KEY``,
        ``MULTIMARKETS_SECRET_KEY``, ``MULTIMARKETS_COMPANY_ID`` and optional ``MULTIMARKETS_LANG``,
        ``MULTIMARKETS_RECV_WINDOW``; keyword arguments (the constructor's) override."""
        return cls(**settings_from_env(overrides))

    def with_options(
        self,
        *,
        timeout: float | httpx.Timeout | None = None,
        max_retries: int | None = None,
        lang: str | None = None,
        recv_window: int | bool | None = True,
    ) -> Self:
        """A client with other defaults that shares this one's connection pool, rate budget, ban state
        and clock offset (as openai-python's ``with_options``). ``recv_window=None`` stops sending the
        header; leaving an argument out keeps the current value. Closing either client closes the pool.

        >>> fast = client.with_options(timeout=2.0, max_retries=0)       # doctest: +SKIP
        """
        if timeout is not None:
            check_timeout(timeout)
        clone = copy.copy(self)
        clone._core = self._core.derive(
            timeout=None if timeout is None else httpx.Timeout(timeout),
            max_retries=max_retries,
            lang=lang,
            recv_window=recv_window,
        )
        clone._views()
        return clone

    def _signed_pool(self) -> HttpT:
        """The connection pool whose own auth signs every request (what ``generated`` runs on). A
        caller's ``http_client`` has no such auth: the typed methods sign each call themselves, the
        low-level functions would send unsigned requests, so they are refused."""
        if not self._owns_http:
            raise ConfigurationError(
                "client.generated is not available with http_client=...: the low-level functions "
                "would send unsigned requests through it; use the typed methods"
            )
        return self._http

    def _select(self, operation: Operation, selector: Any, given: Mapping[str, Any]) -> dict[str, Any]:
        return apply_selector(operation, selector, given)

    def _walks(
        self, operation: Operation, body: Any, max_items: int | None, max_pages: int | None
    ) -> Callable[[], Walk]:
        """A fresh [`Walk`][] per iteration of a pager; one is built now to check the arguments."""

        def walk() -> Walk:
            return Walk(
                operation, body, now_ms=self._core.auth.now_ms(), max_items=max_items, max_pages=max_pages
            )

        walk()
        return walk

    @property
    def company_id(self) -> int:
        """The company this client signs for (``companyId``)."""
        return int(self._core.auth.company_id)

    def __repr__(self) -> str:  # never raises, even on a half-built client (tracebacks render it)
        core = self.__dict__.get("_core")
        masked = core.auth.api_key_masked if core is not None and hasattr(core, "auth") else "?"
        return f"{type(self).__name__}(base_url={self.__dict__.get('base_url', '?')!r}, api_key={masked!r})"


def _settled_as(error: object, result: type[object] | None, found: RawResponse[Any] | None) -> Any:
    """The settled write's data, checked against the ``result`` type the caller named."""
    if found is None:
        return None
    if result is not None and not isinstance(found.data, result):
        raise TypeError(
            f"resolve_outcome(..., {result.__name__}): the write "
            f"{getattr(error, 'operation_id', None)!r} returned {type(found.data).__name__}"
        )
    return found.data


def _note_interrupted_write(core: CallCore, call: Attempt | None, stop: BaseException) -> None:
    """A write interrupted (task cancelled, Ctrl-C) after a request left may still be applied: the
    exception gets a note naming the record key and, as ``bridge_outcome``, the
    [`OutcomeUnknownError`][] to settle it with ``client.resolve_outcome(exc.bridge_outcome)``."""
    if call is None or call.local_ms is None or call.operation.read_only:
        return
    unknown = core.interrupted(call, stop)
    with contextlib.suppress(AttributeError, TypeError):  # an exception type without a __dict__
        stop.bridge_outcome = unknown  # type: ignore[attr-defined]
    stop.add_note(f"multimarkets_bridge: {unknown.message}")


class BridgeClient(_ClientBase[httpx.Client, httpx.BaseTransport], BridgeOperations):
    """Blocking Bridge client. Use as a context manager (one connection pool per client).

    >>> with BridgeClient.from_env() as client:                        # doctest: +SKIP
    ...     page = client.list_customers(current=1, size=20)
    """

    with_raw_response: RawView
    """The same methods, returning [`RawResponse`][] (``data`` plus the envelope and HTTP details)."""
    paginate: PaginateView
    """Every list operation as an iterator over all its records (spec ``x-pagination``)."""

    def _default_sleep(self) -> Callable[[float], object]:
        return time.sleep

    def _open(self, transport: httpx.BaseTransport | None, **options: Any) -> httpx.Client:
        return httpx.Client(transport=transport, **options)

    def _views(self) -> None:
        self.with_raw_response = RawView(self)
        self.paginate = PaginateView(self)

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
                _note_interrupted_write(self._core, call, stop)
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
        raw = take_raw_request()  # before sending: a hook's own call during this one answers plainly
        answer = self._send(operation, body, options)
        return answer if raw else answer.data

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
        return cast("SettledResult | None", _settled_as(error, result, found))

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


class AsyncBridgeClient(_ClientBase[httpx.AsyncClient, httpx.AsyncBaseTransport], AsyncBridgeOperations):
    """Asyncio Bridge client; same options as [`BridgeClient`][], methods are coroutines."""

    with_raw_response: AsyncRawView
    """The same coroutines, returning [`RawResponse`][]."""
    paginate: AsyncPaginateView
    """Every list operation as an async iterator over all its records."""

    def _default_sleep(self) -> Callable[[float], object]:
        import anyio

        return anyio.sleep

    def _open(self, transport: httpx.AsyncBaseTransport | None, **options: Any) -> httpx.AsyncClient:
        return httpx.AsyncClient(transport=transport, **options)

    def _views(self) -> None:
        self.with_raw_response = AsyncRawView(self)
        self.paginate = AsyncPaginateView(self)

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
                    _note_interrupted_write(self._core, call, stop)
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
        raw = take_raw_request()
        answer = await self._send(operation, body, options)
        return answer if raw else answer.data

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
        return cast("SettledResult | None", _settled_as(error, result, found))

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
