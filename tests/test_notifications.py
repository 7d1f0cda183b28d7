"""At-least-once in, exactly-once effect: handler failures, redelivery, restarts, replicas, forgeries,
hostile bodies - with real stores (SQLite file, a real Valkey/Redis server) and real HTTP."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import uvicorn
from conftest import KeyPair, register_secret
from multimarkets_bridge import RsaSha1Signer
from multimarkets_bridge.webhooks import (
    MemorySeenStore,
    NotificationReceiver,
    ReceivedNotification,
    RedisSeenStore,
    SqliteSeenStore,
    WebhookHandlerError,
    WebhookPayloadError,
)
from multimarkets_bridge_sandbox.server import free_port
from test_webhooks import EXEC, NOW, headers_for, notification

DEEP = b'{"msgType":"trade","content":"x","deep":' + b"[" * 100_000 + b"]" * 100_000 + b"}"


class Flaky:
    """A handler that fails its first ``failures`` calls, then records what it processed."""

    def __init__(self, failures: int = 0, delay: float = 0.0) -> None:
        self.failures = failures
        self.delay = delay
        self.done: list[str] = []
        self.calls = 0
        self._lock = threading.Lock()

    def __call__(self, notification: ReceivedNotification) -> None:
        with self._lock:
            self.calls += 1
            failing = self.calls <= self.failures
        if self.delay:
            time.sleep(self.delay)
        if failing:
            raise RuntimeError("database unavailable")
        with self._lock:
            self.done.append(notification.dedupe_key)


def test_a_failed_handler_gets_no_ack_and_the_redelivery_is_processed_once() -> None:
    receiver = NotificationReceiver(allow_unsigned=True, clock=lambda: NOW)
    handler = Flaky(failures=1)
    body = notification(EXEC)
    with pytest.raises(WebhookHandlerError) as failed:
        receiver.process(headers_for(body), body, handler)
    assert isinstance(failed.value.__cause__, RuntimeError)
    assert failed.value.trace == f"t-abc-{NOW}"
    assert receiver.receive(headers_for(body), body).duplicate is False  # nothing was marked
    outcomes = [receiver.process(headers_for(body), body, handler) for _ in range(3)]
    assert [(o.status, o.handled) for o in outcomes] == [(200, True), (200, False), (200, False)]
    assert all(o.body["data"] is True for o in outcomes)
    assert len(handler.done) == 1


@pytest.fixture
def served_receiver() -> Iterator[tuple[str, NotificationReceiver, Flaky]]:
    receiver = NotificationReceiver(allow_unsigned=True, max_body_bytes=64_000)
    handler = Flaky(failures=2)
    port = free_port()
    config = uvicorn.Config(
        receiver.asgi_app(handler), host="127.0.0.1", port=port, log_level="critical", lifespan="on"
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.01)
    yield f"http://127.0.0.1:{port}/hooks", receiver, handler
    server.should_exit = True
    thread.join(timeout=10)


def test_the_asgi_endpoint_with_the_sandbox_redelivering(
    served_receiver: tuple[str, NotificationReceiver, Flaky], bridge_sandbox: Any
) -> None:
    """The sandbox pushes fills; the handler fails twice; the platform's retries land exactly once each."""
    url, _, handler = served_receiver
    client, sandbox = bridge_sandbox.client, bridge_sandbox.sandbox
    client.subscribe_webhook(api_key=bridge_sandbox.credentials.api_key, webhook_url=url)
    number = client.register_customer(
        phone="13700000001", pwd="dc483e80a7a0bd9ef71d8cf973673924", country="CN",
        register_source=1, customer_group_id=1,
    )  # fmt: skip
    client.add_exchange_account(
        customer_no=number, exchange_code="okx", account_type="spot", account_name="hook",
        account_api_key="okx-key-0000009", account_secret_key="x", passphrase="p",
    )  # fmt: skip
    sandbox.seed_balance(number, "hook", "USDT", "10000")
    sandbox.set_price(2, "3000")
    client.place_order(
        exchange_id="okx", account_name="hook", customer_no=number, customer_group_id=1,
        symbol_id=2, biz_type=1, direction=1, amount="300",
    )  # fmt: skip
    assert sandbox.notifier.wait_idle(timeout=20)
    failed = [d for d in sandbox.deliveries() if d.url == url and d.attempts > 1]
    assert failed, "the handler's failures must have made the platform redeliver"
    delivered = [d for d in sandbox.deliveries() if d.url == url]
    assert len(handler.done) == len(delivered) == len(set(handler.done))
    with httpx.Client() as http:
        assert http.get(url).status_code == 405
        assert http.post(url, content=b"x" * 70_000).status_code == 413
        assert http.post(url, content=DEEP[:60_000]).status_code == 400


def _replay(receiver: NotificationReceiver, handler: Flaky) -> list[int]:
    body = notification(EXEC)
    return [receiver.process(headers_for(body), body, handler).status for _ in range(2)]


