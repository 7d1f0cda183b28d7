"""Write unambiguous additive drift into the spec and the snapshots; draft the rest for a person.

Applied without a person: a new optional body field, new enum values, a new request example or a
changed field example, a new response field, a page whose only change is its wording, a first
snapshot. Each applied change keeps ``x-doc-status`` / ``x-unknowns`` honest: a field whose meaning
was not transcribed makes a ``complete`` operation ``partial`` and is named in ``x-unknowns``.
Everything else (removals, type and required changes, new headers, statuses, a new operation) is
reported; a new operation comes with a drafted YAML fragment.

The spec is edited with ruamel.yaml's round-trip mode, so comments, anchors and flow style survive.
A page's snapshot is rewritten only when every row of that page was applied (otherwise the rows
that compare with the snapshot would be forgotten).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import json
import re
import subprocess
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import yaml

from . import changelog
from .discovery import page_key
from .draft import draft_from_fragment, draft_operation, exactly_expressible, fragment_field, schema_for
from .drift import DriftRow, check_page
from .facts import ROOT, alternatives, doc_url_key, load_yaml, operation_for_biz_type, value_digest
from .page import ParsedPage
from .snapshots import load_snapshots, snapshot_path

Node = Any
#: page type words a new field may take without a fragment (a scalar or a list of scalars)
SCALAR_WORDS = frozenset(
    {
        "string",
        "integer",
        "number",
        "boolean",
        *(f"{k}[]" for k in ("string", "integer", "number", "boolean")),
    }
)


@dataclass
class PageInput:
    page: ParsedPage
    url: str | None


@dataclass
class DraftNote:
    """A new operation drafted from its page(s): into the spec (``in_spec``) or as a fragment only."""

    operation_id: str
    text: str
    in_spec: bool
    urls: dict[str, str] = field(default_factory=dict)  # language -> page URL


@dataclass
class SyncReport:
    applied: list[DriftRow] = field(default_factory=list)
    for_person: list[DriftRow] = field(default_factory=list)
    drafts: dict[str, DraftNote] = field(default_factory=dict)  # bizType -> its draft
    snapshots_written: list[Path] = field(default_factory=list)
    version: tuple[str, str] | None = None
    changes: list[changelog.Change] = field(default_factory=list)
    changelog: str = ""
    """The API changelog of this sync as markdown (empty when the spec did not change)."""

    @property
    def spec_changed(self) -> bool:
        return self.version is not None


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

    def deref(self, node: Node) -> Node:
        while isinstance(node, dict) and "$ref" in node:
            target: Node = self.doc
            for part in str(node["$ref"]).removeprefix("#/").split("/"):
                target = target[part]
            node = target
        return node

    def operation(self, biz_type: str) -> Node:
        for item in self.doc["paths"].values():
            for op in item.values():
                if isinstance(op, dict) and (
                    op.get("x-biz-type") == biz_type or biz_type in op.get("x-biz-type-aliases", [])
                ):
                    return op
        raise KeyError(biz_type)

    def _base(self, schema: Node) -> Node:
        """``schema`` resolved; alternatives of one base (``facts.alternatives``) give their base."""
        found = alternatives(self.doc, self.deref(schema))
        return self.deref({"$ref": found[0]}) if found is not None else self.deref(schema)

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
            target = self.deref(member)
            if "properties" in target:
                return target
        return node

    def child(self, schema: Node, segment: str) -> Node:
        """The schema of ``segment`` (``name`` or ``name[]``) under an object schema."""
        name = segment.removesuffix("[]")
        owner = self.owner_of(schema, name)
        if owner is None:
            raise KeyError(segment)
        node = self.deref(owner["properties"][name])
        if segment.endswith("[]"):
            node = self.deref(node["items"])
        return node


def _mark_unknown(op: Node, text: str) -> None:
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


class _Applier:
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
            _mark_unknown(
                op,
                f"meaning and constraints of body field {path} (found on the page by docs_sync {self.today})",
            )
            return True
        if section == "response":
            note = f"In the page's response since {self.today}; meaning not transcribed."
            entry = self._new_field(row, page, row.page, note)
            if entry is None:
                return False
            segments = re.findall(r"[^.\[\]]+(?:\[\])*", path)
            node = self._success_schema(op)
            for segment in segments[:-1]:
                node = self.editor.child(node, segment)
            home = self.editor.properties_home(node)
            home.setdefault("properties", {})[segments[-1].removesuffix("[]")] = _flow(entry)
            _mark_unknown(
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
        target = self.editor.deref(owner["properties"][name])
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
        _mark_unknown(
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
            if any(_plain(entry.get("value")) == value for entry in examples.values()):
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


VERSION_LINE = re.compile(r'^(version\s*=\s*")([^"]+)(")', re.MULTILINE)
CONFIG_VERSION = re.compile(r"^(package_version_override:\s*)(\S+)", re.MULTILINE)
DUNDER_VERSION = re.compile(r'^(__version__ = ")([^"]+)(")', re.MULTILINE)
SDK_PIN = re.compile(r'("multimarkets-bridge\[webhooks\]==)([^"]+)(")')


def set_package_version(root: Path, version: str) -> None:
    """``info.version``'s partners: the package version (pyproject, ``__version__``) and the generator
    config."""
    pyproject = root / "pyproject.toml"
    pyproject.write_text(VERSION_LINE.sub(rf"\g<1>{version}\g<3>", pyproject.read_text(), count=1))
    sandbox = root / "sandbox" / "pyproject.toml"  # released together, pinned to the SDK's version
    if sandbox.exists():
        text = VERSION_LINE.sub(rf"\g<1>{version}\g<3>", sandbox.read_text(), count=1)
        sandbox.write_text(SDK_PIN.sub(rf"\g<1>{version}\g<3>", text, count=1))
    config = root / "generator" / "config.yaml"
    config.write_text(CONFIG_VERSION.sub(rf"\g<1>{version}", config.read_text(), count=1))
    package = root / "overrides" / "multimarkets_bridge" / "__init__.py"
    if package.exists():
        package.write_text(DUNDER_VERSION.sub(rf"\g<1>{version}\g<3>", package.read_text(), count=1))


def sync(
    pages: Iterable[PageInput],
    *,
    root: Path = ROOT,
    regenerate: bool = True,
    today: str | None = None,
) -> SyncReport:
    """Apply the additive drift of ``pages`` to the spec under ``root``; report the rest."""
    spec_path = root / "spec" / "bridge-api.openapi.yaml"
    snapshot_dir = root / "spec" / "pages"
    today = today or dt.date.today().isoformat()
    old_spec = load_yaml(spec_path.read_text(encoding="utf-8"))
    snapshots = load_snapshots(snapshot_dir)
    editor = SpecEditor(spec_path)
    applier = _Applier(editor, today)
    report = SyncReport()
    complete_pages: list[PageInput] = []
    for item in pages:
        moved = _follow_move(editor, old_spec, item)
        if moved is not None:
            report.applied.append(moved)
        rows = check_page(old_spec, item.page, snapshots)
        done = True
        for row in rows:
            if row.kind == "operation-missing":
                report.for_person.append(row)  # drafted into the spec, reviewed by a person
                _draft(editor, old_spec, item, report.drafts)
                done = False
            elif row.additive and applier.apply(row, item):
                report.applied.append(row)
            else:
                report.for_person.append(_quoting(row, applier.page_schema(row, item)))
                done = False
        if done and rows:
            complete_pages.append(item)
    new_spec = _plain(editor.doc) if editor.loaded else old_spec
    report.changes = changelog.diff(old_spec, new_spec)
    if new_spec != old_spec:  # else the file is left as it is, byte for byte
        _, version = changelog.implied_bump(str(old_spec["info"]["version"]), report.changes, changed=True)
        editor.doc["info"]["version"] = new_spec["info"]["version"] = version
        editor.save()
        set_package_version(root, version)
        report.version = (str(old_spec["info"]["version"]), version)
        report.changelog = changelog.markdown(old_spec, new_spec, report.changes)
    for item in complete_pages:
        path = snapshot_path(item.page.facts.biz_type, item.page.language, snapshot_dir)
        previous = snapshots.get((item.page.facts.biz_type, item.page.language))
        url = item.url or (previous.url if previous else None) or _doc_url(old_spec, item.page)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(item.page.snapshot(url).dumps(), encoding="utf-8")
        report.snapshots_written.append(path)
    if regenerate and report.spec_changed:
        run_generation(root)
    return report


def _draft(editor: SpecEditor, spec: dict[str, Any], item: PageInput, drafts: dict[str, DraftNote]) -> None:
    """Draft a new operation: into the spec when the page carries the vendor's OpenAPI fragment (a
    complete operation, regenerated with the rest), else as a YAML fragment for a person. The same
    operation's page on the other site merges into the same draft (both URLs, both titles)."""
    page = item.page
    biz_type = page.facts.biz_type
    url = item.url or page.source
    if page.document is None or page.path is None or page.method != "post":  # drafted for a person
        if biz_type not in drafts:
            text = draft_operation(page, url)
            operation_id = str(next(iter(load_yaml(text).values()))["post"]["operationId"])
            drafts[biz_type] = DraftNote(operation_id, text, in_spec=False)
        drafts[biz_type].urls[page.language] = url
        return
    path, operation, components = draft_from_fragment(
        spec,
        page.document,
        page.path,
        url=url,
        language=page.language,
        version=page.facts.version,
        group=page.facts.group,
    )
    schemas = editor.doc["components"]["schemas"]
    note = drafts.get(biz_type)
    if note is not None and note.in_spec:  # the other site's page of an operation drafted in this run
        existing = editor.doc["paths"][path]["post"]
        existing[doc_url_key(page.language)] = url
        title_key = "x-summary-cn" if page.language == "zh-CN" else "summary"
        existing[title_key] = operation["summary"]
        differing = sorted(
            n for n, schema in components.items() if _without_prose(schemas.get(n)) != _without_prose(schema)
        )
        if differing:
            _mark_unknown(existing, f"the English and Chinese pages differ in {', '.join(differing)}")
        note.urls[page.language] = url
        note.text = yaml.safe_dump(
            {path: {"post": json.loads(json.dumps(existing))}},
            sort_keys=False,
            allow_unicode=True,
            width=110,
        )
        return
    if page.language == "zh-CN":
        operation["x-summary-cn"] = operation["summary"]
    editor.doc["paths"][path] = {"post": operation}
    for name, schema in components.items():
        schemas[name] = schema
    text = yaml.safe_dump({path: {"post": operation}}, sort_keys=False, allow_unicode=True, width=110)
    drafts[biz_type] = DraftNote(str(operation["operationId"]), text, in_spec=True, urls={page.language: url})


