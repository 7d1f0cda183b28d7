"""Business rules of the sandbox: one method per Bridge operation over :class:`~.state.State`.

Each method gets the validated pydantic wire model of the request body and returns the JSON ``data``
of the success envelope, or raises :class:`~.errors.SandboxError`. Simplifications against the real
platform are listed in the package README section of the project README.
"""

from __future__ import annotations

import functools
import random
import re
from collections.abc import Callable
from decimal import ROUND_DOWN, Decimal
from typing import Any

from multimarkets_bridge.spec_data import operation_spec
from multimarkets_bridge_client import wire_models as wm

from .errors import Codes, SandboxError
from .market import PRODUCTS, Market, Product
from .state import Account, Customer, Deposit, Fill, Order, State

__all__ = ["Bridge", "Event", "time_window"]

DAY_MS = 24 * 3600 * 1000
FEE_RATE = Decimal("0.001")


@functools.cache
def time_window(operation_id: str) -> dict[str, int]:
    """The operation's ``x-time-window`` in the spec (``max-ms``, ``history-ms``): read, not retyped."""
    window = operation_spec(operation_id)["x-time-window"]
    return {key: int(value) for key, value in window.items() if key.endswith("-ms")}


MIN_NOTIONAL_BINANCE = Decimal(5)
CUSTOMER_GROUPS = {1: "default"}
PHONE = re.compile(r"^[0-9]{5,20}$")
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
MD5_HEX = re.compile(r"^[0-9a-fA-F]{32}$")
COUNTRY = re.compile(r"^[A-Z]{2}$")

Event = tuple[str, int, dict[str, Any]]  # (message type, company id, report)


def _dec(value: str | Decimal) -> Decimal:
    return Decimal(str(value))


def _fmt(value: Decimal) -> str:
    text = format(value.normalize(), "f")
    return text if "." not in text else text.rstrip("0").rstrip(".") or "0"


def _positive(value: str | None, name: str) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        number = Decimal(value)
    except ArithmeticError:
        raise SandboxError(Codes.INVALID_PARAMETER, f"{name} must be a decimal number") from None
    if not number.is_finite() or number <= 0:
        raise SandboxError(Codes.INVALID_PARAMETER, f"{name} must be a positive decimal number")
    return number


