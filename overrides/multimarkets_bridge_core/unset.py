"""``UNSET``: the marker of a body field that was not given (left out of the JSON body)."""

from typing import Literal

__all__ = ["UNSET", "Unset"]


class Unset:
    """Marks a field that was not set (and is therefore left out of the JSON body)."""

    def __bool__(self) -> Literal[False]:
        return False

    def __repr__(self) -> str:
        return "UNSET"


UNSET: Unset = Unset()
