from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="OrderExecReport")


@_attrs_define
class OrderExecReport:
    """ORDER_EXEC_REPORT - a fill or an order status change. With status "2" the execute* fields may be empty.

    Attributes:
        order_id (str):
        status (str): Order status digit as a string; see OrderStatus. Unknown values are kept.
        type_ (str | Unset): Message type name (sandbox convention, not vendor-confirmed).
        exchange_id (str | Unset):
        trade_type (int | Unset):
        company_id (int | Unset):
        customer_id (int | None | Unset):
        customer_no (str | Unset):
        account_name (str | Unset):
        trade_id (None | str | Unset):
        client_order_id (None | str | Unset):
        execute_num (None | str | Unset):
        execute_price (None | str | Unset):
        execute_time (int | None | Unset):
        symbol_id (int | Unset):
        commission (None | str | Unset): Fee; negative = charged, positive = rebate.
        commission_currency (None | str | Unset):
        remark (None | str | Unset):
    """

    order_id: str
    status: str
    type_: str | Unset = UNSET
    exchange_id: str | Unset = UNSET
    trade_type: int | Unset = UNSET
    company_id: int | Unset = UNSET
    customer_id: int | None | Unset = UNSET
    customer_no: str | Unset = UNSET
    account_name: str | Unset = UNSET
    trade_id: None | str | Unset = UNSET
    client_order_id: None | str | Unset = UNSET
    execute_num: None | str | Unset = UNSET
    execute_price: None | str | Unset = UNSET
    execute_time: int | None | Unset = UNSET
    symbol_id: int | Unset = UNSET
    commission: None | str | Unset = UNSET
    commission_currency: None | str | Unset = UNSET
    remark: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        order_id = self.order_id

        status = self.status

        type_ = self.type_

        exchange_id = self.exchange_id

        trade_type = self.trade_type

        company_id = self.company_id

        customer_id: int | None | Unset
        if isinstance(self.customer_id, Unset):
            customer_id = UNSET
        else:
            customer_id = self.customer_id

        customer_no = self.customer_no

        account_name = self.account_name

        trade_id: None | str | Unset
        if isinstance(self.trade_id, Unset):
            trade_id = UNSET
        else:
            trade_id = self.trade_id

        client_order_id: None | str | Unset
        if isinstance(self.client_order_id, Unset):
            client_order_id = UNSET
        else:
            client_order_id = self.client_order_id

        execute_num: None | str | Unset
        if isinstance(self.execute_num, Unset):
            execute_num = UNSET
        else:
            execute_num = self.execute_num

        execute_price: None | str | Unset
        if isinstance(self.execute_price, Unset):
            execute_price = UNSET
        else:
            execute_price = self.execute_price

        execute_time: int | None | Unset
        if isinstance(self.execute_time, Unset):
            execute_time = UNSET
        else:
            execute_time = self.execute_time

        symbol_id = self.symbol_id

        commission: None | str | Unset
        if isinstance(self.commission, Unset):
            commission = UNSET
        else:
            commission = self.commission

        commission_currency: None | str | Unset
        if isinstance(self.commission_currency, Unset):
            commission_currency = UNSET
        else:
            commission_currency = self.commission_currency

        remark: None | str | Unset
        if isinstance(self.remark, Unset):
            remark = UNSET
        else:
            remark = self.remark

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "orderId": order_id,
                "status": status,
            }
        )
        if type_ is not UNSET:
            field_dict["type"] = type_
        if exchange_id is not UNSET:
            field_dict["exchangeId"] = exchange_id
        if trade_type is not UNSET:
            field_dict["tradeType"] = trade_type
        if company_id is not UNSET:
            field_dict["companyId"] = company_id
        if customer_id is not UNSET:
            field_dict["customerId"] = customer_id
        if customer_no is not UNSET:
            field_dict["customerNo"] = customer_no
        if account_name is not UNSET:
            field_dict["accountName"] = account_name
        if trade_id is not UNSET:
            field_dict["tradeId"] = trade_id
        if client_order_id is not UNSET:
            field_dict["clientOrderId"] = client_order_id
        if execute_num is not UNSET:
            field_dict["executeNum"] = execute_num
        if execute_price is not UNSET:
            field_dict["executePrice"] = execute_price
        if execute_time is not UNSET:
            field_dict["executeTime"] = execute_time
        if symbol_id is not UNSET:
            field_dict["symbolId"] = symbol_id
        if commission is not UNSET:
            field_dict["commission"] = commission
        if commission_currency is not UNSET:
            field_dict["commissionCurrency"] = commission_currency
        if remark is not UNSET:
            field_dict["remark"] = remark

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        order_id = d.pop("orderId")

        status = d.pop("status")

        type_ = d.pop("type", UNSET)

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
            type_=type_,
            exchange_id=exchange_id,
            trade_type=trade_type,
            company_id=company_id,
            customer_id=customer_id,
            customer_no=customer_no,
            account_name=account_name,
            trade_id=trade_id,
            client_order_id=client_order_id,
            execute_num=execute_num,
            execute_price=execute_price,
            execute_time=execute_time,
            symbol_id=symbol_id,
            commission=commission,
            commission_currency=commission_currency,
            remark=remark,
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