def test_sqlite_store_survives_a_restart(tmp_path: Path) -> None:
    path = tmp_path / "seen.sqlite"
    handler = Flaky()
    first = SqliteSeenStore(path)
    assert _replay(NotificationReceiver(allow_unsigned=True, store=first, clock=lambda: NOW), handler) == [
        200,
        200,
    ]
    first.close()
    restarted = NotificationReceiver(allow_unsigned=True, store=SqliteSeenStore(path), clock=lambda: NOW)
    body = notification(EXEC)
    assert restarted.receive(headers_for(body), body).duplicate is True
    assert _replay(restarted, handler) == [200, 200]
    assert len(handler.done) == 1


def test_redis_store_survives_a_restart_and_is_shared_by_replicas(redis_url: str) -> None:
    prefix = f"test-{time.time_ns()}"
    handler = Flaky(delay=0.3)
    replicas = [
        NotificationReceiver(
            allow_unsigned=True, store=RedisSeenStore.from_url(redis_url, prefix=prefix), clock=lambda: NOW
        )
        for _ in range(2)
    ]
    body = notification(EXEC)
    statuses: list[int] = []

    def deliver(receiver: NotificationReceiver) -> None:
        statuses.append(receiver.process(headers_for(body), body, handler).status)

    threads = [threading.Thread(target=deliver, args=(r,)) for r in replicas]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(statuses) == [200, 503]  # the second replica saw it in progress: platform retries
    restarted = NotificationReceiver(
        allow_unsigned=True, store=RedisSeenStore.from_url(redis_url, prefix=prefix), clock=lambda: NOW
    )
    assert restarted.process(headers_for(body), body, handler).status == 200
    assert len(handler.done) == 1


def test_a_crashed_replica_lease_expires_and_another_processes_it(redis_url: str) -> None:
    store = RedisSeenStore.from_url(redis_url, prefix=f"lease-{time.time_ns()}")
    receiver = NotificationReceiver(allow_unsigned=True, store=store, lease_seconds=0.2, clock=lambda: NOW)
    body = notification(EXEC)
    key = receiver.receive(headers_for(body), body).dedupe_key
    assert store.claim(key, 0.2) == "claimed"  # a replica took it and died before finishing
    handler = Flaky()
    assert receiver.process(headers_for(body), body, handler).status == 503
    time.sleep(0.3)
    assert receiver.process(headers_for(body), body, handler).status == 200
    assert len(handler.done) == 1


def test_a_forged_unverified_copy_cannot_suppress_the_genuine_message() -> None:
    receiver = NotificationReceiver(allow_unsigned=True, store=MemorySeenStore(), clock=lambda: NOW)
    handler = Flaky()
    forged = notification({**EXEC, "executePrice": "1", "executeNum": "999"})
    genuine = notification(EXEC)
    assert receiver.process(headers_for(forged), forged, handler).handled is True
    assert receiver.process(headers_for(genuine), genuine, handler).handled is True
    assert len(handler.done) == 2


def test_verified_mode_dedupes_by_message_identity(key_pair: KeyPair) -> None:
    signer = RsaSha1Signer.from_secret_key(key_pair.secret)
    receiver = NotificationReceiver(platform_public_key=key_pair.public, clock=lambda: NOW)
    handler = Flaky()
    body = notification(EXEC)
    resent = notification({**EXEC, "futureField": "changed on redelivery"})
    assert receiver.process(headers_for(body, signer), body, handler).handled is True
    assert receiver.process(headers_for(resent, signer), resent, handler).handled is False
    forged = receiver.process(headers_for(body), body, handler)  # no signature
    assert (forged.status, forged.handled) == (401, False)
    assert len(handler.done) == 1


def test_hostile_bodies_are_rejected_before_parsing() -> None:
    receiver = NotificationReceiver(allow_unsigned=True, clock=lambda: NOW)
    handler = Flaky()
    with pytest.raises(WebhookPayloadError, match="nested deeper"):
        receiver.receive(headers_for(DEEP), DEEP)
    inner = notification("[" * 5000 + "]" * 5000)
    with pytest.raises(WebhookPayloadError, match="nested deeper"):
        receiver.receive(headers_for(inner), inner)
    big = NotificationReceiver(allow_unsigned=True, max_body_bytes=1000)
    with pytest.raises(WebhookPayloadError, match="over 1000"):
        big.receive({}, b"{" + b" " * 2000 + b"}")
    outcome = receiver.process(headers_for(DEEP), DEEP, handler)
    assert (outcome.status, outcome.handled) == (400, False)
    assert handler.calls == 0
    # a deep body that is not a real notification but keeps its brackets inside strings is fine
    text = notification(json.dumps({**EXEC, "note": "[" * 5000}))
    assert receiver.receive(headers_for(text), text).message_type == "ORDER_EXEC_REPORT"


def test_received_notification_repr_hides_the_api_key() -> None:
    receiver = NotificationReceiver(allow_unsigned=True, clock=lambda: NOW)
    body = notification(EXEC)
    headers = {**headers_for(body), "apiKey": register_secret("sbxSECRETAPIKEY0123456789")}
    received = receiver.receive(headers, body)
    assert received.api_key == "sbxSECRETAPIKEY0123456789"
    assert "sbxSECRETAPIKEY0123456789" not in repr(received)
