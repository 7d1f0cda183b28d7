"""A local replica of the vendor's GitBook site, rendered by the project from a spec (never vendor text).

Serves on loopback, per site (English or Chinese): ``/llms.txt``, every operation page as ``<page>.md``
(markdown export with an OpenAPI 3.0.1 fragment) and as HTML (linking its markdown), a few prose pages,
and GitBook's "Page Not Found" (HTTP 200) for anything else. Variants: a page answering 429 before 200,
HTML-only pages (no markdown export, no link), pages removed or left out of the index, pages served in
the flattened text layout, moved pages (new URL in the index, or the old URL redirecting), damaged
pages (HTTP 500 or 404, a cut OpenAPI block, bytes not in their declared charset, too slow to answer),
and any spec mutation (drift) applied before rendering.
"""

from __future__ import annotations

import contextlib
import copy
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import urlsplit

from support import ROOT

sys.path.insert(0, str(ROOT / "generator"))

from spec_tools import operations
from vendor_docs.gitbook_render import (
    NOT_FOUND,
    render_html,
    render_llms,
    render_markdown,
    render_prose,
)
from vendor_docs.render import render_page

PROSE = {
    "en": [
        ("Sign", "/bridge-api/access-instructions/sign", ["Every request is signed with the merchant key."]),
        (
            "Speed Limit",
            "/bridge-api/access-instructions/speed-limit",
            ["Calls per minute are limited per key."],
        ),
        (
            "Error Code",
            "/bridge-api/access-instructions/error-code",
            ["(the error code table, rendered from the spec)"],
        ),
    ],
    "zh-CN": [
        ("签名", "/bridge-api/jie-ru-shuo-ming/qian-ming", ["每个请求都用商户密钥签名。"]),
        ("限频", "/bridge-api/jie-ru-shuo-ming/xian-pin", ["每个密钥每分钟的调用次数有限。"]),
    ],
}


#: how an llms.txt link to a page may be spelled: its start, the page's ending, a query or fragment tail
LINK_FORMS = {
    "start": ("absolute", "upper-case scheme", "default port", "root-relative", "relative", "dot"),
    "end": (".md", "", "/"),
    "tail": ("", "?ref=llms", "#top", "?a=1&b=2#x"),
}


def spell_link(base: str, path: str, start: str, end: str, tail: str, encode: bool) -> str:
    """The link to ``path`` on the site at ``base`` in one of ``LINK_FORMS`` (``encode``: one unreserved
    character percent-encoded - the same path, RFC 3986 6.2.2.2)."""
    if encode:
        path = path.replace("-", "%2D", 1)
    body = path + end
    scheme, host = base.split("://", 1)
    if start == "absolute":
        return f"{base}{body}{tail}"
    if start == "upper-case scheme":
        return f"{scheme.upper()}://{host}{body}{tail}"
    if start == "default port":  # the replica listens on its own port: keep it, vary the host's case
        return f"{scheme}://{host.upper()}{body}{tail}"
    if start == "root-relative":
        return f"{body}{tail}"
    if start == "relative":  # against /llms.txt
        return f"{body.lstrip('/')}{tail}"
    return f"./{body.lstrip('/')}{tail}"


@dataclass
class SiteOptions:
    """What the replica does differently from a faithful rendering of the spec."""

    html_only: set[str] = field(default_factory=set)  # operationIds without a markdown export or link
    text_layout: set[str] = field(default_factory=set)  # operationIds whose .md is the flattened text
    removed: set[str] = field(default_factory=set)  # operationIds listed but answering Page Not Found
    unlisted: set[str] = field(default_factory=set)  # operationIds left out of llms.txt (and removed)
    throttled: set[str] = field(default_factory=set)  # operationIds answering 429 once before 200
    prose: bool = True
    moved: dict[str, str] = field(default_factory=dict)  # operationId -> the new path of its page
    broken: set[str] = field(default_factory=set)  # operationIds whose page answers HTTP 500
    redirected: dict[str, str] = field(default_factory=dict)  # operationId -> new path; the old one 301s
    truncated: set[str] = field(default_factory=set)  # operationIds whose OpenAPI block is cut in half
    undecodable: set[str] = field(default_factory=set)  # pages in GB18030 bytes, declared UTF-8
    slow: set[str] = field(default_factory=set)  # operationIds answering after SLOW seconds
    missing: set[str] = field(default_factory=set)  # operationIds answering 404 (both forms)
    #: how llms.txt spells the link to a page (base URL, page path) -> link; default ``base + path + .md``
    link_form: Callable[[str, str], str] | None = None


SLOW = 3.0  # seconds a slow page takes to answer (tests read with a shorter timeout)


