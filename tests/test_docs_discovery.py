"""The docs loop against a replica of the vendor's GitBook site (tests/vendor_site.py), rendered from the
spec in the forms GitBook serves: llms.txt, markdown exports with OpenAPI 3.0.1 fragments, HTML.

Discovery finds every page of both sites; each drift class comes out as its row; removed and unlisted
pages are "gone"; a page answering 429 is retried; HTML-only and flattened-text pages are read; no
field of a fragment is ever lost; ``docs check --json`` over both sites stays well under 10 s.
"""

from __future__ import annotations

import copy
import functools
import json
import os
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from support import ROOT, copy_repo
from vendor_site import LINK_FORMS, SiteOptions, spell_link, vendor_site

sys.path.insert(0, str(ROOT / "generator"))

from spec_tools import load_spec, operations
from vendor_docs.discovery import discover, parse_llms
from vendor_docs.drift import check_page
from vendor_docs.gitbook import PageGoneError, parse_markdown
from vendor_docs.gitbook_render import NOT_FOUND, render_html, render_markdown
from vendor_docs.html_page import parse_html
from vendor_docs.page import PageParseError, parse_page
from vendor_docs.render import render_page

SPEC = load_spec()
QUIET = {"snapshot-missing", "new-page"}  # a replica page has no committed snapshot or record yet


def _op(spec: dict[str, Any], operation_id: str) -> dict[str, Any]:
    return next(op for _, op in operations(spec) if op["operationId"] == operation_id)


def _schema(spec: dict[str, Any], name: str) -> dict[str, Any]:
    found: dict[str, Any] = spec["components"]["schemas"][name]
    return found


@pytest.mark.parametrize("operation_id", sorted(op["operationId"] for _, op in operations(SPEC)))
def test_every_operation_reads_back_from_markdown_and_html_without_drift(operation_id: str) -> None:
    op = _op(SPEC, operation_id)
    page = parse_markdown(render_markdown(SPEC, op, "https://docs.example"), operation_id)
    assert len(page.operations) == 1
    assert [r for r in check_page(SPEC, page.operations[0]) if r.kind not in QUIET] == []
    assert page.operations[0].facts.version == op["x-api-version"]
    html_page = parse_html(render_html(SPEC, op, "https://docs.example/x", markdown_link=False), operation_id)
    assert [r for r in check_page(SPEC, html_page.operations[0]) if r.kind not in QUIET] == []


@pytest.mark.parametrize("language", ["en", "zh-CN"])
def test_discovery_reads_every_page_of_the_bridge_section(language: str) -> None:
    with vendor_site(SPEC, language) as base:
        found = discover(SPEC, base, language=language)
    key = "x-doc-url-cn" if language == "zh-CN" else "x-doc-url"
    with_pages = [op for _, op in operations(SPEC) if op.get(key)]
    assert found.errors == []
    assert len(found.entries) == len(found.pages) == len(with_pages) + (3 if language == "en" else 2)
    assert all("/bridge-api/" in entry.url for entry in found.entries)  # the other section is left out
    assert sum(len(page.operations) for page in found.pages) == len(with_pages)
    assert [r for r in found.rows if r.kind not in QUIET] == []
    # a page's language is its site's, whatever characters its text holds (the replica's markdown
    # exports carry the spec's English titles on the Chinese site too)
    assert {page.language for page in found.pages} == {language}
    assert {o.language for page in found.pages for o in page.operations} == {language}
    assert {r.language for r in found.rows} <= {language}


def _add_field(spec: dict[str, Any]) -> None:
    _schema(spec, "RegistrationFields")["properties"]["inviteCode"] = {"type": "string"}


def _remove_field(spec: dict[str, Any]) -> None:
    del _schema(spec, "RegistrationFields")["properties"]["remark"]


def _retype(spec: dict[str, Any]) -> None:
    _schema(spec, "RegistrationFields")["properties"]["remark"]["type"] = "integer"


def _require(spec: dict[str, Any]) -> None:
    _schema(spec, "RegistrationFields")["required"].append("remark")


def _enum(spec: dict[str, Any]) -> None:
    _schema(spec, "RegisterSource")["enum"].append(99)


def _status(spec: dict[str, Any]) -> None:
    _op(spec, "register_customer")["x-doc-statuses"] = [200, 500]


