"""The API changelog: every kind of spec change is classified breaking or not for SDK callers."""

from __future__ import annotations

import copy
import json
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from docs_pages import the_spec
from support import ROOT
from vendor_docs.changelog import Change, diff, implied_bump, load_version, markdown

Spec = dict[str, Any]
Mutation = Callable[[Spec], Spec | None]


def schema(spec: Spec, name: str) -> dict[str, Any]:
    return spec["components"]["schemas"][name]


def props(spec: Spec, name: str) -> dict[str, Any]:
    return schema(spec, name)["properties"]


def record(spec: Spec) -> dict[str, Any]:
    return props(spec, "CustomerRecord")


def header_bound_tightened(spec: Spec) -> None:
    spec["components"]["parameters"]["companyId"]["schema"]["maxLength"] = 12


def request_bound_added(spec: Spec) -> None:
    props(spec, "RegistrationFields")["remark"]["maxLength"] = 10


def request_bound_relaxed(spec: Spec) -> Spec:
    """The old side had a tighter bound (maxLength 10 where the spec now has none)."""
    old = copy.deepcopy(spec)
    props(old, "RegistrationFields")["remark"]["maxLength"] = 10
    return old


def request_pattern_changed(spec: Spec) -> None:
    props(spec, "RegistrationFields")["phone"]["pattern"] = "^[0-9]{6,20}$"


def response_pattern_added(spec: Spec) -> None:
    record(spec)["agentCustomerNo"]["pattern"] = "^[0-9]+$"


def response_bound_removed(spec: Spec) -> None:
    del record(spec)["createTime"]["maximum"]


def remove_operation(spec: Spec) -> None:
    del spec["paths"]["/global/customer.admin.WhiteCustomerAdminApiService.destroyByCustomerNo"]


def add_operation(spec: Spec) -> None:
    path = "/global/customer.admin.WhiteCustomerAdminApiService.page"
    clone = copy.deepcopy(spec["paths"][path])
    clone["post"]["operationId"] = "list_vip_customers"
    clone["post"]["x-biz-type"] = "customer.admin.WhiteCustomerAdminApiService.vipPage"
    spec["paths"]["/global/customer.admin.WhiteCustomerAdminApiService.vipPage"] = clone


def add_required_request_field(spec: Spec) -> None:
    props(spec, "RegistrationFields")["tier"] = {"type": "string"}
    schema(spec, "RegistrationFields")["required"].append("tier")


def add_optional_request_field(spec: Spec) -> None:
    props(spec, "RegistrationFields")["tier"] = {"type": "string"}


def remove_request_field(spec: Spec) -> None:
    del props(spec, "RegistrationFields")["remark"]


def narrow_request_type(spec: Spec) -> Spec:
    """number -> integer (what customerGroupId went through): the spec is the new side; returns the old."""
    old = copy.deepcopy(spec)
    props(old, "RegistrationFields")["customerGroupId"]["type"] = "number"
    return old


def widen_request_type(spec: Spec) -> None:
    props(spec, "RegistrationFields")["remark"]["type"] = ["string", "integer"]


def remove_request_enum_value(spec: Spec) -> None:
    schema(spec, "RegisterSource")["enum"].remove(9)


def add_request_enum_value(spec: Spec) -> None:
    schema(spec, "RegisterSource")["enum"].append(10)


def request_optional_to_required(spec: Spec) -> None:
    schema(spec, "RegistrationFields")["required"].append("remark")


def request_required_to_optional(spec: Spec) -> None:
    schema(spec, "RegistrationFields")["required"].remove("country")


def remove_response_field(spec: Spec) -> None:
    del record(spec)["unitName"]


def add_response_field(spec: Spec) -> None:
    record(spec)["vipLevel"] = {"type": "integer"}


def response_decimal_dropped(spec: Spec) -> None:
    del spec["components"]["schemas"]["Balance"]["properties"]["locked"]["x-decimal"]  # Decimal -> str


def request_decimal_dropped(spec: Spec) -> None:
    price = spec["components"]["schemas"]["OrderFields"]["allOf"][1]["properties"]["price"]
    positive = spec["components"]["schemas"]["PositiveDecimal"]
    price.update({"type": "string", "pattern": positive["pattern"]})  # the same text, no longer money
    del price["$ref"]


def request_decimal_added(spec: Spec) -> None:
    spec["components"]["schemas"]["ListCustomersRequest"]["properties"]["customerNo"]["x-decimal"] = True


def widen_response_type(spec: Spec) -> None:
    record(spec)["customerType"]["type"] = ["integer", "string"]


def narrow_response_type(spec: Spec) -> None:
    props(spec, "EnvelopeMeta")["msgParams"]["type"] = "string"