def _quoting(row: DriftRow, stated: Any) -> DriftRow:
    """``row`` for a person, with the schema the page states for its field quoted in full."""
    if stated is None or row.kind not in ("field-added", "type-changed", "required-changed", "enum-changed"):
        return row
    quoted = json.dumps(stated, ensure_ascii=False, sort_keys=True, separators=(", ", ": "))
    return dataclasses.replace(row, page=f"{row.page} (page schema: {quoted})")


def _plain(node: Any) -> Any:
    """A round-trip YAML node as plain data (to compare with a page's JSON)."""
    return json.loads(json.dumps(node))


def _without_prose(node: Any) -> Any:
    """``node`` as plain data without ``description``s (two pages' drafts compare on facts only)."""
    if isinstance(node, dict):
        return {k: _without_prose(v) for k, v in node.items() if k != "description"}
    if isinstance(node, list):
        return [_without_prose(v) for v in node]
    return node


def _follow_move(editor: SpecEditor, spec: dict[str, Any], item: PageInput) -> DriftRow | None:
    """The operation's page read at another path than the spec's URL for its language: the spec's
    URL takes the new path (on the spec's own host) - a ``page-moved`` row; None when it did not move."""
    page = item.page
    op = operation_for_biz_type(spec, page.facts.biz_type)
    key = doc_url_key(page.language)
    recorded = op.get(key) if op is not None else None
    if op is None or not recorded or not item.url or page_key(item.url) == page_key(str(recorded)):
        return None
    origin = urlsplit(str(recorded))
    new = urlunsplit((origin.scheme, origin.netloc, page_key(item.url), "", ""))
    editor.operation(page.facts.biz_type)[key] = new
    return DriftRow(
        "page-moved", str(op["operationId"]), "page", new, str(recorded), True, page.language, item.url,
        page.facts.biz_type,
    )  # fmt: skip


def _doc_url(spec: dict[str, Any], page: ParsedPage) -> str | None:
    """The page URL the spec records for the operation in the page's language (else its English one)."""
    op = operation_for_biz_type(spec, page.facts.biz_type)
    if op is None:
        return None
    return str(op.get(doc_url_key(page.language)) or op.get("x-doc-url") or "") or None


def run_generation(root: Path) -> None:
    """Regenerate the client under ``root`` (raises on failure; ``transaction.prove`` checks the result)."""
    subprocess.run([sys.executable, str(root / "generator" / "generate.py")], cwd=root, check=True)