def _bad_example(spec: dict[str, Any]) -> None:
    examples = _op(spec, "register_customer")["requestBody"]["content"]["application/json"]["examples"]
    next(iter(examples.values()))["value"]["country"] = "china"


def _version(spec: dict[str, Any]) -> None:
    _op(spec, "register_customer")["x-api-version"] = "0.0.2"


def _response_field(spec: dict[str, Any]) -> None:
    _schema(spec, "CustomerDetails")["properties"]["riskLevel"] = {"type": "integer"}


def _publish_inferred(spec: dict[str, Any]) -> None:
    """The vendor starts naming the place-order request-time field the spec only inferred."""
    member = _schema(spec, "OrderFields")["allOf"][1]
    del member["properties"]["requestTime"]["x-inferred"]


def _new_error_code(spec: dict[str, Any]) -> None:
    spec["x-error-codes"]["USCUSTOMER_API_0000999"] = {"name": "X", "error": "APIError", "meaning": "new"}


def _new_operation(spec: dict[str, Any]) -> None:
    template = copy.deepcopy(_op(spec, "query_balances"))
    template.update(
        operationId="list_orders",
        summary="Order list",
        **{
            "x-biz-type": "tradeapi.admin.OrderAdminApiService.listOrders",
            "x-doc-url": "https://docs.multimarkets.org/bridge-api/trading/order-list",
        },
    )
    answer = {"code": "0", "msg": "Success", "data": [{"currency": "USDT", "balance": "12.5", "locked": "0"}]}
    template["responses"]["200"]["content"]["application/json"]["examples"] = {"sample": {"value": answer}}
    spec["paths"]["/global/tradeapi.admin.OrderAdminApiService.listOrders"] = {"post": template}


DRIFT: dict[str, tuple[Callable[[dict[str, Any]], None], str, str]] = {
    "field added": (_add_field, "field-added", "body.inviteCode"),
    "field removed": (_remove_field, "field-removed", "body.remark"),
    "type changed": (_retype, "type-changed", "body.remark"),
    "required changed": (_require, "required-changed", "body.remark"),
    "enum changed": (_enum, "enum-changed", "body.registerSource"),
    "status added": (_status, "status-added", "status 500"),
    "example invalid": (_bad_example, "example-invalid", "request example at country"),
    "routing changed": (_version, "routing-changed", "header version"),
    "response field added": (_response_field, "field-added", "response.data.riskLevel"),
    "inferred field now published": (_publish_inferred, "now-published", "body.requestTime"),
    "error code added": (_new_error_code, "error-code-added", "code USCUSTOMER_API_0000999"),
    "new operation": (
        _new_operation,
        "operation-missing",
        "bizType tradeapi.admin.OrderAdminApiService.listOrders",
    ),
}


@pytest.mark.parametrize("name", sorted(DRIFT))
def test_each_drift_class_is_reported_with_its_row(name: str) -> None:
    mutate, kind, where = DRIFT[name]
    published = copy.deepcopy(SPEC)
    mutate(published)
    with vendor_site(published, "en") as base:
        found = discover(SPEC, base, language="en")
    rows = [r for r in found.rows if r.kind not in QUIET]
    assert found.errors == []
    assert [(r.kind, r.where) for r in rows if r.kind == kind] == [(kind, where)], rows
    assert all(r.kind == kind for r in rows), rows  # nothing else is reported


def test_removed_and_unlisted_pages_are_gone_and_slow_html_and_text_pages_are_read() -> None:
    options = SiteOptions(
        removed={"get_customer_details"},
        unlisted={"cancel_customer"},
        throttled={"query_order", "place_order"},
        html_only={"list_products"},
        text_layout={"register_customer", "list_customers"},
    )
    with vendor_site(SPEC, "en", options) as base:
        found = discover(SPEC, base, language="en")
    gone = {(r.operation, r.page) for r in found.gone}
    assert gone == {("get_customer_details", "Page Not Found"), ("cancel_customer", "not in llms.txt")}
    read = {p.operations[0].facts.biz_type for p in found.pages if p.operations}
    for operation_id in (
        "query_order",
        "place_order",
        "list_products",
        "register_customer",
        "list_customers",
    ):
        assert _op(SPEC, operation_id)["x-biz-type"] in read
    assert [r for r in found.rows if r.kind not in QUIET | {"page-gone"}] == []
    assert found.errors == []


