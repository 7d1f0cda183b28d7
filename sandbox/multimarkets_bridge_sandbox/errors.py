"""Errors the sandbox answers with, and the envelope they become.

Vendor codes where the vendor documents one (shared/bridge-api/errors.md); codes starting ``SANDBOX_``
are this project's own, used where the vendor publishes none (trading and account errors).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

__all__ = ["FIELD_FORMAT_ERRORS", "MISSING_ALTERNATIVE_ERRORS", "Codes", "SandboxError"]


class Codes:
    """Every code the sandbox can answer with."""

    SIGNATURE = "00012001"
    TIME_WINDOW = "00012002"
    UNKNOWN_API_KEY = "00012003"
    NO_PERMISSION = "00012004"
    TOO_FREQUENT = "00012005"
    UNKNOWN_BIZ_TYPE = "GGATEWAY_CODE_002"
    NO_COMPANY_ID = "GGATEWAY_CODE_003"
    NO_TRACE = "GGATEWAY_CODE_004"
    EMPTY_BODY = "GGATEWAY_CODE_006"
    MISSING_HEADER = "GGATEWAY_CODE_009"
    INVALID_PARAMETER = "GGATEWAY_CODE_015"
    NOT_POST = "GGATEWAY_CODE_016"
    SYSTEM_ERROR = "G500"
    CUSTOMER_NOT_FOUND = "USCUSTOMER_API_0000003"
    ACTION_NOT_ALLOWED = "USCUSTOMER_API_0000004"
    PHONE_OR_EMAIL_REQUIRED = "USCUSTOMER_API_0000105"
    PHONE_EXISTS = "USCUSTOMER_API_0000106"
    EMAIL_EXISTS = "USCUSTOMER_API_0000107"
    BALANCE_PRESENT = "USCUSTOMER_API_0000118"
    OUTSTANDING_ORDERS = "USCUSTOMER_API_0000119"
    CUSTOMER_DISABLED = "USCUSTOMER_API_0000158"
    GROUP_NOT_FOUND = "USCUSTOMER_API_0000301"
    CUSTOMER_INVALID_PARAMETER = "USCUSTOMER_API_0000501"
    BAD_PHONE = "USCUSTOMER_API_0000504"
    BAD_COUNTRY = "USCUSTOMER_API_0000507"
    BAD_EMAIL = "USCUSTOMER_API_0000510"
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


#: Vendor codes for a body field that breaks its spec format, where the vendor has a dedicated one.
FIELD_FORMAT_ERRORS: dict[str, tuple[str, str]] = {
    "phone": ("USCUSTOMER_API_0000504", "enter a correct mobile number"),
    "email": ("USCUSTOMER_API_0000510", "enter a correct email"),
    "country": ("USCUSTOMER_API_0000507", "country must be a 2-letter code such as CN"),
}

#: Vendor codes for a body that has none of the spec's alternative required fields (``anyOf``), where
#: the vendor has a dedicated one; other operations answer with their invalid-parameter code.
MISSING_ALTERNATIVE_ERRORS: dict[str, tuple[str, str]] = {
    "register_customer": (Codes.PHONE_OR_EMAIL_REQUIRED, "mobile number or email is required"),
}


@dataclass
class SandboxError(Exception):
    """A failed request: becomes an error envelope (``ok=false``) with ``http_status``."""

    code: str
    msg: str
    http_status: int = 200
    headers: Mapping[str, str] = field(default_factory=dict)

    def __str__(self) -> str:
        return f"[{self.code}] {self.msg}"
