from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from multimarkets_bridge_core.records import JsonValue


T = TypeVar("T", bound="HolidayTime")


@_attrs_define
class HolidayTime:
    """A holiday of a product.

    Attributes:
        start_time (int | None): Epoch ms.
        end_time (int | None): Epoch ms.
    """

    start_time: int | None = None
    end_time: int | None = None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, JsonValue]:
        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        if self.start_time is not None:
            start_time = self.start_time
            field_dict["startTime"] = start_time
        if self.end_time is not None:
            end_time = self.end_time
            field_dict["endTime"] = end_time

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        start_time = d.pop("startTime", UNSET)

        end_time = d.pop("endTime", UNSET)

        holiday_time = cls(
            start_time=None if isinstance(start_time, Unset) else start_time,
            end_time=None if isinstance(end_time, Unset) else end_time,
        )

        holiday_time.additional_properties = d
        return holiday_time

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
