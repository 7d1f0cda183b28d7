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
from .draft import draft_from_fragment, draft_operation, schema_for
from .drift import DriftRow, check_page
from .facts import ROOT, alternatives, doc_url_key, operation_for_biz_type, value_digest
from .page import ParsedPage
from .snapshots import load_snapshots, snapshot_path

Node = Any


@dataclass
class PageInput:
    page: ParsedPage
    url: str | None


@dataclass
class SyncReport:
    applied: list[DriftRow] = field(default_factory=list)
    for_person: list[DriftRow] = field(default_factory=list)
    drafts: list[str] = field(default_factory=list)
    snapshots_written: list[Path] = field(default_factory=list)
    version: tuple[str, str] | None = None
    changes: list[changelog.Change] = field(default_factory=list)

    @property
    def spec_changed(self) -> bool:
        return self.version is not None


def _yaml() -> Any:
    from ruamel.yaml import YAML

    rt = YAML()
    rt.preserve_quotes = True
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
        self.doc = self.rt.load(path.read_text(encoding="utf-8"))

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

    def _field_added(self, row: DriftRow, page: PageInput) -> bool:
        op = self.editor.operation(row.biz_type)
        section, _, path = row.where.partition(".")
        if section == "body" and "." not in path and "[" not in path:
            fact = page.page.facts.body.get(path)
            if fact is None or fact.required:
                return False
            home = self.editor.properties_home(self._request_schema(op))
            entry = {
                **schema_for(fact.type),
                "description": f"Listed on the vendor page since {self.today}; meaning not transcribed yet.",
            }
            if fact.example is not None and not fact.example.startswith("{{"):
                entry["example"] = fact.example if fact.type == "string" else json.loads(fact.example)
            home.setdefault("properties", {})[path] = _flow(entry)
            _mark_unknown(
                op,
                f"meaning and constraints of body field {path} (found on the page by docs_sync {self.today})",
            )
            return True
        if section == "response":
            segments = re.findall(r"[^.\[\]]+(?:\[\])*", path)
            node = self._success_schema(op)
            for segment in segments[:-1]:
                node = self.editor.child(node, segment)
            name = segments[-1].removesuffix("[]")
            home = self.editor.properties_home(node)
            entry = {
                **schema_for(row.page),
                "x-inferred": ["type"],
                "description": f"In the page's response example since {self.today}; meaning not transcribed.",
            }
            home.setdefault("properties", {})[name] = _flow(entry)
            _mark_unknown(
                op, f"meaning of response field {path} (found in the page example by docs_sync, {self.today})"
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
    old_spec = yaml.safe_load(spec_path.read_text(encoding="utf-8"))
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
                report.drafts.append(_draft(editor, old_spec, item))
                done = False
            elif row.additive and applier.apply(row, item):
                report.applied.append(row)
            else:
                report.for_person.append(row)
                done = False
        if done and rows:
            complete_pages.append(item)
    editor.save()
    new_spec = yaml.safe_load(spec_path.read_text(encoding="utf-8"))
    report.changes = changelog.diff(old_spec, new_spec)
    if new_spec != old_spec:
        _, version = changelog.implied_bump(str(old_spec["info"]["version"]), report.changes, changed=True)
        editor.doc["info"]["version"] = version
        editor.save()
        set_package_version(root, version)
        report.version = (str(old_spec["info"]["version"]), version)
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


def _draft(editor: SpecEditor, spec: dict[str, Any], item: PageInput) -> str:
    """Draft a new operation: into the spec when the page carries the vendor's OpenAPI fragment (a
    complete operation, regenerated with the rest), else as a YAML fragment for a person."""
    page = item.page
    if page.document is None or page.path is None:
        return draft_operation(item.page, item.url)
    path, operation, components = draft_from_fragment(
        spec,
        page.document,
        page.path,
        url=item.url or page.source,
        language=page.language,
        version=page.facts.version,
        group=page.facts.group,
    )
    editor.doc["paths"][path] = {"post": operation}
    schemas = editor.doc["components"]["schemas"]
    for name, schema in components.items():
        schemas[name] = schema
    return yaml.safe_dump({path: {"post": operation}}, sort_keys=False, allow_unicode=True, width=110)


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
    """Regenerate the client and prove the drift gate passes (raises on failure)."""
    for script in ("generate.py", "check_generated.py"):
        subprocess.run([sys.executable, str(root / "generator" / script)], cwd=root, check=True)
