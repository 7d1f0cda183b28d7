"""Where a notification receiver records which notifications it has processed.

Each key goes ``claim`` (a short lease, renewed by ``renew`` while the handler runs) -> ``complete``
(done, kept for ``ttl``) or ``release`` (the handler failed: forget it, so a redelivery is processed).
A claim names its ``owner``: only the owner renews or releases it, so a holder that stalled past its
lease cannot extend or drop the claim of the replica that took over. A holder that crashed stops
renewing, and its claim expires within one lease. Three stores:

* [`MemorySeenStore`][] - one process, lost on restart (tests, single-instance tools);
* [`SqliteSeenStore`][] - a file: survives restarts, shared by the processes of one host;
* [`RedisSeenStore`][] - shared by every replica behind a load balancer.
"""

from __future__ import annotations

import asyncio
import logging
import os
import sqlite3
import threading
import time
import weakref
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, Protocol

from .errors import ConfigurationError
from .redis_batch import CommandBatcher

if TYPE_CHECKING:
    import redis

__all__ = ["Claim", "LeaseKeeper", "MemorySeenStore", "RedisSeenStore", "SeenStore", "SqliteSeenStore"]

logger: logging.Logger = logging.getLogger("multimarkets_bridge.webhooks")

Claim = Literal["claimed", "done", "busy"]
DEFAULT_TTL = 7 * 24 * 3600.0


class SeenStore(Protocol):
    def claim(self, key: str, lease_seconds: float, owner: str = "") -> Claim:
        """``claimed`` (process it now), ``done`` (already processed) or ``busy`` (someone is on it)."""
        ...

    def renew(self, key: str, lease_seconds: float, owner: str = "") -> bool:
        """Extend ``owner``'s claim to ``lease_seconds`` from now; False when ``owner`` no longer holds it."""
        ...

    def complete(self, key: str) -> None: ...

    def release(self, key: str, owner: str = "") -> None:
        """Forget ``owner``'s claim (a claim held by another owner, or done, stays)."""
        ...

    def is_done(self, key: str) -> bool: ...


class MemorySeenStore:
    """In-process store (thread-safe); forgets everything on restart."""

    def __init__(self, ttl: float = DEFAULT_TTL, clock: Callable[[], float] = time.time) -> None:
        self._entries: dict[str, tuple[str, float]] = {}  # key -> (state, until); state "done" or owner
        self._ttl = ttl
        self._clock = clock
        self._lock = threading.Lock()

    def claim(self, key: str, lease_seconds: float, owner: str = "") -> Claim:
        with self._lock:
            now = self._clock()
            state, until = self._entries.get(key, ("", 0.0))
            if until > now:
                return "done" if state == _DONE else "busy"
            self._entries[key] = (_held_by(owner), now + lease_seconds)
            if len(self._entries) > 100_000:
                self._entries = {k: v for k, v in self._entries.items() if v[1] > now}
            return "claimed"

    def renew(self, key: str, lease_seconds: float, owner: str = "") -> bool:
        with self._lock:
            now = self._clock()
            state, until = self._entries.get(key, ("", 0.0))
            if state != _held_by(owner) or until <= now:
                return False
            self._entries[key] = (state, now + lease_seconds)
            return True

    def complete(self, key: str) -> None:
        with self._lock:
            self._entries[key] = (_DONE, self._clock() + self._ttl)

    def release(self, key: str, owner: str = "") -> None:
        with self._lock:
            if self._entries.get(key, ("", 0.0))[0] == _held_by(owner):
                del self._entries[key]

    def is_done(self, key: str) -> bool:
        with self._lock:
            state, until = self._entries.get(key, ("", 0.0))
            return state == _DONE and until > self._clock()

    # awaited by the ASGI receiver on its event loop: the operations never block
    async def aclaim(self, key: str, lease_seconds: float, owner: str = "") -> Claim:
        return self.claim(key, lease_seconds, owner)

    async def acomplete(self, key: str) -> None:
        self.complete(key)


_DONE = "done"


def _held_by(owner: str) -> str:
    """The state of a claim held by ``owner`` (never equal to "done")."""
    return f"processing:{owner}"


