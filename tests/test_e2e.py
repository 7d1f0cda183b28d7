"""End to end over real sockets: the SDK (sync and async) against the sandbox served by uvicorn on
127.0.0.1, with notifications pushed to a local receiver and verified with the sandbox's platform key."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

import httpx
import pytest
from conftest import register_secret
from multimarkets_bridge import (
    AccountType,
    AsyncBridgeClient,
    BannedError,
    BridgeClient,
    Direction,
    ExchangeCode,
    ExchangeId,
    OrderStatus,
    OrderType,
    RateLimitError,
    RegisterSource,
    SignatureError,
    TimestampError,
    models,
)
from multimarkets_bridge.coordination import InProcessCoordinator
from multimarkets_bridge.webhooks import UnknownMessage
from multimarkets_bridge_sandbox import Credentials, Sandbox, SandboxServer
from multimarkets_bridge_sandbox.receiver import LocalWebhookReceiver
from support import sandbox_client_options

PWD = "dc483e80a7a0bd9ef71d8cf973673924"


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture
def served() -> Iterator[tuple[Sandbox, SandboxServer, Credentials]]:
    sandbox = Sandbox(seed=11, notifier_base_delay=0.05)
    credentials = sandbox.issue_key(360)
    register_secret(credentials.secret_key)
    with SandboxServer(sandbox) as server:
        yield sandbox, server, credentials
    sandbox.close()


def client_for(server: SandboxServer, credentials: Credentials, **kwargs: object) -> BridgeClient:
    return BridgeClient(**sandbox_client_options(server, credentials, **kwargs))


def test_full_flow_sync_with_verified_notifications(
    served: tuple[Sandbox, SandboxServer, Credentials],
) -> None:
    sandbox, server, credentials = served
    with (
        LocalWebhookReceiver(platform_public_key=sandbox.platform_public_key, fail_first=2) as receiver,
        client_for(server, credentials) as client,
    ):
        assert client.subscribe_webhook(api_key=credentials.api_key, webhook_url=receiver.url) is True
        number = client.register_customer(
            phone="13300000001",
            pwd=PWD,
            country="CN",
            register_source=RegisterSource.PC_WEB,
            customer_group_id=1,
        )
        client.add_exchange_account(
            customer_no=number,
            exchange_code=ExchangeCode.OKX,
            account_type=AccountType.SPOT,
            account_name="okx-main",
            account_api_key="okx-key-0000001",
            account_secret_key="x",
            passphrase="p",
        )
        selector = {
            "exchange_id": ExchangeId.OKX,
            "account_name": "okx-main",
            "customer_no": number,
            "customer_group_id": 1,
        }
        sandbox.set_price(2, "3000")
        market = client.place_order(
            **selector,
            symbol_id=2,
            biz_type=OrderType.MARKET,
            direction=Direction.BUY,
            amount="300",
            client_order_id="e2eM1",
        )
        assert market.status == OrderStatus.FILLED.value
        limit = client.place_order(
            **selector,
            symbol_id=2,
            biz_type=OrderType.LIMIT,
            direction=Direction.SELL,
            price="3300",
            num="0.05",
            client_order_id="e2eL1",
        )
        assert (
            client.query_order(**selector, symbol_id=2, client_order_id="e2eL1").status
            == OrderStatus.SUBMITTED.value
        )
        client.cancel_order(**selector, symbol_id=2, order_id=str(limit.order_id))
        fills = client.query_trade_records(**selector, symbol_id=2)
        assert [f.execute_num for f in fills] == [Decimal("0.1")]
        assert fills[0].execute_num is not None
        assert fills[0].execute_num.wire == "0.1"
        notes = receiver.wait_for(4)
        assert sandbox.notifier.wait_idle()
    assert [n.message_type for n in notes] == [
        "ORDER_EXEC_REPORT",
        "ORDER_EXEC_REPORT",
        "ORDER_CANCEL_REPORT",
        "ORDER_EXEC_REPORT",
    ]
    assert all(n.signature == "verified" for n in notes)
    assert all(n.api_key == credentials.api_key for n in notes)
    first = notes[0].message
    assert isinstance(first, models.OrderExecReport)
    assert (first.client_order_id, first.status, first.execute_num) == ("e2eM1", "2", Decimal("0.1"))
    assert isinstance(notes[-1].message, models.OrderExecReport)
    assert notes[-1].message.status == OrderStatus.CANCELLED_BY_CUSTOMER.value
    deliveries = sandbox.deliveries()
    assert deliveries[0].attempts == 3  # the receiver refused twice; the notifier backed off and retried
    assert all(d.acknowledged for d in deliveries)
    assert receiver.attempts == 6


@pytest.mark.anyio
@pytest.mark.parametrize("transport", ["httpx", "aiohttp"])
async def test_flow_async_over_real_sockets(
    served: tuple[Sandbox, SandboxServer, Credentials], transport: str
) -> None:
    """The async flow over httpx's own pool and over the optional aiohttp transport (``aiohttp`` extra)."""
    sandbox, server, credentials = served
    if transport == "aiohttp":
        from httpx_aiohttp import AiohttpTransport

        chosen: httpx.AsyncBaseTransport | None = AiohttpTransport()
    else:
        chosen = None
    async with AsyncBridgeClient(
        base_url=server.base_url,
        api_key=credentials.api_key,
        secret_key=credentials.secret_key,
        company_id=360,
        transport=chosen,
    ) as client:
        number = await client.register_customer(
            email="async@example.com",
            pwd=PWD,
            country="SG",
            register_source=RegisterSource.IOS,
            customer_group_id=1,
        )
        await client.add_exchange_account(
            customer_no=number,
            exchange_code=ExchangeCode.BINANCE,
            account_type=AccountType.SPOT,
            account_name="b",
            account_api_key="k" * 16,
            account_secret_key="s",
        )
        selector = {
            "exchange_id": ExchangeId.BINANCE,
            "account_name": "b",
            "customer_no": number,
            "customer_group_id": 1,
        }
        raw = await client.with_raw_response.query_balances(**selector, omit_zero_balances=True)
        assert raw.status_code == 200
        assert raw.headers["x-ratelimit-limit"] == "100"
        assert {b.currency for b in raw.data} == {"BTC", "USDT"}
        sandbox.set_price(1, "40000")
        order = await client.place_order(
            **selector,
            symbol_id=1,
            biz_type=OrderType.LIMIT,
            direction=Direction.BUY,
            price="39000",
            num="0.01",
        )
        sandbox.set_price(1, "38500")
        assert (await client.query_order(**selector, symbol_id=1, order_id=str(order.order_id))).status == "2"
        balances = {b.currency: Decimal(b.balance) for b in await client.query_balances(**selector)}
        assert balances["BTC"] > 0


