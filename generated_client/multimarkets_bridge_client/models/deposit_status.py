from enum import StrEnum


class DepositStatus(StrEnum):
    COMPLETED = "6"
    FAILED = "5"
    MAYBE_FROZEN = "2"
    WAITING_CUSTOMER_CONFIRMATION = "3"
    WAITING_DEPOSIT = "1"
    WAITING_PLATFORM_CONFIRMATION = "4"

    def __str__(self) -> str:
        return str(self.value)
