from enum import StrEnum


class ExchangeId(StrEnum):
    BINANCE = "binance"
    OKX = "okx"

    def __str__(self) -> str:
        return str(self.value)
