"""Shared state of every client using one apiKey: rate budget, 429 pause, 418 ban, clock offset.

The platform counts requests per apiKey in fixed one-minute windows by arrival time (100 per window),
answers 429 past that, and bans the key (HTTP 418, 5 minutes and growing) when calls continue after a
429. Every client, thread, task and replica that uses one key must therefore draw from one budget:

* :class:`InProcessCoordinator` - one per process by default (:func:`process_coordinator`), so all
  clients of a key in a process share it.
* :class:`RedisCoordinator` - for several processes or hosts (``pip install 'multimarkets-bridge[redis]'``):
  ``BridgeClient(..., coordinator=RedisCoordinator.from_url("redis://host:6379/0"))``.

Pacing is a sliding window of ``RateBudget.calls`` stamps per ``window + skew`` seconds, with ``calls`` a
safety margin under the published limit. Calls book a :class:`Booking` in the order they ask (so waiters
queue instead of stampeding); when its wait ends a call is *confirmed* against the window as it is at
that moment and is sent only if the window still has room, else it waits again. Its stamp is the moment it was
sent, and when the call *finishes* (answer or failure) the stamp moves to that time, which is never
before the platform counted it. So a send that left late (a cold connection, a busy event loop, a GC pause) or
a slow answer pushes the next calls back instead of letting them into the platform's current window,
and ``skew`` only has to cover how much the latency of calls still in flight varies. Store keys are
derived from a hash of the base URL and apiKey; the apiKey itself is never stored.
"""

from __future__ import annotations

import bisect
import hashlib
import math
import os
import socket
import threading
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal, NamedTuple, Protocol

from .errors import ConfigurationError

if TYPE_CHECKING:
    import redis

__all__ = [
    "BlockKind",
    "Booking",
    "Coordinator",
    "InProcessCoordinator",
    "RateBudget",
    "RedisCoordinator",
    "process_coordinator",
    "scope_for",
]

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
            if not isinstance(value, int | float) or math.isnan(value) or value < low:
                raise ConfigurationError(f"rate {name} must be a number >= {low}")
        if self.window == 0:
            raise ConfigurationError("rate window must be positive")
        if not isinstance(self.margin, int | float) or not 0 <= self.margin < 1:
            raise ConfigurationError("rate margin must be in [0, 1)")

    @property
    def calls(self) -> int:
        return max(1, math.floor(self.limit * (1 - self.margin) + 1e-9))

    @property
    def span(self) -> float:
        return self.window + self.skew


class Booking(NamedTuple):
    """A call's place in the budget: send at ``at`` (the caller's clock, seconds). ``token`` names the
    stamp in a shared store (empty for :class:`InProcessCoordinator`, which finds it by its time)."""

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


def _prune(stamps: list[float], now: float, budget: RateBudget) -> None:
    del stamps[: bisect.bisect_right(stamps, now - budget.span)]


def _discard(stamps: list[float], at: float) -> None:
    index = bisect.bisect_left(stamps, at)
    if index < len(stamps) and stamps[index] == at:
        del stamps[index]


class InProcessCoordinator:
    """Thread-safe in-memory coordinator (one process). Also safe to share with asyncio tasks."""

    def __init__(self) -> None:
        self._scopes: dict[str, _ScopeState] = {}
        self._lock = threading.Lock()

    def _state(self, scope: str) -> _ScopeState:
        state = self._scopes.get(scope)
        if state is None:
            state = self._scopes[scope] = _ScopeState()
        return state

    def reserve(self, scope: str, now: float, budget: RateBudget) -> Booking:
        with self._lock:
            stamps = self._state(scope).stamps
            _prune(stamps, now, budget)
            at = now
            if len(stamps) >= budget.calls:
                at = max(now, stamps[-budget.calls] + budget.span)
            if stamps and at < stamps[-1]:
                at = stamps[-1]
            stamps.append(at)
            return Booking(at)

    def confirm(self, scope: str, booking: Booking, now: float, budget: RateBudget) -> Booking:
        with self._lock:
            stamps = self._state(scope).stamps
            _discard(stamps, booking.at)
            _prune(stamps, now, budget)
            # the others stamped up to now: sent, answered, or due now
            due = bisect.bisect_right(stamps, now)
            at = now if due < budget.calls else stamps[due - budget.calls] + budget.span
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
            return _in_force(now, state.banned_until, state.paused_until)

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


def _in_force(now: float, banned_until: float, paused_until: float) -> tuple[float, BlockKind | None]:
    if banned_until > now:
        return banned_until, "banned"
    if paused_until > now:
        return paused_until, "paused"
    return 0.0, None


_PROCESS_COORDINATOR = InProcessCoordinator()


def process_coordinator() -> InProcessCoordinator:
    """The coordinator every client uses unless given another: one budget per apiKey per process."""
    return _PROCESS_COORDINATOR


# Stamps live in a sorted set (score: time, member: the booking's token); each script runs atomically.
# KEYS[1] the set. Times travel as '%.6f' text both ways, so a score read back equals the one written.
_LUA_COMMON = """
local function t(x) return string.format('%.6f', x) end
local function touch(key, now, span)
  local last = redis.call('ZRANGE', key, -1, -1, 'WITHSCORES')
  local until_ = last[2] and math.max(tonumber(last[2]), now) or now
  redis.call('PEXPIRE', key, math.ceil((until_ - now + span) * 1000) + 1000)
end
"""

