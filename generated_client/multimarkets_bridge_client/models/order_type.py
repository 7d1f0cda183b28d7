from enum import IntEnum


class OrderType(IntEnum):
    MARKET = 1
    LIMIT = 2

    def __str__(self) -> str:
        return str(self.value)
