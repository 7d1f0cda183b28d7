"""From drift to a spec change: the page fetcher, the CLI's exit codes, additive sync, the whole loop.

Pages are served by a real HTTP server on loopback; the repository is copied to a temporary
directory for anything that writes (spec, snapshots, regenerated client).
"""

from __future__ import annotations

import http.server
import json
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import yaml
from docs_pages import (
    LIST,
    REGISTER,
    add_body_field,
    add_enum_value,
    add_response_field,
    in_samples,
    rendered,
    reword,
)
from hypothesis import given, settings
from hypothesis import strategies as st
from support import ROOT, copy_repo
from vendor_docs.fetch import PageFetchError, read_page
from vendor_docs.page import parse_page
from vendor_docs.sync import PageInput, sync

DOCS = [sys.executable, str(ROOT / "generator" / "docs.py")]
VERSION = yaml.safe_load((ROOT / "spec" / "bridge-api.openapi.yaml").read_text(encoding="utf-8"))["info"][
    "version"
]
NEXT_PATCH = ".".join([*VERSION.split(".")[:2], str(int(VERSION.split(".")[2]) + 1)])


@dataclass
class PageServer:
    """Serves page texts on loopback; a path may answer with a list of statuses before its page."""

    pages: dict[str, str] = field(default_factory=dict)
    raw: dict[str, tuple[bytes, str]] = field(default_factory=dict)  # path -> (bytes, Content-Type)
    failures: dict[str, list[int]] = field(default_factory=dict)
    delays: dict[str, float] = field(default_factory=dict)
    hits: dict[str, int] = field(default_factory=dict)
    base: str = ""

    def url(self, path: str) -> str:
        return f"{self.base}/{path}"


@pytest.fixture
def page_server() -> Iterator[PageServer]:
    state = PageServer()

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            path = self.path.lstrip("/")
            state.hits[path] = state.hits.get(path, 0) + 1
            time.sleep(state.delays.get(path, 0))
            failures = state.failures.get(path, [])
            status = (
                failures.pop(0) if failures else (200 if path in state.pages or path in state.raw else 404)
            )
            body = state.pages.get(path, "not here").encode() if status == 200 else b"error"
            kind = "text/plain; charset=utf-8"
            if status == 200 and path in state.raw:
                body, kind = state.raw[path]
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    state.base = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield state
    server.shutdown()
    server.server_close()


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    return copy_repo(tmp_path)


def run_docs(*args: str, root: Path | None = None) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, str(root / "generator" / "docs.py"), *args] if root else [*DOCS, *args]
    return subprocess.run(command, capture_output=True, text=True, timeout=300, check=False)


def record_baseline(root: Path, text: str) -> None:
    """Forget the committed snapshots and record ``text`` as the last page seen."""
    for path in (root / "spec" / "pages").glob("*.json"):
        path.unlink()
    report = sync([PageInput(parse_page(text, "baseline"), None)], root=root, regenerate=False)
    assert [row.kind for row in report.applied] == ["snapshot-missing"]
    assert report.version is None, "recording a page must not touch the spec"


# ----------------------------------------------------------------------------------- fetch


def test_fetch_reads_a_page_and_retries_a_server_error(page_server: PageServer) -> None:
    page_server.pages["p"] = "page text ✓"
    page_server.failures["p"] = [503, 502]
    naps: list[float] = []
    assert read_page(page_server.url("p"), sleep=naps.append) == "page text ✓"
    assert page_server.hits["p"] == 3
    assert naps == [0.5, 1.0]


def test_fetch_gives_up_on_a_missing_page_at_once(page_server: PageServer) -> None:
    with pytest.raises(PageFetchError, match=r"cannot fetch page .*/gone: HTTP 404"):
        read_page(page_server.url("gone"), sleep=lambda _: None)
    assert page_server.hits["gone"] == 1


def test_fetch_times_out_with_a_clear_error(page_server: PageServer) -> None:
    page_server.pages["slow"] = "late"
    page_server.delays["slow"] = 1.0
    with pytest.raises(PageFetchError, match=r"ReadTimeout.*after 2 attempt\(s\), timeout 0.2 s"):
        read_page(page_server.url("slow"), timeout=0.2, attempts=2, sleep=lambda _: None)


