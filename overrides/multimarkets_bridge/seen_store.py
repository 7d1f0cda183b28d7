"""Where a notification receiver records which notifications it has processed.

Each key goes ``claim`` (a lease while the handler runs) -> ``complete`` (done, kept for ``ttl``) or
``release`` (the handler failed: forget it, so a redelivery is processed). Three stores:

* :class:`MemorySeenStore` - one process, lost on restart (tests, single-instance tools);
* :class:`SqliteSeenStore` - a file: survives restarts, shared by the processes of one host;
* :class:`RedisSeenStore` - shared by every replica behind a load balancer.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, Protocol

from .errors import ConfigurationError

if TYPE_CHECKING:
    import redis

__all__ = ["Claim", "MemorySeenStore", "RedisSeenStore", "SeenStore", "SqliteSeenStore"]

Claim = Literal["claimed", "done", "busy"]
DEFAULT_TTL = 7 * 24 * 3600.0


class SeenStore(Protocol):
    def claim(self, key: str, lease_seconds: float) -> Claim:
        """``claimed`` (process it now), ``done`` (already processed) or ``busy`` (someone is on it)."""
        ...

    def complete(self, key: str) -> None: ...

    def release(self, key: str) -> None: ...

    def is_done(self, key: str) -> bool: ...


class MemorySeenStore:
    """In-process store (thread-safe); forgets everything on restart."""

    def __init__(self, ttl: float = DEFAULT_TTL, clock: Callable[[], float] = time.time) -> None:
        self._entries: dict[str, tuple[str, float]] = {}
        self._ttl = ttl
        self._clock = clock
        self._lock = threading.Lock()

    def claim(self, key: str, lease_seconds: float) -> Claim:
        with self._lock:
            now = self._clock()
            state, until = self._entries.get(key, ("", 0.0))
            if until > now:
                return "done" if state == "done" else "busy"
            self._entries[key] = ("processing", now + lease_seconds)
            if len(self._entries) > 100_000:
                self._entries = {k: v for k, v in self._entries.items() if v[1] > now}
            return "claimed"

    def complete(self, key: str) -> None:
        with self._lock:
            self._entries[key] = ("done", self._clock() + self._ttl)

    def release(self, key: str) -> None:
        with self._lock:
            if self._entries.get(key, ("", 0.0))[0] == "processing":
                del self._entries[key]

    def is_done(self, key: str) -> bool:
        with self._lock:
            state, until = self._entries.get(key, ("", 0.0))
            return state == "done" and until > self._clock()


class SqliteSeenStore:
    """A SQLite file (WAL mode): survives restarts; processes on one host can share it."""

    def __init__(
        self, path: str | Path, ttl: float = DEFAULT_TTL, clock: Callable[[], float] = time.time
    ) -> None:
        self._db = sqlite3.connect(str(path), timeout=10, check_same_thread=False, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.execute(
            "CREATE TABLE IF NOT EXISTS seen (key TEXT PRIMARY KEY, state TEXT NOT NULL, until REAL NOT NULL)"
        )
        self._ttl = ttl
        self._clock = clock
        self._lock = threading.Lock()

    def claim(self, key: str, lease_seconds: float) -> Claim:
        with self._lock:
            now = self._clock()
            self._db.execute("BEGIN IMMEDIATE")
            try:
                row = self._db.execute("SELECT state, until FROM seen WHERE key = ?", (key,)).fetchone()
                if row is not None and row[1] > now:
                    return "done" if row[0] == "done" else "busy"
                self._db.execute(
                    "INSERT OR REPLACE INTO seen (key, state, until) VALUES (?, 'processing', ?)",
                    (key, now + lease_seconds),
                )
                return "claimed"
            finally:
                self._db.execute("COMMIT")

    def complete(self, key: str) -> None:
        with self._lock:
            self._db.execute(
                "INSERT OR REPLACE INTO seen (key, state, until) VALUES (?, 'done', ?)",
                (key, self._clock() + self._ttl),
            )

    def release(self, key: str) -> None:
        with self._lock:
            self._db.execute("DELETE FROM seen WHERE key = ? AND state = 'processing'", (key,))

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

    @classmethod
    def from_url(cls, url: str, **kwargs: Any) -> RedisSeenStore:
        try:
            import redis as redis_module
        except ImportError as exc:  # pragma: no cover - exercised only without the extra
            raise ConfigurationError(
                "RedisSeenStore needs the redis client: pip install 'multimarkets-bridge[redis]'"
            ) from exc
        return cls(redis_module.Redis.from_url(url), **kwargs)

    def claim(self, key: str, lease_seconds: float) -> Claim:
        name = f"{self._prefix}:{key}"
        if self._redis.set(name, "processing", nx=True, px=max(1, int(lease_seconds * 1000))):
            return "claimed"
        return "done" if self._redis.get(name) == b"done" else "busy"

    def complete(self, key: str) -> None:
        self._redis.set(f"{self._prefix}:{key}", "done", px=int(self._ttl * 1000))

    def release(self, key: str) -> None:
        name = f"{self._prefix}:{key}"
        if self._redis.get(name) == b"processing":
            self._redis.delete(name)

    def is_done(self, key: str) -> bool:
        return bool(self._redis.get(f"{self._prefix}:{key}") == b"done")
