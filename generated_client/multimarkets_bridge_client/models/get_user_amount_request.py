from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from multimarkets_bridge_core.records import JsonValue


T = TypeVar("T", bound="GetUserAmountRequest")


@_attrs_define
class GetUserAmountRequest:
    """
    Attributes:
        third_server_code (str): Customer id in the external system.
        user_name (str): User id on the platform.
        currency (str): ISO 3-letter currency.
    """

    third_server_code: str
    user_name: str
    currency: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, JsonValue]:
        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        third_server_code = self.third_server_code
        field_dict["thirdServerCode"] = third_server_code
        user_name = self.user_name
        field_dict["userName"] = user_name
        currency = self.currency
        field_dict["currency"] = currency

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        third_server_code = d.pop("thirdServerCode")

        user_name = d.pop("userName")

        currency = d.pop("currency")

        get_user_amount_request = cls(
            third_server_code=third_server_code,
            user_name=user_name,
            currency=currency,
        )

        get_user_amount_request.additional_properties = d
        return get_user_amount_request

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
