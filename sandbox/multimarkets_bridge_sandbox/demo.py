"""The main job: the whole Bridge business flow through the SDK against the local sandbox.

``python -m multimarkets_bridge_sandbox.demo`` starts the sandbox and a webhook receiver on loopback,
then registers a customer, links an exchange account, reads balances and deposits, places a market and a
limit order, queries and cancels, lists fills and shows the signed notifications that arrived.

``--live`` runs only read-only calls against a real environment configured by ``MULTIMARKETS_*``.
"""

from __future__ import annotations

import argparse
import os
import sys
from decimal import Decimal

from multimarkets_bridge import (
    AccountType,
    BridgeClient,
    BridgeError,
    Direction,
    ExchangeCode,
    ExchangeId,
    OrderStatus,
    OrderType,
    RegisterSource,
    TradeType,
    TradingAccountSelector,
    models,
)

from .app import Sandbox
from .receiver import LocalWebhookReceiver
from .server import SandboxServer

STATUS_NAMES = {status.value: status.name for status in OrderStatus}


def _line(label: str, value: object) -> None:
    print(f"  {label:<28} {value}")


def run_local(seed: int) -> int:
    sandbox = Sandbox(seed=seed)
    credentials = sandbox.issue_key(company_id=360)
    print("MultiMarkets Bridge demo - local sandbox")
    with (
        SandboxServer(sandbox) as server,
        LocalWebhookReceiver(platform_public_key=sandbox.platform_public_key) as receiver,
        BridgeClient(
            base_url=server.base_url,
            api_key=credentials.api_key,
            secret_key=credentials.secret_key,
            company_id=credentials.company_id,
        ) as client,
    ):
        _line("sandbox", server.base_url)
        _line("webhook receiver", receiver.url)
        _line("subscribed", client.subscribe_webhook(api_key=credentials.api_key, webhook_url=receiver.url))

        customer_no = client.register_customer(
            phone="13200000092",
            phone_area="+86",
            pwd="dc483e80a7a0bd9ef71d8cf973673924",
            country="CN",
            register_source=RegisterSource.SYSTEM,
            customer_group_id=1,
            remark="demo customer",
        )
        _line("registered customer", customer_no)
        page = client.list_customers(current=1, size=20)
        _line("customers on page 1", f"{len(page.records)} of {page.total}")

        client.add_exchange_account(
            customer_no=customer_no,
            exchange_code=ExchangeCode.BINANCE,
            account_type=AccountType.SPOT,
            account_name="main-spot",
            account_api_key="demo-binance-api-key",
            account_secret_key="demo-binance-secret",
        )
        accounts = client.list_exchange_accounts(customer_no=customer_no)
        records = accounts.records if accounts is not None else []
        _line("linked accounts", ", ".join(f"{a.account_name} ({a.exchange_code})" for a in records))
        account = TradingAccountSelector(
            trade_type=TradeType.TRADING_BRIDGE,
            exchange_id=ExchangeId.BINANCE,
            account_name="main-spot",
            customer_no=customer_no,
            customer_group_id=1,
        )
        for balance in client.query_balances(account=account, omit_zero_balances=True):
            _line(f"balance {balance.currency}", f"{balance.balance} (locked {balance.locked})")
        deposits = client.query_deposit_records(account=account, limit=10)
        _line("deposit records", len(deposits))

        market = client.place_order(
            account=account,
            symbol_id=1,
            biz_type=OrderType.MARKET,
            direction=Direction.BUY,
            amount=Decimal(250),
            client_order_id="demoMkt1",
        )
        _line(
            "market order", f"{market.order_id} status {STATUS_NAMES.get(market.status or '', market.status)}"
        )
        price = sandbox.market.price(1, sandbox.clock_ms())
        limit_price = (price * Decimal("0.95")).quantize(Decimal("0.01"))
        limit = client.place_order(
            account=account,
            symbol_id=1,
            biz_type=OrderType.LIMIT,
            direction=Direction.BUY,
            price=limit_price,
            num=Decimal("0.002"),
            client_order_id="demoLmt1",
        )
        _line(
            "limit order", f"{limit.order_id} at {limit_price} status {STATUS_NAMES.get(limit.status or '')}"
        )
        queried = client.query_order(account=account, symbol_id=1, client_order_id="demoLmt1")
        _line("queried limit order", f"status {STATUS_NAMES.get(queried.status or '')}")
        cancelled = client.cancel_order(account=account, symbol_id=1, client_order_id="demoLmt1")
        _line("cancelled", cancelled.order_id)
        for fill in client.paginate.query_trade_records(account=account, symbol_id=1):  # last 24 h, all pages
            _line(f"fill {fill.trade_id}", f"{fill.execute_num} @ {fill.execute_price} fee {fill.commission}")

        try:
            client.get_customer_details(type_=models.CustomerDetailType.BASE_INFO, customer_no="86999999")
        except BridgeError as error:
            _line("typed error (expected)", f"{type(error).__name__} {error.code} trace={error.trace}")

        notes = receiver.wait_for(4)
        print("  notifications received:")
        for note in notes:
            status = getattr(note.message, "status", None)
            label = (
                f"{note.message_type} status={STATUS_NAMES.get(status, status)}"
                if status
                else note.message_type
            )
            print(f"    {label:<44} signature={note.signature} duplicate={note.duplicate}")
        sandbox.notifier.wait_idle()
    sandbox.close()
    ok = len(notes) >= 4 and all(n.signature == "verified" for n in notes)
    print("demo finished: OK" if ok else "demo finished: notifications missing or unverified")
    return 0 if ok else 1


def run_live() -> int:
    missing = [
        n
        for n in ("MULTIMARKETS_API_KEY", "MULTIMARKETS_SECRET_KEY", "MULTIMARKETS_COMPANY_ID")
        if not os.environ.get(n)
    ]
    if missing:
        print(f"--live needs {', '.join(missing)} (and optionally MULTIMARKETS_BASE_URL)", file=sys.stderr)
        return 2
    print("MultiMarkets Bridge demo - live, read-only")
    with BridgeClient.from_env() as client:
        _line("base URL", client.base_url)
        try:
            raw = client.with_raw_response.list_customers(current=1, size=5)
        except BridgeError as error:
            print(f"  failed: {type(error).__name__}: {error}", file=sys.stderr)
            return 1
        _line("customers", f"{len(raw.data.records)} of {raw.data.total} (trace {raw.trace}, tm {raw.tm} ms)")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--live", action="store_true", help="read-only calls against MULTIMARKETS_BASE_URL")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    return run_live() if args.live else run_local(args.seed)


if __name__ == "__main__":
    raise SystemExit(main())
