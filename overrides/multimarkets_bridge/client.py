"""``BridgeClient`` / ``AsyncBridgeClient``: one object per apiKey, every spec operation a typed method.

The operation methods come from the generated ``multimarkets_bridge_client.facade`` mixins; this module
only supplies ``_invoke``: serialise the typed body, sign (``BridgeAuth``), pace (``Throttle``), send,
unwrap (``envelope``), retry where safe, and log one redacted line per HTTP exchange.

The call logic is written once as a sans-I/O generator (:meth:`_CallCore.plan`) that yields "sleep"
and "send" steps; the sync and async clients only differ in how they perform those steps.
"""

from __future__ import annotations

import json
import logging
import os
import random
import time
from collections.abc import Callable, Generator, Mapping
from email.utils import parsedate_to_datetime
from types import TracebackType
from typing import Any, Self

import httpx
from multimarkets_bridge_client import models as generated_models
from multimarkets_bridge_client.client import Client as GeneratedClient
from multimarkets_bridge_client.facade import (
    OPERATIONS,
    AsyncBridgeOperations,
    AsyncRawBridgeOperations,
    BridgeOperations,
    CallOptions,
    Operation,
    RawBridgeOperations,
    RawResponse,
)

from .auth import SIGNED_HEADERS, BridgeAuth, new_trace
from .envelope import decode_envelope, unwrap
from .errors import (
    APIError,
    AuthenticationError,
    BannedError,
    BridgeError,
    ConfigurationError,
    GatewayError,
    InvalidRequestError,
    PermissionDeniedError,
    RateLimitError,
    TimeoutError,
    TimestampError,
    TransportError,
)
from .signing import RsaSha1Signer, Signer
from .throttle import Throttle

__all__ = [
    "DEFAULT_TIMEOUT",
    "PRODUCTION_BASE_URL",
    "TEST_BASE_URL",
    "AsyncBridgeClient",
    "BridgeClient",
]

TEST_BASE_URL = "https://pre-api-test.cmfbl.com/webhook"
PRODUCTION_BASE_URL = "https://api.multimarkets.org/webhook"
#: The platform stops work after 15 s; leave room for the network.
DEFAULT_TIMEOUT = httpx.Timeout(20.0, connect=5.0)
DEFAULT_MAX_RETRIES = 2
DEFAULT_RATE_LIMIT = 100

logger = logging.getLogger("multimarkets_bridge")

_Step = float | httpx.Request  # a pause in seconds, or a request to send
_Reply = httpx.Response | httpx.HTTPError | None


def _routing() -> dict[str, tuple[str | None, str]]:
    table: dict[str, tuple[str | None, str]] = {}
    for op in OPERATIONS.values():
        for biz_type in (op.biz_type, *op.biz_type_aliases):
            table[biz_type] = (op.group, op.version)
    return table


