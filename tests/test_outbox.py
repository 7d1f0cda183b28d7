"""The outbox: a write whose outcome is not established stays listed by ``client.unsettled()`` after a
caller's timeout, a cancellation, a SIGKILL or a restart, and ``resolve_outcome(entry)`` settles it
(issue 30, item 8). Against the sandbox over uvicorn, on the host's real clocks."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from conftest import register_secret
from multimarkets_bridge import (
    APIError,
    AsyncBridgeClient,
    BridgeClient,
    Direction,
    InvalidRequestError,
    OrderType,
    PlaceOrderResult,
    UnsettledWrite,
)
from multimarkets_bridge.coordination import InProcessCoordinator
from multimarkets_bridge_sandbox import Sandbox, SandboxServer
from multimarkets_bridge_sandbox.faults import Fault
from support import open_funded_account, sandbox_client_options

ORDER = {
    "symbol_id": 1,
    "biz_type": OrderType.LIMIT,
    "direction": Direction.BUY,
    "price": "1000",
    "num": "0.01",
}


@dataclass
class Host:
    sandbox: Sandbox
    options: dict[str, Any]
    selector: dict[str, Any]
    state: Path


@pytest.fixture
def host(tmp_path: Path) -> Iterator[Host]:
    sandbox = Sandbox(rate_limit_per_minute=None)
    credentials = sandbox.issue_key(360, key_size=1024)
    register_secret(credentials.secret_key)
    state = tmp_path / "state"
    with SandboxServer(sandbox) as server:
        options = sandbox_client_options(
            server,
            credentials,
            rate_limit_per_minute=None,
            coordinator=InProcessCoordinator(state),
            recv_window=1000,  # resolve_outcome waits out the recvWindow (+2 s) before a lookup
        )
        with BridgeClient(**options) as client:
            number = open_funded_account(client, sandbox, "13500000009", usdt="1000000")
        selector = {
            "exchange_id": "binance",
            "account_name": "main",
            "customer_no": number,
            "customer_group_id": 1,
        }
        yield Host(sandbox, options, selector, state)
    sandbox.close()


def test_a_write_timed_out_by_the_caller_is_listed_until_resolved(host: Host) -> None:
    host.sandbox.faults.add(Fault("latency", operation="place_order", phase="after", seconds=1.0))

    async def run() -> None:
        async with AsyncBridgeClient(**host.options) as client:
            assert await client.unsettled() == []
            with pytest.raises(TimeoutError):
                await asyncio.wait_for(client.place_order(**host.selector, **ORDER), 0.3)
            listed = await client.unsettled()
            assert len(listed) == 1
            entry = listed[0]
            assert entry.operation_id == "place_order"
            assert entry.client_order_id
            assert entry.pid == os.getpid()
            assert "secret" not in json.dumps(dict(entry.lookup)).lower()
            await asyncio.sleep(1.0)  # the platform finishes processing it
            found = await client.resolve_outcome(entry, PlaceOrderResult, deadline=30.0)
            assert found is not None
            assert found.client_order_id == entry.client_order_id
            assert await client.unsettled() == []

    asyncio.run(run())
    assert len(host.sandbox.state.orders) == 1  # never sent twice


def test_settled_writes_are_not_listed(host: Host) -> None:
    with BridgeClient(**host.options) as client:
        client.place_order(**host.selector, **ORDER)  # a result
        with pytest.raises(APIError) as refused:  # a definite refusal: it did not land
            client.place_order(**host.selector, **{**ORDER, "num": "100000"})
        assert refused.value.outcome == "not_landed"
        assert client.unsettled() == []


def test_a_write_the_signer_refuses_is_not_sent_and_not_listed(host: Host) -> None:
    """A body no signature can be trusted over (U+0085 in a remark, see multimarkets_bridge.canonical)
    is refused before anything is recorded or sent: ``not_sent``, no outbox entry, nothing on the
    platform."""
    customers = len(host.sandbox.state.customers)
    with BridgeClient(**host.options) as client:
        with pytest.raises(InvalidRequestError, match=r"U\+0085") as refused:
            client.register_customer(
                phone="13500000010", pwd="0" * 32, country="CN", register_source=1,
                customer_group_id=1, remark="line\u0085break",
            )  # fmt: skip
        assert refused.value.outcome == "not_sent"
        assert client.unsettled() == []
    assert len(host.sandbox.state.customers) == customers


APP = """
import json, sys
from multimarkets_bridge import BridgeClient, PlaceOrderResult
from multimarkets_bridge.coordination import InProcessCoordinator
settings = json.loads(sys.argv[2])
settings["coordinator"] = InProcessCoordinator(settings.pop("state"))
order, selector = settings.pop("order"), settings.pop("selector")
with BridgeClient(**settings) as client:
    if sys.argv[1] == "place":
        print("sending", flush=True)
        client.place_order(**selector, **order)
        print("answered", flush=True)
    else:
        listed = client.unsettled()
        resolved = [client.resolve_outcome(entry, PlaceOrderResult, deadline=30) for entry in listed]
        print(json.dumps({
            "listed": [[e.operation_id, e.client_order_id] for e in listed],
            "resolved": [r.order_id if r else None for r in resolved],
            "after": len(client.unsettled()),
        }), flush=True)
"""


@pytest.mark.slow
def test_a_process_killed_between_send_and_answer_lists_the_write_after_a_restart(
    host: Host, tmp_path: Path
) -> None:
    script = tmp_path / "app.py"
    script.write_text(APP, encoding="utf-8")
    settings = {
        **{k: v for k, v in host.options.items() if k != "coordinator"},
        "state": str(host.state), "selector": host.selector,
        "order": {**ORDER, "biz_type": 2, "direction": 1},
    }  # fmt: skip
    host.sandbox.faults.add(Fault("latency", operation="place_order", phase="after", seconds=5.0))
    app = subprocess.Popen(
        [sys.executable, str(script), "place", json.dumps(settings)], stdout=subprocess.PIPE, text=True
    )
    deadline = time.monotonic() + 30
    while not host.sandbox.state.orders:  # processed by the platform; the answer is held back
        assert time.monotonic() < deadline
        assert app.poll() is None
        time.sleep(0.02)
    app.send_signal(signal.SIGKILL)
    app.wait(10)
    order = host.sandbox.state.orders[0]
    restarted = subprocess.run(
        [sys.executable, str(script), "resolve", json.dumps(settings)],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert restarted.returncode == 0, restarted.stderr[-3000:]
    report = json.loads(restarted.stdout.strip().splitlines()[-1])
    assert report == {
        "listed": [["place_order", order.client_order_id]],
        "resolved": [order.order_id],
        "after": 0,
    }
    assert len(host.sandbox.state.orders) == 1


def test_an_entry_survives_its_json_and_refuses_other_types(host: Host) -> None:
    with BridgeClient(**host.options) as client, pytest.raises(Exception, match="UnsettledWrite"):
        client.resolve_outcome("not an entry")  # type: ignore[arg-type]
    entry = UnsettledWrite(
        id="w-1", operation_id="place_order", client_order_id="c1", order_id=None,
        lookup={"clientOrderId": "c1"},
        request_time_ms=1, settle_after=2.0, recorded_at=3.0, trace="t", pid=4, host="h",
    )  # fmt: skip
    assert UnsettledWrite._from_json(json.loads(json.dumps(entry._to_json()))) == entry
