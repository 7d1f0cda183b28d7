"""Second-pass money safety: header injection, a per-call timeout that bounds every wait, pacing that
survives a wall-clock step and lost rate state, interrupted writes, and settling after the recvWindow.

Unit-level cases run on a recording transport with a simulated clock; the rest against the sandbox
over uvicorn (and a real Redis-protocol server) in real time.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import anyio
import pytest
from conftest import KeyPair
from multimarkets_bridge import (
    AsyncBridgeClient,
    BannedError,
    BridgeClient,
    ConfigurationError,
    CoordinatorError,
    InvalidRequestError,
    OutcomeUnknownError,
    RateBudget,
    RateLimitError,
    ServerError,
    ThrottledError,
    models,
)
from multimarkets_bridge.coordination import InProcessCoordinator, pacing_clock
from multimarkets_bridge.redis_coordination import RedisCoordinator
from multimarkets_bridge_sandbox import Sandbox, SandboxServer
from multimarkets_bridge_sandbox.faults import Fault
from support import json_response, sandbox_client_options
from test_client import echo, make_client
from test_concurrency import LIMIT, WINDOW, LimitedPlatform, limited  # noqa: F401 - a fixture

BALANCES = {
    "exchange_id": models.ExchangeId.OKX,
    "account_name": "a",
    "customer_no": "1",
    "customer_group_id": 1,
}


# ------------------------------------------------------------------------------------- header values


@pytest.mark.parametrize("value", ["zh-CN\r\nX-Injected: 1", "zh\nCN", "zh\x00", " zh", "zh-ÇN", ""])
def test_a_lang_that_cannot_be_sent_as_a_header_is_refused_at_construction(
    key_pair: KeyPair, value: str
) -> None:
    with pytest.raises(ConfigurationError):
        make_client(key_pair, echo([]), lang=value)


@pytest.mark.parametrize("inner", ["\r\nX-Injected: 1", "\n", "\x00", "Ç", "\x7f"])
def test_an_api_key_that_cannot_be_sent_as_a_header_is_refused_unechoed(
    key_pair: KeyPair, inner: str
) -> None:
    with pytest.raises(ConfigurationError) as info:
        make_client(key_pair, echo([]), api_key=f"key{inner}tail0123456789")
    assert "tail0123456789" not in str(info.value)


@pytest.mark.parametrize(
    "options",
    [
        {"extra_headers": {"x-note": "a\r\nb"}},
        {"extra_headers": {"x-note": "naïve"}},
        {"extra_headers": {"bad name": "v"}},
        {"trace": "t-1\n"},
    ],
)
def test_a_header_value_that_cannot_be_sent_is_refused_per_call_and_nothing_leaves(
    key_pair: KeyPair, options: dict[str, Any]
) -> None:
    client, transport, _ = make_client(key_pair, echo([]))
    with client, pytest.raises(InvalidRequestError) as info:
        client.place_order(
            **BALANCES, symbol_id=1, biz_type=2, direction=1, price="1", num="1", options=options
        )
    assert transport.requests == []
    assert (info.value.outcome, info.value.retryable) == ("not_sent", False)


# ------------------------------------------------------------------------- the per-call timeout


def test_a_per_call_timeout_bounds_the_wait_for_the_budget(key_pair: KeyPair) -> None:
    client, transport, clock = make_client(key_pair, echo([]), rate_budget=RateBudget(limit=2, margin=0))
    with client:
        client.query_balances(**BALANCES)
        client.query_balances(**BALANCES)
        with pytest.raises(ThrottledError) as info:
            client.query_balances(**BALANCES, timeout=2.0)
        assert len(transport.requests) == 2  # nothing sent
        assert clock.slept == []  # failed at once instead of waiting a minute
        assert (info.value.outcome, info.value.retryable) == ("not_sent", True)
        assert info.value.retry_after == pytest.approx(60.5)
        assert info.value.trace
        client.query_balances(**BALANCES)  # without a per-call timeout it waits its turn
    assert clock.slept == [pytest.approx(60.5)]


def test_a_per_call_timeout_bounds_the_pause_after_a_429(key_pair: KeyPair) -> None:
    answers = iter(
        [json_response({"code": "00012005", "msg": "slow"}, status=429, headers={"retry-after": "30"})]
    )
    client, transport, clock = make_client(
        key_pair, lambda r: next(answers, None) or echo([])(r), rate_limit_per_minute=None
    )
    with client:
        with pytest.raises(RateLimitError):
            client.query_balances(**BALANCES)
        with pytest.raises(ThrottledError) as info:
            client.query_balances(**BALANCES, timeout=2.0)
        assert len(transport.requests) == 1
        assert clock.slept == []
        assert info.value.retry_after == pytest.approx(30)
        assert client.query_balances(**BALANCES) == []  # waits the pause out
    assert clock.slept == [pytest.approx(30)]


def test_a_per_call_timeout_also_caps_read_retries(key_pair: KeyPair) -> None:
    client, transport, clock = make_client(
        key_pair, lambda r: json_response({"code": "G500", "msg": "busy"}, status=502)
    )
    with client, pytest.raises(ServerError):  # the read's own error: the backoff (0.5 s) would outlast it
        client.query_balances(**BALANCES, timeout=0.4)
    assert len(transport.requests) == 1
    assert clock.slept == []


# --------------------------------------------------------------------- the sandbox in real time


@pytest.fixture(scope="module")
def platform() -> Iterator[tuple[Sandbox, SandboxServer, Any]]:
    sandbox = Sandbox(rate_limit_per_minute=60)
    credentials = sandbox.issue_key(360, key_size=1024)
    with SandboxServer(sandbox) as server:
        yield sandbox, server, credentials
    sandbox.close()


def _placed(sandbox: Sandbox, client_order_id: str | None) -> list[Any]:
    return [o for o in sandbox.state.orders if o.client_order_id == client_order_id]


def _account(sandbox: Sandbox, client: BridgeClient, name: str) -> dict[str, Any]:
    number = client.register_customer(
        phone=f"1390000{int(time.time_ns()) % 10_000:04d}", pwd="dc483e80a7a0bd9ef71d8cf973673924",
        country="CN", register_source=1, customer_group_id=1,
    )  # fmt: skip
    client.add_exchange_account(
        customer_no=number, exchange_code="binance", account_type="spot", account_name=name,
        account_api_key=f"binance-key-{name}0001", account_secret_key="x",
    )  # fmt: skip
    sandbox.seed_balance(number, name, "USDT", "1000000")
    sandbox.set_price(1, "60000")
    return {"exchange_id": "binance", "account_name": name, "customer_no": number, "customer_group_id": 1}


LIMIT_BUY = {"symbol_id": 1, "biz_type": 2, "direction": 1, "price": "1000", "num": "0.01"}


@pytest.mark.parametrize("hold", [1.2, 2.6], ids=["lands-within-window", "refused-after-window"])
def test_resolve_outcome_answers_not_landed_only_after_the_recv_window(
    platform: tuple[Sandbox, SandboxServer, Any], hold: float
) -> None:
    sandbox, server, credentials = platform
    options = sandbox_client_options(server, credentials, coordinator=InProcessCoordinator())
    with BridgeClient(**options, timeout=0.25, recv_window=2000) as client:
        account = _account(sandbox, client, f"hold{int(hold * 10)}")
        sandbox.faults.add(Fault("latency", operation="place_order", phase="before", seconds=hold))
        with pytest.raises(OutcomeUnknownError) as info:
            client.place_order(**account, **LIMIT_BUY)
        unknown = info.value
        assert unknown.lookup_saw == "not_found"
        assert unknown.client_order_id
        lookups = sandbox.faults.count("query_order")
        with pytest.raises(OutcomeUnknownError, match="may still be applied"):
            client.resolve_outcome(unknown, deadline=0)  # too early to tell: no lookup is made
        assert sandbox.faults.count("query_order") == lookups
        assert unknown.settle_after is not None
        assert time.time() < unknown.settle_after
        resolved = client.resolve_outcome(unknown)  # waits for the window, then looks up
        assert time.time() >= unknown.settle_after
    assert sandbox.faults.wait_until_released()
    placed = _placed(sandbox, unknown.client_order_id)
    if hold < 2.0:  # processed inside its recvWindow: it landed, and resolving returns it
        assert [o.order_id for o in placed] == [resolved.order_id]
    else:  # refused by the platform's time window: provably not landed
        assert resolved is None
        assert placed == []


def test_a_cancelled_task_names_the_write_it_may_have_placed(
    platform: tuple[Sandbox, SandboxServer, Any],
) -> None:
    sandbox, server, credentials = platform
    options = sandbox_client_options(server, credentials, coordinator=InProcessCoordinator())
    with BridgeClient(**options) as setup:
        account = _account(sandbox, setup, "cancelled")
    sandbox.faults.add(Fault("latency", operation="place_order", phase="before", seconds=0.6))
    caught: list[BaseException] = []

    async def run() -> None:
        async with AsyncBridgeClient(**options, recv_window=1000) as client:
            async with anyio.create_task_group() as group:

                async def place() -> None:
                    try:
                        await client.place_order(**account, **LIMIT_BUY)
                    except BaseException as exc:
                        caught.append(exc)
                        raise

                group.start_soon(place)
                await anyio.sleep(0.3)  # the request has left and is being held
                group.cancel_scope.cancel()
            unknown = caught[0].bridge_outcome  # type: ignore[attr-defined]
            assert isinstance(unknown, OutcomeUnknownError)
            assert any(unknown.client_order_id in note for note in caught[0].__notes__)
            found = await client.resolve_outcome(unknown)
            assert found is not None
            assert found.client_order_id == unknown.client_order_id

    anyio.run(run)
    assert sandbox.faults.wait_until_released()


def test_a_wall_clock_step_back_of_an_hour_does_not_freeze_calls(
    platform: tuple[Sandbox, SandboxServer, Any],
) -> None:
    sandbox, server, credentials = platform
    step = {"back": 0.0}
    options = sandbox_client_options(
        server, credentials, coordinator=InProcessCoordinator(), rate_budget=RateBudget(limit=60),
        clock=lambda: time.time() - step["back"], monotonic_clock=pacing_clock,
    )  # fmt: skip
    durations = []
    with BridgeClient(**options) as client:
        for call in range(12):
            if call == 6:
                step["back"] = 3600.0  # NTP or an operator sets the clock back an hour
            started = time.monotonic()
            client.list_customers(size=1, timeout=10.0)  # a stale timestamp is re-signed after a resync
            durations.append(time.monotonic() - started)
    assert max(durations) < 5.0, durations
    assert sandbox.gateway.limiter.windows[credentials.api_key].bans == 0


# --------------------------------------------------------------------------- lost rate state


RESTARTED = """
import json, sys
from multimarkets_bridge import BridgeClient, RateBudget
settings = json.loads(sys.argv[1])
budget = RateBudget(**settings.pop("budget"))
calls = settings.pop("calls")
with BridgeClient(**settings, rate_budget=budget, max_retries=0) as client:
    for _ in range(calls):
        client.list_customers(size="1")
