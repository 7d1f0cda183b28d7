from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="CancelOrderResult")


@_attrs_define
class CancelOrderResult:
    """
    Attributes:
        exchange_id (str | Unset):
        order_id (str | Unset):
        client_order_id (str | Unset):
    """

    exchange_id: str | Unset = UNSET
    order_id: str | Unset = UNSET
    client_order_id: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        exchange_id = self.exchange_id

        order_id = self.order_id

        client_order_id = self.client_order_id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if exchange_id is not UNSET:
            field_dict["exchangeId"] = exchange_id
        if order_id is not UNSET:
            field_dict["orderId"] = order_id
        if client_order_id is not UNSET:
            field_dict["clientOrderId"] = client_order_id

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        exchange_id = d.pop("exchangeId", UNSET)

        order_id = d.pop("orderId", UNSET)

        client_order_id = d.pop("clientOrderId", UNSET)

        cancel_order_result = cls(
            exchange_id=exchange_id,
            order_id=order_id,
            client_order_id=client_order_id,
        )

        cancel_order_result.additional_properties = d
        return cancel_order_result

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
