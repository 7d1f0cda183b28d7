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
from collections.abc import Callable, Generator, Mapping
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from typing import Any

from multimarkets_bridge_client.registry import OPERATIONS, PLATFORM, WIRE_NAMES

from .call_context import Attempt, Reply, Step
from .envelope import unwrap
from .errors import (
    APIError,
    BridgeError,
    IdempotencyKeyReusedError,
    InvalidRequestError,
    OutcomeUnknownError,
    failure_policy,
)
from .logs import AnswerLog
from .operation import Operation, RawResponse
from .outbox import UnsettledWrite
from .retry import backoff

__all__ = [
    "NOT_FOUND_CONFIRMATIONS",
    "SETTLE_MARGIN_MS",
    "LookupRun",
    "Settlement",
    "entry_error",
    "settle_after",
    "settle_lookup",
    "unknown_outcome",
]

#: A lookup must say "not found" this many times in a row (with a pause between) before the runtime
#: takes it as "not there": one not-found may only mean the platform has not indexed the record yet.
NOT_FOUND_CONFIRMATIONS = 2
#: Added to a request's ``recvWindow`` before a "not found" may prove it did not land: the platform
#: accepts timestamps up to 1 s ahead of its clock, and the clock offset is known to about 1 s.
SETTLE_MARGIN_MS = 2_000
#: Sends one read of a lookup operation (no retries of its own) and returns its answer.
LookupRun = Callable[[Operation, dict[str, Any]], Generator[Step, Reply, RawResponse[Any]]]


@dataclass(frozen=True)
class Settlement:
    """What happens after a write failed, and how an unknown outcome is settled by lookup.

    Built by the call core for one client's connection with everything it needs: ``run_lookup`` sends
    the lookups, ``recv_window_ms`` is the window the write was signed with. It only decides; record
    keys and attempt counts are put on an error where it leaves the call (``intents.stamp``).
    """

    run_lookup: LookupRun
    lookup_attempts: int
    recv_window_ms: int | None
    log: AnswerLog

    def write_failed(
        self, call: Attempt, error: BridgeError, may_resend: bool
    ) -> Generator[Step, Reply, RawResponse[Any] | None]:
        """After a write's attempt failed: the settled result, None to send it again (only when that
        is safe and ``may_resend``), or raise ``error`` / an [`OutcomeUnknownError`][]."""
        outcome = _write_outcome(call, error)
        error.outcome, error.retryable = outcome, outcome == "not_sent"
        if outcome == "not_sent":
            if may_resend:
                return None
            if call.maybe_landed:  # this attempt never left, but an earlier one may have landed
                raise unknown_outcome(call, error, self.recv_window_ms) from error
            raise error
        if outcome == "not_landed":
            raise error
        call.maybe_landed = True
        rule = call.operation.retry_lookup
        if rule is None or lookup_fields(call.operation, call.payload) is None:
            if outcome == "landed":
                raise error
            raise unknown_outcome(call, error, self.recv_window_ms) from error
        found = yield from self.settle(call, error)
        if found is not None:
            return found
        if outcome == "landed":
            raise error  # applied, whatever a lagging lookup says; the error names the key
        if rule.platform_dedupes and may_resend:
            return None  # a second send cannot have a second effect
        raise unknown_outcome(call, error, self.recv_window_ms, lookup_saw="not_found") from error

    def settle(self, call: Attempt, error: BridgeError) -> Generator[Step, Reply, RawResponse[Any] | None]:
        """Look the write's record up: the found record as the write's answer, or None when the lookup
        said "not found" (or "not in a landed state") ``NOT_FOUND_CONFIRMATIONS`` times in a row.

        Raises [`OutcomeUnknownError`][] when the lookups fail, and
        [`IdempotencyKeyReusedError`][] when the record under the key is a different one.
        """
        rule = call.operation.retry_lookup
        lookup = lookup_fields(call.operation, call.payload)
        if rule is None or lookup is None:
            raise unknown_outcome(call, error, self.recv_window_ms) from error
        lookup_op = OPERATIONS[rule.operation_id]
        not_found = 0
        last: BridgeError = error
        for round_ in range(self.lookup_attempts):
            if round_:
                yield backoff(round_ - 1)
            try:
                found = yield from self.run_lookup(lookup_op, lookup)
            except BridgeError as lookup_error:
                last = lookup_error
                said = isinstance(lookup_error, APIError) and lookup_error.code in rule.not_found_codes
                not_found = not_found + 1 if said else 0
            else:
                record = _checked_record(call, found)
                if all(str(record.get(name)) in values for name, values in rule.landed_when.items()):
                    return self._as_result(call, found)
                not_found += 1  # the record exists but the write's effect is not on it (yet)
            if not_found >= NOT_FOUND_CONFIRMATIONS:
                return None
        raise unknown_outcome(call, error, self.recv_window_ms, last, lookup_saw="failed") from error

    def _as_result(self, call: Attempt, found: RawResponse[Any]) -> RawResponse[Any]:
        """The lookup's answer, as the write's result (its data read as the write's type)."""
        operation = call.operation
        data = unwrap(operation, found.envelope, http_status=found.status_code, request_trace=found.trace)
        self.log(operation, found.trace or "", found.status_code, found.elapsed_ms, "settled-by-lookup", call)
        return dataclasses.replace(found, data=data)

    def reopened(self, error: OutcomeUnknownError) -> Attempt:
        """The call an [`OutcomeUnknownError`][] (or an outbox entry made one) stands for, to settle it
        later; ``InvalidRequestError`` when it cannot be looked up."""
        if not isinstance(error, OutcomeUnknownError):
            raise InvalidRequestError(
                f"resolve_outcome takes an OutcomeUnknownError, not {type(error).__name__}"
            )
        operation = OPERATIONS.get(error.operation_id or "")
        if operation is None or operation.retry_lookup is None or not error.lookup:
            raise InvalidRequestError(
                "this outcome cannot be looked up: the operation names no lookup in the spec "
                "or the request carried no record key",
                trace=error.trace,
                operation_id=error.operation_id,
            )
        call = Attempt(dict(error.lookup), operation, number=error.attempts, maybe_landed=True)
        call.first_timestamp_ms, call.intent = error.request_time_ms, error.unsettled_id
        return call

    def resolve(
        self, call: Attempt, error: OutcomeUnknownError, now: float, deadline: float | None
    ) -> Generator[Step, Reply, RawResponse[Any] | None]:
        """Settle a [`reopened`][] call later (``BridgeClient.resolve_outcome``): wait until the
        original can no longer be applied (``error.settle_after``, at most ``deadline`` seconds), then
        look it up; None only from lookups made after that moment."""
        if deadline is not None and (
            isinstance(deadline, bool) or not isinstance(deadline, int | float) or not deadline >= 0
        ):
            raise InvalidRequestError("deadline must be a number of seconds >= 0, or None")
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
        return (yield from self.settle(call, error))


