from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="OrderExpiredReport")


@_attrs_define
class OrderExpiredReport:
    """ORDER_EXPIRED_REPORT - cancelled by platform rules. Only the fields up to customerId are published.

    Attributes:
        type_ (str | Unset):
        exchange_id (str | Unset):
        trade_type (int | Unset):
        company_id (int | Unset):
        customer_id (int | None | Unset):
        customer_no (str | Unset):
        account_name (str | Unset):
        order_id (str | Unset):
        client_order_id (None | str | Unset):
        remark (None | str | Unset):
    """

    type_: str | Unset = UNSET
    exchange_id: str | Unset = UNSET
    trade_type: int | Unset = UNSET
    company_id: int | Unset = UNSET
    customer_id: int | None | Unset = UNSET
    customer_no: str | Unset = UNSET
    account_name: str | Unset = UNSET
    order_id: str | Unset = UNSET
    client_order_id: None | str | Unset = UNSET
    remark: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
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

        order_id = self.order_id

        client_order_id: None | str | Unset
        if isinstance(self.client_order_id, Unset):
            client_order_id = UNSET
        else:
            client_order_id = self.client_order_id

        remark: None | str | Unset
        if isinstance(self.remark, Unset):
            remark = UNSET
        else:
            remark = self.remark

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
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
        if order_id is not UNSET:
            field_dict["orderId"] = order_id
        if client_order_id is not UNSET:
            field_dict["clientOrderId"] = client_order_id
        if remark is not UNSET:
            field_dict["remark"] = remark

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
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

        order_id = d.pop("orderId", UNSET)

        def _parse_client_order_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        client_order_id = _parse_client_order_id(d.pop("clientOrderId", UNSET))

        def _parse_remark(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        remark = _parse_remark(d.pop("remark", UNSET))

        order_expired_report = cls(
            type_=type_,
            exchange_id=exchange_id,
            trade_type=trade_type,
            company_id=company_id,
            customer_id=customer_id,
            customer_no=customer_no,
            account_name=account_name,
            order_id=order_id,
            client_order_id=client_order_id,
            remark=remark,
        )

        order_expired_report.additional_properties = d
        return order_expired_report

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