class _CallCore:
    """Everything about a call that does not depend on sync vs async I/O."""

    def __init__(
        self,
        *,
        api_key: str,
        secret_key: str | None,
        signer: Signer | None,
        company_id: str | int,
        lang: str,
        recv_window: int | None,
        max_retries: int,
        rate_limit_per_minute: int | None,
        clock: Callable[[], float] | None,
        trace_factory: Callable[[], str] | None,
    ) -> None:
        if signer is None:
            if secret_key is None:
                raise ConfigurationError("either secret_key or signer is required")
            signer = RsaSha1Signer.from_secret_key(secret_key)
        if max_retries < 0:
            raise ConfigurationError("max_retries cannot be negative")
        self.clock = clock or time.time
        self.trace_factory = trace_factory or new_trace
        self.auth = BridgeAuth(
            api_key=api_key,
            signer=signer,
            company_id=company_id,
            routing=_routing(),
            recv_window=recv_window,
            lang=lang,
            clock_ms=lambda: int(self.clock() * 1000) + self.clock_offset_ms,
        )
        #: Correction applied to signed timestamps, learnt from the server's ``Date`` header after a
        #: 00012002 (time window) rejection; 0 until the platform disagrees with the local clock.
        self.clock_offset_ms = 0
        self.max_retries = max_retries
        self.throttle = Throttle(rate_limit_per_minute)

    # -- request -----------------------------------------------------------------------------
    def body_bytes(self, operation: Operation, body: Any, options: CallOptions) -> bytes:
        payload: dict[str, Any] = operation.build_request(body=body)["json"]
        extra = options.get("extra_body")
        if extra:
            payload = {**extra, **payload}
        missing = operation.missing_alternatives(payload)
        if missing:
            raise InvalidRequestError(
                f"{operation.operation_id} needs {missing}",
                biz_type=operation.biz_type,
                operation_id=operation.operation_id,
            )
        return json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode("utf-8")

    def headers(self, operation: Operation, options: CallOptions) -> dict[str, str]:
        headers = {"Content-Type": "application/json", "Accept": "application/json"}
        for name, value in (options.get("extra_headers") or {}).items():
            if name.lower() in SIGNED_HEADERS:
                raise InvalidRequestError(
                    f"extra_headers cannot set the signed header {name!r}",
                    biz_type=operation.biz_type,
                    operation_id=operation.operation_id,
                )
            headers[name] = value
        headers["trace"] = options.get("trace") or self.trace_factory()
        return headers

    # -- the call as a sans-I/O plan -------------------------------------------------------------
    def plan(
        self,
        http: httpx.Client | httpx.AsyncClient,
        operation: Operation,
        body: Any,
        options: CallOptions | None,
    ) -> Generator[_Step, _Reply, RawResponse[Any]]:
        opts: CallOptions = options or {}
        content = self.body_bytes(operation, body, opts)
        max_retries = opts.get("max_retries", self.max_retries)
        timeout = httpx.Timeout(opts["timeout"]) if "timeout" in opts else httpx.USE_CLIENT_DEFAULT
        attempt = 0
        while True:
            banned_for = self.throttle.banned_for(self.clock())
            if banned_for > 0:
                raise BannedError(
                    f"calls paused: the platform banned this key/IP, {banned_for:.0f} s left",
                    retry_after=banned_for,
                    biz_type=operation.biz_type,
                    operation_id=operation.operation_id,
                )
            wait = self.throttle.reserve(self.clock())
            if wait > 0:
                yield wait
            headers = self.headers(operation, opts)
            request = http.build_request(
                "POST", operation.path, content=content, headers=headers, timeout=timeout
            )
            started = time.perf_counter()
            reply = yield request
            elapsed_ms = (time.perf_counter() - started) * 1000
            try:
                result = self._outcome(operation, reply, headers["trace"], elapsed_ms)
            except BridgeError as error:
                delay = self._retry_delay(operation, error, attempt, max_retries)
                lookup_body = (
                    None
                    if delay is not None
                    else self._lookup_body(operation, error, attempt, max_retries, content)
                )
                if lookup_body is not None:
                    landed = yield from self._look_up(http, operation, lookup_body, error)
                    if landed is not None:
                        return landed
                    delay = self._backoff(attempt)
                if delay is None:
                    raise
                attempt += 1
                yield delay
                continue
            return result

    @staticmethod
    def _lookup_body(
        operation: Operation, error: BridgeError, attempt: int, max_retries: int, content: bytes
    ) -> Any:
        """The lookup request for a failed write, or None when the write may not be retried at all:
        the spec must name a lookup (``x-retry-lookup``) and the body must carry its key."""
        if operation.retry_lookup is None or not error.retryable or attempt >= max_retries:
            return None
        lookup_id, key = operation.retry_lookup
        payload = json.loads(content)
        if not payload.get(key):
            return None
        body = getattr(generated_models, OPERATIONS[lookup_id].body_schema).from_dict(payload)
        body.additional_properties.clear()  # only the lookup's own fields travel
        return body

    def _look_up(
        self, http: httpx.Client | httpx.AsyncClient, operation: Operation, body: Any, error: BridgeError
    ) -> Generator[_Step, _Reply, RawResponse[Any] | None]:
        """Ask the lookup operation whether the failed write landed: its answer, or None when it did not."""
        assert operation.retry_lookup is not None
        try:
            found = yield from self.plan(
                http, OPERATIONS[operation.retry_lookup[0]], body, {"max_retries": 0}
            )
        except BridgeError as lookup_error:
            undecided = (GatewayError, AuthenticationError, PermissionDeniedError)
            if isinstance(lookup_error, APIError) and not isinstance(lookup_error, undecided):
                return None  # the platform answered and knows no such record: the write did not land
            raise error from lookup_error  # the platform could not tell: never risk a second write
        data = unwrap(operation, found.envelope, http_status=found.status_code, request_trace=found.trace)
        self._log(operation, found.trace or "", found.status_code, found.elapsed_ms, "recovered-by-lookup")
        return RawResponse(
            data=data,
            envelope=found.envelope,
            status_code=found.status_code,
            headers=found.headers,
            trace=found.trace,
            tm=found.tm,
            elapsed_ms=found.elapsed_ms,
        )

    def _outcome(
        self, operation: Operation, reply: _Reply, trace: str, elapsed_ms: float
    ) -> RawResponse[Any]:
        if not isinstance(reply, httpx.Response):
            error = self._transport_error(operation, reply, trace)
            self._log(operation, trace, None, elapsed_ms, type(error).__name__)
            raise error from reply
        headers = dict(reply.headers)
        try:
            envelope = decode_envelope(reply.status_code, reply.content, headers, operation, trace)
            data = unwrap(operation, envelope, http_status=reply.status_code, request_trace=trace)
        except BridgeError as error:
            self._log(operation, trace, reply.status_code, elapsed_ms, f"{type(error).__name__}:{error.code}")
            if isinstance(error, BannedError):
                self.throttle.note_ban(self.clock(), error.retry_after)
            if isinstance(error, TimestampError):
                self._resync_clock(reply.headers.get("date"))
            raise
        self._log(operation, trace, reply.status_code, elapsed_ms, "ok")
        tm = envelope.get("tm")
        return RawResponse(
            data=data,
            envelope=envelope,
            status_code=reply.status_code,
            headers=headers,
            trace=envelope.get("trace") if isinstance(envelope.get("trace"), str) else trace,
            tm=tm if isinstance(tm, int) else None,
            elapsed_ms=elapsed_ms,
        )

    def _resync_clock(self, date_header: str | None) -> None:
        """Estimate the local clock's offset from the server's ``Date`` header (1 s resolution).

        The estimate errs on the late side (the header is truncated to the second), which the
        platform's window (``timestamp <= now + 1 s``, ``now - timestamp <= recvWindow``) tolerates.
        """
        if not date_header:
            return
        try:
            server_ms = int(parsedate_to_datetime(date_header).timestamp() * 1000)
        except (TypeError, ValueError, OverflowError):
            return
        offset = server_ms - int(self.clock() * 1000)
        if abs(offset) > 1000:
            self.clock_offset_ms = offset
            logger.warning(
                "local clock differs from the platform's by %d ms; signing with the correction", offset
            )

    @staticmethod
    def _transport_error(operation: Operation, exc: BaseException | None, trace: str) -> TransportError:
        cls = TimeoutError if isinstance(exc, httpx.TimeoutException) else TransportError
        reason = type(exc).__name__ if exc is not None else "no response"
        return cls(
            f"{operation.operation_id}: request failed ({reason})",
            trace=trace,
            biz_type=operation.biz_type,
            operation_id=operation.operation_id,
        )

    def _retry_delay(
        self, operation: Operation, error: BridgeError, attempt: int, max_retries: int
    ) -> float | None:
        """Seconds to wait before the next attempt, or None to give up."""
        if attempt >= max_retries or isinstance(error, RateLimitError | BannedError):
            return None
        if isinstance(error, TimestampError):
            return 0.0 if attempt == 0 else None  # re-sign with a fresh timestamp, once
        if not (error.retryable and operation.read_only):
            return None
        return self._backoff(attempt)

    @staticmethod
    def _backoff(attempt: int) -> float:
        """Exponential backoff with a little jitter: 0.5 s, 1 s, 2 s ... at most 8 s."""
        return min(8.0, 0.5 * 2.0**attempt) * (1 + random.random() / 10)

    def _log(
        self, operation: Operation, trace: str, status: int | None, elapsed_ms: float, outcome: str
    ) -> None:
        if logger.isEnabledFor(logging.DEBUG):
            logger.debug(
                "bizType=%s trace=%s status=%s elapsed_ms=%.1f outcome=%s apiKey=%s",
                operation.biz_type,
                trace,
                status,
                elapsed_ms,
                outcome,
                self.auth.api_key_masked,
            )


