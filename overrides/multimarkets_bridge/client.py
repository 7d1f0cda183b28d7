"""``BridgeClient`` / ``AsyncBridgeClient``: one object per apiKey, every spec operation a typed method.

The operation methods come from the generated ``multimarkets_bridge_client.facade`` mixins; this module
only supplies ``_invoke``: serialise the typed body, sign (``BridgeAuth``), pace (``Throttle``), send,
unwrap (``envelope``), retry where safe, and log one redacted line per HTTP exchange.

The call logic is written once as a sans-I/O generator (:meth:`_CallCore.plan`) that yields "sleep"
and "send" steps; the sync and async clients only differ in how they perform those steps.
"""

from __future__ import annotations

import contextlib
import copy
import inspect
import logging
import os
import random
import time
from collections.abc import Callable, Generator, Mapping
from functools import cache
from types import TracebackType
from typing import TYPE_CHECKING, Any, Self, TypeVar

import httpx
from multimarkets_bridge_client.facade import (
    OPERATIONS,
    WIRE_NAMES,
    AsyncBridgeOperations,
    AsyncBridgePaginators,
    AsyncRawBridgeOperations,
    BridgeOperations,
    BridgePaginators,
    RawBridgeOperations,
)
from multimarkets_bridge_client.types import UNSET

if TYPE_CHECKING:
    from multimarkets_bridge_client.client import Client as GeneratedClient

from .auth import OPERATION_EXTENSION, SIGNED_HEADERS, BridgeAuth, new_trace
from .coordination import Booking, Coordinator, RateBudget, process_coordinator, scope_for
from .envelope import decode_envelope, read_success, unwrap
from .errors import (
    APIError,
    BannedError,
    BridgeError,
    ConfigurationError,
    CoordinatorError,
    GatewayError,
    IdempotencyKeyReusedError,
    InvalidRequestError,
    OutcomeUnknownError,
    RateLimitError,
    ResponseValidationError,
    ServerError,
    TimeoutError,
    TimestampError,
    TransportError,
    transient_code,
)
from .hooks import CallEvent, Hook, HookCall, report_failure
from .inputs import (
    check_body,
    check_options,
    encode_body,
    new_client_order_id,
    normalise_body,
)
from .operation import CallOptions, Operation, RawResponse
from .pagination import AsyncPager, Pager, Walk
from .signing import RsaSha1Signer, Signer

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
DEFAULT_LOOKUP_ATTEMPTS = 4

logger = logging.getLogger("multimarkets_bridge")