def test_a_page_that_fails_to_load_is_an_error_not_gone_and_hides_nothing() -> None:
    """A page answering HTTP 500 is an error naming it - not also ``page-gone`` - and every other
    page is still read and compared (no other row)."""
    with vendor_site(SPEC, "en", SiteOptions(broken={"query_balances"})) as base:
        found = discover(SPEC, base, language="en")
    broken = base + urlsplit(str(_op(SPEC, "query_balances")["x-doc-url"])).path
    assert len(found.errors) == 1
    assert broken in found.errors[0]
    assert "HTTP 500" in found.errors[0]
    assert [r for r in found.rows if r.kind not in QUIET] == []
    read = {o.facts.biz_type for p in found.pages for o in p.operations}
    assert len(read) == len([op for _, op in operations(SPEC) if op.get("x-doc-url")]) - 1


def test_a_moved_page_is_the_same_operation_and_sync_follows_it(tmp_path: Path) -> None:
    """Pages are matched by bizType: the spec's page published at another URL is a ``page-moved`` row
    naming both URLs (not ``page-gone``), and sync moves the spec's URL (the spec's host, the new
    path); the other pages are unaffected."""
    from vendor_docs.sync import PageInput, sync

    new_path = "/bridge-api/customers/sign-up"
    with vendor_site(SPEC, "en", SiteOptions(moved={"register_customer": new_path})) as base:
        found = discover(SPEC, base + "#en")
    rows = [
        (r.kind, r.operation, r.page.removeprefix(base), r.spec) for r in found.rows if r.kind not in QUIET
    ]
    old_url = str(_op(SPEC, "register_customer")["x-doc-url"])
    assert rows == [("page-moved", "register_customer", new_path, old_url)]
    repo = tmp_path / "repo"
    for name in ("spec/bridge-api.openapi.yaml", "pyproject.toml", "generator/config.yaml"):
        (repo / name).parent.mkdir(parents=True, exist_ok=True)
        (repo / name).write_text((ROOT / name).read_text(encoding="utf-8"), encoding="utf-8")
    page = next(p for p in found.pages if p.source.endswith(new_path))
    report = sync([PageInput(o, page.source) for o in page.operations], root=repo, regenerate=False)
    assert [(r.kind, r.page, r.spec) for r in report.applied if r.kind == "page-moved"] == [
        ("page-moved", "https://docs.multimarkets.org" + new_path, old_url)
    ]
    synced = load_spec(repo / "spec" / "bridge-api.openapi.yaml")
    assert _op(synced, "register_customer")["x-doc-url"] == "https://docs.multimarkets.org" + new_path
    assert _op(synced, "register_customer").get("x-doc-url-cn") == _op(SPEC, "register_customer").get(
        "x-doc-url-cn"
    )


def test_a_missing_page_answers_200_and_is_still_gone() -> None:
    with pytest.raises(PageGoneError):
        parse_markdown(NOT_FOUND, "https://docs.example/x")


def test_llms_index_entries() -> None:
    title, entries = parse_llms(
        "# Docs\n\n- [A](https://d.example/bridge-api/a.md): one\n* [B](https://d.example/b.md)\n"
    )
    assert title == "Docs"
    assert [(e.title, e.url, e.about) for e in entries] == [
        ("A", "https://d.example/bridge-api/a", "one"),
        ("B", "https://d.example/b", ""),
    ]


#: One link of llms.txt in each form RFC 3986 allows for the same page: where it starts, how it ends,
#: what it carries after the path, how its host and path are spelt.
LINK_STARTS = st.sampled_from(LINK_FORMS["start"])
LINK_ENDS = st.sampled_from(LINK_FORMS["end"])
LINK_TAILS = st.sampled_from(LINK_FORMS["tail"])


@functools.cache
def _plain_discovery() -> Any:
    with vendor_site(SPEC, "en") as base:
        return discover(SPEC, base + "#en")


