"""Find the Bridge pages on the vendor's sites through ``llms.txt``, read them all, and report.

``llms.txt`` lists every page of a GitBook site as ``- [Title](<page>.md): description``; the Bridge
API section is the pages whose URL holds ``/bridge-api/`` (on the English and the Chinese site). Every
page of the section is read ([`read_source`][.reader.read_source], markdown first) and:

* an operation page is checked against the spec (``drift.check_page``); a bizType the spec does not
  have is a **new operation** (``operation-missing``);
* a spec operation whose page is missing from the index, or answers "Page Not Found", is **gone**
  (``page-gone``) - unless a page read at another URL carries its bizType: then it **moved**
  (``page-moved``, old and new URL; pages are the same operation by bizType, not by URL);
* a prose page (signing, limits, error codes ...) is compared with its recorded fingerprint
  (``spec/pages/prose.json``): ``wording-changed`` when it changed, ``new-page`` when never recorded.
"""

from __future__ import annotations

import dataclasses
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, unquote, urljoin, urlsplit, urlunsplit

from spec_tools import doc_url_key, operation_for_biz_type, operations

from .drift import DriftRow, check_page
from .facts import LANGUAGES, Spec
from .fetch import PageFetchError, fetch
from .gitbook import MarkdownPage, PageGoneError
from .page import PageParseError
from .reader import Fetcher, read_source
from .snapshots import PageSnapshot

__all__ = [
    "Discovery",
    "IndexEntry",
    "discover",
    "in_language",
    "load_prose",
    "page_key",
    "page_url",
    "parse_llms",
]

SITES = ("https://docs.multimarkets.org", "https://docs-cn.multimarkets.org")
SECTION = "/bridge-api/"
ENTRY = re.compile(r"^\s*[-*]\s*\[(?P<title>[^\]]+)\]\((?P<url>[^)\s]+)\)\s*(?::\s*(?P<about>.*))?$")


@dataclass(frozen=True)
class IndexEntry:
    title: str
    url: str
    """The page URL without ``.md``."""
    about: str = ""


@dataclass
class Discovery:
    site: str
    language: str
    entries: list[IndexEntry] = field(default_factory=list)
    pages: list[MarkdownPage] = field(default_factory=list)
    rows: list[DriftRow] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    @property
    def new_operations(self) -> list[DriftRow]:
        return [row for row in self.rows if row.kind == "operation-missing"]

    @property
    def gone(self) -> list[DriftRow]:
        return [row for row in self.rows if row.kind == "page-gone"]


def parse_llms(text: str) -> tuple[str, list[IndexEntry]]:
    """The site title and every page entry of an ``llms.txt``."""
    title = ""
    entries: list[IndexEntry] = []
    for line in text.splitlines():
        if line.startswith("# ") and not title:
            title = line[2:].strip()
        found = ENTRY.match(line)
        if found:
            url = found["url"].removesuffix(".md")
            entries.append(IndexEntry(found["title"].strip(), url, (found["about"] or "").strip()))
    return title, entries


_DEFAULT_PORTS = {"http": 80, "https": 443}


def page_url(index_url: str, link: str) -> str:
    """The page a link of ``llms.txt`` names, as one URL whatever form the link takes (RFC 3986):
    resolved against the index's own URL (``/x.md``, ``x.md``, ``./x.md``), scheme and host in lower
    case, no default port, no query or fragment (a GitBook page is its path), percent-encoding
    normalised, no ``.md`` export suffix and no trailing slash."""
    parts = urlsplit(urljoin(index_url, link.strip()))
    host = (parts.hostname or "").lower()
    if parts.port is not None and parts.port != _DEFAULT_PORTS.get(parts.scheme.lower()):
        host = f"{host}:{parts.port}"
    path = quote(unquote(parts.path), safe="/:@!$&'()*+,;=-._~")
    path = path.removesuffix("/").removesuffix(".md").removesuffix("/") or "/"
    return urlunsplit((parts.scheme.lower(), host, path, "", ""))


def page_key(url: str) -> str:
    """What identifies a page across the sites' link forms and mirrors: its normalised path."""
    return urlsplit(page_url(url, url)).path


def in_language(page: MarkdownPage, language: str) -> MarkdownPage:
    """``page`` (and its operations) in the language of the site it was read from: a page's language
    is its site's, never a guess from the characters it happens to contain."""
    operations = tuple(dataclasses.replace(o, language=language) for o in page.operations)
    return dataclasses.replace(page, language=language, operations=operations)


def load_prose(path: Path) -> dict[str, dict[str, str]]:
    """Recorded prose pages: URL path -> {"title", "fingerprint"}."""
    try:
        loaded: dict[str, dict[str, str]] = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    return loaded


def site_and_language(site: str) -> tuple[str, str]:
    """The site's address and language: the vendor's two sites are known (``SITES``); any other URL
    names its language after a ``#`` (``http://127.0.0.1:8000#zh-CN``) - never guessed. Raises
    ``ValueError`` for another site that names none (or a language other than ``LANGUAGES``)."""
    address, _, language = site.partition("#")
    address = address.rstrip("/")
    if not language and address in SITES:
        language = "zh-CN" if SITES.index(address) == 1 else "en"
    if language not in LANGUAGES:
        raise ValueError(
            f"{site}: name the site's language after '#' ({' or '.join(f'{address}#{x}' for x in LANGUAGES)})"
        )
    return address, language


