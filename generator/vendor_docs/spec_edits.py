"""Edits of the spec for ``docs sync``: the round-trip editor and the applier of one drift row.

The spec is edited with ruamel.yaml's round-trip mode, so comments, anchors and flow style survive and
an unedited spec is written back byte for byte. ``Applier`` applies one row exactly as the page states
it - a new field takes the schema of the page's OpenAPI fragment, and only when that schema is exactly
expressible (``draft.exactly_expressible``) - or declines it (the row goes to a person). Each applied
change keeps ``x-doc-status`` / ``x-unknowns`` honest.
"""

from __future__ import annotations

import io
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from spec_tools import alternatives, deref, operation_for_biz_type

from .draft import SCALARS, exactly_expressible, fragment_field, schema_for
from .drift import DriftRow
from .facts import path_segments, value_digest
from .page import ParsedPage

__all__ = ["Applier", "PageInput", "SpecEditor", "mark_unknown", "plain"]

Node = Any

#: page type words a new field may take without a fragment (a scalar or a list of scalars)
SCALAR_WORDS = frozenset({*SCALARS, *(f"{kind}[]" for kind in SCALARS)})


@dataclass
class PageInput:
    page: ParsedPage
    url: str | None


def _yaml() -> Any:
    from ruamel.yaml import YAML

    rt = YAML()
    rt.preserve_quotes = True
    rt.brace_single_entry_mapping_in_flow_sequence = True  # ``[{$ref: x}]`` stays as written
    rt.width = 4096
    rt.indent(mapping=2, sequence=4, offset=2)
    rt.representer.add_representer(
        type(None), lambda rep, _data: rep.represent_scalar("tag:yaml.org,2002:null", "null")
    )
    return rt


def _flow(data: dict[str, Any]) -> Any:
    """A mapping written in flow style (``{type: string, ...}``), like the hand-written properties."""
    from ruamel.yaml.comments import CommentedMap

    node = CommentedMap(data)
    node.fa.set_flow_style()
    return node