# Book in the order calls ask. ARGV: now, calls, span, token.
_RESERVE = (
    _LUA_COMMON
    + """
local now, calls, span = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', t(now - span))
local n = redis.call('ZCARD', KEYS[1])
local at = now
if n >= calls then
  local kth = redis.call('ZRANGE', KEYS[1], n - calls, n - calls, 'WITHSCORES')
  at = math.max(at, tonumber(kth[2]) + span)
end
if n > 0 then
  local last = redis.call('ZRANGE', KEYS[1], -1, -1, 'WITHSCORES')
  at = math.max(at, tonumber(last[2]))
end
redis.call('ZADD', KEYS[1], t(at), ARGV[4])
touch(KEYS[1], now, span)
return t(at)
"""
)

# Confirm at the end of a wait (see Coordinator.confirm). ARGV: now, calls, span, token.
_CONFIRM = (
    _LUA_COMMON
    + """
local now, calls, span = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
redis.call('ZREM', KEYS[1], ARGV[4])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', t(now - span))
local due = redis.call('ZCOUNT', KEYS[1], '-inf', t(now))
local at = now
if due >= calls then
  local kth = redis.call('ZRANGE', KEYS[1], due - calls, due - calls, 'WITHSCORES')
  at = tonumber(kth[2]) + span
end
redis.call('ZADD', KEYS[1], t(at), ARGV[4])
touch(KEYS[1], now, span)
return t(at)
"""
)

# Finish: move a stamp later, never earlier (re-added if it expired meanwhile). ARGV: done, span, token.
_FINISH = (
    _LUA_COMMON
    + """
local done, span = tonumber(ARGV[1]), tonumber(ARGV[2])
redis.call('ZADD', KEYS[1], 'GT', t(done), ARGV[3])
touch(KEYS[1], done, span)
return 1
"""
)

# Extend a block: KEYS[1] holds "until"; ARGV: until, ttl ms.
_BLOCK = """
local current = tonumber(redis.call('GET', KEYS[1]) or '0')
local wanted = tonumber(ARGV[1])
if wanted > current then
  redis.call('SET', KEYS[1], ARGV[1], 'PX', math.max(1, tonumber(ARGV[2])))
end
return 1
"""


class RedisCoordinator:
    """Coordinator in Redis (or Valkey): one budget, pause, ban and clock offset for every process.

    Bookings are made, confirmed and finished by Lua scripts, atomically (Redis >= 6.2 or Valkey:
    ``ZADD ... GT``); clocks of the processes should agree within the budget's ``skew`` (NTP). The clock
    offset is kept per host, since each host has its own clock.
    """

    def __init__(self, client: redis.Redis, *, prefix: str = "multimarkets-bridge") -> None:
        self._redis = client
        self._prefix = prefix
        self._reserve = client.register_script(_RESERVE)
        self._confirm = client.register_script(_CONFIRM)
        self._finish = client.register_script(_FINISH)
        self._block = client.register_script(_BLOCK)
        self._host = socket.gethostname()

    @classmethod
    def from_url(cls, url: str, *, prefix: str = "multimarkets-bridge", **kwargs: Any) -> RedisCoordinator:
        try:
            import redis as redis_module
        except ImportError as exc:  # pragma: no cover - exercised only without the extra
            raise ConfigurationError(
                "RedisCoordinator needs the redis client: pip install 'multimarkets-bridge[redis]'"
            ) from exc
        return cls(redis_module.Redis.from_url(url, **kwargs), prefix=prefix)

    def _key(self, scope: str, what: str) -> str:
        return f"{self._prefix}:{scope}:{what}"

    def reserve(self, scope: str, now: float, budget: RateBudget) -> Booking:
        token = os.urandom(16).hex()
        args: list[str | int] = [repr(now), budget.calls, repr(budget.span), token]
        return Booking(float(self._reserve(keys=[self._key(scope, "sent")], args=args)), token)

    def confirm(self, scope: str, booking: Booking, now: float, budget: RateBudget) -> Booking:
        args: list[str | int] = [repr(now), budget.calls, repr(budget.span), booking.token]
        return Booking(float(self._confirm(keys=[self._key(scope, "sent")], args=args)), booking.token)

    def release(self, scope: str, booking: Booking) -> None:
        self._redis.zrem(self._key(scope, "sent"), booking.token)

    def finish(self, scope: str, booking: Booking, done: float, budget: RateBudget) -> None:
        if done > booking.at:
            args = [repr(done), repr(budget.span), booking.token]
            self._finish(keys=[self._key(scope, "sent")], args=args)

    def blocked(self, scope: str, now: float) -> tuple[float, BlockKind | None]:
        banned, paused = self._redis.mget([self._key(scope, "banned"), self._key(scope, "paused")])
        return _in_force(now, float(banned or 0), float(paused or 0))

    def block(self, scope: str, until: float, kind: BlockKind) -> None:
        ttl_ms = int((until - time.time()) * 1000) + 1000
        self._block(keys=[self._key(scope, kind)], args=[repr(until), ttl_ms])

    def clock_offset_ms(self, scope: str) -> int:
        value = self._redis.get(self._key(scope, f"clock:{self._host}"))
        return int(value) if value is not None else 0

    def set_clock_offset_ms(self, scope: str, offset_ms: int) -> None:
        self._redis.set(self._key(scope, f"clock:{self._host}"), str(offset_ms), ex=24 * 3600)

    def __repr__(self) -> str:
        return f"RedisCoordinator(prefix={self._prefix!r})"
