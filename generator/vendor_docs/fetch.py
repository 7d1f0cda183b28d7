"""Read vendor pages from files or URLs: timeouts, retries with backoff (``Retry-After`` honoured), one
clear error."""

from __future__ import annotations

import functools
import re
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, NamedTuple

RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
MAX_RETRY_AFTER = 30.0


class Fetched(NamedTuple):
    """What a fetch got: its status, text and content type, and the URL that answered (redirects
    followed - the caller records a page that moved)."""

    status: int
    text: str
    kind: str
    url: str


class PageFetchError(RuntimeError):
    """A page could not be read (after the retries)."""


def is_url(source: str) -> bool:
    return source.startswith(("http://", "https://"))


def read_file(source: str) -> str:
    try:
        return Path(source).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise PageFetchError(f"cannot read page file {source}: {exc}") from None


_BOMS = ((b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be"))
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_HEADER_CHARSET = re.compile(r"""charset\s*=\s*["']?([A-Za-z0-9_.:-]+)""", re.IGNORECASE)


def decode_page(url: str, content: bytes, content_type: str) -> str:
    """The text of a page's bytes by the charset it declares - a byte-order mark, else the
    ``Content-Type`` header, else an HTML ``<meta charset>`` (in the first 1024 bytes), else UTF-8 (the
    default of markdown, ``llms.txt`` and HTML5) - decoded strictly: bytes that do not decode are a
    [`PageFetchError`][] naming the page, the charset, where it was declared and the first bad byte.
    Nothing is guessed."""
    for bom, charset in _BOMS:
        if content.startswith(bom):
            body, declared, where = content[len(bom) :], charset, "its byte-order mark"
            break
    else:
        body = content
        header = _HEADER_CHARSET.search(content_type)
        meta = _META_CHARSET.search(content[:1024]) if "html" in content_type.lower() else None
        if header:
            declared, where = header.group(1), "the Content-Type header"
        elif meta:
            declared, where = meta.group(1).decode("ascii"), "its <meta charset>"
        else:
            declared, where = "utf-8", "no declaration (UTF-8 by default)"
    try:
        return body.decode(declared)
    except LookupError:
        raise PageFetchError(f"cannot read {url}: unknown charset {declared!r} ({where})") from None
    except UnicodeDecodeError as exc:
        raise PageFetchError(
            f"cannot read {url}: byte {exc.start} does not decode as {declared} ({where})"
        ) from None


@functools.cache
def _shared_client() -> Any:
    """One HTTP client per process: its connections and TLS context serve every page of a run."""
    import httpx

    return httpx.Client()


def fetch(
    url: str,
    *,
    accept: str = "text/markdown",
    timeout: float = 10.0,
    attempts: int = 3,
    backoff: float = 0.5,
    sleep: Callable[[float], None] = time.sleep,
    client: object | None = None,
) -> Fetched:
    """[`Fetched`][] for ``url``: 200, or 404 (the caller may try another form); anything else raises
    [`PageFetchError`][] once the retries are spent. Redirects are followed and the answering URL kept."""
    import httpx

    http = client if isinstance(client, httpx.Client) else _shared_client()
    problem = "no attempt made"
    attempt = 0
    for attempt in range(1, max(attempts, 1) + 1):
        wait = backoff * 2 ** (attempt - 1)
        try:
            response = http.get(url, timeout=timeout, follow_redirects=True, headers={"Accept": accept})
        except httpx.HTTPError as exc:
            problem = f"{type(exc).__name__}: {exc}"
        else:
            header = response.headers.get("content-type", "")
            kind = header.split(";")[0].strip().lower()
            final = str(response.url)
            if response.status_code == 200:
                return Fetched(200, decode_page(url, response.content, header), kind, final)
            if response.status_code == 404:  # only told apart from a page: its text is not read
                return Fetched(404, response.content.decode("utf-8", "replace"), kind, final)
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
    status, text, _, _ = fetch(source, accept=accept, timeout=timeout, attempts=attempts, sleep=sleep)
    if status != 200:
        raise PageFetchError(f"cannot fetch page {source}: HTTP {status}")
    return text