def test_fetch_reports_an_unreachable_host_and_a_missing_file(tmp_path: Path) -> None:
    with pytest.raises(PageFetchError, match="ConnectError"):
        read_page("http://127.0.0.1:9/page", attempts=1)
    with pytest.raises(PageFetchError, match="cannot read page file"):
        read_page(str(tmp_path / "nope.txt"))


# ----------------------------------------------------------------------------------- CLI check


def test_check_exit_codes_and_json(repo: Path, page_server: PageServer, tmp_path: Path) -> None:
    text = rendered(REGISTER, "en")
    record_baseline(repo, text)
    same = tmp_path / "same.txt"
    same.write_text(text, encoding="utf-8")
    clean = run_docs("check", f"{same}#en", root=repo)
    assert (clean.returncode, clean.stdout.strip()) == (0, "no drift"), clean.stderr

    page_server.pages["changed"] = add_body_field(False)(text)
    drift = run_docs("check", "--json", page_server.url("changed") + "#en", root=repo)
    assert drift.returncode == 1, drift.stderr
    report = json.loads(drift.stdout)
    assert [(r["kind"], r["where"], r["additive"]) for r in report["drift"]] == [
        ("field-added", "body.loyaltyTier", True)
    ]

    garbage = tmp_path / "garbage.txt"
    garbage.write_text("Not a vendor page at all\n", encoding="utf-8")
    unreadable = run_docs("check", f"{garbage}#en", page_server.url("missing") + "#en", root=repo)
    assert unreadable.returncode == 2
    assert f"cannot parse {garbage} at line 1" in unreadable.stderr
    assert "HTTP 404" in unreadable.stderr
    assert "Traceback" not in unreadable.stderr

    # bytes that do not decode by the declared charset are that page's error, never read as garbage
    page_server.raw["gb18030"] = (text.encode("gb18030"), "text/markdown; charset=utf-8")
    page_server.raw["declared"] = (text.encode("gb18030"), "text/markdown; charset=GB18030")
    mislabelled = run_docs(
        "check", page_server.url("gb18030") + "#en", page_server.url("declared") + "#en", root=repo
    )
    assert mislabelled.returncode == 2, mislabelled.stderr
    assert f"cannot read {page_server.url('gb18030')}: byte" in mislabelled.stderr
    assert "does not decode as utf-8 (the Content-Type header)" in mislabelled.stderr
    assert page_server.url("declared") not in mislabelled.stderr  # the page that says its charset is read

    # the loop's own failure (here: its spec is not a mapping) is 3 - never 1, which opens a PR
    (repo / "spec" / "bridge-api.openapi.yaml").write_text("- not a spec\n", encoding="utf-8")
    failed = run_docs("check", f"{same}#en", root=repo)
    assert failed.returncode == 3, failed.stderr
    assert "the docs loop itself failed" in failed.stderr


def test_check_without_pages_discovers_them_through_llms_txt(repo: Path, page_server: PageServer) -> None:
    text = rendered(REGISTER, "en")
    record_baseline(repo, text)
    page_server.pages["llms.txt"] = (
        "# Docs\n\n"
        f"- [Customer registration]({page_server.url('bridge-api/registration')}.md): a page\n"
        f"- [Elsewhere]({page_server.url('client-api/x')}.md): another section\n"
    )
    page_server.pages["bridge-api/registration.md"] = reword(text)  # a stored flattened copy

    result = run_docs("check", "--site", page_server.url("") + "#en", root=repo)

    assert result.returncode == 1, result.stderr
    assert page_server.hits == {"llms.txt": 1, "bridge-api/registration.md": 1}
    assert "wording-changed" in result.stdout


