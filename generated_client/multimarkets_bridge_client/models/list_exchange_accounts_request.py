from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.account_type import AccountType
from ..models.exchange_code import ExchangeCode
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from multimarkets_bridge_core.records import JsonValue


T = TypeVar("T", bound="ListExchangeAccountsRequest")


@_attrs_define
class ListExchangeAccountsRequest:
    """
    Attributes:
        customer_no (str | Unset):
        exchange_code (ExchangeCode | Unset): Exchange of a linked account (account management; includes cumberland,
            unlike ExchangeId).
        account_type (AccountType | Unset): Kind of exchange account.
        account_name (str | Unset):
        current (str | Unset): Page number as decimal digits.
        size (str | Unset): Page size as decimal digits. Default: '20'.
    """

    customer_no: str | Unset = UNSET
    exchange_code: ExchangeCode | Unset = UNSET
    account_type: AccountType | Unset = UNSET
    account_name: str | Unset = UNSET
    current: str | Unset = UNSET
    size: str | Unset = "20"
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, JsonValue]:
        customer_no = self.customer_no

        exchange_code: str | Unset = UNSET
        if not isinstance(self.exchange_code, Unset):
            exchange_code = self.exchange_code.value

        account_type: str | Unset = UNSET
        if not isinstance(self.account_type, Unset):
            account_type = self.account_type.value

        account_name = self.account_name

        current = self.current

        size = self.size

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if customer_no is not UNSET:
            field_dict["customerNo"] = customer_no
        if exchange_code is not UNSET:
            field_dict["exchangeCode"] = exchange_code
        if account_type is not UNSET:
            field_dict["accountType"] = account_type
        if account_name is not UNSET:
            field_dict["accountName"] = account_name
        if current is not UNSET:
            field_dict["current"] = current
        if size is not UNSET:
            field_dict["size"] = size

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        customer_no = d.pop("customerNo", UNSET)

        _exchange_code = d.pop("exchangeCode", UNSET)
        exchange_code: ExchangeCode | Unset
        if isinstance(_exchange_code, Unset):
            exchange_code = UNSET
        else:
            exchange_code = ExchangeCode(_exchange_code)

        _account_type = d.pop("accountType", UNSET)
        account_type: AccountType | Unset
        if isinstance(_account_type, Unset):
            account_type = UNSET
        else:
            account_type = AccountType(_account_type)

        account_name = d.pop("accountName", UNSET)

        current = d.pop("current", UNSET)

        size = d.pop("size", UNSET)

        list_exchange_accounts_request = cls(
            customer_no=customer_no,
            exchange_code=exchange_code,
            account_type=account_type,
            account_name=account_name,
            current=current,
            size=size,
        )

        list_exchange_accounts_request.additional_properties = d
        return list_exchange_accounts_request

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