_Step = float | httpx.Request | HookCall  # a pause in seconds, a request to send, or a hook to run
_Reply = httpx.Response | httpx.HTTPError | None
_T = TypeVar("_T")


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
        base_url: str,
        api_key: str,
        secret_key: str | None,
        signer: Signer | None,
        company_id: str | int,
        lang: str,
        recv_window: int | None,
        max_retries: int,
        rate_limit_per_minute: int | None,
        rate_budget: RateBudget | None,
        coordinator: Coordinator | None,
        lookup_attempts: int,
        clock: Callable[[], float] | None,
        trace_factory: Callable[[], str] | None,
        on_request: Hook | None = None,
        on_response: Hook | None = None,
        on_error: Hook | None = None,
    ) -> None:
        if signer is None:
            if secret_key is None:
                raise ConfigurationError("either secret_key or signer is required")
            signer = RsaSha1Signer.from_secret_key(secret_key)
        for name, value, low in (("max_retries", max_retries, 0), ("lookup_attempts", lookup_attempts, 1)):
            if isinstance(value, bool) or not isinstance(value, int) or value < low:
                raise ConfigurationError(f"{name} must be a whole number >= {low}")
        if not isinstance(api_key, str) or not api_key:
            raise ConfigurationError("api_key must be a non-empty string")
        if rate_budget is None and rate_limit_per_minute is not None:
            rate_budget = RateBudget(limit=rate_limit_per_minute)
        self.budget = rate_budget
        self.coordinator: Coordinator = coordinator or process_coordinator()
        self.scope = scope_for(base_url, api_key)
        self.clock = clock or time.time
        self.trace_factory = trace_factory or new_trace
        #: Correction applied to signed timestamps, learnt from the server's ``Date`` header after a
        #: 00012002 (time window) rejection and shared through the coordinator.
        self.clock_offset_ms = self._best_effort(self.coordinator.clock_offset_ms, self.scope) or 0
        self.auth = BridgeAuth(
            api_key=api_key,
            signer=signer,
            company_id=company_id,
            routing=_routing(),
            recv_window=recv_window,
            lang=lang,
            clock_ms=lambda: int(self.clock() * 1000) + self.clock_offset_ms,
        )
        self.max_retries = max_retries
        self.lookup_attempts = lookup_attempts
        #: The timeout of calls made through this core (None: the httpx client's own).
        self.timeout: httpx.Timeout | None = None
        for name, hook in (("on_request", on_request), ("on_response", on_response), ("on_error", on_error)):
            if hook is not None and not callable(hook):
                raise ConfigurationError(f"{name} must be callable")
        self.on_request, self.on_response, self.on_error = on_request, on_response, on_error
        self._urls: dict[str, httpx.URL] = {}
        self._defaults: dict[str, str] = {}

    def derive(
        self,
        *,
        timeout: httpx.Timeout | None,
        max_retries: int | None,
        lang: str | None,
        recv_window: int | bool | None,
    ) -> _CallCore:
        """A core with other defaults sharing this one's budget, coordinator, clock offset and signer."""
        clone = copy.copy(self)
        if max_retries is not None:
            if isinstance(max_retries, bool) or not isinstance(max_retries, int) or max_retries < 0:
                raise ConfigurationError("max_retries must be a whole number >= 0")
            clone.max_retries = max_retries
        if timeout is not None:
            clone.timeout = timeout
        clone.auth = self.auth.with_settings(lang=lang, recv_window=recv_window)
        return clone

    # -- request -----------------------------------------------------------------------------
    def prepare(
        self, operation: Operation, body: Any, options: Any
    ) -> tuple[dict[str, Any], bytes, CallOptions]:
        """Check the caller's input and serialise the body exactly as it will be signed."""
        opts = check_options(operation, options)
        normalise_body(operation, body)
        rule = operation.retry_lookup
        if rule is not None and rule.generate_key:
            attr = _snake(rule.generate_key)
            if hasattr(body, attr) and getattr(body, attr) in (UNSET, None, ""):
                setattr(body, attr, new_client_order_id())
        try:
            payload: dict[str, Any] = operation.build_request(body=body)["json"]
        except (AttributeError, TypeError, ValueError) as exc:
            raise InvalidRequestError(
                f"{operation.operation_id}: the body cannot be built ({type(exc).__name__})",
                biz_type=operation.biz_type,
                operation_id=operation.operation_id,
            ) from None
        extra = opts.get("extra_body")
        if extra:
            payload = {**extra, **payload}
        missing = operation.missing_alternatives(payload)
        if missing:
            raise InvalidRequestError(
                f"{operation.operation_id} needs {missing}",
                biz_type=operation.biz_type,
                operation_id=operation.operation_id,
            )
        check_body(operation, payload)
        try:
            content = encode_body(payload)
        except (TypeError, ValueError) as exc:
            raise InvalidRequestError(
                f"{operation.operation_id}: the body is not JSON-serialisable ({exc})",
                biz_type=operation.biz_type,
                operation_id=operation.operation_id,
            ) from None
        return payload, content, opts

    def _url(self, http: httpx.Client | httpx.AsyncClient, operation: Operation) -> httpx.URL:
        """The operation's URL under the client's base URL (joined once per operation)."""
        url = self._urls.get(operation.path)
        if url is None:
            if not self._urls:  # the client's own default headers (user-agent, ...), lower-cased
                self._defaults = {k.lower(): v for k, v in http.headers.items()}
            url = self._urls[operation.path] = http.base_url.join(operation.path.lstrip("/"))
        return url

    def headers(self, operation: Operation, options: CallOptions) -> dict[str, str]:
        """The unsigned headers of one attempt (lower-case names, so they replace the defaults)."""
        headers = {"content-type": "application/json", "accept": "application/json"}
        for name, value in (options.get("extra_headers") or {}).items():
            if name.lower() in SIGNED_HEADERS:
                raise InvalidRequestError(
                    f"extra_headers cannot set the signed header {name!r}",
                    biz_type=operation.biz_type,
                    operation_id=operation.operation_id,
                )
            headers[name.lower()] = value
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
        payload, content, opts = self.prepare(operation, body, options)
        return (yield from self._attempts(http, operation, payload, content, opts))

    def _attempts(
        self,
        http: httpx.Client | httpx.AsyncClient,
        operation: Operation,
        payload: dict[str, Any],
        content: bytes,
        opts: CallOptions,
    ) -> Generator[_Step, _Reply, RawResponse[Any]]:
        """Send, and decide after each failure: retry, settle by lookup, or raise."""
        max_retries = opts.get("max_retries", self.max_retries)
        limits = (
            httpx.Timeout(opts["timeout"]) if "timeout" in opts else self.timeout or http.timeout
        ).as_dict()
        attempt = 0
        maybe_landed = False  # an earlier attempt of this write may have been applied
        while True:
            headers = self.headers(operation, opts)
            booking = yield from self._pace(operation, headers["trace"])
            if self.on_request is not None:
                event = CallEvent(
                    "request", operation.operation_id, operation.biz_type, headers["trace"], attempt + 1
                )
                yield HookCall(self.on_request, event)
            started = time.perf_counter()
            # built inline and signed here: no local keeps the signed request or its signature once sent
            # (tracebacks keep frames); sent past the client's auth flow (see BridgeAuth.headers_for)
            reply = yield httpx.Request(
                "POST",
                self._url(http, operation),
                content=content,
                headers={**self._defaults, **headers, **self.auth.headers_for(operation, content)},
                extensions={"timeout": limits, OPERATION_EXTENSION: operation},
            )
            elapsed_ms = (time.perf_counter() - started) * 1000
            if booking is not None and self.budget is not None:  # the platform counted it by now
                self._best_effort(self.coordinator.finish, self.scope, booking, self.clock(), self.budget)
            try:
                result = self._outcome(operation, reply, headers["trace"], elapsed_ms)
            except BridgeError as error:
                _tag(error, payload, attempt + 1)
                if self.on_error is not None:
                    yield HookCall(
                        self.on_error,
                        CallEvent(
                            "error", operation.operation_id, operation.biz_type, headers["trace"],
                            attempt + 1, error.http_status, elapsed_ms, error,
                        ),
                    )  # fmt: skip
                if isinstance(error, TimestampError) and attempt == 0 < max_retries:
                    attempt += 1  # rejected by the gateway before any processing: re-sign once
                    continue
                if operation.read_only:
                    delay = self._read_retry_delay(error, attempt, max_retries)
                    if delay is None:
                        raise
                    attempt += 1
                    yield delay
                    continue
                certainty = _certainty(error)
                rule = operation.retry_lookup
                if certainty == "rejected" and maybe_landed and rule and error.code in rule.duplicate_codes:
                    certainty = "unknown"  # the key is taken: an earlier attempt of ours may have landed
                if certainty == "not_sent":
                    error.outcome, error.retryable = "not_sent", True
                    if attempt < max_retries:
                        attempt += 1
                        yield self._backoff(attempt - 1)
                        continue
                    raise
                if certainty == "applied" and rule is None:
                    error.outcome, error.retryable = "applied", False
                    raise
                if certainty == "rejected":
                    error.outcome, error.retryable = "rejected", False
                    if maybe_landed:
                        raise self._unknown(operation, payload, error, attempt + 1) from error
                    raise
                applied = certainty == "applied"
                error.outcome, error.retryable = ("applied" if applied else "unknown"), False
                settled = yield from self._settle(http, operation, payload, error, attempt + 1)
                if settled is not None:
                    return settled
                if applied:
                    raise  # the platform said "0": it was applied, whatever a lagging lookup says
                # a lookup positively says the write was not applied
                maybe_landed = True
                error.outcome = "not_found"
                if attempt < max_retries:
                    attempt += 1
                    yield self._backoff(attempt - 1)
                    continue
                raise
            if self.on_response is not None:
                yield HookCall(
                    self.on_response,
                    CallEvent(
                        "response", operation.operation_id, operation.biz_type, headers["trace"], attempt + 1,
                        result.status_code, elapsed_ms,
                    ),
                )  # fmt: skip
            return result

    @staticmethod
    def _before_send(operation: Operation, trace: str, action: Callable[..., _T], *args: Any) -> _T:
        """A coordinator call made before the request leaves: a store failure is a typed error that
        says nothing was sent."""
        try:
            return action(*args)
        except Exception as exc:
            error = CoordinatorError(
                f"the rate-budget store failed before sending ({type(exc).__name__}); nothing was sent",
                trace=trace,
                biz_type=operation.biz_type,
                operation_id=operation.operation_id,
            )
            error.outcome = "not_sent"
            raise error from exc

    @staticmethod
    def _best_effort(action: Callable[..., _T], *args: Any) -> _T | None:
        """A coordinator call whose failure must not decide the call (made once the request may have
        left, or while building the client): the failure is logged and the call goes on."""
        try:
            return action(*args)
        except Exception as exc:
            logger.warning(
                "rate-budget store failed in %s (%s); the call's result stands",
                getattr(action, "__name__", "coordinator"),
                type(exc).__name__,
            )
            return None

    def _pace(self, operation: Operation, trace: str) -> Generator[_Step, _Reply, Booking | None]:
        """Wait for the shared budget; honour a 429 pause; refuse locally during a 418 ban (the error
        carries the trace the request would have had). Returns the booking the call is sent under."""
        booking: Booking | None = None
        try:
            while True:
                now = self.clock()
                until, kind = self._before_send(operation, trace, self.coordinator.blocked, self.scope, now)
                if kind == "banned":
                    raise BannedError(
                        f"calls paused: the platform banned this key/IP, {until - now:.0f} s left",
                        retry_after=until - now,
                        trace=trace,
                        biz_type=operation.biz_type,
                        operation_id=operation.operation_id,
                    )
                if kind == "paused":  # a 429 was learnt (maybe while this call waited): wait it out
                    yield until - now
                    continue
                if self.budget is None:
                    return None
                if booking is None:
                    booking = self._before_send(
                        operation, trace, self.coordinator.reserve, self.scope, now, self.budget
                    )
                else:  # the wait is over (or overslept): check against the window as it is now
                    booking = self._before_send(
                        operation, trace, self.coordinator.confirm, self.scope, booking, now, self.budget
                    )
                if booking.at <= now:
                    return booking
                yield booking.at - now
        except BaseException:  # cancelled, banned meanwhile, store failure: never sent under this booking
            if booking is not None:
                self._best_effort(self.coordinator.release, self.scope, booking)
            raise

    def _settle(
        self,
        http: httpx.Client | httpx.AsyncClient,
        operation: Operation,
        payload: dict[str, Any],
        error: BridgeError,
        attempts: int,
    ) -> Generator[_Step, _Reply, RawResponse[Any] | None]:
        """Find out whether a write whose answer was lost took effect.

        Returns the found record as the write's answer, or None when the platform positively says the
        write was not applied (a not-found code twice in a row, or a record not in a landed state).
        Raises :class:`OutcomeUnknownError` when neither can be established, and
        :class:`IdempotencyKeyReusedError` when the record found does not match the request.
        """
        rule = operation.retry_lookup
        lookup = _lookup_fields(operation, payload)
        if rule is None or lookup is None:
            raise self._unknown(operation, payload, error, attempts) from error
        lookup_op = OPERATIONS[rule.operation_id]
        not_found = 0
        last: BridgeError = error
        for round_ in range(self.lookup_attempts):
            if round_:
                yield self._backoff(round_ - 1)
            try:
                found = yield from self._attempts(
                    http, lookup_op, lookup, encode_body(lookup), {"max_retries": 0}
                )
            except BridgeError as lookup_error:
                last = lookup_error
                if isinstance(lookup_error, APIError) and lookup_error.code in rule.not_found_codes:
                    not_found += 1
                    if not_found >= NOT_FOUND_CONFIRMATIONS:
                        return None
                else:
                    not_found = 0
                continue
            record = found.envelope.get("data")
            record = record if isinstance(record, Mapping) else {}
            mismatches = _mismatches(rule.match, payload, record)
            if mismatches:
                raise IdempotencyKeyReusedError(
                    f"{operation.operation_id}: a different record already uses this key "
                    f"({', '.join(mismatches)} differ); this request was not confirmed",
                    mismatches=mismatches,
                    trace=found.trace,
                    biz_type=operation.biz_type,
                    operation_id=operation.operation_id,
                ) from None
            if any(str(record.get(name)) not in values for name, values in rule.landed_when.items()):
                return None  # the record exists but the write's effect is not on it
            data = unwrap(operation, found.envelope, http_status=found.status_code, request_trace=found.trace)
            self._log(operation, found.trace or "", found.status_code, found.elapsed_ms, "settled-by-lookup")
            return RawResponse(
                data=data,
                envelope=found.envelope,
                status_code=found.status_code,
                headers=found.headers,
                trace=found.trace,
                tm=found.tm,
                elapsed_ms=found.elapsed_ms,
            )
        raise self._unknown(operation, payload, error, attempts, last) from error

    def resolve(
        self, http: httpx.Client | httpx.AsyncClient, error: OutcomeUnknownError
    ) -> Generator[_Step, _Reply, RawResponse[Any] | None]:
        """Settle an :class:`OutcomeUnknownError` later (see ``BridgeClient.resolve_outcome``)."""
        operation = OPERATIONS.get(error.operation_id or "")
        if operation is None or operation.retry_lookup is None or not error.lookup:
            raise InvalidRequestError(
                "this outcome cannot be looked up: the operation names no lookup in the spec "
                "or the request carried no record key",
                trace=error.trace,
                operation_id=error.operation_id,
            )
        return (yield from self._settle(http, operation, dict(error.lookup), error, error.attempts))

    def _unknown(
        self,
        operation: Operation,
        payload: Mapping[str, Any],
        error: BridgeError,
        attempts: int,
        lookup_error: BridgeError | None = None,
    ) -> OutcomeUnknownError:
        keys = _lookup_fields(operation, payload)
        ids = ", ".join(f"{k}={payload[k]}" for k in ("clientOrderId", "orderId") if payload.get(k))
        why = (
            f"; the lookup answered {type(lookup_error).__name__}"
            if lookup_error is not None and lookup_error is not error
            else ""
        )
        unknown = OutcomeUnknownError(
            f"{operation.operation_id}: the platform may have applied this request "
            f"({type(error).__name__}{why}); do not send it again - resolve it with "
            f"client.resolve_outcome(error){' (' + ids + ')' if ids else ''}",
            lookup=keys,
            trace=error.trace,
            code=error.code,
            http_status=error.http_status,
            biz_type=operation.biz_type,
            operation_id=operation.operation_id,
        )
        _tag(unknown, payload, attempts)
        unknown.outcome = "unknown"
        rule = operation.retry_lookup
        if rule is not None and keys is not None:
            # what resolve_outcome() needs to check a found record against this request (no secrets:
            # only the lookup's own fields and the spec's match fields travel)
            unknown.lookup.update({k: payload[k] for k in rule.match if payload.get(k) is not None})
        return unknown

    def _outcome(
        self, operation: Operation, reply: _Reply, trace: str, elapsed_ms: float
    ) -> RawResponse[Any]:
        if not isinstance(reply, httpx.Response):
            error = self._transport_error(operation, reply, trace)
            self._log(operation, trace, None, elapsed_ms, type(error).__name__)
            raise error from _detached(reply)
        fast = read_success(operation, reply.status_code, reply.content)
        if fast is not None:  # the common case, in one pass (no second parse for trace and tm)
            self._log(operation, trace, reply.status_code, elapsed_ms, "ok")
            return RawResponse(
                data=fast.data,
                envelope=fast.envelope,
                status_code=reply.status_code,
                headers=reply.headers,
                trace=fast.trace or trace,
                tm=fast.tm,
                elapsed_ms=elapsed_ms,
            )
        headers = dict(reply.headers)
        try:
            envelope = decode_envelope(reply.status_code, reply.content, headers, operation, trace)
            data = unwrap(operation, envelope, http_status=reply.status_code, request_trace=trace)
        except BridgeError as error:
            self._log(operation, trace, reply.status_code, elapsed_ms, f"{type(error).__name__}:{error.code}")
            now = self.clock()
            if isinstance(error, BannedError):
                until = now + (error.retry_after or DEFAULT_BAN_SECONDS)
                self._best_effort(self.coordinator.block, self.scope, until, "banned")
            elif isinstance(error, RateLimitError):
                window = self.budget.window if self.budget else 60.0
                self._best_effort(
                    self.coordinator.block, self.scope, now + (error.retry_after or window), "paused"
                )
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
            from email.utils import parsedate_to_datetime  # only after a time-window rejection

            server_ms = int(parsedate_to_datetime(date_header).timestamp() * 1000)
        except (TypeError, ValueError, OverflowError):
            return
        offset = server_ms - int(self.clock() * 1000)
        if abs(offset) > 1000:
            self.clock_offset_ms = offset
            self._best_effort(self.coordinator.set_clock_offset_ms, self.scope, offset)
            logger.warning(
                "local clock differs from the platform's by %d ms; signing with the correction", offset
            )

    @staticmethod
    def _transport_error(operation: Operation, exc: BaseException | None, trace: str) -> TransportError:
        cls = TimeoutError if isinstance(exc, httpx.TimeoutException) else TransportError
        reason = type(exc).__name__ if exc is not None else "no response"
        error = cls(
            f"{operation.operation_id}: request failed ({reason})",
            trace=trace,
            biz_type=operation.biz_type,
            operation_id=operation.operation_id,
        )
        error.outcome = "not_sent" if isinstance(exc, _NOT_SENT) else "unknown"
        return error

    def _read_retry_delay(self, error: BridgeError, attempt: int, max_retries: int) -> float | None:
        """Seconds to wait before the next attempt of a read, or None to give up."""
        if attempt >= max_retries or isinstance(error, RateLimitError | BannedError):
            return None
        garbled = isinstance(error, ResponseValidationError) and error.envelope is None
        if not (error.retryable or garbled):
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


