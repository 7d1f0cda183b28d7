from enum import IntEnum


class TradeType(IntEnum):
    TRADING_BRIDGE = 10

    def __str__(self) -> str:
        return str(self.value)
