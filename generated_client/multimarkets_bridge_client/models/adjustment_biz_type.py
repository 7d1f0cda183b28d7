from enum import IntEnum


class AdjustmentBizType(IntEnum):
    MARKET_OPEN = 1
    MARKET_CLOSE = 2
    LIMIT_PENDING = 10
    STOP_LOSS_PENDING = 11
    LIMIT_OPEN = 12

    def __str__(self) -> str:
        return str(self.value)