#: A lookup must say "not found" this many times in a row (with a pause between) before a write
#: counts as not applied: one not-found may only mean the platform has not indexed the record yet.
NOT_FOUND_CONFIRMATIONS = 2
DEFAULT_BAN_SECONDS = 300.0

#: httpx failures that happen before any byte of the request reached the platform.
_NOT_SENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout, httpx.UnsupportedProtocol)


def _certainty(error: BridgeError) -> str:
    """For a failed write: "not_sent", "rejected" (answered, not applied), "applied" or "unknown"."""
    if isinstance(error, TransportError):
        return "not_sent" if error.outcome == "not_sent" else "unknown"
    if isinstance(error, ResponseValidationError) and (error.envelope or {}).get("code") == "0":
        return "applied"  # a success envelope whose data breaks the spec: the write took effect
    if isinstance(error, ResponseValidationError | ServerError):
        return "unknown"  # garbled answer or platform failure: it may have been processed
    if isinstance(error, GatewayError) and transient_code(error.code):
        return "unknown"  # system error / downstream timeout: processing state unknown
    return "rejected"


def _tag(error: BridgeError, payload: Mapping[str, Any], attempts: int) -> None:
    """Attach the request's record keys and the number of attempts to an error."""
    client_order_id, order_id = payload.get("clientOrderId"), payload.get("orderId")
    error.client_order_id = client_order_id if isinstance(client_order_id, str) else None
    error.order_id = order_id if isinstance(order_id, str) else None
    error.attempts = attempts