class SqliteSeenStore:
    """A SQLite file (WAL mode): survives restarts; processes on one host can share it."""

    def __init__(
        self, path: str | Path, ttl: float = DEFAULT_TTL, clock: Callable[[], float] = time.time
    ) -> None:
        try:
            self._db = sqlite3.connect(str(path), timeout=10, check_same_thread=False, isolation_level=None)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=NORMAL")
            self._db.execute(
                "CREATE TABLE IF NOT EXISTS seen "
                "(key TEXT PRIMARY KEY, state TEXT NOT NULL, until REAL NOT NULL)"
            )
        except (sqlite3.Error, TypeError, ValueError) as exc:
            raise ConfigurationError(
                f"cannot open the SQLite seen-store ({type(exc).__name__}: {exc})"
            ) from None
        self._ttl = ttl
        self._clock = clock
        self._lock = threading.Lock()

    def claim(self, key: str, lease_seconds: float, owner: str = "") -> Claim:
        with self._lock:
            now = self._clock()
            self._db.execute("BEGIN IMMEDIATE")
            try:
                row = self._db.execute("SELECT state, until FROM seen WHERE key = ?", (key,)).fetchone()
                if row is not None and row[1] > now:
                    return "done" if row[0] == _DONE else "busy"
                self._db.execute(
                    "INSERT OR REPLACE INTO seen (key, state, until) VALUES (?, ?, ?)",
                    (key, _held_by(owner), now + lease_seconds),
                )
                return "claimed"
            finally:
                self._db.execute("COMMIT")

    def renew(self, key: str, lease_seconds: float, owner: str = "") -> bool:
        with self._lock:
            now = self._clock()
            cursor = self._db.execute(
                "UPDATE seen SET until = ? WHERE key = ? AND state = ? AND until > ?",
                (now + lease_seconds, key, _held_by(owner), now),
            )
            return cursor.rowcount == 1

    def complete(self, key: str) -> None:
        with self._lock:
            self._db.execute(
                "INSERT OR REPLACE INTO seen (key, state, until) VALUES (?, 'done', ?)",
                (key, self._clock() + self._ttl),
            )

    def release(self, key: str, owner: str = "") -> None:
        with self._lock:
            self._db.execute("DELETE FROM seen WHERE key = ? AND state = ?", (key, _held_by(owner)))

    def is_done(self, key: str) -> bool:
        with self._lock:
            row = self._db.execute("SELECT state, until FROM seen WHERE key = ?", (key,)).fetchone()
            return row is not None and row[0] == "done" and row[1] > self._clock()

    def close(self) -> None:
        self._db.close()


class RedisSeenStore:
    """Redis (or Valkey): one store for every replica. Leases and done-marks expire on their own."""

    def __init__(
        self, client: redis.Redis, *, prefix: str = "multimarkets-bridge:seen", ttl: float = DEFAULT_TTL
    ) -> None:
        self._redis = client
        self._prefix = prefix
        self._ttl = ttl
        self._url: str | None = None  # set by from_url: the async operations connect to it too
        self._set_get: bool | None = None  # whether the server takes SET NX GET (Redis >= 7.0)
        self._batchers: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, CommandBatcher] = (
            weakref.WeakKeyDictionary()
        )
        # atomic "only if still held by this owner" (a plain GET then SET/DEL could act on a new holder)
        self._compare_and_pexpire = client.register_script(
            "if redis.call('GET', KEYS[1]) == ARGV[1] then "
            "return redis.call('PEXPIRE', KEYS[1], ARGV[2]) else return 0 end"
        )
        self._compare_and_delete = client.register_script(
            "if redis.call('GET', KEYS[1]) == ARGV[1] then "
            "return redis.call('DEL', KEYS[1]) else return 0 end"
        )

    @classmethod
    def from_url(cls, url: str, **kwargs: Any) -> RedisSeenStore:
        """A store on ``url`` (keywords: ``prefix``, ``ttl``) whose commands time out after
        ``STORE_TIMEOUT`` (1 s) and are not retried by the Redis client: a frozen Redis makes the
        receiver answer 503 within the platform's reply deadline."""
        try:
            import redis as redis_module
        except ImportError as exc:  # pragma: no cover - exercised only without the extra
            raise ConfigurationError(
                "RedisSeenStore needs the redis client: pip install 'multimarkets-bridge[redis]'"
            ) from exc
        from .redis_coordination import redis_client_options

        try:
            client = redis_module.Redis.from_url(url, **redis_client_options({}))
        except (ValueError, TypeError) as exc:
            raise ConfigurationError(f"not a Redis URL ({type(exc).__name__})") from None
        store = cls(client, **kwargs)
        store._url = url
        return store

    def claim(self, key: str, lease_seconds: float, owner: str = "") -> Claim:
        name = f"{self._prefix}:{key}"
        if self._redis.set(name, _held_by(owner), nx=True, px=_ms(lease_seconds)):
            return "claimed"
        return "done" if self._redis.get(name) == _DONE.encode() else "busy"

    def _batcher(self, url: str) -> CommandBatcher:
        """The pipelining batcher of the running event loop, on a ``redis.asyncio`` client of ``url``
        with the sync client's timeouts (an asyncio connection belongs to the loop that opened it)."""
        loop = asyncio.get_running_loop()
        batcher = self._batchers.get(loop)
        if batcher is None:
            import redis.asyncio

            from .redis_coordination import redis_client_options

            client = redis.asyncio.Redis.from_url(url, **redis_client_options({}, asynchronous=True))
            batcher = self._batchers[loop] = CommandBatcher(client)
        return batcher

    async def aclaim(self, key: str, lease_seconds: float, owner: str = "") -> Claim:
        """``claim`` on the caller's event loop, pipelined with the loop's other store commands (a
        store built by ``from_url``; else in a worker thread). ``SET NX`` then ``GET``: the second
        reply says what holds the key when the first did not take it."""
        if self._url is None:
            return await asyncio.to_thread(self.claim, key, lease_seconds, owner)
        name, held, batcher = f"{self._prefix}:{key}", _held_by(owner), self._batcher(self._url)
        if self._set_get is None:
            self._set_get = await _takes_set_nx_get(batcher)
        claim = ("SET", name, held, "NX", "PX", _ms(lease_seconds))
        if self._set_get:  # one command: the old value, or nil when this claim took the key
            (state,) = await batcher.run((*claim, "GET"))
            taken = state is None
        else:  # Redis before 7.0: SET NX answers OK or nil; GET says what holds the key
            reply, state = await batcher.run(claim, ("GET", name))
            taken = reply is not None
        if taken:
            return "claimed"
        return "done" if state == _DONE.encode() else "busy"

    async def acomplete(self, key: str) -> None:
        """``complete`` on the caller's event loop, pipelined like ``aclaim``."""
        if self._url is None:
            return await asyncio.to_thread(self.complete, key)
        name, ttl = f"{self._prefix}:{key}", int(self._ttl * 1000)
        await self._batcher(self._url).run(("SET", name, _DONE, "PX", ttl))
        return None

    def renew(self, key: str, lease_seconds: float, owner: str = "") -> bool:
        held = self._compare_and_pexpire(
            keys=[f"{self._prefix}:{key}"], args=[_held_by(owner), _ms(lease_seconds)]
        )
        return bool(held)

    def complete(self, key: str) -> None:
        self._redis.set(f"{self._prefix}:{key}", _DONE, px=int(self._ttl * 1000))

    def release(self, key: str, owner: str = "") -> None:
        self._compare_and_delete(keys=[f"{self._prefix}:{key}"], args=[_held_by(owner)])

    def is_done(self, key: str) -> bool:
        return bool(self._redis.get(f"{self._prefix}:{key}") == b"done")


