"""multimarkets-bridge: typed, signed client for the MultiMarkets Bridge API.

Quick start:

```python
from multimarkets_bridge import BridgeClient

with BridgeClient.from_env() as client:
    page = client.list_customers(current=1, size=20)
```

Operation methods, request models and enums are generated from ``spec/bridge-api.openapi.yaml``
(package ``multimarkets_bridge_client``); this package adds signing, envelope unwrapping, typed errors,
retries and pacing.
"""

from typing import TYPE_CHECKING

from multimarkets_bridge_client import models
from multimarkets_bridge_client.models import (
    AccountType,
    CancelOrderResult,
    Direction,
    ExchangeCode,
    ExchangeId,
    IsTest,
    OrderStatus,
    OrderType,
    PlaceOrderResult,
    RegisterSource,
    TimeInForce,
    TradeType,
    TradingAccountSelector,
)
from multimarkets_bridge_client.registry import OPERATIONS
from multimarkets_bridge_client.types import UNSET, Unset

from .auth import (
    BridgeAuth,
)
from .client import (
    DEFAULT_TIMEOUT,
    PRODUCTION_BASE_URL,
    TEST_BASE_URL,
    AsyncBridgeClient,
    BridgeClient,
)
from .coordination import (
    Booking,
    Coordinator,
    InProcessCoordinator,
    RateBudget,
)
from .errors import (
    APIError,
    APITimeoutError,
    AuthenticationError,
    BannedError,
    BridgeError,
    ConfigurationError,
    ConflictError,
    CoordinatorError,
    ForbiddenError,
    GatewayError,
    HTTPStatusError,
    IdempotencyKeyReusedError,
    InvalidRequestError,
    NotFoundError,
    OutcomeUnknownError,
    PaginationError,
    PermissionDeniedError,
    RateLimitError,
    ResponseValidationError,
    ServerError,
    SignatureError,
    SigningKeyError,
    ThrottledError,
    TimestampError,
    TransportError,
    ValidationError,
)
from .hooks import (
    CallEvent,
)
from .journal import JournalError
from .money import (
    WireDecimal,
)
from .operation import (
    CallOptions,
    Operation,
    RawResponse,
)
from .outbox import UnsettledWrite
from .pagination import (
    AsyncPager,
    Pager,
)
from .redis_coordination import RedisCoordinator
from .signing import (
    RsaSha1Signer,
    RsaSha1Verifier,
    Signer,
    Verifier,
    canonical_string,
    generate_key_pair,
)

__version__ = "0.2.0"

from .logs import configure_from_env as _configure_logs

_configure_logs()


if TYPE_CHECKING:  # a type checker sees the alias, never a catch-all __getattr__
    from .errors import APITimeoutError as TimeoutError  # noqa: F401
else:

    def __getattr__(name: str) -> type[APITimeoutError]:
        """Only the deprecated alias ``TimeoutError`` (of ``APITimeoutError``): it warns on every use."""
        if name != "TimeoutError":
            raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
        import warnings

        warnings.warn(
            "multimarkets_bridge.TimeoutError is deprecated: use APITimeoutError (the old name "
            "shadows the builtin TimeoutError)",
            DeprecationWarning,
            stacklevel=2,
        )
        return APITimeoutError


__all__ = [
    "DEFAULT_TIMEOUT",
    "OPERATIONS",
    "PRODUCTION_BASE_URL",
    "TEST_BASE_URL",
    "UNSET",
    "APIError",
    "APITimeoutError",
    "AccountType",
    "AsyncBridgeClient",
    "AsyncPager",
    "AuthenticationError",
    "BannedError",
    "Booking",
    "BridgeAuth",
    "BridgeClient",
    "BridgeError",
    "CallEvent",
    "CallOptions",
    "CancelOrderResult",
    "ConfigurationError",
    "ConflictError",
    "Coordinator",
    "CoordinatorError",
    "Direction",
    "ExchangeCode",
    "ExchangeId",
    "ForbiddenError",
    "GatewayError",
    "HTTPStatusError",
    "IdempotencyKeyReusedError",
    "InProcessCoordinator",
    "InvalidRequestError",
    "IsTest",
    "JournalError",
    "NotFoundError",
    "Operation",
    "OrderStatus",
    "OrderType",
    "OutcomeUnknownError",
    "Pager",
    "PaginationError",
    "PermissionDeniedError",
    "PlaceOrderResult",
    "RateBudget",
    "RateLimitError",
    "RawResponse",
    "RedisCoordinator",
    "RegisterSource",
    "ResponseValidationError",
    "RsaSha1Signer",
    "RsaSha1Verifier",
    "ServerError",
    "SignatureError",
    "Signer",
    "SigningKeyError",
    "ThrottledError",
    "TimeInForce",
    "TimestampError",
    "TradeType",
    "TradingAccountSelector",
    "TransportError",
    "Unset",
    "UnsettledWrite",
    "ValidationError",
    "Verifier",
    "WireDecimal",
    "canonical_string",
    "generate_key_pair",
    "models",
]
