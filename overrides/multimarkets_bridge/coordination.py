"""Shared state of every client using one apiKey: rate budget, 429 pause, 418 ban, clock offset.

The platform counts requests per apiKey in fixed windows by arrival time (the spec's ``x-rate-limit``:
its number per window, read through ``registry.PLATFORM``), answers 429 past that, and bans the key
(HTTP 418, for a growing time) when calls continue after a 429. Every client, thread, task and
replica that uses one key must therefore draw from one budget:

* [`InProcessCoordinator`][] - one per process by default ([`process_coordinator`][]), so all
  clients of a key in a process share it.
* [`RedisCoordinator`][multimarkets_bridge.redis_coordination.RedisCoordinator] - for several processes
  or hosts:
  ``BridgeClient(..., coordinator=RedisCoordinator.from_url("redis://host:6379/0"))``.

Pacing is a sliding window of ``RateBudget.calls`` stamps per ``window + skew`` seconds, with ``calls`` a
safety margin under the published limit. Calls book a [`Booking`][] in the order they ask (so waiters
queue instead of stampeding); when its wait ends a call is *confirmed* against the window as it is at
that moment and is sent only if the window still has room, else it waits again. Its stamp is the moment it was
sent, and when the call *finishes* (answer or failure) the stamp moves to that time, which is never
before the platform counted it. So a send that left late (a cold connection, a busy event loop, a GC pause) or
a slow answer pushes the next calls back instead of letting them into the platform's current window,
and ``skew`` only has to cover how much the latency of calls still in flight varies. Store keys are
derived from a hash of the base URL and apiKey; the apiKey itself is never stored.

Times are those of [`pacing_clock`][] (the wall clock read once at start-up plus ``time.monotonic()``):
comparable across processes, and immune to a wall-clock step while a process runs, so a clock set back
an hour cannot freeze calls for an hour.

Lost state must not look like an idle window. [`InProcessCoordinator`][] journals every send to a
small file per apiKey ([`default_journal_dir`][]), so a restarted application knows what it sent in
the last window; a [`RedisCoordinator`][multimarkets_bridge.redis_coordination.RedisCoordinator] that
finds its
store emptied (a Redis restart, an eviction) counts the window as full but for the budget's margin for
one window (guarded mode).
"""

from __future__ import annotations

import bisect
import contextlib
import hashlib
import logging
import math
import os
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal, NamedTuple, Protocol

from multimarkets_bridge_client.registry import PLATFORM

from .errors import ConfigurationError
from .journal import SendJournal

__all__ = [
    "BlockKind",
    "Booking",
    "Coordinator",
    "InProcessCoordinator",
    "RateBudget",
    "default_journal_dir",
    "pacing_clock",
    "process_coordinator",
    "scope_for",
]

logger: logging.Logger = logging.getLogger("multimarkets_bridge")
_ANCHOR = time.time() - time.monotonic()


def pacing_clock() -> float:
    """Seconds on the clock budgets, pauses and bans are kept in: the wall clock at start-up plus the
    monotonic time since, so it never steps back and agrees across processes (within NTP)."""
    return _ANCHOR + time.monotonic()


BlockKind = Literal["paused", "banned"]


@dataclass(frozen=True)
class RateBudget:
    """Client-side pacing under the platform's published limit.

    ``limit`` requests per ``window`` seconds is what the platform allows; the client sends at most
    ``calls`` = ``floor(limit * (1 - margin))`` (at least 1) per ``window + skew`` seconds, each call
    stamped when it is sent and again, later, when its answer comes back.
    """

    limit: int = PLATFORM.requests
    window: float = PLATFORM.window_seconds
    margin: float = 0.05
    skew: float = 0.5

    def __post_init__(self) -> None:
        if isinstance(self.limit, bool) or not isinstance(self.limit, int) or self.limit < 1:
            raise ConfigurationError("rate limit must be a whole number of requests >= 1")
        for name, low in (("window", 0.0), ("skew", 0.0)):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int | float) or not low <= value < math.inf:
                raise ConfigurationError(f"rate {name} must be a number >= {low}")
        if self.window == 0:
            raise ConfigurationError("rate window must be positive")
        if (
            isinstance(self.margin, bool)
            or not isinstance(self.margin, int | float)
            or not 0 <= self.margin < 1
        ):
            raise ConfigurationError("rate margin must be in [0, 1)")

    @property
    def calls(self) -> int:
        return max(1, math.floor(self.limit * (1 - self.margin) + 1e-9))

    @property
    def span(self) -> float:
        return self.window + self.skew

    @property
    def guarded_calls(self) -> int:
        """Calls allowed in the first span after the shared state was lost: only the margin, since the
        platform may have counted ``calls`` from before the loss in its current window."""
        return self.limit - self.calls


