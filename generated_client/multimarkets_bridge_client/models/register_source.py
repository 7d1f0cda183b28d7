from enum import IntEnum


class RegisterSource(IntEnum):
    H5 = 1
    PC_WEB = 2
    SYSTEM = 3
    ANDROID = 4
    IOS = 5
    HARMONY_OS = 6
    PC_WINDOWS = 7
    PC_MAC = 8
    OTHER = 9

    def __str__(self) -> str:
        return str(self.value)
