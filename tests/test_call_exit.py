"""Where an error leaves a call (``intents.stamp``): every combination of what the call did and what the
error says, against the rule stated once: the request's keys and the attempt count go on the error, a
write an earlier attempt may have applied is never "not sent" / "not landed", and an error of unknown
outcome names the write's outbox entry."""

from __future__ import annotations

import itertools
from typing import Any

import pytest
from multimarkets_bridge.call_context import Attempt
from multimarkets_bridge.errors import BridgeError, OutcomeUnknownError, TransportError
from multimarkets_bridge.intents import KNOWN_OUTCOMES, stamp, stamped
from multimarkets_bridge_client.registry import OPERATIONS

OUTCOMES = (None, "not_sent", "not_landed", "landed", "unknown")
PAYLOADS: tuple[dict[str, Any], ...] = (
    {},
    {"clientOrderId": "mbKey0001"},
    {"clientOrderId": "mbKey0001", "orderId": "900"},
    {"clientOrderId": 7, "orderId": 8},  # not text: not a key the error can name
)


@pytest.mark.parametrize(
    ("outcome", "maybe_landed", "intent", "payload", "held_by"),
    list(itertools.product(OUTCOMES, (False, True), (None, "entry-1"), PAYLOADS, (None, "other-42"))),
)
def test_stamp_completes_every_error_by_one_rule(
    outcome: str | None, maybe_landed: bool, intent: str | None, payload: dict[str, Any], held_by: str | None
) -> None:
    call = Attempt(dict(payload), OPERATIONS["place_order"], number=3, maybe_landed=maybe_landed)
    call.intent = intent
    error = BridgeError("failed", outcome=outcome, order_id=held_by)
    stamp(error, call)
    client_order_id, order_id = payload.get("clientOrderId"), payload.get("orderId")
    assert error.client_order_id == (client_order_id if isinstance(client_order_id, str) else None)
    assert error.order_id == (held_by or (order_id if isinstance(order_id, str) else None))
    assert error.attempts == 3
    expected = "unknown" if maybe_landed and outcome in ("not_sent", "not_landed") else outcome
    assert error.outcome == expected
    assert error.unsettled_id == (intent if expected not in KNOWN_OUTCOMES else None)


def test_a_plan_that_fails_is_stamped_once_and_one_that_answers_is_not() -> None:
    call = Attempt({"clientOrderId": "mbKey0002"}, OPERATIONS["place_order"], number=1, maybe_landed=True)
    call.intent = "entry-2"

    def failing() -> Any:
        yield 0.5
        raise TransportError("lost", outcome="not_sent")

    plan = stamped(call, failing())
    assert next(plan) == 0.5
    with pytest.raises(TransportError) as info:
        plan.send(None)
    assert (info.value.outcome, info.value.unsettled_id, info.value.client_order_id) == (
        "unknown",
        "entry-2",
        "mbKey0002",
    )

    def answering() -> Any:
        yield 0.1
        return "answer"

    plan = stamped(call, answering())
    next(plan)
    with pytest.raises(StopIteration) as done:
        plan.send(None)
    assert done.value.value == "answer"


def test_an_outcome_unknown_error_keeps_its_outcome() -> None:
    call = Attempt({"clientOrderId": "mbKey0003"}, OPERATIONS["place_order"], number=2)
    call.intent = "entry-3"
    unknown = OutcomeUnknownError("may have landed")
    stamp(unknown, call)
    assert (unknown.outcome, unknown.unsettled_id, unknown.attempts) == ("unknown", "entry-3", 2)
