from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from multimarkets_bridge_core.records import JsonValue


T = TypeVar("T", bound="CancelOrderResult")


@_attrs_define
class CancelOrderResult:
    """
    Attributes:
        exchange_id (str | None):
        order_id (str | None):
        client_order_id (str | None):
    """

    exchange_id: str | None = None
    order_id: str | None = None
    client_order_id: str | None = None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, JsonValue]:
        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        if self.exchange_id is not None:
            exchange_id = self.exchange_id
            field_dict["exchangeId"] = exchange_id
        if self.order_id is not None:
            order_id = self.order_id
            field_dict["orderId"] = order_id
        if self.client_order_id is not None:
            client_order_id = self.client_order_id
            field_dict["clientOrderId"] = client_order_id

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        exchange_id = d.pop("exchangeId", UNSET)

        order_id = d.pop("orderId", UNSET)

        client_order_id = d.pop("clientOrderId", UNSET)

        cancel_order_result = cls(
            exchange_id=None if isinstance(exchange_id, Unset) else exchange_id,
            order_id=None if isinstance(order_id, Unset) else order_id,
            client_order_id=None if isinstance(client_order_id, Unset) else client_order_id,
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
