from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from multimarkets_bridge_core.records import JsonValue


T = TypeVar("T", bound="UserAmount")


@_attrs_define
class UserAmount:
    """Balance reply (camelCase members).

    Attributes:
        user_name (str):
        currency (str):
        amount (str): Balance as a decimal string.
        amount_digits (int): Decimal places of amount.
    """

    user_name: str
    currency: str
    amount: str
    amount_digits: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, JsonValue]:
        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        user_name = self.user_name
        field_dict["userName"] = user_name
        currency = self.currency
        field_dict["currency"] = currency
        amount = self.amount
        field_dict["amount"] = amount
        amount_digits = self.amount_digits
        field_dict["amountDigits"] = amount_digits

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        user_name = d.pop("userName")

        currency = d.pop("currency")

        amount = d.pop("amount")

        amount_digits = d.pop("amountDigits")

        user_amount = cls(
            user_name=user_name,
            currency=currency,
            amount=amount,
            amount_digits=amount_digits,
        )

        user_amount.additional_properties = d
        return user_amount

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
