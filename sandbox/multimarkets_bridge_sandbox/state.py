"""The sandbox's records (customers, linked accounts, balances, orders, fills, deposits, subscriptions).

Plain dataclasses with decimals kept as strings; each answers as the generated model the spec defines
for it (a spec change is a type error here, not a silent difference). In memory by default, optionally
kept in a SQLite file ([`SqliteStore`][.persistence.SqliteStore]) so that the state survives a restart. The
state notes what each request changed (records appended, removed or edited, balances touched), so that
the store writes just those rows.
"""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass, field
from typing import Any, TypeVar

from multimarkets_bridge.money import WireDecimal
from multimarkets_bridge_client import models

__all__ = [
    "RECORD_TYPES",
    "TABLES",
    "Account",
    "Customer",
    "Deposit",
    "Fill",
    "Order",
    "Record",
    "State",
    "Table",
    "record_fields",
]

_R = TypeVar("_R", bound="Record")


class Changes:
    """What changed since the last save: edited or new records, removed rows, touched balances."""

    def __init__(self) -> None:
        self.records: dict[int, tuple[str, Record]] = {}
        self.removed: list[tuple[str, int]] = []
        self.balances: set[str] = set()

    def touch(self, kind: str, record: Record) -> None:
        self.records[id(record)] = (kind, record)

    def __bool__(self) -> bool:
        return bool(self.records or self.removed or self.balances)

    def clear(self) -> None:
        self.records.clear()
        self.removed.clear()
        self.balances.clear()


class Record:
    """Base of the stored records: setting an attribute of a record in a table marks it changed."""

    def __setattr__(self, name: str, value: Any) -> None:
        object.__setattr__(self, name, value)
        table = self.__dict__.get("_table")
        if table is not None:
            table.changes.touch(table.kind, self)


class Table(list[_R]):
    """A list of records that reports appends, removals and edits to ``changes``."""

    def __init__(self, items: Any = (), kind: str = "", changes: Changes | None = None) -> None:
        super().__init__(items)
        self.kind = kind
        self.changes = changes if changes is not None else Changes()
        self._indexes: dict[tuple[str, ...], dict[tuple[Any, ...], list[_R]]] = {}
        for item in self:
            item.__dict__["_table"] = self

    def by(self, *fields: str) -> dict[tuple[Any, ...], list[_R]]:
        """Records by the values of ``fields``: built on first use, kept current by append and remove.
        Only for fields that never change once a record exists (ids, numbers, login names)."""
        found = self._indexes.get(fields)
        if found is None:
            found = self._indexes[fields] = {}
            for item in self:
                found.setdefault(tuple(getattr(item, f) for f in fields), []).append(item)
        return found

    def append(self, item: _R) -> None:
        super().append(item)
        item.__dict__["_table"] = self
        self.changes.touch(self.kind, item)
        for fields, found in self._indexes.items():
            found.setdefault(tuple(getattr(item, f) for f in fields), []).append(item)

    def remove(self, item: _R) -> None:
        super().remove(item)
        for fields, found in self._indexes.items():
            found.get(tuple(getattr(item, f) for f in fields), []).remove(item)
        item.__dict__.pop("_table", None)
        self.changes.records.pop(id(item), None)
        row = item.__dict__.get("_row")
        if row is not None:
            self.changes.removed.append((self.kind, row))


@dataclass
class Customer(Record):
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
        """A row of the customer list, built as the generated ``CustomerRecord``."""
        return models.CustomerRecord(
            id=self.id,
            company_id=self.company_id,
            customer_no=self.customer_no,
            customer_group_id=self.customer_group_id,
            customer_group_name="default",
            customer_type=0,
            open_account_type=0,
            register_source=self.register_source,
            status=models.CustomerStatus(self.status),
            create_time=self.create_time,
            update_time=self.update_time,
            phone=self.phone,
            phone_area=self.phone_area,
            email=self.email,
            remark=self.remark,
        ).to_dict()

    def details(self) -> dict[str, Any]:
        """The customer details, built as the generated ``CustomerDetails`` (the members it defines)."""
        return models.CustomerDetails(
            id=self.id,
            company_id=self.company_id,
            customer_no=self.customer_no,
            customer_group_id=self.customer_group_id,
            customer_type=0,
            register_source=self.register_source,
            status=models.CustomerStatus(self.status),
            create_time=self.create_time,
            phone=self.phone,
            phone_area=self.phone_area,
            email=self.email,
            country=self.country,
            register_time=self.create_time,
            account_list=models.CustomerAccountList(),
            deposit=1,
            withdraw=1,
            kyc_status=0,
            type_=0,
        ).to_dict()


