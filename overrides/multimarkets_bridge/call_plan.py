"""The call plan: one Bridge call as a sans-I/O generator, shared by the sync and async clients.

[`CallCore`][] checks and serialises the typed body, signs it (``BridgeAuth``), paces it
([`.pacing`][]), sends it, unwraps the envelope ([`.envelope`][]), retries reads where safe, hands a
failed write to [`.settlement`][], and logs one redacted line per HTTP exchange. It yields "sleep",
"send" and "hook" steps; the client shells ([`.client`][]) only differ in how they perform them.
"""

from __future__ import annotations

import copy
import logging
import random
import time
from collections.abc import Callable, Generator, Mapping
from typing import Any, cast

import httpx
from multimarkets_bridge_client.registry import BY_BIZ_TYPE
from multimarkets_bridge_client.types import UNSET

from .auth import OPERATION_EXTENSION, SIGNED_HEADERS, BridgeAuth, new_trace
from .coordination import (
    Coordinator,
    RateBudget,
    default_journal_dir,
    pacing_clock,
    process_coordinator,
    scope_for,
)
from .envelope import decode_envelope, read_success, unwrap
from .errors import (
    APITimeoutError,
    BridgeError,
    ConfigurationError,
    OutcomeUnknownError,
    TimestampError,
    TransportError,
    failure_policy,
)
from .hooks import CallEvent, Hook, HookCall
from .inputs import (
    attribute_name,
    check_options,
    encode_body,
    new_client_order_id,
    normalise_body,
    refused,
)
from .intents import record_intent, settling
from .operation import CallOptions, Operation, RawResponse
from .outbox import UnsettledWrite, memory_outbox, process_outbox
from .pacing import Pacing
from .request_schema import body_violation
from .settlement import Attempt, Reply, Step, WriteSettlement, entry_error, tag
from .signing import Signer

__all__ = ["CallCore"]

logger = logging.getLogger("multimarkets_bridge")

#: httpx failures that happen before any byte of the request reached the platform.
_NOT_SENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout, httpx.UnsupportedProtocol)


