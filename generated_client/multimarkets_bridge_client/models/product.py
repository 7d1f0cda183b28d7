from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.holiday_time import HolidayTime
    from ..models.trade_time import TradeTime


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
        point_ratio (int | None | Unset):
        fund_id (int | None | Unset):
        labels (None | str | Unset):
        sort_num (int | None | Unset):
        enable_short_loan (int | None | Unset):
        enable_long_loan (int | None | Unset):
        dividend (int | None | Unset): The export describes it as "tradable".
        holiday_time_list (list[HolidayTime] | None | Unset):
        trade_time_list (list[TradeTime] | None | Unset):
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
    point_ratio: int | None | Unset = UNSET
    fund_id: int | None | Unset = UNSET
    labels: None | str | Unset = UNSET
    sort_num: int | None | Unset = UNSET
    enable_short_loan: int | None | Unset = UNSET
    enable_long_loan: int | None | Unset = UNSET
    dividend: int | None | Unset = UNSET
    holiday_time_list: list[HolidayTime] | None | Unset = UNSET
    trade_time_list: list[TradeTime] | None | Unset = UNSET
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

        point_ratio: int | None | Unset
        if isinstance(self.point_ratio, Unset):
            point_ratio = UNSET
        else:
            point_ratio = self.point_ratio

        fund_id: int | None | Unset
        if isinstance(self.fund_id, Unset):
            fund_id = UNSET
        else:
            fund_id = self.fund_id

        labels: None | str | Unset
        if isinstance(self.labels, Unset):
            labels = UNSET
        else:
            labels = self.labels

        sort_num: int | None | Unset
        if isinstance(self.sort_num, Unset):
            sort_num = UNSET
        else:
            sort_num = self.sort_num

        enable_short_loan: int | None | Unset
        if isinstance(self.enable_short_loan, Unset):
            enable_short_loan = UNSET
        else:
            enable_short_loan = self.enable_short_loan

        enable_long_loan: int | None | Unset
        if isinstance(self.enable_long_loan, Unset):
            enable_long_loan = UNSET
        else:
            enable_long_loan = self.enable_long_loan

        dividend: int | None | Unset
        if isinstance(self.dividend, Unset):
            dividend = UNSET
        else:
            dividend = self.dividend

        holiday_time_list: list[dict[str, Any]] | None | Unset
        if isinstance(self.holiday_time_list, Unset):
            holiday_time_list = UNSET
        elif isinstance(self.holiday_time_list, list):
            holiday_time_list = []
            for holiday_time_list_type_0_item_data in self.holiday_time_list:
                holiday_time_list_type_0_item = holiday_time_list_type_0_item_data.to_dict()
                holiday_time_list.append(holiday_time_list_type_0_item)

        else:
            holiday_time_list = self.holiday_time_list

        trade_time_list: list[dict[str, Any]] | None | Unset
        if isinstance(self.trade_time_list, Unset):
            trade_time_list = UNSET
        elif isinstance(self.trade_time_list, list):
            trade_time_list = []
            for trade_time_list_type_0_item_data in self.trade_time_list:
                trade_time_list_type_0_item = trade_time_list_type_0_item_data.to_dict()
                trade_time_list.append(trade_time_list_type_0_item)

        else:
            trade_time_list = self.trade_time_list

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
        if point_ratio is not UNSET:
            field_dict["pointRatio"] = point_ratio
        if fund_id is not UNSET:
            field_dict["fundId"] = fund_id
        if labels is not UNSET:
            field_dict["labels"] = labels
        if sort_num is not UNSET:
            field_dict["sortNum"] = sort_num
        if enable_short_loan is not UNSET:
            field_dict["enableShortLoan"] = enable_short_loan
        if enable_long_loan is not UNSET:
            field_dict["enableLongLoan"] = enable_long_loan
        if dividend is not UNSET:
            field_dict["dividend"] = dividend
        if holiday_time_list is not UNSET:
            field_dict["holidayTimeList"] = holiday_time_list
        if trade_time_list is not UNSET:
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
            point_ratio=point_ratio,
            fund_id=fund_id,
            labels=labels,
            sort_num=sort_num,
            enable_short_loan=enable_short_loan,
            enable_long_loan=enable_long_loan,
            dividend=dividend,
            holiday_time_list=holiday_time_list,
            trade_time_list=trade_time_list,
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
