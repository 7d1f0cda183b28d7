from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field
from multimarkets_bridge_core.money import WireDecimal, decimal_text, parse_decimal

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from multimarkets_bridge_core.records import JsonValue


T = TypeVar("T", bound="TradeRecord")


@_attrs_define
class TradeRecord:
    """One fill. Not published; fields follow ORDER_EXEC_REPORT (our reading). Unknown keys are kept.

    Attributes:
        trade_id (str | None):
        order_id (str | None):
        client_order_id (str | None):
        symbol_id (int | None):
        direction (int | None):
        execute_num (WireDecimal | None):
        execute_price (WireDecimal | None):
        execute_time (int | None):
        commission (WireDecimal | None):
        commission_currency (str | None):
    """

    trade_id: str | None = None
    order_id: str | None = None
    client_order_id: str | None = None
    symbol_id: int | None = None
    direction: int | None = None
    execute_num: WireDecimal | None = None
    execute_price: WireDecimal | None = None
    execute_time: int | None = None
    commission: WireDecimal | None = None
    commission_currency: str | None = None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, JsonValue]:
        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        if self.trade_id is not None:
            trade_id = self.trade_id
            field_dict["tradeId"] = trade_id
        if self.order_id is not None:
            order_id = self.order_id
            field_dict["orderId"] = order_id
        if self.client_order_id is not None:
            client_order_id = self.client_order_id
            field_dict["clientOrderId"] = client_order_id
        if self.symbol_id is not None:
            symbol_id = self.symbol_id
            field_dict["symbolId"] = symbol_id
        if self.direction is not None:
            direction = self.direction
            field_dict["direction"] = direction
        if self.execute_num is not None:
            field_dict["executeNum"] = decimal_text(self.execute_num)
        if self.execute_price is not None:
            field_dict["executePrice"] = decimal_text(self.execute_price)
        if self.execute_time is not None:
            execute_time = self.execute_time
            field_dict["executeTime"] = execute_time
        if self.commission is not None:
            field_dict["commission"] = decimal_text(self.commission)
        if self.commission_currency is not None:
            commission_currency = self.commission_currency
            field_dict["commissionCurrency"] = commission_currency

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        trade_id = d.pop("tradeId", UNSET)

        order_id = d.pop("orderId", UNSET)

        client_order_id = d.pop("clientOrderId", UNSET)

        symbol_id = d.pop("symbolId", UNSET)

        direction = d.pop("direction", UNSET)

        execute_num = d.pop("executeNum", UNSET)

        execute_price = d.pop("executePrice", UNSET)

        execute_time = d.pop("executeTime", UNSET)

        commission = d.pop("commission", UNSET)

        commission_currency = d.pop("commissionCurrency", UNSET)

        trade_record = cls(
            trade_id=None if isinstance(trade_id, Unset) else trade_id,
            order_id=None if isinstance(order_id, Unset) else order_id,
            client_order_id=None if isinstance(client_order_id, Unset) else client_order_id,
            symbol_id=None if isinstance(symbol_id, Unset) else symbol_id,
            direction=None if isinstance(direction, Unset) else direction,
            execute_num=parse_decimal(execute_num),
            execute_price=parse_decimal(execute_price),
            execute_time=None if isinstance(execute_time, Unset) else execute_time,
            commission=parse_decimal(commission),
            commission_currency=None if isinstance(commission_currency, Unset) else commission_currency,
        )

        trade_record.additional_properties = d
        return trade_record

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
