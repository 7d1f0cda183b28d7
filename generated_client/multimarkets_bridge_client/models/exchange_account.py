from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="ExchangeAccount")


@_attrs_define
class ExchangeAccount:
    """A linked exchange account. Not published: fields from the older UTGL export plus `id` (needed by
    Update account) and `isTest`. Secrets are assumed not to be returned.

        Attributes:
            id (str | Unset): Record id used by update/delete.
            company_id (str | Unset):
            customer_id (str | Unset):
            customer_no (str | Unset):
            exchange_code (str | Unset):
            account_type (str | Unset):
            account_name (str | Unset):
            api_key (str | Unset): Exchange API key (possibly masked).
            is_test (int | Unset):
    """

    id: str | Unset = UNSET
    company_id: str | Unset = UNSET
    customer_id: str | Unset = UNSET
    customer_no: str | Unset = UNSET
    exchange_code: str | Unset = UNSET
    account_type: str | Unset = UNSET
    account_name: str | Unset = UNSET
    api_key: str | Unset = UNSET
    is_test: int | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        company_id = self.company_id

        customer_id = self.customer_id

        customer_no = self.customer_no

        exchange_code = self.exchange_code

        account_type = self.account_type

        account_name = self.account_name

        api_key = self.api_key

        is_test = self.is_test

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if id is not UNSET:
            field_dict["id"] = id
        if company_id is not UNSET:
            field_dict["companyId"] = company_id
        if customer_id is not UNSET:
            field_dict["customerId"] = customer_id
        if customer_no is not UNSET:
            field_dict["customerNo"] = customer_no
        if exchange_code is not UNSET:
            field_dict["exchangeCode"] = exchange_code
        if account_type is not UNSET:
            field_dict["accountType"] = account_type
        if account_name is not UNSET:
            field_dict["accountName"] = account_name
        if api_key is not UNSET:
            field_dict["apiKey"] = api_key
        if is_test is not UNSET:
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
            id=id,
            company_id=company_id,
            customer_id=customer_id,
            customer_no=customer_no,
            exchange_code=exchange_code,
            account_type=account_type,
            account_name=account_name,
            api_key=api_key,
            is_test=is_test,
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
