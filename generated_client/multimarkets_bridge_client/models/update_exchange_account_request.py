from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from multimarkets_bridge_core.records import JsonValue


T = TypeVar("T", bound="UpdateExchangeAccountRequest")


@_attrs_define
class UpdateExchangeAccountRequest:
    """
    Attributes:
        id (str): Record id of the linked account.
        account_name (str | Unset): New alias (not blank).
        account_api_key (str | Unset):
        account_secret_key (str | Unset):
        passphrase (str | Unset):
        certificate (str | Unset): PKCS#12 certificate as Base16 (hex) text.
    """

    id: str
    account_name: str | Unset = UNSET
    account_api_key: str | Unset = UNSET
    account_secret_key: str | Unset = UNSET
    passphrase: str | Unset = UNSET
    certificate: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, JsonValue]:
        id = self.id

        account_name = self.account_name

        account_api_key = self.account_api_key

        account_secret_key = self.account_secret_key

        passphrase = self.passphrase

        certificate = self.certificate

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
            }
        )
        if account_name is not UNSET:
            field_dict["accountName"] = account_name
        if account_api_key is not UNSET:
            field_dict["accountApiKey"] = account_api_key
        if account_secret_key is not UNSET:
            field_dict["accountSecretKey"] = account_secret_key
        if passphrase is not UNSET:
            field_dict["passphrase"] = passphrase
        if certificate is not UNSET:
            field_dict["certificate"] = certificate

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        account_name = d.pop("accountName", UNSET)

        account_api_key = d.pop("accountApiKey", UNSET)

        account_secret_key = d.pop("accountSecretKey", UNSET)

        passphrase = d.pop("passphrase", UNSET)

        certificate = d.pop("certificate", UNSET)

        update_exchange_account_request = cls(
            id=id,
            account_name=account_name,
            account_api_key=account_api_key,
            account_secret_key=account_secret_key,
            passphrase=passphrase,
            certificate=certificate,
        )

        update_exchange_account_request.additional_properties = d
        return update_exchange_account_request

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
