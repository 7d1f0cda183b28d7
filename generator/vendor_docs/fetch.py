"""Read vendor pages from files or URLs: timeouts, a few retries with backoff, one clear error."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})


class PageFetchError(RuntimeError):
    """A page could not be read (after the retries)."""


def is_url(source: str) -> bool:
    return source.startswith(("http://", "https://"))


def read_page(
    source: str,
    *,
    timeout: float = 10.0,
    attempts: int = 3,
    backoff: float = 0.5,
    sleep: Callable[[float], None] = time.sleep,
) -> str:
    """The text of a page given as a file path or an http(s) URL."""
    if not is_url(source):
        try:
            return Path(source).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise PageFetchError(f"cannot read page file {source}: {exc}") from None
    import httpx

    problem = "no attempt made"
    for attempt in range(1, max(attempts, 1) + 1):
        try:
            response = httpx.get(
                source, timeout=timeout, follow_redirects=True, headers={"Accept": "text/plain"}
            )
        except httpx.HTTPError as exc:
            problem = f"{type(exc).__name__}: {exc}"
        else:
            if response.status_code == 200:
                return response.text
            problem = f"HTTP {response.status_code}"
            if response.status_code not in RETRY_STATUSES:
                break
        if attempt < attempts:
            sleep(backoff * 2 ** (attempt - 1))
    raise PageFetchError(
        f"cannot fetch page {source}: {problem} (after {attempt} attempt(s), timeout {timeout} s)"
    )
