from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field
from multimarkets_bridge_core.money import WireDecimal, decimal_text, parse_decimal

if TYPE_CHECKING:
    from multimarkets_bridge_core.records import JsonValue


T = TypeVar("T", bound="Balance")


@_attrs_define
class Balance:
    """
    Attributes:
        currency (str): Asset code.
        balance (WireDecimal): Balance as a decimal string (free amount assumed).
        locked (WireDecimal): Locked amount as a decimal string.
    """

    currency: str
    balance: WireDecimal
    locked: WireDecimal
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, JsonValue]:
        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        currency = self.currency
        field_dict["currency"] = currency
        if self.balance is not None:
            field_dict["balance"] = decimal_text(self.balance)
        if self.locked is not None:
            field_dict["locked"] = decimal_text(self.locked)

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        currency = d.pop("currency")

        balance = d.pop("balance")

        locked = d.pop("locked")

        balance = cls(
            currency=currency,
            balance=parse_decimal(balance),
            locked=parse_decimal(locked),
        )

        balance.additional_properties = d
        return balance

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
