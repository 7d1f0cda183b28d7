from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field
from multimarkets_bridge_core.money import WireDecimal, decimal_text, parse_decimal

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from multimarkets_bridge_core.records import JsonValue


T = TypeVar("T", bound="DepositRecord")


@_attrs_define
class DepositRecord:
    """One deposit. Only walletType, address and confirmTimes are named (in the OKX notes); the other
    fields are our reading and every field is optional. Unknown keys are kept.

        Attributes:
            currency (str | None):
            amount (WireDecimal | None):
            status (str | None): See DepositStatus.
            tx_id (str | None):
            insert_time (int | None):
            wallet_type (str | None): Empty for OKX (named in the OKX notes; type inferred).
            address (str | None): OKX internal transfers: the sender; otherwise "" (type inferred).
            confirm_times (str | None): Only for on-chain deposits, otherwise "" (type inferred).
    """

    currency: str | None = None
    amount: WireDecimal | None = None
    status: str | None = None
    tx_id: str | None = None
    insert_time: int | None = None
    wallet_type: str | None = None
    address: str | None = None
    confirm_times: str | None = None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, JsonValue]:
        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        if self.currency is not None:
            currency = self.currency
            field_dict["currency"] = currency
        if self.amount is not None:
            field_dict["amount"] = decimal_text(self.amount)
        if self.status is not None:
            status = self.status
            field_dict["status"] = status
        if self.tx_id is not None:
            tx_id = self.tx_id
            field_dict["txId"] = tx_id
        if self.insert_time is not None:
            insert_time = self.insert_time
            field_dict["insertTime"] = insert_time
        if self.wallet_type is not None:
            wallet_type = self.wallet_type
            field_dict["walletType"] = wallet_type
        if self.address is not None:
            address = self.address
            field_dict["address"] = address
        if self.confirm_times is not None:
            confirm_times = self.confirm_times
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
            currency=None if isinstance(currency, Unset) else currency,
            amount=parse_decimal(amount),
            status=None if isinstance(status, Unset) else status,
            tx_id=None if isinstance(tx_id, Unset) else tx_id,
            insert_time=None if isinstance(insert_time, Unset) else insert_time,
            wallet_type=None if isinstance(wallet_type, Unset) else wallet_type,
            address=None if isinstance(address, Unset) else address,
            confirm_times=None if isinstance(confirm_times, Unset) else confirm_times,
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
