from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="Product")


@_attrs_define
class Product:
    """
    Attributes:
        trade_type (int | Unset):
        symbol_id (int | Unset):
        symbol_code (str | Unset):
        symbol_name (str | Unset):
        base_currency (None | str | Unset):
        profit_currency (None | str | Unset):
        customer_group_ids (str | Unset):
        symbol_group_ids (str | Unset):
        symbol_digits (int | None | Unset):
        ask_spread (str | Unset):
        bid_spread (str | Unset):
        deal_mode (int | Unset):
        etf (bool | Unset):
        in_trade_time (int | Unset):
        in_holiday_time (int | Unset):
    """

    trade_type: int | Unset = UNSET
    symbol_id: int | Unset = UNSET
    symbol_code: str | Unset = UNSET
    symbol_name: str | Unset = UNSET
    base_currency: None | str | Unset = UNSET
    profit_currency: None | str | Unset = UNSET
    customer_group_ids: str | Unset = UNSET
    symbol_group_ids: str | Unset = UNSET
    symbol_digits: int | None | Unset = UNSET
    ask_spread: str | Unset = UNSET
    bid_spread: str | Unset = UNSET
    deal_mode: int | Unset = UNSET
    etf: bool | Unset = UNSET
    in_trade_time: int | Unset = UNSET
    in_holiday_time: int | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        trade_type = self.trade_type

        symbol_id = self.symbol_id

        symbol_code = self.symbol_code

        symbol_name = self.symbol_name

        base_currency: None | str | Unset
        if isinstance(self.base_currency, Unset):
            base_currency = UNSET
        else:
            base_currency = self.base_currency

        profit_currency: None | str | Unset
        if isinstance(self.profit_currency, Unset):
            profit_currency = UNSET
        else:
            profit_currency = self.profit_currency

        customer_group_ids = self.customer_group_ids

        symbol_group_ids = self.symbol_group_ids

        symbol_digits: int | None | Unset
        if isinstance(self.symbol_digits, Unset):
            symbol_digits = UNSET
        else:
            symbol_digits = self.symbol_digits

        ask_spread = self.ask_spread

        bid_spread = self.bid_spread

        deal_mode = self.deal_mode

        etf = self.etf

        in_trade_time = self.in_trade_time

        in_holiday_time = self.in_holiday_time

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if trade_type is not UNSET:
            field_dict["tradeType"] = trade_type
        if symbol_id is not UNSET:
            field_dict["symbolId"] = symbol_id
        if symbol_code is not UNSET:
            field_dict["symbolCode"] = symbol_code
        if symbol_name is not UNSET:
            field_dict["symbolName"] = symbol_name
        if base_currency is not UNSET:
            field_dict["baseCurrency"] = base_currency
        if profit_currency is not UNSET:
            field_dict["profitCurrency"] = profit_currency
        if customer_group_ids is not UNSET:
            field_dict["customerGroupIds"] = customer_group_ids
        if symbol_group_ids is not UNSET:
            field_dict["symbolGroupIds"] = symbol_group_ids
        if symbol_digits is not UNSET:
            field_dict["symbolDigits"] = symbol_digits
        if ask_spread is not UNSET:
            field_dict["askSpread"] = ask_spread
        if bid_spread is not UNSET:
            field_dict["bidSpread"] = bid_spread
        if deal_mode is not UNSET:
            field_dict["dealMode"] = deal_mode
        if etf is not UNSET:
            field_dict["etf"] = etf
        if in_trade_time is not UNSET:
            field_dict["inTradeTime"] = in_trade_time
        if in_holiday_time is not UNSET:
            field_dict["inHolidayTime"] = in_holiday_time

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        trade_type = d.pop("tradeType", UNSET)

        symbol_id = d.pop("symbolId", UNSET)

        symbol_code = d.pop("symbolCode", UNSET)

        symbol_name = d.pop("symbolName", UNSET)

        def _parse_base_currency(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        base_currency = _parse_base_currency(d.pop("baseCurrency", UNSET))

        def _parse_profit_currency(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        profit_currency = _parse_profit_currency(d.pop("profitCurrency", UNSET))

        customer_group_ids = d.pop("customerGroupIds", UNSET)

        symbol_group_ids = d.pop("symbolGroupIds", UNSET)

        def _parse_symbol_digits(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        symbol_digits = _parse_symbol_digits(d.pop("symbolDigits", UNSET))

        ask_spread = d.pop("askSpread", UNSET)

        bid_spread = d.pop("bidSpread", UNSET)

        deal_mode = d.pop("dealMode", UNSET)

        etf = d.pop("etf", UNSET)

        in_trade_time = d.pop("inTradeTime", UNSET)

        in_holiday_time = d.pop("inHolidayTime", UNSET)

        product = cls(
            trade_type=trade_type,
            symbol_id=symbol_id,
            symbol_code=symbol_code,
            symbol_name=symbol_name,
            base_currency=base_currency,
            profit_currency=profit_currency,
            customer_group_ids=customer_group_ids,
            symbol_group_ids=symbol_group_ids,
            symbol_digits=symbol_digits,
            ask_spread=ask_spread,
            bid_spread=bid_spread,
            deal_mode=deal_mode,
            etf=etf,
            in_trade_time=in_trade_time,
            in_holiday_time=in_holiday_time,
        )

        product.additional_properties = d
        return product

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
