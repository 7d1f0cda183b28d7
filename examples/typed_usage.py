"""What a type checker sees of the public API (checked by ``mypy --strict`` in ``nox -s lint``).

Each ``assert_type`` states the static type a caller gets, and each ``type: ignore`` a call the checker
rejects (``--strict`` reports an ignore that is not needed); the file is never run.
"""

from __future__ import annotations

from decimal import Decimal
from typing import assert_type

import httpx
from multimarkets_bridge import (
    AsyncBridgeClient,
    AsyncPager,
    BridgeClient,
    OrderStatus,
    OrderType,
    OutcomeUnknownError,
    Pager,
    RawResponse,
    TimeInForce,
    TradeType,
    TradingAccountSelector,
    WireDecimal,
    models,
)


def construction(secret: str) -> None:
    from multimarkets_bridge import BridgeClinet  # type: ignore[attr-defined]  # noqa: F401  (misspelt)

    client = BridgeClient.from_env(timeout=2.0, max_retries=1, default_headers={"x-desk": "fx"})
    assert_type(client, BridgeClient)
    BridgeClient.from_env(timeuot=2.0)  # type: ignore[call-arg]
    BridgeClient.from_env(max_retries="2")  # type: ignore[arg-type]
    with httpx.Client(timeout=3.0) as mine:
        BridgeClient(api_key="k", company_id=1, secret_key=secret, http_client=mine)
        AsyncBridgeClient(api_key="k", company_id=1, secret_key=secret, http_client=mine)  # type: ignore[arg-type]


def sync_usage(client: BridgeClient) -> None:
    page = client.list_customers(current=1, size=20)
    assert_type(page.total, int)
    assert_type(page.records[0].customer_no, str | None)  # received: plain optional, never Unset
    for customer in client.paginate.list_customers(size=50).bounded(max_items=500):
        assert_type(customer, models.CustomerRecord)
    account = TradingAccountSelector(
        trade_type=TradeType.TRADING_BRIDGE,
        exchange_id=models.ExchangeId.BINANCE,
        account_name="main",
        customer_no="86000001",
        customer_group_id=1,
    )
    order = client.place_order(
        account=account, symbol_id=1, biz_type=OrderType.LIMIT, direction=1, price=Decimal("1.5"), num=2
    )
    assert_type(order.order_id, str | None)
    assert_type(order.status, OrderStatus)  # answers carry their enums (always, for an order)
    found = client.query_order(account=account, symbol_id=1, client_order_id="abc123")
    assert_type(found.time_in_force, TimeInForce | None)
    try:
        client.cancel_order(account=account, symbol_id=1, client_order_id="abc123")
    except OutcomeUnknownError as unknown:
        assert_type(client.resolve_outcome(unknown, models.PlaceOrderResult), models.PlaceOrderResult | None)
        assert_type(
            client.resolve_outcome(unknown),
            models.CancelOrderResult | models.PlaceOrderResult | None,
        )
        client.resolve_outcome(unknown, models.OrderDetails)  # type: ignore[type-var]
    assert_type(client.list_products(company_id=360), list[models.Product])  # an int company: no ignore
    assert_type(client.list_products(), list[models.Product])  # left out: the client's own company
    # rejected statically (with --strict an unneeded "ignore" is itself an error, so these prove it):
    client.place_order(account=account, symbol_id=1, biz_type=1, direction=1, price=1.5)  # type: ignore[call-overload]
    client.place_order(account=account, symbol_id=1, biz_type=1, direction=3)  # type: ignore[call-overload]
    client.query_balances(exchange_id="binance", account_name="main", customer_group_id=1)  # type: ignore[call-overload]
    fields = client.query_balances(
        exchange_id="binance", account_name="main", customer_no="1", customer_group_id=1
    )
    assert_type(fields, list[models.Balance])  # the selector's fields one by one work as well
    for balance in client.with_options(timeout=2.0).query_balances(account=account):
        assert_type(balance.balance, WireDecimal)
        assert_type(balance.balance + 1, Decimal)
    raw = client.with_raw_response.query_trade_records(account=account, symbol_id=1, limit="50")
    assert_type(raw, RawResponse[list[models.TradeRecord]])
    for page_raw in client.paginate.query_trade_records(account=account, symbol_id=1).pages():
        assert_type(page_raw, RawResponse[list[models.TradeRecord]])  # each call's typed data
    # a paginate view has its method's parameters, overloads included; the bounds are on the pager
    fills = client.paginate.query_trade_records(
        exchange_id="okx", account_name="main", customer_no="86000001", customer_group_id=1, symbol_id=1
    )
    assert_type(fills, Pager[models.TradeRecord, list[models.TradeRecord]])
    assert_type(fills.bounded(max_pages=2), Pager[models.TradeRecord, list[models.TradeRecord]])
    client.paginate.query_trade_records(account=account, symbol_id="1")  # type: ignore[call-overload]
    client.paginate.list_customers(size=50, max_items=5)  # type: ignore[call-arg]


async def async_usage(client: AsyncBridgeClient) -> None:
    accounts = client.paginate.list_exchange_accounts(customer_no="86000001", size=20)  # not awaited
    assert_type(accounts, AsyncPager[models.ExchangeAccount, models.ExchangeAccountPage | None])
    async for account in accounts.bounded(max_items=100):
        assert_type(account, models.ExchangeAccount)
    details = await client.get_customer_details(customer_no="86000001")
    assert_type(details.customer_no, str | None)
