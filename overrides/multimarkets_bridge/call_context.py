"""The explicit state of one call, passed through the call plan's steps.

A call is a sans-I/O generator: it yields [`Step`][]s (a pause, a request to send, a hook to run) and
receives [`Reply`][]s. [`Attempt`][] is what the call has done so far (read by settlement and the
outbox); [`CallContext`][] adds what the call was given (the body as signed, its options, its limits).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import httpx

from .hooks import HookCall
from .operation import CallOptions, Operation

__all__ = ["Attempt", "CallContext", "Reply", "Step"]

Step = float | httpx.Request | HookCall  # a pause in seconds, a request to send, or a hook to run
Reply = httpx.Response | httpx.HTTPError | None


@dataclass
class Attempt:
    """What one call has done so far (kept by the call plan, read by the settlement)."""

    payload: dict[str, Any]
    operation: Operation
    number: int = 0
    #: an earlier attempt of this write may have been applied
    maybe_landed: bool = False
    #: the signed timestamp of the last attempt sent, and this host's clock when it was signed
    timestamp_ms: int | None = None
    local_ms: int | None = None
    #: the signed timestamp of the first attempt sent (no record made by this write is older)
    first_timestamp_ms: int | None = None
    #: the write's outbox entry (recorded before its first attempt left)
    intent: str | None = None
    #: the first attempt's trace: the call's name in log lines across its retries
    trace: str = ""


@dataclass
class CallContext:
    """One call as the plan performs it: its record, the body as signed, and its bounds."""

    http: httpx.Client | httpx.AsyncClient
    call: Attempt
    content: bytes
    options: CallOptions
    max_retries: int
    limits: dict[str, float | None]
    """httpx timeouts per phase (connect, read, write, pool) of each request."""
    deadline: float | None
    """When the whole call must end (``ticks`` seconds; a per-call ``timeout``), or None."""

    @property
    def operation(self) -> Operation:
        return self.call.operation

    def request_limits(self, ticks: Callable[[], float]) -> dict[str, float | None]:
        """The timeouts of the next request: each phase's, cut to what is left of the deadline."""
        if self.deadline is None:
            return self.limits
        left = max(0.001, self.deadline - ticks())
        return {phase: left if limit is None else min(limit, left) for phase, limit in self.limits.items()}

    def fits(self, ticks: Callable[[], float], delay: float) -> bool:
        """Whether a pause of ``delay`` seconds still ends before the deadline."""
        return self.deadline is None or ticks() + delay < self.deadline