def discover(
    spec: Spec,
    site: str,
    *,
    snapshots: Mapping[tuple[str, str], PageSnapshot] | None = None,
    prose: Mapping[str, Mapping[str, str]] | None = None,
    timeout: float = 10.0,
    fetcher: Fetcher = fetch,
    language: str | None = None,
) -> Discovery:
    """Read ``site``'s ``llms.txt`` and every page of its Bridge section; see the module docstring."""
    if language is None:
        try:
            site, language = site_and_language(site)
        except ValueError as exc:
            found = Discovery(site, "")
            found.errors.append(str(exc))
            return found
    else:
        site = site.partition("#")[0].rstrip("/")
    found = Discovery(site, language)
    try:
        status, text, _, _ = fetcher(f"{site}/llms.txt", accept="text/plain", timeout=timeout)
    except PageFetchError as exc:
        found.errors.append(f"{site}: the index cannot be read: {exc}")
        return found
    if status != 200:
        found.errors.append(f"{site}: the index llms.txt answered HTTP {status}")
        return found
    _, entries = parse_llms(text)
    index = f"{site}/llms.txt"
    resolved = [IndexEntry(e.title, page_url(index, e.url), e.about) for e in entries]
    found.entries = [e for e in resolved if SECTION in e.url]
    if not found.entries:
        found.errors.append(f"{site}: llms.txt lists no page under {SECTION}")
        return found
    # pages are matched by path: a mirror of the site (or a replica in tests) has the same paths
    listed = {page_key(e.url) for e in found.entries}
    url_key = doc_url_key(found.language)
    spec_urls = {str(op[url_key]): op for _, op in operations(spec) if op.get(url_key)}
    unreadable: set[str] = set()
    for entry in found.entries:
        try:
            page = in_language(read_source(entry.url, timeout=timeout, fetcher=fetcher), found.language)
        except PageGoneError:
            continue  # listed but gone: reported below when the spec points at it
        except (PageFetchError, PageParseError) as exc:
            found.errors.append(str(exc))
            unreadable.add(page_key(entry.url))  # its error says so: not also "gone"
            continue
        found.pages.append(page)
        for operation_page in page.operations:
            found.rows += check_page(spec, operation_page, snapshots or {})
        if not page.operations:
            found.rows += _prose_rows(page, entry, found.language, prose or {})
            found.rows += _code_rows(spec, page, entry, found.language)
    read_paths = {page_key(page.source) for page in found.pages}
    read_at: dict[str, str] = {}  # operationId -> where its page was read (routed by its bizType)
    for page in found.pages:
        for operation_page in page.operations:
            routed = operation_for_biz_type(spec, operation_page.facts.biz_type)
            if routed is not None:
                read_at[str(routed["operationId"])] = page.source
    for url, op in sorted(spec_urls.items()):
        path = page_key(url)
        if path in read_paths or path in unreadable:
            continue
        moved_to = read_at.get(str(op["operationId"]))
        if moved_to is not None:
            found.rows.append(
                DriftRow("page-moved", str(op["operationId"]), "page", moved_to, url, True, found.language,
                         moved_to, str(op["x-biz-type"]))
            )  # fmt: skip
            continue
        reason = "not in llms.txt" if path not in listed else "Page Not Found"
        found.rows.append(
            DriftRow("page-gone", str(op["operationId"]), "page", reason, url, False, found.language, url,
                     str(op["x-biz-type"]))
        )  # fmt: skip
    return found


ERROR_PAGE = re.compile(r"error code|错误码", re.IGNORECASE)


def _code_rows(spec: Spec, page: MarkdownPage, entry: IndexEntry, language: str) -> list[DriftRow]:
    """Codes the Error Code page lists that the spec's ``x-error-codes`` lacks."""
    if not ERROR_PAGE.search(page.title):
        return []
    known = set(spec.get("x-error-codes", {}))
    return [
        DriftRow(
            "error-code-added", entry.title, f"code {code}", "listed", "absent", False, language, entry.url
        )
        for code in page.table_codes
        if code not in known
    ]


def _prose_rows(
    page: MarkdownPage, entry: IndexEntry, language: str, prose: Mapping[str, Mapping[str, str]]
) -> list[DriftRow]:
    recorded = prose.get(urlsplit(entry.url).path)
    if recorded is None:
        return [DriftRow("new-page", entry.title, "page", page.fingerprint[:12], "not recorded", True,
                         language, entry.url)]  # fmt: skip
    if recorded.get("fingerprint") != page.fingerprint:
        old = str(recorded.get("fingerprint", ""))[:12]
        return [DriftRow("wording-changed", entry.title, "page", page.fingerprint[:12], old, True,
                         language, entry.url)]  # fmt: skip
    return []
