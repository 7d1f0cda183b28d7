from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from multimarkets_bridge_core.records import JsonValue


T = TypeVar("T", bound="ExchangeAccount")


@_attrs_define
class ExchangeAccount:
    """A linked exchange account. Not published: fields from the older UTGL export plus `id` (needed by
    Update account) and `isTest`. Secrets are assumed not to be returned.

        Attributes:
            id (str | None): Record id used by update/delete.
            company_id (str | None):
            customer_id (str | None):
            customer_no (str | None):
            exchange_code (str | None):
            account_type (str | None):
            account_name (str | None):
            api_key (str | None): Exchange API key (possibly masked).
            is_test (int | None):
    """

    id: str | None = None
    company_id: str | None = None
    customer_id: str | None = None
    customer_no: str | None = None
    exchange_code: str | None = None
    account_type: str | None = None
    account_name: str | None = None
    api_key: str | None = None
    is_test: int | None = None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, JsonValue]:
        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        if self.id is not None:
            id = self.id
            field_dict["id"] = id
        if self.company_id is not None:
            company_id = self.company_id
            field_dict["companyId"] = company_id
        if self.customer_id is not None:
            customer_id = self.customer_id
            field_dict["customerId"] = customer_id
        if self.customer_no is not None:
            customer_no = self.customer_no
            field_dict["customerNo"] = customer_no
        if self.exchange_code is not None:
            exchange_code = self.exchange_code
            field_dict["exchangeCode"] = exchange_code
        if self.account_type is not None:
            account_type = self.account_type
            field_dict["accountType"] = account_type
        if self.account_name is not None:
            account_name = self.account_name
            field_dict["accountName"] = account_name
        if self.api_key is not None:
            api_key = self.api_key
            field_dict["apiKey"] = api_key
        if self.is_test is not None:
            is_test = self.is_test
            field_dict["isTest"] = is_test

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id", UNSET)

        company_id = d.pop("companyId", UNSET)

        customer_id = d.pop("customerId", UNSET)

        customer_no = d.pop("customerNo", UNSET)

        exchange_code = d.pop("exchangeCode", UNSET)

        account_type = d.pop("accountType", UNSET)

        account_name = d.pop("accountName", UNSET)

        api_key = d.pop("apiKey", UNSET)

        is_test = d.pop("isTest", UNSET)

        exchange_account = cls(
            id=None if isinstance(id, Unset) else id,
            company_id=None if isinstance(company_id, Unset) else company_id,
            customer_id=None if isinstance(customer_id, Unset) else customer_id,
            customer_no=None if isinstance(customer_no, Unset) else customer_no,
            exchange_code=None if isinstance(exchange_code, Unset) else exchange_code,
            account_type=None if isinstance(account_type, Unset) else account_type,
            account_name=None if isinstance(account_name, Unset) else account_name,
            api_key=None if isinstance(api_key, Unset) else api_key,
            is_test=None if isinstance(is_test, Unset) else is_test,
        )

        exchange_account.additional_properties = d
        return exchange_account

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
