from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from multimarkets_bridge_core.records import JsonValue


T = TypeVar("T", bound="TradeTime")


@_attrs_define
class TradeTime:
    """A weekly trading session of a product.

    Attributes:
        day_of_week (int | None): 1 = Monday ... 7 = Sunday.
        start_time (int | None): Seconds into the day.
        end_time (int | None): Seconds into the day.
    """

    day_of_week: int | None = None
    start_time: int | None = None
    end_time: int | None = None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, JsonValue]:
        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        if self.day_of_week is not None:
            day_of_week = self.day_of_week
            field_dict["dayOfWeek"] = day_of_week
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
        day_of_week = d.pop("dayOfWeek", UNSET)

        start_time = d.pop("startTime", UNSET)

        end_time = d.pop("endTime", UNSET)

        trade_time = cls(
            day_of_week=None if isinstance(day_of_week, Unset) else day_of_week,
            start_time=None if isinstance(start_time, Unset) else start_time,
            end_time=None if isinstance(end_time, Unset) else end_time,
        )

        trade_time.additional_properties = d
        return trade_time

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
