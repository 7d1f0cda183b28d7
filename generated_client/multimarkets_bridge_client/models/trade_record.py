from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="TradeRecord")


@_attrs_define
class TradeRecord:
    """One fill. Not published; fields follow ORDER_EXEC_REPORT (our reading). Unknown keys are kept.

    Attributes:
        trade_id (str | Unset):
        order_id (str | Unset):
        client_order_id (str | Unset):
        symbol_id (int | Unset):
        direction (int | Unset):
        execute_num (str | Unset):
        execute_price (str | Unset):
        execute_time (int | Unset):
        commission (str | Unset):
        commission_currency (str | Unset):
    """

    trade_id: str | Unset = UNSET
    order_id: str | Unset = UNSET
    client_order_id: str | Unset = UNSET
    symbol_id: int | Unset = UNSET
    direction: int | Unset = UNSET
    execute_num: str | Unset = UNSET
    execute_price: str | Unset = UNSET
    execute_time: int | Unset = UNSET
    commission: str | Unset = UNSET
    commission_currency: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        trade_id = self.trade_id

        order_id = self.order_id

        client_order_id = self.client_order_id

        symbol_id = self.symbol_id

        direction = self.direction

        execute_num = self.execute_num

        execute_price = self.execute_price

        execute_time = self.execute_time

        commission = self.commission

        commission_currency = self.commission_currency

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if trade_id is not UNSET:
            field_dict["tradeId"] = trade_id
        if order_id is not UNSET:
            field_dict["orderId"] = order_id
        if client_order_id is not UNSET:
            field_dict["clientOrderId"] = client_order_id
        if symbol_id is not UNSET:
            field_dict["symbolId"] = symbol_id
        if direction is not UNSET:
            field_dict["direction"] = direction
        if execute_num is not UNSET:
            field_dict["executeNum"] = execute_num
        if execute_price is not UNSET:
            field_dict["executePrice"] = execute_price
        if execute_time is not UNSET:
            field_dict["executeTime"] = execute_time
        if commission is not UNSET:
            field_dict["commission"] = commission
        if commission_currency is not UNSET:
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
            trade_id=trade_id,
            order_id=order_id,
            client_order_id=client_order_id,
            symbol_id=symbol_id,
            direction=direction,
            execute_num=execute_num,
            execute_price=execute_price,
            execute_time=execute_time,
            commission=commission,
            commission_currency=commission_currency,
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
