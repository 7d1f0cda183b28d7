"""What the blocking and the asyncio client share: the constructor, ``with_options``, the views and
how a settled write is handed back (the shells themselves are in [`.client`][])."""

from __future__ import annotations

import contextlib
import copy
from collections.abc import Callable, Mapping
from typing import Any, Generic, Self, Unpack

import httpx
from multimarkets_bridge_client.facade import AsyncBridgeOperations
from multimarkets_bridge_client.registry import PLATFORM

from .call_context import Attempt
from .call_plan import CallCore
from .coordination import Coordinator, RateBudget
from .errors import ConfigurationError, SigningKeyError
from .hooks import Hook
from .inputs import apply_selector
from .operation import Operation, RawResponse
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

__all__ = [
    "DEFAULT_LOOKUP_ATTEMPTS",
    "DEFAULT_MAX_RETRIES",
    "DEFAULT_RATE_LIMIT",
    "DEFAULT_TIMEOUT",
    "PRODUCTION_BASE_URL",
    "ClientBase",
    "note_interrupted_write",
    "settled_as",
]

PRODUCTION_BASE_URL = "https://api.multimarkets.org/webhook"
#: The platform stops work after 15 s; leave room for the network.
DEFAULT_TIMEOUT = httpx.Timeout(20.0, connect=5.0)
DEFAULT_MAX_RETRIES = 2
DEFAULT_RATE_LIMIT: int = PLATFORM.requests  # the spec's x-rate-limit
DEFAULT_LOOKUP_ATTEMPTS = 4
#: The clients' views (``functools.cached_property``): a copy made by ``with_options`` builds its own.
_VIEWS = ("with_raw_response", "paginate")


class ClientBase(Generic[HttpT, TransportT]):
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
        for view in _VIEWS:  # the copy's own views, built on first use
            vars(clone).pop(view, None)
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

    def _walks(self, operation: Operation, body: Any) -> Callable[[int | None, int | None], Walk]:
        """A fresh [`Walk`][] per iteration of a pager, given its ``max_items`` / ``max_pages``."""

        def walk(max_items: int | None, max_pages: int | None) -> Walk:
            now_ms = self._core.auth.now_ms()
            return Walk(operation, body, now_ms=now_ms, max_items=max_items, max_pages=max_pages)

        return walk

    @property
    def company_id(self) -> int:
        """The company this client signs for (``companyId``)."""
        return int(self._core.auth.company_id)

    def __repr__(self) -> str:  # never raises, even on a half-built client (tracebacks render it)
        core = self.__dict__.get("_core")
        masked = core.auth.api_key_masked if core is not None and hasattr(core, "auth") else "?"
        return f"{type(self).__name__}(base_url={self.__dict__.get('base_url', '?')!r}, api_key={masked!r})"


def settled_as(error: object, result: type[object] | None, found: RawResponse[Any] | None) -> Any:
    """The settled write's data, checked against the ``result`` type the caller named."""
    if found is None:
        return None
    if result is not None and not isinstance(found.data, result):
        raise TypeError(
            f"resolve_outcome(..., {result.__name__}): the write "
            f"{getattr(error, 'operation_id', None)!r} returned {type(found.data).__name__}"
        )
    return found.data


def note_interrupted_write(core: CallCore, call: Attempt | None, stop: BaseException) -> None:
    """A write interrupted (task cancelled, Ctrl-C) after a request left may still be applied: the
    exception gets a note naming the record key and, as ``bridge_outcome``, the
    [`OutcomeUnknownError`][] to settle it with ``client.resolve_outcome(exc.bridge_outcome)``."""
    if call is None or call.local_ms is None or call.operation.read_only:
        return
    unknown = core.interrupted(call, stop)
    with contextlib.suppress(AttributeError, TypeError):  # an exception type without a __dict__
        stop.bridge_outcome = unknown  # type: ignore[attr-defined]
    stop.add_note(f"multimarkets_bridge: {unknown.message}")