class _Site:
    def __init__(self, spec: dict[str, Any], language: str, options: SiteOptions) -> None:
        self.language = language
        self.routes: dict[str, tuple[int, str, str]] = {}
        self.redirects: dict[str, str] = {}
        self.gb18030: set[str] = set()
        self.slow: set[str] = set()
        self.throttle: set[str] = set()
        self.hits: dict[str, int] = {}
        self.spec = spec
        self.options = options

    def build(self, base: str) -> None:
        key = "x-doc-url-cn" if self.language == "zh-CN" else "x-doc-url"
        entries: list[tuple[str, str, str]] = []
        for _, op in operations(self.spec):
            if not op.get(key):
                continue
            name = str(op["operationId"])
            path = self.options.moved.get(name) or urlsplit(str(op[key])).path
            url = base + path
            if name not in self.options.unlisted:
                entries.append((str(op.get("summary") or name), url, "Bridge API operation"))
            if name in self.options.removed or name in self.options.unlisted:
                continue
            if name in self.options.text_layout:
                self.routes[path + ".md"] = (200, "text/plain", render_page(self.spec, op, self.language))
            elif name not in self.options.html_only:
                self.routes[path + ".md"] = (200, "text/markdown", render_markdown(self.spec, op, base))
            link = name not in self.options.html_only
            self.routes[path] = (200, "text/html", render_html(self.spec, op, url, markdown_link=link))
            if name in self.options.throttled:
                self.throttle.add(path + ".md")
            if name in self.options.broken:
                for route in (path, path + ".md"):
                    self.routes[route] = (500, "text/plain", "internal error")
            if name in self.options.missing:
                for route in (path, path + ".md"):
                    self.routes[route] = (404, "text/html", "<!doctype html><html><body>404</body></html>")
            if name in self.options.truncated and path + ".md" in self.routes:
                status, kind, text = self.routes[path + ".md"]
                head, fence, block = text.partition("```json\n")
                self.routes[path + ".md"] = (
                    status,
                    kind,
                    head + fence + block[: len(block) // 2] + "\n```\n",
                )
            if name in self.options.undecodable:
                self.gb18030 |= {path, path + ".md"}
            if name in self.options.slow:
                self.slow |= {path, path + ".md"}
            if name in self.options.redirected:
                new = self.options.redirected[name]
                for old_route, new_route in ((path, new), (path + ".md", new + ".md")):
                    if old_route in self.routes:
                        self.routes[new_route] = self.routes.pop(old_route)
                    self.redirects[old_route] = new_route  # both forms redirect, as a site's rule does
        for title, path, paragraphs in PROSE[self.language] if self.options.prose else []:
            if title == "Error Code":  # the spec's codes with the project's own meanings
                codes = self.spec.get("x-error-codes", {})
                rows = [f"| {code} | {entry['meaning']} |" for code, entry in codes.items()]
                paragraphs = ["| code | meaning |\n|---|---|\n" + "\n".join(rows)]
            self.routes[path + ".md"] = (
                200,
                "text/markdown",
                render_prose(base, title, paragraphs, base + path),
            )
            entries.append((title, base + path, "Bridge API guide"))
        entries.append(("Client API home", base + "/client-api/home", "another section"))
        title = "MultiMarkets 文档" if self.language == "zh-CN" else "MultiMarkets Docs"
        if self.options.link_form is None:
            self.routes["/llms.txt"] = (200, "text/plain", render_llms(title, entries))
        else:
            form = self.options.link_form
            lines = [
                f"- [{name}]({form(base, url.removeprefix(base))}): {about}" for name, url, about in entries
            ]
            self.routes["/llms.txt"] = (200, "text/plain", "\n".join([f"# {title}", "", *lines]) + "\n")

    def answer(self, path: str) -> tuple[int, str, str]:
        self.hits[path] = self.hits.get(path, 0) + 1
        if path in self.throttle and self.hits[path] == 1:
            return 429, "text/plain", "slow down"
        if path.endswith(".md") and path not in self.routes and path[:-3] in self.routes:
            return 404, "text/html", "<!doctype html><html><body><h1>404</h1></body></html>"
        return self.routes.get(path, (200, "text/markdown", NOT_FOUND))


@contextmanager
def vendor_site(
    spec: dict[str, Any], language: str = "en", options: SiteOptions | None = None
) -> Iterator[str]:
    """Serve a replica site for ``spec`` on loopback; yields its base URL."""
    site = _Site(copy.deepcopy(spec), language, options or SiteOptions())

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            path = urlsplit(self.path).path
            if path in site.redirects:
                self.send_response(301)
                self.send_header("Location", site.redirects[path])
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            if path in site.slow:
                time.sleep(SLOW)
            status, kind, text = site.answer(path)
            undecodable = path in site.gb18030  # a Chinese line, in GB18030 bytes under a UTF-8 declaration
            body = (text + "\n下单说明\n").encode("gb18030") if undecodable else text.encode("utf-8")
            self.send_response(status)
            self.send_header("Content-Type", f"{kind}; charset=utf-8")
            if status == 429:
                self.send_header("Retry-After", "0")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):  # a reader gave up (timeout)
                self.wfile.write(body)

        def log_message(self, format: str, *args: Any) -> None:
            return

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    base = f"http://127.0.0.1:{server.server_address[1]}"
    site.build(base)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield base
    finally:
        server.shutdown()
        server.server_close()
