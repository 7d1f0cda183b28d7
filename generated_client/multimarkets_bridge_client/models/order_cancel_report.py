from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from multimarkets_bridge_core.records import JsonValue


T = TypeVar("T", bound="OrderCancelReport")


@_attrs_define
class OrderCancelReport:
    """ORDER_CANCEL_REPORT - the platform accepted the customer's cancel request.

    Attributes:
        type_ (str | None):
        exchange_id (str | None):
        trade_type (int | None):
        company_id (int | None):
        customer_id (int | None):
        customer_no (str | None):
        account_name (str | None):
        order_id (str | None):
        client_order_id (None | str):
        remark (None | str):
    """

    type_: str | None = None
    exchange_id: str | None = None
    trade_type: int | None = None
    company_id: int | None = None
    customer_id: int | None = None
    customer_no: str | None = None
    account_name: str | None = None
    order_id: str | None = None
    client_order_id: None | str = None
    remark: None | str = None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, JsonValue]:
        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        if self.type_ is not None:
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
        if self.order_id is not None:
            order_id = self.order_id
            field_dict["orderId"] = order_id
        if self.client_order_id is not None:
            client_order_id: None | str
            client_order_id = self.client_order_id
            field_dict["clientOrderId"] = client_order_id
        if self.remark is not None:
            remark: None | str
            remark = self.remark
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

        order_cancel_report = cls(
            type_=None if isinstance(type_, Unset) else type_,
            exchange_id=None if isinstance(exchange_id, Unset) else exchange_id,
            trade_type=None if isinstance(trade_type, Unset) else trade_type,
            company_id=None if isinstance(company_id, Unset) else company_id,
            customer_id=None if isinstance(customer_id, Unset) else customer_id,
            customer_no=None if isinstance(customer_no, Unset) else customer_no,
            account_name=None if isinstance(account_name, Unset) else account_name,
            order_id=None if isinstance(order_id, Unset) else order_id,
            client_order_id=None if isinstance(client_order_id, Unset) else client_order_id,
            remark=None if isinstance(remark, Unset) else remark,
        )

        order_cancel_report.additional_properties = d
        return order_cancel_report

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
