from enum import IntEnum


class IsTest(IntEnum):
    REAL = 0
    TEST = 1

    def __str__(self) -> str:
        return str(self.value)
