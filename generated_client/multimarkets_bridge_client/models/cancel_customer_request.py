from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from multimarkets_bridge_core.records import JsonValue


T = TypeVar("T", bound="CancelCustomerRequest")


@_attrs_define
class CancelCustomerRequest:
    """
    Attributes:
        customer_no (str): Customer number.
        remark (str): Reason for the closure.
        is_auto (bool | Unset): Close without back-office approval. Default: False.
    """

    customer_no: str
    remark: str
    is_auto: bool | Unset = False
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, JsonValue]:
        customer_no = self.customer_no

        remark = self.remark

        is_auto = self.is_auto

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "customerNo": customer_no,
                "remark": remark,
            }
        )
        if is_auto is not UNSET:
            field_dict["isAuto"] = is_auto

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        customer_no = d.pop("customerNo")

        remark = d.pop("remark")

        is_auto = d.pop("isAuto", UNSET)

        cancel_customer_request = cls(
            customer_no=customer_no,
            remark=remark,
            is_auto=is_auto,
        )

        cancel_customer_request.additional_properties = d
        return cancel_customer_request

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
