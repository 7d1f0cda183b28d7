from enum import StrEnum


class OrderStatus(StrEnum):
    CANCELLED_BY_CUSTOMER = "4"
    CANCELLED_BY_PLATFORM = "5"
    EXPIRED = "7"
    FILLED = "2"
    PARTIALLY_FILLED = "3"
    REJECTED = "6"
    SUBMITTED = "1"

    def __str__(self) -> str:
        return str(self.value)