class Booking(NamedTuple):
    """A call's place in the budget: send at ``at`` (the caller's clock, seconds). ``token`` names the
    stamp in a shared store (empty for [`InProcessCoordinator`][], which finds it by its time)."""

    at: float
    token: str = ""


def scope_for(base_url: str, api_key: str) -> str:
    """The store key of one (environment, apiKey) pair: a hash, never the key itself."""
    return hashlib.sha256(f"{base_url}\n{api_key}".encode()).hexdigest()[:32]


class Coordinator(Protocol):
    """What clients of one apiKey share. ``now`` is always the caller's clock (seconds)."""

    def reserve(self, scope: str, now: float, budget: RateBudget) -> Booking:
        """Book the next send time in the order calls ask (>= ``now``, after every earlier booking)."""
        ...

    def confirm(self, scope: str, booking: Booking, now: float, budget: RateBudget) -> Booking:
        """At the end of a wait: the booking stamped ``now`` if the window up to ``now`` still has
        room (send now), else moved to the earliest time it will have room (wait again)."""
        ...

    def release(self, scope: str, booking: Booking) -> None:
        """The caller gave up waiting (a cancelled task, a timeout): the booking is never sent, so its
        place goes back to the budget."""
        ...

    def finish(self, scope: str, booking: Booking, done: float, budget: RateBudget) -> None:
        """The call sent under ``booking`` got its answer (or failed) at ``done``: its stamp moves
        there, since the platform counted it no later than that."""
        ...

    def blocked(self, scope: str, now: float) -> tuple[float, BlockKind | None]:
        """``(until, kind)`` of the block in force at ``now`` (a ban wins over a pause), or ``(0, None)``."""
        ...

    def block(self, scope: str, until: float, kind: BlockKind) -> None:
        """Record that calls must not be sent before ``until`` (only ever extends a block)."""
        ...

    def clock_offset_ms(self, scope: str) -> int:
        """Correction to apply to this host's clock when signing (learnt from the platform)."""
        ...

    def set_clock_offset_ms(self, scope: str, offset_ms: int) -> None: ...


@dataclass
class _ScopeState:
    stamps: list[float] = field(default_factory=list)  # sorted: sends, finished calls and bookings
    paused_until: float = 0.0
    banned_until: float = 0.0
    clock_offset_ms: int = 0
    guard: str | None = None  # why the journal's records cannot be trusted (guarded mode pending)


def _prune(stamps: list[float], now: float, budget: RateBudget) -> None:
    del stamps[: bisect.bisect_right(stamps, now - budget.span)]


def _discard(stamps: list[float], at: float) -> None:
    index = bisect.bisect_left(stamps, at)
    if index < len(stamps) and stamps[index] == at:
        del stamps[index]


