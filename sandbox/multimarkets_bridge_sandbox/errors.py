"""Errors the sandbox answers with, and the envelope they become.

Vendor codes come from the spec (``x-error-codes``, by name), the same table the SDK maps to its
exceptions; codes starting ``SANDBOX_`` are this project's own, used where the vendor publishes none
(trading and account errors).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from multimarkets_bridge_client.registry import ERROR_CODES

__all__ = ["Codes", "SandboxError"]


def _vendor(name: str) -> str:
    """The vendor code the spec (``x-error-codes``) declares under ``name``."""
    for code, entry in ERROR_CODES.items():
        if entry.name == name:
            return code
    raise LookupError(f"x-error-codes has no entry named {name!r}")


class Codes:
    """Every code the sandbox can answer with: vendor codes by their spec name, then our own."""

    SIGNATURE = _vendor("SIGNATURE")
    TIME_WINDOW = _vendor("TIME_WINDOW")
    UNKNOWN_API_KEY = _vendor("UNKNOWN_API_KEY")
    NO_PERMISSION = _vendor("NO_PERMISSION")
    TOO_FREQUENT = _vendor("TOO_FREQUENT")
    UNKNOWN_BIZ_TYPE = _vendor("UNKNOWN_BIZ_TYPE")
    NO_COMPANY_ID = _vendor("NO_COMPANY_ID")
    NO_TRACE = _vendor("NO_TRACE")
    EMPTY_BODY = _vendor("EMPTY_BODY")
    MISSING_HEADER = _vendor("MISSING_HEADER")
    INVALID_PARAMETER = _vendor("INVALID_PARAMETER")
    NOT_POST = _vendor("NOT_POST")
    SYSTEM_ERROR = _vendor("SYSTEM_ERROR")
    CUSTOMER_NOT_FOUND = _vendor("CUSTOMER_NOT_FOUND")
    ACTION_NOT_ALLOWED = _vendor("ACTION_NOT_ALLOWED")
    PHONE_OR_EMAIL_REQUIRED = _vendor("PHONE_OR_EMAIL_REQUIRED")
    PHONE_EXISTS = _vendor("PHONE_EXISTS")
    EMAIL_EXISTS = _vendor("EMAIL_EXISTS")
    BALANCE_PRESENT = _vendor("BALANCE_PRESENT")
    OUTSTANDING_ORDERS = _vendor("OUTSTANDING_ORDERS")
    CUSTOMER_DISABLED = _vendor("CUSTOMER_DISABLED")
    GROUP_NOT_FOUND = _vendor("GROUP_NOT_FOUND")
    CUSTOMER_INVALID_PARAMETER = _vendor("CUSTOMER_INVALID_PARAMETER")
    BAD_PHONE = _vendor("BAD_PHONE")
    BAD_COUNTRY = _vendor("BAD_COUNTRY")
    BAD_EMAIL = _vendor("BAD_EMAIL")
    # project codes (no vendor code published)
    ACCOUNT_NOT_FOUND = "SANDBOX_ACCOUNT_NOT_FOUND"
    ACCOUNT_EXISTS = "SANDBOX_ACCOUNT_EXISTS"
    EXCHANGE_MISMATCH = "SANDBOX_EXCHANGE_MISMATCH"
    SYMBOL_NOT_FOUND = "SANDBOX_SYMBOL_NOT_FOUND"
    ORDER_NOT_FOUND = "SANDBOX_ORDER_NOT_FOUND"
    ORDER_TOO_OLD = "SANDBOX_ORDER_TOO_OLD"
    ORDER_NOT_OPEN = "SANDBOX_ORDER_NOT_OPEN"
    DUPLICATE_CLIENT_ORDER_ID = "SANDBOX_DUPLICATE_CLIENT_ORDER_ID"
    MIN_NOTIONAL = "SANDBOX_MIN_NOTIONAL"
    INSUFFICIENT_BALANCE = "SANDBOX_INSUFFICIENT_BALANCE"
    WINDOW_TOO_LONG = "SANDBOX_WINDOW_TOO_LONG"
    OPEN_ORDERS = "SANDBOX_OPEN_ORDERS"
    CUSTOMER_MISMATCH = "SANDBOX_CUSTOMER_MISMATCH"
    QUANTITY_TOO_SMALL = "SANDBOX_QUANTITY_TOO_SMALL"
    QUANTITY_TOO_LARGE = "SANDBOX_QUANTITY_TOO_LARGE"


@dataclass
class SandboxError(Exception):
    """A failed request: becomes an error envelope (``ok=false``) with ``http_status``."""

    code: str
    msg: str
    http_status: int = 200
    headers: Mapping[str, str] = field(default_factory=dict)

    def __str__(self) -> str:
        return f"[{self.code}] {self.msg}"
