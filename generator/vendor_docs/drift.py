"""Compare a vendor page with the spec (and with the page's committed snapshot): one row per difference.

Against the spec: operation missing, header/body fields added or removed, type changes,
required <-> optional, enum values, statuses, response fields the spec does not know, examples that
no longer validate. Against the snapshot (what the page said when it was last transcribed): example
changes, response fields the page stopped showing, and a changed fingerprint with no structural
difference. A row is ``additive`` when ``sync`` may apply it without a person.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from typing import Any

from spec_tools import merged_object, operation_for_biz_type, operation_method

from .facts import (
    FieldFact,
    OperationFacts,
    Spec,
    header_parameters,
    inferred_paths,
    json_tree,
    request_schema,
    spec_facts,
    spec_tree,
    success_schema,
    type_fits,
)
from .page import ParsedPage
from .page_text import PLACEHOLDER
from .snapshots import ExampleShape, PageSnapshot

KINDS = {
    "operation-missing": "the page's bizType is not an operation of the spec",
    "field-added": "the page lists a field the spec does not have",
    "field-removed": "the spec (or the last snapshot) has a field the page no longer lists",
    "type-changed": "the page types a field differently",
    "required-changed": "required <-> optional",
    "enum-changed": "the values a field may take changed",
    "status-added": "the page lists a response status the spec does not",
    "status-removed": "the spec lists a response status the page no longer does",
    "example-invalid": "an example on the page does not validate against the spec",
    "example-changed": "an example differs from the last snapshot (and still validates)",
    "wording-changed": "the page text changed but no fact did (fingerprint)",
    "snapshot-missing": "no committed snapshot of this page yet",
    "routing-changed": "the page names another version or group header value",
    "method-changed": "the page states another HTTP method for the operation",
    "page-gone": "the spec's page answers Page Not Found or left the site's index",
    "page-moved": "the operation's page is at another URL now (same bizType): the spec's URL follows it",
    "new-page": "a page in the Bridge section that is in neither the spec nor the snapshots",
    "now-published": "the page publishes a field the spec marks x-inferred (its unknowns can shrink)",
    "error-code-added": "the Error Code page lists a code the spec's x-error-codes lacks",
}


@dataclass(frozen=True)
class DriftRow:
    kind: str
    operation: str
    where: str
    page: str
    spec: str
    additive: bool
    language: str = ""
    source: str = ""
    biz_type: str = ""

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def _required_word(required: bool) -> str:
    return "required" if required else "optional"


def _fact_text(fact: FieldFact) -> str:
    return f"{fact.type}, {_required_word(fact.required)}"


def _spec_field_facts(spec: Spec, op: Mapping[str, Any]) -> tuple[dict[str, FieldFact], dict[str, FieldFact]]:
    facts = spec_facts(spec, op)
    return facts.headers, facts.body


def _compare_fields(
    section: str,
    page: Mapping[str, FieldFact],
    spec_side: Mapping[str, FieldFact],
    row: Any,
    unpublished: set[str] = frozenset(),  # type: ignore[assignment]
) -> list[DriftRow]:
    rows: list[DriftRow] = []
    for name, fact in page.items():
        where = f"{section}.{name}"
        theirs = spec_side.get(name)
        if theirs is None:
            additive = section == "body" and not fact.required
            rows.append(row("field-added", where, _fact_text(fact), "absent", additive))
            continue
        if fact.type != theirs.type:
            rows.append(row("type-changed", where, fact.type, theirs.type, False))
        if fact.required != theirs.required:
            rows.append(
                row(
                    "required-changed",
                    where,
                    _required_word(fact.required),
                    _required_word(theirs.required),
                    False,
                )
            )
        if fact.enum is not None and fact.enum != theirs.enum:
            page_values = set(fact.enum)
            spec_values = set(theirs.enum or ())
            added = sorted(page_values - spec_values)
            removed = sorted(spec_values - page_values)
            if added or removed:
                additive = theirs.enum is not None and not removed
                text = ", ".join([*(f"+{v}" for v in added), *(f"-{v}" for v in removed)])
                rows.append(
                    row("enum-changed", where, text, ", ".join(theirs.enum or ()) or "no enum", additive)
                )
    for name, theirs in spec_side.items():
        if name not in page and name not in unpublished:
            rows.append(row("field-removed", f"{section}.{name}", "absent", _fact_text(theirs), False))
    return rows


def _compare_tree(
    where: str, tree: Mapping[str, str], allowed: Mapping[str, set[str]], row: Any
) -> list[DriftRow]:
    rows: list[DriftRow] = []
    for path, kind in tree.items():
        if kind == "null" and path in allowed:
            continue
        if path not in allowed:
            parent = path.rsplit(".", 1)[0] if "." in path else ""
            if parent and parent not in allowed:
                continue  # reported at the parent
            rows.append(row("field-added", f"{where}.{path}", kind, "absent", where == "response"))
        elif not type_fits(kind, allowed[path]) and kind != "null":
            rows.append(row("type-changed", f"{where}.{path}", kind, "|".join(sorted(allowed[path])), False))
    return rows


def _validator(spec: Spec, schema: Any) -> Any:
    """A JSON Schema validator for ``schema``; its ``$ref``s resolve inside the spec."""
    from jsonschema import Draft202012Validator

    root = {key: value for key, value in spec.items() if key != "$ref"}
    root["x-docs-check"] = schema
    root["$ref"] = "#/x-docs-check"
    return Draft202012Validator(root)


def _is_placeholder(text: str) -> bool:
    return bool(PLACEHOLDER.fullmatch(text.strip())) or text.strip() in ("", "text")


def _typed(text: str, kind: str) -> Any:
    if kind in ("integer", "number", "boolean") or kind.endswith("[]") or kind in ("object", "array"):
        try:
            return json.loads(text)
        except json.JSONDecodeError:
            return text
    return text


def _example_rows(spec: Spec, op: Mapping[str, Any], facts: OperationFacts, row: Any) -> list[DriftRow]:
    """Examples on the page that the spec would reject (placeholders are not examples)."""
    rows: list[DriftRow] = []
    request = _validator(spec, request_schema(spec, op))
    for index, value in enumerate(facts.request_examples):
        errors = sorted(request.iter_errors(value), key=lambda e: list(e.path))
        if errors:
            first = errors[0]
            while first.validator in ("anyOf", "oneOf") and first.context:  # the most specific rule
                first = min(first.context, key=lambda e: -len(e.path))
            where = "request example" + ("" if index == 0 else f" {index}")
            at = ".".join(str(p) for p in first.path) or "(root)"
            rows.append(
                row(
                    "example-invalid",
                    f"{where} at {at}",
                    json.dumps(first.instance)[:60],
                    first.message[:100],
                    False,
                )
            )
    params = header_parameters(spec, op)
    props, _ = merged_object(spec, request_schema(spec, op))
    for section, fields, schemas in (
        ("header", facts.headers, {k: v.get("schema", {}) for k, v in params.items()}),
        ("body", facts.body, props),
    ):
        for name, fact in fields.items():
            if fact.example is None or _is_placeholder(fact.example) or name not in schemas:
                continue
            value = _typed(fact.example, fact.type)
            errors = list(_validator(spec, schemas[name]).iter_errors(value))
            if errors:
                rows.append(
                    row("example-invalid", f"{section}.{name}", fact.example, errors[0].message[:100], False)
                )
    return rows


def _snapshot_rows(facts: OperationFacts, snapshot: PageSnapshot, row: Any) -> list[DriftRow]:
    """Changes against the last snapshot that the spec comparison cannot see."""
    rows: list[DriftRow] = []
    shapes = tuple(ExampleShape.of(v) for v in facts.request_examples)
    responses = {s: ExampleShape.of(v) for s, v in facts.response_examples.items()}
    old = {s.digest for s in snapshot.request_examples}
    for index, shape in enumerate(shapes):
        if shape.digest not in old:
            rows.append(
                row(
                    "example-changed",
                    "request example" + ("" if index == 0 else f" {index}"),
                    "new",
                    "",
                    True,
                )
            )
    for section, page_fields, old_fields in (
        ("header", facts.headers, snapshot.headers),
        ("body", facts.body, snapshot.body),
    ):
        for name, fact in page_fields.items():
            before = old_fields.get(name)
            if before is not None and before.example != fact.example and fact.example is not None:
                rows.append(
                    row("example-changed", f"{section}.{name}", fact.example, before.example or "none", True)
                )
    for status, shape in responses.items():
        seen = snapshot.response_examples.get(status)
        if seen is None:
            continue
        gone = [path for path in seen.tree if path not in shape.tree]
        for path in gone:
            if not any(path.startswith((parent + ".", parent + "[")) for parent in gone if parent != path):
                rows.append(row("field-removed", f"response.{path}", "absent", seen.tree[path], False))
        if seen.digest != shape.digest and seen.tree == shape.tree:
            rows.append(row("example-changed", f"response {status} example", "new", "", True))
    return rows


def check_page(
    spec: Spec, page: ParsedPage, snapshots: Mapping[tuple[str, str], PageSnapshot] | None = None
) -> list[DriftRow]:
    """Every difference between one parsed page and the spec (and its committed snapshot)."""
    facts = page.facts
    op = operation_for_biz_type(spec, facts.biz_type)
    snapshots = snapshots or {}

    def row(kind: str, where: str, on_page: str, in_spec: str, additive: bool) -> DriftRow:
        name = str(op["operationId"]) if op is not None else facts.biz_type
        return DriftRow(
            kind, name, where, on_page, in_spec, additive, page.language, page.source, facts.biz_type
        )

    if op is None:
        renamed = [
            s.biz_type for s in snapshots.values() if s.title == page.title and s.language == page.language
        ]
        was = f"absent (the snapshot with this title routes {renamed[0]})" if renamed else "absent"
        return [row("operation-missing", f"bizType {facts.biz_type}", page.title, was, False)]

    rows: list[DriftRow] = []
    method = operation_method(spec, op)
    if page.method != method:
        rows.append(row("method-changed", "method", page.method.upper(), method.upper(), False))
    if facts.response_fields:  # the layouts that state the response schema: its types, not an example's
        listed = {name: fact.type for name, fact in facts.response_fields.items()}
        rows += _compare_tree("response", listed, spec_tree(spec, success_schema(spec, op)), row)
    rows += _structure_rows(
        spec,
        op,
        facts,
        [json_tree(value) for value in facts.request_examples],
        [json_tree(value) for value in facts.response_examples.values()],
        row,
    )
    rows += _example_rows(spec, op, facts, row)
    rows += _published_rows(spec, op, facts, row)
    for name, on_page, in_spec in (
        ("version", facts.version, op.get("x-api-version")),
        ("group", facts.group, op.get("x-group")),
    ):
        stated = on_page is not None or (name == "group" and facts.version is not None)
        if stated and on_page != in_spec:  # a page that states its routing facts states its group too
            rows.append(row("routing-changed", f"header {name}", str(on_page), str(in_spec), False))

    snapshot = snapshots.get((facts.biz_type, page.language))
    if snapshot is None:
        if not rows:
            rows.append(row("snapshot-missing", "page", page.fingerprint[:12], "no snapshot", True))
        return _unique(rows)
    rows += _snapshot_rows(facts, snapshot, row)
    if not rows and snapshot.fingerprint != page.fingerprint:
        rows.append(row("wording-changed", "page", page.fingerprint[:12], snapshot.fingerprint[:12], True))
    return _unique(rows)


def _published_rows(spec: Spec, op: Mapping[str, Any], facts: OperationFacts, row: Any) -> list[DriftRow]:
    """Fields the spec only inferred that the page now states (request fields, and the fields of the
    response schema the page states)."""
    rows: list[DriftRow] = []
    request = inferred_paths(spec, request_schema(spec, op))
    rows += [
        row("now-published", f"body.{n}", "listed", "x-inferred", True) for n in facts.body if n in request
    ]
    response = inferred_paths(spec, success_schema(spec, op))
    shown = set(facts.response_fields)  # a response schema the page states (examples prove less)
    rows += [
        row("now-published", f"response.{p}", "listed", "x-inferred", True)
        for p in sorted(shown & response)
        if not p.endswith("[]")  # the items of a list are not a field
    ]
    return rows


def check_snapshot(spec: Spec, snapshot: PageSnapshot) -> list[DriftRow]:
    """Differences between a committed snapshot and the spec (no page text needed)."""
    op = operation_for_biz_type(spec, snapshot.biz_type)

    def row(kind: str, where: str, on_page: str, in_spec: str, additive: bool) -> DriftRow:
        name = str(op["operationId"]) if op is not None else snapshot.biz_type
        return DriftRow(
            kind, name, where, on_page, in_spec, additive, snapshot.language, "snapshot", snapshot.biz_type
        )

    if op is None:
        return [row("operation-missing", f"bizType {snapshot.biz_type}", snapshot.title, "absent", False)]
    rows = _structure_rows(
        spec,
        op,
        snapshot,
        [shape.tree for shape in snapshot.request_examples],
        [shape.tree for shape in snapshot.response_examples.values()],
        row,
    )
    return _unique(rows)


def _structure_rows(
    spec: Spec,
    op: Mapping[str, Any],
    page: OperationFacts | PageSnapshot,
    request_trees: list[dict[str, str]],
    response_trees: list[dict[str, str]],
    row: Any,
) -> list[DriftRow]:
    """What a page (or its snapshot) and the spec disagree on: fields, statuses, example shapes.

    A body path already reported from the field list is not reported again from an example.
    """
    headers, body = _spec_field_facts(spec, op)
    rows = _compare_fields("header", page.headers, headers, row)
    unpublished = inferred_paths(spec, request_schema(spec, op))  # a page never showed these
    rows += _compare_fields("body", page.body, body, row, unpublished)
    rows += _status_rows(page.statuses, tuple(int(s) for s in op.get("x-doc-statuses", [200])), row)
    request_tree = spec_tree(spec, request_schema(spec, op))
    for tree in request_trees:
        seen = {x.where for x in rows}
        rows += [r for r in _compare_tree("body", tree, request_tree, row) if r.where not in seen]
    response_tree = spec_tree(spec, success_schema(spec, op))
    for tree in response_trees:
        rows += _compare_tree("response", tree, response_tree, row)
    return rows


def _status_rows(page: tuple[int, ...], spec_side: tuple[int, ...], row: Any) -> list[DriftRow]:
    if not page:  # the page's format does not state its statuses (an HTML-only page)
        return []
    rows = [row("status-added", f"status {s}", "listed", "absent", False) for s in page if s not in spec_side]
    rows += [
        row("status-removed", f"status {s}", "absent", "listed", False) for s in spec_side if s not in page
    ]
    return rows


def _unique(rows: list[DriftRow]) -> list[DriftRow]:
    seen: set[tuple[str, str]] = set()
    out: list[DriftRow] = []
    for item in rows:
        key = (item.kind, item.where)
        if key not in seen:
            seen.add(key)
            out.append(item)
    return out


def table(rows: list[DriftRow]) -> str:
    """The drift rows as a text table (columns aligned up to 48 characters; values never cut)."""
    if not rows:
        return "no drift"
    head = ("operation", "lang", "kind", "where", "page", "spec", "auto")
    cells = [
        (r.operation, r.language, r.kind, r.where, r.page, r.spec, "yes" if r.additive else "person")
        for r in rows
    ]
    widths = [min(max(len(str(c[i])) for c in [head, *cells]), 48) for i in range(len(head))]
    lines = ["  ".join(str(v).ljust(w) for v, w in zip(head, widths, strict=True)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    lines += ["  ".join(str(v).ljust(w) for v, w in zip(c, widths, strict=True)).rstrip() for c in cells]
    return "\n".join(lines)
