"""Client settings that come from outside the code: the ``MULTIMARKETS_*`` environment, and the
checks that refuse unusable constructor arguments up front (``ConfigurationError``), never as an
``AttributeError`` in the first call."""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, Generic, TypedDict, TypeVar

import httpx

from .auth import SIGNED_HEADERS, header_problem
from .errors import ConfigurationError

if TYPE_CHECKING:
    from .coordination import Coordinator, RateBudget
    from .hooks import Hook
    from .signing import Signer

__all__ = [
    "TEST_BASE_URL",
    "ClientOptions",
    "HttpT",
    "TransportT",
    "check_base_url",
    "check_core_settings",
    "check_default_headers",
    "check_parts",
    "check_timeout",
    "settings_from_env",
]

TEST_BASE_URL = "https://pre-api-test.cmfbl.com/webhook"


#: ``httpx.Client`` / ``httpx.AsyncClient``, and the transport type that goes with it
HttpT = TypeVar("HttpT", httpx.Client, httpx.AsyncClient)
TransportT = TypeVar("TransportT", httpx.BaseTransport, httpx.AsyncBaseTransport)


class ClientOptions(TypedDict, Generic[HttpT, TransportT], total=False):
    """The keyword arguments of ``BridgeClient`` (``ClientOptions[httpx.Client, httpx.BaseTransport]``)
    and ``AsyncBridgeClient``; ``from_env`` takes them as overrides (``tests/test_client_options.py``
    checks that they match the constructor)."""

    api_key: str
    company_id: str | int
    secret_key: str | None
    signer: Signer | None
    base_url: str
    lang: str
    recv_window: int | None
    timeout: float | httpx.Timeout
    max_retries: int
    rate_limit_per_minute: int | None
    rate_budget: RateBudget | None
    coordinator: Coordinator | None
    lookup_attempts: int
    transport: TransportT | None
    http_client: HttpT | None
    default_headers: Mapping[str, str] | None
    clock: Callable[[], float] | None
    monotonic_clock: Callable[[], float] | None
    sleep: Callable[[float], object] | None
    trace_factory: Callable[[], str] | None
    on_request: Hook | None
    on_response: Hook | None
    on_error: Hook | None


def settings_from_env(overrides: Mapping[str, Any]) -> dict[str, Any]:
    def required(name: str) -> str:
        value = os.environ.get(name)
        if not value:
            raise ConfigurationError(f"environment variable {name} is not set")
        return value

    settings: dict[str, Any] = {
        "base_url": os.environ.get("MULTIMARKETS_BASE_URL") or TEST_BASE_URL,
        "api_key": required("MULTIMARKETS_API_KEY"),
        "company_id": required("MULTIMARKETS_COMPANY_ID"),
    }
    if os.environ.get("MULTIMARKETS_LANG"):
        settings["lang"] = os.environ["MULTIMARKETS_LANG"]
    if os.environ.get("MULTIMARKETS_RECV_WINDOW"):
        raw = os.environ["MULTIMARKETS_RECV_WINDOW"]
        if not raw.isdigit():
            raise ConfigurationError("MULTIMARKETS_RECV_WINDOW must be an integer (ms)")
        settings["recv_window"] = int(raw)
    settings.update(overrides)
    if "secret_key" not in settings and "signer" not in settings:
        settings["secret_key"] = required("MULTIMARKETS_SECRET_KEY")  # last: no error follows it here
    return settings


_COORDINATOR_METHODS = ("reserve", "confirm", "release", "finish", "blocked", "block", "clock_offset_ms")


def check_parts(
    async_client: bool,
    transport: Any,
    http_client: Any,
    coordinator: Any,
    signer: Any,
    *callables: Any,
) -> None:
    """Refuse wrong-typed collaborators at construction, not as an AttributeError in the first call."""
    wanted = httpx.AsyncBaseTransport if async_client else httpx.BaseTransport
    if transport is not None and not isinstance(transport, wanted):
        raise ConfigurationError(f"transport must be an {wanted.__module__}.{wanted.__name__}")
    client_type = httpx.AsyncClient if async_client else httpx.Client
    if http_client is not None:
        if not isinstance(http_client, client_type):
            raise ConfigurationError(f"http_client must be an httpx.{client_type.__name__}")
        if transport is not None:
            raise ConfigurationError(
                "give either transport or http_client: a caller's http_client already has its transport"
            )
        if http_client.is_closed:
            raise ConfigurationError("http_client is closed")
    if coordinator is not None and not all(
        callable(getattr(coordinator, m, None)) for m in _COORDINATOR_METHODS
    ):
        raise ConfigurationError("coordinator must implement the Coordinator protocol")
    if signer is not None and not callable(getattr(signer, "sign", None)):
        raise ConfigurationError("signer must have a sign(body, timestamp) method")
    if any(value is not None and not callable(value) for value in callables):
        raise ConfigurationError("clock, monotonic_clock, sleep and trace_factory must be callables")


def check_timeout(timeout: Any) -> None:
    if not isinstance(timeout, httpx.Timeout) and (
        isinstance(timeout, bool) or not isinstance(timeout, int | float) or not timeout > 0
    ):
        raise ConfigurationError("timeout must be a positive number of seconds or an httpx.Timeout")


def check_default_headers(headers: Any) -> dict[str, str]:
    """``default_headers`` as lower-cased names (sent with every call, before ``extra_headers``); the
    signed headers are the SDK's to set."""
    if headers is None:
        return {}
    if not isinstance(headers, Mapping):
        raise ConfigurationError("default_headers must be a mapping of header names to values")
    for name, value in headers.items():
        problem = header_problem(name, value)
        if problem is not None:
            raise ConfigurationError(f"default_headers: {problem}")
    lowered = {name.lower(): value for name, value in headers.items()}
    taken = sorted(name for name in lowered if name in SIGNED_HEADERS)
    if taken:
        raise ConfigurationError(f"default_headers cannot set the signed header(s) {', '.join(taken)}")
    return lowered


def check_core_settings(
    signer: Signer | None,
    api_key: str,
    max_retries: int,
    lookup_attempts: int,
    rate_limit_per_minute: int | None,
    hooks: tuple[Hook | None, Hook | None, Hook | None],
) -> Signer:
    """The signer, when every setting of the call core is usable; else a [`ConfigurationError`][]
    naming the setting."""
    if signer is None:
        raise ConfigurationError("either secret_key or signer is required")
    for name, value, low in (("max_retries", max_retries, 0), ("lookup_attempts", lookup_attempts, 1)):
        if isinstance(value, bool) or not isinstance(value, int) or value < low:
            raise ConfigurationError(f"{name} must be a whole number >= {low}")
    if not isinstance(api_key, str) or not api_key:
        raise ConfigurationError("api_key must be a non-empty string")
    if rate_limit_per_minute is not None and (
        isinstance(rate_limit_per_minute, bool)
        or not isinstance(rate_limit_per_minute, int)
        or rate_limit_per_minute < 1
    ):
        raise ConfigurationError("rate_limit_per_minute must be a whole number >= 1, or None")
    for name, hook in zip(("on_request", "on_response", "on_error"), hooks, strict=True):
        if hook is not None and not callable(hook):
            raise ConfigurationError(f"{name} must be callable")
    return signer


def check_base_url(base_url: object) -> None:
    """Refuse a base URL that is not http(s)."""
    if not isinstance(base_url, str) or not base_url.startswith(("http://", "https://")):
        raise ConfigurationError("base_url must be an http(s) URL")
