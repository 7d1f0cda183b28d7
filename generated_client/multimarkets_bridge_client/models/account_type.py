from enum import StrEnum


class AccountType(StrEnum):
    FUTURES = "futures"
    SPOT = "spot"

    def __str__(self) -> str:
        return str(self.value)
