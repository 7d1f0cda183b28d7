"""Client settings that come from outside the code: the ``MULTIMARKETS_*`` environment, and the
checks that refuse unusable constructor arguments up front (``ConfigurationError``), never as an
``AttributeError`` in the first call."""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any

import httpx

from .errors import ConfigurationError

__all__ = ["TEST_BASE_URL", "check_parts", "check_timeout", "settings_from_env"]

TEST_BASE_URL = "https://pre-api-test.cmfbl.com/webhook"


def settings_from_env(overrides: Mapping[str, Any]) -> dict[str, Any]:
    def required(name: str) -> str:
        value = os.environ.get(name)
        if not value:
            raise ConfigurationError(f"environment variable {name} is not set")
        return value

    settings: dict[str, Any] = {
        "base_url": os.environ.get("MULTIMARKETS_BASE_URL") or TEST_BASE_URL,
        "api_key": required("MULTIMARKETS_API_KEY"),
        "secret_key": required("MULTIMARKETS_SECRET_KEY"),
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
    return settings


_COORDINATOR_METHODS = ("reserve", "confirm", "release", "finish", "blocked", "block", "clock_offset_ms")


def check_parts(
    async_client: bool,
    transport: Any,
    coordinator: Any,
    signer: Any,
    *callables: Any,
) -> None:
    """Refuse wrong-typed collaborators at construction, not as an AttributeError in the first call."""
    wanted = httpx.AsyncBaseTransport if async_client else httpx.BaseTransport
    if transport is not None and not isinstance(transport, wanted):
        raise ConfigurationError(f"transport must be an {wanted.__module__}.{wanted.__name__}")
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
