"""Read a GitBook page served as HTML only (no markdown export): with a real HTML parser (lxml).

GitBook's ``<head>`` links the page's markdown export (``<link rel="alternate" type="text/markdown">``):
when present, [`markdown_link`][] gives it and the markdown is read instead. Otherwise each operation
block of GitBook's OpenAPI component (react-openapi, GitbookIO/gitbook) is read: ``.openapi-operation``;
its method badge and path (``.openapi-path``: ``.openapi-method``, ``.openapi-path-title`` =
``/global/<bizType>``); the top-level rows of its ``.openapi-parameters`` ("Header parameters") and
``.openapi-requestbody`` sections - each ``.openapi-schema-name`` with ``.openapi-schema-propertyname``,
``.openapi-schema-type`` (``integer · int64`` -> ``integer``, ``string · enum`` -> ``string``,
``string | integer`` -> a union) and ``.openapi-schema-required`` / ``-optional``. A block that cannot
be read so is an error naming its line: an operation page is never taken for prose. Statuses and
examples are not read from HTML (the markdown has them).
"""

from __future__ import annotations

from typing import Any

from .facts import FieldFact, OperationFacts
from .gitbook import MarkdownPage, PageGoneError
from .page import PageParseError, ParsedPage
from .page_text import CJK, fingerprint

__all__ = ["is_html", "markdown_link", "parse_html"]

HEADER_LABELS = {"header parameters", "headers", "请求头参数"}
SCALAR_WORDS = {"string", "integer", "number", "boolean", "object", "array", "any", "null"}


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
    operations = tuple(
        _operation(block, title, language, print_, source) for block in _classed(tree, "openapi-operation")
    )
    return MarkdownPage(title, language, print_, source, operations)


def _classed(element: Any, name: str) -> list[Any]:
    return [e for e in element.iter() if name in (e.get("class") or "").split()]


def _operation(block: Any, title: str, language: str, print_: str, source: str) -> ParsedPage:
    line = block.sourceline or 1
    paths = _classed(block, "openapi-path-title")
    methods = _classed(block, "openapi-method")
    path = paths[0].text_content().strip() if paths else ""
    if "/global/" not in path or not methods:
        raise PageParseError(source, line, "the operation's method and /global/<bizType> path in its block")
    sections: dict[str, dict[str, FieldFact]] = {"headers": {}, "body": {}}
    for kind, key in (("openapi-parameters", "headers"), ("openapi-requestbody", "body")):
        for section in _classed(block, kind):
            at = section.sourceline or line
            header = _classed(section, "openapi-section-header")
            if not header:
                raise PageParseError(source, at, f"the header of the {kind} section")
            label = " ".join(header[0].text_content().split()).lower()
            if kind == "openapi-parameters" and label not in HEADER_LABELS:
                raise PageParseError(source, at, f"header parameters only (a {label!r} section)")
            found = _classed(section, "openapi-schema-properties")
            if not found:
                raise PageParseError(source, at, f"the rows of the {label!r} section")
            for row in found[0]:  # top-level properties only: nested ones belong to an object row
                if "openapi-schema" in (row.get("class") or "").split():
                    sections[key].update([_row(row, source)])
    biz_type = path.rsplit("/global/", 1)[-1]
    facts = OperationFacts(biz_type, sections["headers"], sections["body"], statuses=())
    method = methods[0].text_content().strip().lower()
    return ParsedPage(facts, language, title, print_, source, method=method)


def _type_word(title: str) -> str:
    """A GitBook type title as the page type word (``integer · int64`` -> ``integer``,
    ``string | integer`` -> ``integer|string``, ``Record[]`` -> ``object[]``)."""
    kinds = sorted({part.split("·")[0].strip() for part in title.split("|")})
    words = [
        k if k.removesuffix("[]") in SCALAR_WORDS else ("object[]" if k.endswith("[]") else k) for k in kinds
    ]
    return "|".join(sorted(words))


def _row(element: Any, source: str) -> tuple[str, FieldFact]:
    labels = _classed(element, "openapi-schema-name")  # the row's own comes first; nested rows follow
    own = labels[0] if labels else element

    def part(name: str) -> str:
        found = _classed(own, name)
        return found[0].text_content().strip() if found else ""

    name, kind = part("openapi-schema-propertyname"), part("openapi-schema-type")
    required, optional = _classed(own, "openapi-schema-required"), _classed(own, "openapi-schema-optional")
    if not name or not kind or bool(required) == bool(optional):
        raise PageParseError(
            source, element.sourceline or 1, "a schema row with name, type and Required or Optional"
        )
    return name, FieldFact(_type_word(kind), bool(required))
