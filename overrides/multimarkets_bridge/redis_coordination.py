"""The coordinator in Redis (or Valkey): one rate budget, 429 pause, 418 ban and clock offset shared by
every process and host using one apiKey (``pip install 'multimarkets-bridge[redis]'``).

Bookings are made, confirmed and finished by Lua scripts, atomically (Redis >= 6.2 or Valkey). Each
script first checks the store's *epoch* (a random id written with the first booking): a process that
has booked before and finds the epoch gone knows the store lost its keys (a restart without
persistence, an eviction), and the script fills the window with placeholder stamps so that only the
budget's margin (``RateBudget.guarded_calls``) may be sent in the next window: the platform may still be
counting what was sent before the loss.
"""

from __future__ import annotations

import os
import socket
import time
from typing import TYPE_CHECKING, Any

from .coordination import BlockKind, Booking, RateBudget, in_force
from .errors import ConfigurationError

if TYPE_CHECKING:
    import redis

__all__ = ["RedisCoordinator"]

#: Socket timeouts of a coordinator built by ``from_url`` (seconds): a frozen store fails fast, before
#: a call's own timeout, as a typed not-sent error. No command is retried by the Redis client, and after
#: a failure every store operation fails at once for ``STORE_TIMEOUT`` (then one is tried again), so one
#: call spends about ``STORE_TIMEOUT`` in all on a frozen store, not that much per operation.
STORE_TIMEOUT = 1.0


def redis_client_options(kwargs: dict[str, Any], *, asynchronous: bool = False) -> dict[str, Any]:
    """``redis.Redis.from_url`` (or ``redis.asyncio``'s) keywords with the SDK's defaults:
    ``STORE_TIMEOUT`` socket timeouts and no automatic retry (the client's default retries a timed-out
    command three times, ~6 s frozen)."""
    from redis.backoff import NoBackoff

    if asynchronous:
        from redis.asyncio.retry import Retry as AsyncRetry

        retry: Any = AsyncRetry(NoBackoff(), 0)
    else:
        from redis.retry import Retry

        retry = Retry(NoBackoff(), 0)
    options = dict(kwargs)
    options.setdefault("socket_timeout", STORE_TIMEOUT)
    options.setdefault("socket_connect_timeout", STORE_TIMEOUT)
    options.setdefault("retry", retry)
    return options


class StoreDownError(Exception):
    """The store failed within the last ``STORE_TIMEOUT``: the operation was not tried."""


# Stamps live in a sorted set (score: time, member: the booking's token); each script runs atomically.
# KEYS[1] the set. Times travel as '%.6f' text both ways, so a score read back equals the one written.
_LUA_COMMON = """
local function t(x) return string.format('%.6f', x) end
local function touch(key, now, span)
  local last = redis.call('ZRANGE', key, -1, -1, 'WITHSCORES')
  local until_ = last[2] and math.max(tonumber(last[2]), now) or now
  redis.call('PEXPIRE', key, math.ceil((until_ - now + span) * 1000) + 1000)
end
-- KEYS[2] the epoch; ARGV[5] the epoch this process last saw ('' if none), ARGV[6] a new epoch id,
-- ARGV[7] the placeholder stamps that leave only the margin. Returns the epoch in force.
local function guard(now)
  local epoch = redis.call('GET', KEYS[2])
  if epoch then return epoch end
  redis.call('SET', KEYS[2], ARGV[6])
  if ARGV[5] ~= '' then  -- this process booked before: the store lost its keys
    for i = 1, tonumber(ARGV[7]) do
      redis.call('ZADD', KEYS[1], t(now), 'guard:' .. ARGV[6] .. ':' .. i)
    end
  end
  return ARGV[6]
end
"""

# Book in the order calls ask. ARGV: now, calls, span, token (+ the guard's, above).
_RESERVE = (
    _LUA_COMMON
    + """
local now, calls, span = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
local epoch = guard(now)
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
return {t(at), epoch}
"""
)