@settings(max_examples=3, deadline=None, suppress_health_check=list(HealthCheck))  # ~25 links each
@given(st.data())
def test_every_link_form_of_llms_gives_the_same_rows(data: st.DataObject) -> None:
    """``llms.txt`` links are resolved and normalised as URLs (relative, query, fragment, trailing
    slash, case, percent-encoding): whatever form each link takes, discovery reads the same pages and
    reports the same rows as with plain absolute links."""
    forms: dict[str, str] = {}

    def link(base: str, path: str) -> str:
        if path not in forms:
            start, end, tail = data.draw(LINK_STARTS), data.draw(LINK_ENDS), data.draw(LINK_TAILS)
            forms[path] = spell_link(base, path, start, end, tail, data.draw(st.booleans()))
        return forms[path]

    plain = _plain_discovery()
    with vendor_site(SPEC, "en", SiteOptions(link_form=link)) as base:
        varied = discover(SPEC, base + "#en")
    assert varied.errors == plain.errors == []
    assert [e.url.removeprefix(varied.site) for e in varied.entries] == [
        e.url.removeprefix(plain.site) for e in plain.entries
    ]
    assert sorted((r.kind, r.operation, r.where) for r in varied.rows) == sorted(
        (r.kind, r.operation, r.where) for r in plain.rows
    )
    assert not [r for r in varied.rows if r.kind == "page-gone"]


NAMES = st.from_regex(r"[a-z][A-Za-z0-9]{0,12}", fullmatch=True)
#: a property schema of a vendor fragment and the type word a page shows for it
SCHEMAS = st.sampled_from(
    [
        *(({"type": t}, t) for t in ("string", "integer", "number", "boolean")),
        ({"type": "integer", "format": "int64", "nullable": True}, "integer"),
        ({"type": "array", "items": {"type": "string"}}, "string[]"),
        ({"type": "array", "items": {"type": "object", "properties": {"a": {"type": "string"}}}}, "object[]"),
        ({"type": "object", "properties": {"inner": {"type": "string"}}}, "object"),
        ({"type": "object", "additionalProperties": {"type": "string"}}, "object"),
        ({"$ref": "#/components/schemas/Shared"}, "string"),
        ({"enum": ["a", "b"], "type": "string"}, "string"),
        ({"type": ["string", "integer"]}, "integer|string"),  # a union: both types, as GitBook lists them
        ({"oneOf": [{"type": "string"}, {"type": "integer"}]}, "integer|string"),
        ({"anyOf": [{"$ref": "#/components/schemas/Shared"}, {"type": "boolean"}]}, "boolean|string"),
        ({"allOf": [{"$ref": "#/components/schemas/Shared"}], "maxLength": 4}, "string"),
    ]
)


@settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
@given(fields=st.dictionaries(NAMES, SCHEMAS, min_size=1, max_size=8), required=st.data())
def test_no_field_of_a_fragment_is_lost(fields: dict[str, tuple[Any, str]], required: st.DataObject) -> None:
    """Every property of the page's request schema is in the facts with the type the fragment states
    (unions, arrays of objects, maps and ``$ref``s included); never dropped, never a whole-page error."""
    wanted = required.draw(st.lists(st.sampled_from(sorted(fields)), unique=True))
    properties = {name: schema for name, (schema, _) in fields.items()}
    op = {
        "operationId": "x",
        "summary": "X",
        "parameters": [{"name": "companyId", "in": "header", "required": True, "schema": {"type": "string"}}],
        "requestBody": {
            "content": {
                "application/json": {
                    "schema": {"type": "object", "properties": properties, "required": wanted}
                }
            }
        },
        "responses": {"200": {"content": {"application/json": {"schema": {"type": "object"}}}}},
    }
    document = {
        "openapi": "3.0.1",
        "paths": {"/global/a.b.C": {"post": op}},
        "components": {"schemas": {"Shared": {"type": "string"}}},
    }
    text = f"# X\n\n## X\n\n> version=0.0.1\n\n```json\n{json.dumps(document)}\n```\n"
    page = parse_markdown(text, "generated")
    facts = page.operations[0].facts
    assert {name: fact.type for name, fact in facts.body.items()} == {
        n: word for n, (_, word) in fields.items()
    }
    assert {name for name, fact in facts.body.items() if fact.required} == set(wanted)
    assert set(facts.headers) >= {"companyId"}


