"""The sandbox's records (customers, linked accounts, balances, orders, fills, deposits, subscriptions).

Plain dataclasses with decimals kept as strings, so the whole state is one JSON document: in memory by
default, optionally saved to a SQLite file after every change (``SnapshotStore``) so that it survives a
restart.
"""

from __future__ import annotations

import dataclasses
import json
import sqlite3
import threading
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

__all__ = ["Account", "Customer", "Deposit", "Fill", "Order", "SnapshotStore", "State"]


@dataclass
class Customer:
    id: int
    customer_no: str
    company_id: int
    pwd_md5: str
    country: str
    register_source: int
    customer_group_id: int
    create_time: int
    update_time: int
    phone: str | None = None
    phone_area: str | None = None
    email: str | None = None
    email_area: str | None = None
    remark: str | None = None
    status: int = 1

    def record(self) -> dict[str, Any]:
        """A row of the customer list (``CustomerRecord``)."""
        row = {
            "id": self.id,
            "companyId": self.company_id,
            "customerNo": self.customer_no,
            "customerGroupId": self.customer_group_id,
            "customerGroupName": "default",
            "customerType": 0,
            "openAccountType": 0,
            "registerSource": self.register_source,
            "status": self.status,
            "createTime": self.create_time,
            "updateTime": self.update_time,
            "phone": self.phone,
            "phoneArea": self.phone_area,
            "email": self.email,
            "remark": self.remark,
        }
        return {k: v for k, v in row.items() if v is not None}

    def details(self) -> dict[str, Any]:
        """The customer details (``CustomerDetails``)."""
        return {
            **self.record(),
            "country": self.country,
            "registerTime": self.create_time,
            "accountList": {},
            "deposit": 1,
            "withdraw": 1,
            "kycStatus": 0,
            "type": 0,
        }


@dataclass
class Account:
    id: str
    company_id: int
    customer_id: int
    customer_no: str
    exchange_code: str
    account_type: str
    account_name: str
    api_key_hint: str
    is_test: int
    create_time: int

    def record(self) -> dict[str, Any]:
        """``ExchangeAccount`` (the exchange secret is never stored, the key only as a hint)."""
        return {
            "id": self.id,
            "companyId": str(self.company_id),
            "customerId": str(self.customer_id),
            "customerNo": self.customer_no,
            "exchangeCode": self.exchange_code,
            "accountType": self.account_type,
            "accountName": self.account_name,
            "apiKey": self.api_key_hint,
            "isTest": self.is_test,
        }


@dataclass
class Order:
    order_id: str
    client_order_id: str
    account_id: str
    symbol_id: int
    order_type: int
    direction: int
    time_in_force: str
    create_time: int
    update_time: int
    price: str | None = None
    num: str | None = None
    amount: str | None = None
    status: str = "1"
    executed_num: str = "0"
    avg_price: str | None = None
    locked_currency: str | None = None
    locked_amount: str = "0"

    @property
    def is_open(self) -> bool:
        return self.status in {"1", "3"}


@dataclass
class Fill:
    trade_id: str
    order_id: str
    client_order_id: str
    account_id: str
    symbol_id: int
    direction: int
    execute_num: str
    execute_price: str
    execute_time: int
    commission: str
    commission_currency: str

    def record(self) -> dict[str, Any]:
        """``TradeRecord``."""
        return {
            "tradeId": self.trade_id,
            "orderId": self.order_id,
            "clientOrderId": self.client_order_id,
            "symbolId": self.symbol_id,
            "direction": self.direction,
            "executeNum": self.execute_num,
            "executePrice": self.execute_price,
            "executeTime": self.execute_time,
            "commission": self.commission,
            "commissionCurrency": self.commission_currency,
        }


@dataclass
class Deposit:
    account_id: str
    currency: str
    amount: str
    status: str
    tx_id: str
    insert_time: int
    wallet_type: str = ""
    address: str = ""
    confirm_times: str = ""

    def record(self) -> dict[str, Any]:
        """``DepositRecord``."""
        return {
            "currency": self.currency,
            "amount": self.amount,
            "status": self.status,
            "txId": self.tx_id,
            "insertTime": self.insert_time,
            "walletType": self.wallet_type,
            "address": self.address,
            "confirmTimes": self.confirm_times,
        }


@dataclass
class State:
    customers: list[Customer] = field(default_factory=list)
    accounts: list[Account] = field(default_factory=list)
    balances: dict[str, dict[str, list[str]]] = field(
        default_factory=dict
    )  # account id -> currency -> [free, locked]
    orders: list[Order] = field(default_factory=list)
    fills: list[Fill] = field(default_factory=list)
    deposits: list[Deposit] = field(default_factory=list)
    subscriptions: dict[str, str] = field(default_factory=dict)  # apiKey -> webhookUrl
    counters: dict[str, int] = field(default_factory=dict)

    def next_id(self, name: str, start: int) -> int:
        value = self.counters.get(name, start - 1) + 1
        self.counters[name] = value
        return value

    def to_json(self) -> str:
        return json.dumps(dataclasses.asdict(self), ensure_ascii=False, sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> State:
        raw = json.loads(text)
        return cls(
            customers=[Customer(**c) for c in raw["customers"]],
            accounts=[Account(**a) for a in raw["accounts"]],
            balances=raw["balances"],
            orders=[Order(**o) for o in raw["orders"]],
            fills=[Fill(**f) for f in raw["fills"]],
            deposits=[Deposit(**d) for d in raw["deposits"]],
            subscriptions=raw["subscriptions"],
            counters=raw["counters"],
        )


class SnapshotStore:
    """Keeps the latest state snapshot in one SQLite row."""

    def __init__(self, path: str | Path) -> None:
        self._path = str(path)
        self._lock = threading.Lock()
        with self._connect() as db, db:
            db.execute("CREATE TABLE IF NOT EXISTS snapshot (id INTEGER PRIMARY KEY, state TEXT NOT NULL)")

    def _connect(self) -> closing[sqlite3.Connection]:
        return closing(sqlite3.connect(self._path))

    def load(self) -> State | None:
        with self._lock, self._connect() as db:
            row = db.execute("SELECT state FROM snapshot WHERE id = 1").fetchone()
        return State.from_json(row[0]) if row else None

    def save(self, state: State) -> None:
        text = state.to_json()
        with self._lock, self._connect() as db, db:
            db.execute(
                "INSERT INTO snapshot (id, state) VALUES (1, ?) "
                "ON CONFLICT(id) DO UPDATE SET state = excluded.state",
                (text,),
            )
