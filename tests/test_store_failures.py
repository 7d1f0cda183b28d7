"""Shared stores that stall: a Redis frozen with SIGSTOP under a notification burst and under calls
(issue 30, item 5). The receiver answers a typed, retryable 503 and logs one line per outage, never a
500 or a traceback; every notification is processed exactly once after redelivery; a coordinator call
spends about one store timeout on a frozen store, not one per operation."""

from __future__ import annotations

import signal
import subprocess
import sys
import textwrap
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx
import pytest
from conftest import KeyPair
from multimarkets_bridge import CoordinatorError
from multimarkets_bridge.redis_coordination import STORE_TIMEOUT, RedisCoordinator
from multimarkets_bridge_sandbox.server import free_port
from redis_server import start_server_process
from test_client import echo, make_client
from test_webhooks import EXEC, headers_for, notification

RECEIVER = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    import uvicorn
    from multimarkets_bridge.webhooks import NotificationReceiver, RedisSeenStore

    port, url, log = int(sys.argv[1]), sys.argv[2], Path(sys.argv[3])

    def handle(notification):
        with log.open("a") as out:
            out.write(notification.trace + "\\n")

    store = RedisSeenStore.from_url(url, prefix="burst")
    receiver = NotificationReceiver(allow_unsigned=True, store=store)
    uvicorn.run(receiver.asgi_app(handle), host="127.0.0.1", port=port, log_level="warning")
    """
)
NOTIFICATIONS = 60


@pytest.fixture
def frozen_redis(tmp_path: Path) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    with start_server_process(tmp_path) as server:
        yield server


def _deliver(
    url: str, number: int, statuses: list[int], latencies: list[float], lock: threading.Lock
) -> None:
    """One notification, sent again every 0.3 s until acknowledged (the platform's redelivery)."""
    report = {**{k: v for k, v in EXEC.items() if k != "type"}, "tradeId": f"burst{number}"}
    body = notification(report)
    headers = headers_for(body, trace=f"t-burst-{number}")
    deadline = time.monotonic() + 40
    with httpx.Client(timeout=5.0) as http:
        while time.monotonic() < deadline:
            started = time.monotonic()
            try:
                status = http.post(url, content=body, headers=headers).status_code
            except httpx.HTTPError:
                status = -1
            with lock:
                statuses.append(status)
                latencies.append(time.monotonic() - started)
            if status == 200:
                return
            time.sleep(0.3)


@pytest.mark.slow
def test_a_frozen_redis_under_a_burst_is_a_503_and_every_notification_runs_once(
    frozen_redis: tuple[str, subprocess.Popen[bytes]], tmp_path: Path
) -> None:
    url, redis_process = frozen_redis
    script, log = tmp_path / "receiver.py", tmp_path / "handled.log"
    script.write_text(RECEIVER, encoding="utf-8")
    port = free_port()
    receiver = subprocess.Popen(
        [sys.executable, str(script), str(port), url, str(log)],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    statuses: list[int] = []
    latencies: list[float] = []
    lock = threading.Lock()
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                httpx.get(f"http://127.0.0.1:{port}/", timeout=0.5)
                break
            except httpx.HTTPError:
                assert time.monotonic() < deadline, "the receiver did not start"
                time.sleep(0.05)
        with ThreadPoolExecutor(8) as pool:
            futures = [
                pool.submit(_deliver, f"http://127.0.0.1:{port}/", n, statuses, latencies, lock)
                for n in range(NOTIFICATIONS)
            ]
            while len(statuses) < 10:
                time.sleep(0.01)
            redis_process.send_signal(signal.SIGSTOP)  # Redis hangs mid-burst: no answer, no refusal
            time.sleep(4.0)
            redis_process.send_signal(signal.SIGCONT)
            for future in futures:
                future.result()
    finally:
        receiver.terminate()
        _, stderr = receiver.communicate(timeout=10)
    handled = log.read_text().splitlines()
    assert sorted(handled) == sorted(f"t-burst-{n}" for n in range(NOTIFICATIONS))  # each exactly once
    assert set(statuses) <= {200, 503}, sorted(set(statuses))  # never a 500
    assert 503 in statuses  # the freeze was felt
    assert max(latencies) < 3.0  # every answer within the platform's reply deadline (x-reply-deadline-ms)
    assert "Traceback" not in stderr
    outages = stderr.count("the notification store failed")
    assert 1 <= outages <= 3, stderr[-3000:]


def test_a_call_spends_about_one_store_timeout_on_a_frozen_redis(
    frozen_redis: tuple[str, subprocess.Popen[bytes]], key_pair: KeyPair
) -> None:
    url, redis_process = frozen_redis
    coordinator = RedisCoordinator.from_url(url, prefix=f"frozen-{time.time_ns()}")
    page = {"current": 1, "size": 1, "total": 0, "records": []}
    client, transport, _ = make_client(key_pair, echo(page), coordinator=coordinator)
    durations = []
    with client:
        client.list_customers(size=1)  # the store answers: the call is sent
        redis_process.send_signal(signal.SIGSTOP)
        try:
            for _ in range(4):
                started = time.monotonic()
                with pytest.raises(CoordinatorError) as info:
                    client.list_customers(size=1, timeout=10.0)
                durations.append(time.monotonic() - started)
                assert info.value.outcome == "not_sent"
        finally:
            redis_process.send_signal(signal.SIGCONT)
    # the first call waits one store timeout; the next ones, while the store stays down, fail at once
    assert sum(durations) < STORE_TIMEOUT + 0.5, durations
    assert len(transport.requests) == 1


@pytest.mark.parametrize("set_nx_get", [None, False], ids=["probed", "before-redis-7"])
def test_concurrent_copies_through_the_pipelined_store_run_each_handler_once(
    frozen_redis: tuple[str, subprocess.Popen[bytes]], set_nx_get: bool | None
) -> None:
    """The ASGI path awaits RedisSeenStore natively, pipelining the commands of every notification in
    flight: ten notifications arriving ten times each, all at once, run ten handlers (with one
    ``SET NX GET`` per claim where the server takes it, else ``SET NX`` + ``GET``)."""
    import asyncio

    from multimarkets_bridge.webhooks import NotificationReceiver, RedisSeenStore

    url, _ = frozen_redis
    store = RedisSeenStore.from_url(url, prefix=f"copies-{set_nx_get}")
    store._set_get = set_nx_get
    receiver = NotificationReceiver(allow_unsigned=True, store=store)
    handled: list[str] = []

    async def handle(notification: Any) -> None:
        await asyncio.sleep(0.01)  # still running when the other copies arrive
        handled.append(notification.message.trade_id)

    def delivery(number: int, copy: int) -> tuple[dict[str, str], bytes]:
        body = notification({**{k: v for k, v in EXEC.items() if k != "type"}, "tradeId": f"copy{number}"})
        return headers_for(body, trace=f"t-copy-{number}-{copy}"), body

    async def burst() -> list[int]:
        deliveries = [delivery(n, c) for c in range(10) for n in range(10)]
        outcomes = await asyncio.gather(*(receiver.aprocess(h, b, handle) for h, b in deliveries))
        return [o.status for o in outcomes]

    first = asyncio.run(burst())
    again = asyncio.run(burst())  # every copy redelivered later: all acknowledged, none run again
    assert store._set_get is (set_nx_get if set_nx_get is not None else True)  # Valkey takes it
    assert sorted(handled) == sorted(f"copy{n}" for n in range(10))
    assert set(first) <= {200, 503}
    assert first.count(200) >= 10
    assert again == [200] * 100


async def _client_id(connection: Any) -> int:
    await connection.send_command("CLIENT", "ID")
    return int(await connection.read_response())


def test_the_batcher_pipelines_a_loop_turn_and_replaces_a_failed_connection(redis_url: str) -> None:
    """One event-loop turn's commands go out as one batch and each caller gets its own replies; an
    error reply fails that batch only, its connection is closed and the next batch opens another; a
    kept connection the server closed meanwhile is replaced before use; connections kept between
    batches are capped."""
    import asyncio

    import redis.asyncio
    from multimarkets_bridge.redis_batch import CommandBatcher
    from redis.exceptions import ResponseError

    async def scenario() -> None:
        client = redis.asyncio.Redis.from_url(redis_url)
        batcher = CommandBatcher(client)
        made: list[Any] = []
        make = batcher._pool.make_connection

        def counting() -> Any:
            made.append(make())
            return made[-1]

        batcher._pool.make_connection = counting
        names = [f"batch-{n}" for n in range(50)]
        replies = await asyncio.gather(*(batcher.run(("SET", n, n), ("GET", n)) for n in names))
        assert replies == [[b"OK", n.encode()] for n in names]
        assert len(made) == 1  # one turn, one batch, one connection

        with pytest.raises(ResponseError):
            await asyncio.gather(batcher.run(("GET", names[0])), batcher.run(("NOT-A-COMMAND",)))
        assert not made[0].is_connected  # a batch that failed midway leaves no half-read connection
        assert await batcher.run(("GET", names[1])) == [names[1].encode()]
        assert len(made) == 2

        async def on_turn(turn: int) -> list[Any]:  # successive turns: batches in flight together
            for _ in range(turn):
                await asyncio.sleep(0)
            return await batcher.run(("GET", names[turn]))

        found = await asyncio.gather(*(on_turn(turn) for turn in range(12)))
        assert found == [[n.encode()] for n in names[:12]]
        idle = batcher._idle[-1]  # the server drops the connection the next batch would reuse
        admin = redis.asyncio.Redis.from_url(redis_url)  # its own pool: not counted in ``made``
        await admin.execute_command("CLIENT", "KILL", "ID", await _client_id(idle))
        await admin.aclose()
        assert await batcher.run(("GET", names[2])) == [names[2].encode()]  # no failed batch, no 503
        alive = [connection for connection in made if connection.is_connected]
        assert sorted(map(id, alive)) == sorted(map(id, batcher._idle))
        assert len(alive) <= 4  # the rest were closed when their batch ended
        await client.aclose()

    asyncio.run(scenario())
