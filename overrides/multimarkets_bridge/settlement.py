"""Write settlement: what a failed write's outcome is, and how it is settled without sending it twice.

The rules (README, Resilience) hold on any platform model:

* A write is sent again automatically only when it provably never left (``outcome == "not_sent"``), or
  when the spec says a second send can have no second effect (``x-retry-lookup`` ``platform-dedupes``)
  and a lookup found no record.
* A write whose answer was lost is looked up (spec ``x-retry-lookup``): a found record is the call's
  result; anything else is an [`OutcomeUnknownError`][] naming the record key, the request time and
  what the lookups saw. A "not found" proves nothing while the original may still be processed, so
  ``resolve_outcome`` answers "not landed" only from lookups made after the original's ``recvWindow``
  has passed on the platform's clock.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Generator, Mapping
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from typing import TYPE_CHECKING, Any

import httpx
from multimarkets_bridge_client.registry import OPERATIONS, WIRE_NAMES

from .envelope import unwrap
from .errors import (
    APIError,
    BridgeError,
    IdempotencyKeyReusedError,
    InvalidRequestError,
    OutcomeUnknownError,
    TransportError,
    failure_policy,
)
from .hooks import HookCall
from .inputs import encode_body
from .operation import CallOptions, Operation, RawResponse
from .outbox import UnsettledWrite

if TYPE_CHECKING:
    from .auth import BridgeAuth

__all__ = [
    "NOT_FOUND_CONFIRMATIONS",
    "SETTLE_MARGIN_MS",
    "Attempt",
    "WriteSettlement",
    "entry_error",
    "settle_lookup",
]

#: A lookup must say "not found" this many times in a row (with a pause between) before the runtime
#: takes it as "not there": one not-found may only mean the platform has not indexed the record yet.
NOT_FOUND_CONFIRMATIONS = 2
#: Added to a request's ``recvWindow`` before a "not found" may prove it did not land: the platform
#: accepts timestamps up to 1 s ahead of its clock, and the clock offset is known to about 1 s.
SETTLE_MARGIN_MS = 2_000
#: The window the platform applies when no ``recvWindow`` header is sent (spec, signing page).
PLATFORM_DEFAULT_RECV_WINDOW_MS = 5_000

Step = float | httpx.Request | HookCall  # a pause in seconds, a request to send, or a hook to run
Reply = httpx.Response | httpx.HTTPError | None


@dataclass
class Attempt:
    """What one call has done so far (kept by the call plan, read by the settlement)."""

    payload: dict[str, Any]
    operation: Operation
    number: int = 0
    #: an earlier attempt of this write may have been applied
    maybe_landed: bool = False
    #: the signed timestamp of the last attempt sent, and this host's clock when it was signed
    timestamp_ms: int | None = None
    local_ms: int | None = None
    #: the signed timestamp of the first attempt sent (no record made by this write is older)
    first_timestamp_ms: int | None = None
    #: the write's outbox entry (recorded before its first attempt left)
    intent: str | None = None
    #: the first attempt's trace: the call's name in log lines across its retries
    trace: str = ""


class WriteSettlement:
    """The part of the call plan that decides after a write failed (mixed into the call core)."""

    auth: BridgeAuth
    lookup_attempts: int
    clock_offset_ms: int

    def _attempts(
        self,
        http: httpx.Client | httpx.AsyncClient,
        operation: Operation,
        call: Attempt,
        content: bytes,
        opts: CallOptions,
    ) -> Generator[Step, Reply, RawResponse[Any]]:
        raise NotImplementedError  # the call plan's send loop

    @staticmethod
    def _backoff(attempt: int) -> float:
        raise NotImplementedError

    def _log(
        self,
        operation: Operation,
        trace: str,
        status: int | None,
        elapsed_ms: float,
        outcome: str,
        call: Attempt | None = None,
    ) -> None:
        raise NotImplementedError

    def _write_failed(
        self,
        http: httpx.Client | httpx.AsyncClient,
        operation: Operation,
        call: Attempt,
        error: BridgeError,
        may_resend: bool,
    ) -> Generator[Step, Reply, RawResponse[Any] | None]:
        """After a write's attempt failed: the settled result, None to send it again (only when that
        is safe and ``may_resend``), or raise ``error`` / an [`OutcomeUnknownError`][]."""
        rule = operation.retry_lookup
        outcome = failure_policy(error).write_outcome  # the one retry table
        if outcome == "not_landed" and call.maybe_landed:
            # our earlier attempt may be what the platform is answering about
            outcome = "landed" if rule is not None and error.code in rule.duplicate_codes else "unknown"
        error.outcome, error.retryable = outcome, outcome == "not_sent"
        if outcome == "not_sent":
            if may_resend:
                return None
            raise error
        if outcome == "not_landed":
            raise error
        call.maybe_landed = True
        if rule is None or lookup_fields(operation, call.payload) is None:
            if outcome == "landed":
                raise error
            raise self._unknown(operation, call, error) from error
        found = yield from self._settle(http, operation, call.payload, error, call)
        if found is not None:
            return found
        if outcome == "landed":
            raise error  # applied, whatever a lagging lookup says; the error names the key
        if rule.platform_dedupes and may_resend:
            return None  # a second send cannot have a second effect
        raise self._unknown(operation, call, error, lookup_saw="not_found") from error

    def _settle(
        self,
        http: httpx.Client | httpx.AsyncClient,
        operation: Operation,
        payload: Mapping[str, Any],
        error: BridgeError,
        call: Attempt,
    ) -> Generator[Step, Reply, RawResponse[Any] | None]:
        """Look the write's record up: the found record as the write's answer, or None when the lookup
        said "not found" (or "not in a landed state") ``NOT_FOUND_CONFIRMATIONS`` times in a row.

        Raises [`OutcomeUnknownError`][] when the lookups fail, and
        [`IdempotencyKeyReusedError`][] when the record under the key is a different one.
        """
        rule = operation.retry_lookup
        lookup = lookup_fields(operation, payload)
        if rule is None or lookup is None:
            raise self._unknown(operation, call, error) from error
        lookup_op = OPERATIONS[rule.operation_id]
        not_found = 0
        last: BridgeError = error
        for round_ in range(self.lookup_attempts):
            if round_:
                yield self._backoff(round_ - 1)
            try:
                found = yield from self._attempts(
                    http, lookup_op, Attempt(lookup, lookup_op), encode_body(lookup), {"max_retries": 0}
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
            differ = mismatches(rule.match, payload, record)
            if differ:
                reused = IdempotencyKeyReusedError(
                    f"{operation.operation_id}: a different record already uses this key "
                    f"({', '.join(differ)} differ); this request was not confirmed",
                    mismatches=differ,
                    trace=found.trace,
                    biz_type=operation.biz_type,
                    operation_id=operation.operation_id,
                )
                tag(reused, payload, call.number)
                held_by = record.get("orderId")
                reused.order_id = str(held_by) if held_by is not None else reused.order_id
                reused.outcome = "unknown" if call.maybe_landed else "not_landed"
                raise reused from None
            earlier = _created_before(rule.created_at, record, call.first_timestamp_ms)
            if earlier is not None:
                raise self._reused_earlier(operation, call, record, earlier, found.trace) from None
            if any(str(record.get(name)) not in values for name, values in rule.landed_when.items()):
                not_found += 1  # the record exists but the write's effect is not on it (yet)
                if not_found >= NOT_FOUND_CONFIRMATIONS:
                    return None
                continue
            data = unwrap(operation, found.envelope, http_status=found.status_code, request_trace=found.trace)
            self._log(
                operation, found.trace or "", found.status_code, found.elapsed_ms, "settled-by-lookup", call
            )
            return dataclasses.replace(found, data=data)  # the lookup's answer, as the write's result
        raise self._unknown(operation, call, error, last, lookup_saw="failed") from error

    def _reused_earlier(
        self,
        operation: Operation,
        call: Attempt,
        record: Mapping[str, Any],
        created_ms: int,
        trace: str | None,
    ) -> IdempotencyKeyReusedError:
        """The lookup found a record made before this write was first sent: an earlier write under the
        same key, never this write's result (which, on a platform that does not reject a reused key,
        may exist beside it)."""
        held_by = record.get("orderId")
        keys = ", ".join(
            f"{k}={call.payload[k]}" for k in ("clientOrderId", "orderId") if call.payload.get(k)
        )
        reused = IdempotencyKeyReusedError(
            f"{operation.operation_id}: the key ({keys}) already names an earlier record (orderId={held_by}, "
            f"created {created_ms} ms, before this write's first send at {call.first_timestamp_ms} ms); this "
            f"write {'may have been applied as well' if call.maybe_landed else 'was not confirmed'} and "
            f"cannot be told apart by the key - reconcile it from notifications or the order list",
            mismatches={"createdBefore": (call.first_timestamp_ms, created_ms)},
            trace=trace,
            biz_type=operation.biz_type,
            operation_id=operation.operation_id,
        )
        tag(reused, call.payload, call.number)
        reused.order_id = str(held_by) if held_by is not None else reused.order_id
        reused.outcome = "unknown" if call.maybe_landed else "not_landed"
        return reused

    def resolve(
        self,
        http: httpx.Client | httpx.AsyncClient,
        error: OutcomeUnknownError,
        now: float,
        deadline: float | None,
    ) -> Generator[Step, Reply, RawResponse[Any] | None]:
        """Settle an [`OutcomeUnknownError`][] later (``BridgeClient.resolve_outcome``): wait until
        the original can no longer be applied (``error.settle_after``, at most ``deadline`` seconds),
        then look it up; None only from lookups made after that moment."""
        if not isinstance(error, OutcomeUnknownError):
            raise InvalidRequestError(
                f"resolve_outcome takes an OutcomeUnknownError, not {type(error).__name__}"
            )
        if deadline is not None and (
            isinstance(deadline, bool) or not isinstance(deadline, int | float) or not deadline >= 0
        ):
            raise InvalidRequestError("deadline must be a number of seconds >= 0, or None")
        operation = OPERATIONS.get(error.operation_id or "")
        if operation is None or operation.retry_lookup is None or not error.lookup:
            raise InvalidRequestError(
                "this outcome cannot be looked up: the operation names no lookup in the spec "
                "or the request carried no record key",
                trace=error.trace,
                operation_id=error.operation_id,
            )
        wait = (error.settle_after or 0.0) - now
        if wait > 0:
            if deadline is not None and wait > deadline:
                again = error.again(
                    f"{error.operation_id}: the original request may still be applied for {wait:.1f} s "
                    f"(its recvWindow has not passed); call resolve_outcome again later or with a "
                    f"larger deadline"
                )
                raise again from error
            yield wait
        call = Attempt(dict(error.lookup), operation, number=error.attempts, maybe_landed=True)
        call.first_timestamp_ms = error.request_time_ms
        return (yield from self._settle(http, operation, error.lookup, error, call))

    def interrupted(self, call: Attempt, stop: BaseException) -> OutcomeUnknownError:
        """The unknown outcome of a write interrupted after a request left (see the client shells)."""
        operation = call.operation
        cause = TransportError(
            f"{operation.operation_id}: interrupted by {type(stop).__name__} after a request was sent",
            biz_type=operation.biz_type,
            operation_id=operation.operation_id,
        )
        return self._unknown(operation, call, cause)

    def _unknown(
        self,
        operation: Operation,
        call: Attempt,
        error: BridgeError,
        lookup_error: BridgeError | None = None,
        *,
        lookup_saw: str | None = None,
    ) -> OutcomeUnknownError:
        payload = call.payload
        keys = lookup_fields(operation, payload)
        ids = ", ".join(f"{k}={payload[k]}" for k in ("clientOrderId", "orderId") if payload.get(k))
        why = (
            f"; the lookup answered {type(lookup_error).__name__}"
            if lookup_error is not None and lookup_error is not error
            else "; the lookup did not find it yet"
            if lookup_saw == "not_found"
            else ""
        )
        unknown = OutcomeUnknownError(
            f"{operation.operation_id}: the platform may have applied this request "
            f"({type(error).__name__}{why}); do not send it again - resolve it with "
            f"client.resolve_outcome(error){' (' + ids + ')' if ids else ''}",
            lookup=keys,
            request_time_ms=call.timestamp_ms,
            settle_after=self._settle_after(call),
            lookup_saw=lookup_saw,
            trace=error.trace,
            code=error.code,
            http_status=error.http_status,
            biz_type=operation.biz_type,
            operation_id=operation.operation_id,
        )
        tag(unknown, payload, call.number)
        unknown.lookup = settle_lookup(operation, payload)
        unknown.unsettled_id = call.intent
        return unknown

    def _settle_after(self, call: Attempt) -> float | None:
        """Epoch seconds on this host's clock after which the last attempt can no longer be applied."""
        if call.local_ms is None:
            return None
        window = self.auth.recv_window_ms or PLATFORM_DEFAULT_RECV_WINDOW_MS
        return (call.local_ms + window + SETTLE_MARGIN_MS) / 1000


