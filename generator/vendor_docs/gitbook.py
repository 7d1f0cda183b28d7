"""Read a page as the vendor's GitBook site serves it to machines: the markdown export (``<page>.md``).

An operation page carries, per OpenAPI block, ``## <summary>``, ``> `` description lines
(``version=``, ``bizType=``, ``group=``) and a fenced ``json`` block holding one self-contained OpenAPI
document (the vendor's are 3.0.1): that document *is* the page's facts, read by the same function that
reads the spec (``facts.spec_facts``), ``$ref``s resolved inside the fragment. A prose page (signing,
limits, error codes) has no such block and is kept as a title and a fingerprint.

GitBook's directive line (first line) and its "Agent Instructions" footer are not content. A page
that does not exist still answers 200, with ``# Page Not Found``: [`PageGoneError`][]. Anything
unreadable is a [`PageParseError`][.page.PageParseError] naming the page and line, never a dropped field.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, replace
from typing import Any

from spec_tools import deref

from .facts import FieldFact, OperationFacts, spec_facts, spec_tree, success_schema
from .page import PageParseError, ParsedPage
from .page_text import CJK, fingerprint

__all__ = ["MarkdownPage", "PageGoneError", "is_markdown_export", "parse_markdown"]

FENCE = re.compile(r"^```(?P<lang>[A-Za-z0-9_-]*)\s*$")
FOOTER = re.compile(r"^#+ Agent Instructions\b")
DIRECTIVE = re.compile(r"^> For the complete documentation index\b")
TABLE_CODE = re.compile(r"^\|\s*`?(?P<code>[A-Z0-9][A-Z0-9_]{3,})`?\s*\|")
OPENAPI_START = re.compile(r'^\s*\{\s*"(?:openapi|swagger)"\s*:')
FACT_LINE = re.compile(r"^(?P<key>version|bizType|group)=(?P<value>\S+?)\\?$")


class PageGoneError(LookupError):
    """The site answered, but with its "Page Not Found" page."""

    def __init__(self, source: str) -> None:
        super().__init__(f"{source}: Page Not Found (the page was removed or moved)")
        self.source = source


@dataclass(frozen=True)
class MarkdownPage:
    """One markdown export: its operations (one ``ParsedPage`` per OpenAPI block) or none (prose)."""

    title: str
    language: str
    fingerprint: str
    source: str
    operations: tuple[ParsedPage, ...]
    table_codes: tuple[str, ...] = ()
    """First-column values of the page's tables that look like error codes (the Error Code page)."""


def is_markdown_export(text: str) -> bool:
    """Whether ``text`` looks like GitBook's markdown export (a ``# `` title near the top)."""
    head = [line for line in text.splitlines()[:6] if line.strip() and not DIRECTIVE.match(line)]
    return bool(head) and head[0].startswith("# ")


def parse_markdown(text: str, source: str = "<page>") -> MarkdownPage:
    """Parse a markdown export; raises [`PageGoneError`][] or [`PageParseError`][]."""
    lines = text.splitlines()
    content: list[tuple[int, str]] = []
    for number, line in enumerate(lines, start=1):
        if FOOTER.match(line):
            # the footer follows a horizontal rule; neither is content
            while content and content[-1][1].strip() in ("", "---"):
                content.pop()
            break
        if not DIRECTIVE.match(line):
            content.append((number, line))
    titled = [(n, line) for n, line in content if line.startswith("# ")]
    if not titled:
        raise PageParseError(source, 1, "a '# <title>' line")
    title = titled[0][1][2:].strip()
    if title == "Page Not Found":
        raise PageGoneError(source)
    language = "zh-CN" if CJK.search(text) else "en"
    pages: list[ParsedPage] = []
    prose: list[str] = []
    fenced: list[str] | None = None
    start = 0
    for number, line in content:
        match = FENCE.match(line)
        if fenced is None and match:
            fenced, start = [], number
            prose.append(line)
            continue
        if fenced is not None and line.strip() == "```":
            block = "\n".join(fenced)
            document = _openapi(block, source, start)
            if document is not None:
                pages += _operations(document, title, language, source, start)
            else:
                prose += fenced
            prose.append(line)
            fenced = None
            continue
        (fenced if fenced is not None else prose).append(line)
    if fenced is not None:
        raise PageParseError(source, start, "the end of the fenced block opened here")
    print_ = fingerprint([line for line in prose if line.strip()])
    pages = [replace(page, fingerprint=print_) for page in pages]
    codes = tuple(m["code"] for line in prose if (m := TABLE_CODE.match(line.strip())))
    return MarkdownPage(title, language, print_, source, tuple(pages), codes)


