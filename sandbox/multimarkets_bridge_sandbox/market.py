"""Deterministic products and price feed of the sandbox.

``price(symbol, t)`` is a smooth oscillation around the product's base price, fixed by the seed, so a
test that controls the clock knows every price. ``set_price`` pins a price (e.g. to make a resting
limit order cross).
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from decimal import ROUND_DOWN, Decimal

__all__ = ["PRODUCTS", "Market", "Product"]


@dataclass(frozen=True)
class Product:
    symbol_id: int
    code: str
    base: str
    quote: str
    price: Decimal
    digits: int
    qty_digits: int


PRODUCTS: dict[int, Product] = {
    p.symbol_id: p
    for p in (
        Product(1, "BTCUSDT", "BTC", "USDT", Decimal("60000"), 2, 6),
        Product(2, "ETHUSDT", "ETH", "USDT", Decimal("3000"), 2, 5),
        Product(3, "SOLUSDT", "SOL", "USDT", Decimal("150"), 3, 3),
    )
}
PERIOD_SECONDS = 600.0
AMPLITUDE = 0.02


class Market:
    def __init__(self, seed: int) -> None:
        rnd = random.Random(seed)
        self._phase = {symbol: rnd.uniform(0, 2 * math.pi) for symbol in PRODUCTS}
        self._pinned: dict[int, Decimal] = {}

    def price(self, symbol_id: int, now_ms: int) -> Decimal:
        if symbol_id in self._pinned:
            return self._pinned[symbol_id]
        product = PRODUCTS[symbol_id]
        wave = math.sin(2 * math.pi * (now_ms / 1000) / PERIOD_SECONDS + self._phase[symbol_id])
        raw = product.price * Decimal(str(round(1 + AMPLITUDE * wave, 8)))
        return raw.quantize(Decimal(1).scaleb(-product.digits), rounding=ROUND_DOWN)

    def set_price(self, symbol_id: int, price: Decimal | str | None) -> None:
        """Pin a price (``None`` returns to the feed)."""
        if price is None:
            self._pinned.pop(symbol_id, None)
        else:
            self._pinned[symbol_id] = Decimal(str(price))
