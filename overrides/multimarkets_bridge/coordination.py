"""Shared state of every client using one apiKey: rate budget, 429 pause, 418 ban, clock offset.

The platform counts requests per apiKey in fixed one-minute windows by arrival time (100 per window),
answers 429 past that, and bans the key (HTTP 418, 5 minutes and growing) when calls continue after a
429. Every client, thread, task and replica that uses one key must therefore draw from one budget:

* :class:`InProcessCoordinator` - one per process by default (:func:`process_coordinator`), so all
  clients of a key in a process share it.
* :class:`RedisCoordinator` - for several processes or hosts (``pip install 'multimarkets-bridge[redis]'``):
  ``BridgeClient(..., coordinator=RedisCoordinator.from_url("redis://host:6379/0"))``.

Pacing is a sliding window over *send* times of ``RateBudget.calls`` per ``window + skew`` seconds, with
``calls`` a safety margin under the published limit. Any span of ``window`` seconds of *arrivals* then
holds at most ``calls`` requests as long as network latency varies by less than ``skew``, whatever the
platform's window boundaries are. A call that wakes from its wait later than
``RateBudget.late_tolerance`` after its booked time books a new slot rather than send late. Store keys
are derived from a hash of the base URL and apiKey; the apiKey itself is never stored.
"""

from __future__ import annotations

import hashlib
import math
import os
import socket
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal, Protocol

from .errors import ConfigurationError

if TYPE_CHECKING:
    import redis

__all__ = [
    "BlockKind",
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

    ``limit`` requests per ``window`` seconds is what the platform allows; the client books at most
    ``calls`` = ``floor(limit * (1 - margin))`` (at least 1) per ``window + skew`` seconds of send time.
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

    @property
    def late_tolerance(self) -> float:
        """How long after its booked time a waiting call may still be sent; a later one books again
        (the skew allowance must also cover latency after the send, so only half of it is spent here)."""
        return max(self.skew / 2, 0.01)


def scope_for(base_url: str, api_key: str) -> str:
    """The store key of one (environment, apiKey) pair: a hash, never the key itself."""
    return hashlib.sha256(f"{base_url}\n{api_key}".encode()).hexdigest()[:32]


class Coordinator(Protocol):
    """What clients of one apiKey share. ``now`` is always the caller's clock (seconds)."""

    def reserve(self, scope: str, now: float, budget: RateBudget) -> float:
        """Book the earliest send time the budget allows (>= ``now``) and return it."""
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
    sent: deque[float] = field(default_factory=deque)
    paused_until: float = 0.0
    banned_until: float = 0.0
    clock_offset_ms: int = 0


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

    def reserve(self, scope: str, now: float, budget: RateBudget) -> float:
        with self._lock:
            sent = self._state(scope).sent
            while sent and sent[0] <= now - budget.span:
                sent.popleft()
            at = now
            if len(sent) >= budget.calls:
                at = max(now, sent[-budget.calls] + budget.span)
            if sent and at < sent[-1]:
                at = sent[-1]
            sent.append(at)
            return at

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


# Atomic booking of the next send time in a sorted set of booked times (the same algorithm as
# InProcessCoordinator.reserve). KEYS[1] the set; ARGV: now, calls, span, unique member suffix.
_RESERVE = """
local now, calls, span = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - span)
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
redis.call('ZADD', KEYS[1], at, string.format('%.6f', at) .. ':' .. ARGV[4])
redis.call('PEXPIRE', KEYS[1], math.ceil((at - now + span) * 1000) + 1000)
return string.format('%.6f', at)
"""

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

    Send times are booked by a Lua script, atomically; clocks of the processes should agree within the
    budget's ``skew`` (NTP). The clock offset is kept per host, since each host has its own clock.
    """

    def __init__(self, client: redis.Redis, *, prefix: str = "multimarkets-bridge") -> None:
        self._redis = client
        self._prefix = prefix
        self._reserve = client.register_script(_RESERVE)
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

    def reserve(self, scope: str, now: float, budget: RateBudget) -> float:
        args: list[str | int] = [repr(now), budget.calls, repr(budget.span), os.urandom(16).hex()]
        return float(self._reserve(keys=[self._key(scope, "sent")], args=args))

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
