"""The call plan: one Bridge call as a sans-I/O generator, shared by the sync and async clients.

[`CallCore`][] checks and serialises the typed body ([`prepare`][CallCore.prepare]), then performs the
call as short steps over an explicit [`CallContext`][multimarkets_bridge.call_context.CallContext]:
pace ([`.pacing`][]) -> sign and send -> read the answer ([`.envelope`][]) -> on failure, retry a read
([`.retry`][]) or settle a write ([`.settlement`][]). An error leaves through [`.intents`][] once. The
plan yields "sleep", "send" and "hook" steps; the client shells ([`.client`][]) only differ in how
they perform them. The collaborators are objects the core holds and hands what they need (the
settlement gets a function that sends its lookups), not mixins that reach into it.
"""

from __future__ import annotations

import copy
import time
from collections.abc import Callable, Generator, Mapping
from typing import Any, Literal, cast

import httpx
from multimarkets_bridge_client.registry import BY_BIZ_TYPE
from multimarkets_bridge_client.types import UNSET

from .answers import read_reply
from .auth import OPERATION_EXTENSION, SIGNED_HEADERS, BridgeAuth, new_trace
from .call_context import Attempt, CallContext, Reply, Step
from .coordination import (
    Coordinator,
    RateBudget,
    pacing_clock,
    process_coordinator,
    scope_for,
)
from .errors import (
    BridgeError,
    ConfigurationError,
    OutcomeUnknownError,
    TimestampError,
    TransportError,
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
from .intents import record_intent, settling, stamp, stamped
from .logs import AnswerLog
from .operation import CallOptions, Operation, RawResponse
from .outbox import Outbox, UnsettledWrite, attached_outbox
from .pacing import Pacer, SigningClock, best_effort
from .request_schema import body_violation
from .retry import backoff, read_retry_delay
from .settings import check_core_settings
from .settlement import Settlement, entry_error, settle_after, unknown_outcome
from .signing import Signer

__all__ = ["CallCore"]


class CallCore:
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
        hooks = (on_request, on_response, on_error)
        signer = check_core_settings(
            signer, api_key, max_retries, lookup_attempts, rate_limit_per_minute, hooks
        )
        if rate_budget is None and rate_limit_per_minute is not None:
            rate_budget = RateBudget(limit=rate_limit_per_minute)
        scope = scope_for(base_url, api_key)
        # a clock given alone (a simulation) drives the waits too; else they never step back
        ticks = monotonic_clock or clock or pacing_clock
        coordinator = coordinator or process_coordinator(system_clock=ticks is pacing_clock)
        self.outbox: Outbox = attached_outbox(coordinator, scope, durable=ticks is pacing_clock)
        self.trace_factory: Callable[[], str] = trace_factory or new_trace
        #: the signing clock, corrected by the offset learnt from the platform after a 00012002 (time
        #: window) rejection and shared through the coordinator
        learnt = best_effort(coordinator.clock_offset_ms, scope) or 0
        self.clock: SigningClock = SigningClock(clock or time.time, learnt)
        self.pacer: Pacer = Pacer(coordinator, scope, rate_budget, ticks, self.clock)
        self.auth: BridgeAuth = BridgeAuth(
            api_key=api_key,
            signer=signer,
            company_id=company_id,
            routing=BY_BIZ_TYPE,
            recv_window=recv_window,
            lang=lang,
            clock_ms=self.clock.now_ms,
        )
        self.log: AnswerLog = AnswerLog(self.auth.api_key_masked)
        self.max_retries: int = max_retries
        self.lookup_attempts: int = lookup_attempts
        #: The timeout of calls made through this core (None: the httpx client's own).
        self.timeout: httpx.Timeout | None = None
        self.on_request: Hook | None = on_request
        self.on_response: Hook | None = on_response
        self.on_error: Hook | None = on_error
        self._base_url = httpx.URL(base_url.rstrip("/") + "/")
        self._urls: dict[str, httpx.URL] = {}
        #: headers of every call: the httpx client's own (user-agent, ...) then ``default_headers``
        self._default_headers = dict(default_headers or {})
        self._defaults: dict[str, str] = {}

    @property
    def coordinator(self) -> Coordinator:
        return self.pacer.coordinator

    @coordinator.setter
    def coordinator(self, coordinator: Coordinator) -> None:
        self.pacer.coordinator = coordinator

    @property
    def budget(self) -> RateBudget | None:
        return self.pacer.budget

    @property
    def scope(self) -> str:
        """The apiKey's scope in the coordinator (budget, bans, outbox)."""
        return self.pacer.scope

    @property
    def ticks(self) -> Callable[[], float]:
        return self.pacer.ticks

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
        plan = self._attempts(self._context(http, call, content, opts))
        if operation.read_only:
            return call, stamped(call, plan)
        return call, settling(self.outbox, self.scope, call, plan)

    def resolve_unsettled(
        self, http: httpx.Client | httpx.AsyncClient, target: OutcomeUnknownError | UnsettledWrite,
        deadline: float | None,
    ) -> Generator[Step, Reply, RawResponse[Any] | None]:  # fmt: skip
        """Settle an unknown outcome or an outbox entry later; once settled, the entry leaves the list."""
        error = target if isinstance(target, OutcomeUnknownError) else entry_error(target)
        settlement = self._settlement(http)
        call = settlement.reopened(error)
        found = yield from stamped(call, settlement.resolve(call, error, self.clock.wall(), deadline))
        if error.unsettled_id is not None:
            self.outbox.settle(self.scope, error.unsettled_id)
        return found

    def interrupted(self, call: Attempt, stop: BaseException) -> OutcomeUnknownError:
        """The unknown outcome of a write interrupted after a request left (see the client shells)."""
        operation = call.operation
        cause = TransportError(
            f"{operation.operation_id}: interrupted by {type(stop).__name__} after a request was sent",
            biz_type=operation.biz_type,
            operation_id=operation.operation_id,
        )
        unknown = unknown_outcome(call, cause, self.auth.recv_window_ms)
        stamp(unknown, call)
        return unknown

    def _context(
        self, http: httpx.Client | httpx.AsyncClient, call: Attempt, content: bytes, opts: CallOptions
    ) -> CallContext:
        """The call's bounds: a per-call timeout bounds the whole call (budget waits, 429 pauses,
        backoffs and each request), else each request has the client's timeouts."""
        timeout = httpx.Timeout(opts["timeout"]) if "timeout" in opts else self.timeout or http.timeout
        return CallContext(
            http=http,
            call=call,
            content=content,
            options=opts,
            max_retries=opts.get("max_retries", self.max_retries),
            limits=timeout.as_dict(),
            deadline=self.ticks() + opts["timeout"] if "timeout" in opts else None,
        )

    def _settlement(self, http: httpx.Client | httpx.AsyncClient) -> Settlement:
        """The settlement of this core's writes, sending its lookups through ``http``."""

        def run_lookup(
            operation: Operation, payload: dict[str, Any]
        ) -> Generator[Step, Reply, RawResponse[Any]]:
            call = Attempt(payload, operation)
            return self._attempts(self._context(http, call, encode_body(payload), {"max_retries": 0}))

        return Settlement(run_lookup, self.lookup_attempts, self.auth.recv_window_ms, self.log)

    def _attempts(self, ctx: CallContext) -> Generator[Step, Reply, RawResponse[Any]]:
        """Pace, send and read until an answer, a settled write or an error."""
        while True:
            headers = self.headers(ctx.operation, ctx.options)
            trace = headers["trace"]
            ctx.call.trace = ctx.call.trace or trace  # the first attempt's trace names the call
            booking = yield from self.pacer.pace(ctx.operation, trace, ctx.deadline)
            reply, elapsed_ms = yield from self._send(ctx, headers)
            self.pacer.finish(booking)  # the platform counted it by now
            try:
                result = read_reply(ctx, reply, trace, elapsed_ms, self.log, self.pacer)
            except BridgeError as error:
                yield from self._hook(
                    self.on_error, "error", ctx, trace, error.http_status, elapsed_ms, error
                )
                settled = yield from self._after_failure(ctx, error)
                if settled is None:
                    continue
                return settled
            yield from self._hook(self.on_response, "response", ctx, trace, result.status_code, elapsed_ms)
            return result

    def _send(self, ctx: CallContext, headers: dict[str, str]) -> Generator[Step, Reply, tuple[Reply, float]]:
        """Record a write's intent, sign and send one attempt: its reply and elapsed milliseconds."""
        call = ctx.call
        limits = ctx.request_limits(self.ticks)
        call.number += 1
        yield from self._hook(self.on_request, "request", ctx, headers["trace"])
        started = time.perf_counter()
        call.timestamp_ms = self.auth.now_ms()
        call.first_timestamp_ms = call.first_timestamp_ms or call.timestamp_ms
        call.local_ms = call.timestamp_ms - self.clock.offset_ms
        if not ctx.operation.read_only:
            record_intent(self.outbox, self.scope, call, settle_after(call, self.auth.recv_window_ms))
        # built inline and signed here: no local keeps the signed request or its signature once sent
        # (tracebacks keep frames); sent past the client's auth flow (see BridgeAuth.headers_for)
        reply = yield httpx.Request(
            "POST",
            self._url(ctx.http, ctx.operation),
            content=ctx.content,
            headers={
                **self._defaults,
                **headers,
                **self.auth.headers_for(ctx.operation, ctx.content, call.timestamp_ms),
            },
            extensions={"timeout": limits, OPERATION_EXTENSION: ctx.operation},
        )
        return reply, (time.perf_counter() - started) * 1000

    def _after_failure(
        self, ctx: CallContext, error: BridgeError
    ) -> Generator[Step, Reply, RawResponse[Any] | None]:
        """After a failed attempt: None to send again (after the pause it yielded), a write's settled
        answer, or raise (a read out of retries, a write that cannot be sent again)."""
        call = ctx.call
        may_resend = call.number <= ctx.max_retries
        if isinstance(error, TimestampError) and call.number == 1 and may_resend:
            return None  # rejected by the gateway before any processing: re-sign once
        if ctx.operation.read_only:
            delay = read_retry_delay(error, call.number - 1, ctx.max_retries)
            if delay is None or not ctx.fits(self.ticks, delay):
                raise error
            yield delay
            return None
        delay = backoff(call.number - 1)
        may_resend = may_resend and ctx.fits(self.ticks, delay)
        settled = yield from self._settlement(ctx.http).write_failed(call, error, may_resend)
        if settled is None:
            yield delay  # safe to send again (see settlement)
        return settled

    def _hook(
        self,
        hook: Hook | None,
        kind: Literal["request", "response", "error"],
        ctx: CallContext,
        trace: str,
        status: int | None = None,
        elapsed_ms: float | None = None,
        error: BridgeError | None = None,
    ) -> Generator[Step, Reply, None]:
        """Run ``hook`` (when there is one) with this attempt's event."""
        if hook is not None:
            operation = ctx.operation
            event = CallEvent(
                kind,
                operation.operation_id,
                operation.biz_type,
                trace,
                ctx.call.number,
                status,
                elapsed_ms,
                error,
            )
            yield HookCall(hook, event)
