from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.customer_detail_type import CustomerDetailType

if TYPE_CHECKING:
    from multimarkets_bridge_core.records import JsonValue


T = TypeVar("T", bound="GetCustomerDetailsRequest")


@_attrs_define
class GetCustomerDetailsRequest:
    """
    Attributes:
        type_ (CustomerDetailType): Section of the customer record to return; the Bridge page allows baseInfo only.
        customer_no (str): Customer number.
    """

    type_: CustomerDetailType
    customer_no: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, JsonValue]:
        type_ = self.type_.value

        customer_no = self.customer_no

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "type": type_,
                "customerNo": customer_no,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        type_ = CustomerDetailType(d.pop("type"))

        customer_no = d.pop("customerNo")

        get_customer_details_request = cls(
            type_=type_,
            customer_no=customer_no,
        )

        get_customer_details_request.additional_properties = d
        return get_customer_details_request

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
