"""Vendor pages <-> spec: the parser, the committed snapshots, the drift rows, the round trip.

From a bare clone these run on the committed snapshots (spec/pages) and on pages rendered from the
spec in the vendor's layout; where ../shared/seeds exists (CI) the vendor's own pages run too.
"""

from __future__ import annotations

import dataclasses
import json

import pytest
from docs_pages import (
    LIST,
    REGISTER,
    Mutation,
    add_body_field,
    add_enum_value,
    add_response_field,
    add_status,
    drop_response_record_field,
    in_samples,
    remove_body_field,
    rename_biz_type,
    rendered,
    retype,
    reword,
    seed_paths,
    seed_text,
    the_spec,
)
from hypothesis import given, settings
from hypothesis import strategies as st
from spec_tools import operations
from vendor_docs.drift import check_page, check_snapshot
from vendor_docs.facts import inferred_paths, request_schema, spec_facts
from vendor_docs.page import PageParseError, parse_page
from vendor_docs.page_text import enum_values, loads_lenient
from vendor_docs.render import render_page
from vendor_docs.snapshots import SNAPSHOT_DIR, PageSnapshot, load_snapshots

OPERATIONS = sorted(op["operationId"] for _, op in operations(the_spec()))


def test_the_spec_has_the_eighteen_operations_the_round_trip_covers() -> None:
    assert len(OPERATIONS) == 18


@pytest.mark.parametrize("language", ["en", "zh-CN"])
@pytest.mark.parametrize("operation_id", OPERATIONS)
def test_rendered_page_parses_back_to_the_operations_facts(operation_id: str, language: str) -> None:
    spec = the_spec()
    op = next(op for _, op in operations(spec) if op["operationId"] == operation_id)
    page = parse_page(render_page(spec, op, language), f"{operation_id}.{language}")
    # the flattened text layout does not state the version and group headers' values, and a page
    # shows no field the spec only inferred (x-inferred)
    facts = spec_facts(spec, op)
    unpublished = inferred_paths(spec, request_schema(spec, op))
    body = {name: fact for name, fact in facts.body.items() if name not in unpublished}
    assert page.facts == dataclasses.replace(facts, version=None, group=None, body=body)
    assert page.language == language
    assert page.title == op["summary"]
    # the page agrees with the spec; a first sight of a page is recorded, never silently trusted
    assert [row.kind for row in check_page(spec, page, {})] == ["snapshot-missing"]


# ----------------------------------------------------------------------------------- snapshots


def test_committed_snapshots_agree_with_the_spec() -> None:
    snapshots = load_snapshots()
    assert {(biz, lang) for biz, lang in snapshots} >= {(REGISTER, "en"), (LIST, "zh-CN")}
    for snapshot in snapshots.values():
        assert all((snapshot.body, snapshot.headers, snapshot.statuses)), snapshot.biz_type
        assert all((snapshot.request_examples, snapshot.response_examples)), snapshot.biz_type
        assert check_snapshot(the_spec(), snapshot) == [], snapshot.biz_type


def test_snapshot_check_fails_when_the_spec_moves_away_from_a_page() -> None:
    snapshot = load_snapshots()[(REGISTER, "en")]
    spec = json.loads(json.dumps(the_spec()))
    register = spec["components"]["schemas"]["RegistrationFields"]
    register["required"].remove("country")
    del register["properties"]["remark"]
    spec["components"]["schemas"]["RegisterSource"]["enum"].append(10)
    rows = {(row.kind, row.where) for row in check_snapshot(spec, snapshot)}
    assert rows == {
        ("required-changed", "body.country"),
        ("field-added", "body.remark"),
        ("enum-changed", "body.registerSource"),
    }


