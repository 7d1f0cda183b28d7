"""One way in for every form a vendor page arrives in, in order of preference:

1. GitBook's markdown export (``<page>.md``, ``Accept: text/markdown``) with the vendor's own OpenAPI
   fragments ([`.gitbook`][]);
2. the HTML page: its ``<head>`` link to the markdown export, else its rendered OpenAPI block, read
   with a real HTML parser ([`.html_page`][]);
3. the flattened text layouts (stored copies and the seed pages; [`.page`][]).

Every reader returns a [`MarkdownPage`][.gitbook.MarkdownPage] (title, language, fingerprint, one
``ParsedPage`` per operation - none for a prose page) or raises ``PageGoneError`` /
``PageParseError`` / ``PageFetchError``.
"""

from __future__ import annotations

from collections.abc import Callable

from .fetch import Fetched, PageFetchError, fetch, is_url, read_file
from .gitbook import MarkdownPage, PageGoneError, is_markdown_export, parse_markdown
from .html_page import is_html, markdown_link, parse_html
from .page import parse_page

__all__ = ["PageFetchError", "PageGoneError", "parse_any", "read_source"]

Fetcher = Callable[..., Fetched]


def parse_any(text: str, source: str) -> MarkdownPage:
    """Parse page text in whichever of the three forms it is."""
    if is_html(text):
        return parse_html(text, source)
    if is_markdown_export(text):
        return parse_markdown(text, source)
    page = parse_page(text, source)
    return MarkdownPage(page.title, page.language, page.fingerprint, source, (page,))


def markdown_url(url: str) -> str:
    return url if url.endswith((".md", ".txt")) else url.rstrip("/") + ".md"


def read_source(source: str, *, timeout: float = 10.0, fetcher: Fetcher = fetch) -> MarkdownPage:
    """Read a page file or URL, preferring the markdown export over the HTML page. A page reached
    through a redirect is read as the page at the URL that answered (its ``source``)."""
    if not is_url(source):
        return parse_any(read_file(source), source)
    status, text, kind, answered = fetcher(markdown_url(source), accept="text/markdown", timeout=timeout)
    if status == 200 and kind != "text/html" and not is_html(text):
        return parse_any(text, _page_of(answered, source))
    if status != 200 or markdown_url(source) != source:  # no export: the HTML page itself
        status, text, kind, answered = fetcher(source, accept="text/html", timeout=timeout)
    if status != 200:
        raise PageFetchError(f"cannot fetch {source}: HTTP {status}")
    page_url = _page_of(answered, source)
    linked = markdown_link(text, page_url) if is_html(text) else None
    if linked and linked != markdown_url(page_url):
        status, linked_text, _, _ = fetcher(linked, accept="text/markdown", timeout=timeout)
        if status == 200 and not is_html(linked_text):
            return parse_any(linked_text, page_url)
    return parse_any(text, page_url)


def _page_of(answered: str, requested: str) -> str:
    """The page URL that answered a request for ``requested`` (or its markdown export)."""
    if answered in (requested, markdown_url(requested)):
        return requested
    return answered.removesuffix(".md") if not requested.endswith(".md") else answered
