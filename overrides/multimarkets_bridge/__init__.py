"""multimarkets-bridge: typed, signed client for the MultiMarkets Bridge API.

Quick start::

    from multimarkets_bridge import BridgeClient

    with BridgeClient.from_env() as client:
        page = client.list_customers(current="1", size="20")

Operation methods, request models and enums are generated from ``spec/bridge-api.openapi.yaml``
(package ``multimarkets_bridge_client``); this package adds signing, envelope unwrapping, typed errors,
retries and pacing.
"""

from importlib import import_module
from typing import TYPE_CHECKING, Any

from multimarkets_bridge_client import models
from multimarkets_bridge_client.facade import OPERATIONS, CallOptions, Operation, RawResponse
from multimarkets_bridge_client.types import UNSET, Unset

from .auth import BridgeAuth
from .client import DEFAULT_TIMEOUT, PRODUCTION_BASE_URL, TEST_BASE_URL, AsyncBridgeClient, BridgeClient
from .coordination import Coordinator, InProcessCoordinator, RateBudget, RedisCoordinator
from .errors import (
    APIError,
    AuthenticationError,
    BannedError,
    BridgeError,
    ConfigurationError,
    ConflictError,
    ForbiddenError,
    GatewayError,
    HTTPStatusError,
    IdempotencyKeyReusedError,
    InvalidRequestError,
    NotFoundError,
    OutcomeUnknownError,
    PermissionDeniedError,
    RateLimitError,
    ResponseValidationError,
    ServerError,
    SignatureError,
    SigningKeyError,
    TimeoutError,
    TimestampError,
    TransportError,
    ValidationError,
)
from .hooks import CallEvent
from .signing import RsaSha1Signer, RsaSha1Verifier, Signer, Verifier, canonical_string, generate_key_pair

if TYPE_CHECKING:
    from multimarkets_bridge_client.models import (
        AccountType,
        Direction,
        ExchangeCode,
        ExchangeId,
        IsTest,
        OrderStatus,
        OrderType,
        RegisterSource,
        TimeInForce,
        TradeType,
    )

_ENUMS = frozenset(
    {
        "AccountType",
        "Direction",
        "ExchangeCode",
        "ExchangeId",
        "IsTest",
        "OrderStatus",
        "OrderType",
        "RegisterSource",
        "TimeInForce",
        "TradeType",
    }
)

__version__ = "0.1.0"


def __getattr__(name: str) -> Any:
    """The spec's enums, imported on first use (``from multimarkets_bridge import OrderType``)."""
    if name not in _ENUMS:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module("multimarkets_bridge_client.models"), name)
    globals()[name] = value
    return value


__all__ = [
    "DEFAULT_TIMEOUT",
    "OPERATIONS",
    "PRODUCTION_BASE_URL",
    "TEST_BASE_URL",
    "UNSET",
    "APIError",
    "AccountType",
    "AsyncBridgeClient",
    "AuthenticationError",
    "BannedError",
    "BridgeAuth",
    "BridgeClient",
    "BridgeError",
    "CallEvent",
    "CallOptions",
    "ConfigurationError",
    "ConflictError",
    "Coordinator",
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
    "NotFoundError",
    "Operation",
    "OrderStatus",
    "OrderType",
    "OutcomeUnknownError",
    "PermissionDeniedError",
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
    "TimeInForce",
    "TimeoutError",
    "TimestampError",
    "TradeType",
    "TransportError",
    "Unset",
    "ValidationError",
    "Verifier",
    "canonical_string",
    "generate_key_pair",
    "models",
]