def _twenty_three_operation_pages(spec: dict[str, Any]) -> dict[str, Any]:
    """The spec's 18 operations with pages on both sites, plus the 5 Bridge pages the spec has no
    operation for (product rules, withdrawals, transfers, order list, pending orders): 23 per site."""
    published = copy.deepcopy(spec)
    for _, op in operations(published):
        op.setdefault("x-doc-url-cn", str(op["x-doc-url"]).replace("docs.", "docs-cn.", 1) + "-cn")
    template = _op(spec, "query_balances")
    for name in ("productRules", "withdrawRecords", "transferRecords", "listOrders", "pendingOrders"):
        extra = copy.deepcopy(template)
        extra.update(
            operationId=name,
            summary=name,
            **{
                "x-biz-type": f"tradeapi.admin.OrderAdminApiService.{name}",
                "x-doc-url": f"https://docs.multimarkets.org/bridge-api/trading/{name}",
                "x-doc-url-cn": f"https://docs-cn.multimarkets.org/bridge-api/trading/{name}",
            },
        )
        published["paths"][f"/global/tradeapi.admin.OrderAdminApiService.{name}"] = {"post": extra}
    return published


def test_docs_check_discovers_both_sites_in_under_ten_seconds() -> None:
    """23 Bridge operation pages (and the guides) on each of the two sites, read and checked."""
    published = _twenty_three_operation_pages(SPEC)
    assert sum(1 for _ in operations(published)) == 23
    with vendor_site(published, "en") as en_base, vendor_site(published, "zh-CN") as zh_base:
        zh_site = zh_base + "#zh-CN"  # live, the address tells the language (docs-cn.*)
        started = time.perf_counter()
        done = subprocess.run(
            [sys.executable, str(ROOT / "generator" / "docs.py"), "check", "--json",
             "--site", en_base + "#en", "--site", zh_site],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )  # fmt: skip
        elapsed = time.perf_counter() - started
    report = json.loads(done.stdout)
    assert done.returncode == 1, done.stderr  # snapshot-missing rows: drift, not failure
    assert report["errors"] == []
    # the committed snapshots of two real pages hold the vendor's examples; the replica shows the spec's
    kinds = Counter(row["kind"] for row in report["drift"])
    assert set(kinds) <= QUIET | {"example-changed", "operation-missing"}, kinds
    assert kinds["operation-missing"] == 10  # the five extra pages, on both sites
    assert kinds["snapshot-missing"] >= 2 * 18 - 2  # every other operation page was read
    assert elapsed < 10, elapsed
    print(f"docs check --json, 2 x 23 replica operation pages: {elapsed:.2f} s")


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    return copy_repo(tmp_path)


USE_THE_DRAFT = """
import json, sys
import multimarkets_bridge_client
from multimarkets_bridge import BridgeClient
from multimarkets_bridge.cli import main
from multimarkets_bridge_sandbox import Sandbox, SandboxServer

assert multimarkets_bridge_client.__file__.startswith(sys.argv[1]), multimarkets_bridge_client.__file__
sandbox = Sandbox(rate_limit_per_minute=None)
key = sandbox.issue_key(360, key_size=1024)
with SandboxServer(sandbox) as server, BridgeClient(
    api_key=key.api_key, secret_key=key.secret_key, company_id=360, base_url=server.base_url
) as client:
    selector = dict(exchange_id="binance", account_name="main", customer_no="1", customer_group_id=1)
    answer = client.list_orders(**selector)
    print(json.dumps({"type": type(answer).__name__, "items": [type(a).__name__ for a in answer]}))
sys.exit(main(["--sandbox", "list-orders", "--exchange-id", "binance", "--account-name", "main",
               "--customer-no", "1", "--customer-group-id", "1"]))
"""