def test_snapshot_files_hold_facts_only_and_round_trip() -> None:
    for path in sorted(SNAPSHOT_DIR.glob("*.*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        assert path.name == f"{data['bizType']}.{data['language']}.json"
        assert data["url"].startswith("https://")
        assert PageSnapshot.from_json(data).to_json() == data
        text = path.read_text(encoding="utf-8")
        assert "@" not in text, "example values are kept as digests, not copied"


# ----------------------------------------------------------------------------------- seed pages


@pytest.mark.parametrize("biz_type", [REGISTER, LIST])
def test_seed_page_shows_zero_drift(biz_type: str) -> None:
    page = parse_page(seed_text(biz_type), biz_type)
    assert check_page(the_spec(), page, load_snapshots()) == []


@pytest.mark.parametrize("biz_type", [REGISTER, LIST])
def test_seed_page_is_its_committed_snapshot(biz_type: str) -> None:
    page = parse_page(seed_text(biz_type), biz_type)
    committed = load_snapshots()[(biz_type, page.language)]
    assert page.snapshot(committed.url).to_json() == committed.to_json()


def test_seed_registration_page_as_published() -> None:
    page = parse_page(seed_text(REGISTER), "registration")
    facts = page.facts
    assert page.language == "en"
    assert facts.body["customerGroupId"].type == "number"
    assert facts.body["registerSource"].enum == tuple(str(n) for n in range(1, 10))
    assert facts.body["phone"].required is False
    assert facts.headers["version"].required is True
    assert facts.response_examples[200]["data"] == "86021976"
    # the page's own phone example misses a comma; it is repaired, not dropped
    assert page.repaired_examples >= 1
    assert len(facts.request_examples) == 3
    assert all(isinstance(example, dict) and "pwd" in example for example in facts.request_examples)


def test_seed_list_page_is_read_in_chinese() -> None:
    page = parse_page(seed_text(LIST), "list")
    assert page.language == "zh-CN"
    assert page.facts.statuses == (200, 401, 403, 404)
    assert set(page.facts.body) == {"customerNo", "current", "size"}
    # a field listed in the text but absent from the example is still a field
    assert page.facts.request_examples == ({"customerNo": "esse ipsum tempor sint aute"},)


def test_every_seed_page_parses() -> None:
    for path in seed_paths():
        page = parse_page(path.read_text(encoding="utf-8"), path.name)
        assert page.facts.body, path.name


# ----------------------------------------------------------------------------------- mutations

MUTATIONS: dict[str, tuple[Mutation, set[tuple[str, str]], set[str]]] = {
    # name: (mutation, rows that must appear exactly, further kinds tolerated)
    "required field added": (add_body_field(True), {("field-added", "body.loyaltyTier")}, set()),
    "optional field added": (add_body_field(False), {("field-added", "body.loyaltyTier")}, set()),
    "field removed": (remove_body_field("remark"), {("field-removed", "body.remark")}, set()),
    "required to optional": (
        retype("pwd", "stringRequired", "stringOptional"),
        {("required-changed", "body.pwd")},
        set(),
    ),
    "optional to required": (
        retype("remark", "stringOptional", "stringRequired"),
        {("required-changed", "body.remark")},
        set(),
    ),
    "type changed": (
        retype("country", "stringRequired", "integerRequired"),
        {("type-changed", "body.country")},
        set(),
    ),
    "enum value added": (add_enum_value, {("enum-changed", "body.registerSource")}, set()),
    "bizType changed": (rename_biz_type, {("operation-missing", f"bizType {REGISTER}V2")}, set()),
    "example changed": (
        lambda text: in_samples(text, '"phone": "13200000092"', '"phone": "13200000093"'),
        {("example-changed", "request example")},
        set(),
    ),
    "example no longer valid": (
        lambda text: in_samples(text, '"country": "CN"', '"country": "China"'),
        {("example-invalid", "request example at country")},
        {"example-changed"},
    ),
    "wording changed only": (reword, {("wording-changed", "page")}, set()),
    "field only in the example": (
        lambda text: in_samples(text, '"pwd": ', '"promoCode": "x",\n  "pwd": '),
        {("field-added", "body.promoCode")},
        {"example-changed", "example-invalid"},
    ),
    "status added": (add_status, {("status-added", "status 500")}, set()),
    "response field added": (add_response_field, {("field-added", "response.serverRegion")}, set()),
}
ADDITIVE = {
    "optional field added",
    "enum value added",
    "example changed",
    "wording changed only",
    "response field added",
}


def _bases() -> list[str]:
    return ["rendered-en", "rendered-zh-CN", "seed"]


def _base_page(base: str) -> tuple[str, dict[tuple[str, str], PageSnapshot]]:
    """The unmutated page and the snapshots it is checked with (its own snapshot)."""
    if base == "seed":
        return seed_text(REGISTER), load_snapshots()
    text = rendered(REGISTER, base.removeprefix("rendered-"))
    page = parse_page(text, base)
    return text, {(REGISTER, page.language): page.snapshot()}


@pytest.mark.parametrize("base", _bases())
def test_unmutated_page_shows_no_drift(base: str) -> None:
    text, snapshots = _base_page(base)
    assert check_page(the_spec(), parse_page(text, base), snapshots) == []


@pytest.mark.parametrize("name", sorted(MUTATIONS))
@pytest.mark.parametrize("base", _bases())
def test_mutation_is_detected_with_the_right_row(base: str, name: str) -> None:
    mutate, expected, tolerated = MUTATIONS[name]
    text, snapshots = _base_page(base)
    page = parse_page(mutate(text), f"{base}+{name}")
    rows = check_page(the_spec(), page, snapshots)
    found = {(row.kind, row.where) for row in rows}
    assert expected <= found, rows
    assert {kind for kind, _ in found - expected} <= tolerated, rows
    wanted = [row for row in rows if (row.kind, row.where) in expected]
    assert all(row.additive == (name in ADDITIVE) for row in wanted), rows
    if name == "bizType changed":
        assert REGISTER in wanted[0].spec, "the row names the bizType the page used to route"
    if name == "enum value added":
        assert wanted[0].page == "+10"


@pytest.mark.parametrize("base", ["rendered", "seed"])
def test_response_field_no_longer_shown_is_a_removal(base: str) -> None:
    if base == "seed":
        text, snapshots = seed_text(LIST), load_snapshots()
    else:
        text = rendered(LIST, "zh-CN")
        snapshots = {(LIST, "zh-CN"): parse_page(text, "list").snapshot()}
    rows = check_page(the_spec(), parse_page(drop_response_record_field(text), "list"), snapshots)
    assert [(r.kind, r.where, r.additive) for r in rows] == [
        ("field-removed", "response.data.records[].unitName", False)
    ]


# ----------------------------------------------------------------------------------- parser


def test_lenient_json_repairs_what_vendor_pages_print() -> None:
    missing_comma = '{\n"registerSource": 1\n"phoneArea": "+86",\n}'
    assert loads_lenient(missing_comma) == ({"registerSource": 1, "phoneArea": "+86"}, True)
    placeholder = '{\n  "apiKey": {{apikey}},\n  "n": 1\n}'
    assert loads_lenient(placeholder) == ({"apiKey": "{{apikey}}", "n": 1}, True)
    assert loads_lenient('{"a": "{{kept}}"}') == ({"a": "{{kept}}"}, False)


def test_enum_values_need_two_or_more_listed() -> None:
    assert enum_values("Registration source: 1=Mobile web: H5, 2=pcweb: PC_Web, 9=other") == ("1", "2", "9")
    assert enum_values("Country:CN=China") is None
    assert enum_values("Customer group ID: 1=default customer group;") is None
    assert enum_values("状态：1=正常，2=禁用") == ("1", "2")


def test_chinese_page_with_english_title_and_unquoted_placeholder_parses() -> None:
    text = rendered(LIST, "zh-CN").replace('"current": "1"', '"current": {{page}}', 1)
    page = parse_page(text, "mixed")
    assert page.language == "zh-CN"
    assert page.facts.request_examples[0]["current"] == "{{page}}"


BROKEN = {
    "empty": (lambda text: "", 1, "expected a page"),
    "no breadcrumb": (lambda text: text.replace("On this page", "On the page"), 1, "'On this page'"),
    "no request line": (
        lambda text: text.replace(f"POST /global/{REGISTER} HTTP/1.1", "POST somewhere"),
        None,
        "request line",
    ),
    "unknown field type": (
        lambda text: text.replace("\npwdstringRequired", "\npwddatetimeRequired"),
        "pwddatetimeRequired",
        "<name><type><Required|Optional>",
    ),
    "broken JSON": (
        lambda text: in_samples(text, '"country": "CN",', '"country": "CN": 1,'),
        '  "country": "CN": 1,',
        "expected a JSON example",
    ),
    "unclosed JSON": (lambda text: text.rstrip().rstrip("}"), None, "to close"),
    "no header block": (
        lambda text: text.replace("Header parameters", "Parameters"),
        None,
        "'Header parameters'",
    ),
}


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_unknown_layout_is_a_located_error_not_a_traceback(name: str) -> None:
    mutate, line_of, words = BROKEN[name]
    text = mutate(rendered(REGISTER, "en"))
    with pytest.raises(PageParseError) as caught:
        parse_page(text, "page.txt")
    message = str(caught.value)
    assert message.startswith("cannot parse page.txt at line "), message
    assert words in message
    if isinstance(line_of, int):
        assert caught.value.line == line_of
    elif isinstance(line_of, str):
        assert text.split("\n")[caught.value.line - 1] == line_of
    assert 1 <= caught.value.line <= max(1, text.count("\n") + 1)


@settings(max_examples=300, deadline=None)
@given(
    base=st.sampled_from(OPERATIONS),
    language=st.sampled_from(["en", "zh-CN"]),
    edits=st.lists(
        st.tuples(
            st.integers(min_value=0, max_value=400),
            st.sampled_from(
                ["drop", "repeat", "Body", "Responses", "{", "}", "200Success", "fooRequired", '"']
            ),
        ),
        min_size=1,
        max_size=4,
    ),
)
def test_any_damaged_page_parses_or_fails_with_a_located_error(
    base: str, language: str, edits: list[tuple[int, str]]
) -> None:
    spec = the_spec()
    op = next(op for _, op in operations(spec) if op["operationId"] == base)
    lines = render_page(spec, op, language).split("\n")
    for position, edit in edits:
        at = position % len(lines)
        if edit == "drop":
            del lines[at]
        elif edit == "repeat":
            lines.insert(at, lines[(at * 7) % len(lines)])
        elif edit == '"':
            lines[at] = lines[at][: len(lines[at]) // 2] + '"' + lines[at][len(lines[at]) // 2 :]
        else:
            lines[at] = edit
    message = ""
    try:
        page = parse_page("\n".join(lines), "damaged.txt")
    except PageParseError as error:
        message = str(error)
    else:
        check_page(spec, page, {})  # whatever the drift, the check itself never crashes
    assert message == "" or message.startswith("cannot parse damaged.txt at line ")