class Bridge:
    """Operation handlers. Not thread-safe by itself: the app serialises calls with a lock."""

    def __init__(self, state: State, market: Market, seed: int, clock_ms: Callable[[], int]) -> None:
        self.state = state
        self.market = market
        self.seed = seed
        self.clock_ms = clock_ms
        self.events: list[Event] = []
        #: Reject a reused clientOrderId (the vendor does not promise it; switch off to model that).
        self.unique_client_order_ids = True

    # ------------------------------------------------------------------ lookups
    def _customer(self, company_id: int, customer_no: str) -> Customer:
        found = self.state.customers.by("company_id", "customer_no").get((company_id, customer_no))
        if found:
            return found[0]
        raise SandboxError(Codes.CUSTOMER_NOT_FOUND, f"customer {customer_no} does not exist")

    def _account(
        self, company_id: int, customer_no: str, account_name: str, exchange: str | None = None
    ) -> Account:
        for account in self.state.accounts:
            if (account.company_id, account.customer_no, account.account_name) == (
                company_id,
                customer_no,
                account_name,
            ):
                if exchange is not None and account.exchange_code != exchange:
                    continue
                return account
        raise SandboxError(
            Codes.ACCOUNT_NOT_FOUND, f"no linked account {account_name!r} for customer {customer_no}"
        )

    def _trading_account(self, company_id: int, body: Any) -> Account:
        customer = self._customer(company_id, body.customer_no)
        if body.customer_id is not None and body.customer_id != customer.id:
            raise SandboxError(Codes.CUSTOMER_MISMATCH, "customerId does not match customerNo")
        if int(body.customer_group_id) != customer.customer_group_id:
            raise SandboxError(Codes.CUSTOMER_MISMATCH, "customerGroupId does not match the customer")
        exchange = body.exchange_id.value
        try:
            return self._account(company_id, body.customer_no, body.account_name, exchange)
        except SandboxError:
            self._account(company_id, body.customer_no, body.account_name)
            raise SandboxError(
                Codes.EXCHANGE_MISMATCH, f"account {body.account_name!r} is not a {exchange} account"
            ) from None

    def _balances(self, account_id: str) -> dict[str, list[str]]:
        return self.state.balances_of(account_id)

    def _move(
        self, account_id: str, currency: str, free: Decimal = Decimal(0), locked: Decimal = Decimal(0)
    ) -> None:
        row = self._balances(account_id).setdefault(currency, ["0", "0"])
        new_free, new_locked = _dec(row[0]) + free, _dec(row[1]) + locked
        if new_free < 0 or new_locked < 0:
            raise SandboxError(Codes.INSUFFICIENT_BALANCE, f"insufficient {currency} balance")
        row[0], row[1] = _fmt(new_free), _fmt(new_locked)

    @staticmethod
    def _page(
        records: list[dict[str, Any]], current: str | None, size: str | None, default_size: int
    ) -> dict[str, Any]:
        try:
            page = int(current) if current else 1
            per_page = int(size) if size else default_size
        except ValueError:
            raise SandboxError(Codes.INVALID_PARAMETER, "current and size must be decimal digits") from None
        if page < 1 or not 1 <= per_page <= 2000:
            raise SandboxError(Codes.INVALID_PARAMETER, "current must be >= 1 and size between 1 and 2000")
        start = (page - 1) * per_page
        return {
            "current": page,
            "size": per_page,
            "total": len(records),
            "records": records[start : start + per_page],
        }

    # ------------------------------------------------------------------ customers
    def register_customer(self, company_id: int, body: wm.RegisterCustomerRequest) -> str:
        # "phone or email" is the spec's anyOf rule, enforced before any handler runs (app._dispatch)
        if body.phone and not PHONE.match(body.phone):
            raise SandboxError(Codes.BAD_PHONE, "enter a correct mobile number")
        if body.email and not EMAIL.match(body.email):
            raise SandboxError(Codes.BAD_EMAIL, "enter a correct email")
        if not COUNTRY.match(body.country):
            raise SandboxError(Codes.BAD_COUNTRY, "country must be a 2-letter code such as CN")
        if not MD5_HEX.match(body.pwd):
            raise SandboxError(
                Codes.CUSTOMER_INVALID_PARAMETER, "pwd must be the MD5 hex digest of the password"
            )
        group = int(body.customer_group_id)
        if group != body.customer_group_id or group not in CUSTOMER_GROUPS:
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
        exchange = body.exchange_code.value
        if exchange == "cumberland" and not body.certificate:
            raise SandboxError(Codes.INVALID_PARAMETER, "certificate is required for cumberland")
        if body.certificate and not re.fullmatch(r"(?:[0-9a-fA-F]{2})+", body.certificate):
            raise SandboxError(Codes.INVALID_PARAMETER, "certificate must be Base16 (hex) text")
        if not body.account_name.strip():
            raise SandboxError(Codes.INVALID_PARAMETER, "accountName must not be blank")
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
    def query_balances(self, company_id: int, body: wm.QueryBalancesRequest) -> list[dict[str, str]]:
        account = self._trading_account(company_id, body)
        self.match_resting()
        wanted = {c for c in (body.currency or "").split(",") if c}
        rows = []
        for currency, (free, locked) in sorted(self._balances(account.id).items()):
            if wanted and currency not in wanted:
                continue
            if body.omit_zero_balances and _dec(free) + _dec(locked) == 0:
                continue
            rows.append({"currency": currency, "balance": free, "locked": locked})
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

    def place_order(self, company_id: int, body: wm.PlaceOrderRequest) -> dict[str, Any]:
        account = self._trading_account(company_id, body)
        product = PRODUCTS.get(body.symbol_id)
        if product is None:
            raise SandboxError(Codes.SYMBOL_NOT_FOUND, f"symbol {body.symbol_id} does not exist")
        if (
            self.unique_client_order_ids
            and body.client_order_id
            and any(
                o.account_id == account.id and o.client_order_id == body.client_order_id
                for o in self.state.orders
            )
        ):
            raise SandboxError(
                Codes.DUPLICATE_CLIENT_ORDER_ID, f"clientOrderId {body.client_order_id} already used"
            )
        now = self.clock_ms()
        self.match_resting()
        market_price = self.market.price(product.symbol_id, now)
        price, num, amount = (
            _positive(body.price, "price"),
            _positive(body.num, "num"),
            _positive(body.amount, "amount"),
        )
        is_limit = int(body.biz_type) == 2
        if is_limit and (price is None or num is None):
            raise SandboxError(Codes.INVALID_PARAMETER, "limit orders need price and num")
        if not is_limit:
            price = None  # ignored for market orders
        if num is not None:
            qty = num
        elif amount is not None:
            qty = (amount / market_price).quantize(
                Decimal(1).scaleb(-product.qty_digits), rounding=ROUND_DOWN
            )
        else:
            raise SandboxError(Codes.INVALID_PARAMETER, "market orders need num or amount")
        if qty <= 0:
            raise SandboxError(Codes.QUANTITY_TOO_SMALL, "order quantity rounds to zero")
        notional = qty * (price if price is not None else market_price)
        if body.exchange_id.value == "binance" and notional < MIN_NOTIONAL_BINANCE:
            raise SandboxError(Codes.MIN_NOTIONAL, "order value below the Binance minimum of 5 USDT")
        order_id = str(self.state.next_id("order", 7_000_000_001))
        order = Order(
            order_id=order_id,
            client_order_id=body.client_order_id or f"sbx{order_id}",
            account_id=account.id,
            symbol_id=product.symbol_id,
            order_type=int(body.biz_type),
            direction=int(body.direction),
            # the wire model's default (the spec's) may be the plain value rather than the enum member
            time_in_force=str(getattr(body.time_in_force, "value", body.time_in_force) or "GTC"),
            create_time=now,
            update_time=now,
            price=_fmt(price) if price is not None else None,
            num=_fmt(qty),
            amount=_fmt(amount) if amount is not None else None,
        )
        buy = order.direction == 1
        crosses = price is None or (buy and market_price <= price) or (not buy and market_price >= price)
        if is_limit and not crosses and order.time_in_force in ("IOC", "FOK"):
            order.status = "7"
            self.state.orders.append(order)
            self._emit("ORDER_EXPIRED_REPORT", account, order, remark="IOC/FOK limit order could not fill")
            return self._order_result(account, order)
        # reserve funds: quote for buys (with fee), base for sells
        reserve_ccy = product.quote if buy else product.base
        reserve = (notional * (1 + FEE_RATE)) if buy else qty
        self._move(account.id, reserve_ccy, free=-reserve, locked=reserve)
        order.locked_currency, order.locked_amount = reserve_ccy, _fmt(reserve)
        self.state.orders.append(order)
        if crosses:
            # a crossing limit order trades at the better of its limit and the market
            best = (
                market_price
                if price is None
                else min(market_price, price)
                if buy
                else max(market_price, price)
            )
            self._fill(account, order, product, best)
        else:
            self._emit("ORDER_EXEC_REPORT", account, order)
        return self._order_result(account, order)

    def _order_result(self, account: Account, order: Order) -> dict[str, Any]:
        return {
            "exchangeId": account.exchange_code,
            "orderId": order.order_id,
            "clientOrderId": order.client_order_id,
            "status": order.status,
        }

    def _fill(self, account: Account, order: Order, product: Product, price: Decimal) -> None:
        qty = _dec(order.num or "0")
        notional = qty * price
        fee = (notional * FEE_RATE).quantize(Decimal("0.00000001"))
        locked = _dec(order.locked_amount)
        if order.direction == 1:
            cost = notional + fee
            self._move(account.id, product.quote, free=locked - cost, locked=-locked)
            self._move(account.id, product.base, free=qty)
        else:
            self._move(account.id, product.base, locked=-locked)
            self._move(account.id, product.quote, free=notional - fee)
        now = self.clock_ms()
        order.status, order.executed_num, order.avg_price = "2", order.num or "0", _fmt(price)
        order.locked_amount, order.update_time = "0", now
        fill = Fill(
            trade_id=str(self.state.next_id("trade", 900_000_001)),
            order_id=order.order_id,
            client_order_id=order.client_order_id,
            account_id=account.id,
            symbol_id=order.symbol_id,
            direction=order.direction,
            execute_num=order.num or "0",
            execute_price=_fmt(price),
            execute_time=now,
            commission=_fmt(-fee),
            commission_currency=product.quote,
        )
        self.state.fills.append(fill)
        self._emit("ORDER_EXEC_REPORT", account, order, fill=fill)

    def match_resting(self) -> int:
        """Fill resting limit orders whose price the feed has crossed; return how many filled."""
        now = self.clock_ms()
        filled = 0
        for order in self.state.orders:
            if not order.is_open or order.order_type != 2 or order.price is None:
                continue
            limit = _dec(order.price)
            market_price = self.market.price(order.symbol_id, now)
            if (order.direction == 1 and market_price <= limit) or (
                order.direction == 2 and market_price >= limit
            ):
                account = next(a for a in self.state.accounts if a.id == order.account_id)
                self._fill(account, order, PRODUCTS[order.symbol_id], limit)
                filled += 1
        return filled

    def _find_order(self, account: Account, body: Any) -> Order:
        for order in self.state.orders:
            if order.account_id != account.id or order.symbol_id != body.symbol_id:
                continue
            if (body.order_id and order.order_id == body.order_id) or (
                not body.order_id and body.client_order_id and order.client_order_id == body.client_order_id
            ):
                if self.clock_ms() - order.create_time > time_window("query_order")["history-ms"]:
                    raise SandboxError(Codes.ORDER_TOO_OLD, "only orders of the last 3 months can be queried")
                return order
        raise SandboxError(Codes.ORDER_NOT_FOUND, "order does not exist")

    def query_order(self, company_id: int, body: wm.OrderLookup) -> dict[str, Any]:
        account = self._trading_account(company_id, body)
        self.match_resting()
        order = self._find_order(account, body)
        details = {
            **self._order_result(account, order),
            "timeInForce": order.time_in_force,
            "symbolId": order.symbol_id,
            "bizType": order.order_type,
            "direction": order.direction,
            "price": order.price,
            "num": order.num,
            "amount": order.amount,
            "executedNum": order.executed_num,
            "avgPrice": order.avg_price,
            "createTime": order.create_time,
            "updateTime": order.update_time,
        }
        return {k: v for k, v in details.items() if v is not None}

    def query_trade_records(self, company_id: int, body: wm.QueryTradeRecordsRequest) -> list[dict[str, Any]]:
        account = self._trading_account(company_id, body)
        self.match_resting()
        now = self.clock_ms()
        end = body.end_time if body.end_time is not None else now
        window = time_window("query_trade_records")
        start = body.start_time if body.start_time is not None else end - window["max-ms"]
        if end < start or end - start > window["max-ms"]:
            raise SandboxError(Codes.WINDOW_TOO_LONG, "endTime - startTime must be between 0 and 24 hours")
        if now - start > window["history-ms"]:
            raise SandboxError(Codes.ORDER_TOO_OLD, "only the last 3 months can be queried")
        rows = [
            f.record()
            for f in self.state.fills
            if f.account_id == account.id and f.symbol_id == body.symbol_id and start <= f.execute_time <= end
        ]
        limit = body.limit if body.limit is not None and 1 <= body.limit <= 100 else 20  # page rule
        return rows[:limit]

    def cancel_order(self, company_id: int, body: wm.OrderLookup) -> dict[str, Any]:
        account = self._trading_account(company_id, body)
        self.match_resting()
        order = self._find_order(account, body)
        if not order.is_open:
            raise SandboxError(
                Codes.ORDER_NOT_OPEN, f"order {order.order_id} is not open (status {order.status})"
            )
        if order.locked_currency:
            locked = _dec(order.locked_amount)
            self._move(account.id, order.locked_currency, free=locked, locked=-locked)
        order.status, order.locked_amount, order.update_time = "4", "0", self.clock_ms()
        self._emit("ORDER_CANCEL_REPORT", account, order, remark="cancelled by the customer")
        self._emit("ORDER_EXEC_REPORT", account, order)
        return {
            "exchangeId": account.exchange_code,
            "orderId": order.order_id,
            "clientOrderId": order.client_order_id,
        }

    # ------------------------------------------------------------------ subscriptions and reference data
    def subscribe_webhook(
        self, company_id: int, body: wm.SubscribeWebhookRequest, caller_api_key: str
    ) -> str:
        if body.api_key != caller_api_key:
            raise SandboxError(Codes.NO_PERMISSION, "a key can only subscribe its own notifications")
        if not re.match(r"^https?://[^\s/]+", body.webhook_url):
            raise SandboxError(Codes.INVALID_PARAMETER, "webhookUrl must be an http(s) URL")
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
            {
                "id": 100 + index,
                "parentCode": body.parent_code,
                "code": code,
                "name": name,
                "displayName": name,
                "sort": index,
                "status": 1,
                "hasLeaf": 0,
            }
            for index, (code, name) in enumerate(entries, start=1)
        ]

    def list_company_currencies(
        self, company_id: int, body: wm.ListCompanyCurrenciesRequest
    ) -> list[dict[str, Any]]:
        assets = [("USDT", 2, 1), ("BTC", 8, 2), ("ETH", 8, 3), ("SOL", 8, 4)]
        return [
            {"id": i, "code": c, "name": c, "displayName": c, "digits": d, "type": 1, "status": 1}
            for c, d, i in assets
        ]

    def list_products(self, company_id: int, body: wm.ListProductsRequest) -> list[dict[str, Any]]:
        if body.trade_type is not None and body.trade_type != 10:
            return []
        now = self.clock_ms()
        return [
            {
                "tradeType": 10,
                "symbolId": p.symbol_id,
                "symbolCode": p.code,
                "symbolName": f"{p.base}/{p.quote}",
                "baseCurrency": p.base,
                "profitCurrency": p.quote,
                "symbolDigits": p.digits,
                "askSpread": "0",
                "bidSpread": "0",
                "dealMode": 1,
                "etf": False,
                "inTradeTime": 1,
                "inHolidayTime": 0,
                "lastPrice": _fmt(self.market.price(p.symbol_id, now)),
            }
            for p in PRODUCTS.values()
        ]

    # ------------------------------------------------------------------ notifications
    def _emit(
        self,
        message_type: str,
        account: Account,
        order: Order,
        *,
        fill: Fill | None = None,
        remark: str | None = None,
    ) -> None:
        report: dict[str, Any] = {
            "exchangeId": account.exchange_code,
            "tradeType": 10,
            "companyId": account.company_id,
            "customerId": account.customer_id,
            "customerNo": account.customer_no,
            "accountName": account.account_name,
            "orderId": order.order_id,
            "clientOrderId": order.client_order_id,
            "remark": remark,
        }
        if message_type == "ORDER_EXEC_REPORT":
            report.update(
                symbolId=order.symbol_id,
                status=order.status,
                tradeId=fill.trade_id if fill else None,
                executeNum=fill.execute_num if fill else None,
                executePrice=fill.execute_price if fill else None,
                executeTime=fill.execute_time if fill else None,
                commission=fill.commission if fill else None,
                commissionCurrency=fill.commission_currency if fill else None,
            )
        self.events.append((message_type, account.company_id, report))