def response_required_to_optional(spec: Spec) -> None:
    schema(spec, "PageMeta")["required"].remove("total")


def response_optional_to_required(spec: Spec) -> None:
    schema(spec, "CustomerRecord")["required"] = ["customerNo"]


def subscribe_data(spec: Spec) -> dict[str, Any]:
    data: dict[str, Any] = schema(spec, "SubscribeWebhookResponse")["allOf"][1]["properties"]["data"]
    return data


def add_response_enum_value(spec: Spec) -> None:
    subscribe_data(spec)["enum"].append("pending")


def remove_response_enum_value(spec: Spec) -> None:
    subscribe_data(spec)["enum"].remove("false")


def response_decimal_narrowed(spec: Spec) -> None:
    schema(spec, "Balance")["properties"]["locked"]["pattern"] = "^[0-9]+$"  # the SDK's decoder applies it


#: constraint changes: (mutation, (operation, kind, where, breaking, hidden from SDK callers))
CONSTRAINTS: dict[str, tuple[Any, tuple[str, str, str, bool, bool]]] = {
    "header bound tightened (the SDK fills it)": (
        header_bound_tightened,
        ("list_customers", "request constraint narrowed", "header.companyId", True, True),
    ),
    "request bound added": (
        request_bound_added,
        ("register_customer", "request constraint narrowed", "body.remark", True, False),
    ),
    "request bound relaxed": (
        request_bound_relaxed,
        ("register_customer", "request constraint widened", "body.remark", False, False),
    ),
    "request pattern changed": (
        request_pattern_changed,
        ("register_customer", "request constraint changed", "body.phone", True, False),
    ),
    "response pattern added": (
        response_pattern_added,
        (
            "list_customers",
            "response constraint narrowed",
            "response.data.records[].agentCustomerNo",
            False,
            True,
        ),
    ),
    "response decimal pattern changed (the SDK decodes by it)": (
        response_decimal_narrowed,
        ("query_balances", "response constraint changed", "response.data[].locked", True, False),
    ),
    "response bound removed": (
        response_bound_removed,
        ("list_customers", "response constraint widened", "response.data.records[].createTime", True, True),
    ),
}


@pytest.mark.parametrize("name", sorted(CONSTRAINTS))
def test_constraint_change_is_classified_and_marked(name: str) -> None:
    mutate, (operation, kind, where, breaking, hidden) = CONSTRAINTS[name]
    new = copy.deepcopy(the_spec())
    old = mutate(new) or the_spec()
    mine = [c for c in diff(old, new) if (c.operation, c.kind, c.where) == (operation, kind, where)]
    assert mine, [c for c in diff(old, new) if c.operation == operation]
    assert [(c.breaking, c.sdk_hidden) for c in mine] == [(breaking, hidden)], mine
    text = markdown(old, new, diff(old, new))
    assert ("the SDK hides it" in text) is any(c.sdk_hidden for c in diff(old, new))


def test_the_projects_own_history_lists_every_constraint_a_raw_client_sees() -> None:
    """Two spec versions of this repository: the int64 ranges (96 members, request and answer side)
    and the int64 digits pattern are each a row; none is lost between the two."""
    before, after = load_version("1e02205"), load_version("673ad42")
    changes = diff(before, after)
    rows = {(c.operation, c.where, c.detail) for c in changes}
    assert ("query_trade_records", "body.symbolId", "maximum: none -> 9223372036854775807") in rows
    assert any(c.where == "body.startTime" and c.kind == "request constraint changed" for c in changes)
    answers = [c for c in changes if c.kind == "response constraint narrowed"]
    assert answers
    assert all(c.sdk_hidden and not c.breaking for c in answers)
    requests = [c for c in changes if c.kind.startswith("request constraint")]
    assert requests
    assert all(c.breaking and not c.sdk_hidden for c in requests)