def _lookup_fields(operation: Operation, payload: Mapping[str, Any]) -> dict[str, Any] | None:
    """The lookup body for a write (its fields that the lookup schema knows), or None without a key."""
    rule = operation.retry_lookup
    if rule is None or not any(payload.get(key) for key in rule.keys):
        return None
    known = _schema_fields(OPERATIONS[rule.operation_id].body_schema)
    return {name: value for name, value in payload.items() if name in known and value is not None}


@cache
def _schema_fields(schema: str) -> frozenset[str]:
    return frozenset(WIRE_NAMES[schema].values())


def _mismatches(names: tuple[str, ...], sent: Mapping[str, Any], found: Mapping[str, Any]) -> dict[str, Any]:
    differ: dict[str, Any] = {}
    for name in names:
        if sent.get(name) is None or found.get(name) is None:
            continue
        if _same(sent[name], found[name]):
            continue
        differ[name] = (sent[name], found[name])
    return differ


def _same(a: Any, b: Any) -> bool:
    try:
        from decimal import Decimal

        return Decimal(str(a)) == Decimal(str(b))
    except ArithmeticError:
        return str(a) == str(b)


def _snake(name: str) -> str:
    return "".join("_" + c.lower() if c.isupper() else c for c in name)


def _detached(exc: BaseException | None) -> BaseException | None:
    """A copy of an httpx exception without its request (which carries the signed headers)."""
    if exc is None:
        return None
    try:
        return type(exc)(str(exc))
    except Exception:
        return ConnectionError(f"{type(exc).__name__}: {exc}")


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
    """What the sync and async clients share: one constructor, ``with_options``, the views."""

    _core: _CallCore
    base_url: str
    _http: Any

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
        rate_budget: RateBudget | None = None,
        coordinator: Coordinator | None = None,
        lookup_attempts: int = DEFAULT_LOOKUP_ATTEMPTS,
        transport: httpx.BaseTransport | httpx.AsyncBaseTransport | None = None,
        clock: Callable[[], float] | None = None,
        sleep: Callable[[float], Any] | None = None,
        trace_factory: Callable[[], str] | None = None,
        on_request: Hook | None = None,
        on_response: Hook | None = None,
        on_error: Hook | None = None,
    ) -> None:
        """``transport`` is an ``httpx.BaseTransport`` for :class:`BridgeClient` and an
        ``httpx.AsyncBaseTransport`` for :class:`AsyncBridgeClient`; ``sleep`` is blocking or a
        coroutine function to match (default: ``time.sleep`` / ``anyio.sleep``)."""
        if not isinstance(base_url, str) or not base_url.startswith(("http://", "https://")):
            raise ConfigurationError("base_url must be an http(s) URL")
        if rate_limit_per_minute is not None and (
            isinstance(rate_limit_per_minute, bool)
            or not isinstance(rate_limit_per_minute, int)
            or rate_limit_per_minute < 1
        ):
            raise ConfigurationError("rate_limit_per_minute must be a whole number >= 1, or None")
        _check_timeout(timeout)
        self.base_url = base_url.rstrip("/")
        self._core = _CallCore(
            base_url=self.base_url,
            max_retries=max_retries,
            rate_limit_per_minute=rate_limit_per_minute,
            rate_budget=rate_budget,
            api_key=api_key,
            secret_key=secret_key,
            signer=signer,
            company_id=company_id,
            lang=lang,
            recv_window=recv_window,
            coordinator=coordinator,
            lookup_attempts=lookup_attempts,
            clock=clock,
            trace_factory=trace_factory,
            on_request=on_request,
            on_response=on_response,
            on_error=on_error,
        )
        self._sleep = sleep or self._default_sleep()
        self._http = self._open(transport, base_url=self.base_url, auth=self._core.auth, timeout=timeout)
        self._views()

    def _default_sleep(self) -> Callable[[float], Any]:
        raise NotImplementedError

    def _open(self, transport: Any, **options: Any) -> Any:
        raise NotImplementedError

    def _views(self) -> None:
        raise NotImplementedError

    @classmethod
    def from_env(cls, **overrides: Any) -> Self:
        """Build from ``MULTIMARKETS_BASE_URL`` (default: test), ``MULTIMARKETS_API_KEY``,
        ``MULTIMARKETS_SECRET_KEY``, ``MULTIMARKETS_COMPANY_ID`` and optional ``MULTIMARKETS_LANG``,
        ``MULTIMARKETS_RECV_WINDOW``; keyword arguments override."""
        return cls(**_settings_from_env(overrides))

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
            _check_timeout(timeout)
        clone = copy.copy(self)
        clone._core = self._core.derive(
            timeout=None if timeout is None else httpx.Timeout(timeout),
            max_retries=max_retries,
            lang=lang,
            recv_window=recv_window,
        )
        clone._views()
        return clone

    def _walks(
        self, operation: Operation, body: Any, max_items: int | None, max_pages: int | None
    ) -> Callable[[], Walk]:
        """A fresh :class:`Walk` per iteration of a pager; one is built now to check the arguments."""

        def walk() -> Walk:
            return Walk(
                operation, body, now_ms=self._core.auth.now_ms(), max_items=max_items, max_pages=max_pages
            )

        walk()
        return walk

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(base_url={self.base_url!r}, api_key={self._core.auth.api_key_masked!r})"
        )


