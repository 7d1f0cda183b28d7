"""Where a call ends: the one place an error leaving it is completed, and a write's life in the outbox.

Every error that leaves a call passes [`stamp`][] once: it gets the request's record keys, the number
of attempts, the outbox entry of a write whose outcome is unknown - and a write that an earlier attempt
may have applied can no longer say "not sent" or "not landed". A write is recorded in the outbox before
each attempt leaves ([`record_intent`][]) and leaves the list when the call ends with a known outcome
([`settling`][]); a call cut short from outside (cancelled, timed out by its caller, killed) leaves the
entry listed (see [`outbox`][multimarkets_bridge.outbox]).
"""

from __future__ import annotations

from collections.abc import Generator
from typing import TypeVar

from .call_context import Attempt, Reply, Step
from .errors import BridgeError
from .journal import JournalError
from .outbox import Outbox, new_entry
from .settlement import settle_lookup

__all__ = ["KNOWN_OUTCOMES", "record_intent", "settling", "stamp", "stamped"]

#: Outcomes that settle a write: it never left, it was refused, or it is known to have been applied.
KNOWN_OUTCOMES = ("not_sent", "not_landed", "landed")

_T = TypeVar("_T")


def stamp(error: BridgeError, call: Attempt) -> None:
    """Complete an error as it leaves ``call`` (the only place this is done)."""
    payload = call.payload
    client_order_id, order_id = payload.get("clientOrderId"), payload.get("orderId")
    error.client_order_id = client_order_id if isinstance(client_order_id, str) else None
    if error.order_id is None:  # a reused key's error names the record that holds it
        error.order_id = order_id if isinstance(order_id, str) else None
    error.attempts = call.number
    if call.maybe_landed and error.outcome in ("not_sent", "not_landed"):
        error.outcome = "unknown"  # this attempt did not land, an earlier one may have
    if call.intent is not None and error.outcome not in KNOWN_OUTCOMES:
        error.unsettled_id = call.intent


def stamped(call: Attempt, plan: Generator[Step, Reply, _T]) -> Generator[Step, Reply, _T]:
    """Run ``plan``; an error leaving it is [`stamp`][]ed."""
    try:
        return (yield from plan)
    except BridgeError as error:
        stamp(error, call)
        raise


def settling(
    outbox: Outbox, scope: str, call: Attempt, plan: Generator[Step, Reply, _T]
) -> Generator[Step, Reply, _T]:
    """Run a write's plan ([`stamped`][]); its outbox entry leaves the list when the call ends with a
    known outcome."""
    try:
        result = yield from stamped(call, plan)
    except BridgeError as error:
        if call.intent is not None and error.outcome in KNOWN_OUTCOMES:
            outbox.settle(scope, call.intent)
        raise
    if call.intent is not None:
        outbox.settle(scope, call.intent)
    return result


def record_intent(outbox: Outbox, scope: str, call: Attempt, settle_after: float | None) -> None:
    """Record the write in the outbox before this attempt leaves; a failure raises a
    [`JournalError`][multimarkets_bridge.journal.JournalError] and the attempt is not sent."""
    operation = call.operation
    entry = new_entry(
        outbox,
        operation_id=operation.operation_id,
        lookup=settle_lookup(operation, call.payload),
        request_time_ms=call.timestamp_ms,
        settle_after=settle_after,
        trace=call.trace,
        entry_id=call.intent,
    )
    try:
        outbox.record(scope, entry)
    except JournalError as error:
        error.trace, error.operation_id = call.trace, operation.operation_id
        raise
    call.intent = entry.id