def test_the_workflow_turns_a_new_operation_on_both_sites_into_a_pull_request(repo: Path) -> None:
    """The docs-sync workflow's steps on the replica (both sites): an "Order list" page appears in
    English and Chinese; other pages gain what sync applies (an optional field, an enum value, a
    response field typed ``number``, a page moved, a page redirected) and a field a person must model.
    ``docs check`` exits 1; ``docs sync`` drafts the operation from its fragment (both URLs, both
    titles), applies the rest, regenerates, proves it (drift gate, import, every CLI command, fast
    tests), swaps it in and writes the PR body (person table first); the new method, its CLI command and
    the sandbox's answer from the examples all work (the chain takes about 40 s here)."""
    published = copy.deepcopy(SPEC)
    _new_operation(published)
    op = _op(published, "list_orders")
    op["x-doc-url-cn"] = "https://docs-cn.multimarkets.org/bridge-api/jiao-yi/ding-dan-lie-biao"
    _schema(published, "ListCustomersRequest")["properties"]["vipOnly"] = {"type": "boolean"}
    labels = {"type": "object", "additionalProperties": {"type": "string"}}
    _schema(published, "UpdateExchangeAccountRequest")["properties"]["labels"] = labels
    _schema(published, "RegisterSource")["enum"].append(99)
    _schema(published, "CustomerDetails")["properties"]["creditLimit"] = {"type": "number"}
    moves = SiteOptions(
        moved={"query_deposit_records": "/bridge-api/trading-interface/deposits"},
        redirected={"add_exchange_account": "/bridge-api/accounts/add"},
    )
    docs = [sys.executable, str(repo / "generator" / "docs.py"), "--root", str(repo)]
    body = repo.parent / "pr-body.md"
    with vendor_site(published, "en", moves) as en, vendor_site(published, "zh-CN") as cn:
        sites = ["--site", en + "#en", "--site", cn + "#zh-CN"]
        checked = subprocess.run(
            [*docs, "check", "--json", *sites], capture_output=True, text=True, check=False
        )
        synced = subprocess.run(
            [*docs, "sync", *sites, "--pr-body", str(body)],
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
    assert checked.returncode == 1, checked.stderr
    kinds = Counter(r["kind"] for r in json.loads(checked.stdout)["drift"])
    assert kinds["operation-missing"] == 2, kinds  # on both sites
    assert kinds["field-added"] == 6, kinds  # vipOnly and labels on both sites, creditLimit on both
    assert kinds["page-moved"] == 2, kinds
    assert synced.returncode == 1, synced.stdout + synced.stderr  # the draft waits for a person's review
    assert "proved: fast tests" in synced.stderr
    text = body.read_text(encoding="utf-8")
    sections = [line for line in text.splitlines() if line.startswith("## ")]
    assert sections[0].startswith("## Needs a person (2)"), sections  # labels, on both sites
    assert [s.split(" (")[0] for s in sections[1:3]] == [
        "## Applied",
        "## Pages: new operations, moved, gone, new prose",
    ]
    assert any(s.startswith("## API changelog") for s in sections)
    person = text.split("## Needs a person", 1)[1].split("## Applied", 1)[0]
    assert (
        f"| {en}/bridge-api/account-management/update-account | update_exchange_account | body.labels |"
        in person
    )
    assert '"additionalProperties": {"type": "string"}' in person  # the page's schema, quoted whole
    assert (
        f"en <{en}/bridge-api/trading/order-list>, zh-CN <{cn}/bridge-api/jiao-yi/ding-dan-lie-biao>" in text
    )
    drafted_op = _op(load_spec(repo / "spec" / "bridge-api.openapi.yaml"), "list_orders")
    assert drafted_op["x-doc-url"] == f"{en}/bridge-api/trading/order-list"
    assert drafted_op["x-doc-url-cn"] == f"{cn}/bridge-api/jiao-yi/ding-dan-lie-biao"
    assert drafted_op["x-summary-cn"] == drafted_op["summary"] == "Order list"
    synced_spec = load_spec(repo / "spec" / "bridge-api.openapi.yaml")
    assert 99 in _schema(synced_spec, "RegisterSource")["enum"]
    assert _schema(synced_spec, "CustomerDetails")["properties"]["creditLimit"]["type"] == "number"
    assert _op(synced_spec, "add_exchange_account")["x-doc-url"].endswith("/bridge-api/accounts/add")
    assert _op(synced_spec, "query_deposit_records")["x-doc-url"].endswith("/trading-interface/deposits")
    applied = text.split("## Applied", 1)[1].split("## Pages", 1)[0]
    assert "no snapshot" not in applied.split("<details>")[0]  # first snapshots are folded away
    assert all(f"| {where} |" in applied for where in ("body.vipOnly", "body.registerSource",
                                                       "response.data.creditLimit"))  # fmt: skip
    version = load_spec(repo / "spec" / "bridge-api.openapi.yaml")["info"]["version"]
    assert version == "0.3.0" if SPEC["info"]["version"] == "0.2.0" else version != SPEC["info"]["version"]
    prose = json.loads((repo / "spec" / "pages" / "prose.json").read_text(encoding="utf-8"))
    guides = {"sign", "speed-limit", "error-code"}
    assert {f"/bridge-api/access-instructions/{name}" for name in guides} <= set(prose)
    drafted = yaml.safe_load((repo / "spec" / "bridge-api.openapi.yaml").read_text(encoding="utf-8"))
    op = drafted["paths"]["/global/tradeapi.admin.OrderAdminApiService.listOrders"]["post"]
    assert (op["operationId"], op["x-doc-status"], op["x-sandbox"], op["x-group"]) == (
        "list_orders", "partial", "examples", "tradeApi"
    )  # fmt: skip
    assert op["x-doc-url"].endswith("/bridge-api/trading/order-list")
    assert "description" not in json.dumps(drafted["components"]["schemas"]["ListOrdersRequest"]).replace(
        "(meaning to be written by a person from the page)", ""
    ).replace('"description": "', "")  # no vendor prose: every meaning is left for a person
    facade = (repo / "generated_client" / "multimarkets_bridge_client" / "facade.py").read_text(
        encoding="utf-8"
    )
    assert "def list_orders(" in facade
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(repo / "generated_client"), str(repo / "overrides")]),
    }
    used = subprocess.run(
        [sys.executable, "-c", USE_THE_DRAFT, str(repo)],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        check=False,
    )
    assert used.returncode == 0, used.stdout + used.stderr
    first, _, cli_output = used.stdout.partition("\n")
    answer = json.loads(first)
    assert answer["type"] == "list", answer  # typed records, from the drafted example
    assert len(answer["items"]) == 1
    assert answer["items"][0] not in ("dict", "NoneType"), answer
    assert json.loads(cli_output)  # the CLI command exists and printed the sandbox's answer


