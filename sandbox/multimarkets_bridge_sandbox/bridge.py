"""Business rules of the sandbox: one method per Bridge operation over [`State`][.state.State].

Each method gets the validated pydantic wire model of the request body and returns the JSON ``data``
of the success envelope, or raises [`SandboxError`][.errors.SandboxError]. Simplifications against the real
platform are listed in the package README section of the project README.
"""

from __future__ import annotations

import random
from decimal import Decimal
from typing import Any

from multimarkets_bridge.money import WireDecimal
from multimarkets_bridge_client import models
from multimarkets_bridge_client import wire_models as wm

from .errors import Codes, SandboxError
from .market import PRODUCTS
from .rules_base import Event, _dec, _fmt
from .state import Account, Customer, Deposit
from .trading import TradingRules, time_window

__all__ = ["Bridge", "Event", "time_window"]

CUSTOMER_GROUPS = {1: "default"}


class Bridge(TradingRules):
    """Operation handlers: customers, accounts, balances, deposits, subscriptions and reference data
    here, trading in [`TradingRules`][.trading.TradingRules]."""

    # ------------------------------------------------------------------ customers
    def register_customer(self, company_id: int, body: wm.RegisterCustomerRequest) -> str:
        # the formats (phone, email, country, pwd) and "phone or email" are the spec's patterns and anyOf,
        # enforced with the spec's field codes before any handler runs (validation.RequestRules)
        group = body.customer_group_id
        if group not in CUSTOMER_GROUPS:
            raise SandboxError(Codes.GROUP_NOT_FOUND, "customer group does not exist")
        if body.phone and self.state.customers.by("company_id", "phone").get((company_id, body.phone)):
            raise SandboxError(Codes.PHONE_EXISTS, "mobile number already exists")
        if body.email and self.state.customers.by("company_id", "email").get((company_id, body.email)):
            raise SandboxError(Codes.EMAIL_EXISTS, "email already exists")
        now = self.clock_ms()
        customer_id = self.state.next_id("customer", 10_001)
        customer = Customer(
            id=customer_id,
            customer_no=f"86{customer_id - 10_000:06d}",
            company_id=company_id,
            pwd_md5=body.pwd.lower(),
            country=body.country,
            register_source=int(body.register_source),
            customer_group_id=group,
            create_time=now,
            update_time=now,
            phone=body.phone,
            phone_area=body.phone_area if body.phone else None,
            email=body.email,
            email_area=body.email_area if body.email else None,
            remark=body.remark,
        )
        self.state.customers.append(customer)
        return customer.customer_no

    def list_customers(self, company_id: int, body: wm.ListCustomersRequest) -> dict[str, Any]:
        rows = [
            c.record()
            for c in self.state.customers
            if c.company_id == company_id and (not body.customer_no or c.customer_no == body.customer_no)
        ]
        return self._page(rows, body.current, body.size, 20)

    def get_customer_details(self, company_id: int, body: wm.GetCustomerDetailsRequest) -> dict[str, Any]:
        return self._customer(company_id, body.customer_no).details()

    def cancel_customer(self, company_id: int, body: wm.CancelCustomerRequest) -> None:
        customer = self._customer(company_id, body.customer_no)
        if customer.status in (4, 6):
            raise SandboxError(Codes.ACTION_NOT_ALLOWED, "the account is already closed or closing")
        accounts = {a.id for a in self.state.accounts if a.customer_id == customer.id}
        if any(o.is_open and o.account_id in accounts for o in self.state.orders):
            raise SandboxError(Codes.OUTSTANDING_ORDERS, "open orders exist; cancel them first")
        for account_id in accounts:
            if any(_dec(f) + _dec(lk) > 0 for f, lk in self._balances(account_id).values()):
                raise SandboxError(Codes.BALANCE_PRESENT, "balances exist; the account cannot be closed")
        customer.status = 4 if body.is_auto else 6
        customer.remark = body.remark
        customer.update_time = self.clock_ms()

    # ------------------------------------------------------------------ accounts
    def add_exchange_account(self, company_id: int, body: wm.AddExchangeAccountRequest) -> dict[str, Any]:
        customer = self._customer(company_id, body.customer_no)
        if customer.status != 1:
            raise SandboxError(Codes.CUSTOMER_DISABLED, "customer is not active")
        exchange = body.exchange_code.value  # certificate and accountName formats: the spec's, checked
        if any(
            a.customer_id == customer.id
            and a.account_name == body.account_name
            and a.exchange_code == exchange
            for a in self.state.accounts
        ):
            raise SandboxError(Codes.ACCOUNT_EXISTS, f"account {body.account_name!r} already exists")
        account = Account(
            id=str(self.state.next_id("account", 1001)),
            company_id=company_id,
            customer_id=customer.id,
            customer_no=customer.customer_no,
            exchange_code=exchange,
            account_type=body.account_type.value,
            account_name=body.account_name,
            api_key_hint=(body.account_api_key[:4] + "****") if len(body.account_api_key) > 8 else "****",
            is_test=int(body.is_test) if body.is_test is not None else 0,
            create_time=self.clock_ms(),
        )
        self.state.accounts.append(account)
        self._seed_account(account)
        return account.record()

    def _seed_account(self, account: Account) -> None:
        """Deterministic starting balances and deposit history for a new linked account."""
        rnd = random.Random(f"{self.seed}:{account.id}")
        usdt = Decimal(10_000 + rnd.randrange(0, 5_000))
        btc = Decimal(rnd.randrange(20, 100)) / 100
        self._balances(account.id).update(
            {"USDT": [_fmt(usdt), "0"], "BTC": [_fmt(btc), "0"], "ETH": ["0", "0"]}
        )
        okx = account.exchange_code == "okx"
        for index, (currency, amount, status) in enumerate(
            [("USDT", usdt, "6"), ("BTC", btc, "6"), ("USDT", Decimal(250), "1")]
        ):
            self.state.deposits.append(
                Deposit(
                    account_id=account.id,
                    currency=currency,
                    amount=_fmt(amount),
                    status=status,
                    tx_id=f"0x{rnd.getrandbits(128):032x}",
                    insert_time=account.create_time - (3 - index) * 3_600_000,
                    wallet_type="" if okx else "0",
                    address="",
                    confirm_times="12/12" if status == "6" else "",
                )
            )

    def update_exchange_account(self, company_id: int, body: wm.UpdateExchangeAccountRequest) -> None:
        account = next(
            (a for a in self.state.accounts if a.id == body.id and a.company_id == company_id), None
        )
        if account is None:
            raise SandboxError(Codes.ACCOUNT_NOT_FOUND, f"no linked account with id {body.id}")
        if body.account_name is not None and body.account_name != account.account_name:
            if any(
                a.customer_id == account.customer_id
                and a.account_name == body.account_name
                and a.exchange_code == account.exchange_code
                for a in self.state.accounts
            ):
                raise SandboxError(Codes.ACCOUNT_EXISTS, f"account {body.account_name!r} already exists")
            account.account_name = body.account_name
        if body.account_api_key:
            account.api_key_hint = (
                body.account_api_key[:4] + "****" if len(body.account_api_key) > 8 else "****"
            )

    def list_exchange_accounts(self, company_id: int, body: wm.ListExchangeAccountsRequest) -> dict[str, Any]:
        rows = [
            a.record()
            for a in self.state.accounts
            if a.company_id == company_id
            and (not body.customer_no or a.customer_no == body.customer_no)
            and (body.exchange_code is None or a.exchange_code == body.exchange_code.value)
            and (body.account_type is None or a.account_type == body.account_type.value)
            and (not body.account_name or a.account_name == body.account_name)
        ]
        return self._page(rows, body.current, body.size, 20)

    def delete_exchange_account(
        self, company_id: int, body: wm.DeleteExchangeAccountRequest
    ) -> dict[str, Any]:
        account = self._account(company_id, body.customer_no, body.account_name)
        if any(o.is_open and o.account_id == account.id for o in self.state.orders):
            raise SandboxError(Codes.OPEN_ORDERS, "cancel the account's open orders first")
        self.state.accounts.remove(account)
        return account.record()

    # ------------------------------------------------------------------ trading
    def query_balances(self, company_id: int, body: wm.QueryBalancesRequest) -> list[dict[str, Any]]:
        account = self._trading_account(company_id, body)
        self.match_resting()
        wanted = {c for c in (body.currency or "").split(",") if c}
        rows = []
        for currency, (free, locked) in sorted(self._balances(account.id).items()):
            if wanted and currency not in wanted:
                continue
            if body.omit_zero_balances and _dec(free) + _dec(locked) == 0:
                continue
            rows.append(
                models.Balance(
                    currency=currency, balance=WireDecimal(free), locked=WireDecimal(locked)
                ).to_dict()
            )
        return rows

    def query_deposit_records(
        self, company_id: int, body: wm.QueryDepositRecordsRequest
    ) -> list[dict[str, Any]]:
        account = self._trading_account(company_id, body)
        limit = int(body.limit) if body.limit else 20
        if not 1 <= limit <= 100:
            limit = 20  # the page says out-of-range values fall back to 20
        start = int(body.start_time) if body.start_time else 0
        end = int(body.end_time) if body.end_time else 2**63
        rows = [
            d.record()
            for d in self.state.deposits
            if d.account_id == account.id
            and (not body.currency or d.currency == body.currency)
            and (body.status is None or d.status == body.status.value)
            and (not body.tx_id or d.tx_id == body.tx_id)
            and start <= d.insert_time <= end
        ]
        return sorted(rows, key=lambda r: r["insertTime"], reverse=True)[:limit]

    def subscribe_webhook(
        self, company_id: int, body: wm.SubscribeWebhookRequest, caller_api_key: str
    ) -> str:
        if body.api_key != caller_api_key:
            raise SandboxError(Codes.NO_PERMISSION, "a key can only subscribe its own notifications")
        self.state.subscriptions[body.api_key] = body.webhook_url
        return "true"

    def list_dictionary_entries(
        self, company_id: int, body: wm.ListDictionaryEntriesRequest
    ) -> list[dict[str, Any]]:
        tables = {
            "phone_code": [
                ("+86", "China"),
                ("+852", "Hong Kong"),
                ("+65", "Singapore"),
                ("+1", "United States"),
            ],
            "register_source": [
                (str(n), name)
                for n, name in enumerate(
                    ["H5", "PC_Web", "System", "Android", "iOS", "HOS", "PC_Win", "PC_Mac", "other"], start=1
                )
            ],
        }
        entries = tables.get(body.parent_code, [])
        return [
            models.DictionaryEntry(
                id=100 + index,
                parent_code=body.parent_code,
                code=code,
                name=name,
                display_name=name,
                sort=index,
                status=1,
                has_leaf=0,
            ).to_dict()
            for index, (code, name) in enumerate(entries, start=1)
        ]

    def list_company_currencies(
        self, company_id: int, body: wm.ListCompanyCurrenciesRequest
    ) -> list[dict[str, Any]]:
        assets = [("USDT", 2, 1), ("BTC", 8, 2), ("ETH", 8, 3), ("SOL", 8, 4)]
        return [
            models.CompanyCurrency(
                id=i, code=c, name=c, display_name=c, digits=d, type_=1, status=1
            ).to_dict()
            for c, d, i in assets
        ]

    def list_products(self, company_id: int, body: wm.ListProductsRequest) -> list[dict[str, Any]]:
        if body.trade_type is not None and body.trade_type != 10:
            return []
        now = self.clock_ms()
        rows = []
        for p in PRODUCTS.values():
            product = models.Product(
                trade_type=10,
                symbol_id=p.symbol_id,
                symbol_code=p.code,
                symbol_name=f"{p.base}/{p.quote}",
                base_currency=p.base,
                profit_currency=p.quote,
                symbol_digits=p.digits,
                ask_spread="0",
                bid_spread="0",
                deal_mode=1,
                etf=False,
                in_trade_time=1,
                in_holiday_time=0,
            )
            product.additional_properties["lastPrice"] = _fmt(
                self.market.price(p.symbol_id, now)
            )  # sandbox's
            rows.append(product.to_dict())
        return rows