def _settings_from_env(overrides: Mapping[str, Any]) -> dict[str, Any]:
    def required(name: str) -> str:
        value = os.environ.get(name)
        if not value:
            raise ConfigurationError(f"environment variable {name} is not set")
        return value

    settings: dict[str, Any] = {
        "base_url": os.environ.get("MULTIMARKETS_BASE_URL") or TEST_BASE_URL,
        "api_key": required("MULTIMARKETS_API_KEY"),
        "secret_key": required("MULTIMARKETS_SECRET_KEY"),
        "company_id": required("MULTIMARKETS_COMPANY_ID"),
    }
    if os.environ.get("MULTIMARKETS_LANG"):
        settings["lang"] = os.environ["MULTIMARKETS_LANG"]
    if os.environ.get("MULTIMARKETS_RECV_WINDOW"):
        raw = os.environ["MULTIMARKETS_RECV_WINDOW"]
        if not raw.isdigit():
            raise ConfigurationError("MULTIMARKETS_RECV_WINDOW must be an integer (ms)")
        settings["recv_window"] = int(raw)
    settings.update(overrides)
    return settings


class _ClientBase:
    _core: _CallCore
    base_url: str

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(base_url={self.base_url!r}, api_key={self._core.auth.api_key_masked!r})"
        )