#: GitBook's type titles (react-openapi ``getSchemaTitle``) and the page type word each reads as
GITBOOK_TYPES = {
    "string": "string", "integer · int64": "integer", "number": "number", "boolean": "boolean",
    "object": "object", "string[]": "string[]", "string · enum": "string", "integer · enum": "integer",
    "string | integer": "integer|string", "ExchangeAccount[]": "object[]", "any": "any",
}  # fmt: skip
ROW_TYPES = st.sampled_from(["string", "integer · int64", "number", "boolean", "object", "string[]"])


def _gitbook_row(name: str, kind: str, required: bool, nested: str = "") -> str:
    """A property row as react-openapi renders it server-side (an object's rows nested inside it)."""
    flag = "required" if required else "optional"
    children = f'<div class="openapi-schema-properties">{nested}</div>' if nested else ""
    return (
        '<div class="openapi-schema"><div class="openapi-schema-presentation">'
        f'<span class="openapi-schema-name"><span class="openapi-schema-propertyname">{name}</span>'
        '<span><span class="openapi-schema-type">'
        f'{kind}</span></span><span class="openapi-schema-{flag}">{flag.title()}</span></span></div>'
        f"{children}</div>"
    )


@settings(max_examples=100, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    rows=st.dictionaries(NAMES, st.tuples(st.sampled_from(sorted(GITBOOK_TYPES)), st.booleans()), min_size=1,
                         max_size=10),
    method=st.sampled_from(["post", "get"]),
)  # fmt: skip
def test_no_schema_row_of_gitbook_html_is_lost(rows: dict[str, tuple[str, bool]], method: str) -> None:
    """An HTML-only page in the markup of GitBook's OpenAPI block: every top-level body row is read with
    its type word and flag (an object's nested rows are not taken for body fields), the header rows
    and the method too."""
    cells = "".join(
        _gitbook_row(name, kind, required, _gitbook_row("inner", "string", True) if kind == "object" else "")
        for name, (kind, required) in rows.items()
    )

    def section(kind: str, label: str, body: str) -> str:
        return (
            f'<div class="openapi-section openapi-{kind}"><div class="openapi-section-header">'
            f'<div class="openapi-section-header-content">{label}</div></div>'
            f'<div class="openapi-section-body"><div class="openapi-schema-properties">{body}</div></div>'
            "</div>"
        )

    block = (
        '<div class="openapi-operation"><div class="openapi-summary"><div class="openapi-path">'
        f'<span class="openapi-method openapi-method-{method}">{method.upper()}</span>'
        '<span class="openapi-path-title">/global/a.b.C</span></div></div>'
        + section("parameters", "Header parameters", _gitbook_row("companyId", "string", True))
        + section("requestbody", "Body", cells)
        + "</div>"
    )
    text = f"<!doctype html><html><body><h1>T</h1>{block}</body></html>"
    (page,) = parse_html(text, "generated").operations
    assert {name: (fact.type, fact.required) for name, fact in page.facts.body.items()} == {
        name: (GITBOOK_TYPES[kind], required) for name, (kind, required) in rows.items()
    }
    assert page.facts.biz_type == "a.b.C"
    assert page.method == method
    assert set(page.facts.headers) == {"companyId"}


