"""Pacing: waiting for the shared rate budget, a 429 pause or a 418 ban before each send.

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

from .call_context import Reply, Step
from .coordination import Booking, Coordinator, RateBudget
from .errors import BannedError, BridgeError, CoordinatorError, RateLimitError, ThrottledError, TimestampError
from .operation import Operation

__all__ = ["DEFAULT_BAN_SECONDS", "Pacer", "SigningClock"]

logger: logging.Logger = logging.getLogger("multimarkets_bridge")
_T = TypeVar("_T")

#: How long a 418 ban is assumed to last when the platform does not say (the spec's first ban).
DEFAULT_BAN_SECONDS: float = PLATFORM.first_ban_seconds


class SigningClock:
    """The wall clock requests are signed with, corrected by the offset from the platform's clock
    learnt after a time-window rejection (shared by the clients of one core)."""

    def __init__(self, wall: Callable[[], float], offset_ms: int = 0) -> None:
        self.wall: Callable[[], float] = wall
        self.offset_ms: int = offset_ms

    def now_ms(self) -> int:
        """The platform's time as best known here (epoch ms)."""
        return int(self.wall() * 1000) + self.offset_ms

    def resync(self, date_header: str | None) -> int | None:
        """Estimate the offset from the server's ``Date`` header (1 s resolution); the new offset when
        it changed by more than a second, else None.

        The estimate errs on the late side (the header is truncated to the second), which the
        platform's window (``timestamp <= now + 1 s``, ``now - timestamp <= recvWindow``) tolerates.
        """
        if not date_header:
            return None
        try:
            from email.utils import parsedate_to_datetime  # only after a time-window rejection

            server_ms = int(parsedate_to_datetime(date_header).timestamp() * 1000)
        except (TypeError, ValueError, OverflowError):
            return None
        offset = server_ms - int(self.wall() * 1000)
        if abs(offset) <= 1000:
            return None
        self.offset_ms = offset
        return offset


class Pacer:
    """Waits before each send, in the shared budget of one apiKey's ``scope``."""

    def __init__(
        self,
        coordinator: Coordinator,
        scope: str,
        budget: RateBudget | None,
        ticks: Callable[[], float],
        clock: SigningClock,
    ) -> None:
        self.coordinator = coordinator
        self.scope = scope
        self.budget = budget
        #: the clock budget times, pauses, bans and call deadlines are kept in (seconds; never steps back)
        self.ticks = ticks
        self.clock = clock

    def learn_from(self, error: BridgeError, date_header: str | None) -> None:
        """What a refusal tells every client of the apiKey: a 418 ban or a 429 pause until the time
        the platform states (else a ban's default or one budget window); a time-window rejection
        resynchronises the signing clock from the answer's ``Date``."""
        now = self.ticks()
        if isinstance(error, BannedError):
            until = now + (error.retry_after or DEFAULT_BAN_SECONDS)
            best_effort(self.coordinator.block, self.scope, until, "banned")
        elif isinstance(error, RateLimitError):
            window = self.budget.window if self.budget else PLATFORM.window_seconds
            best_effort(self.coordinator.block, self.scope, now + (error.retry_after or window), "paused")
        if isinstance(error, TimestampError):
            offset = self.clock.resync(date_header)
            if offset is not None:
                best_effort(self.coordinator.set_clock_offset_ms, self.scope, offset)
                logger.warning(
                    "local clock differs from the platform's by %d ms; signing with the correction", offset
                )

    def finish(self, booking: Booking | None) -> None:
        """The request sent under ``booking`` was answered (or failed): the platform counted it."""
        if booking is not None and self.budget is not None:
            best_effort(self.coordinator.finish, self.scope, booking, self.ticks(), self.budget)

    def pace(
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
                until, kind = before_send(operation, trace, self.coordinator.blocked, self.scope, now)
                if kind == "banned":
                    raise _banned(operation, trace, until - now)
                if kind == "paused":  # a 429 was learnt (maybe while this call waited): wait it out
                    _within(deadline, until, now, operation, trace, "the platform asked to slow down (429)")
                    yield until - now
                    continue
                if self.budget is None:
                    return None
                booking = self._book(operation, trace, booking, now, self.budget)
                if booking.at <= now:
                    return booking
                _within(deadline, booking.at, now, operation, trace, "the shared rate budget is spent")
                yield booking.at - now
        except BaseException:  # cancelled, banned meanwhile, store failure: never sent under this booking
            if booking is not None:
                best_effort(self.coordinator.release, self.scope, booking)
            raise

    def _book(
        self, operation: Operation, trace: str, booking: Booking | None, now: float, budget: RateBudget
    ) -> Booking:
        """A place in the budget: reserved now, or the one held checked against the window as it is now
        (the wait is over, or overslept)."""
        if booking is None:
            return before_send(operation, trace, self.coordinator.reserve, self.scope, now, budget)
        return before_send(operation, trace, self.coordinator.confirm, self.scope, booking, now, budget)


def _banned(operation: Operation, trace: str, left: float) -> BannedError:
    """The local refusal of a send during a 418 ban: nothing was sent."""
    return BannedError(
        f"calls paused: the platform banned this key/IP, {left:.0f} s left",
        retry_after=left,
        trace=trace,
        biz_type=operation.biz_type,
        operation_id=operation.operation_id,
        outcome="not_sent",
    )


def before_send(operation: Operation, trace: str, action: Callable[..., _T], *args: Any) -> _T:
    """A coordinator call made before the request leaves: a store failure is a typed error that says
    nothing was sent."""
    try:
        return action(*args)
    except CoordinatorError as typed:  # the store's own typed error (a journal names its path)
        typed.trace, typed.biz_type = trace, operation.biz_type
        typed.operation_id, typed.outcome = operation.operation_id, "not_sent"
        raise
    except Exception as exc:
        raise CoordinatorError(
            f"the rate-budget store failed before sending ({type(exc).__name__}); nothing was sent",
            trace=trace,
            biz_type=operation.biz_type,
            operation_id=operation.operation_id,
            outcome="not_sent",
        ) from exc


def best_effort(action: Callable[..., _T], *args: Any) -> _T | None:
    """A coordinator call whose failure must not decide the call (made once the request may have left,
    or while building the client): the failure is logged and the call goes on."""
    try:
        return action(*args)
    except Exception as exc:
        logger.warning(
            "rate-budget store failed in %s (%s); the call's result stands",
            getattr(action, "__name__", "coordinator"),
            type(exc).__name__,
        )
        return None


def _within(
    deadline: float | None, until: float, now: float, operation: Operation, trace: str, why: str
) -> None:
    """Raise [`ThrottledError`][] when a wait until ``until`` would outlast the call's ``deadline``."""
    if deadline is not None and until > deadline:
        raise ThrottledError(
            f"{operation.operation_id}: {why}; the next send slot is {until - now:.1f} s away, beyond this "
            f"call's timeout; nothing was sent",
            retry_after=until - now,
            trace=trace,
            biz_type=operation.biz_type,
            operation_id=operation.operation_id,
            outcome="not_sent",
        )
