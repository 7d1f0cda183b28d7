from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from multimarkets_bridge_core.records import JsonValue


T = TypeVar("T", bound="DictionaryEntry")


@_attrs_define
class DictionaryEntry:
    """
    Attributes:
        parent_id (int | None):
        id (int | None):
        name (str | None):
        display_name (str | None):
        code (str | None):
        parent_code (str | None):
        sort (int | None):
        show_type (str | None):
        extend (str | None):
        status (int | None):
        create_time (int | None):
        update_time (int | None):
        has_leaf (int | None):
    """

    parent_id: int | None = None
    id: int | None = None
    name: str | None = None
    display_name: str | None = None
    code: str | None = None
    parent_code: str | None = None
    sort: int | None = None
    show_type: str | None = None
    extend: str | None = None
    status: int | None = None
    create_time: int | None = None
    update_time: int | None = None
    has_leaf: int | None = None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, JsonValue]:
        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        if self.parent_id is not None:
            parent_id = self.parent_id
            field_dict["parentId"] = parent_id
        if self.id is not None:
            id = self.id
            field_dict["id"] = id
        if self.name is not None:
            name = self.name
            field_dict["name"] = name
        if self.display_name is not None:
            display_name = self.display_name
            field_dict["displayName"] = display_name
        if self.code is not None:
            code = self.code
            field_dict["code"] = code
        if self.parent_code is not None:
            parent_code = self.parent_code
            field_dict["parentCode"] = parent_code
        if self.sort is not None:
            sort = self.sort
            field_dict["sort"] = sort
        if self.show_type is not None:
            show_type = self.show_type
            field_dict["showType"] = show_type
        if self.extend is not None:
            extend = self.extend
            field_dict["extend"] = extend
        if self.status is not None:
            status = self.status
            field_dict["status"] = status
        if self.create_time is not None:
            create_time = self.create_time
            field_dict["createTime"] = create_time
        if self.update_time is not None:
            update_time = self.update_time
            field_dict["updateTime"] = update_time
        if self.has_leaf is not None:
            has_leaf = self.has_leaf
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
            parent_id=None if isinstance(parent_id, Unset) else parent_id,
            id=None if isinstance(id, Unset) else id,
            name=None if isinstance(name, Unset) else name,
            display_name=None if isinstance(display_name, Unset) else display_name,
            code=None if isinstance(code, Unset) else code,
            parent_code=None if isinstance(parent_code, Unset) else parent_code,
            sort=None if isinstance(sort, Unset) else sort,
            show_type=None if isinstance(show_type, Unset) else show_type,
            extend=None if isinstance(extend, Unset) else extend,
            status=None if isinstance(status, Unset) else status,
            create_time=None if isinstance(create_time, Unset) else create_time,
            update_time=None if isinstance(update_time, Unset) else update_time,
            has_leaf=None if isinstance(has_leaf, Unset) else has_leaf,
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
