"""When a failed attempt is tried again: the backoff between attempts and the read-retry rule.

Whether an error may be retried at all is the retry table's
([`failure_policy`][multimarkets_bridge.errors.failure_policy]); this module only says how long to wait.
"""

from __future__ import annotations

import random

from .errors import BridgeError, failure_policy

__all__ = ["backoff", "read_retry_delay"]


def backoff(attempt: int) -> float:
    """Exponential backoff with a little jitter: 0.5 s, 1 s, 2 s ... at most 8 s."""
    return min(8.0, 0.5 * 2.0**attempt) * (1 + random.random() / 10)


def read_retry_delay(error: BridgeError, attempt: int, max_retries: int) -> float | None:
    """Seconds to wait before the next attempt of a read, or None to give up."""
    if attempt >= max_retries or not failure_policy(error).read_retry:
        return None
    return backoff(attempt)