def test_error_paths_over_real_sockets(
    served: tuple[Sandbox, SandboxServer, Credentials],
    other_key_pair: object,
    caplog: pytest.LogCaptureFixture,
) -> None:
    sandbox, server, credentials = served
    forged = client_for(server, credentials, secret_key=other_key_pair.secret)  # type: ignore[attr-defined]
    with forged, pytest.raises(SignatureError) as bad_key:
        forged.list_customers()
    assert bad_key.value.trace is not None
    assert bad_key.value.trace.startswith("t-")
    # 30 s slow: the first attempt is refused (00012002); the client learns the offset from the
    # server's Date header, re-signs, and the retry passes; later calls are signed right at once.
    # A clock 30 s off stands for another host: it gets its own budget (a budget shared across hosts
    # assumes clocks that agree within the skew allowance; otherwise it waits for the others' stamps)
    slow_clock = lambda: sandbox.clock() - 30  # noqa: E731
    with client_for(server, credentials, clock=slow_clock, coordinator=InProcessCoordinator()) as slow:
        with caplog.at_level("WARNING", logger="multimarkets_bridge"):
            assert slow.list_customers().total == 0
        assert "local clock differs" in caplog.text
        assert slow.list_customers().total == 0
    # with the retry switched off the rejection surfaces as the typed error
    # (a client that shares the process budget would have learnt the offset too: use a separate one)
    stale = client_for(
        server,
        credentials,
        clock=lambda: sandbox.clock() - 30,
        max_retries=0,
        coordinator=InProcessCoordinator(),
    )
    with stale, pytest.raises(TimestampError) as expired:
        stale.list_customers()
    assert expired.value.code == "00012002"
    shared = InProcessCoordinator()
    with client_for(
        server, credentials, rate_limit_per_minute=None, max_retries=0, coordinator=shared
    ) as hasty:
        # counted so far: forged 1, slow 2 + 1, stale 1
        already = sandbox.gateway.limiter.windows[credentials.api_key].count
        assert already == 5
        for _ in range(100 - already):
            hasty.list_customers(size="1")
        with pytest.raises(RateLimitError) as limited:
            hasty.list_customers()
        assert limited.value.http_status == 429
        assert limited.value.retry_after is not None
        # the client now holds every call of this key, for no longer than the hinted reset (pauses are
        # kept on the client's pacing clock; on a loaded machine the hint and the pause may be read a
        # few seconds apart, so only the bounds are exact)
        ticks = hasty._core.ticks
        until, kind = shared.blocked(hasty._core.scope, ticks())
        assert kind == "paused"
        assert 1 < until - ticks() <= limited.value.retry_after + 2
    # a replica that does not share the budget keeps calling: the platform bans the key
    with client_for(server, credentials, max_retries=0, coordinator=InProcessCoordinator()) as rogue:
        with pytest.raises(BannedError) as banned:
            rogue.list_customers()
        assert banned.value.http_status == 418
        assert banned.value.retry_after == pytest.approx(300, abs=2)
        with pytest.raises(BannedError):
            rogue.list_customers()  # refused locally, no request sent
    assert sandbox.gateway.limiter.windows[credentials.api_key].count == 102


def test_unverified_receiver_keeps_unknown_messages() -> None:
    with LocalWebhookReceiver(platform_public_key=None) as receiver:
        import httpx

        httpx.post(
            receiver.url,
            json={"msgType": "trade", "content": '{"type":"QUOTE_TAG_V2","rfq":1}'},
            headers={"trace": "t-x-1"},
        )
        (note,) = receiver.wait_for(1)
    assert note.signature == "unchecked"
    assert isinstance(note.message, UnknownMessage)
    assert note.message.payload == {"type": "QUOTE_TAG_V2", "rfq": 1}