# Confirm at the end of a wait (see Coordinator.confirm). ARGV: now, calls, span, token (+ guard's).
_CONFIRM = (
    _LUA_COMMON
    + """
local now, calls, span = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
local epoch = guard(now)
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
return {t(at), epoch}
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
    offset is kept per host, since each host has its own clock. See the module docstring for what
    happens when the store loses its keys.
    """

    def __init__(self, client: redis.Redis, *, prefix: str = "multimarkets-bridge") -> None:
        self._redis = client
        self._prefix = prefix
        self._reserve = client.register_script(_RESERVE)
        self._confirm = client.register_script(_CONFIRM)
        self._finish = client.register_script(_FINISH)
        self._block = client.register_script(_BLOCK)
        self._host = socket.gethostname()
        self._epochs: dict[str, str] = {}  # scope -> the store epoch this process booked under
        self._down_until = 0.0  # time.monotonic() before which the store is taken as failed

    def _op(self, action: Any, *args: Any, **kwargs: Any) -> Any:
        """Run one store operation; after a failure the store counts as down for ``STORE_TIMEOUT``
        (operations fail at once: a call never waits on a frozen store more than once)."""
        if time.monotonic() < self._down_until:
            raise StoreDownError("the rate-budget store failed moments ago; not tried again yet")
        try:
            return action(*args, **kwargs)
        except Exception:
            self._down_until = time.monotonic() + STORE_TIMEOUT
            raise

    @classmethod
    def from_url(cls, url: str, *, prefix: str = "multimarkets-bridge", **kwargs: Any) -> RedisCoordinator:
        """A coordinator on ``url``; socket timeouts default to ``STORE_TIMEOUT`` (keyword arguments
        go to ``redis.Redis.from_url``). A malformed URL is a [`ConfigurationError`][]."""
        try:
            import redis as redis_module
        except ImportError as exc:  # pragma: no cover - exercised only without the extra
            raise ConfigurationError(
                "RedisCoordinator needs the redis client: pip install 'multimarkets-bridge[redis]'"
            ) from exc
        try:
            client = redis_module.Redis.from_url(url, **redis_client_options(kwargs))
        except (ValueError, TypeError) as exc:
            raise ConfigurationError(f"not a Redis URL ({type(exc).__name__})") from None
        return cls(client, prefix=prefix)

    def _key(self, scope: str, what: str) -> str:
        return f"{self._prefix}:{scope}:{what}"

    def _book(self, script: Any, scope: str, now: float, budget: RateBudget, token: str) -> Booking:
        keys = [self._key(scope, "sent"), self._key(scope, "epoch")]
        args: list[str | int] = [
            repr(now), budget.calls, repr(budget.span), token,
            self._epochs.get(scope, ""), os.urandom(8).hex(), max(0, budget.calls - budget.guarded_calls),
        ]  # fmt: skip
        at, epoch = self._op(script, keys=keys, args=args)
        self._epochs[scope] = epoch.decode() if isinstance(epoch, bytes) else str(epoch)
        return Booking(float(at), token)

    def reserve(self, scope: str, now: float, budget: RateBudget) -> Booking:
        return self._book(self._reserve, scope, now, budget, os.urandom(16).hex())

    def confirm(self, scope: str, booking: Booking, now: float, budget: RateBudget) -> Booking:
        return self._book(self._confirm, scope, now, budget, booking.token)

    def release(self, scope: str, booking: Booking) -> None:
        self._op(self._redis.zrem, self._key(scope, "sent"), booking.token)

    def finish(self, scope: str, booking: Booking, done: float, budget: RateBudget) -> None:
        if done > booking.at:
            args = [repr(done), repr(budget.span), booking.token]
            self._op(self._finish, keys=[self._key(scope, "sent")], args=args)

    def blocked(self, scope: str, now: float) -> tuple[float, BlockKind | None]:
        banned, paused = self._op(self._redis.mget, [self._key(scope, "banned"), self._key(scope, "paused")])
        return in_force(now, float(banned or 0), float(paused or 0))

    def block(self, scope: str, until: float, kind: BlockKind) -> None:
        ttl_ms = int((until - time.time()) * 1000) + 1000
        self._op(self._block, keys=[self._key(scope, kind)], args=[repr(until), ttl_ms])

    def clock_offset_ms(self, scope: str) -> int:
        value = self._op(self._redis.get, self._key(scope, f"clock:{self._host}"))
        return int(value) if value is not None else 0

    def set_clock_offset_ms(self, scope: str, offset_ms: int) -> None:
        self._op(self._redis.set, self._key(scope, f"clock:{self._host}"), str(offset_ms), ex=24 * 3600)

    def __repr__(self) -> str:
        return f"RedisCoordinator(prefix={self._prefix!r})"
