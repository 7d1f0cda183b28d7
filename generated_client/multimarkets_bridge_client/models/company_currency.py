from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="CompanyCurrency")


@_attrs_define
class CompanyCurrency:
    """
    Attributes:
        code (str | Unset):
        name (str | Unset):
        display_name (None | str | Unset):
        digits (int | None | Unset):
        type_ (int | Unset):
        status (int | Unset):
        init_state (int | None | Unset):
        fund_id (int | None | Unset):
        id (int | Unset):
        revision (int | Unset):
        create_by (None | str | Unset):
        create_time (int | None | Unset): Epoch ms.
        update_by (None | str | Unset):
        update_time (int | None | Unset): Epoch ms.
    """

    code: str | Unset = UNSET
    name: str | Unset = UNSET
    display_name: None | str | Unset = UNSET
    digits: int | None | Unset = UNSET
    type_: int | Unset = UNSET
    status: int | Unset = UNSET
    init_state: int | None | Unset = UNSET
    fund_id: int | None | Unset = UNSET
    id: int | Unset = UNSET
    revision: int | Unset = UNSET
    create_by: None | str | Unset = UNSET
    create_time: int | None | Unset = UNSET
    update_by: None | str | Unset = UNSET
    update_time: int | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        code = self.code

        name = self.name

        display_name: None | str | Unset
        if isinstance(self.display_name, Unset):
            display_name = UNSET
        else:
            display_name = self.display_name

        digits: int | None | Unset
        if isinstance(self.digits, Unset):
            digits = UNSET
        else:
            digits = self.digits

        type_ = self.type_

        status = self.status

        init_state: int | None | Unset
        if isinstance(self.init_state, Unset):
            init_state = UNSET
        else:
            init_state = self.init_state

        fund_id: int | None | Unset
        if isinstance(self.fund_id, Unset):
            fund_id = UNSET
        else:
            fund_id = self.fund_id

        id = self.id

        revision = self.revision

        create_by: None | str | Unset
        if isinstance(self.create_by, Unset):
            create_by = UNSET
        else:
            create_by = self.create_by

        create_time: int | None | Unset
        if isinstance(self.create_time, Unset):
            create_time = UNSET
        else:
            create_time = self.create_time

        update_by: None | str | Unset
        if isinstance(self.update_by, Unset):
            update_by = UNSET
        else:
            update_by = self.update_by

        update_time: int | None | Unset
        if isinstance(self.update_time, Unset):
            update_time = UNSET
        else:
            update_time = self.update_time

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if code is not UNSET:
            field_dict["code"] = code
        if name is not UNSET:
            field_dict["name"] = name
        if display_name is not UNSET:
            field_dict["displayName"] = display_name
        if digits is not UNSET:
            field_dict["digits"] = digits
        if type_ is not UNSET:
            field_dict["type"] = type_
        if status is not UNSET:
            field_dict["status"] = status
        if init_state is not UNSET:
            field_dict["initState"] = init_state
        if fund_id is not UNSET:
            field_dict["fundId"] = fund_id
        if id is not UNSET:
            field_dict["id"] = id
        if revision is not UNSET:
            field_dict["revision"] = revision
        if create_by is not UNSET:
            field_dict["createBy"] = create_by
        if create_time is not UNSET:
            field_dict["createTime"] = create_time
        if update_by is not UNSET:
            field_dict["updateBy"] = update_by
        if update_time is not UNSET:
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
            code=code,
            name=name,
            display_name=display_name,
            digits=digits,
            type_=type_,
            status=status,
            init_state=init_state,
            fund_id=fund_id,
            id=id,
            revision=revision,
            create_by=create_by,
            create_time=create_time,
            update_by=update_by,
            update_time=update_time,
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
