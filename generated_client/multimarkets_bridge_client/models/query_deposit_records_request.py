from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.deposit_status import DepositStatus
from ..models.exchange_id import ExchangeId
from ..models.trade_type import TradeType
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from multimarkets_bridge_core.records import JsonValue


T = TypeVar("T", bound="QueryDepositRecordsRequest")


@_attrs_define
class QueryDepositRecordsRequest:
    """
    Attributes:
        trade_type (TradeType): Trading mode; 10 = trading bridge.
        exchange_id (ExchangeId): Exchange selector of trading operations.
        account_name (str): Alias given when the account was linked.
        customer_no (str): Customer number.
        customer_group_id (int): Customer group id (1 = default group; must be the customer's). Example: 1.
        customer_id (int | Unset): Customer id (optional; must be the customer's when given).
        currency (str | Unset):
        status (DepositStatus | Unset): Deposit state filter (a digit carried as a string).
        tx_id (str | Unset): On-chain transaction hash.
        start_time (str | Unset): Start, epoch ms as a string.
        end_time (str | Unset): End, epoch ms as a string.
        limit (str | Unset): Rows to return, 1..100; the page says other values fall back to 20 (the sandbox does the
            same). Default: '20'.
    """

    trade_type: TradeType
    exchange_id: ExchangeId
    account_name: str
    customer_no: str
    customer_group_id: int
    customer_id: int | Unset = UNSET
    currency: str | Unset = UNSET
    status: DepositStatus | Unset = UNSET
    tx_id: str | Unset = UNSET
    start_time: str | Unset = UNSET
    end_time: str | Unset = UNSET
    limit: str | Unset = "20"
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, JsonValue]:
        trade_type = self.trade_type.value

        exchange_id = self.exchange_id.value

        account_name = self.account_name

        customer_no = self.customer_no

        customer_group_id = self.customer_group_id

        customer_id = self.customer_id

        currency = self.currency

        status: str | Unset = UNSET
        if not isinstance(self.status, Unset):
            status = self.status.value

        tx_id = self.tx_id

        start_time = self.start_time

        end_time = self.end_time

        limit = self.limit

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "tradeType": trade_type,
                "exchangeId": exchange_id,
                "accountName": account_name,
                "customerNo": customer_no,
                "customerGroupId": customer_group_id,
            }
        )
        if customer_id is not UNSET:
            field_dict["customerId"] = customer_id
        if currency is not UNSET:
            field_dict["currency"] = currency
        if status is not UNSET:
            field_dict["status"] = status
        if tx_id is not UNSET:
            field_dict["txId"] = tx_id
        if start_time is not UNSET:
            field_dict["startTime"] = start_time
        if end_time is not UNSET:
            field_dict["endTime"] = end_time
        if limit is not UNSET:
            field_dict["limit"] = limit

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        trade_type = TradeType(d.pop("tradeType"))

        exchange_id = ExchangeId(d.pop("exchangeId"))

        account_name = d.pop("accountName")

        customer_no = d.pop("customerNo")

        customer_group_id = d.pop("customerGroupId")

        customer_id = d.pop("customerId", UNSET)

        currency = d.pop("currency", UNSET)

        _status = d.pop("status", UNSET)
        status: DepositStatus | Unset
        if isinstance(_status, Unset):
            status = UNSET
        else:
            status = DepositStatus(_status)

        tx_id = d.pop("txId", UNSET)

        start_time = d.pop("startTime", UNSET)

        end_time = d.pop("endTime", UNSET)

        limit = d.pop("limit", UNSET)

        query_deposit_records_request = cls(
            trade_type=trade_type,
            exchange_id=exchange_id,
            account_name=account_name,
            customer_no=customer_no,
            customer_group_id=customer_group_id,
            customer_id=customer_id,
            currency=currency,
            status=status,
            tx_id=tx_id,
            start_time=start_time,
            end_time=end_time,
            limit=limit,
        )

        query_deposit_records_request.additional_properties = d
        return query_deposit_records_request

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
