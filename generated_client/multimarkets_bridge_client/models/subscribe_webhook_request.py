from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from multimarkets_bridge_core.records import JsonValue


T = TypeVar("T", bound="SubscribeWebhookRequest")


@_attrs_define
class SubscribeWebhookRequest:
    """
    Attributes:
        api_key (str): The apiKey whose notifications are delivered.
        webhook_url (str): HTTPS URL that receives the notifications. Example: https://broker.example.com/hooks/bridge.
    """

    api_key: str
    webhook_url: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, JsonValue]:
        api_key = self.api_key

        webhook_url = self.webhook_url

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "apiKey": api_key,
                "webhookUrl": webhook_url,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        api_key = d.pop("apiKey")

        webhook_url = d.pop("webhookUrl")

        subscribe_webhook_request = cls(
            api_key=api_key,
            webhook_url=webhook_url,
        )

        subscribe_webhook_request.additional_properties = d
        return subscribe_webhook_request

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
