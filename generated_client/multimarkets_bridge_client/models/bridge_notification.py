from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from multimarkets_bridge_core.records import JsonValue


T = TypeVar("T", bound="BridgeNotification")


@_attrs_define
class BridgeNotification:
    """
    Attributes:
        msg_type (str): Message family; "trade" is the only documented value (examples show "text").
        content (str): The message as a string (JSON text of one report, see x-content-encoding).
    """

    msg_type: str
    content: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, JsonValue]:
        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        msg_type = self.msg_type
        field_dict["msgType"] = msg_type
        content = self.content
        field_dict["content"] = content

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        msg_type = d.pop("msgType")

        content = d.pop("content")

        bridge_notification = cls(
            msg_type=msg_type,
            content=content,
        )

        bridge_notification.additional_properties = d
        return bridge_notification

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
