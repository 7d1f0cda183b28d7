from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.exchange_account_page import ExchangeAccountPage


T = TypeVar("T", bound="ListExchangeAccountsResponse")


@_attrs_define
class ListExchangeAccountsResponse:
    """The page's only example carries no `data`; the page shape is inferred, so `data` is optional.

    Attributes:
        code (str): "0" on success; any other value is an error code.
        msg (str): Message text; may contain %s placeholders filled from msgParams.
        biz_code (str | Unset): Module that produced the answer; may be empty.
        tm (int | Unset): Server processing time in ms (a duration, not a clock).
        trace (str | Unset): Echo of the request trace header.
        msg_params (None | str | Unset): Comma-separated values for the %s placeholders of msg.
        ok (bool | Unset): true on success.
        fail (bool | Unset): true on failure.
        data (ExchangeAccountPage | Unset):
    """

    code: str
    msg: str
    biz_code: str | Unset = UNSET
    tm: int | Unset = UNSET
    trace: str | Unset = UNSET
    msg_params: None | str | Unset = UNSET
    ok: bool | Unset = UNSET
    fail: bool | Unset = UNSET
    data: ExchangeAccountPage | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        code = self.code

        msg = self.msg

        biz_code = self.biz_code

        tm = self.tm

        trace = self.trace

        msg_params: None | str | Unset
        if isinstance(self.msg_params, Unset):
            msg_params = UNSET
        else:
            msg_params = self.msg_params

        ok = self.ok

        fail = self.fail

        data: dict[str, Any] | Unset = UNSET
        if not isinstance(self.data, Unset):
            data = self.data.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "code": code,
                "msg": msg,
            }
        )
        if biz_code is not UNSET:
            field_dict["bizCode"] = biz_code
        if tm is not UNSET:
            field_dict["tm"] = tm
        if trace is not UNSET:
            field_dict["trace"] = trace
        if msg_params is not UNSET:
            field_dict["msgParams"] = msg_params
        if ok is not UNSET:
            field_dict["ok"] = ok
        if fail is not UNSET:
            field_dict["fail"] = fail
        if data is not UNSET:
            field_dict["data"] = data

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.exchange_account_page import ExchangeAccountPage  # noqa: PLC0415

        d = dict(src_dict)
        code = d.pop("code")

        msg = d.pop("msg")

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

        _data = d.pop("data", UNSET)
        data: ExchangeAccountPage | Unset
        if isinstance(_data, Unset):
            data = UNSET
        else:
            data = ExchangeAccountPage.from_dict(_data)

        list_exchange_accounts_response = cls(
            code=code,
            msg=msg,
            biz_code=biz_code,
            tm=tm,
            trace=trace,
            msg_params=msg_params,
            ok=ok,
            fail=fail,
            data=data,
        )

        list_exchange_accounts_response.additional_properties = d
        return list_exchange_accounts_response

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
