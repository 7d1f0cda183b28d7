from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="DepositRecord")


@_attrs_define
class DepositRecord:
    """One deposit. Only walletType, address and confirmTimes are named (in the OKX notes); the other
    fields are our reading and every field is optional. Unknown keys are kept.

        Attributes:
            currency (str | Unset):
            amount (str | Unset):
            status (str | Unset): See DepositStatus.
            tx_id (str | Unset):
            insert_time (int | Unset):
            wallet_type (str | Unset): Empty for OKX (named in the OKX notes; type inferred).
            address (str | Unset): OKX internal transfers: the sender; otherwise "" (type inferred).
            confirm_times (str | Unset): Only for on-chain deposits, otherwise "" (type inferred).
    """

    currency: str | Unset = UNSET
    amount: str | Unset = UNSET
    status: str | Unset = UNSET
    tx_id: str | Unset = UNSET
    insert_time: int | Unset = UNSET
    wallet_type: str | Unset = UNSET
    address: str | Unset = UNSET
    confirm_times: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        currency = self.currency

        amount = self.amount

        status = self.status

        tx_id = self.tx_id

        insert_time = self.insert_time

        wallet_type = self.wallet_type

        address = self.address

        confirm_times = self.confirm_times

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if currency is not UNSET:
            field_dict["currency"] = currency
        if amount is not UNSET:
            field_dict["amount"] = amount
        if status is not UNSET:
            field_dict["status"] = status
        if tx_id is not UNSET:
            field_dict["txId"] = tx_id
        if insert_time is not UNSET:
            field_dict["insertTime"] = insert_time
        if wallet_type is not UNSET:
            field_dict["walletType"] = wallet_type
        if address is not UNSET:
            field_dict["address"] = address
        if confirm_times is not UNSET:
            field_dict["confirmTimes"] = confirm_times

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        currency = d.pop("currency", UNSET)

        amount = d.pop("amount", UNSET)

        status = d.pop("status", UNSET)

        tx_id = d.pop("txId", UNSET)

        insert_time = d.pop("insertTime", UNSET)

        wallet_type = d.pop("walletType", UNSET)

        address = d.pop("address", UNSET)

        confirm_times = d.pop("confirmTimes", UNSET)

        deposit_record = cls(
            currency=currency,
            amount=amount,
            status=status,
            tx_id=tx_id,
            insert_time=insert_time,
            wallet_type=wallet_type,
            address=address,
            confirm_times=confirm_times,
        )

        deposit_record.additional_properties = d
        return deposit_record

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
