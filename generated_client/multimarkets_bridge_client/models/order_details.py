from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="OrderDetails")


@_attrs_define
class OrderDetails:
    """One order. Fields after bizType are not published and arrive as additional properties.

    Attributes:
        exchange_id (str | Unset):
        order_id (str | Unset):
        client_order_id (str | Unset):
        status (str | Unset): See OrderStatus (value set assumed).
        time_in_force (str | Unset):
        symbol_id (int | Unset):
        biz_type (int | Unset): Order type (type not published; 1 market / 2 limit assumed).
    """

    exchange_id: str | Unset = UNSET
    order_id: str | Unset = UNSET
    client_order_id: str | Unset = UNSET
    status: str | Unset = UNSET
    time_in_force: str | Unset = UNSET
    symbol_id: int | Unset = UNSET
    biz_type: int | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        exchange_id = self.exchange_id

        order_id = self.order_id

        client_order_id = self.client_order_id

        status = self.status

        time_in_force = self.time_in_force

        symbol_id = self.symbol_id

        biz_type = self.biz_type

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if exchange_id is not UNSET:
            field_dict["exchangeId"] = exchange_id
        if order_id is not UNSET:
            field_dict["orderId"] = order_id
        if client_order_id is not UNSET:
            field_dict["clientOrderId"] = client_order_id
        if status is not UNSET:
            field_dict["status"] = status
        if time_in_force is not UNSET:
            field_dict["timeInForce"] = time_in_force
        if symbol_id is not UNSET:
            field_dict["symbolId"] = symbol_id
        if biz_type is not UNSET:
            field_dict["bizType"] = biz_type

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        exchange_id = d.pop("exchangeId", UNSET)

        order_id = d.pop("orderId", UNSET)

        client_order_id = d.pop("clientOrderId", UNSET)

        status = d.pop("status", UNSET)

        time_in_force = d.pop("timeInForce", UNSET)

        symbol_id = d.pop("symbolId", UNSET)

        biz_type = d.pop("bizType", UNSET)

        order_details = cls(
            exchange_id=exchange_id,
            order_id=order_id,
            client_order_id=client_order_id,
            status=status,
            time_in_force=time_in_force,
            symbol_id=symbol_id,
            biz_type=biz_type,
        )

        order_details.additional_properties = d
        return order_details

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