def test_sync_applies_additive_drift_and_keeps_the_spec_honest(repo: Path) -> None:
    text = rendered(REGISTER, "en")
    record_baseline(repo, text)
    spec_path = repo / "spec" / "bridge-api.openapi.yaml"
    before = spec_path.read_text(encoding="utf-8")
    changed = add_response_field(add_enum_value(add_body_field(False)(text)))
    page = parse_page(changed, "changed")

    report = sync([PageInput(page, None)], root=repo, regenerate=False, today="2026-11-24")

    assert sorted((r.kind, r.where) for r in report.applied) == [
        ("enum-changed", "body.registerSource"),
        ("field-added", "body.loyaltyTier"),
        ("field-added", "response.serverRegion"),
    ]
    assert report.for_person == []
    assert report.drafts == {}
    after_text = spec_path.read_text(encoding="utf-8")
    after = yaml.safe_load(after_text)
    schemas = after["components"]["schemas"]
    tier = schemas["RegistrationFields"]["properties"]["loyaltyTier"]
    assert tier["type"] == "string"
    assert "not transcribed" in tier["description"]
    assert schemas["RegisterSource"]["enum"][-1] == 10
    assert schemas["RegisterSource"]["x-enum-varnames"][-1] == "VALUE_10"
    assert "10" in schemas["RegisterSource"]["x-enum-meanings"]
    region = schemas["RegisterCustomerResponse"]["allOf"][1]["properties"]["serverRegion"]
    assert region["type"] == "string"
    assert region["x-inferred"] == ["type"]
    op = after["paths"][f"/global/{REGISTER}"]["post"]
    assert op["x-doc-status"] == "partial"
    assert any("loyaltyTier" in item for item in op["x-unknowns"])
    assert any("serverRegion" in item for item in op["x-unknowns"])
    # info.version and the package version move together (additive: a patch below 1.0)
    assert report.version == (VERSION, NEXT_PATCH)
    assert after["info"]["version"] == NEXT_PATCH
    assert f'version = "{NEXT_PATCH}"' in (repo / "pyproject.toml").read_text()
    assert f"package_version_override: {NEXT_PATCH}" in (repo / "generator" / "config.yaml").read_text()
    assert (
        f'__version__ = "{NEXT_PATCH}"'
        in (repo / "overrides" / "multimarkets_bridge" / "__init__.py").read_text()
    )
    # a round-trip edit: every comment and anchor of the hand-written file survives
    kept = set(after_text.splitlines())
    assert all(line in kept for line in before.splitlines() if line.strip().startswith("#") or "&" in line)
    removed = set(before.splitlines()) - kept
    assert len(removed) <= 4, removed  # version, x-doc-status, the enum's flow lists
    # the page is now the snapshot, and it agrees with the spec
    again = run_docs("check", f"{write(repo / 'changed.txt', changed)}#en", root=repo)
    assert (again.returncode, again.stdout.strip()) == (0, "no drift"), again.stdout


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_sync_leaves_breaking_drift_to_a_person(repo: Path) -> None:
    text = rendered(REGISTER, "en")
    record_baseline(repo, text)
    spec_path = repo / "spec" / "bridge-api.openapi.yaml"
    snapshot = repo / "spec" / "pages" / f"{REGISTER}.en.json"
    before = (spec_path.read_bytes(), snapshot.read_bytes())
    changed = add_body_field(True)(text).replace("\ncountrystringRequired", "\ncountryintegerRequired")

    result = run_docs("sync", f"{write(repo / 'breaking.txt', changed)}#en", root=repo)

    assert result.returncode == 1, result.stderr
    assert "needs a person" in result.stdout
    assert "body.loyaltyTier" in result.stdout
    assert "body.country" in result.stdout
    assert (spec_path.read_bytes(), snapshot.read_bytes()) == before, "nothing written"


def test_sync_drafts_a_new_operation(repo: Path) -> None:
    text = rendered(REGISTER, "en").replace(
        f"/global/{REGISTER} ", "/global/customer.admin.Api.addVipCustomer "
    )
    report = sync(
        [PageInput(parse_page(text, "new"), "https://docs.example/new")], root=repo, regenerate=False
    )
    assert [row.kind for row in report.for_person] == ["operation-missing"]
    assert report.version is None
    (draft,) = report.drafts.values()
    assert not draft.in_spec  # a page without an OpenAPI block: a fragment for a person
    fragment = yaml.safe_load(draft.text)
    op = fragment["/global/customer.admin.Api.addVipCustomer"]["post"]
    assert op["operationId"] == "add_vip_customer"
    assert op["x-doc-status"] == "partial"
    assert op["x-unknowns"]
    assert op["x-doc-url"] == "https://docs.example/new"
    body = op["requestBody"]["content"]["application/json"]["schema"]
    assert set(body["required"]) == {"pwd", "country", "registerSource", "customerGroupId"}
    assert body["properties"]["customerGroupId"] == {
        "type": "number",
        "description": "(meaning to be written by a person from the page)",
    }
    # the fragment drops into the spec as a valid OpenAPI document
    from openapi_spec_validator import validate

    spec = yaml.safe_load((repo / "spec" / "bridge-api.openapi.yaml").read_text(encoding="utf-8"))
    spec["paths"].update(fragment)
    validate(spec)