def entry_error(entry: UnsettledWrite) -> OutcomeUnknownError:
    """An outbox entry as the unknown outcome ``resolve`` settles."""
    if not isinstance(entry, UnsettledWrite):
        raise InvalidRequestError(
            f"resolve_outcome takes an OutcomeUnknownError or an UnsettledWrite, not {type(entry).__name__}"
        )
    operation = OPERATIONS.get(entry.operation_id)
    error = OutcomeUnknownError(
        f"{entry.operation_id}: a write recorded as unsettled ({entry.id}, trace {entry.trace})",
        lookup=entry.lookup,
        request_time_ms=entry.request_time_ms,
        settle_after=entry.settle_after,
        trace=entry.trace,
        biz_type=operation.biz_type if operation else None,
        operation_id=entry.operation_id,
    )
    error.client_order_id, error.order_id, error.unsettled_id = (
        entry.client_order_id,
        entry.order_id,
        entry.id,
    )
    return error


def tag(error: BridgeError, payload: Mapping[str, Any], attempts: int) -> None:
    """Attach the request's record keys and the number of attempts to an error."""
    client_order_id, order_id = payload.get("clientOrderId"), payload.get("orderId")
    error.client_order_id = client_order_id if isinstance(client_order_id, str) else None
    error.order_id = order_id if isinstance(order_id, str) else None
    error.attempts = attempts


