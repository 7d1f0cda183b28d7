from enum import StrEnum


class ExchangeCode(StrEnum):
    BINANCE = "binance"
    CUMBERLAND = "cumberland"
    OKX = "okx"

    def __str__(self) -> str:
        return str(self.value)
