from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.order_status import OrderStatus
from ..models.time_in_force import TimeInForce
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from multimarkets_bridge_core.records import JsonValue


T = TypeVar("T", bound="OrderDetails")


@_attrs_define
class OrderDetails:
    """One order. Fields after bizType are not published and arrive as additional properties.

    Attributes:
        exchange_id (str | None):
        order_id (str | None):
        client_order_id (str | None):
        status (OrderStatus | None): Order status codes (digits as strings) of ORDER_EXEC_REPORT and of the order
            answers. In an
            answer, a code outside this set is refused as a response that does not match the spec (the set
            is the one the notification page lists; the order pages do not list theirs); a notification
            keeps an unknown code as text, so that it is never refused for it.
        time_in_force (TimeInForce | None): Lifetime of a limit order (ignored for market orders and by OKX; the
            platform assumes GTC for limit orders when absent).
        symbol_id (int | None):
        biz_type (int | None): Order type (type not published; 1 market / 2 limit assumed).
    """

    exchange_id: str | None = None
    order_id: str | None = None
    client_order_id: str | None = None
    status: OrderStatus | None = None
    time_in_force: TimeInForce | None = None
    symbol_id: int | None = None
    biz_type: int | None = None
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
        if self.status is not None:
            status = self.status.value
            field_dict["status"] = status
        if self.time_in_force is not None:
            time_in_force = self.time_in_force.value
            field_dict["timeInForce"] = time_in_force
        if self.symbol_id is not None:
            symbol_id = self.symbol_id
            field_dict["symbolId"] = symbol_id
        if self.biz_type is not None:
            biz_type = self.biz_type
            field_dict["bizType"] = biz_type

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        exchange_id = d.pop("exchangeId", UNSET)

        order_id = d.pop("orderId", UNSET)

        client_order_id = d.pop("clientOrderId", UNSET)

        _status = d.pop("status", UNSET)
        status: OrderStatus | Unset
        if isinstance(_status, Unset):
            status = UNSET
        else:
            status = OrderStatus(_status)

        _time_in_force = d.pop("timeInForce", UNSET)
        time_in_force: TimeInForce | Unset
        if isinstance(_time_in_force, Unset):
            time_in_force = UNSET
        else:
            time_in_force = TimeInForce(_time_in_force)

        symbol_id = d.pop("symbolId", UNSET)

        biz_type = d.pop("bizType", UNSET)

        order_details = cls(
            exchange_id=None if isinstance(exchange_id, Unset) else exchange_id,
            order_id=None if isinstance(order_id, Unset) else order_id,
            client_order_id=None if isinstance(client_order_id, Unset) else client_order_id,
            status=None if isinstance(status, Unset) else status,
            time_in_force=None if isinstance(time_in_force, Unset) else time_in_force,
            symbol_id=None if isinstance(symbol_id, Unset) else symbol_id,
            biz_type=None if isinstance(biz_type, Unset) else biz_type,
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
