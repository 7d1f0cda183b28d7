"""Webhook helpers: verification (enforced or reported), parsing, de-duplication, freshness, Webhook API."""

from __future__ import annotations

import hashlib
import json
import os
from decimal import Decimal
from typing import Any

import pytest
from conftest import KeyPair, register_secret
from hypothesis import given, settings
from hypothesis import strategies as st
from multimarkets_bridge import RsaSha1Signer, WireDecimal, models
from multimarkets_bridge.notification_content import dedupe_key
from multimarkets_bridge.webhooks import (
    CANCEL_NOT_RECEIVED,
    CANCEL_OK,
    NotificationReceiver,
    UnknownMessage,
    WebhookApiHandler,
    WebhookError,
    WebhookPayloadError,
    WebhookSignatureError,
    acknowledgement,
)

NOW = 1_700_000_000
EXEC = {
    "type": "ORDER_EXEC_REPORT",
    "exchangeId": "binance",
    "tradeType": 10,
    "companyId": 360,
    "customerId": 10001,
    "customerNo": "86000001",
    "accountName": "main",
    "tradeId": "9001",
    "orderId": "7001",
    "clientOrderId": "c1",
    "executeNum": "0.1",
    "executePrice": "60000",
    "executeTime": NOW * 1000,
    "symbolId": 1,
    "commission": "-6",
    "commissionCurrency": "USDT",
    "status": "2",
    "futureField": "kept",
}


def notification(report: dict[str, Any] | str) -> bytes:
    content = report if isinstance(report, str) else json.dumps(report)
    return json.dumps({"msgType": "trade", "content": content}).encode()


def headers_for(
    body: bytes, signer: RsaSha1Signer | None = None, trace: str = f"t-abc-{NOW}"
) -> dict[str, str]:
    headers = {"companyId": "360", "trace": trace, "apiKey": "key-1", "version": "0.0.1"}
    if signer:
        headers["signature"] = register_secret(signer.sign(body, None))
    return headers


def test_enforced_verification(key_pair: KeyPair, other_key_pair: KeyPair) -> None:
    receiver = NotificationReceiver(platform_public_key=key_pair.public, clock=lambda: NOW)
    body = notification(EXEC)
    result = receiver.receive(headers_for(body, RsaSha1Signer.from_secret_key(key_pair.secret)), body)
    assert result.signature == "verified"
    # the very attrs model the client exports, money as WireDecimal keeping its text
    assert isinstance(result.message, models.OrderExecReport)
    assert (result.message.order_id, result.message.status, result.message.execute_num) == (
        "7001",
        "2",
        Decimal("0.1"),
    )
    assert isinstance(result.message.execute_num, WireDecimal)
    assert result.message.execute_num.wire == "0.1"
    assert result.message.customer_id is not None
    assert result.message.additional_properties == {"futureField": "kept"}
    assert result.acknowledgement() == acknowledgement(f"t-abc-{NOW}")
    assert result.acknowledgement()["data"] is True
    with pytest.raises(WebhookSignatureError) as forged:
        receiver.receive(headers_for(body, RsaSha1Signer.from_secret_key(other_key_pair.secret)), body)
    assert forged.value.trace == f"t-abc-{NOW}"
    with pytest.raises(WebhookSignatureError):
        receiver.receive(headers_for(body), body)
    tampered = body.replace(b"0.1", b"9.1")
    with pytest.raises(WebhookSignatureError):
        receiver.receive(
            headers_for(tampered, None)
            | {"signature": headers_for(body, RsaSha1Signer.from_secret_key(key_pair.secret))["signature"]},
            tampered,
        )


def test_unverified_mode_reports_and_dedupes() -> None:
    receiver = NotificationReceiver(allow_unsigned=True, clock=lambda: NOW)
    body = notification(EXEC)
    first = receiver.receive(headers_for(body), body)
    assert first.signature == "unchecked"
    assert receiver.receive(headers_for(body), body).duplicate is False  # receiving marks nothing
    handled: list[str] = []
    outcome = receiver.process(headers_for(body), body, lambda n: handled.append(n.trace))
    assert (outcome.status, outcome.handled, outcome.body["data"]) == (200, True, True)
    again = receiver.receive(headers_for(body, trace=f"t-other-{NOW}"), body)
    assert (first.duplicate, again.duplicate) == (False, True)
    repeat = receiver.process(
        headers_for(body, trace=f"t-other-{NOW}"), body, lambda n: handled.append(n.trace)
    )
    assert (repeat.status, repeat.handled) == (200, False)  # acknowledged again, handler not run
    assert len(handled) == 1
    later = notification({**EXEC, "status": "3", "tradeId": "9002"})
    assert receiver.receive(headers_for(later), later).duplicate is False


def test_type_inference_unknown_types_and_staleness() -> None:
    receiver = NotificationReceiver(allow_unsigned=True, clock=lambda: NOW, max_age_seconds=3600)
    no_type = {k: v for k, v in EXEC.items() if k != "type"}
    body = notification(no_type)
    assert receiver.receive(headers_for(body), body).message_type == "ORDER_EXEC_REPORT"
    ended = notification({"orderId": "7002", "exchangeId": "okx"})
    result = receiver.receive(headers_for(ended), ended)
    assert result.message_type is None
    assert isinstance(result.message, UnknownMessage)
    text = notification("plain text content")
    assert receiver.receive(headers_for(text), text).message == UnknownMessage(None, "plain text content")
    quote = notification({"type": "QUOTE_TAG", "rfqId": "r1"})
    assert isinstance(receiver.receive(headers_for(quote), quote).message, models.QuoteTag)
    old = notification({**EXEC, "orderId": "7003"})
    assert receiver.receive(headers_for(old, trace=f"t-abc-{NOW - 7200}"), old).stale is True
    assert receiver.receive(headers_for(old, trace="custom-trace"), old).stale is False


