from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from multimarkets_bridge_core.records import JsonValue

    from ..models.exchange_account import ExchangeAccount


T = TypeVar("T", bound="ExchangeAccountPage")


@_attrs_define
class ExchangeAccountPage:
    """
    Attributes:
        current (int): Page number (1-based).
        size (int): Page size.
        total (int): Number of matching records over all pages.
        records (list[ExchangeAccount]):
    """

    current: int
    size: int
    total: int
    records: list[ExchangeAccount]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, JsonValue]:
        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        current = self.current
        field_dict["current"] = current
        size = self.size
        field_dict["size"] = size
        total = self.total
        field_dict["total"] = total
        records = []
        for records_item_data in self.records:
            records_item = records_item_data.to_dict()
            records.append(records_item)

        field_dict["records"] = records

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.exchange_account import ExchangeAccount  # noqa: PLC0415

        d = dict(src_dict)
        current = d.pop("current")

        size = d.pop("size")

        total = d.pop("total")

        records = []
        _records = d.pop("records")
        for records_item_data in _records:
            records_item = ExchangeAccount.from_dict(records_item_data)

            records.append(records_item)

        exchange_account_page = cls(
            current=current,
            size=size,
            total=total,
            records=records,
        )

        exchange_account_page.additional_properties = d
        return exchange_account_page

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
