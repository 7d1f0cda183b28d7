from enum import StrEnum


class AdjustmentOperationType(StrEnum):
    ABNORMAL_OVERTRADING = "ABNORMAL_OVERTRADING"
    NORMAL_CLOSE = "NORMAL_CLOSE"
    OPEN_POSITION = "OPEN_POSITION"

    def __str__(self) -> str:
        return str(self.value)
