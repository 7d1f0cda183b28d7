from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="DictionaryEntry")


@_attrs_define
class DictionaryEntry:
    """
    Attributes:
        parent_id (int | Unset):
        id (int | Unset):
        name (str | Unset):
        display_name (str | Unset):
        code (str | Unset):
        parent_code (str | Unset):
        sort (int | Unset):
        show_type (str | Unset):
        extend (str | Unset):
        status (int | Unset):
        create_time (int | Unset):
        update_time (int | Unset):
        has_leaf (int | Unset):
    """

    parent_id: int | Unset = UNSET
    id: int | Unset = UNSET
    name: str | Unset = UNSET
    display_name: str | Unset = UNSET
    code: str | Unset = UNSET
    parent_code: str | Unset = UNSET
    sort: int | Unset = UNSET
    show_type: str | Unset = UNSET
    extend: str | Unset = UNSET
    status: int | Unset = UNSET
    create_time: int | Unset = UNSET
    update_time: int | Unset = UNSET
    has_leaf: int | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        parent_id = self.parent_id

        id = self.id

        name = self.name

        display_name = self.display_name

        code = self.code

        parent_code = self.parent_code

        sort = self.sort

        show_type = self.show_type

        extend = self.extend

        status = self.status

        create_time = self.create_time

        update_time = self.update_time

        has_leaf = self.has_leaf

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if parent_id is not UNSET:
            field_dict["parentId"] = parent_id
        if id is not UNSET:
            field_dict["id"] = id
        if name is not UNSET:
            field_dict["name"] = name
        if display_name is not UNSET:
            field_dict["displayName"] = display_name
        if code is not UNSET:
            field_dict["code"] = code
        if parent_code is not UNSET:
            field_dict["parentCode"] = parent_code
        if sort is not UNSET:
            field_dict["sort"] = sort
        if show_type is not UNSET:
            field_dict["showType"] = show_type
        if extend is not UNSET:
            field_dict["extend"] = extend
        if status is not UNSET:
            field_dict["status"] = status
        if create_time is not UNSET:
            field_dict["createTime"] = create_time
        if update_time is not UNSET:
            field_dict["updateTime"] = update_time
        if has_leaf is not UNSET:
            field_dict["hasLeaf"] = has_leaf

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        parent_id = d.pop("parentId", UNSET)

        id = d.pop("id", UNSET)

        name = d.pop("name", UNSET)

        display_name = d.pop("displayName", UNSET)

        code = d.pop("code", UNSET)

        parent_code = d.pop("parentCode", UNSET)

        sort = d.pop("sort", UNSET)

        show_type = d.pop("showType", UNSET)

        extend = d.pop("extend", UNSET)

        status = d.pop("status", UNSET)

        create_time = d.pop("createTime", UNSET)

        update_time = d.pop("updateTime", UNSET)

        has_leaf = d.pop("hasLeaf", UNSET)

        dictionary_entry = cls(
            parent_id=parent_id,
            id=id,
            name=name,
            display_name=display_name,
            code=code,
            parent_code=parent_code,
            sort=sort,
            show_type=show_type,
            extend=extend,
            status=status,
            create_time=create_time,
            update_time=update_time,
            has_leaf=has_leaf,
        )

        dictionary_entry.additional_properties = d
        return dictionary_entry

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
