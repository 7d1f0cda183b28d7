from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.subscribe_webhook_response_data import SubscribeWebhookResponseData
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from multimarkets_bridge_core.records import JsonValue


T = TypeVar("T", bound="SubscribeWebhookResponse")


@_attrs_define
class SubscribeWebhookResponse:
    """
    Attributes:
        msg (str): Message text; may contain %s placeholders filled from msgParams.
        code (str): "0": the call succeeded.
        data (SubscribeWebhookResponseData): The string "true" on success (a boolean in the notification
            acknowledgement).
        biz_code (str | None): Module that produced the answer; may be empty.
        tm (int | None): Server processing time in ms (a duration, not a clock).
        trace (str | None): Echo of the request trace header.
        msg_params (None | str): Comma-separated values for the %s placeholders of msg.
        ok (bool | None): true on success.
        fail (bool | None): false on success.
    """

    msg: str
    code: str
    data: SubscribeWebhookResponseData
    biz_code: str | None = None
    tm: int | None = None
    trace: str | None = None
    msg_params: None | str = None
    ok: bool | None = None
    fail: bool | None = None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, JsonValue]:
        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        msg = self.msg
        field_dict["msg"] = msg
        code = self.code
        field_dict["code"] = code
        data = self.data.value
        field_dict["data"] = data
        if self.biz_code is not None:
            biz_code = self.biz_code
            field_dict["bizCode"] = biz_code
        if self.tm is not None:
            tm = self.tm
            field_dict["tm"] = tm
        if self.trace is not None:
            trace = self.trace
            field_dict["trace"] = trace
        if self.msg_params is not None:
            msg_params: None | str
            msg_params = self.msg_params
            field_dict["msgParams"] = msg_params
        if self.ok is not None:
            ok = self.ok
            field_dict["ok"] = ok
        if self.fail is not None:
            fail = self.fail
            field_dict["fail"] = fail

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        msg = d.pop("msg")

        code = d.pop("code")

        data = SubscribeWebhookResponseData(d.pop("data"))

        biz_code = d.pop("bizCode", UNSET)

        tm = d.pop("tm", UNSET)

        trace = d.pop("trace", UNSET)

        def _parse_msg_params(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        msg_params = _parse_msg_params(d.pop("msgParams", UNSET))

        ok = d.pop("ok", UNSET)

        fail = d.pop("fail", UNSET)

        subscribe_webhook_response = cls(
            msg=msg,
            code=code,
            data=data,
            biz_code=None if isinstance(biz_code, Unset) else biz_code,
            tm=None if isinstance(tm, Unset) else tm,
            trace=None if isinstance(trace, Unset) else trace,
            msg_params=None if isinstance(msg_params, Unset) else msg_params,
            ok=None if isinstance(ok, Unset) else ok,
            fail=None if isinstance(fail, Unset) else fail,
        )

        subscribe_webhook_response.additional_properties = d
        return subscribe_webhook_response

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