class CallCore(Pacing, WriteSettlement):
    """Everything about a call that does not depend on sync vs async I/O."""

    def __init__(
        self,
        *,
        base_url: str,
        api_key: str,
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
        monotonic_clock: Callable[[], float] | None = None,
        on_request: Hook | None = None,
        on_response: Hook | None = None,
        on_error: Hook | None = None,
        default_headers: Mapping[str, str] | None = None,
    ) -> None:
        if signer is None:
            raise ConfigurationError("either secret_key or signer is required")
        for name, value, low in (("max_retries", max_retries, 0), ("lookup_attempts", lookup_attempts, 1)):
            if isinstance(value, bool) or not isinstance(value, int) or value < low:
                raise ConfigurationError(f"{name} must be a whole number >= {low}")
        if not isinstance(api_key, str) or not api_key:
            raise ConfigurationError("api_key must be a non-empty string")
        if rate_budget is None and rate_limit_per_minute is not None:
            rate_budget = RateBudget(limit=rate_limit_per_minute)
        self.budget = rate_budget
        self.scope = scope_for(base_url, api_key)
        self.clock = clock or time.time
        # a clock given alone (a simulation) drives the waits too; else they never step back
        self.ticks = monotonic_clock or clock or pacing_clock
        self.coordinator: Coordinator = coordinator or process_coordinator(
            system_clock=self.ticks is pacing_clock
        )
        attach = getattr(self.coordinator, "attach", None)
        if callable(attach):
            attach(self.scope)  # a journal that cannot be used is an error now, not unprotected sends
        journal_dir = getattr(self.coordinator, "journal_dir", None)
        self.outbox = (
            process_outbox(journal_dir if journal_dir is not None else default_journal_dir())
            if self.ticks is pacing_clock
            else memory_outbox()
        )
        self.outbox.attach(self.scope)
        self.trace_factory = trace_factory or new_trace
        #: Correction applied to signed timestamps, learnt from the server's ``Date`` header after a
        #: 00012002 (time window) rejection and shared through the coordinator.
        self.clock_offset_ms = self._best_effort(self.coordinator.clock_offset_ms, self.scope) or 0
        self.auth = BridgeAuth(
            api_key=api_key,
            signer=signer,
            company_id=company_id,
            routing=BY_BIZ_TYPE,
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
        self._base_url = httpx.URL(base_url.rstrip("/") + "/")
        self._urls: dict[str, httpx.URL] = {}
        #: headers of every call: the httpx client's own (user-agent, ...) then ``default_headers``
        self._default_headers = dict(default_headers or {})
        self._defaults: dict[str, str] = {}

    def derive(
        self,
        *,
        timeout: httpx.Timeout | None,
        max_retries: int | None,
        lang: str | None,
        recv_window: int | bool | None,
    ) -> CallCore:
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
        for name in operation.company_fields:  # the caller's own company unless told otherwise
            if getattr(body, name, None) in (UNSET, None):
                setattr(body, name, self.auth.company_id)
        normalise_body(operation, body)
        rule = operation.retry_lookup
        if rule is not None and rule.generate_key:
            attr = attribute_name(operation, rule.generate_key)
            if attr is not None and getattr(body, attr, None) in (UNSET, None, ""):
                setattr(body, attr, new_client_order_id())
        try:
            payload = cast("dict[str, Any]", body.to_dict())
        except (AttributeError, TypeError, ValueError) as exc:
            raise refused(operation, f"the body cannot be built ({type(exc).__name__})") from None
        extra = opts.get("extra_body")
        if extra:
            payload = {**extra, **payload}
        violation = body_violation(operation.body_schema, payload)
        if violation is not None:
            raise refused(operation, str(violation))
        try:
            content = encode_body(payload)
        except (TypeError, ValueError, RecursionError) as exc:
            raise refused(operation, f"the body is not JSON-serialisable ({exc})") from None
        return payload, content, opts

    def _url(self, http: httpx.Client | httpx.AsyncClient, operation: Operation) -> httpx.URL:
        """The operation's URL under the client's base URL (joined once per operation)."""
        url = self._urls.get(operation.path)
        if url is None:
            if not self._urls:  # the httpx client's headers (user-agent, ...), lower-cased, then ours
                self._defaults = {k.lower(): v for k, v in http.headers.items()} | self._default_headers
            url = self._urls[operation.path] = self._base_url.join(operation.path.lstrip("/"))
        return url

    def headers(self, operation: Operation, options: CallOptions) -> dict[str, str]:
        """The unsigned headers of one attempt (lower-case names, so they replace the defaults)."""
        headers = {"content-type": "application/json", "accept": "application/json"}
        for name, value in (options.get("extra_headers") or {}).items():
            if name.lower() in SIGNED_HEADERS:
                raise refused(operation, f"extra_headers cannot set the signed header {name!r}")
            headers[name.lower()] = value
        headers["trace"] = options.get("trace") or self.trace_factory()
        return headers

    # -- the call as a sans-I/O plan -------------------------------------------------------------
    def start(
        self,
        http: httpx.Client | httpx.AsyncClient,
        operation: Operation,
        body: Any,
        options: CallOptions | None,
    ) -> tuple[Attempt, Generator[Step, Reply, RawResponse[Any]]]:
        """Check and serialise the call now; return its record and the plan that performs it."""
        payload, content, opts = self.prepare(operation, body, options)
        call = Attempt(payload, operation)
        plan = self._attempts(http, operation, call, content, opts)
        return call, plan if operation.read_only else settling(self.outbox, self.scope, call, plan)

    def resolve_unsettled(
        self, http: httpx.Client | httpx.AsyncClient, target: OutcomeUnknownError | UnsettledWrite,
        deadline: float | None,
    ) -> Generator[Step, Reply, RawResponse[Any] | None]:  # fmt: skip
        """[`resolve`][] an unknown outcome or an outbox entry; once settled, the entry leaves the list."""
        error = target if isinstance(target, OutcomeUnknownError) else entry_error(target)
        found = yield from self.resolve(http, error, self.clock(), deadline)
        if error.unsettled_id is not None:
            self.outbox.settle(self.scope, error.unsettled_id)
        return found

    def _attempts(
        self,
        http: httpx.Client | httpx.AsyncClient,
        operation: Operation,
        call: Attempt,
        content: bytes,
        opts: CallOptions,
    ) -> Generator[Step, Reply, RawResponse[Any]]:
        """Send, and decide after each failure: retry, settle by lookup, or raise."""
        max_retries = opts.get("max_retries", self.max_retries)
        limits = (
            httpx.Timeout(opts["timeout"]) if "timeout" in opts else self.timeout or http.timeout
        ).as_dict()
        # a per-call timeout bounds the whole call: budget waits, 429 pauses, backoffs and each request
        deadline = self.ticks() + opts["timeout"] if "timeout" in opts else None
        while True:
            headers = self.headers(operation, opts)
            call.trace = call.trace or headers["trace"]  # the first attempt's trace names the call
            try:
                booking = yield from self._pace(operation, headers["trace"], deadline)
            except BridgeError as refused_here:  # a ban, the budget or its store: this attempt never left
                if not operation.read_only:  # reads carry no outcome
                    tag(refused_here, call.payload, call.number)
                    refused_here.outcome = "not_sent" if not call.maybe_landed else "unknown"
                raise
            if deadline is not None:
                left = max(0.001, deadline - self.ticks())
                limits = {
                    phase: left if limit is None else min(limit, left) for phase, limit in limits.items()
                }
            call.number += 1
            if self.on_request is not None:
                event = CallEvent(
                    "request", operation.operation_id, operation.biz_type, headers["trace"], call.number
                )
                yield HookCall(self.on_request, event)
            started = time.perf_counter()
            call.timestamp_ms = self.auth.now_ms()
            call.first_timestamp_ms = call.first_timestamp_ms or call.timestamp_ms
            call.local_ms = call.timestamp_ms - self.clock_offset_ms
            if not operation.read_only:
                record_intent(self.outbox, self.scope, call, self._settle_after(call))
            # built inline and signed here: no local keeps the signed request or its signature once sent
            # (tracebacks keep frames); sent past the client's auth flow (see BridgeAuth.headers_for)
            reply = yield httpx.Request(
                "POST",
                self._url(http, operation),
                content=content,
                headers={
                    **self._defaults,
                    **headers,
                    **self.auth.headers_for(operation, content, call.timestamp_ms),
                },
                extensions={"timeout": limits, OPERATION_EXTENSION: operation},
            )
            elapsed_ms = (time.perf_counter() - started) * 1000
            if booking is not None and self.budget is not None:  # the platform counted it by now
                self._best_effort(self.coordinator.finish, self.scope, booking, self.ticks(), self.budget)
            try:
                result = self._outcome(operation, reply, headers["trace"], elapsed_ms, call)
            except BridgeError as error:
                tag(error, call.payload, call.number)
                if self.on_error is not None:
                    yield HookCall(
                        self.on_error,
                        CallEvent(
                            "error", operation.operation_id, operation.biz_type, headers["trace"],
                            call.number, error.http_status, elapsed_ms, error,
                        ),
                    )  # fmt: skip
                may_resend = call.number <= max_retries
                if isinstance(error, TimestampError) and call.number == 1 and may_resend:
                    continue  # rejected by the gateway before any processing: re-sign once
                if operation.read_only:
                    delay = self._read_retry_delay(error, call.number - 1, max_retries)
                    if delay is None or (deadline is not None and self.ticks() + delay >= deadline):
                        raise
                    yield delay
                    continue
                delay = self._backoff(call.number - 1)
                may_resend = may_resend and (deadline is None or self.ticks() + delay < deadline)
                settled = yield from self._write_failed(http, operation, call, error, may_resend)
                if settled is not None:
                    return settled
                yield delay  # safe to send again (see settlement)
                continue
            if self.on_response is not None:
                yield HookCall(
                    self.on_response,
                    CallEvent(
                        "response", operation.operation_id, operation.biz_type, headers["trace"],
                        call.number, result.status_code, elapsed_ms,
                    ),
                )  # fmt: skip
            return result

    def _outcome(
        self, operation: Operation, reply: Reply, trace: str, elapsed_ms: float, call: Attempt
    ) -> RawResponse[Any]:
        if not isinstance(reply, httpx.Response):
            error = self._transport_error(operation, reply, trace)
            self._log(operation, trace, None, elapsed_ms, type(error).__name__, call)
            raise error from _detached(reply)
        fast = read_success(operation, reply.status_code, reply.content)
        if fast is not None:  # the common case, in one pass (no second parse for trace and tm)
            self._log(operation, trace, reply.status_code, elapsed_ms, "ok", call)
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
            self._log(
                operation, trace, reply.status_code, elapsed_ms, f"{type(error).__name__}:{error.code}", call
            )
            self._learn_from(error, reply.headers.get("date"))
            raise
        self._log(operation, trace, reply.status_code, elapsed_ms, "ok", call)
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

    @staticmethod
    def _transport_error(operation: Operation, exc: BaseException | None, trace: str) -> TransportError:
        cls = APITimeoutError if isinstance(exc, httpx.TimeoutException) else TransportError
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
        """Seconds to wait before the next attempt of a read, or None to give up (the retry table)."""
        if attempt >= max_retries or not failure_policy(error).read_retry:
            return None
        return self._backoff(attempt)

    @staticmethod
    def _backoff(attempt: int) -> float:
        """Exponential backoff with a little jitter: 0.5 s, 1 s, 2 s ... at most 8 s."""
        return min(8.0, 0.5 * 2.0**attempt) * (1 + random.random() / 10)

    def _log(
        self,
        operation: Operation,
        trace: str,
        status: int | None,
        elapsed_ms: float,
        outcome: str,
        call: Attempt | None = None,
    ) -> None:
        """One DEBUG line per answer: ``call`` (the first attempt's trace) is the same for every
        attempt of one call and for its settlement, ``attempt`` counts its attempts (0 when no call is
        given), ``trace`` is this answer's."""
        if logger.isEnabledFor(logging.DEBUG):
            logger.debug(
                "bizType=%s call=%s attempt=%d trace=%s status=%s elapsed_ms=%.1f outcome=%s apiKey=%s",
                operation.biz_type,
                (call.trace if call is not None else "") or trace,
                call.number if call is not None else 0,
                trace,
                status,
                elapsed_ms,
                outcome,
                self.auth.api_key_masked,
            )


def _detached(exc: BaseException | None) -> BaseException | None:
    """A copy of an httpx exception without its request (which carries the signed headers)."""
    if exc is None:
        return None
    try:
        return type(exc)(str(exc))
    except Exception:
        return ConnectionError(f"{type(exc).__name__}: {exc}")
