from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from multimarkets_bridge_core.records import JsonValue


T = TypeVar("T", bound="CompanyCurrency")


@_attrs_define
class CompanyCurrency:
    """
    Attributes:
        code (str | None):
        name (str | None):
        display_name (None | str):
        digits (int | None):
        type_ (int | None):
        status (int | None):
        init_state (int | None):
        fund_id (int | None):
        id (int | None):
        revision (int | None):
        create_by (None | str):
        create_time (int | None): Epoch ms.
        update_by (None | str):
        update_time (int | None): Epoch ms.
    """

    code: str | None = None
    name: str | None = None
    display_name: None | str = None
    digits: int | None = None
    type_: int | None = None
    status: int | None = None
    init_state: int | None = None
    fund_id: int | None = None
    id: int | None = None
    revision: int | None = None
    create_by: None | str = None
    create_time: int | None = None
    update_by: None | str = None
    update_time: int | None = None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, JsonValue]:
        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        if self.code is not None:
            code = self.code
            field_dict["code"] = code
        if self.name is not None:
            name = self.name
            field_dict["name"] = name
        if self.display_name is not None:
            display_name: None | str
            display_name = self.display_name
            field_dict["displayName"] = display_name
        if self.digits is not None:
            digits: int | None
            digits = self.digits
            field_dict["digits"] = digits
        if self.type_ is not None:
            type_ = self.type_
            field_dict["type"] = type_
        if self.status is not None:
            status = self.status
            field_dict["status"] = status
        if self.init_state is not None:
            init_state: int | None
            init_state = self.init_state
            field_dict["initState"] = init_state
        if self.fund_id is not None:
            fund_id: int | None
            fund_id = self.fund_id
            field_dict["fundId"] = fund_id
        if self.id is not None:
            id = self.id
            field_dict["id"] = id
        if self.revision is not None:
            revision = self.revision
            field_dict["revision"] = revision
        if self.create_by is not None:
            create_by: None | str
            create_by = self.create_by
            field_dict["createBy"] = create_by
        if self.create_time is not None:
            create_time: int | None
            create_time = self.create_time
            field_dict["createTime"] = create_time
        if self.update_by is not None:
            update_by: None | str
            update_by = self.update_by
            field_dict["updateBy"] = update_by
        if self.update_time is not None:
            update_time: int | None
            update_time = self.update_time
            field_dict["updateTime"] = update_time

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        code = d.pop("code", UNSET)

        name = d.pop("name", UNSET)

        def _parse_display_name(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        display_name = _parse_display_name(d.pop("displayName", UNSET))

        def _parse_digits(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        digits = _parse_digits(d.pop("digits", UNSET))

        type_ = d.pop("type", UNSET)

        status = d.pop("status", UNSET)

        def _parse_init_state(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        init_state = _parse_init_state(d.pop("initState", UNSET))

        def _parse_fund_id(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        fund_id = _parse_fund_id(d.pop("fundId", UNSET))

        id = d.pop("id", UNSET)

        revision = d.pop("revision", UNSET)

        def _parse_create_by(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        create_by = _parse_create_by(d.pop("createBy", UNSET))

        def _parse_create_time(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        create_time = _parse_create_time(d.pop("createTime", UNSET))

        def _parse_update_by(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        update_by = _parse_update_by(d.pop("updateBy", UNSET))

        def _parse_update_time(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        update_time = _parse_update_time(d.pop("updateTime", UNSET))

        company_currency = cls(
            code=None if isinstance(code, Unset) else code,
            name=None if isinstance(name, Unset) else name,
            display_name=None if isinstance(display_name, Unset) else display_name,
            digits=None if isinstance(digits, Unset) else digits,
            type_=None if isinstance(type_, Unset) else type_,
            status=None if isinstance(status, Unset) else status,
            init_state=None if isinstance(init_state, Unset) else init_state,
            fund_id=None if isinstance(fund_id, Unset) else fund_id,
            id=None if isinstance(id, Unset) else id,
            revision=None if isinstance(revision, Unset) else revision,
            create_by=None if isinstance(create_by, Unset) else create_by,
            create_time=None if isinstance(create_time, Unset) else create_time,
            update_by=None if isinstance(update_by, Unset) else update_by,
            update_time=None if isinstance(update_time, Unset) else update_time,
        )

        company_currency.additional_properties = d
        return company_currency

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