print("done", flush=True)
"""


def _settings(limited: LimitedPlatform, calls: int) -> str:  # noqa: F811 - the fixture's type
    return json.dumps(
        {
            "base_url": limited.base_url, "api_key": limited.api_key, "secret_key": limited.secret_key,
            "company_id": limited.company_id, "calls": calls,
            "budget": {"limit": LIMIT, "window": WINDOW, "margin": 0.05, "skew": 0.2},
        }
    )  # fmt: skip


@pytest.mark.slow
def test_an_application_restarted_right_after_a_full_burst_is_not_banned(
    limited: LimitedPlatform,  # noqa: F811
    tmp_path: Path,
) -> None:
    script = tmp_path / "app.py"
    script.write_text(RESTARTED, encoding="utf-8")
    burst = int(LIMIT * 0.95)
    for calls in (burst, 10):  # the second process starts as soon as the first has exited
        done = subprocess.run(
            [sys.executable, str(script), _settings(limited, calls)],
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert done.stdout.strip() == "done", done.stderr[-2000:]
    assert limited.rate_report() == {"bans": 0, "warned": 0}


@pytest.mark.slow
def test_a_redis_that_lost_its_keys_right_after_a_full_burst_gives_no_429(
    limited: LimitedPlatform,  # noqa: F811
    redis_url: str,
) -> None:
    import redis

    prefix = f"lost-{time.time_ns()}"
    budget = RateBudget(limit=LIMIT, window=WINDOW, margin=0.05, skew=0.2)
    options = {
        "base_url": limited.base_url, "api_key": limited.api_key, "secret_key": limited.secret_key,
        "company_id": limited.company_id, "rate_budget": budget, "max_retries": 0,
    }  # fmt: skip
    first = BridgeClient(**options, coordinator=RedisCoordinator.from_url(redis_url, prefix=prefix))
    second = BridgeClient(**options, coordinator=RedisCoordinator.from_url(redis_url, prefix=prefix))
    with first, second:
        second.list_customers(size="1")
        for _ in range(budget.calls - 1):
            first.list_customers(size="1")
        store = redis.Redis.from_url(redis_url)
        for key in store.scan_iter(f"{prefix}:*"):  # the store restarts empty
            store.delete(key)
        for _ in range(5):
            first.list_customers(size="1")
            second.list_customers(size="1")
    assert limited.rate_report() == {"bans": 0, "warned": 0}


def test_a_frozen_store_fails_a_call_within_its_timeout(key_pair: KeyPair, tmp_path: Path) -> None:
    import signal
    import socket

    from redis_server import server_binary

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    process = subprocess.Popen(
        [server_binary(), "--port", str(port), "--save", "", "--appendonly", "no", "--dir", str(tmp_path)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.STDOUT,
    )
    try:
        coordinator = RedisCoordinator.from_url(f"redis://127.0.0.1:{port}/0")
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                coordinator.blocked("probe", 0.0)
                break
            except Exception:
                time.sleep(0.05)
        client, transport, _ = make_client(key_pair, echo([]), coordinator=coordinator)
        with client:
            client.query_balances(**BALANCES)
            process.send_signal(signal.SIGSTOP)  # the store hangs: no answer, no refusal
            started = time.monotonic()
            with pytest.raises(CoordinatorError) as info:
                client.query_balances(**BALANCES, timeout=2.0)
            took = time.monotonic() - started
    finally:
        process.send_signal(signal.SIGCONT)
        process.kill()
        process.wait(10)
    assert took < 2.5, took
    assert info.value.outcome == "not_sent"
    assert len(transport.requests) == 1


def test_the_timeout_error_is_api_timeout_error_and_the_old_name_warns() -> None:
    import builtins

    import multimarkets_bridge
    from multimarkets_bridge import APITimeoutError

    with pytest.warns(DeprecationWarning, match="APITimeoutError"):
        old = multimarkets_bridge.TimeoutError
    assert old is APITimeoutError
    assert issubclass(ThrottledError, APITimeoutError)
    assert "TimeoutError" not in multimarkets_bridge.__all__  # a star import leaves the builtin alone
    assert "APITimeoutError" in multimarkets_bridge.__all__
    assert builtins.TimeoutError is TimeoutError


def test_a_write_refused_before_sending_still_names_its_key(key_pair: KeyPair) -> None:
    banned = json_response({"code": "00012005", "msg": "banned"}, status=418, headers={"retry-after": "300"})
    client, transport, _ = make_client(key_pair, lambda r: banned)
    order = {**BALANCES, "symbol_id": 1, "biz_type": 2, "direction": 1, "price": "1", "num": "1"}
    with client:
        with pytest.raises(BannedError):
            client.query_balances(**BALANCES)  # the platform bans the key
        with pytest.raises(BannedError) as local:
            client.place_order(**order, client_order_id="keepMe1")  # refused here, never sent
    assert len(transport.requests) == 1
    assert (local.value.client_order_id, local.value.outcome) == ("keepMe1", "not_sent")