def _check_timeout(timeout: Any) -> None:
    if not isinstance(timeout, httpx.Timeout) and (
        isinstance(timeout, bool) or not isinstance(timeout, int | float) or not timeout > 0
    ):
        raise ConfigurationError("timeout must be a positive number of seconds or an httpx.Timeout")


class BridgeClient(_ClientBase, BridgeOperations):
    """Blocking Bridge client. Use as a context manager (one connection pool per client).

    >>> with BridgeClient.from_env() as client:                        # doctest: +SKIP
    ...     page = client.list_customers(current=1, size=20)
    """

    with_raw_response: _RawView
    """The same methods, returning :class:`RawResponse` (``data`` plus the envelope and HTTP details)."""
    paginate: _PaginateView
    """Every list operation as an iterator over all its records (spec ``x-pagination``)."""

    def _default_sleep(self) -> Callable[[float], Any]:
        return time.sleep

    def _open(self, transport: Any, **options: Any) -> httpx.Client:
        return httpx.Client(transport=transport, **options)

    def _views(self) -> None:
        self.with_raw_response = _RawView(self)
        self.paginate = _PaginateView(self)

    @property
    def generated(self) -> GeneratedClient:
        """The low-level generated client on the same (signed) connection pool."""
        from multimarkets_bridge_client.client import Client as GeneratedClient

        client = GeneratedClient(base_url=self.base_url)
        client.set_httpx_client(self._http)
        return client

    def _run(self, plan: Generator[_Step, _Reply, _T]) -> _T:
        with contextlib.closing(plan):  # an interrupted call closes its plan (frees a pending booking)
            return self._drive(plan)

    def _drive(self, plan: Generator[_Step, _Reply, _T]) -> _T:
        reply: _Reply = None
        while True:
            try:
                step: _Step | None = plan.send(reply)
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
        return self._run(self._core.plan(self._http, operation, body, options))

    def _invoke(self, operation: Operation, body: Any, options: CallOptions | None) -> Any:
        return self._send(operation, body, options).data

    def resolve_outcome(self, error: OutcomeUnknownError) -> Any:
        """Settle a write that failed with :class:`OutcomeUnknownError`, by looking the record up.

        Returns the write's typed result when it was applied, or ``None`` when the platform positively
        says it was not (sending it again with the same ``clientOrderId`` is then safe). Raises
        :class:`OutcomeUnknownError` again when it still cannot tell (a bounded number of lookups
        with backoff, ``lookup_attempts``), and :class:`IdempotencyKeyReusedError` when the record
        found under the key is a different one.
        """
        found = self._run(self._core.resolve(self._http, error))
        return None if found is None else found.data

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class _PaginateView(BridgePaginators):
    """``client.paginate``: every list operation as an iterator over all its records."""

    def __init__(self, client: BridgeClient) -> None:
        self._client = client

    def _paginate(
        self,
        operation: Operation,
        body: Any,
        options: CallOptions | None,
        max_items: int | None,
        max_pages: int | None,
    ) -> Pager[Any]:
        client = self._client
        return Pager(client._send, client._walks(operation, body, max_items, max_pages), options)


