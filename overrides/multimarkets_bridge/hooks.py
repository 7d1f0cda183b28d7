"""Event hooks around every exchange with the platform: tracing, metrics, audit logs.

``BridgeClient(on_request=..., on_response=..., on_error=...)`` (the async client also awaits
coroutine functions). Each hook gets a [`CallEvent`][]: a redacted view of one attempt that holds
no apiKey, signature or secret, only what identifies and measures the attempt. ``on_request`` runs
just before an attempt is sent (a retry is a new attempt); ``on_response`` after a success; ``on_error``
after an attempt that failed (the typed error is attached; errors never carry secrets).

A hook that raises is logged and ignored: an observer must not turn a placed order into an error.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from .errors import BridgeError

__all__ = ["CallEvent", "Hook"]

logger: logging.Logger = logging.getLogger("multimarkets_bridge.hooks")


@dataclass(frozen=True, slots=True)
class CallEvent:
    """One attempt of one call, as hooks see it."""

    kind: Literal["request", "response", "error"]
    operation_id: str
    biz_type: str
    trace: str
    attempt: int
    """1 for the first send of a call, 2 for its first retry, ..."""
    status: int | None = None
    """HTTP status of the answer (None before the answer and when none arrived)."""
    elapsed_ms: float | None = None
    """Time from sending to the answer (None for ``request`` events)."""
    error: BridgeError | None = None
    """The typed error of a failed attempt (``error`` events)."""


Hook = Callable[[CallEvent], object] | Callable[[CallEvent], Awaitable[object]]


@dataclass(frozen=True, slots=True)
class HookCall:
    """A step of the sans-I/O call plan: run ``hook`` with ``event`` (the sync or async driver does)."""

    hook: Hook
    event: CallEvent


def report_failure(hook: Hook, event: CallEvent) -> None:
    logger.warning(
        "%s hook %r failed for %s trace=%s (ignored)",
        event.kind,
        getattr(hook, "__qualname__", type(hook).__name__),
        event.operation_id,
        event.trace,
        exc_info=True,
    )