# mutation: (operation, kind, where, breaking)
TABLE: dict[str, tuple[Mutation, tuple[str, str, str, bool]]] = {
    "operation removed": (remove_operation, ("cancel_customer", "operation removed", "", True)),
    "operation added": (add_operation, ("list_vip_customers", "operation added", "", False)),
    "new required request field": (
        add_required_request_field,
        ("register_customer", "request field added", "body.tier", True),
    ),
    "new optional request field": (
        add_optional_request_field,
        ("register_customer", "request field added", "body.tier", False),
    ),
    "request field removed": (
        remove_request_field,
        ("register_customer", "request field removed", "body.remark", True),
    ),
    "request type narrowed": (
        narrow_request_type,
        ("register_customer", "request type narrowed", "body.customerGroupId", True),
    ),
    "request type widened": (
        widen_request_type,
        ("register_customer", "request type widened", "body.remark", False),
    ),
    "request enum value removed": (
        remove_request_enum_value,
        ("register_customer", "request enum value removed", "body.registerSource", True),
    ),
    "request enum value added": (
        add_request_enum_value,
        ("register_customer", "request enum value added", "body.registerSource", False),
    ),
    "request optional -> required": (
        request_optional_to_required,
        ("register_customer", "request field now required", "body.remark", True),
    ),
    "request required -> optional": (
        request_required_to_optional,
        ("register_customer", "request field now optional", "body.country", False),
    ),
    "response field removed": (
        remove_response_field,
        ("list_customers", "response field removed", "response.data.records[].unitName", True),
    ),
    "response field added": (
        add_response_field,
        ("list_customers", "response field added", "response.data.records[].vipLevel", False),
    ),
    "response type widened": (
        widen_response_type,
        ("list_customers", "response type widened", "response.data.records[].customerType", True),
    ),
    "response type narrowed": (
        narrow_response_type,
        ("list_customers", "response type narrowed", "response.msgParams", False),
    ),
    "response required -> optional": (
        response_required_to_optional,
        ("list_customers", "response field now optional", "response.data.total", True),
    ),
    "response optional -> required": (
        response_optional_to_required,
        ("list_customers", "response field now required", "response.data.records[].customerNo", False),
    ),
    "response enum value added": (
        add_response_enum_value,
        ("subscribe_webhook", "response enum value added", "response.data", True),
    ),
    "response decimal format changed": (
        response_decimal_dropped,
        ("query_balances", "response format changed", "response.data[].locked", True),
    ),
    "request decimal format dropped": (
        request_decimal_dropped,
        ("place_order", "request format changed", "body.price", True),
    ),
    "request decimal format added": (
        request_decimal_added,
        ("list_customers", "request format changed", "body.customerNo", False),
    ),
    "response enum value removed": (
        remove_response_enum_value,
        ("subscribe_webhook", "response enum value removed", "response.data", False),
    ),
}


@pytest.mark.parametrize("name", sorted(TABLE))
def test_change_is_classified(name: str) -> None:
    mutate, (operation, kind, where, breaking) = TABLE[name]
    new = copy.deepcopy(the_spec())
    old = mutate(new) or the_spec()  # a mutation may give the old side instead
    changes = diff(old, new)
    mine = [c for c in changes if c.operation == operation and c.kind == kind]
    assert mine, changes
    if where:
        mine = [c for c in mine if c.where == where]
        assert mine, changes
    assert all(c.breaking is breaking for c in mine), mine
    # shared schemas change every operation using them, always the same way
    assert {c.breaking for c in changes if c.kind == kind} == {breaking}, changes


def test_no_change_means_no_bump() -> None:
    assert diff(the_spec(), copy.deepcopy(the_spec())) == []
    assert implied_bump("0.1.0", []) == ("none", "0.1.0")


def test_version_bumps() -> None:
    new = copy.deepcopy(the_spec())
    add_optional_request_field(new)
    additive = diff(the_spec(), new)
    remove_request_field(new)
    breaking = diff(the_spec(), new)
    assert implied_bump("0.1.0", additive) == ("patch", "0.1.1")
    assert implied_bump("0.1.3", breaking) == ("minor", "0.2.0")
    new_operation = [Change("list_vip_customers", "operation added", "", "", False)]
    assert implied_bump("0.1.3", [*additive, *new_operation]) == ("minor", "0.2.0")  # a new method
    assert implied_bump("1.4.2", new_operation) == ("minor", "1.5.0")
    assert implied_bump("1.4.2", additive) == ("minor", "1.5.0")
    assert implied_bump("1.4.2", breaking) == ("major", "2.0.0")
    assert implied_bump("1.4.2", [], changed=True) == ("patch", "1.4.3")


def test_markdown_groups_by_operation_and_states_the_bump() -> None:
    new = copy.deepcopy(the_spec())
    add_optional_request_field(new)
    remove_response_field(new)
    text = markdown(the_spec(), new, diff(the_spec(), new))
    version = the_spec()["info"]["version"]
    major, minor, _ = version.split(".")
    assert text.startswith(f"# API changelog {version} -> {major}.{int(minor) + 1}.0\n")
    assert "implied version bump: **minor**" in text
    assert "## register_customer\n\n- non-breaking: request field added `body.tier` (optional string)" in text
    sections = re.findall(r"^## (\w+)$", text, flags=re.MULTILINE)
    assert sections == sorted(sections)
    assert "- **breaking**: response field removed `response.data.records[].unitName` (string)" in text


