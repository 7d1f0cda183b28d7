"""Read a GitBook page served as HTML only (no markdown export): with a real HTML parser (lxml).

GitBook's ``<head>`` links the page's markdown export (``<link rel="alternate" type="text/markdown">``):
when present, [`markdown_link`][] gives it and the markdown is read instead. Otherwise the operation
block rendered by GitBook's OpenAPI component is read: each schema row's name
(``.openapi-schema-name``), type (``integer · int64`` -> ``integer``) and Required/Optional, under the
"Header parameters" / "Body" headings; the bizType from the block (``data-biz-type``) or the request
line (``POST /global/<bizType>``). Statuses and examples are not read from HTML (the markdown has them).
"""

from __future__ import annotations

import re
from typing import Any

from .facts import FieldFact, OperationFacts
from .gitbook import MarkdownPage, PageGoneError
from .page import PageParseError, ParsedPage
from .page_text import CJK, fingerprint

__all__ = ["is_html", "markdown_link", "parse_html"]

REQUEST_PATH = re.compile(r"POST\s+/global/(?P<biz>[A-Za-z0-9_.]+)")
SECTIONS = {"header parameters": "headers", "body": "body", "请求头参数": "headers", "请求体": "body"}


def is_html(text: str) -> bool:
    head = text.lstrip()[:200].lower()
    return head.startswith("<!doctype html") or head.startswith("<html")


def _tree(text: str, source: str) -> Any:
    import lxml.html

    try:
        return lxml.html.document_fromstring(text)
    except (ValueError, lxml.etree.ParserError) as exc:
        raise PageParseError(source, 1, f"an HTML document ({exc})") from None


def markdown_link(text: str, source: str) -> str | None:
    """The URL of the page's markdown export, when its ``<head>`` links one."""
    for link in _tree(text, source).iter("link"):
        if (link.get("rel") or "").lower() == "alternate" and link.get("type") == "text/markdown":
            href = link.get("href")
            return str(href) if href else None
    return None


def parse_html(text: str, source: str = "<page>") -> MarkdownPage:
    """The operation facts of an HTML page; raises ``PageGoneError`` or ``PageParseError``."""
    tree = _tree(text, source)
    heading = tree.find(".//h1")
    title = (heading.text_content() if heading is not None else tree.findtext(".//title") or "").strip()
    if title == "Page Not Found":
        raise PageGoneError(source)
    if not title:
        raise PageParseError(source, 1, "an <h1> or <title>")
    language = "zh-CN" if CJK.search(text) else "en"
    words = [w.strip() for w in tree.text_content().splitlines() if w.strip()]
    print_ = fingerprint(words)
    operations: list[ParsedPage] = []
    for block in tree.find_class("openapi-block"):
        biz_type = block.get("data-biz-type") or ""
        if not biz_type:
            found = REQUEST_PATH.search(block.text_content())
            biz_type = found.group("biz") if found else ""
        if not biz_type:
            raise PageParseError(source, block.sourceline or 1, "the operation's bizType in its block")
        sections: dict[str, dict[str, FieldFact]] = {"headers": {}, "body": {}}
        current: str | None = None
        for element in block.iter():
            if element.tag in ("h2", "h3", "h4"):
                current = SECTIONS.get(element.text_content().strip().lower())
            elif "openapi-schema" in (element.get("class") or "").split():
                sections[current or "body"].update([_row(element, source)])
        facts = OperationFacts(biz_type, sections["headers"], sections["body"], statuses=())
        operations.append(ParsedPage(facts, language, title, print_, source))
    return MarkdownPage(title, language, print_, source, tuple(operations))


def _row(element: Any, source: str) -> tuple[str, FieldFact]:
    def part(name: str) -> str:
        found = element.find_class(name)
        return found[0].text_content().strip() if found else ""

    name, kind, required = (
        part("openapi-schema-name"),
        part("openapi-schema-type"),
        part("openapi-schema-required"),
    )
    if not name or not kind or required not in ("Required", "Optional"):
        raise PageParseError(
            source, element.sourceline or 1, "a schema row with name, type and Required/Optional"
        )
    return name, FieldFact(kind.split("·")[0].strip(), required == "Required")