def test_malformed_notifications_and_unknown_keys() -> None:
    receiver = NotificationReceiver(allow_unsigned=True, known_api_keys={"key-1"})
    with pytest.raises(WebhookPayloadError):
        receiver.receive(headers_for(b"{}"), b'{"msgType": "trade"}')
    with pytest.raises(WebhookPayloadError):
        receiver.receive(headers_for(b""), b"not json")
    bad = notification({"type": "ORDER_EXEC_REPORT", "orderId": "1"})  # status missing
    with pytest.raises(WebhookPayloadError, match="ORDER_EXEC_REPORT"):
        receiver.receive(headers_for(bad), bad)
    with pytest.raises(WebhookError):
        receiver.receive({"trace": "t", "apiKey": "stranger"}, notification(EXEC))
    # an unknown member spelt like an attribute stays an extra: it never fills (or breaks) executeNum
    without = {k: v for k, v in EXEC.items() if k != "executeNum"}
    odd = notification({**without, "execute_num": ["not", "a", "number"]})
    message = NotificationReceiver(allow_unsigned=True).receive(headers_for(odd), odd).message
    assert isinstance(message, models.OrderExecReport)
    assert message.execute_num is None
    assert message.additional_properties["execute_num"] == ["not", "a", "number"]


ADJUST = {
    "thirdServerCode": "ext-1",
    "userName": "86000001",
    "currency": "USD",
    "bizType": 1,
    "operationType": "OPEN_POSITION",
    "amount": "100.00",
    "amountDigits": 2,
    "orderId": 55,
    "requestUniqueNo": "req-1",
    "requestTime": NOW * 1000,
    "ip": "10.0.0.1",
}


def test_webhook_api_idempotency_and_replies() -> None:
    handler = WebhookApiHandler()
    request = handler.parse_adjustment({"trace": "t-1"}, json.dumps(ADJUST).encode())
    assert request.operation_type.value == "OPEN_POSITION"
    applied: list[str] = []

    def apply() -> tuple[str, str]:
        applied.append(request.request_unique_no)
        return CANCEL_OK, "Success"

    first = handler.handle_once("t-1", request.request_unique_no, apply)
    repeat = handler.handle_once("t-2", request.request_unique_no, apply)
    assert applied == ["req-1"]
    assert (first["code"], first["data"], repeat["trace"], repeat["code"]) == ("0", {}, "t-2", "0")
    with pytest.raises(WebhookPayloadError):
        handler.parse_adjustment({"trace": "t-3"}, json.dumps({**ADJUST, "userName": "x" * 49}).encode())
    cancel = handler.parse_cancel(
        {},
        json.dumps(
            {
                **{k: v for k, v in ADJUST.items() if k not in ("operationType", "orderId")},
                "requestUniqueNo": "req-2",
                "reverseRequestUniqueNo": "req-9",
                "cancelRemark": "timeout",
            }
        ).encode(),
    )
    reply = handler.handle_once(
        "t-4", cancel.request_unique_no, lambda: (CANCEL_NOT_RECEIVED, "no such request")
    )
    assert (reply["code"], reply["ok"], reply["fail"]) == ("US_0000002", False, True)
    amount = handler.parse_get_user_amount(
        {}, b'{"thirdServerCode":"e","userName":"86000001","currency":"USD"}'
    )
    assert handler.user_amount_reply(
        "t-5", user_name=amount.user_name, currency="USD", amount="42.10", amount_digits=2
    )["data"] == {"userName": "86000001", "currency": "USD", "amount": "42.10", "amountDigits": 2}


@settings(max_examples=300, deadline=None)
@given(
    st.tuples(
        st.one_of(st.none(), st.text()),
        st.one_of(st.none(), st.text(), st.integers()),
        st.one_of(st.none(), st.text()),
        st.one_of(st.none(), st.text()),
    )
)
def test_dedupe_keys_are_the_sha256_of_the_identity_on_every_build(identity: tuple[Any, ...]) -> None:
    """Keys stored by earlier versions (``hashlib.sha256`` of the identity's repr) are found again
    by this one, whichever SHA-256 implementation the interpreter offers."""
    assert dedupe_key(identity, None) == hashlib.sha256(repr(identity).encode()).hexdigest()


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="-0123456789t\u0661", max_size=24))
def test_the_trace_epoch_is_the_ten_digits_after_the_last_dash(trace: str) -> None:
    """Staleness reads the trace's last ``-``-separated part when it is exactly ten digits."""
    tail = trace.rsplit("-", 1)[-1]
    epoch = int(tail) if len(tail) == 10 and tail.isdigit() else None
    receiver = NotificationReceiver(allow_unsigned=True, max_age_seconds=60, clock=lambda: 2_000_000_000.0)
    assert receiver._is_stale(trace) is (epoch is not None and 2_000_000_000 - epoch > 60)


def test_claim_owners_are_unique_and_a_forked_child_gets_its_own() -> None:
    from multimarkets_bridge.webhooks import _claim_owner

    owners = {_claim_owner() for _ in range(1000)}
    assert len(owners) == 1000
    read_end, write_end = os.pipe()
    child = os.fork()
    if child == 0:  # the child: report one owner id and leave at once
        os.write(write_end, _claim_owner().encode())
        os._exit(0)
    os.close(write_end)
    os.waitpid(child, 0)
    child_owner = os.read(read_end, 100).decode()
    os.close(read_end)
    assert child_owner
    assert child_owner[:16] != _claim_owner()[:16]
