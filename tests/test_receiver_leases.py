"""Claims that follow the handler: a receiver killed with SIGKILL mid-handler and restarted processes the
platform's redelivery exactly once; a handler much slower than its lease runs once across replicas.

The crash test runs real receiver processes (uvicorn, SQLite store) and the sandbox's notifier as the
platform: with its own schedule (6 attempts, 0.5 s doubling) and with a slower one (1 s doubling).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest
from conftest import KeyPair
from multimarkets_bridge import RsaSha1Signer
from multimarkets_bridge.webhooks import (
    DEFAULT_LEASE_SECONDS,
    MemorySeenStore,
    NotificationReceiver,
    RedisSeenStore,
    SeenStore,
    SqliteSeenStore,
)
from multimarkets_bridge_sandbox.notifier import Delivery, Notifier
from multimarkets_bridge_sandbox.server import free_port
from test_notifications import Flaky
from test_webhooks import EXEC, NOW, headers_for, notification

RECEIVER = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    import uvicorn
    from multimarkets_bridge.webhooks import NotificationReceiver, SqliteSeenStore

    port, db, log, mode = int(sys.argv[1]), sys.argv[2], Path(sys.argv[3]), sys.argv[4]

    def handle(notification):
        with log.open("a") as out:
            out.write(f"start {mode}\\n")
        if mode == "hang":
            time.sleep(3600)  # killed here, mid-handler
        with log.open("a") as out:
            out.write(f"done {mode}\\n")

    receiver = NotificationReceiver(allow_unsigned=True, store=SqliteSeenStore(db))
    uvicorn.run(receiver.asgi_app(handle), host="127.0.0.1", port=port, log_level="warning")
    """
)