def lookup_fields(operation: Operation, payload: Mapping[str, Any]) -> dict[str, Any] | None:
    """The lookup body for a write (its fields that the lookup schema knows), or None without a key."""
    rule = operation.retry_lookup
    if rule is None or not any(payload.get(key) for key in rule.keys):
        return None
    known = _schema_fields(OPERATIONS[rule.operation_id].body_schema)
    return {name: value for name, value in payload.items() if name in known and value is not None}


def settle_lookup(operation: Operation, payload: Mapping[str, Any]) -> dict[str, Any]:
    """What ``resolve_outcome`` needs to settle a write later: the lookup's fields and the spec's
    ``match`` fields (no credentials travel); empty when the write has no lookup."""
    rule, keys = operation.retry_lookup, lookup_fields(operation, payload)
    if rule is None or keys is None:
        return {}
    return {**keys, **{k: payload[k] for k in rule.match if payload.get(k) is not None}}


@cache
def _schema_fields(schema: str) -> frozenset[str]:
    return frozenset(WIRE_NAMES[schema].values())


def mismatches(names: tuple[str, ...], sent: Mapping[str, Any], found: Mapping[str, Any]) -> dict[str, Any]:
    """The ``match`` fields on which a found record disagrees with the request: ``{name: (sent, found)}``."""
    differ: dict[str, Any] = {}
    for name in names:
        if sent.get(name) is None or found.get(name) is None:
            continue
        if not _same(sent[name], found[name]):
            differ[name] = (sent[name], found[name])
    return differ


def _created_before(field: str | None, record: Mapping[str, Any], first_ms: int | None) -> int | None:
    """The record's creation time when it precedes ``first_ms`` by more than the clocks' uncertainty
    (``SETTLE_MARGIN_MS``), else None."""
    created = record.get(field) if field else None
    if first_ms is None or isinstance(created, bool) or not isinstance(created, int | str):
        return None
    try:
        created_ms = int(created)
    except ValueError:
        return None
    return created_ms if created_ms < first_ms - SETTLE_MARGIN_MS else None


def _same(a: Any, b: Any) -> bool:
    try:
        return Decimal(str(a)) == Decimal(str(b))
    except ArithmeticError:
        return str(a) == str(b)
