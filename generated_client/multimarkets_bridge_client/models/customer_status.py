from enum import IntEnum


class CustomerStatus(IntEnum):
    NORMAL = 1
    DISABLED = 2
    DELETED = 3
    CLOSED = 4
    LOCKED = 5
    CLOSING = 6

    def __str__(self) -> str:
        return str(self.value)
