"""Client-side pacing: stay under the per-apiKey rate limit and respect a 418 ban.

The platform allows 100 requests per minute per apiKey; going over yields 429, and continuing after
429 yields a 418 ban (5 minutes, then 10, ...). The throttle spaces calls so that a well-behaved client
never sees 429, and after a 418 it refuses calls locally until the ban is over.
"""

from __future__ import annotations

import threading
from collections import deque

__all__ = ["Throttle"]

WINDOW_SECONDS = 60.0
DEFAULT_BAN_SECONDS = 300.0


class Throttle:
    """Sliding-window limiter (``limit`` calls per 60 s) plus a local ban timer. Thread-safe."""

    def __init__(self, limit: int | None) -> None:
        if limit is not None and limit < 1:
            raise ValueError("rate limit must be at least 1 request per minute")
        self._limit = limit
        self._sent: deque[float] = deque()
        self._banned_until = 0.0
        self._lock = threading.Lock()

    def reserve(self, now: float) -> float:
        """Record a call at the earliest allowed moment; return how long to wait before sending it."""
        with self._lock:
            if self._limit is None:
                return 0.0
            while self._sent and now - self._sent[0] >= WINDOW_SECONDS:
                self._sent.popleft()
            at = now
            if len(self._sent) >= self._limit:
                at = self._sent[-self._limit] + WINDOW_SECONDS
            self._sent.append(at)
            return max(0.0, at - now)

    def banned_for(self, now: float) -> float:
        """Seconds left of a ban seen earlier (0 when none)."""
        with self._lock:
            return max(0.0, self._banned_until - now)

    def note_ban(self, now: float, retry_after: float | None) -> None:
        with self._lock:
            self._banned_until = max(self._banned_until, now + (retry_after or DEFAULT_BAN_SECONDS))
