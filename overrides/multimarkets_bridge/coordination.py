"""Shared state of every client using one apiKey: rate budget, 429 pause, 418 ban, clock offset.

The platform counts requests per apiKey in fixed one-minute windows by arrival time (100 per window),
answers 429 past that, and bans the key (HTTP 418, 5 minutes and growing) when calls continue after a
429. Every client, thread, task and replica that uses one key must therefore draw from one budget:

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
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal, NamedTuple, Protocol

from .errors import ConfigurationError

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

logger = logging.getLogger("multimarkets_bridge")
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

    limit: int = 100
    window: float = 60.0
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
    journal_read: bool = False


def _prune(stamps: list[float], now: float, budget: RateBudget) -> None:
    del stamps[: bisect.bisect_right(stamps, now - budget.span)]


def _discard(stamps: list[float], at: float) -> None:
    index = bisect.bisect_left(stamps, at)
    if index < len(stamps) and stamps[index] == at:
        del stamps[index]


class InProcessCoordinator:
    """Thread-safe in-memory coordinator (one process). Also safe to share with asyncio tasks.

    With ``journal_dir`` every send is appended to ``<journal_dir>/<scope>.sends`` (a few bytes, no
    fsync: it survives the process, not the host), and a new coordinator starts from the sends of the
    last window found there, so a restarted application does not take the platform's window for empty.
    """

    def __init__(self, journal_dir: str | Path | None = None) -> None:
        self._scopes: dict[str, _ScopeState] = {}
        self._lock = threading.Lock()
        self._journal = _Journal(Path(journal_dir)) if journal_dir is not None else None

    def _state(self, scope: str, now: float | None = None) -> _ScopeState:
        state = self._scopes.get(scope)
        if state is None:
            state = self._scopes[scope] = _ScopeState()
        if not state.journal_read and now is not None:  # the first call that knows the time
            state.journal_read = True
            if self._journal is not None:
                state.stamps = sorted([*state.stamps, *self._journal.load(scope, now)])
        return state

    def reserve(self, scope: str, now: float, budget: RateBudget) -> Booking:
        with self._lock:
            stamps = self._state(scope, now).stamps
            _prune(stamps, now, budget)
            at = now
            if len(stamps) >= budget.calls:
                at = max(now, stamps[-budget.calls] + budget.span)
            if stamps and at < stamps[-1]:
                at = stamps[-1]
            stamps.append(at)
            self._journal_send(scope, at, now, budget)
            return Booking(at)

    def confirm(self, scope: str, booking: Booking, now: float, budget: RateBudget) -> Booking:
        with self._lock:
            stamps = self._state(scope, now).stamps
            _discard(stamps, booking.at)
            _prune(stamps, now, budget)
            # the others stamped up to now: sent, answered, or due now
            due = bisect.bisect_right(stamps, now)
            at = now if due < budget.calls else stamps[due - budget.calls] + budget.span
            bisect.insort(stamps, at)
            self._journal_send(scope, at, now, budget)
            return Booking(at)

    def _journal_send(self, scope: str, at: float, now: float, budget: RateBudget) -> None:
        if self._journal is not None and at <= now:  # sent now (a later booking is journaled when confirmed)
            self._journal.append(scope, at, budget.span)

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
            state = self._state(scope, now)
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


class _Journal:
    """Per-scope files of send times (``%.3f`` lines), compacted to the last window when they grow."""

    MAX_BYTES = 32_768

    def __init__(self, directory: Path) -> None:
        self._dir = directory
        self._files: dict[str, int] = {}  # scope -> open descriptor (O_APPEND)
        self._sizes: dict[str, int] = {}  # scope -> bytes in its file (kept here: no stat per send)
        self._broken = False

    def _path(self, scope: str) -> Path:
        return self._dir / f"{scope}.sends"

    def load(self, scope: str, now: float) -> list[float]:
        try:
            text = self._path(scope).read_text(encoding="ascii")
        except (OSError, ValueError):
            return []
        stamps = []
        for line in text.splitlines():
            with contextlib.suppress(ValueError):
                stamp = float(line)
                if now - 3600 < stamp <= now + 3600:  # nothing from another epoch of the clock
                    stamps.append(stamp)
        return sorted(stamps)

    def append(self, scope: str, at: float, span: float) -> None:
        if self._broken:
            return
        try:
            fd = self._files.get(scope)
            if fd is None:
                self._dir.mkdir(mode=0o700, parents=True, exist_ok=True)
                fd = self._files[scope] = os.open(
                    self._path(scope), os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600
                )
                self._sizes[scope] = os.fstat(fd).st_size
            self._sizes[scope] += os.write(fd, b"%.3f\n" % at)
            if self._sizes[scope] > self.MAX_BYTES:
                self._compact(scope, now=at, span=span)
        except OSError as exc:  # a read-only disk: pacing goes on without the journal
            self._broken = True
            logger.warning("cannot write the send journal in %s (%s); restarts start from an empty window",
                           self._dir, type(exc).__name__)  # fmt: skip

    def _compact(self, scope: str, *, now: float, span: float) -> None:
        """Rewrite the file with the sends of the last ``span`` only (the next append reopens it)."""
        path = self._path(scope)
        keep = [stamp for stamp in self.load(scope, now) if stamp > now - span]
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text("".join(f"{stamp:.3f}\n" for stamp in keep), encoding="ascii")
        os.replace(tmp, path)
        os.close(self._files.pop(scope))


def default_journal_dir() -> Path | None:
    """Where the process coordinator journals sends: ``$MULTIMARKETS_STATE_DIR`` (empty: no journal),
    else ``<tmp>/multimarkets-bridge-<uid>``. Mount it on a volume where containers are replaced."""
    configured = os.environ.get("MULTIMARKETS_STATE_DIR")
    if configured is not None:
        return Path(configured) if configured else None
    return Path(tempfile.gettempdir()) / f"multimarkets-bridge-{getattr(os, 'getuid', lambda: 0)()}"


_PROCESS_COORDINATOR: InProcessCoordinator | None = None
_PROCESS_LOCK = threading.Lock()


def process_coordinator() -> InProcessCoordinator:
    """The coordinator every client uses unless given another: one budget per apiKey per process,
    journaled in [`default_journal_dir`][] (read when the process first uses a key)."""
    global _PROCESS_COORDINATOR
    with _PROCESS_LOCK:
        if _PROCESS_COORDINATOR is None:
            _PROCESS_COORDINATOR = InProcessCoordinator(default_journal_dir())
        return _PROCESS_COORDINATOR