# ----------------------------------------------------------------------------------- the loop


def test_scheduled_loop_end_to_end(repo: Path, page_server: PageServer, tmp_path: Path) -> None:
    """fetch -> check -> sync (spec, snapshot, regeneration, drift gate) -> check -> changelog."""
    text = rendered(LIST, "zh-CN")
    record_baseline(repo, text)
    old_spec = tmp_path / "old.yaml"
    shutil.copy(repo / "spec" / "bridge-api.openapi.yaml", old_spec)
    changed = in_samples(
        add_body_field(False)(text), '"unitName": "text",', '"unitName": "text",\n"vipLevel": 1,'
    )
    page_server.pages["zh/customer-list"] = changed
    page_url = page_server.url("zh/customer-list")
    url = page_url + "#zh-CN"  # not a vendor site: the page names its language

    assert run_docs("check", url, root=repo).returncode == 1
    synced = run_docs("sync", url, root=repo)
    assert synced.returncode == 0, synced.stdout + synced.stderr
    assert f"version: {VERSION} -> {NEXT_PATCH}" in synced.stdout

    models = repo / "generated_client" / "multimarkets_bridge_client" / "models"
    assert "loyalty_tier" in (models / "list_customers_request.py").read_text()
    assert "vip_level" in (models / "customer_record.py").read_text()
    facade = (repo / "generated_client" / "multimarkets_bridge_client" / "facade.py").read_text()
    assert "loyalty_tier" in facade
    snapshot = json.loads((repo / "spec" / "pages" / f"{LIST}.zh-CN.json").read_text())
    assert snapshot["url"] == page_url
    assert "loyaltyTier" in snapshot["body"]
    gate = subprocess.run(
        [sys.executable, str(repo / "generator" / "check_generated.py")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert gate.returncode == 0, gate.stdout + gate.stderr
    assert run_docs("check", url, root=repo).returncode == 0

    log = run_docs("changelog", str(old_spec), str(repo / "spec" / "bridge-api.openapi.yaml"), root=repo)
    assert log.returncode == 0, log.stderr
    assert f"# API changelog {VERSION} -> {NEXT_PATCH}" in log.stdout
    assert "- non-breaking: request field added `body.loyaltyTier` (optional string)" in log.stdout
    assert (
        "- non-breaking: response field added `response.data.records[].vipLevel` (optional integer)"
        in log.stdout
    )
    assert "breaking" not in log.stdout.replace("non-breaking", "").replace("0 breaking", "")


def test_scheduled_workflow_runs_the_chain_in_order_with_the_readme_test_command() -> None:
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "docs-sync.yml").read_text(encoding="utf-8"))
    triggers = workflow[True]  # YAML 1.1 reads the key `on` as a boolean
    assert "schedule" in triggers
    assert "workflow_dispatch" in triggers
    runs = [step.get("run", "") for step in workflow["jobs"]["sync"]["steps"]]
    order = [
        "nox -s docs_check",
        "nox -s docs_sync -- --pr-body build/pr-body.md",
        "nox -s check_generated lint generators tests",
    ]
    positions = [next(i for i, run in enumerate(runs) if needle in run) for needle in order]
    assert positions == sorted(positions)
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    test_command = readme.split("Whole test suite", 1)[1].split("```bash\n", 1)[1].split("\n", 1)[0]
    assert test_command in runs
    assert "create-pull-request" in workflow["jobs"]["sync"]["steps"][-1]["uses"]


CHARSETS = ["utf-8", "gb18030", "utf-16-le", "utf-16-be", "big5", "shift_jis"]


