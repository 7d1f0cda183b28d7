"""The documentation site: built by MkDocs with warnings as errors, its links checked by linkchecker,
opened in a real headless Chromium (Debian's package), its generated pages true to the spec and the
code (docstrings carry the spec's meanings, every operation page's example runs against the sandbox)."""

from __future__ import annotations

import functools
import http.server
import os
import re
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from multimarkets_bridge import OPERATIONS, AsyncBridgeClient, BridgeClient
from multimarkets_bridge.spec_data import spec
from multimarkets_bridge_client.registry import WIRE_NAMES
from support import ROOT

sys.path.insert(0, str(ROOT / "generator"))
import docs_site
from api_reference import field_docs

CHROMIUM = next((p for p in map(shutil.which, ("chromium", "chromium-browser", "google-chrome")) if p), None)
SCREENSHOT = ROOT / "build" / "docs-site.png"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site built from this checkout (``mkdocs build --strict``: any warning fails the build)."""
    target = tmp_path_factory.mktemp("docs") / "site"
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(target)],
        cwd=ROOT, capture_output=True, text=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"}, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    assert "WARNING" not in done.stderr, done.stderr[-3000:]
    return target


@pytest.fixture(scope="module")
def served(site: Path) -> Iterator[str]:
    """The built site over HTTP on loopback (search runs in a web worker: it needs http, not file)."""
    handler = functools.partial(QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def end_headers(self) -> None:
        self.send_header("LinkChecker", "unthrottled")  # this server lets linkchecker go at full speed
        super().end_headers()

    def log_message(self, format: str, *args: Any) -> None:
        pass


def test_every_operation_has_a_page_and_the_tables_come_from_the_spec(site: Path) -> None:
    for name in OPERATIONS:
        page = (site / "operations" / name / "index.html").read_text(encoding="utf-8")
        assert f"client.{name}(" in page
        assert OPERATIONS[name].biz_type in page
    overview = (site / "operations" / "index.html").read_text(encoding="utf-8")
    assert len(re.findall(r'href="(?:\./)?place_order/"', overview)) >= 1
    assert sum(f'{name}/"' in overview for name in OPERATIONS) == len(OPERATIONS)
    resilience = (site / "resilience" / "index.html").read_text(encoding="utf-8")
    for code, entry in spec()["x-error-codes"].items():
        assert f"<code>{code}</code>" in resilience
        assert entry["error"] in resilience
    from multimarkets_bridge.errors import FAILURE_POLICY

    for cls, policy in FAILURE_POLICY.items():  # the retry table, made from the one policy
        row = f"<td><code>{cls.__name__}</code></td>\n<td>{'yes' if policy.read_retry else 'no'}</td>"
        assert row in resilience, cls.__name__
    reference = (site / "reference" / "client" / "index.html").read_text(encoding="utf-8")
    assert "place_order" in reference  # the generated methods, documented from their docstrings
    assert "Product id (from list_products)." in reference


def test_links_are_checked_and_a_broken_one_is_found(site: Path, served: str, tmp_path: Path) -> None:
    """linkchecker walks the served site (over HTTP: as root it drops privileges and could not read
    files under a private temporary directory) and finds a link planted to nowhere."""
    checker = Path(sys.executable).with_name("linkchecker")
    config = tmp_path / "linkcheckerrc"
    config.write_text("[checking]\nmaxrequestspersecond=500\n", encoding="utf-8")

    def check(url: str, *limits: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(checker), "-f", str(config), "--no-status", "--no-warnings", *limits, url],
            capture_output=True, text=True, check=False,
        )  # fmt: skip

    done = check(f"{served}/")
    assert done.returncode == 0, done.stdout[-3000:]
    assert re.search(r"\b0 errors found", done.stdout)
    counted = re.search(r"(\d+) links? in \d+ URLs? checked", done.stdout)
    assert counted is not None
    pages = len(list(site.rglob("*.html")))
    assert int(counted.group(1)) > pages  # every page was walked, not just the first
    page = site / "webhooks" / "index.html"
    original = page.read_text(encoding="utf-8")
    try:
        page.write_text(original.replace("</article>", '<a href="../no-such-page/">x</a></article>', 1))
        # only the planted page and its links (loopback ones: "extern" here means outside /webhooks/)
        again = check(
            f"{served}/webhooks/",
            "--recursion-level=1",
            "--check-extern",
            r"--ignore-url=^https?://(?!127\.)",
        )
    finally:
        page.write_text(original, encoding="utf-8")
    assert again.returncode == 1
    assert "no-such-page" in again.stdout


@pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed (nox -s tests installs it)")
def test_the_site_works_in_a_real_browser(served: str) -> None:
    from playwright.sync_api import TimeoutError as PlaywrightTimeout
    from playwright.sync_api import sync_playwright

    problems: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
            ],
        )  # fmt: skip
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
            page.on("pageerror", lambda error: problems.append(str(error)))
            page.on("requestfailed", lambda r: problems.append(f"failed: {r.url}"))
            page.goto(f"{served}/operations/place_order/")
            assert page.locator("h1").inner_text().rstrip("¶") == "place_order"
            rows = page.locator("article table").nth(1).locator("tbody tr")
            assert rows.count() == 15  # the body fields of place_order, from the spec
            assert page.locator("text=Product id (from list_products).").count() == 1
            page.goto(f"{served}/")
            page.locator("label.md-search__icon, .md-search__input").first.click()
            meta = page.locator(".md-search-result__meta")
            # the index loads in a web worker: "Initializing search" until it is ready (slow when busy)
            meta_text = "document.querySelector('.md-search-result__meta').textContent"
            ready = f"() => !{meta_text}.includes('Initializing')"
            page.wait_for_function(ready, timeout=60_000)
            results = page.locator(".md-search-result__item")
            for _ in range(10):  # a keystroke lost while the page was busy: type again
                page.locator("input.md-search__input").fill("")
                page.locator("input.md-search__input").press_sequentially("resolve_outcome")  # real keys
                try:
                    results.first.wait_for(timeout=3_000)
                    break
                except PlaywrightTimeout:
                    continue
            assert results.count() >= 1, meta.inner_text()
            assert "resolve_outcome" in page.locator(".md-search-result").inner_text()
            SCREENSHOT.parent.mkdir(exist_ok=True)
            page.screenshot(path=str(SCREENSHOT))
            page.goto(f"{served}/reference/client/")
            assert page.locator("[id='multimarkets_bridge.BridgeClient']").count() == 1
        finally:
            browser.close()
    assert problems == []
    assert SCREENSHOT.stat().st_size > 10_000


RAW_ROLE = re.compile(r":(?:py:)?(?:class|meth|attr|func|exc|mod|data|obj):`")
PAGE_SHOTS = {
    "operation": ROOT / "build" / "docs-operation.png",
    "start": ROOT / "build" / "docs-getting-started.png",
}


@pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed (nox -s tests installs it)")
def test_pages_read_as_a_python_developer_expects(served: str, site: Path) -> None:
    """No raw reST role or stray ``::`` on any page, identifiers in tables never wrap mid-word, no audit
    note in a meaning, examples in the recommended form, code that fits its box, search that ranks the
    guide first."""
    from playwright.sync_api import sync_playwright

    reference = sorted(p.relative_to(site).parent.as_posix() for p in site.glob("reference/*/index.html"))
    assert len(reference) >= 5
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            for path in [*reference, *(f"operations/{name}" for name in OPERATIONS)]:
                page.goto(f"{served}/{path}/")
                text = page.locator("article").inner_text()
                assert not RAW_ROLE.search(text), (path, RAW_ROLE.findall(text)[:3])
                assert "::" not in page.locator("article p").all_inner_texts(), path
            page.goto(f"{served}/operations/place_order/")
            wrapped = page.evaluate(
                """() => [...document.querySelectorAll('article table td:nth-child(-n+2) code')]
                    .filter(code => code.getClientRects().length > 1).map(code => code.textContent)"""
            )
            assert wrapped == []  # e.g. `customer_group_id` on one line
            meanings = page.locator("article table td:nth-child(5)").all_inner_texts()
            assert meanings
            assert not [m for m in meanings if "inconsistency" in m]
            (example,) = [code for code in page.locator("article pre").all_inner_texts() if "try:" in code]
            for recommended in ("models.TradingAccountSelector(", 'Decimal("60000")', "except BridgeError"):
                assert recommended in example
            page.screenshot(path=str(PAGE_SHOTS["operation"]), full_page=True)
            page.goto(f"{served}/getting-started/")
            first = page.locator("article h1 + p")
            assert first.count() == 1
            assert len(first.inner_text()) > 200  # an introduction before the first code block
            overflowing = page.evaluate(
                """() => [...document.querySelectorAll('article pre > code')]
                    .filter(code => code.scrollWidth > code.clientWidth + 1)
                    .map(code => code.textContent.split('\\n').sort((a, b) => b.length - a.length)[0])"""
            )
            assert overflowing == [], "\n".join(overflowing)  # no code line hides behind a scrollbar
            page.screenshot(path=str(PAGE_SHOTS["start"]))
            page.locator("label.md-search__icon, .md-search__input").first.click()
            meta_text = "document.querySelector('.md-search-result__meta').textContent"
            page.wait_for_function(f"() => !{meta_text}.includes('Initializing')", timeout=60_000)
            page.locator("input.md-search__input").press_sequentially("unknown outcome")
            first_hit = page.locator(".md-search-result__item a").first
            first_hit.wait_for(timeout=10_000)
            assert "/resilience/" in (first_hit.get_attribute("href") or "")
        finally:
            browser.close()
    assert all(shot.stat().st_size > 10_000 for shot in PAGE_SHOTS.values())


def test_every_generated_method_documents_its_arguments_with_the_specs_meanings() -> None:
    document = spec()
    for name, operation in OPERATIONS.items():
        fields = field_docs(document, operation.body_schema, WIRE_NAMES.get(operation.body_schema, {}))
        for client in (BridgeClient, AsyncBridgeClient):
            doc = getattr(client, name).__doc__ or ""
            assert "Args:" in doc
            assert "Returns:" in doc
            assert "Raises:" in doc
            for field in fields:
                first_words = " ".join(field.meaning.split()[:4])
                assert f"{field.attribute}: {first_words}" in " ".join(doc.split()), (name, field.attribute)


def test_every_operation_pages_example_runs_against_the_sandbox(bridge_sandbox: Any) -> None:
    """Each page's Python example is well formed: the SDK accepts it and the platform answers it (a
    business refusal is fine, the customer it names need not exist)."""
    methods = {name: getattr(BridgeClient, name) for name in OPERATIONS}
    pages = list(docs_site.operation_pages(spec(), WIRE_NAMES, methods))
    assert len(pages) == len(OPERATIONS)
    answered: list[str | None] = []
    for page in pages:
        (example,) = re.findall(r"```python\n(.+?)```", page.markdown, re.S)
        assert "except BridgeError as error" in example  # the recommended form handles errors
        assert ("except OutcomeUnknownError" in example) is (not OPERATIONS[page.operation_id].read_only)
        printed: list[tuple[Any, ...]] = []
        scope = {"client": bridge_sandbox.client, "print": lambda *words, seen=printed: seen.append(words)}
        try:
            exec(compile(example, page.path, "exec"), scope)  # noqa: S102
        except TypeError as exc:
            pytest.fail(f"{page.path}: the example is not a valid call: {exc}")
        if printed:  # the example's own handler caught a typed error: a refusal by the platform only
            error_class, _code, _msg, trace = printed[0]
            assert error_class not in ("InvalidRequestError", "ConfigurationError"), (page.path, printed)
            answered.append(trace)
        else:
            answered.append("ok")
    assert len(answered) == len(OPERATIONS)
    assert all(answered)
