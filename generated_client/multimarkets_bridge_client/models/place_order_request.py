from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.direction import Direction
from ..models.exchange_id import ExchangeId
from ..models.order_type import OrderType
from ..models.time_in_force import TimeInForce
from ..models.trade_type import TradeType
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from multimarkets_bridge_core.records import JsonValue


T = TypeVar("T", bound="PlaceOrderRequest")


@_attrs_define
class PlaceOrderRequest:
    """Order body - a limit order (bizType 2) with price and num, or a market order (bizType 1) with num, amount or both.

    Attributes:
        trade_type (TradeType): Trading mode; 10 = trading bridge.
        exchange_id (ExchangeId): Exchange selector of trading operations.
        account_name (str): Alias given when the account was linked.
        customer_no (str): Customer number.
        customer_group_id (int): Customer group id (1 = default group; must be the customer's). Example: 1.
        symbol_id (int): Product id (from list_products). Example: 1.
        biz_type (OrderType): Order type; travels in the body field named `bizType`.
        direction (Direction): Order side.
        customer_id (int | Unset): Customer id (optional; must be the customer's when given).
        price (str | Unset): Limit price as a positive decimal string (required for limit orders, ignored for market
            orders). Example: 50000.
        num (str | Unset): Quantity as a positive decimal string; num and/or amount; num wins when both are given.
            Example: 0.001.
        amount (str | Unset): Quote amount as a positive decimal string, alternative to num.
        time_in_force (TimeInForce | Unset): Lifetime of a limit order (ignored for market orders and by OKX; the
            platform assumes GTC for limit orders when absent).
        client_order_id (str | Unset): Caller's unique order id; the platform makes one when empty.
        request_time (int | Unset): Request time in epoch ms.
    """

    trade_type: TradeType
    exchange_id: ExchangeId
    account_name: str
    customer_no: str
    customer_group_id: int
    symbol_id: int
    biz_type: OrderType
    direction: Direction
    customer_id: int | Unset = UNSET
    price: str | Unset = UNSET
    num: str | Unset = UNSET
    amount: str | Unset = UNSET
    time_in_force: TimeInForce | Unset = UNSET
    client_order_id: str | Unset = UNSET
    request_time: int | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, JsonValue]:
        trade_type = self.trade_type.value

        exchange_id = self.exchange_id.value

        account_name = self.account_name

        customer_no = self.customer_no

        customer_group_id = self.customer_group_id

        symbol_id = self.symbol_id

        biz_type = self.biz_type.value

        direction = self.direction.value

        customer_id = self.customer_id

        price = self.price

        num = self.num

        amount = self.amount

        time_in_force: str | Unset = UNSET
        if not isinstance(self.time_in_force, Unset):
            time_in_force = self.time_in_force.value

        client_order_id = self.client_order_id

        request_time = self.request_time

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "tradeType": trade_type,
                "exchangeId": exchange_id,
                "accountName": account_name,
                "customerNo": customer_no,
                "customerGroupId": customer_group_id,
                "symbolId": symbol_id,
                "bizType": biz_type,
                "direction": direction,
            }
        )
        if customer_id is not UNSET:
            field_dict["customerId"] = customer_id
        if price is not UNSET:
            field_dict["price"] = price
        if num is not UNSET:
            field_dict["num"] = num
        if amount is not UNSET:
            field_dict["amount"] = amount
        if time_in_force is not UNSET:
            field_dict["timeInForce"] = time_in_force
        if client_order_id is not UNSET:
            field_dict["clientOrderId"] = client_order_id
        if request_time is not UNSET:
            field_dict["requestTime"] = request_time

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        trade_type = TradeType(d.pop("tradeType"))

        exchange_id = ExchangeId(d.pop("exchangeId"))

        account_name = d.pop("accountName")

        customer_no = d.pop("customerNo")

        customer_group_id = d.pop("customerGroupId")

        symbol_id = d.pop("symbolId")

        biz_type = OrderType(d.pop("bizType"))

        direction = Direction(d.pop("direction"))

        customer_id = d.pop("customerId", UNSET)

        price = d.pop("price", UNSET)

        num = d.pop("num", UNSET)

        amount = d.pop("amount", UNSET)

        _time_in_force = d.pop("timeInForce", UNSET)
        time_in_force: TimeInForce | Unset
        if isinstance(_time_in_force, Unset):
            time_in_force = UNSET
        else:
            time_in_force = TimeInForce(_time_in_force)

        client_order_id = d.pop("clientOrderId", UNSET)

        request_time = d.pop("requestTime", UNSET)

        place_order_request = cls(
            trade_type=trade_type,
            exchange_id=exchange_id,
            account_name=account_name,
            customer_no=customer_no,
            customer_group_id=customer_group_id,
            symbol_id=symbol_id,
            biz_type=biz_type,
            direction=direction,
            customer_id=customer_id,
            price=price,
            num=num,
            amount=amount,
            time_in_force=time_in_force,
            client_order_id=client_order_id,
            request_time=request_time,
        )

        place_order_request.additional_properties = d
        return place_order_request

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
