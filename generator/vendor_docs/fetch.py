"""Read vendor pages from files or URLs: timeouts, retries with backoff (``Retry-After`` honoured), one
clear error."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
MAX_RETRY_AFTER = 30.0


class PageFetchError(RuntimeError):
    """A page could not be read (after the retries)."""


def is_url(source: str) -> bool:
    return source.startswith(("http://", "https://"))


def read_file(source: str) -> str:
    try:
        return Path(source).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise PageFetchError(f"cannot read page file {source}: {exc}") from None


def fetch(
    url: str,
    *,
    accept: str = "text/markdown",
    timeout: float = 10.0,
    attempts: int = 3,
    backoff: float = 0.5,
    sleep: Callable[[float], None] = time.sleep,
    client: object | None = None,
) -> tuple[int, str, str]:
    """``(status, text, content type)`` of ``url``: 200, or 404 (the caller may try another form);
    anything else raises [`PageFetchError`][] once the retries are spent."""
    import httpx

    http = client if isinstance(client, httpx.Client) else None
    problem = "no attempt made"
    attempt = 0
    for attempt in range(1, max(attempts, 1) + 1):
        wait = backoff * 2 ** (attempt - 1)
        try:
            getter = http.get if http is not None else httpx.get
            response = getter(url, timeout=timeout, follow_redirects=True, headers={"Accept": accept})
        except httpx.HTTPError as exc:
            problem = f"{type(exc).__name__}: {exc}"
        else:
            kind = response.headers.get("content-type", "").split(";")[0].strip().lower()
            if response.status_code in (200, 404):
                return response.status_code, response.text, kind
            problem = f"HTTP {response.status_code}"
            if response.status_code not in RETRY_STATUSES:
                break
            after = response.headers.get("retry-after", "")
            if after.isdigit():
                wait = min(float(after), MAX_RETRY_AFTER)
        if attempt < attempts:
            sleep(wait)
    raise PageFetchError(f"cannot fetch {url}: {problem} (after {attempt} attempt(s), timeout {timeout} s)")


def read_page(
    source: str,
    *,
    timeout: float = 10.0,
    attempts: int = 3,
    sleep: Callable[[float], None] = time.sleep,
) -> str:
    """The text of a page given as a file path or an http(s) URL (as served, any format)."""
    if not is_url(source):
        return read_file(source)
    accept = "text/markdown, text/html;q=0.5"
    status, text, _ = fetch(source, accept=accept, timeout=timeout, attempts=attempts, sleep=sleep)
    if status != 200:
        raise PageFetchError(f"cannot fetch page {source}: HTTP {status}")
    return text
