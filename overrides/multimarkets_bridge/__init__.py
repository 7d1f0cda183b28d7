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

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
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
    from .errors import APITimeoutError as TimeoutError  # noqa: F401  (deprecated alias: warns at run time)
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

#: Public name -> module it lives in (imported on first use, PEP 562).
_LAZY: dict[str, str] = {
    "APIError": ".errors",
    "AccountType": "multimarkets_bridge_client.models",
    "AsyncBridgeClient": ".client",
    "AsyncPager": ".pagination",
    "AuthenticationError": ".errors",
    "BannedError": ".errors",
    "Booking": ".coordination",
    "BridgeAuth": ".auth",
    "BridgeClient": ".client",
    "BridgeError": ".errors",
    "JournalError": ".journal",
    "UnsettledWrite": ".outbox",
    "CancelOrderResult": "multimarkets_bridge_client.models",
    "CallEvent": ".hooks",
    "CallOptions": ".operation",
    "ConfigurationError": ".errors",
    "ConflictError": ".errors",
    "CoordinatorError": ".errors",
    "Coordinator": ".coordination",
    "DEFAULT_TIMEOUT": ".client",
    "Direction": "multimarkets_bridge_client.models",
    "ExchangeCode": "multimarkets_bridge_client.models",
    "ExchangeId": "multimarkets_bridge_client.models",
    "ForbiddenError": ".errors",
    "GatewayError": ".errors",
    "HTTPStatusError": ".errors",
    "IdempotencyKeyReusedError": ".errors",
    "InProcessCoordinator": ".coordination",
    "InvalidRequestError": ".errors",
    "IsTest": "multimarkets_bridge_client.models",
    "NotFoundError": ".errors",
    "OPERATIONS": "multimarkets_bridge_client.registry",
    "Operation": ".operation",
    "OrderStatus": "multimarkets_bridge_client.models",
    "OrderType": "multimarkets_bridge_client.models",
    "OutcomeUnknownError": ".errors",
    "PRODUCTION_BASE_URL": ".client",
    "Pager": ".pagination",
    "PlaceOrderResult": "multimarkets_bridge_client.models",
    "PaginationError": ".errors",
    "PermissionDeniedError": ".errors",
    "RateBudget": ".coordination",
    "RateLimitError": ".errors",
    "RawResponse": ".operation",
    "RedisCoordinator": ".redis_coordination",
    "RegisterSource": "multimarkets_bridge_client.models",
    "ResponseValidationError": ".errors",
    "RsaSha1Signer": ".signing",
    "RsaSha1Verifier": ".signing",
    "ServerError": ".errors",
    "SignatureError": ".errors",
    "Signer": ".signing",
    "SigningKeyError": ".errors",
    "TEST_BASE_URL": ".client",
    "TimeInForce": "multimarkets_bridge_client.models",
    "ThrottledError": ".errors",
    "TimeoutError": ".errors",  # deprecated alias of APITimeoutError: warns (below), not in __all__
    "APITimeoutError": ".errors",
    "TimestampError": ".errors",
    "TradeType": "multimarkets_bridge_client.models",
    "TradingAccountSelector": "multimarkets_bridge_client.models",
    "TransportError": ".errors",
    "UNSET": "multimarkets_bridge_client.types",
    "Unset": "multimarkets_bridge_client.types",
    "ValidationError": ".errors",
    "Verifier": ".signing",
    "WireDecimal": ".money",
    "canonical_string": ".signing",
    "generate_key_pair": ".signing",
    "models": "multimarkets_bridge_client.models",
}


if not TYPE_CHECKING:  # a type checker sees the imports above, never a catch-all __getattr__

    def __getattr__(name: str) -> Any:
        """Public names, imported on first use: ``import multimarkets_bridge`` (and so the CLI, the
        webhook receiver, the sandbox) loads nothing else. Imported eagerly, the package cost 290 ms
        more per process. Type checkers see the imports above instead (each name's real type); a test
        keeps the two lists and ``__all__`` equal."""
        module = _LAZY.get(name)
        if module is None:
            raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
        if name == "TimeoutError":  # the deprecated alias warns on every use
            import warnings

            warnings.warn(
                "multimarkets_bridge.TimeoutError is deprecated: use APITimeoutError (the old name "
                "shadows the builtin TimeoutError)",
                DeprecationWarning,
                stacklevel=2,
            )
            return import_module(module, __name__).APITimeoutError
        if name == "models":
            value: Any = import_module(module)
        else:
            value = getattr(import_module(module, __name__), name)
        globals()[name] = value
        return value


def __dir__() -> list[str]:
    return sorted([*globals(), *_LAZY])


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
