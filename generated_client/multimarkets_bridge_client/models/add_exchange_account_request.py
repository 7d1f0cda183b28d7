from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.account_type import AccountType
from ..models.exchange_code import ExchangeCode
from ..models.is_test import IsTest
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from multimarkets_bridge_core.records import JsonValue


T = TypeVar("T", bound="AddExchangeAccountRequest")


@_attrs_define
class AddExchangeAccountRequest:
    """Body of add_exchange_account - a Binance or OKX account, or a Cumberland account with its certificate.

    Attributes:
        customer_no (str): Customer number.
        exchange_code (ExchangeCode): Exchange of a linked account (account management; includes cumberland, unlike
            ExchangeId).
        account_type (AccountType): Kind of exchange account.
        account_name (str): Alias; trading calls select the account by it (not blank). Example: main.
        account_api_key (str): Exchange API key (cumberland: counterpartyId). Secret: never logged by the SDK.
        account_secret_key (str): Exchange secret key (cumberland: userId). Secret: never logged by the SDK.
        passphrase (str | Unset): API passphrase / private-key password.
        is_test (IsTest | Unset): Whether the linked account is a test account (the platform assumes 0 when absent).
        certificate (str | Unset): PKCS#12 certificate as Base16 (hex) text; required for cumberland.
    """

    customer_no: str
    exchange_code: ExchangeCode
    account_type: AccountType
    account_name: str
    account_api_key: str
    account_secret_key: str
    passphrase: str | Unset = UNSET
    is_test: IsTest | Unset = UNSET
    certificate: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, JsonValue]:
        customer_no = self.customer_no

        exchange_code = self.exchange_code.value

        account_type = self.account_type.value

        account_name = self.account_name

        account_api_key = self.account_api_key

        account_secret_key = self.account_secret_key

        passphrase = self.passphrase

        is_test: int | Unset = UNSET
        if not isinstance(self.is_test, Unset):
            is_test = self.is_test.value

        certificate = self.certificate

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "customerNo": customer_no,
                "exchangeCode": exchange_code,
                "accountType": account_type,
                "accountName": account_name,
                "accountApiKey": account_api_key,
                "accountSecretKey": account_secret_key,
            }
        )
        if passphrase is not UNSET:
            field_dict["passphrase"] = passphrase
        if is_test is not UNSET:
            field_dict["isTest"] = is_test
        if certificate is not UNSET:
            field_dict["certificate"] = certificate

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        customer_no = d.pop("customerNo")

        exchange_code = ExchangeCode(d.pop("exchangeCode"))

        account_type = AccountType(d.pop("accountType"))

        account_name = d.pop("accountName")

        account_api_key = d.pop("accountApiKey")

        account_secret_key = d.pop("accountSecretKey")

        passphrase = d.pop("passphrase", UNSET)

        _is_test = d.pop("isTest", UNSET)
        is_test: IsTest | Unset
        if isinstance(_is_test, Unset):
            is_test = UNSET
        else:
            is_test = IsTest(_is_test)

        certificate = d.pop("certificate", UNSET)

        add_exchange_account_request = cls(
            customer_no=customer_no,
            exchange_code=exchange_code,
            account_type=account_type,
            account_name=account_name,
            account_api_key=account_api_key,
            account_secret_key=account_secret_key,
            passphrase=passphrase,
            is_test=is_test,
            certificate=certificate,
        )

        add_exchange_account_request.additional_properties = d
        return add_exchange_account_request

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