class SpecEditor:
    """Round-trip edits of the spec document (the ``$ref``s are followed inside the document)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.rt = _yaml()
        self._doc: Node = None

    @property
    def doc(self) -> Node:
        """The document, read on first use (a sync with nothing to edit never parses it)."""
        if self._doc is None:
            self._doc = self.rt.load(self.path.read_text(encoding="utf-8"))
        return self._doc

    @property
    def loaded(self) -> bool:
        return self._doc is not None

    def dump(self) -> str:
        out = io.StringIO()
        self.rt.dump(self.doc, out)
        return out.getvalue()

    def save(self) -> None:
        self.path.write_text(self.dump(), encoding="utf-8")

    def operation(self, biz_type: str) -> Node:
        found = operation_for_biz_type(self.doc, biz_type)
        if found is None:
            raise KeyError(biz_type)
        return found

    def _base(self, schema: Node) -> Node:
        """``schema`` resolved; alternatives of one base (``spec_tools.alternatives``) give their base."""
        found = alternatives(self.doc, deref(self.doc, schema))
        return deref(self.doc, {"$ref": found[0]}) if found is not None else deref(self.doc, schema)

    def owner_of(self, schema: Node, name: str) -> Node | None:
        """The mapping whose ``properties`` hold ``name`` (``allOf`` members searched)."""
        node = self._base(schema)
        if name in node.get("properties", {}):
            return node
        for member in node.get("allOf", []):
            found = self.owner_of(member, name)
            if found is not None:
                return found
        return None

    def properties_home(self, schema: Node) -> Node:
        """Where a new property of ``schema`` goes: its own ``properties``, else its last ``allOf`` object."""
        node = self._base(schema)
        if "properties" in node or "allOf" not in node:
            return node
        for member in reversed(node["allOf"]):
            target = deref(self.doc, member)
            if "properties" in target:
                return target
        return node

    def child(self, schema: Node, segment: str) -> Node:
        """The schema of ``segment`` (``name`` or ``name[]``) under an object schema."""
        name = segment.removesuffix("[]")
        owner = self.owner_of(schema, name)
        if owner is None:
            raise KeyError(segment)
        node = deref(self.doc, owner["properties"][name])
        if segment.endswith("[]"):
            node = deref(self.doc, node["items"])
        return node


def mark_unknown(op: Node, text: str) -> None:
    from ruamel.yaml.comments import CommentedSeq

    unknowns = op.get("x-unknowns")
    if unknowns is None:
        op["x-unknowns"] = unknowns = CommentedSeq()
    if text not in unknowns:
        unknowns.append(text)
    if op.get("x-doc-status") == "complete":
        op["x-doc-status"] = "partial"


def _varname(value: str) -> str:
    name = re.sub(r"[^A-Za-z0-9]+", "_", value).strip("_").upper() or "VALUE"
    return f"VALUE_{name}" if name[0].isdigit() else name


class Applier:
    def __init__(self, editor: SpecEditor, today: str) -> None:
        self.editor = editor
        self.today = today

    def apply(self, row: DriftRow, page: PageInput) -> bool:
        """Apply one additive row; False when it turns out to need a person after all."""
        handler = {
            "field-added": self._field_added,
            "enum-changed": self._enum_added,
            "example-changed": self._example_changed,
            "wording-changed": lambda *_: True,
            "snapshot-missing": lambda *_: True,
        }.get(row.kind)
        try:
            return bool(handler and handler(row, page))
        except (KeyError, IndexError, TypeError, ValueError):
            return False

    def _request_schema(self, op: Node) -> Node:
        return op["requestBody"]["content"]["application/json"]["schema"]

    def _success_schema(self, op: Node) -> Node:
        schema = op["responses"]["200"]["content"]["application/json"]["schema"]
        return schema["anyOf"][0] if "anyOf" in schema else schema

    def page_schema(self, row: DriftRow, page: PageInput) -> Any:
        """The schema the page's OpenAPI fragment states for the row's field (None without one)."""
        parsed = page.page
        if parsed.document is None or parsed.path is None or not row.where.startswith(("body.", "response.")):
            return None
        try:
            return fragment_field(parsed.document, parsed.path, parsed.method, row.where)
        except (KeyError, TypeError, AttributeError):
            return None

    def _new_field(self, row: DriftRow, page: PageInput, kind: str, note: str) -> dict[str, Any] | None:
        """The spec entry of a new field: the fragment's schema when it is exactly expressible (else
        None: a person decides); without a fragment, the page's scalar type word (inferred from an
        example for a response field, and marked so)."""
        stated = self.page_schema(row, page)
        if stated is not None:
            if not exactly_expressible(stated):
                return None
            return {**stated, "description": note}
        if row.where.startswith("body.") and kind not in SCALAR_WORDS:
            return None
        entry = {**schema_for(kind), "description": note}
        if row.where.startswith("response."):
            entry["x-inferred"] = ["type"]
        return entry

    def _field_added(self, row: DriftRow, page: PageInput) -> bool:
        op = self.editor.operation(row.biz_type)
        section, _, path = row.where.partition(".")
        if section == "body" and "." not in path and "[" not in path:
            fact = page.page.facts.body.get(path)
            if fact is None or fact.required:
                return False
            note = f"Listed on the vendor page since {self.today}; meaning not transcribed yet."
            entry = self._new_field(row, page, fact.type, note)
            if entry is None:
                return False
            if fact.example is not None and not fact.example.startswith("{{"):
                entry["example"] = fact.example if fact.type == "string" else json.loads(fact.example)
            home = self.editor.properties_home(self._request_schema(op))
            home.setdefault("properties", {})[path] = _flow(entry)
            mark_unknown(
                op,
                f"meaning and constraints of body field {path} (found on the page by docs_sync {self.today})",
            )
            return True
        if section == "response":
            note = f"In the page's response since {self.today}; meaning not transcribed."
            entry = self._new_field(row, page, row.page, note)
            if entry is None:
                return False
            segments = path_segments(path)
            node = self._success_schema(op)
            for segment in segments[:-1]:
                node = self.editor.child(node, segment)
            home = self.editor.properties_home(node)
            home.setdefault("properties", {})[segments[-1].removesuffix("[]")] = _flow(entry)
            mark_unknown(
                op, f"meaning of response field {path} (found on the page by docs_sync, {self.today})"
            )
            return True
        return False

    def _enum_added(self, row: DriftRow, _page: PageInput) -> bool:
        op = self.editor.operation(row.biz_type)
        section, _, name = row.where.partition(".")
        if section != "body":
            return False
        owner = self.editor.owner_of(self._request_schema(op), name)
        if owner is None:
            return False
        target = deref(self.editor.doc, owner["properties"][name])
        added = [token[1:] for token in row.page.split(", ") if token.startswith("+")]
        integer = target.get("type") == "integer"
        for value in added:
            target["enum"].append(int(value) if integer else value)
            if "x-enum-varnames" in target:
                target["x-enum-varnames"].append(_varname(value))
            if "x-enum-meanings" in target:
                target["x-enum-meanings"][value] = (
                    f"not transcribed yet (listed on the page since {self.today})"
                )
        mark_unknown(
            op,
            f"meaning of {name} value(s) {', '.join(added)} (found on the page by docs_sync, {self.today})",
        )
        return True

    def _example_changed(self, row: DriftRow, page: PageInput) -> bool:
        op = self.editor.operation(row.biz_type)
        facts = page.page.facts
        if row.where.startswith("request example"):
            index = int(row.where.rsplit(" ", 1)[1]) if row.where != "request example" else 0
            value = facts.request_examples[index]
            examples = op["requestBody"]["content"]["application/json"].setdefault("examples", {})
            if any(plain(entry.get("value")) == value for entry in examples.values()):
                return True  # the spec has this example already (the snapshot records the page's)
            key = f"page_{page.page.language.replace('-', '_').lower()}_{value_digest(value)[:8]}"
            examples[key] = {
                "summary": f"Request sample of the vendor page as of {self.today}",
                "value": _flow(value),
            }
            return True
        if row.where.startswith("body."):
            name = row.where.removeprefix("body.")
            owner = self.editor.owner_of(self._request_schema(op), name)
            fact = facts.body.get(name)
            if owner is None or fact is None or fact.example is None:
                return False
            prop = owner["properties"][name]
            if "$ref" in prop:
                return True  # a shared schema: the snapshot records the page's example
            prop["example"] = fact.example if fact.type == "string" else json.loads(fact.example)
            return True
        return True  # header and response examples live in the snapshot only


def plain(node: Any) -> Any:
    """A round-trip YAML node as plain data (to compare with a page's JSON)."""
    return json.loads(json.dumps(node))