class BridgeClient(_ClientBase, BridgeOperations):
    """Blocking Bridge client. Use as a context manager (one connection pool per client).

    >>> with BridgeClient.from_env() as client:                        # doctest: +SKIP
    ...     page = client.list_customers(current="1", size="20")
    """

    def __init__(
        self,
        *,
        api_key: str,
        company_id: str | int,
        secret_key: str | None = None,
        signer: Signer | None = None,
        base_url: str = TEST_BASE_URL,
        lang: str = "zh-CN",
        recv_window: int | None = 5000,
        timeout: float | httpx.Timeout = DEFAULT_TIMEOUT,
        max_retries: int = DEFAULT_MAX_RETRIES,
        rate_limit_per_minute: int | None = DEFAULT_RATE_LIMIT,
        transport: httpx.BaseTransport | None = None,
        clock: Callable[[], float] | None = None,
        sleep: Callable[[float], None] = time.sleep,
        trace_factory: Callable[[], str] | None = None,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self._core = _CallCore(
            api_key=api_key,
            secret_key=secret_key,
            signer=signer,
            company_id=company_id,
            lang=lang,
            recv_window=recv_window,
            max_retries=max_retries,
            rate_limit_per_minute=rate_limit_per_minute,
            clock=clock,
            trace_factory=trace_factory,
        )
        self._sleep = sleep
        self._http = httpx.Client(
            base_url=self.base_url, auth=self._core.auth, timeout=timeout, transport=transport
        )
        self.with_raw_response = _RawView(self)

    @classmethod
    def from_env(cls, **overrides: Any) -> Self:
        """Build from ``MULTIMARKETS_BASE_URL`` (default: test), ``MULTIMARKETS_API_KEY``,
        ``MULTIMARKETS_SECRET_KEY``, ``MULTIMARKETS_COMPANY_ID`` and optional ``MULTIMARKETS_LANG``,
        ``MULTIMARKETS_RECV_WINDOW``; keyword arguments override."""
        return cls(**_settings_from_env(overrides))

    @property
    def generated(self) -> GeneratedClient:
        """The low-level generated client on the same (signed) connection pool."""
        client = GeneratedClient(base_url=self.base_url)
        client.set_httpx_client(self._http)
        return client

    def _send(self, operation: Operation, body: Any, options: CallOptions | None) -> RawResponse[Any]:
        plan = self._core.plan(self._http, operation, body, options)
        reply: _Reply = None
        while True:
            try:
                step = plan.send(reply)
            except StopIteration as done:
                return done.value  # type: ignore[no-any-return]
            if isinstance(step, httpx.Request):
                try:
                    reply = self._http.send(step)
                except httpx.HTTPError as exc:
                    reply = exc
            else:
                self._sleep(step)
                reply = None

    def _invoke(self, operation: Operation, body: Any, options: CallOptions | None) -> Any:
        return self._send(operation, body, options).data

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class _RawView(RawBridgeOperations):
    """``client.with_raw_response``: the same methods, returning :class:`RawResponse`."""

    def __init__(self, client: BridgeClient) -> None:
        self._client = client

    def _invoke_raw(self, operation: Operation, body: Any, options: CallOptions | None) -> RawResponse[Any]:
        return self._client._send(operation, body, options)


class AsyncBridgeClient(_ClientBase, AsyncBridgeOperations):
    """Asyncio Bridge client; same options as :class:`BridgeClient`, methods are coroutines."""

    def __init__(
        self,
        *,
        api_key: str,
        company_id: str | int,
        secret_key: str | None = None,
        signer: Signer | None = None,
        base_url: str = TEST_BASE_URL,
        lang: str = "zh-CN",
        recv_window: int | None = 5000,
        timeout: float | httpx.Timeout = DEFAULT_TIMEOUT,
        max_retries: int = DEFAULT_MAX_RETRIES,
        rate_limit_per_minute: int | None = DEFAULT_RATE_LIMIT,
        transport: httpx.AsyncBaseTransport | None = None,
        clock: Callable[[], float] | None = None,
        sleep: Callable[[float], Any] | None = None,
        trace_factory: Callable[[], str] | None = None,
    ) -> None:
        import anyio

        self.base_url = base_url.rstrip("/")
        self._core = _CallCore(
            api_key=api_key,
            secret_key=secret_key,
            signer=signer,
            company_id=company_id,
            lang=lang,
            recv_window=recv_window,
            max_retries=max_retries,
            rate_limit_per_minute=rate_limit_per_minute,
            clock=clock,
            trace_factory=trace_factory,
        )
        self._sleep = sleep or anyio.sleep
        self._http = httpx.AsyncClient(
            base_url=self.base_url, auth=self._core.auth, timeout=timeout, transport=transport
        )
        self.with_raw_response = _AsyncRawView(self)

    @classmethod
    def from_env(cls, **overrides: Any) -> Self:
        """Same variables as :meth:`BridgeClient.from_env`."""
        return cls(**_settings_from_env(overrides))

    @property
    def generated(self) -> GeneratedClient:
        """The low-level generated client on the same (signed) connection pool."""
        client = GeneratedClient(base_url=self.base_url)
        client.set_async_httpx_client(self._http)
        return client

    async def _send(self, operation: Operation, body: Any, options: CallOptions | None) -> RawResponse[Any]:
        plan = self._core.plan(self._http, operation, body, options)
        reply: _Reply = None
        while True:
            try:
                step = plan.send(reply)
            except StopIteration as done:
                return done.value  # type: ignore[no-any-return]
            if isinstance(step, httpx.Request):
                try:
                    reply = await self._http.send(step)
                except httpx.HTTPError as exc:
                    reply = exc
            else:
                await self._sleep(step)
                reply = None

    async def _ainvoke(self, operation: Operation, body: Any, options: CallOptions | None) -> Any:
        return (await self._send(operation, body, options)).data

    async def aclose(self) -> None:
        await self._http.aclose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.aclose()


class _AsyncRawView(AsyncRawBridgeOperations):
    """``aclient.with_raw_response``: the same coroutines, returning :class:`RawResponse`."""

    def __init__(self, client: AsyncBridgeClient) -> None:
        self._client = client

    async def _ainvoke_raw(
        self, operation: Operation, body: Any, options: CallOptions | None
    ) -> RawResponse[Any]:
        return await self._client._send(operation, body, options)
