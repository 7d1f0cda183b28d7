"""The receiver in real framework apps served by uvicorn, fed signed deliveries by the sandbox's
notifier: FastAPI and Starlette routes at the subscribed path with and without a trailing slash, and
the bare ASGI app. Every delivery must be acknowledged on its first attempt (no redirect, no retry)."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest
import uvicorn
from conftest import KeyPair
from fastapi import FastAPI
from multimarkets_bridge import RsaSha1Signer
from multimarkets_bridge.webhooks import NotificationReceiver, ReceivedNotification
from multimarkets_bridge_sandbox.notifier import Delivery, Notifier
from multimarkets_bridge_sandbox.server import free_port
from starlette.applications import Starlette
from test_webhooks import EXEC

DELIVERIES = 100


def _serve(app: Any) -> Iterator[str]:
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.01)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


def _fastapi(receiver: NotificationReceiver, handle: Callable[[ReceivedNotification], None]) -> Any:
    app = FastAPI()
    app.router.routes.extend(receiver.routes("/hooks/bridge", handle))  # as the docs show (docs/webhooks.md)
    return app


def _starlette(receiver: NotificationReceiver, handle: Callable[[ReceivedNotification], None]) -> Any:
    return Starlette(routes=receiver.routes("/hooks/bridge", handle))


def _bare(receiver: NotificationReceiver, handle: Callable[[ReceivedNotification], None]) -> Any:
    return receiver.asgi_app(handle)


@pytest.mark.parametrize("framework", [_fastapi, _starlette, _bare], ids=["fastapi", "starlette", "asgi"])
def test_signed_deliveries_reach_the_handler_at_the_subscribed_path(
    key_pair: KeyPair, framework: Callable[..., Any]
) -> None:
    receiver = NotificationReceiver(platform_public_key=key_pair.public)
    handled: list[str] = []
    lock = threading.Lock()

    def handle(notification: ReceivedNotification) -> None:
        assert notification.signature == "verified"
        with lock:
            handled.append(notification.trace)

    notifier = Notifier(RsaSha1Signer.from_secret_key(key_pair.secret), max_attempts=3, base_delay=0.05)
    served = _serve(framework(receiver, handle))
    base = next(served)
    try:
        deliveries = []
        for number in range(DELIVERIES):
            path = "/hooks/bridge" + ("/" if number % 2 else "")  # both subscribed forms
            report = {**{k: v for k, v in EXEC.items() if k != "type"}, "tradeId": f"t{number}"}
            delivery = Delivery(f"{base}{path}", "sbx-key", 360, "ORDER_EXEC_REPORT", report)
            deliveries.append(delivery)
            notifier.enqueue(delivery)
        assert notifier.wait_idle(timeout=60)
    finally:
        notifier.close()
        next(served, None)
    assert [d.attempts for d in deliveries] == [1] * DELIVERIES, {d.last_error for d in deliveries}
    assert all(d.acknowledged for d in deliveries)
    assert sorted(handled) == sorted(d.trace for d in deliveries)


def test_a_receiver_without_a_platform_key_must_be_told_to_accept_unsigned_posts(
    caplog: pytest.LogCaptureFixture,
) -> None:
    from multimarkets_bridge import ConfigurationError

    with pytest.raises(ConfigurationError, match="allow_unsigned=True"):
        NotificationReceiver()
    with caplog.at_level("WARNING", logger="multimarkets_bridge"):
        NotificationReceiver(allow_unsigned=True)
    assert any("not checked" in record.getMessage() for record in caplog.records)