def _start(script: Path, port: int, db: Path, log: Path, mode: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, str(script), str(port), str(db), str(log), mode],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def _wait_for(predicate: object, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():  # type: ignore[operator]
            return True
        time.sleep(0.02)
    return False


@pytest.mark.slow
@pytest.mark.parametrize(("base_delay", "max_attempts"), [(0.5, 6), (1.0, 5)], ids=["sandbox", "slower"])
def test_a_receiver_killed_mid_handler_processes_the_redelivery_once(
    tmp_path: Path, key_pair: KeyPair, base_delay: float, max_attempts: int
) -> None:
    script, db, log = tmp_path / "receiver.py", tmp_path / "seen.sqlite", tmp_path / "handled.log"
    script.write_text(RECEIVER, encoding="utf-8")
    log.touch()
    port = free_port()
    notifier = Notifier(
        RsaSha1Signer.from_secret_key(key_pair.secret), max_attempts=max_attempts, base_delay=base_delay
    )
    first = _start(script, port, db, log, "hang")
    second: subprocess.Popen[bytes] | None = None
    try:
        assert _wait_for(lambda: _listening(port), 20), "the receiver did not start"
        delivery = Delivery(
            url=f"http://127.0.0.1:{port}/",
            api_key="sbx-platform-key",
            company_id=360,
            message_type="ORDER_EXEC_REPORT",
            report={k: v for k, v in EXEC.items() if k != "type"},
        )
        notifier.enqueue(delivery)
        assert _wait_for(lambda: "start hang" in log.read_text(), 20), "the handler never started"
        crashed_at = time.monotonic()
        os.kill(first.pid, signal.SIGKILL)
        first.wait(10)
        second = _start(script, port, db, log, "restarted")
        assert notifier.wait_idle(timeout=60)
        took = time.monotonic() - crashed_at
    finally:
        for process in (first, second):
            if process is not None and process.poll() is None:
                process.kill()
                process.wait(10)
        notifier.close()
    lines = log.read_text().splitlines()
    assert delivery.acknowledged, f"lost after the crash: {delivery.last_error} ({lines})"
    assert lines.count("done restarted") == 1, lines
    assert "done hang" not in lines
    # the claim of the dead process lapsed within one lease, and the next redelivery took it
    assert took < DEFAULT_LEASE_SECONDS + base_delay * 2 ** (max_attempts - 2) + 5


def _listening(port: int) -> bool:
    import socket

    with socket.socket() as sock:
        return sock.connect_ex(("127.0.0.1", port)) == 0


@pytest.mark.parametrize("kind", ["memory", "sqlite", "redis"])
def test_a_handler_ten_times_slower_than_its_lease_runs_once_across_replicas(
    tmp_path: Path, kind: str, request: pytest.FixtureRequest
) -> None:
    lease = 0.2
    store: SeenStore
    if kind == "memory":
        store = MemorySeenStore()
    elif kind == "sqlite":
        store = SqliteSeenStore(tmp_path / "seen.sqlite")
    else:
        store = RedisSeenStore.from_url(request.getfixturevalue("redis_url"), prefix=f"slow-{time.time_ns()}")
    replicas = [
        NotificationReceiver(allow_unsigned=True, store=store, lease_seconds=lease, clock=lambda: NOW)
        for _ in range(2)
    ]
    handler = Flaky(delay=10 * lease)
    body = notification(EXEC)
    statuses: list[int] = []

    def deliver(replica: NotificationReceiver) -> None:
        statuses.append(replica.process(headers_for(body), body, handler).status)

    first = threading.Thread(target=deliver, args=(replicas[0],))
    first.start()
    time.sleep(3 * lease)  # three leases into the handler: without renewal the claim would be gone
    deliver(replicas[1])  # a redelivery reaches the other replica while the first still runs
    first.join()
    deliver(replicas[1])  # and once more after it finished
    assert statuses == [503, 200, 200]
    assert handler.calls == 1
    assert len(handler.done) == 1


@pytest.mark.parametrize(
    ("lease", "span", "accepted"),
    [(60.0, None, False), (15.5, None, False), (15.0, None, True), (5.0, None, True),
     (20.0, 60.0, True), (60.0, 60.0, False), (5.0, 4.0, False)],
)  # fmt: skip
def test_a_lease_that_outlasts_the_redelivery_span_is_refused_at_construction(
    lease: float, span: float | None, accepted: bool
) -> None:
    from multimarkets_bridge import ConfigurationError
    from multimarkets_bridge.webhooks import NotificationReceiver

    options = {"allow_unsigned": True, "lease_seconds": lease, "redelivery_span_seconds": span}
    if accepted:
        NotificationReceiver(**options)  # type: ignore[arg-type]
        return
    with pytest.raises(ConfigurationError, match="redelivery span") as info:
        NotificationReceiver(**options)  # type: ignore[arg-type]
    assert f"{span or 15.5:g} s" in str(info.value)


def test_the_sandbox_redelivers_on_the_schedule_the_spec_states(key_pair: KeyPair) -> None:
    from itertools import accumulate

    from multimarkets_bridge.spec_data import notification_redelivery_ms

    notifier = Notifier(RsaSha1Signer.from_secret_key(key_pair.secret))
    assert [round(t * 1000) for t in accumulate(notifier.gaps)] == list(notification_redelivery_ms())
    assert notifier.max_attempts == len(notification_redelivery_ms()) + 1


def test_a_dead_subscriber_delays_only_its_own_deliveries(key_pair: KeyPair) -> None:
    """Each subscriber URL has its own delivery queue: one whose URL refuses connections (and waits out
    its retries) does not hold up a live subscriber's notifications."""
    import http.server
    import json as json_module
    import socket

    class Acknowledge(http.server.BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            self.rfile.read(int(self.headers["content-length"]))
            body = json_module.dumps({"code": "0", "msg": "Success"}).encode()
            self.send_response(200)
            self.send_header("content-length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    live = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Acknowledge)
    threading.Thread(target=live.serve_forever, daemon=True).start()
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        dead_port = sock.getsockname()[1]  # closed again: nothing listens there
    notifier = Notifier(RsaSha1Signer.from_secret_key(key_pair.secret), max_attempts=4, base_delay=0.5)
    report = {k: v for k, v in EXEC.items() if k != "type"}
    try:
        dead = Delivery(f"http://127.0.0.1:{dead_port}/", "k", 360, "ORDER_EXEC_REPORT", report)
        notifier.enqueue(dead)
        started = time.monotonic()
        alive = [
            Delivery(f"http://127.0.0.1:{live.server_port}/", "k", 360, "ORDER_EXEC_REPORT", report)
            for _ in range(3)
        ]
        for delivery in alive:
            notifier.enqueue(delivery)
        assert _wait_for(lambda: all(d.acknowledged for d in alive), timeout=10)
        live_took = time.monotonic() - started
        assert notifier.wait_idle(timeout=20)
        dead_took = time.monotonic() - started
    finally:
        notifier.close()
        live.shutdown()
    assert dead.attempts == 4
    assert not dead.acknowledged
    assert dead_took >= 3.0  # its own retries: 0.5 + 1 + 2 s
    assert live_took < 1.0, live_took  # before: queued behind the dead subscriber's retries
