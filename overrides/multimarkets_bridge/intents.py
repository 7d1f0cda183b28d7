"""A write's life in the outbox: recorded before each attempt leaves, settled when the call ends
with a known outcome, kept when it ends unknown or is cut short from outside (see
[`outbox`][multimarkets_bridge.outbox])."""

from __future__ import annotations

from collections.abc import Generator
from typing import Any

from .errors import BridgeError
from .journal import JournalError
from .operation import RawResponse
from .outbox import Outbox, new_entry
from .settlement import Attempt, Reply, Step, settle_lookup, tag

__all__ = ["record_intent", "settling"]

#: Outcomes that settle a write: it never left, it was refused, or it is known to have been applied.
KNOWN_OUTCOMES = ("not_sent", "not_landed", "landed")


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
        tag(error, call.payload, call.number)
        error.trace, error.operation_id = call.trace, operation.operation_id
        error.outcome = "unknown" if call.maybe_landed else "not_sent"
        raise
    call.intent = entry.id


def settling(
    outbox: Outbox, scope: str, call: Attempt, plan: Generator[Step, Reply, RawResponse[Any]]
) -> Generator[Step, Reply, RawResponse[Any]]:
    """Run a write's plan; its outbox entry leaves the list when the call ends with a known outcome,
    and an error of unknown outcome names the entry (``unsettled_id``). A call cut short from outside
    (cancelled, timed out by its caller, killed) leaves the entry listed."""
    try:
        result = yield from plan
    except BridgeError as error:
        if call.intent is not None:
            if error.outcome in KNOWN_OUTCOMES:
                outbox.settle(scope, call.intent)
            else:
                error.unsettled_id = call.intent
        raise
    if call.intent is not None:
        outbox.settle(scope, call.intent)
    return result
