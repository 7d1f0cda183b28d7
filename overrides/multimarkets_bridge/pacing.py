"""Pacing: the part of the call plan that waits for the shared rate budget, a 429 pause or a 418 ban.

The budget itself lives in a [`Coordinator`][multimarkets_bridge.coordination.Coordinator] shared by every
client of one apiKey; this module only asks it, waits (as sans-I/O pause steps) and turns a store
failure into a typed error: before sending it is a [`CoordinatorError`][] (nothing was sent), once
a request may have left it is only logged, so a store outage can never hide a result.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Generator
from typing import Any, TypeVar

from multimarkets_bridge_client.registry import PLATFORM

from .coordination import Booking, Coordinator, RateBudget
from .errors import BannedError, BridgeError, CoordinatorError, RateLimitError, ThrottledError, TimestampError
from .operation import Operation
from .settlement import Reply, Step

__all__ = ["DEFAULT_BAN_SECONDS", "Pacing"]

logger = logging.getLogger("multimarkets_bridge")
_T = TypeVar("_T")

#: How long a 418 ban is assumed to last when the platform does not say (the spec's first ban).
DEFAULT_BAN_SECONDS = PLATFORM.first_ban_seconds


class Pacing:
    """Waits before each send (mixed into the call core, which sets the attributes below)."""

    coordinator: Coordinator
    scope: str
    budget: RateBudget | None
    #: the clock budget times, pauses, bans and call deadlines are kept in (seconds; never steps back)
    ticks: Callable[[], float]
    #: the wall clock timestamps are signed with (seconds), and its measured offset from the platform's
    clock: Callable[[], float]
    clock_offset_ms: int

    def _learn_from(self, error: BridgeError, date_header: str | None) -> None:
        """What a refusal tells every client of the apiKey: a 418 ban or a 429 pause until the time
        the platform states (else a ban's default or one budget window); a time-window rejection
        resynchronises the signing clock from the answer's ``Date``."""
        now = self.ticks()
        if isinstance(error, BannedError):
            until = now + (error.retry_after or DEFAULT_BAN_SECONDS)
            self._best_effort(self.coordinator.block, self.scope, until, "banned")
        elif isinstance(error, RateLimitError):
            window = self.budget.window if self.budget else PLATFORM.window_seconds
            self._best_effort(
                self.coordinator.block, self.scope, now + (error.retry_after or window), "paused"
            )
        if isinstance(error, TimestampError):
            self._resync_clock(date_header)

    def _resync_clock(self, date_header: str | None) -> None:
        """Estimate the local clock's offset from the server's ``Date`` header (1 s resolution).

        The estimate errs on the late side (the header is truncated to the second), which the
        platform's window (``timestamp <= now + 1 s``, ``now - timestamp <= recvWindow``) tolerates.
        """
        if not date_header:
            return
        try:
            from email.utils import parsedate_to_datetime  # only after a time-window rejection

            server_ms = int(parsedate_to_datetime(date_header).timestamp() * 1000)
        except (TypeError, ValueError, OverflowError):
            return
        offset = server_ms - int(self.clock() * 1000)
        if abs(offset) > 1000:
            self.clock_offset_ms = offset
            self._best_effort(self.coordinator.set_clock_offset_ms, self.scope, offset)
            logger.warning(
                "local clock differs from the platform's by %d ms; signing with the correction", offset
            )

    @staticmethod
    def _before_send(operation: Operation, trace: str, action: Callable[..., _T], *args: Any) -> _T:
        """A coordinator call made before the request leaves: a store failure is a typed error that
        says nothing was sent."""
        try:
            return action(*args)
        except CoordinatorError as typed:  # the store's own typed error (a journal names its path)
            typed.trace, typed.biz_type = trace, operation.biz_type
            typed.operation_id, typed.outcome = operation.operation_id, "not_sent"
            raise
        except Exception as exc:
            error = CoordinatorError(
                f"the rate-budget store failed before sending ({type(exc).__name__}); nothing was sent",
                trace=trace,
                biz_type=operation.biz_type,
                operation_id=operation.operation_id,
            )
            error.outcome = "not_sent"
            raise error from exc

    @staticmethod
    def _best_effort(action: Callable[..., _T], *args: Any) -> _T | None:
        """A coordinator call whose failure must not decide the call (made once the request may have
        left, or while building the client): the failure is logged and the call goes on."""
        try:
            return action(*args)
        except Exception as exc:
            logger.warning(
                "rate-budget store failed in %s (%s); the call's result stands",
                getattr(action, "__name__", "coordinator"),
                type(exc).__name__,
            )
            return None

    def _pace(
        self, operation: Operation, trace: str, deadline: float | None = None
    ) -> Generator[Step, Reply, Booking | None]:
        """Wait for the shared budget; honour a 429 pause; refuse locally during a 418 ban (the error
        carries the trace the request would have had). Returns the booking the call is sent under.

        A wait that would end after ``deadline`` (the call's own timeout) is not started: the call
        fails at once with [`ThrottledError`][] (nothing sent, retryable)."""
        booking: Booking | None = None
        try:
            while True:
                now = self.ticks()
                until, kind = self._before_send(operation, trace, self.coordinator.blocked, self.scope, now)
                if kind == "banned":
                    raise BannedError(
                        f"calls paused: the platform banned this key/IP, {until - now:.0f} s left",
                        retry_after=until - now,
                        trace=trace,
                        biz_type=operation.biz_type,
                        operation_id=operation.operation_id,
                    )
                if kind == "paused":  # a 429 was learnt (maybe while this call waited): wait it out
                    _within(deadline, until, now, operation, trace, "the platform asked to slow down (429)")
                    yield until - now
                    continue
                if self.budget is None:
                    return None
                if booking is None:
                    booking = self._before_send(
                        operation, trace, self.coordinator.reserve, self.scope, now, self.budget
                    )
                else:  # the wait is over (or overslept): check against the window as it is now
                    booking = self._before_send(
                        operation, trace, self.coordinator.confirm, self.scope, booking, now, self.budget
                    )
                if booking.at <= now:
                    return booking
                _within(deadline, booking.at, now, operation, trace, "the shared rate budget is spent")
                yield booking.at - now
        except BaseException:  # cancelled, banned meanwhile, store failure: never sent under this booking
            if booking is not None:
                self._best_effort(self.coordinator.release, self.scope, booking)
            raise


def _within(
    deadline: float | None, until: float, now: float, operation: Operation, trace: str, why: str
) -> None:
    """Raise [`ThrottledError`][] when a wait until ``until`` would outlast the call's ``deadline``."""
    if deadline is not None and until > deadline:
        error = ThrottledError(
            f"{operation.operation_id}: {why}; the next send slot is {until - now:.1f} s away, beyond this "
            f"call's timeout; nothing was sent",
            retry_after=until - now,
            trace=trace,
            biz_type=operation.biz_type,
            operation_id=operation.operation_id,
        )
        error.outcome = "not_sent"
        raise error