def _openapi(block: str, source: str, line: int) -> dict[str, Any] | None:
    """The OpenAPI document of a fenced block; None for another block (an example body - the vendor's
    are not always valid JSON). A block that opens as an OpenAPI document but does not parse, or has
    no ``paths``, is an error: an operation page is never read as prose."""
    opens_as_openapi = OPENAPI_START.match(block) is not None
    try:
        document = json.loads(block)
    except ValueError as exc:
        if opens_as_openapi:
            at = line + getattr(exc, "lineno", 1)
            raise PageParseError(source, at, f"a complete OpenAPI block ({exc})") from None
        return None
    if isinstance(document, dict) and "openapi" in document:
        if not isinstance(document.get("paths"), dict):
            raise PageParseError(source, line + 1, "the 'paths' of the OpenAPI block")
        return document
    return None


def _operations(
    document: dict[str, Any], title: str, language: str, source: str, line: int
) -> list[ParsedPage]:
    found: list[ParsedPage] = []
    for path, item in (document.get("paths") or {}).items():
        if not isinstance(item, dict):
            raise PageParseError(source, line, f"an operation object under path {path!r}")
        for method, op in item.items():
            if not isinstance(op, dict):
                continue
            _only_header_parameters(
                document, [*item.get("parameters", []), *op.get("parameters", [])], source, line
            )
            found.append(_operation(document, path, method, op, title, language, source, line))
    if not found:
        raise PageParseError(source, line, "an operation in the OpenAPI block")
    return found


def _only_header_parameters(document: dict[str, Any], parameters: list[Any], source: str, line: int) -> None:
    """A Bridge operation takes header parameters only; one in the path, query or a cookie cannot be
    compared with the spec and is a located error, never dropped."""
    for ref in parameters:
        param = deref(document, ref)
        where = param.get("in") if isinstance(param, dict) else None
        if where != "header":
            name = param.get("name") if isinstance(param, dict) else param
            raise PageParseError(source, line, f"header parameters only (parameter {name!r} is in {where!r})")


def _operation(
    document: dict[str, Any],
    path: str,
    method: str,
    op: dict[str, Any],
    title: str,
    language: str,
    source: str,
    line: int,
) -> ParsedPage:
    facts_lines = {
        m["key"]: m["value"]
        for text in str(op.get("description") or "").splitlines()
        if (m := FACT_LINE.match(text.strip()))
    }
    biz_type = path.rsplit("/global/", 1)[-1] if "/global/" in path else facts_lines.get("bizType", "")
    if not biz_type:
        raise PageParseError(source, line, f"a /global/<bizType> path or a bizType= line ({path})")
    statuses = sorted(int(s) for s in (op.get("responses") or {}) if str(s).isdigit())
    view = {**op, "x-biz-type": biz_type, "x-doc-statuses": statuses or [200]}
    view.setdefault("requestBody", {"content": {"application/json": {"schema": {"type": "object"}}}})
    if "200" not in (view.get("responses") or {}):
        view["responses"] = {"200": {"content": {"application/json": {"schema": {"type": "object"}}}}}
    try:
        facts: OperationFacts = spec_facts(document, view)
    except (KeyError, TypeError, ValueError) as exc:  # a fragment this reader cannot take apart
        raise PageParseError(
            source, line, f"a readable OpenAPI operation ({type(exc).__name__}: {exc})"
        ) from None
    response = {
        path: FieldFact(sorted(kinds - {"null"} or kinds)[0], False)
        for path, kinds in spec_tree(document, success_schema(document, view)).items()
    }
    facts = replace(
        facts, version=facts_lines.get("version"), group=facts_lines.get("group"), response_fields=response
    )
    return ParsedPage(facts, language, title, "", source, document=document, path=path, method=method.lower())