def test_an_operation_block_that_cannot_be_read_is_an_error_not_prose() -> None:
    """GitBook's operation markup without its path, a row without its flag, a section without its
    header, a query-parameter section (a Bridge operation takes headers only): a located error each -
    never a page whose rows are quietly fewer."""
    path = (
        '<div class="openapi-operation"><div class="openapi-path"><span class="openapi-method">POST</span>'
        '<span class="openapi-path-title">/global/a.b.C</span></div>'
    )
    rows = '<div class="openapi-schema-properties"></div>'
    for block in (
        path + f'<div class="openapi-section openapi-requestbody">{rows}</div></div>',
        path + '<div class="openapi-section openapi-parameters"><div class="openapi-section-header">'
        f"Query parameters</div>{rows}</div></div>",
        '<div class="openapi-operation"><div class="openapi-summary"></div></div>',
        '<div class="openapi-operation"><div class="openapi-path"><span class="openapi-method">POST</span>'
        '<span class="openapi-path-title">/global/a.b.C</span></div>'
        '<div class="openapi-section openapi-requestbody"><div class="openapi-section-header">Body</div>'
        '<div class="openapi-schema-properties"><div class="openapi-schema">'
        '<span class="openapi-schema-name"><span class="openapi-schema-propertyname">x</span>'
        '<span class="openapi-schema-type">string</span>'
        "</span></div></div></div></div>",
    ):
        with pytest.raises(PageParseError, match="cannot parse generated at line"):
            parse_html(f"<!doctype html><html><body><h1>T</h1>\n{block}</body></html>", "generated")


@pytest.mark.parametrize("where", ["query", "path", "cookie"])
@pytest.mark.parametrize("level", ["operation", "path item"])
def test_a_fragment_parameter_outside_the_headers_is_an_error_not_dropped(where: str, level: str) -> None:
    op = _op(SPEC, "list_customers")
    text = render_markdown(SPEC, op, "https://docs.example")
    document = json.loads(text.split("```json\n", 1)[1].split("\n```", 1)[0])
    (item,) = document["paths"].values()
    holder = item if level == "path item" else item["post"]
    holder.setdefault("parameters", []).append({"name": "page", "in": where, "schema": {"type": "integer"}})
    head = text.split("```json\n", 1)[0]
    with pytest.raises(
        PageParseError, match=f"header parameters only \\(parameter 'page' is in '{where}'\\)"
    ):
        parse_markdown(f"{head}```json\n{json.dumps(document)}\n```\n", "generated")


@settings(max_examples=100, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    rows=st.dictionaries(NAMES, st.tuples(ROW_TYPES, st.booleans(), st.booleans()), min_size=1, max_size=10)
)
def test_no_field_line_of_a_text_page_is_lost(rows: dict[str, tuple[str, bool, bool]]) -> None:
    """Field lines with and without descriptions, examples on their own line or not: all kept."""
    base = render_page(SPEC, _op(SPEC, "list_customers"), "en")
    lines: list[str] = []
    for name, (kind, required, described) in rows.items():
        lines.append(f"{name}{kind}{'Required' if required else 'Optional'}")
        lines += ["", "A field."] if described else []
    head, _, rest = base.partition("\nBody\n")
    tail = rest[rest.index("\nResponses\n") :]
    page = parse_page(head + "\nBody\n" + "\n".join(lines) + tail, "generated")
    assert {name: (fact.type, fact.required) for name, fact in page.facts.body.items()} == {
        name: (kind.split(" · ")[0], required) for name, (kind, required, _) in rows.items()
    }
