from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from multimarkets_bridge_core.records import JsonValue


T = TypeVar("T", bound="ListCustomersRequest")


@_attrs_define
class ListCustomersRequest:
    """
    Attributes:
        customer_no (str | Unset): Only the customer with this number.
        current (str | Unset): Page number as decimal digits (sibling default 1).
        size (str | Unset): Page size as decimal digits (sibling default 20, batch max 2000).
    """

    customer_no: str | Unset = UNSET
    current: str | Unset = UNSET
    size: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, JsonValue]:
        customer_no = self.customer_no

        current = self.current

        size = self.size

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if customer_no is not UNSET:
            field_dict["customerNo"] = customer_no
        if current is not UNSET:
            field_dict["current"] = current
        if size is not UNSET:
            field_dict["size"] = size

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        customer_no = d.pop("customerNo", UNSET)

        current = d.pop("current", UNSET)

        size = d.pop("size", UNSET)

        list_customers_request = cls(
            customer_no=customer_no,
            current=current,
            size=size,
        )

        list_customers_request.additional_properties = d
        return list_customers_request

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
