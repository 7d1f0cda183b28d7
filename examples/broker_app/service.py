# mypy: disallow-any-expr
"""A broker's back end as a downstream service writes it: every Bridge operation behind a small typed
service. ``mypy --strict --disallow-any-expr`` passes on this package (``nox -s lint``): no ``Any``
from the SDK reaches it.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from decimal import Decimal

from multimarkets_bridge import (
    AccountType,
    BridgeClient,
    Direction,
    ExchangeCode,
    ExchangeId,
    OrderType,
    OutcomeUnknownError,
    RegisterSource,
    TradeType,
    TradingAccountSelector,
    models,
)
from multimarkets_bridge.operation import JsonValue


@dataclass(frozen=True)
class Customer:
    customer_no: str
    account: TradingAccountSelector


@dataclass(frozen=True)
class PlacedOrder:
    client_order_id: str
    order_id: str | None
    status: models.OrderStatus | str | None


class BrokerService:
    """Onboarding, accounts, market data, orders and reports for one broker (one apiKey)."""

    def __init__(self, client: BridgeClient) -> None:
        self.client = client

    # ---------------------------------------------------------------- onboarding
    def onboard(self, phone: str, password: str, account_name: str) -> Customer:
        customer_no: str = self.client.register_customer(
            phone=phone,
            pwd=hashlib.md5(password.encode()).hexdigest(),  # noqa: S324 - the platform asks for MD5 hex
            country="CN",
            register_source=RegisterSource.H5,
            customer_group_id=1,
        )
        linked: JsonValue = self.client.add_exchange_account(
            customer_no=customer_no,
            exchange_code=ExchangeCode.BINANCE,
            account_type=AccountType.SPOT,
            account_name=account_name,
            account_api_key="binance-api-key",
            account_secret_key="binance-secret",  # noqa: S106 - a sandbox value
        )
        del linked  # the vendor does not publish what the answer holds
        account = TradingAccountSelector(
            trade_type=TradeType.TRADING_BRIDGE,
            exchange_id=ExchangeId.BINANCE,
            account_name=account_name,
            customer_no=customer_no,
            customer_group_id=1,
        )
        return Customer(customer_no, account)

    def customer_numbers(self) -> list[str]:
        return [c.customer_no for c in self.client.paginate.list_customers(size=50) if c.customer_no]

    def details(self, customer_no: str) -> models.CustomerDetails:
        return self.client.get_customer_details(customer_no=customer_no)

    def close(self, customer: Customer) -> None:
        self.client.delete_exchange_account(
            customer_no=customer.customer_no, account_name=customer.account.account_name
        )
        self.client.cancel_customer(customer_no=customer.customer_no, remark="closed by the broker")

    def rename_account(self, customer_no: str, new_name: str) -> int:
        """Rename every linked account of a customer; returns how many there were."""
        page = self.client.list_exchange_accounts(customer_no=customer_no)
        records = page.records if page is not None and page.records else []
        for record in records:
            if record.id is not None:
                self.client.update_exchange_account(id=str(record.id), account_name=new_name)
        return len(records)

    # ---------------------------------------------------------------- reference data
    def products(self) -> list[models.Product]:
        return self.client.list_products()  # the client's own company (x-sdk-fill)

    def currencies(self) -> list[str]:
        return [c.code for c in self.client.list_company_currencies() if c.code]

    def countries(self) -> list[models.DictionaryEntry]:
        return self.client.list_dictionary_entries(parent_code="country")

    # ---------------------------------------------------------------- trading
    def free_balance(self, customer: Customer, currency: str) -> Decimal:
        for balance in self.client.query_balances(account=customer.account, currency=currency):
            if balance.currency == currency and balance.balance is not None:
                return Decimal(balance.balance)
        return Decimal(0)

    def buy(self, customer: Customer, symbol_id: int, price: Decimal, quantity: Decimal) -> PlacedOrder:
        try:
            result = self.client.place_order(
                account=customer.account,
                symbol_id=symbol_id,
                biz_type=OrderType.LIMIT,
                direction=Direction.BUY,
                price=price,
                num=quantity,
            )
        except OutcomeUnknownError as unknown:  # never send it again: settle it
            settled = self.client.resolve_outcome(unknown, deadline=30)
            if not isinstance(settled, models.PlaceOrderResult):
                raise
            result = settled
        return PlacedOrder(result.client_order_id or "", result.order_id, result.status)

    def order(self, customer: Customer, symbol_id: int, client_order_id: str) -> models.OrderDetails:
        return self.client.query_order(
            account=customer.account, symbol_id=symbol_id, client_order_id=client_order_id
        )

    def cancel(self, customer: Customer, symbol_id: int, client_order_id: str) -> models.CancelOrderResult:
        return self.client.cancel_order(
            account=customer.account, symbol_id=symbol_id, client_order_id=client_order_id
        )

    def fills(self, customer: Customer, symbol_id: int) -> list[models.TradeRecord]:
        return self.client.query_trade_records(account=customer.account, symbol_id=symbol_id)

    def deposits(self, customer: Customer) -> list[models.DepositRecord]:
        return self.client.query_deposit_records(account=customer.account)

    def subscribe(self, webhook_url: str, api_key: str) -> bool:
        return self.client.subscribe_webhook(api_key=api_key, webhook_url=webhook_url)