def test_spec_version_and_package_version_move_together() -> None:
    version = the_spec()["info"]["version"]
    assert f'\nversion = "{version}"\n' in (ROOT / "pyproject.toml").read_text()
    assert f"\npackage_version_override: {version}\n" in (ROOT / "generator" / "config.yaml").read_text()
    import multimarkets_bridge

    assert multimarkets_bridge.__version__ == version


def test_changelog_reads_git_refs_and_fails_clearly() -> None:
    if subprocess.run(["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True, check=False).returncode:
        pytest.skip("not a git checkout")
    assert load_version("HEAD")["openapi"] == the_spec()["openapi"]
    result = subprocess.run(
        [sys.executable, str(ROOT / "generator" / "docs.py"), "changelog", "HEAD", "no-such-ref"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 2
    assert "no-such-ref is neither a spec file nor a git ref" in result.stderr


# ---- against an independent diff tool (api-smart-diff, Node) on pairs of this repository's specs ----

CONSTRAINT_KEYWORDS = frozenset(
    {"maxLength", "minLength", "pattern", "format", "minimum", "maximum", "exclusiveMinimum"}
    | {"exclusiveMaximum", "multipleOf", "const", "maxItems", "minItems"}
)
#: (old, new) spec versions from the project's history: the companyId header bound and the
#: customerGroupId format (the last 100 commits before this change), then the int64 ranges
HISTORY_PAIRS = [("c17a0bd", "1e02205"), ("1e02205", "673ad42")]
API_SMART_DIFF = """
const { apiCompare } = require('api-smart-diff')
const fs = require('fs')
const [a, b] = process.argv.slice(2).map(f => JSON.parse(fs.readFileSync(f, 'utf8')))
process.stdout.write(JSON.stringify(apiCompare(a, b).diffs.map(d => ({ path: d.path, type: d.type }))))
"""


@pytest.fixture(scope="module")
def api_smart_diff(tmp_path_factory: pytest.TempPathFactory) -> Path:
    node, npm = shutil.which("node"), shutil.which("npm")
    if node is None or npm is None:
        pytest.skip("the independent diff tool runs on Node.js: node and npm are not on PATH")
    folder = tmp_path_factory.mktemp("api-smart-diff")
    installed = subprocess.run(
        [npm, "install", "--no-audit", "--no-fund", "--silent", "api-smart-diff@1.0.6"],
        cwd=folder, capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    if installed.returncode != 0:
        pytest.skip(f"npm could not install api-smart-diff: {installed.stderr[-300:]}")
    (folder / "diff.cjs").write_text(API_SMART_DIFF, encoding="utf-8")
    return folder


def _their_request_constraints(folder: Path, old: Spec, new: Spec) -> set[tuple[str, str, str]]:
    """(operation, field, keyword) of every request-side constraint change api-smart-diff reports."""
    for name, document in (("old.json", old), ("new.json", new)):
        (folder / name).write_text(json.dumps(document), encoding="utf-8")
    run = subprocess.run(
        ["node", "diff.cjs", "old.json", "new.json"], cwd=folder, capture_output=True, text=True, check=True
    )
    found: set[tuple[str, str, str]] = set()
    for change in json.loads(run.stdout):
        path = change["path"]
        if not path or path[0] != "paths" or path[-1] not in CONSTRAINT_KEYWORDS:
            continue
        operation = new["paths"][path[1]][path[2]]
        if "parameters" in path:
            parameter = operation["parameters"][path[path.index("parameters") + 1]]
            if "$ref" in parameter:
                parameter = new["components"]["parameters"][parameter["$ref"].rsplit("/", 1)[1]]
            found.add((operation["operationId"], f"header.{parameter['name']}", path[-1]))
        elif "requestBody" in path and "properties" in path:
            field = path[path.index("properties") + 1]
            found.add((operation["operationId"], f"body.{field}", path[-1]))
    return found


@pytest.mark.parametrize(("old_ref", "new_ref"), HISTORY_PAIRS)
def test_request_constraint_rows_agree_with_an_independent_diff_tool(
    api_smart_diff: Path, old_ref: str, new_ref: str
) -> None:
    """Every request-side constraint change api-smart-diff finds between two versions of the spec is a
    row of this changelog, and no row is one it does not find. (Answers are not compared: that tool
    matches the success answer's ``anyOf`` branches by position and reports a swapped ``$ref``
    instead of the members' changes; it covers error answers, which this changelog does not.)"""
    old, new = load_version(old_ref), load_version(new_ref)
    ours = {
        (c.operation, c.where, c.detail.split(":")[0])
        for c in diff(old, new)
        if c.kind.startswith("request constraint")
    }
    theirs = _their_request_constraints(api_smart_diff, old, new)
    assert len(theirs) >= 20
    assert ours == theirs