def _write_outcome(call: Attempt, error: BridgeError) -> str:
    """What a write's failed attempt means for the write (the one retry table, refined when an earlier
    attempt may have landed: a duplicate-key refusal then says it did)."""
    outcome = failure_policy(error).write_outcome
    if outcome == "not_landed" and call.maybe_landed:
        rule = call.operation.retry_lookup
        return "landed" if rule is not None and error.code in rule.duplicate_codes else "unknown"
    return outcome


def _checked_record(call: Attempt, found: RawResponse[Any]) -> Mapping[str, Any]:
    """The record a lookup found, when it can be this write's; [`IdempotencyKeyReusedError`][] when
    it differs from the write on a ``match`` field or was created before the write's first send."""
    operation, rule = call.operation, call.operation.retry_lookup
    record = found.envelope.get("data")
    record = record if isinstance(record, Mapping) else {}
    differ = mismatches(rule.match if rule else (), call.payload, record)
    if differ:
        raise _reused(
            call,
            record,
            f"{operation.operation_id}: a different record already uses this key "
            f"({', '.join(differ)} differ); this request was not confirmed",
            differ,
            found.trace,
        )
    earlier = _created_before(rule.created_at if rule else None, record, call.first_timestamp_ms)
    if earlier is not None:
        keys = ", ".join(
            f"{k}={call.payload[k]}" for k in ("clientOrderId", "orderId") if call.payload.get(k)
        )
        raise _reused(
            call,
            record,
            f"{operation.operation_id}: the key ({keys}) already names an earlier record (orderId="
            f"{record.get('orderId')}, created {earlier} ms, before this write's first send at "
            f"{call.first_timestamp_ms} ms); this write "
            f"{'may have been applied as well' if call.maybe_landed else 'was not confirmed'} and cannot "
            f"be told apart by the key - reconcile it from notifications or the order list",
            {"createdBefore": (call.first_timestamp_ms, earlier)},
            found.trace,
        )
    return record


def _reused(
    call: Attempt, record: Mapping[str, Any], message: str, differ: dict[str, Any], trace: str | None
) -> IdempotencyKeyReusedError:
    """The key names another record (``order_id``: that record's); this write did not land by it
    (``intents.stamp`` makes that unknown when an earlier attempt may have)."""
    operation = call.operation
    held_by = record.get("orderId")
    return IdempotencyKeyReusedError(
        message,
        mismatches=differ,
        trace=trace,
        biz_type=operation.biz_type,
        operation_id=operation.operation_id,
        outcome="not_landed",
        order_id=str(held_by) if held_by is not None else None,
    )


def unknown_outcome(
    call: Attempt,
    error: BridgeError,
    recv_window_ms: int | None,
    lookup_error: BridgeError | None = None,
    *,
    lookup_saw: str | None = None,
) -> OutcomeUnknownError:
    """The unknown outcome of ``call``, which failed with ``error`` (its last attempt signed with a
    ``recvWindow`` of ``recv_window_ms``)."""
    operation, payload = call.operation, call.payload
    ids = ", ".join(f"{k}={payload[k]}" for k in ("clientOrderId", "orderId") if payload.get(k))
    why = (
        f"; the lookup answered {type(lookup_error).__name__}"
        if lookup_error is not None and lookup_error is not error
        else "; the lookup did not find it yet"
        if lookup_saw == "not_found"
        else ""
    )
    return OutcomeUnknownError(
        f"{operation.operation_id}: the platform may have applied this request "
        f"({type(error).__name__}{why}); do not send it again - resolve it with "
        f"client.resolve_outcome(error){' (' + ids + ')' if ids else ''}",
        lookup=settle_lookup(operation, payload),
        request_time_ms=call.timestamp_ms,
        settle_after=settle_after(call, recv_window_ms),
        lookup_saw=lookup_saw,
        trace=error.trace,
        code=error.code,
        http_status=error.http_status,
        biz_type=operation.biz_type,
        operation_id=operation.operation_id,
    )


def settle_after(call: Attempt, recv_window_ms: int | None) -> float | None:
    """Epoch seconds on this host's clock after which the last attempt can no longer be applied."""
    if call.local_ms is None:
        return None
    window = recv_window_ms or PLATFORM.recv_window_ms  # the platform's when no header was sent
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