class _RawView(RawBridgeOperations):
    """``client.with_raw_response``: the same methods, returning :class:`RawResponse`."""

    def __init__(self, client: BridgeClient) -> None:
        self._client = client

    def _invoke_raw(self, operation: Operation, body: Any, options: CallOptions | None) -> RawResponse[Any]:
        return self._client._send(operation, body, options)


class AsyncBridgeClient(_ClientBase, AsyncBridgeOperations):
    """Asyncio Bridge client; same options as :class:`BridgeClient`, methods are coroutines."""

    with_raw_response: _AsyncRawView
    """The same coroutines, returning :class:`RawResponse`."""
    paginate: _AsyncPaginateView
    """Every list operation as an async iterator over all its records."""

    def _default_sleep(self) -> Callable[[float], Any]:
        import anyio

        return anyio.sleep

    def _open(self, transport: Any, **options: Any) -> httpx.AsyncClient:
        return httpx.AsyncClient(transport=transport, **options)

    def _views(self) -> None:
        self.with_raw_response = _AsyncRawView(self)
        self.paginate = _AsyncPaginateView(self)

    @property
    def generated(self) -> GeneratedClient:
        """The low-level generated client on the same (signed) connection pool."""
        from multimarkets_bridge_client.client import Client as GeneratedClient

        client = GeneratedClient(base_url=self.base_url)
        client.set_async_httpx_client(self._http)
        return client

    async def _run(self, plan: Generator[_Step, _Reply, _T]) -> _T:
        with contextlib.closing(plan):  # a cancelled call closes its plan (frees a pending booking)
            return await self._drive(plan)

    async def _drive(self, plan: Generator[_Step, _Reply, _T]) -> _T:
        reply: _Reply = None
        while True:
            try:
                step: _Step | None = plan.send(reply)
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
        return await self._run(self._core.plan(self._http, operation, body, options))

    async def _ainvoke(self, operation: Operation, body: Any, options: CallOptions | None) -> Any:
        return (await self._send(operation, body, options)).data

    async def resolve_outcome(self, error: OutcomeUnknownError) -> Any:
        """Async :meth:`BridgeClient.resolve_outcome`."""
        found = await self._run(self._core.resolve(self._http, error))
        return None if found is None else found.data

    async def aclose(self) -> None:
        await self._http.aclose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.aclose()


class _AsyncPaginateView(AsyncBridgePaginators):
    """``aclient.paginate``: every list operation as an async iterator over all its records."""

    def __init__(self, client: AsyncBridgeClient) -> None:
        self._client = client

    def _paginate(
        self,
        operation: Operation,
        body: Any,
        options: CallOptions | None,
        max_items: int | None,
        max_pages: int | None,
    ) -> AsyncPager[Any]:
        client = self._client
        return AsyncPager(client._send, client._walks(operation, body, max_items, max_pages), options)


class _AsyncRawView(AsyncRawBridgeOperations):
    """``aclient.with_raw_response``: the same coroutines, returning :class:`RawResponse`."""

    def __init__(self, client: AsyncBridgeClient) -> None:
        self._client = client

    async def _ainvoke_raw(
        self, operation: Operation, body: Any, options: CallOptions | None
    ) -> RawResponse[Any]:
        return await self._client._send(operation, body, options)