class InProcessCoordinator:
    """Thread-safe in-memory coordinator (one process). Also safe to share with asyncio tasks.

    With ``journal_dir`` every send is recorded in a [`SendJournal`][multimarkets_bridge.journal.SendJournal]
    there: a restarted application starts from the sends of the last window, and processes of one host
    using one apiKey and one folder share the budget through it. Without (``journal_dir=None``) the
    budget lives in this process only: the explicit opt-out of restart protection.
    """

    def __init__(self, journal_dir: str | Path | None = None) -> None:
        self._scopes: dict[str, _ScopeState] = {}
        self._lock = threading.Lock()
        self._journal = SendJournal(Path(journal_dir)) if journal_dir is not None else None
        self._attached: set[str] = set()

    @property
    def journal_dir(self) -> Path | None:
        return self._journal.directory if self._journal is not None else None

    def attach(self, scope: str) -> None:
        """Called when a client is built: a journal that cannot be created, locked or written is a
        [`JournalError`][multimarkets_bridge.journal.JournalError] now, not a surprise later."""
        if self._journal is None or scope in self._attached:
            return
        with self._lock:
            self._journal.attach(scope)
            self._attached.add(scope)

    def _state(self, scope: str) -> _ScopeState:
        state = self._scopes.get(scope)
        if state is None:
            state = self._scopes[scope] = _ScopeState()
        return state

    @contextlib.contextmanager
    def _window(
        self, scope: str, now: float, budget: RateBudget
    ) -> Iterator[tuple[list[float], Callable[[float], None]]]:
        """The scope's stamps up to date (other processes' sends merged in, guarded mode applied),
        and a function that records a send; the journal stays locked for the block."""
        state = self._state(scope)
        journal = self._journal
        if journal is None:
            _prune(state.stamps, now, budget)
            yield state.stamps, lambda at: None
            return
        with journal.locked(scope):
            found = journal.read(scope, now, budget.span)
            for stamp in found.stamps:
                bisect.insort(state.stamps, stamp)
            if found.guard:
                logger.warning("%s; the rate window counts as full for one window (guarded)", found.guard)
                state.stamps.extend([now] * max(0, budget.calls - budget.guarded_calls))
                state.stamps.sort()
            _prune(state.stamps, now, budget)

            def record(at: float) -> None:
                journal.append(scope, at, now)

            yield state.stamps, record
            journal.compact_if_large(scope, now, budget.span)

    def reserve(self, scope: str, now: float, budget: RateBudget) -> Booking:
        with self._lock, self._window(scope, now, budget) as (stamps, record):
            at = now
            if len(stamps) >= budget.calls:
                at = max(now, stamps[-budget.calls] + budget.span)
            if stamps and at < stamps[-1]:
                at = stamps[-1]
            if at <= now:  # sent now (a later booking is journaled when confirmed)
                record(at)
            stamps.append(at)
            return Booking(at)

    def confirm(self, scope: str, booking: Booking, now: float, budget: RateBudget) -> Booking:
        with self._lock, self._window(scope, now, budget) as (stamps, record):
            _discard(stamps, booking.at)
            # the others stamped up to now: sent, answered, or due now
            due = bisect.bisect_right(stamps, now)
            at = now if due < budget.calls else stamps[due - budget.calls] + budget.span
            if at <= now:
                record(at)
            bisect.insort(stamps, at)
            return Booking(at)

    def release(self, scope: str, booking: Booking) -> None:
        with self._lock:
            _discard(self._state(scope).stamps, booking.at)

    def finish(self, scope: str, booking: Booking, done: float, budget: RateBudget) -> None:
        if done <= booking.at:
            return
        with self._lock:
            stamps = self._state(scope).stamps
            _discard(stamps, booking.at)
            bisect.insort(stamps, done)

    def blocked(self, scope: str, now: float) -> tuple[float, BlockKind | None]:
        with self._lock:
            state = self._state(scope)
            return in_force(now, state.banned_until, state.paused_until)

    def block(self, scope: str, until: float, kind: BlockKind) -> None:
        with self._lock:
            state = self._state(scope)
            if kind == "banned":
                state.banned_until = max(state.banned_until, until)
            else:
                state.paused_until = max(state.paused_until, until)

    def clock_offset_ms(self, scope: str) -> int:
        with self._lock:
            return self._state(scope).clock_offset_ms

    def set_clock_offset_ms(self, scope: str, offset_ms: int) -> None:
        with self._lock:
            self._state(scope).clock_offset_ms = offset_ms


def in_force(now: float, banned_until: float, paused_until: float) -> tuple[float, BlockKind | None]:
    if banned_until > now:
        return banned_until, "banned"
    if paused_until > now:
        return paused_until, "paused"
    return 0.0, None


def default_journal_dir() -> Path | None:
    """Where the process coordinator journals sends: ``$MULTIMARKETS_STATE_DIR`` (empty: no journal),
    else ``<tmp>/multimarkets-bridge-<uid>``. Mount it on a volume where containers are replaced."""
    configured = os.environ.get("MULTIMARKETS_STATE_DIR")
    if configured is not None:
        return Path(configured) if configured else None
    return Path(tempfile.gettempdir()) / f"multimarkets-bridge-{getattr(os, 'getuid', lambda: 0)()}"


_PROCESS_COORDINATORS: dict[bool, InProcessCoordinator] = {}
_PROCESS_LOCK = threading.Lock()


def process_coordinator(*, system_clock: bool = True) -> InProcessCoordinator:
    """The coordinator every client uses unless given another: one budget per apiKey per process,
    journaled in [`default_journal_dir`][] and shared there with the host's other processes.

    Clients on a clock that is not the system's (``system_clock=False``: a simulation, a test's fake
    clock) share a second one that keeps its budget in memory, so their stamps never mix with real ones.
    """
    with _PROCESS_LOCK:
        coordinator = _PROCESS_COORDINATORS.get(system_clock)
        if coordinator is None:
            coordinator = InProcessCoordinator(default_journal_dir() if system_clock else None)
            _PROCESS_COORDINATORS[system_clock] = coordinator
        return coordinator


def _forget_after_fork() -> None:
    """A forked child is another process: it starts its own coordinators (the journal merges the
    parent's sends), never the copy of the parent's memory."""
    _PROCESS_COORDINATORS.clear()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_forget_after_fork)
