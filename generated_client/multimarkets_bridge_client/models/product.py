from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from multimarkets_bridge_core.records import JsonValue

    from ..models.holiday_time import HolidayTime
    from ..models.trade_time import TradeTime


T = TypeVar("T", bound="Product")


@_attrs_define
class Product:
    """
    Attributes:
        trade_type (int | None):
        symbol_id (int | None):
        symbol_code (str | None):
        symbol_name (str | None):
        base_currency (None | str):
        profit_currency (None | str):
        customer_group_ids (str | None):
        symbol_group_ids (str | None):
        symbol_digits (int | None):
        ask_spread (str | None):
        bid_spread (str | None):
        deal_mode (int | None):
        etf (bool | None):
        in_trade_time (int | None):
        in_holiday_time (int | None):
        point_ratio (int | None):
        fund_id (int | None):
        labels (None | str):
        sort_num (int | None):
        enable_short_loan (int | None):
        enable_long_loan (int | None):
        dividend (int | None): The export describes it as "tradable".
        holiday_time_list (list[HolidayTime] | None):
        trade_time_list (list[TradeTime] | None):
    """

    trade_type: int | None = None
    symbol_id: int | None = None
    symbol_code: str | None = None
    symbol_name: str | None = None
    base_currency: None | str = None
    profit_currency: None | str = None
    customer_group_ids: str | None = None
    symbol_group_ids: str | None = None
    symbol_digits: int | None = None
    ask_spread: str | None = None
    bid_spread: str | None = None
    deal_mode: int | None = None
    etf: bool | None = None
    in_trade_time: int | None = None
    in_holiday_time: int | None = None
    point_ratio: int | None = None
    fund_id: int | None = None
    labels: None | str = None
    sort_num: int | None = None
    enable_short_loan: int | None = None
    enable_long_loan: int | None = None
    dividend: int | None = None
    holiday_time_list: list[HolidayTime] | None = None
    trade_time_list: list[TradeTime] | None = None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, JsonValue]:
        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        if self.trade_type is not None:
            trade_type = self.trade_type
            field_dict["tradeType"] = trade_type
        if self.symbol_id is not None:
            symbol_id = self.symbol_id
            field_dict["symbolId"] = symbol_id
        if self.symbol_code is not None:
            symbol_code = self.symbol_code
            field_dict["symbolCode"] = symbol_code
        if self.symbol_name is not None:
            symbol_name = self.symbol_name
            field_dict["symbolName"] = symbol_name
        if self.base_currency is not None:
            base_currency: None | str
            base_currency = self.base_currency
            field_dict["baseCurrency"] = base_currency
        if self.profit_currency is not None:
            profit_currency: None | str
            profit_currency = self.profit_currency
            field_dict["profitCurrency"] = profit_currency
        if self.customer_group_ids is not None:
            customer_group_ids = self.customer_group_ids
            field_dict["customerGroupIds"] = customer_group_ids
        if self.symbol_group_ids is not None:
            symbol_group_ids = self.symbol_group_ids
            field_dict["symbolGroupIds"] = symbol_group_ids
        if self.symbol_digits is not None:
            symbol_digits: int | None
            symbol_digits = self.symbol_digits
            field_dict["symbolDigits"] = symbol_digits
        if self.ask_spread is not None:
            ask_spread = self.ask_spread
            field_dict["askSpread"] = ask_spread
        if self.bid_spread is not None:
            bid_spread = self.bid_spread
            field_dict["bidSpread"] = bid_spread
        if self.deal_mode is not None:
            deal_mode = self.deal_mode
            field_dict["dealMode"] = deal_mode
        if self.etf is not None:
            etf = self.etf
            field_dict["etf"] = etf
        if self.in_trade_time is not None:
            in_trade_time = self.in_trade_time
            field_dict["inTradeTime"] = in_trade_time
        if self.in_holiday_time is not None:
            in_holiday_time = self.in_holiday_time
            field_dict["inHolidayTime"] = in_holiday_time
        if self.point_ratio is not None:
            point_ratio: int | None
            point_ratio = self.point_ratio
            field_dict["pointRatio"] = point_ratio
        if self.fund_id is not None:
            fund_id: int | None
            fund_id = self.fund_id
            field_dict["fundId"] = fund_id
        if self.labels is not None:
            labels: None | str
            labels = self.labels
            field_dict["labels"] = labels
        if self.sort_num is not None:
            sort_num: int | None
            sort_num = self.sort_num
            field_dict["sortNum"] = sort_num
        if self.enable_short_loan is not None:
            enable_short_loan: int | None
            enable_short_loan = self.enable_short_loan
            field_dict["enableShortLoan"] = enable_short_loan
        if self.enable_long_loan is not None:
            enable_long_loan: int | None
            enable_long_loan = self.enable_long_loan
            field_dict["enableLongLoan"] = enable_long_loan
        if self.dividend is not None:
            dividend: int | None
            dividend = self.dividend
            field_dict["dividend"] = dividend
        if self.holiday_time_list is not None:
            holiday_time_list: list[dict[str, Any]] | None
            if isinstance(self.holiday_time_list, list):
                holiday_time_list = []
                for holiday_time_list_type_0_item_data in self.holiday_time_list:
                    holiday_time_list_type_0_item = holiday_time_list_type_0_item_data.to_dict()
                    holiday_time_list.append(holiday_time_list_type_0_item)

            else:
                holiday_time_list = self.holiday_time_list
            field_dict["holidayTimeList"] = holiday_time_list
        if self.trade_time_list is not None:
            trade_time_list: list[dict[str, Any]] | None
            if isinstance(self.trade_time_list, list):
                trade_time_list = []
                for trade_time_list_type_0_item_data in self.trade_time_list:
                    trade_time_list_type_0_item = trade_time_list_type_0_item_data.to_dict()
                    trade_time_list.append(trade_time_list_type_0_item)

            else:
                trade_time_list = self.trade_time_list
            field_dict["tradeTimeList"] = trade_time_list

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.holiday_time import HolidayTime  # noqa: PLC0415
        from ..models.trade_time import TradeTime  # noqa: PLC0415

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

        def _parse_point_ratio(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        point_ratio = _parse_point_ratio(d.pop("pointRatio", UNSET))

        def _parse_fund_id(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        fund_id = _parse_fund_id(d.pop("fundId", UNSET))

        def _parse_labels(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        labels = _parse_labels(d.pop("labels", UNSET))

        def _parse_sort_num(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        sort_num = _parse_sort_num(d.pop("sortNum", UNSET))

        def _parse_enable_short_loan(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        enable_short_loan = _parse_enable_short_loan(d.pop("enableShortLoan", UNSET))

        def _parse_enable_long_loan(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        enable_long_loan = _parse_enable_long_loan(d.pop("enableLongLoan", UNSET))

        def _parse_dividend(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        dividend = _parse_dividend(d.pop("dividend", UNSET))

        def _parse_holiday_time_list(data: object) -> list[HolidayTime] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                holiday_time_list_type_0 = []
                _holiday_time_list_type_0 = data
                for holiday_time_list_type_0_item_data in _holiday_time_list_type_0:
                    holiday_time_list_type_0_item = HolidayTime.from_dict(holiday_time_list_type_0_item_data)

                    holiday_time_list_type_0.append(holiday_time_list_type_0_item)

                return holiday_time_list_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[HolidayTime] | None | Unset, data)

        holiday_time_list = _parse_holiday_time_list(d.pop("holidayTimeList", UNSET))

        def _parse_trade_time_list(data: object) -> list[TradeTime] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                trade_time_list_type_0 = []
                _trade_time_list_type_0 = data
                for trade_time_list_type_0_item_data in _trade_time_list_type_0:
                    trade_time_list_type_0_item = TradeTime.from_dict(trade_time_list_type_0_item_data)

                    trade_time_list_type_0.append(trade_time_list_type_0_item)

                return trade_time_list_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[TradeTime] | None | Unset, data)

        trade_time_list = _parse_trade_time_list(d.pop("tradeTimeList", UNSET))

        product = cls(
            trade_type=None if isinstance(trade_type, Unset) else trade_type,
            symbol_id=None if isinstance(symbol_id, Unset) else symbol_id,
            symbol_code=None if isinstance(symbol_code, Unset) else symbol_code,
            symbol_name=None if isinstance(symbol_name, Unset) else symbol_name,
            base_currency=None if isinstance(base_currency, Unset) else base_currency,
            profit_currency=None if isinstance(profit_currency, Unset) else profit_currency,
            customer_group_ids=None if isinstance(customer_group_ids, Unset) else customer_group_ids,
            symbol_group_ids=None if isinstance(symbol_group_ids, Unset) else symbol_group_ids,
            symbol_digits=None if isinstance(symbol_digits, Unset) else symbol_digits,
            ask_spread=None if isinstance(ask_spread, Unset) else ask_spread,
            bid_spread=None if isinstance(bid_spread, Unset) else bid_spread,
            deal_mode=None if isinstance(deal_mode, Unset) else deal_mode,
            etf=None if isinstance(etf, Unset) else etf,
            in_trade_time=None if isinstance(in_trade_time, Unset) else in_trade_time,
            in_holiday_time=None if isinstance(in_holiday_time, Unset) else in_holiday_time,
            point_ratio=None if isinstance(point_ratio, Unset) else point_ratio,
            fund_id=None if isinstance(fund_id, Unset) else fund_id,
            labels=None if isinstance(labels, Unset) else labels,
            sort_num=None if isinstance(sort_num, Unset) else sort_num,
            enable_short_loan=None if isinstance(enable_short_loan, Unset) else enable_short_loan,
            enable_long_loan=None if isinstance(enable_long_loan, Unset) else enable_long_loan,
            dividend=None if isinstance(dividend, Unset) else dividend,
            holiday_time_list=None if isinstance(holiday_time_list, Unset) else holiday_time_list,
            trade_time_list=None if isinstance(trade_time_list, Unset) else trade_time_list,
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
