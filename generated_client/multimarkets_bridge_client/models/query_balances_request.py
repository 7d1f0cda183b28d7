from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.exchange_id import ExchangeId
from ..models.trade_type import TradeType
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from multimarkets_bridge_core.records import JsonValue


T = TypeVar("T", bound="QueryBalancesRequest")


@_attrs_define
class QueryBalancesRequest:
    """
    Attributes:
        trade_type (TradeType): Trading mode; 10 = trading bridge.
        exchange_id (ExchangeId): Exchange selector of trading operations.
        account_name (str): Alias given when the account was linked.
        customer_no (str): Customer number.
        customer_group_id (int): Customer group id (1 = default group; must be the customer's). Example: 1.
        customer_id (int | Unset): Customer id (optional; must be the customer's when given).
        omit_zero_balances (bool | Unset): Leave out zero balances. Default: False.
        currency (str | Unset): Currency filter, several separated by ',' (case-sensitive).
    """

    trade_type: TradeType
    exchange_id: ExchangeId
    account_name: str
    customer_no: str
    customer_group_id: int
    customer_id: int | Unset = UNSET
    omit_zero_balances: bool | Unset = False
    currency: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, JsonValue]:
        trade_type = self.trade_type.value

        exchange_id = self.exchange_id.value

        account_name = self.account_name

        customer_no = self.customer_no

        customer_group_id = self.customer_group_id

        customer_id = self.customer_id

        omit_zero_balances = self.omit_zero_balances

        currency = self.currency

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
        if omit_zero_balances is not UNSET:
            field_dict["omitZeroBalances"] = omit_zero_balances
        if currency is not UNSET:
            field_dict["currency"] = currency

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

        omit_zero_balances = d.pop("omitZeroBalances", UNSET)

        currency = d.pop("currency", UNSET)

        query_balances_request = cls(
            trade_type=trade_type,
            exchange_id=exchange_id,
            account_name=account_name,
            customer_no=customer_no,
            customer_group_id=customer_group_id,
            customer_id=customer_id,
            omit_zero_balances=omit_zero_balances,
            currency=currency,
        )

        query_balances_request.additional_properties = d
        return query_balances_request

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