@settings(max_examples=200, deadline=None)
@given(
    text=st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=40),
    charset=st.sampled_from(CHARSETS),
    place=st.sampled_from(["header", "meta", "bom"]),
)
def test_a_page_is_read_by_the_charset_it_declares(text: str, charset: str, place: str) -> None:
    """Whatever charset a page declares (header, ``<meta>``, byte-order mark), its text comes back
    exactly; bytes the declared charset cannot decode are an error naming the page - never garbage."""
    from vendor_docs.fetch import PageFetchError, decode_page

    try:
        content = text.encode(charset)
    except UnicodeEncodeError:
        return  # the charset cannot hold this text: a page could not be served in it
    if place == "bom":
        if not charset.startswith(("utf-8", "utf-16")):
            return
        content = {"utf-8": b"\xef\xbb\xbf", "utf-16-le": b"\xff\xfe", "utf-16-be": b"\xfe\xff"}[
            charset
        ] + content
        header = "text/markdown"
    elif place == "meta":
        if charset.startswith("utf-16"):
            return  # a <meta> is read in an ASCII-compatible charset only (as browsers do)
        text = f'<html><head><meta charset="{charset}"></head><body>' + text
        content, header = text.encode(charset), "text/html"
    else:
        header = f"text/markdown; charset={charset}"
    assert decode_page("https://d.example/p", content, header) == text
    wrong = "utf-8" if charset != "utf-8" else "utf-16-le"
    try:
        content.decode(wrong)
    except UnicodeDecodeError:
        if place == "header":
            with pytest.raises(
                PageFetchError, match=r"cannot read https://d.example/p: byte \d+ does not decode"
            ):
                decode_page("https://d.example/p", content, f"text/markdown; charset={wrong}")


def _tree_digest(root: Path) -> dict[str, str]:
    import hashlib

    return {
        path.relative_to(root).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*"))
        if path.is_file() and "__pycache__" not in path.parts
    }


SABOTAGE = {  # what breaks in the staged tree -> the proof step named in the error
    "regeneration": ("generator/generate.py", 'raise SystemExit("generation broke")\n', "CalledProcessError"),
    "fast tests": ("tests/test_cli.py", "\n\ndef test_broken() -> None:\n    raise AssertionError\n",
                   "fast tests"),
}  # fmt: skip


@pytest.mark.parametrize("step", sorted(SABOTAGE))
def test_a_sync_whose_proof_fails_leaves_the_tree_byte_identical(repo: Path, step: str) -> None:
    """A page adds an optional field (applied, regenerated); the proof fails in the staged tree (a
    generator that crashes, a fast test that fails): exit 3, and not one byte of the working tree moved."""
    from spec_tools import load_spec
    from vendor_site import SiteOptions, vendor_site

    name, code, expected = SABOTAGE[step]
    target = repo / name
    head, marker, rest = target.read_text(encoding="utf-8").partition("from __future__ import annotations\n")
    target.write_text(head + marker + code + rest, encoding="utf-8")  # first thing the file runs
    published = load_spec(repo / "spec" / "bridge-api.openapi.yaml")
    published["components"]["schemas"]["ListCustomersRequest"]["properties"]["vipOnly"] = {"type": "boolean"}
    before = _tree_digest(repo)
    with vendor_site(published, "en", SiteOptions(prose=False)) as base:
        done = run_docs(
            "--root", str(repo), "sync", "--site", base + "#en", "--pr-body", str(repo.parent / "pr.md")
        )
    assert done.returncode == 3, done.stdout + done.stderr
    assert expected in done.stderr
    assert "the working tree is unchanged" in done.stderr or "loop itself failed" in done.stderr
    assert _tree_digest(repo) == before
    assert not (repo.parent / "pr.md").exists()  # no pull request body: no pull request


def test_a_page_or_site_off_the_vendors_hosts_must_name_its_language(
    repo: Path, page_server: PageServer
) -> None:
    """The language of a page is its site's; a file or another host names it (``#en``/``#zh-CN``).
    Without it: exit 2 and an error naming the page or site - never a guess from the page's characters."""
    page = write(repo / "page.md", rendered(LIST, "zh-CN"))
    page_server.pages["llms.txt"] = "# Docs\n"
    unnamed = run_docs("check", str(page), root=repo)
    assert unnamed.returncode == 2, unnamed.stdout + unnamed.stderr
    assert f"{page}: name the page's language ({page}#en or {page}#zh-CN)" in unnamed.stderr
    site = run_docs("check", "--site", page_server.url(""), root=repo)
    assert site.returncode == 2, site.stdout + site.stderr
    assert "name the site's language after '#'" in site.stderr
    assert page_server.hits == {}  # nothing was read on a guess
    named = run_docs("check", "--json", f"{page}#zh-CN", root=repo)
    assert named.returncode in (0, 1), named.stderr
    assert {row["language"] for row in json.loads(named.stdout)["drift"]} <= {"zh-CN"}
