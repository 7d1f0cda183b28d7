from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field
from multimarkets_bridge_core.money import WireDecimal, decimal_text, parse_decimal

from ..models.notification_type import NotificationType
from ..models.order_status import OrderStatus
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from multimarkets_bridge_core.records import JsonValue


T = TypeVar("T", bound="OrderExecReport")


@_attrs_define
class OrderExecReport:
    """ORDER_EXEC_REPORT - a fill or an order status change. With status "2" the execute* fields may be empty.

    Attributes:
        order_id (str):
        status (OrderStatus | str): Order status digit as a string: an OrderStatus member when known; an unknown value
            is kept, so that a notification is never refused for it.
        type_ (NotificationType | str | None): Message type name (sandbox convention, not vendor-confirmed).
        exchange_id (str | None):
        trade_type (int | None):
        company_id (int | None):
        customer_id (int | None):
        customer_no (str | None):
        account_name (str | None):
        trade_id (None | str):
        client_order_id (None | str):
        execute_num (WireDecimal | None): Filled quantity; the page says it may be empty ("" or null) when status is 2.
        execute_price (WireDecimal | None): Fill price; the page says it may be empty ("" or null) when status is 2.
        execute_time (int | None):
        symbol_id (int | None):
        commission (WireDecimal | None): Fee; negative = charged, positive = rebate.
        commission_currency (None | str):
        remark (None | str):
    """

    order_id: str
    status: OrderStatus | str
    type_: NotificationType | str | None = None
    exchange_id: str | None = None
    trade_type: int | None = None
    company_id: int | None = None
    customer_id: int | None = None
    customer_no: str | None = None
    account_name: str | None = None
    trade_id: None | str = None
    client_order_id: None | str = None
    execute_num: WireDecimal | None = None
    execute_price: WireDecimal | None = None
    execute_time: int | None = None
    symbol_id: int | None = None
    commission: WireDecimal | None = None
    commission_currency: None | str = None
    remark: None | str = None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, JsonValue]:
        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        order_id = self.order_id
        field_dict["orderId"] = order_id
        status: str
        if isinstance(self.status, OrderStatus):
            status = self.status.value
        else:
            status = self.status
        field_dict["status"] = status
        if self.type_ is not None:
            type_: str
            if isinstance(self.type_, NotificationType):
                type_ = self.type_.value
            else:
                type_ = self.type_
            field_dict["type"] = type_
        if self.exchange_id is not None:
            exchange_id = self.exchange_id
            field_dict["exchangeId"] = exchange_id
        if self.trade_type is not None:
            trade_type = self.trade_type
            field_dict["tradeType"] = trade_type
        if self.company_id is not None:
            company_id = self.company_id
            field_dict["companyId"] = company_id
        if self.customer_id is not None:
            customer_id: int | None
            customer_id = self.customer_id
            field_dict["customerId"] = customer_id
        if self.customer_no is not None:
            customer_no = self.customer_no
            field_dict["customerNo"] = customer_no
        if self.account_name is not None:
            account_name = self.account_name
            field_dict["accountName"] = account_name
        if self.trade_id is not None:
            trade_id: None | str
            trade_id = self.trade_id
            field_dict["tradeId"] = trade_id
        if self.client_order_id is not None:
            client_order_id: None | str
            client_order_id = self.client_order_id
            field_dict["clientOrderId"] = client_order_id
        if self.execute_num is not None:
            field_dict["executeNum"] = decimal_text(self.execute_num)
        if self.execute_price is not None:
            field_dict["executePrice"] = decimal_text(self.execute_price)
        if self.execute_time is not None:
            execute_time: int | None
            execute_time = self.execute_time
            field_dict["executeTime"] = execute_time
        if self.symbol_id is not None:
            symbol_id = self.symbol_id
            field_dict["symbolId"] = symbol_id
        if self.commission is not None:
            field_dict["commission"] = decimal_text(self.commission)
        if self.commission_currency is not None:
            commission_currency: None | str
            commission_currency = self.commission_currency
            field_dict["commissionCurrency"] = commission_currency
        if self.remark is not None:
            remark: None | str
            remark = self.remark
            field_dict["remark"] = remark

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        order_id = d.pop("orderId")

        def _parse_status(data: object) -> OrderStatus | str:
            try:
                if not isinstance(data, str):
                    raise TypeError()
                status_type_0 = OrderStatus(data)

                return status_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(OrderStatus | str, data)

        status = _parse_status(d.pop("status"))

        def _parse_type_(data: object) -> NotificationType | str | Unset:
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                type_type_0 = NotificationType(data)

                return type_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(NotificationType | str | Unset, data)

        type_ = _parse_type_(d.pop("type", UNSET))

        exchange_id = d.pop("exchangeId", UNSET)

        trade_type = d.pop("tradeType", UNSET)

        company_id = d.pop("companyId", UNSET)

        def _parse_customer_id(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        customer_id = _parse_customer_id(d.pop("customerId", UNSET))

        customer_no = d.pop("customerNo", UNSET)

        account_name = d.pop("accountName", UNSET)

        def _parse_trade_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        trade_id = _parse_trade_id(d.pop("tradeId", UNSET))

        def _parse_client_order_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        client_order_id = _parse_client_order_id(d.pop("clientOrderId", UNSET))

        def _parse_execute_num(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        execute_num = _parse_execute_num(d.pop("executeNum", UNSET))

        def _parse_execute_price(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        execute_price = _parse_execute_price(d.pop("executePrice", UNSET))

        def _parse_execute_time(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        execute_time = _parse_execute_time(d.pop("executeTime", UNSET))

        symbol_id = d.pop("symbolId", UNSET)

        def _parse_commission(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        commission = _parse_commission(d.pop("commission", UNSET))

        def _parse_commission_currency(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        commission_currency = _parse_commission_currency(d.pop("commissionCurrency", UNSET))

        def _parse_remark(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        remark = _parse_remark(d.pop("remark", UNSET))

        order_exec_report = cls(
            order_id=order_id,
            status=status,
            type_=None if isinstance(type_, Unset) else type_,
            exchange_id=None if isinstance(exchange_id, Unset) else exchange_id,
            trade_type=None if isinstance(trade_type, Unset) else trade_type,
            company_id=None if isinstance(company_id, Unset) else company_id,
            customer_id=None if isinstance(customer_id, Unset) else customer_id,
            customer_no=None if isinstance(customer_no, Unset) else customer_no,
            account_name=None if isinstance(account_name, Unset) else account_name,
            trade_id=None if isinstance(trade_id, Unset) else trade_id,
            client_order_id=None if isinstance(client_order_id, Unset) else client_order_id,
            execute_num=parse_decimal(execute_num),
            execute_price=parse_decimal(execute_price),
            execute_time=None if isinstance(execute_time, Unset) else execute_time,
            symbol_id=None if isinstance(symbol_id, Unset) else symbol_id,
            commission=parse_decimal(commission),
            commission_currency=None if isinstance(commission_currency, Unset) else commission_currency,
            remark=None if isinstance(remark, Unset) else remark,
        )

        order_exec_report.additional_properties = d
        return order_exec_report

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
