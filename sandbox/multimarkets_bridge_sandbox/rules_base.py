"""What every group of the sandbox's business rules shares: the state, the market, the clock, lookups
of customers and accounts, balance moves, paging, and the notification events."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any, TypedDict

from multimarkets_bridge.money import WireDecimal
from multimarkets_bridge_client import models

from .errors import Codes, SandboxError
from .market import Market
from .state import Account, Customer, Fill, Order, State

__all__ = ["Event", "RulesBase"]

Event = tuple[str, int, dict[str, Any]]  # (message type, company id, report)


class _ReportCommon(TypedDict):
    """The members every order report of the sandbox carries (checked against the models by mypy)."""

    exchange_id: str
    trade_type: int
    company_id: int
    customer_id: int
    customer_no: str
    account_name: str
    order_id: str
    client_order_id: str
    remark: str | None


def _dec(value: str | Decimal) -> Decimal:
    return Decimal(str(value))


def _fmt(value: Decimal) -> str:
    text = format(value.normalize(), "f")
    return text if "." not in text else text.rstrip("0").rstrip(".") or "0"


def _decimal(value: str | None) -> Decimal | None:
    """A decimal field of a checked body (the spec's pattern made sure it is decimal text)."""
    return None if value is None else Decimal(value)


class RulesBase:
    """State and helpers of the rules. Not thread-safe by itself: the app serialises calls with a lock."""

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
        # digits, current >= 1 and size 1..2000: the spec's patterns and bounds, checked before
        page = int(current) if current else 1
        per_page = int(size) if size else default_size
        start = (page - 1) * per_page
        return {
            "current": page,
            "size": per_page,
            "total": len(records),
            "records": records[start : start + per_page],
        }

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
        # built as the client's own models: a field the spec renames or retypes is a type error here
        common: _ReportCommon = {
            "exchange_id": account.exchange_code,
            "trade_type": 10,
            "company_id": account.company_id,
            "customer_id": account.customer_id,
            "customer_no": account.customer_no,
            "account_name": account.account_name,
            "order_id": order.order_id,
            "client_order_id": order.client_order_id,
            "remark": remark,
        }
        message: models.OrderExecReport | models.OrderCancelReport | models.OrderExpiredReport
        if message_type == "ORDER_EXEC_REPORT":
            message = models.OrderExecReport(
                **common,
                symbol_id=order.symbol_id,
                status=models.OrderStatus(order.status),
                trade_id=fill.trade_id if fill else None,
                execute_num=WireDecimal(fill.execute_num) if fill else None,
                execute_price=WireDecimal(fill.execute_price) if fill else None,
                execute_time=fill.execute_time if fill else None,
                commission=WireDecimal(fill.commission) if fill else None,
                commission_currency=fill.commission_currency if fill else None,
            )
        elif message_type == "ORDER_CANCEL_REPORT":
            message = models.OrderCancelReport(**common)
        else:
            message = models.OrderExpiredReport(**common)
        report = message.to_dict()
        self.events.append((message_type, account.company_id, report))