@dataclass
class Account(Record):
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
        """The generated ``ExchangeAccount`` (the exchange secret is never stored, the key only as a hint)."""
        return models.ExchangeAccount(
            id=self.id,
            company_id=str(self.company_id),
            customer_id=str(self.customer_id),
            customer_no=self.customer_no,
            exchange_code=self.exchange_code,
            account_type=self.account_type,
            account_name=self.account_name,
            api_key=self.api_key_hint,
            is_test=self.is_test,
        ).to_dict()


@dataclass
class Order(Record):
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
class Fill(Record):
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
        """The generated ``TradeRecord``."""
        return models.TradeRecord(
            trade_id=self.trade_id,
            order_id=self.order_id,
            client_order_id=self.client_order_id,
            symbol_id=self.symbol_id,
            direction=self.direction,
            execute_num=WireDecimal(self.execute_num),
            execute_price=WireDecimal(self.execute_price),
            execute_time=self.execute_time,
            commission=WireDecimal(self.commission),
            commission_currency=self.commission_currency,
        ).to_dict()


@dataclass
class Deposit(Record):
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
        """The generated ``DepositRecord``."""
        return models.DepositRecord(
            currency=self.currency,
            amount=WireDecimal(self.amount),
            status=self.status,
            tx_id=self.tx_id,
            insert_time=self.insert_time,
            wallet_type=self.wallet_type,
            address=self.address,
            confirm_times=self.confirm_times,
        ).to_dict()


TABLES = ("customers", "accounts", "orders", "fills", "deposits")
RECORD_TYPES: dict[str, type[Record]] = {
    "customers": Customer,
    "accounts": Account,
    "orders": Order,
    "fills": Fill,
    "deposits": Deposit,
}


@dataclass
class State:
    customers: Table[Customer] = field(default_factory=Table)
    accounts: Table[Account] = field(default_factory=Table)
    balances: dict[str, dict[str, list[str]]] = field(
        default_factory=dict
    )  # account id -> currency -> [free, locked]
    orders: Table[Order] = field(default_factory=Table)
    fills: Table[Fill] = field(default_factory=Table)
    deposits: Table[Deposit] = field(default_factory=Table)
    subscriptions: dict[str, str] = field(default_factory=dict)  # apiKey -> webhookUrl
    counters: dict[str, int] = field(default_factory=dict)
    changes: Changes = field(default_factory=Changes, repr=False, compare=False)

    def __post_init__(self) -> None:
        for kind in TABLES:
            setattr(self, kind, Table(getattr(self, kind), kind, self.changes))

    def next_id(self, name: str, start: int) -> int:
        value = self.counters.get(name, start - 1) + 1
        self.counters[name] = value
        return value

    def balances_of(self, account_id: str) -> dict[str, list[str]]:
        """The balances of an account, marked changed (callers may edit them in place)."""
        self.changes.balances.add(account_id)
        return self.balances.setdefault(account_id, {})

    def to_json(self) -> str:
        data: dict[str, Any] = {kind: [record_fields(r) for r in getattr(self, kind)] for kind in TABLES}
        data.update(balances=self.balances, subscriptions=self.subscriptions, counters=self.counters)
        return json.dumps(data, ensure_ascii=False, sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> State:
        raw = json.loads(text)
        return cls(
            customers=Table(Customer(**c) for c in raw["customers"]),
            accounts=Table(Account(**a) for a in raw["accounts"]),
            balances=raw["balances"],
            orders=Table(Order(**o) for o in raw["orders"]),
            fills=Table(Fill(**f) for f in raw["fills"]),
            deposits=Table(Deposit(**d) for d in raw["deposits"]),
            subscriptions=raw["subscriptions"],
            counters=raw["counters"],
        )


def record_fields(record: Record) -> dict[str, Any]:
    return {f.name: getattr(record, f.name) for f in dataclasses.fields(record)}  # type: ignore[arg-type]
