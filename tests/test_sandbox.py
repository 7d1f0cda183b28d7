"""The sandbox in-process (ASGI): gateway rules, validation, business rules, persistence, determinism."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import httpx
import pytest
from conftest import register_secret
from multimarkets_bridge import (
    AccountType,
    AsyncBridgeClient,
    AuthenticationError,
    BannedError,
    Direction,
    ExchangeCode,
    ExchangeId,
    GatewayError,
    InvalidRequestError,
    NotFoundError,
    OrderType,
    PermissionDeniedError,
    RateLimitError,
    RegisterSource,
    RsaSha1Signer,
    ServerError,
    SignatureError,
    TimestampError,
    ValidationError,
    models,
)
from multimarkets_bridge.coordination import InProcessCoordinator
from multimarkets_bridge.errors import APIError, ConflictError
from multimarkets_bridge_sandbox import Codes, Credentials, Sandbox
from support import FakeClock

PWD = "dc483e80a7a0bd9ef71d8cf973673924"


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@dataclass
class World:
    sandbox: Sandbox
    clock: FakeClock
    credentials: Credentials

    def client(self, **kwargs: Any) -> AsyncBridgeClient:
        options: dict[str, Any] = {
            "api_key": self.credentials.api_key,
            "secret_key": self.credentials.secret_key,
            "company_id": self.credentials.company_id,
            "base_url": "http://sandbox/webhook",
            "transport": httpx.ASGITransport(app=self.sandbox.app),
            "clock": self.clock,
            "sleep": self.clock.asleep,
            "max_retries": 0,
            "rate_limit_per_minute": None,
        }
        options.update(kwargs)
        return AsyncBridgeClient(**options)


def make_world(**sandbox_options: Any) -> Iterator[World]:
    clock = FakeClock()
    sandbox = Sandbox(clock=clock, rate_limit_per_minute=None, **sandbox_options)
    credentials = sandbox.issue_key(360, key_size=1024)
    register_secret(credentials.secret_key)
    yield World(sandbox, clock, credentials)
    sandbox.close()


@pytest.fixture
def world() -> Iterator[World]:
    yield from make_world()


@pytest.fixture
async def client(world: World) -> AsyncIterator[AsyncBridgeClient]:
    async with world.client() as c:
        yield c


async def register(client: AsyncBridgeClient, phone: str = "13200000092", **extra: Any) -> str:
    fields: dict[str, Any] = {
        "phone": phone,
        "pwd": PWD,
        "country": "CN",
        "register_source": RegisterSource.H5,
        "customer_group_id": 1,
    }
    fields.update(extra)
    return await client.register_customer(**fields)


async def onboard(client: AsyncBridgeClient, exchange: ExchangeCode = ExchangeCode.BINANCE) -> dict[str, Any]:
    customer_no = await register(client)
    await client.add_exchange_account(
        customer_no=customer_no,
        exchange_code=exchange,
        account_type=AccountType.SPOT,
        account_name="main",
        account_api_key="exchange-key-123456",
        account_secret_key="exchange-secret",
    )
    return {
        "exchange_id": ExchangeId(exchange.value),
        "account_name": "main",
        "customer_no": customer_no,
        "customer_group_id": 1,
    }


# ---------------------------------------------------------------------------------------------- gateway


async def raw_post(world: World, biz_type: str, body: bytes, headers: dict[str, str]) -> dict[str, Any]:
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=world.sandbox.app), base_url="http://sandbox"
    ) as http:
        response = await http.post(f"/webhook/global/{biz_type}", content=body, headers=headers)
    assert response.status_code == 200
    payload: dict[str, Any] = response.json()
    return payload


def signed_headers(world: World, body: bytes, **overrides: str) -> dict[str, str]:
    timestamp = world.sandbox.clock_ms()
    signature = RsaSha1Signer.from_secret_key(world.credentials.secret_key).sign(body, timestamp)
    register_secret(signature)
    headers = {
        "companyId": "360",
        "trace": "t-raw-1700000000",
        "apiKey": world.credentials.api_key,
        "timestamp": str(timestamp),
        "signature": signature,
        "version": "0.0.1",
        "recvWindow": "5000",
        "Content-Type": "application/json",
    }
    headers.update(overrides)
    return {k: v for k, v in headers.items() if v != ""}


PAGE = "customer.admin.WhiteCustomerAdminApiService.page"


@pytest.mark.anyio
@pytest.mark.parametrize(
    ("overrides", "code"),
    [
        ({"companyId": ""}, Codes.NO_COMPANY_ID),
        ({"trace": ""}, Codes.NO_TRACE),
        ({"signature": ""}, Codes.MISSING_HEADER),
        ({"timestamp": ""}, Codes.MISSING_HEADER),
        ({"version": ""}, Codes.MISSING_HEADER),
        ({"timestamp": "soon"}, Codes.INVALID_PARAMETER),
        ({"recvWindow": "60001"}, Codes.INVALID_PARAMETER),
        ({"apiKey": "nobody"}, Codes.UNKNOWN_API_KEY),
        ({"companyId": "361"}, Codes.NO_PERMISSION),
        ({"signature": "AAAA"}, Codes.SIGNATURE),
        # what the spec states about the headers, enforced
        ({"version": "0.0.2"}, Codes.INVALID_PARAMETER),
        ({"trace": "t-" + "x" * 127}, Codes.INVALID_PARAMETER),
        ({"Content-Type": "text/plain"}, Codes.INVALID_PARAMETER),
        ({"Content-Type": ""}, Codes.INVALID_PARAMETER),
    ],
)
async def test_gateway_header_rules(world: World, overrides: dict[str, str], code: str) -> None:
    body = b'{"current":"1"}'
    payload = await raw_post(world, PAGE, body, signed_headers(world, body, **overrides))
    assert payload["code"] == code
    assert payload["ok"] is False
    assert payload["fail"] is True
    assert payload["data"] == PAGE
    if overrides.get("trace") != "":
        assert payload["trace"] == overrides.get("trace", "t-raw-1700000000")


@pytest.mark.anyio
async def test_unknown_biz_type_and_group_rule(world: World) -> None:
    body = b"{}"
    payload = await raw_post(world, "nope.Service.call", body, signed_headers(world, body))
    assert payload["code"] == Codes.UNKNOWN_BIZ_TYPE
    balances = "tradeapi.admin.AccountAdminService.queryBalances"
    payload = await raw_post(world, balances, body, signed_headers(world, body))
    assert payload["code"] == Codes.MISSING_HEADER
    assert "group" in payload["msg"]


@pytest.mark.anyio
async def test_body_signed_in_any_key_order_verifies(world: World) -> None:
    signed = b'{"size":"5","current":"1"}'
    sent = b'{ "current": "1",\n  "size": "5" }'
    payload = await raw_post(world, PAGE, sent, signed_headers(world, signed))
    assert payload["code"] == "0"
    assert payload["data"]["size"] == 5


@pytest.mark.anyio
async def test_time_window(world: World) -> None:
    client_clock = FakeClock(world.clock.now - 6)  # 6 s behind: outside the default 5000 ms window
    async with world.client(clock=client_clock) as late:
        with pytest.raises(TimestampError) as info:
            await late.list_customers()
    assert info.value.code == "00012002"
    async with world.client(clock=client_clock, recv_window=10_000) as patient:
        assert (await patient.list_customers()).total == 0
    async with world.client(clock=FakeClock(world.clock.now + 1.5)) as early:
        with pytest.raises(TimestampError):
            await early.list_customers()
    async with world.client(clock=FakeClock(world.clock.now + 0.9)) as slightly_early:
        assert (await slightly_early.list_customers()).total == 0


@pytest.mark.anyio
async def test_wrong_key_and_unknown_key(world: World, other_key_pair: Any) -> None:
    async with world.client(secret_key=other_key_pair.secret) as forged:
        with pytest.raises(SignatureError):
            await forged.list_customers()
    async with world.client(api_key="sbx-not-registered") as stranger:
        with pytest.raises(AuthenticationError) as info:
            await stranger.list_customers()
    assert info.value.code == "00012003"
    async with world.client(company_id=999) as other_company:
        with pytest.raises(PermissionDeniedError):
            await other_company.list_customers()


@pytest.mark.anyio
async def test_rate_limit_ladder() -> None:
    for w in make_world():
        w.sandbox.gateway.limiter.limit = 100

        def unshared(w: World = w) -> AsyncBridgeClient:
            # a client that does not share the budget (another replica without a coordinator)
            return w.client(coordinator=InProcessCoordinator())

        async with unshared() as client:
            for _ in range(100):
                await client.list_customers(size="1")
            with pytest.raises(RateLimitError) as limited:
                await client.list_customers()
            assert limited.value.http_status == 429
            assert limited.value.remaining == 0
        async with unshared() as other:
            with pytest.raises(BannedError) as banned:
                await other.list_customers()
            assert banned.value.http_status == 418
            assert banned.value.retry_after == pytest.approx(300)
            seen = w.sandbox.faults.count("list_customers")
            with pytest.raises(BannedError):
                await other.list_customers()  # refused locally during the ban
            assert w.sandbox.faults.count("list_customers") == seen
        w.clock.advance(301)
        async with unshared() as client:
            for _ in range(100):
                await client.list_customers(size="1")
            with pytest.raises(RateLimitError):
                await client.list_customers()
        async with unshared() as other:
            with pytest.raises(BannedError) as second_ban:
                await other.list_customers()
            assert second_ban.value.retry_after == pytest.approx(600)


@pytest.mark.anyio
async def test_client_pauses_after_a_429_instead_of_earning_a_ban() -> None:
    for w in make_world():
        w.sandbox.gateway.limiter.limit = 100
        async with w.client(coordinator=InProcessCoordinator()) as client:
            for _ in range(100):
                await client.list_customers(size="1")
            with pytest.raises(RateLimitError) as limited:
                await client.list_customers()
            started = w.clock()
            # the next call waits out the hinted reset (the fake clock's sleep advances it): no 418
            assert (await client.list_customers(size="1")).total == 0
            assert w.clock() - started == pytest.approx(limited.value.retry_after, abs=1)
            assert all(window.bans == 0 for window in w.sandbox.gateway.limiter.windows.values())


# ---------------------------------------------------------------------------------------------- validation


SELECTOR = {
    "tradeType": 10,
    "exchangeId": "binance",
    "accountName": "a",
    "customerNo": "1",
    "customerGroupId": 1,
    "symbolId": 1,
}
ORDER = {**SELECTOR, "bizType": 1, "direction": 1, "num": "1"}
REGISTRATION = {
    "phone": "13200000092",
    "pwd": PWD,
    "country": "CN",
    "registerSource": 1,
    "customerGroupId": 1,
}
ADD_CUSTOMER = "customer.admin.WhiteCustomerAdminApiService.addCustomer"
ADD_ORDER = "tradeapi.admin.OrderAdminApiService.addDirectOrder"


@pytest.mark.anyio
@pytest.mark.parametrize(
    ("biz_type", "body", "code", "fragment"),
    [
        (ADD_CUSTOMER, {"phone": "13200000092", "country": "CN"}, Codes.CUSTOMER_INVALID_PARAMETER, "pwd"),
        (ADD_CUSTOMER, {**REGISTRATION, "phone": "1"}, Codes.BAD_PHONE, "mobile"),
        (ADD_CUSTOMER, {**REGISTRATION, "phone": ""}, Codes.BAD_PHONE, "mobile"),
        (
            ADD_CUSTOMER,
            {k: v for k, v in REGISTRATION.items() if k != "phone"},
            Codes.PHONE_OR_EMAIL_REQUIRED,
            "phone or email",
        ),
        (
            ADD_CUSTOMER,
            {**REGISTRATION, "registerSource": 12},
            Codes.CUSTOMER_INVALID_PARAMETER,
            "registerSource",
        ),
        (
            "tradeapi.admin.OrderAdminApiService.queryDirectTradeRecord",
            {**SELECTOR, "limit": "twenty"},
            Codes.INVALID_PARAMETER,
            "limit",
        ),
        (ADD_ORDER, {**ORDER, "tradeType": 1}, Codes.INVALID_PARAMETER, "tradeType"),
        (ADD_ORDER, {**ORDER, "clientOrderId": "bad-id!"}, Codes.INVALID_PARAMETER, "clientOrderId"),
        (ADD_ORDER, {**ORDER, "symbolId": "1"}, Codes.INVALID_PARAMETER, "symbolId"),
        (ADD_ORDER, {**ORDER, "customerGroupId": "one"}, Codes.INVALID_PARAMETER, "customerGroupId"),
        (
            "tradeapi.admin.OrderAdminApiService.cancelDirectOrder",
            SELECTOR,
            Codes.INVALID_PARAMETER,
            "orderId or clientOrderId",
        ),
    ],
)
async def test_validation_errors_are_envelopes_never_500(
    world: World, biz_type: str, body: dict[str, Any], code: str, fragment: str
) -> None:
    content = json.dumps(body).encode()
    headers = signed_headers(world, content)
    if biz_type.startswith("tradeapi"):
        headers["group"] = "tradeApi"
    payload = await raw_post(world, biz_type, content, headers)
    assert payload["code"] == code, payload
    assert fragment in payload["msg"]


@pytest.mark.anyio
async def test_non_object_body(world: World) -> None:
    payload = await raw_post(world, PAGE, b"[1,2]", signed_headers(world, b"[1,2]"))
    assert payload["code"] == Codes.EMPTY_BODY


# ---------------------------------------------------------------------------------------------- customers


@pytest.mark.anyio
async def test_customers(client: AsyncBridgeClient, world: World) -> None:
    first = await register(client, "13200000001")
    second = await register(client, phone="13200000002", email="b@example.com")
    assert (first, second) == ("86000001", "86000002")
    with pytest.raises(ConflictError) as dup_phone:
        await register(client, "13200000001")
    assert dup_phone.value.code == Codes.PHONE_EXISTS
    with pytest.raises(ConflictError):
        await register(client, "13200000003", email="b@example.com")
    with pytest.raises(ValidationError):
        await register(client, "13200000004", customer_group_id=2)
    for n in range(5, 30):
        await register(client, f"132000000{n:02d}")
    page = await client.list_customers(current="2", size="10")
    assert (page.current, page.size, page.total, len(page.records)) == (2, 10, 27, 10)
    assert page.records[0].customer_no == "86000011"
    only = await client.list_customers(customer_no=second)
    assert [r.email for r in only.records] == ["b@example.com"]
    details = await client.get_customer_details(type_=models.CustomerDetailType.BASE_INFO, customer_no=second)
    assert (details.customer_no, details.email, details.status) == (second, "b@example.com", 1)
    with pytest.raises(NotFoundError):
        await client.get_customer_details(type_=models.CustomerDetailType.BASE_INFO, customer_no="86999999")
    assert await client.cancel_customer(customer_no=second, remark="leaving", is_auto=True) is None
    assert (
        await client.get_customer_details(type_=models.CustomerDetailType.BASE_INFO, customer_no=second)
    ).status == 4
    with pytest.raises(APIError) as again:
        await client.cancel_customer(customer_no=second, remark="again")
    assert again.value.code == Codes.ACTION_NOT_ALLOWED
    await client.cancel_customer(customer_no=first, remark="manual")
    assert (
        await client.get_customer_details(type_=models.CustomerDetailType.BASE_INFO, customer_no=first)
    ).status == 6


@pytest.mark.anyio
async def test_detail_alias_is_routed(world: World, client: AsyncBridgeClient) -> None:
    number = await register(client)
    body = json.dumps({"type": "baseInfo", "customerNo": number}).encode()
    payload = await raw_post(
        world, "customer.admin.WhiteCustomerAdminApiService.detail", body, signed_headers(world, body)
    )
    assert payload["data"]["customerNo"] == number


# ---------------------------------------------------------------------------------------------- accounts


@pytest.mark.anyio
async def test_accounts(client: AsyncBridgeClient) -> None:
    selector = await onboard(client)
    number = selector["customer_no"]
    with pytest.raises(APIError) as dup:
        await client.add_exchange_account(
            customer_no=number,
            exchange_code=ExchangeCode.BINANCE,
            account_type=AccountType.SPOT,
            account_name="main",
            account_api_key="k" * 12,
            account_secret_key="s",
        )
    assert dup.value.code == Codes.ACCOUNT_EXISTS
    await client.add_exchange_account(
        customer_no=number,
        exchange_code=ExchangeCode.OKX,
        account_type=AccountType.FUTURES,
        account_name="main",
        account_api_key="k" * 12,
        account_secret_key="s",
        passphrase="p",
    )
    with pytest.raises(InvalidRequestError, match="certificate is required"):  # the spec's if/then
        await client.add_exchange_account(
            customer_no=number,
            exchange_code=ExchangeCode.CUMBERLAND,
            account_type=AccountType.SPOT,
            account_name="rfq",
            account_api_key="cp-1",
            account_secret_key="user-1",
        )
    await client.add_exchange_account(
        customer_no=number,
        exchange_code=ExchangeCode.CUMBERLAND,
        account_type=AccountType.SPOT,
        account_name="rfq",
        account_api_key="cp-1",
        account_secret_key="user-1",
        certificate="30820a0b",
    )
    page = await client.list_exchange_accounts(customer_no=number)
    assert page.total == 3
    assert {(a.exchange_code, a.account_type) for a in page.records} == {
        ("binance", "spot"),
        ("okx", "futures"),
        ("cumberland", "spot"),
    }
    assert all("secret" not in json.dumps(a.to_dict()) for a in page.records)
    okx = (await client.list_exchange_accounts(exchange_code=ExchangeCode.OKX)).records[0]
    await client.update_exchange_account(id=str(okx.id), account_name="hedge")
    assert (await client.list_exchange_accounts(account_name="hedge")).records[0].id == okx.id
    with pytest.raises(APIError):
        await client.update_exchange_account(id="99999", account_name="x")
    deleted = await client.delete_exchange_account(customer_no=number, account_name="rfq")
    assert deleted["exchangeCode"] == "cumberland"
    assert (await client.list_exchange_accounts(customer_no=number)).total == 2


# ---------------------------------------------------------------------------------------------- trading


@pytest.mark.anyio
async def test_balances_and_deposits_are_seeded_deterministically(
    world: World, client: AsyncBridgeClient
) -> None:
    selector = await onboard(client)
    balances = await client.query_balances(**selector)
    assert {b.currency for b in balances} == {"BTC", "ETH", "USDT"}
    nonzero = await client.query_balances(**selector, omit_zero_balances=True, currency="USDT,ETH")
    assert [b.currency for b in nonzero] == ["USDT"]
    deposits = await client.query_deposit_records(**selector)
    assert len(deposits) == 3
    completed = await client.query_deposit_records(
        **selector, status=models.DepositStatus.COMPLETED, currency="USDT"
    )
    assert [d.status for d in completed] == ["6"]
    assert (
        len(await client.query_deposit_records(**selector, limit="500")) == 3
    )  # out of range falls back to 20
    world.sandbox.seed_deposit(selector["customer_no"], "main", "SOL", "12.5", tx_id="0xfeed")
    (sol,) = await client.query_deposit_records(**selector, tx_id="0xfeed")
    assert (sol.currency, sol.amount, sol.status) == ("SOL", Decimal("12.5"), "6")
    sol_balance = await client.query_balances(**selector, currency="SOL")
    assert [b.balance.wire for b in sol_balance] == ["12.5"]
    for other in make_world():
        async with other.client() as again:
            twin = await onboard(again)
            assert [b.to_dict() for b in await again.query_balances(**twin)] == [
                b.to_dict() for b in balances
            ]


@pytest.mark.anyio
async def test_market_order_fills_and_moves_balances(world: World, client: AsyncBridgeClient) -> None:
    selector = await onboard(client)
    world.sandbox.set_price(1, "50000")
    before = {b.currency: Decimal(b.balance) for b in await client.query_balances(**selector)}
    placed = await client.place_order(
        **selector,
        symbol_id=1,
        biz_type=OrderType.MARKET,
        direction=Direction.BUY,
        num="0.01",
        client_order_id="m1",
    )
    assert placed.status == models.OrderStatus.FILLED.value
    after = {b.currency: Decimal(b.balance) for b in await client.query_balances(**selector)}
    assert after["BTC"] - before["BTC"] == Decimal("0.01")
    assert before["USDT"] - after["USDT"] == Decimal("500.5")  # 500 + 0.1 % fee
    fills = await client.query_trade_records(**selector, symbol_id=1)
    assert [(f.execute_num, f.execute_price, f.commission) for f in fills] == [
        (Decimal("0.01"), Decimal("50000"), Decimal("-0.5"))
    ]
    with pytest.raises(APIError) as dup:
        await client.place_order(
            **selector,
            symbol_id=1,
            biz_type=OrderType.MARKET,
            direction=Direction.BUY,
            num="0.01",
            client_order_id="m1",
        )
    assert dup.value.code == Codes.DUPLICATE_CLIENT_ORDER_ID
    with pytest.raises(APIError) as small:
        await client.place_order(
            **selector, symbol_id=1, biz_type=OrderType.MARKET, direction=Direction.BUY, amount="4"
        )
    assert small.value.code == Codes.MIN_NOTIONAL
    with pytest.raises(APIError) as poor:
        await client.place_order(
            **selector, symbol_id=1, biz_type=OrderType.MARKET, direction=Direction.BUY, num="100"
        )
    assert poor.value.code == Codes.INSUFFICIENT_BALANCE


@pytest.mark.anyio
async def test_limit_order_rests_locks_funds_and_fills_when_price_crosses(
    world: World, client: AsyncBridgeClient
) -> None:
    selector = await onboard(client)
    world.sandbox.set_price(1, "60000")
    order = await client.place_order(
        **selector,
        symbol_id=1,
        biz_type=OrderType.LIMIT,
        direction=Direction.BUY,
        price="55000",
        num="0.02",
        client_order_id="l1",
    )
    assert order.status == "1"
    usdt = next(b for b in await client.query_balances(**selector, currency="USDT"))
    assert Decimal(usdt.locked) == Decimal("1101.1")  # 55000 * 0.02 * 1.001
    assert world.sandbox.set_price(1, "54000") == 1
    queried = await client.query_order(**selector, symbol_id=1, client_order_id="l1")
    assert queried.status == "2"
    assert queried.additional_properties["avgPrice"] == "55000"
    usdt = next(b for b in await client.query_balances(**selector, currency="USDT"))
    assert Decimal(usdt.locked) == 0
    with pytest.raises(APIError) as closed:
        await client.cancel_order(**selector, symbol_id=1, client_order_id="l1")
    assert closed.value.code == Codes.ORDER_NOT_OPEN


@pytest.mark.anyio
async def test_cancel_ioc_and_history_rules(world: World, client: AsyncBridgeClient) -> None:
    selector = await onboard(client)
    world.sandbox.set_price(1, "60000")
    resting = await client.place_order(
        **selector, symbol_id=1, biz_type=OrderType.LIMIT, direction=Direction.SELL, price="70000", num="0.1"
    )
    cancelled = await client.cancel_order(**selector, symbol_id=1, order_id=str(resting.order_id))
    assert cancelled.order_id == resting.order_id
    assert (await client.query_order(**selector, symbol_id=1, order_id=str(resting.order_id))).status == "4"
    ioc = await client.place_order(
        **selector,
        symbol_id=1,
        biz_type=OrderType.LIMIT,
        direction=Direction.BUY,
        price="100",
        num="0.1",
        time_in_force=models.TimeInForce.IOC,
    )
    assert ioc.status == "7"
    with pytest.raises(APIError) as window:
        await client.query_trade_records(
            **selector,
            symbol_id=1,
            start_time=world.sandbox.clock_ms() - 2 * 86_400_000,
            end_time=world.sandbox.clock_ms(),
        )
    assert window.value.code == Codes.WINDOW_TOO_LONG
    with pytest.raises(APIError) as unknown:
        await client.query_order(**selector, symbol_id=1, order_id="1")
    assert unknown.value.code == Codes.ORDER_NOT_FOUND
    world.clock.advance(93 * 86_400)
    with pytest.raises(APIError) as old:
        await client.query_order(**selector, symbol_id=1, order_id=str(resting.order_id))
    assert old.value.code == Codes.ORDER_TOO_OLD
    with pytest.raises(APIError) as wrong_exchange:
        await client.query_balances(**{**selector, "exchange_id": ExchangeId.OKX})
    assert wrong_exchange.value.code == Codes.EXCHANGE_MISMATCH


@pytest.mark.anyio
async def test_reference_data_and_subscription_rules(world: World, client: AsyncBridgeClient) -> None:
    products = await client.list_products(company_id="360", trade_type=10)
    assert [p.symbol_id for p in products] == [1, 2, 3]
    assert {c.code for c in await client.list_company_currencies()} >= {"USDT", "BTC"}
    assert len(await client.list_dictionary_entries(parent_code="phone_code")) == 4
    with pytest.raises(PermissionDeniedError):
        await client.subscribe_webhook(api_key="someone-else", webhook_url="https://example.com/h")
    with pytest.raises(InvalidRequestError, match="webhookUrl"):  # the spec's pattern, checked before sending
        await client.subscribe_webhook(api_key=world.credentials.api_key, webhook_url="ftp://example.com")
    body = json.dumps({"apiKey": world.credentials.api_key, "webhookUrl": "ftp://example.com"}).encode()
    subscribe = "admin.admin.CompanyApiKeyDubboService.subscribe"
    refused = await raw_post(world, subscribe, body, signed_headers(world, body))
    assert refused["code"] == Codes.INVALID_PARAMETER  # and enforced by the sandbox
    assert (
        await client.subscribe_webhook(api_key=world.credentials.api_key, webhook_url="https://example.com/h")
        is True
    )


# ---------------------------------------------------------------------------------------------- persistence


@pytest.mark.anyio
async def test_sqlite_state_survives_a_restart(tmp_path: Path) -> None:
    db = tmp_path / "sandbox.sqlite"
    for first in make_world(db_path=db):
        async with first.client() as client:
            selector = await onboard(client)
            await client.place_order(
                **selector, symbol_id=1, biz_type=OrderType.MARKET, direction=Direction.BUY, num="0.001"
            )
        credentials = first.credentials
    restarted = Sandbox(clock=FakeClock(), db_path=db, rate_limit_per_minute=None)
    restarted.register_key(credentials.api_key, credentials.company_id, credentials.public_key)
    async with AsyncBridgeClient(
        api_key=credentials.api_key,
        secret_key=credentials.secret_key,
        company_id=360,
        base_url="http://sandbox/webhook",
        transport=httpx.ASGITransport(app=restarted.app),
        clock=FakeClock(),
        max_retries=0,
    ) as client:
        assert (await client.list_customers()).total == 1
        assert len(await client.query_trade_records(**selector, symbol_id=1)) == 1
        with pytest.raises(ConflictError):
            await register(client)
    restarted.close()


@pytest.mark.anyio
async def test_internal_failures_become_g500_envelopes(
    world: World, client: AsyncBridgeClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    def explode(*args: Any) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(world.sandbox.bridge, "list_customers", explode)
    with pytest.raises(ServerError) as info:
        await client.list_customers()
    assert info.value.http_status == 500
    assert info.value.code == "G500"
    assert not isinstance(info.value, GatewayError)


@pytest.mark.anyio
async def test_documented_type_leniencies_and_nulls(world: World) -> None:
    """Paging values may be numbers, time filters digit strings (x-also-accepts); the spec has no
    nullable request member, so null is refused like any other wrong type."""
    body = b'{"current":1,"size":5}'
    payload = await raw_post(world, PAGE, body, signed_headers(world, body))
    assert (payload["code"], payload["data"]["size"]) == ("0", 5)
    body = b'{"current":1,"size":5,"customerNo":null}'
    payload = await raw_post(world, PAGE, body, signed_headers(world, body))
    assert payload["code"] == Codes.CUSTOMER_INVALID_PARAMETER
    assert "customerNo must be of JSON type string" in payload["msg"]
    body = b'{"current":"1","size":true}'
    payload = await raw_post(world, PAGE, body, signed_headers(world, body))
    assert payload["code"] == Codes.CUSTOMER_INVALID_PARAMETER


@pytest.mark.anyio
async def test_integral_numbers_are_integers_as_in_json_schema(
    world: World, client: AsyncBridgeClient
) -> None:
    selector = await onboard(client)
    trading = {"group": "tradeApi"}
    wire = {
        "tradeType": 10,
        "exchangeId": "binance",
        "accountName": selector["account_name"],
        "customerNo": selector["customer_no"],
    }
    now_ms = world.sandbox.clock_ms()
    fills = (
        json.dumps({**wire, "customerGroupId": 1, "symbolId": 1})[:-1]
        + f', "startTime": {(now_ms - 3_600_000) / 1e3:.1f}e3, "endTime": {now_ms}.0, "limit": 1.0}}'
    ).encode()
    records = "tradeapi.admin.OrderAdminApiService.queryDirectTradeRecord"
    answer = await raw_post(world, records, fills, signed_headers(world, fills, **trading))
    assert answer["code"] == "0", answer
    order = json.dumps({**wire, "customerGroupId": 1.0, "symbolId": 1.0, "bizType": 2.0, "direction": 1,
                        "price": "1000", "num": "0.01"}).encode()  # fmt: skip
    placed = await raw_post(world, ADD_ORDER, order, signed_headers(world, order, **trading))
    assert placed["code"] == "0", placed
    fraction = order.replace(b'"symbolId": 1.0', b'"symbolId": 1.5')
    refused = await raw_post(world, ADD_ORDER, fraction, signed_headers(world, fraction, **trading))
    assert refused["code"] == Codes.INVALID_PARAMETER


def test_sqlite_store_writes_only_the_rows_a_request_changed(tmp_path: Path) -> None:
    from multimarkets_bridge_sandbox.persistence import SqliteStore
    from multimarkets_bridge_sandbox.state import Customer, State

    def customer(n: int) -> Customer:
        return Customer(
            id=n, customer_no=str(n), company_id=360, pwd_md5="0" * 32, country="CN",
            register_source=1, customer_group_id=1, create_time=n, update_time=n,
        )  # fmt: skip

    db = tmp_path / "rows.sqlite"
    store = SqliteStore(db)
    state = State()
    for n in range(2000):
        state.customers.append(customer(n))
    store.save(state)
    assert not state.changes
    before = store._db.total_changes
    state.customers.append(customer(2000))  # one new record
    state.customers[7].status = 4  # one edited record
    state.customers.remove(state.customers[3])  # one removed record
    state.balances_of("acc-1")["BTC"] = ["1", "0"]
    store.save(state)
    assert store._db.total_changes - before == 4  # rows written: new, edited, removed, balance
    store.save(state)
    assert store._db.total_changes - before == 4  # nothing changed: nothing written
    store.close()

    loaded = SqliteStore(db).load()
    assert loaded is not None
    assert [c.customer_no for c in loaded.customers] == [str(n) for n in range(2001) if n != 3]
    assert loaded.customers[6].status == 4
    assert loaded.balances == {"acc-1": {"BTC": ["1", "0"]}}


def test_sqlite_store_reads_the_earlier_snapshot_format(tmp_path: Path) -> None:
    import sqlite3

    from multimarkets_bridge_sandbox.persistence import SqliteStore
    from multimarkets_bridge_sandbox.state import State

    db = tmp_path / "old.sqlite"
    legacy = State(subscriptions={"k": "https://hooks.example"}, counters={"customer": 10_001})
    with sqlite3.connect(db) as raw:
        raw.execute("CREATE TABLE snapshot (id INTEGER PRIMARY KEY, state TEXT NOT NULL)")
        raw.execute("INSERT INTO snapshot (id, state) VALUES (1, ?)", (legacy.to_json(),))
    loaded = SqliteStore(db).load()
    assert loaded is not None
    assert (loaded.subscriptions, loaded.counters) == (legacy.subscriptions, legacy.counters)


@pytest.mark.parametrize("direction", [1, 2])
def test_a_market_order_beyond_money_precision_is_a_business_refusal_not_a_500(
    bridge_sandbox: Any, direction: int
) -> None:
    """Found by schemathesis' stateful phase: a spec-valid amount of 28 digits made the quantity
    arithmetic raise decimal.InvalidOperation (HTTP 500)."""
    from support import funded_trading_account

    selector = funded_trading_account(bridge_sandbox, "13500000077")
    with pytest.raises(APIError) as info:
        bridge_sandbox.client.place_order(
            account=selector, symbol_id=1, biz_type=1, direction=direction,
            amount="1000000000000000000000000000",
        )  # fmt: skip
    assert info.value.code == "SANDBOX_QUANTITY_TOO_LARGE"
    assert info.value.http_status == 200
    assert info.value.outcome == "not_landed"
