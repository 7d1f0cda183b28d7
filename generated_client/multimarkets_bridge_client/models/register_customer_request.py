from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.register_source import RegisterSource
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from multimarkets_bridge_core.records import JsonValue


T = TypeVar("T", bound="RegisterCustomerRequest")


@_attrs_define
class RegisterCustomerRequest:
    """Registration body - a phone login, an email login, or both.

    Attributes:
        pwd (str): Login password as the MD5 hex digest of the plain text (a123456 -> dc483e80a7a0bd9ef71d8cf973673924).
            Example: dc483e80a7a0bd9ef71d8cf973673924.
        country (str): Country code, e.g. CN (bad value: USCUSTOMER_API_0000507). Example: CN.
        register_source (RegisterSource): Channel a customer registered through.
        customer_group_id (int): Customer group id; 1 = default group. The page types it number; the platform wants an
            integer (int64 on every other page). Example: 1.
        phone (str | Unset): Mobile number used as login account (bad format: USCUSTOMER_API_0000504). Example:
            13200000092.
        email (str | Unset): Email address used as login account (bad format: USCUSTOMER_API_0000510). Example:
            user@example.com.
        phone_area (str | Unset): Mobile area code. Default: '+86'.
        email_area (str | Unset): Area code stored with an email account. Default: '+86'.
        remark (str | Unset): Free remark.
    """

    pwd: str
    country: str
    register_source: RegisterSource
    customer_group_id: int
    phone: str | Unset = UNSET
    email: str | Unset = UNSET
    phone_area: str | Unset = "+86"
    email_area: str | Unset = "+86"
    remark: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, JsonValue]:
        pwd = self.pwd

        country = self.country

        register_source = self.register_source.value

        customer_group_id = self.customer_group_id

        phone = self.phone

        email = self.email

        phone_area = self.phone_area

        email_area = self.email_area

        remark = self.remark

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "pwd": pwd,
                "country": country,
                "registerSource": register_source,
                "customerGroupId": customer_group_id,
            }
        )
        if phone is not UNSET:
            field_dict["phone"] = phone
        if email is not UNSET:
            field_dict["email"] = email
        if phone_area is not UNSET:
            field_dict["phoneArea"] = phone_area
        if email_area is not UNSET:
            field_dict["emailArea"] = email_area
        if remark is not UNSET:
            field_dict["remark"] = remark

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        pwd = d.pop("pwd")

        country = d.pop("country")

        register_source = RegisterSource(d.pop("registerSource"))

        customer_group_id = d.pop("customerGroupId")

        phone = d.pop("phone", UNSET)

        email = d.pop("email", UNSET)

        phone_area = d.pop("phoneArea", UNSET)

        email_area = d.pop("emailArea", UNSET)

        remark = d.pop("remark", UNSET)

        register_customer_request = cls(
            pwd=pwd,
            country=country,
            register_source=register_source,
            customer_group_id=customer_group_id,
            phone=phone,
            email=email,
            phone_area=phone_area,
            email_area=email_area,
            remark=remark,
        )

        register_customer_request.additional_properties = d
        return register_customer_request

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
