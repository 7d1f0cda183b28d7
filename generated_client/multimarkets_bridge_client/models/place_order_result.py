from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.order_status import OrderStatus
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from multimarkets_bridge_core.records import JsonValue


T = TypeVar("T", bound="PlaceOrderResult")


@_attrs_define
class PlaceOrderResult:
    """Not published. The page's OKX note says the answer carries clientOrderId and status only, so those two are taken as
    always present; the other fields are our reading.

        Attributes:
            client_order_id (str):
            status (OrderStatus): Order status codes (digits as strings) of ORDER_EXEC_REPORT and of the order answers. In
                an
                answer, a code outside this set is refused as a response that does not match the spec (the set
                is the one the notification page lists; the order pages do not list theirs); a notification
                keeps an unknown code as text, so that it is never refused for it.
            exchange_id (str | None):
            order_id (str | None):
    """

    client_order_id: str
    status: OrderStatus
    exchange_id: str | None = None
    order_id: str | None = None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, JsonValue]:
        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        client_order_id = self.client_order_id
        field_dict["clientOrderId"] = client_order_id
        status = self.status.value
        field_dict["status"] = status
        if self.exchange_id is not None:
            exchange_id = self.exchange_id
            field_dict["exchangeId"] = exchange_id
        if self.order_id is not None:
            order_id = self.order_id
            field_dict["orderId"] = order_id

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        client_order_id = d.pop("clientOrderId")

        status = OrderStatus(d.pop("status"))

        exchange_id = d.pop("exchangeId", UNSET)

        order_id = d.pop("orderId", UNSET)

        place_order_result = cls(
            client_order_id=client_order_id,
            status=status,
            exchange_id=None if isinstance(exchange_id, Unset) else exchange_id,
            order_id=None if isinstance(order_id, Unset) else order_id,
        )

        place_order_result.additional_properties = d
        return place_order_result

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
