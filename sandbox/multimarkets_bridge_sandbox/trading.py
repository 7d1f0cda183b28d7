"""The sandbox's trading rules: placing, matching, querying and cancelling orders, and fills."""

from __future__ import annotations

import functools
from decimal import ROUND_DOWN, Decimal, InvalidOperation
from typing import Any

from multimarkets_bridge.spec_data import operation_spec
from multimarkets_bridge_client import models
from multimarkets_bridge_client import wire_models as wm

from .errors import Codes, SandboxError
from .market import PRODUCTS, Product
from .rules_base import RulesBase, _dec, _decimal, _fmt
from .state import Account, Fill, Order

__all__ = ["TradingRules", "time_window"]

FEE_RATE = Decimal("0.001")
MIN_NOTIONAL_BINANCE = Decimal(5)


@functools.cache
def time_window(operation_id: str) -> dict[str, int]:
    """The operation's ``x-time-window`` in the spec (``max-ms``, ``history-ms``): read, not retyped."""
    window = operation_spec(operation_id)["x-time-window"]
    return {key: int(value) for key, value in window.items() if key.endswith("-ms")}


class TradingRules(RulesBase):
    """Orders and fills (one method per trading operation)."""

    def place_order(self, company_id: int, body: wm.PlaceOrderRequest) -> dict[str, Any]:
        account = self._trading_account(company_id, body)
        product = PRODUCTS.get(body.symbol_id)
        if product is None:
            raise SandboxError(Codes.SYMBOL_NOT_FOUND, f"symbol {body.symbol_id} does not exist")
        if (
            self.unique_client_order_ids
            and body.client_order_id
            and any(
                o.account_id == account.id and o.client_order_id == body.client_order_id
                for o in self.state.orders
            )
        ):
            raise SandboxError(
                Codes.DUPLICATE_CLIENT_ORDER_ID, f"clientOrderId {body.client_order_id} already used"
            )
        now = self.clock_ms()
        self.match_resting()
        market_price = self.market.price(product.symbol_id, now)
        # positive decimals, "num or amount" and "a limit order needs price and num": the spec's rules
        price, num, amount = (_decimal(body.price), _decimal(body.num), _decimal(body.amount))
        is_limit = int(body.biz_type) == 2
        if not is_limit:
            price = None  # ignored for market orders
        if num is not None:
            qty = num
        else:
            assert amount is not None
            try:
                qty = (amount / market_price).quantize(
                    Decimal(1).scaleb(-product.qty_digits), rounding=ROUND_DOWN
                )
            except InvalidOperation:  # more digits than 28-digit money arithmetic holds
                raise SandboxError(Codes.QUANTITY_TOO_LARGE, "order quantity is out of range") from None
        if qty <= 0:
            raise SandboxError(Codes.QUANTITY_TOO_SMALL, "order quantity rounds to zero")
        notional = qty * (price if price is not None else market_price)
        if body.exchange_id.value == "binance" and notional < MIN_NOTIONAL_BINANCE:
            raise SandboxError(Codes.MIN_NOTIONAL, "order value below the Binance minimum of 5 USDT")
        order_id = str(self.state.next_id("order", 7_000_000_001))
        order = Order(
            order_id=order_id,
            client_order_id=body.client_order_id or f"sbx{order_id}",
            account_id=account.id,
            symbol_id=product.symbol_id,
            order_type=int(body.biz_type),
            direction=int(body.direction),
            # the wire model's default (the spec's) may be the plain value rather than the enum member
            time_in_force=str(getattr(body.time_in_force, "value", body.time_in_force) or "GTC"),
            create_time=now,
            update_time=now,
            price=_fmt(price) if price is not None else None,
            num=_fmt(qty),
            amount=_fmt(amount) if amount is not None else None,
        )
        buy = order.direction == 1
        crosses = price is None or (buy and market_price <= price) or (not buy and market_price >= price)
        if is_limit and not crosses and order.time_in_force in ("IOC", "FOK"):
            order.status = "7"
            self.state.orders.append(order)
            self._emit("ORDER_EXPIRED_REPORT", account, order, remark="IOC/FOK limit order could not fill")
            return self._order_result(account, order)
        # reserve funds: quote for buys (with fee), base for sells
        reserve_ccy = product.quote if buy else product.base
        reserve = (notional * (1 + FEE_RATE)) if buy else qty
        self._move(account.id, reserve_ccy, free=-reserve, locked=reserve)
        order.locked_currency, order.locked_amount = reserve_ccy, _fmt(reserve)
        self.state.orders.append(order)
        if crosses:
            # a crossing limit order trades at the better of its limit and the market
            best = (
                market_price
                if price is None
                else min(market_price, price)
                if buy
                else max(market_price, price)
            )
            self._fill(account, order, product, best)
        else:
            self._emit("ORDER_EXEC_REPORT", account, order)
        return self._order_result(account, order)

    def _order_result(self, account: Account, order: Order) -> dict[str, Any]:
        """The generated ``PlaceOrderResult``."""
        return models.PlaceOrderResult(
            exchange_id=account.exchange_code,
            order_id=order.order_id,
            client_order_id=order.client_order_id,
            status=models.OrderStatus(order.status),
        ).to_dict()

    def _fill(self, account: Account, order: Order, product: Product, price: Decimal) -> None:
        qty = _dec(order.num or "0")
        notional = qty * price
        fee = (notional * FEE_RATE).quantize(Decimal("0.00000001"))
        locked = _dec(order.locked_amount)
        if order.direction == 1:
            cost = notional + fee
            self._move(account.id, product.quote, free=locked - cost, locked=-locked)
            self._move(account.id, product.base, free=qty)
        else:
            self._move(account.id, product.base, locked=-locked)
            self._move(account.id, product.quote, free=notional - fee)
        now = self.clock_ms()
        order.status, order.executed_num, order.avg_price = "2", order.num or "0", _fmt(price)
        order.locked_amount, order.update_time = "0", now
        fill = Fill(
            trade_id=str(self.state.next_id("trade", 900_000_001)),
            order_id=order.order_id,
            client_order_id=order.client_order_id,
            account_id=account.id,
            symbol_id=order.symbol_id,
            direction=order.direction,
            execute_num=order.num or "0",
            execute_price=_fmt(price),
            execute_time=now,
            commission=_fmt(-fee),
            commission_currency=product.quote,
        )
        self.state.fills.append(fill)
        self._emit("ORDER_EXEC_REPORT", account, order, fill=fill)

    def match_resting(self) -> int:
        """Fill resting limit orders whose price the feed has crossed; return how many filled."""
        now = self.clock_ms()
        filled = 0
        for order in self.state.orders:
            if not order.is_open or order.order_type != 2 or order.price is None:
                continue
            limit = _dec(order.price)
            market_price = self.market.price(order.symbol_id, now)
            if (order.direction == 1 and market_price <= limit) or (
                order.direction == 2 and market_price >= limit
            ):
                account = next(a for a in self.state.accounts if a.id == order.account_id)
                self._fill(account, order, PRODUCTS[order.symbol_id], limit)
                filled += 1
        return filled

    def _find_order(self, account: Account, body: Any) -> Order:
        for order in self.state.orders:
            if order.account_id != account.id or order.symbol_id != body.symbol_id:
                continue
            if (body.order_id and order.order_id == body.order_id) or (
                not body.order_id and body.client_order_id and order.client_order_id == body.client_order_id
            ):
                if self.clock_ms() - order.create_time > time_window("query_order")["history-ms"]:
                    raise SandboxError(Codes.ORDER_TOO_OLD, "only orders of the last 3 months can be queried")
                return order
        raise SandboxError(Codes.ORDER_NOT_FOUND, "order does not exist")

    def query_order(self, company_id: int, body: wm.OrderLookup) -> dict[str, Any]:
        account = self._trading_account(company_id, body)
        self.match_resting()
        order = self._find_order(account, body)
        details = models.OrderDetails(
            exchange_id=account.exchange_code,
            order_id=order.order_id,
            client_order_id=order.client_order_id,
            status=models.OrderStatus(order.status),
            time_in_force=models.TimeInForce(order.time_in_force),
            symbol_id=order.symbol_id,
            biz_type=order.order_type,
        )
        unpublished = {  # the page lists fields up to bizType; these arrive as additional properties
            "direction": order.direction,
            "price": order.price,
            "num": order.num,
            "amount": order.amount,
            "executedNum": order.executed_num,
            "avgPrice": order.avg_price,
            "createTime": order.create_time,
            "updateTime": order.update_time,
        }
        details.additional_properties.update({k: v for k, v in unpublished.items() if v is not None})
        return details.to_dict()

    def query_trade_records(self, company_id: int, body: wm.QueryTradeRecordsRequest) -> list[dict[str, Any]]:
        account = self._trading_account(company_id, body)
        self.match_resting()
        now = self.clock_ms()
        end = body.end_time if body.end_time is not None else now
        window = time_window("query_trade_records")
        start = body.start_time if body.start_time is not None else end - window["max-ms"]
        if end < start or end - start > window["max-ms"]:
            raise SandboxError(Codes.WINDOW_TOO_LONG, "endTime - startTime must be between 0 and 24 hours")
        if now - start > window["history-ms"]:
            raise SandboxError(Codes.ORDER_TOO_OLD, "only the last 3 months can be queried")
        rows = [
            f.record()
            for f in self.state.fills
            if f.account_id == account.id and f.symbol_id == body.symbol_id and start <= f.execute_time <= end
        ]
        limit = body.limit if body.limit is not None and 1 <= body.limit <= 100 else 20  # page rule
        return rows[:limit]

    def cancel_order(self, company_id: int, body: wm.OrderLookup) -> dict[str, Any]:
        account = self._trading_account(company_id, body)
        self.match_resting()
        order = self._find_order(account, body)
        if not order.is_open:
            raise SandboxError(
                Codes.ORDER_NOT_OPEN, f"order {order.order_id} is not open (status {order.status})"
            )
        if order.locked_currency:
            locked = _dec(order.locked_amount)
            self._move(account.id, order.locked_currency, free=locked, locked=-locked)
        order.status, order.locked_amount, order.update_time = "4", "0", self.clock_ms()
        self._emit("ORDER_CANCEL_REPORT", account, order, remark="cancelled by the customer")
        self._emit("ORDER_EXEC_REPORT", account, order)
        return {
            "exchangeId": account.exchange_code,
            "orderId": order.order_id,
            "clientOrderId": order.client_order_id,
        }

    # ------------------------------------------------------------------ subscriptions and reference data
