from enum import StrEnum


class CustomerDetailType(StrEnum):
    BASE_INFO = "baseInfo"

    def __str__(self) -> str:
        return str(self.value)
