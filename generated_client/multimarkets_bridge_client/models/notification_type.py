from enum import StrEnum


class NotificationType(StrEnum):
    ORDER_CANCEL_REPORT = "ORDER_CANCEL_REPORT"
    ORDER_EXEC_REPORT = "ORDER_EXEC_REPORT"
    ORDER_EXPIRED_REPORT = "ORDER_EXPIRED_REPORT"
    QUOTE_TAG = "QUOTE_TAG"

    def __str__(self) -> str:
        return str(self.value)