async def _takes_set_nx_get(batcher: CommandBatcher) -> bool:
    """Whether the server takes ``SET key value NX GET`` (Redis >= 7.0, Valkey), probed once on a key
    of its own."""
    probe = f"multimarkets-bridge:probe:{os.urandom(8).hex()}"
    try:
        await batcher.run(("SET", probe, "1", "NX", "PX", 1000, "GET"))
    except Exception as exc:
        if type(exc).__name__ != "ResponseError":  # the store failed: not an answer about the syntax
            raise
        return False
    return True


def _ms(seconds: float) -> int:
    return max(1, int(seconds * 1000))


class LeaseKeeper:
    """Renews the claims held while their handlers run, every third of a lease (one daemon thread,
    running only while a claim is held). A crashed process stops renewing: its claims expire within
    one lease and the platform's next redelivery is processed."""

    def __init__(self, store: SeenStore, lease_seconds: float) -> None:
        self._store = store
        self._lease = lease_seconds
        self._held: dict[tuple[str, str], None] = {}
        #: claims whose handler finished but whose "done" mark the store did not take yet
        self._completing: set[tuple[str, str]] = set()
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self._failing = False  # a store failure was logged and the store has not answered since

    def hold(self, key: str, owner: str) -> None:
        with self._lock:
            self._held[key, owner] = None
            if self._thread is None:
                self._thread = threading.Thread(
                    target=self._renew_while_held, name="lease-keeper", daemon=True
                )
                self._thread.start()

    def drop(self, key: str, owner: str) -> None:
        with self._lock:
            self._held.pop((key, owner), None)

    def complete_later(self, key: str, owner: str) -> None:
        """The handler finished but the store did not take the "done" mark: keep the claim (so no
        replica runs the handler again) and retry the mark on every renewal until it is taken."""
        with self._lock:
            self._completing.add((key, owner))
        self.hold(key, owner)

    def store_failed(self, action: str, error: BaseException) -> None:
        """Log a store failure once per outage, one line, no traceback."""
        if not self._failing:
            self._failing = True
            logger.warning(
                "the notification store failed (%s: %s: %s); deliveries are answered 503 and "
                "redelivered until it answers again",
                action, type(error).__name__, str(error)[:200],
            )  # fmt: skip

    def store_answered(self) -> None:
        if self._failing:
            self._failing = False
            logger.warning("the notification store answers again")

    def _renew_while_held(self) -> None:
        while True:
            time.sleep(self._lease / 3)
            with self._lock:
                held = list(self._held)
                if not held:
                    self._thread = None
                    return
            for key, owner in held:
                try:
                    if (key, owner) in self._completing:
                        self._store.complete(key)
                        with self._lock:
                            self._completing.discard((key, owner))
                            self._held.pop((key, owner), None)
                        self.store_answered()
                        continue
                    kept = self._store.renew(key, self._lease, owner)
                except Exception as exc:  # the store is down: the claim may lapse; the next renew retries
                    self.store_failed("renew", exc)
                    continue
                with self._lock:
                    still_held = (key, owner) in self._held
                if not kept and still_held:  # (a claim dropped meanwhile was just completed)
                    logger.warning("a notification claim lapsed while its handler ran (stalled > one lease)")
