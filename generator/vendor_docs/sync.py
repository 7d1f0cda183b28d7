"""Write unambiguous additive drift into the spec and the snapshots; draft the rest for a person.

Applied without a person: a new optional body field, new enum values, a new request example or a
changed field example, a new response field, a page whose only change is its wording, a first
snapshot. Each applied change keeps ``x-doc-status`` / ``x-unknowns`` honest: a field whose meaning
was not transcribed makes a ``complete`` operation ``partial`` and is named in ``x-unknowns``.
Everything else (removals, type and required changes, new headers, statuses, a new operation) is
reported; a new operation is drafted into the spec (or, without a fragment, as a YAML fragment).

The spec is edited in round-trip mode (``spec_edits``). A page's snapshot is rewritten only when
every row of that page was applied (otherwise the rows that compare with the snapshot would be
forgotten).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
import subprocess
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from spec_tools import ROOT, doc_url_key, load_yaml, operation_for_biz_type

from . import changelog
from .discovery import page_key
from .draft import draft_from_fragment, draft_operation, fragment_text, operation_id_for, without_keys
from .drift import DriftRow, check_page
from .page import ParsedPage
from .snapshots import load_snapshots, snapshot_path
from .spec_edits import Applier, PageInput, SpecEditor, mark_unknown, plain

__all__ = ["DraftNote", "PageInput", "SyncReport", "run_generation", "set_package_version", "sync"]

Node = Any


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
    applier = Applier(editor, today)
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
    new_spec = plain(editor.doc) if editor.loaded else old_spec
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
            drafts[biz_type] = DraftNote(
                operation_id_for(biz_type), draft_operation(page, url), in_spec=False
            )
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
        prose = ("description",)  # the two pages' drafts compare on facts only
        differing = sorted(
            n for n, schema in components.items()
            if without_keys(schemas.get(n), prose) != without_keys(schema, prose)
        )  # fmt: skip
        if differing:
            mark_unknown(existing, f"the English and Chinese pages differ in {', '.join(differing)}")
        note.urls[page.language] = url
        note.text = fragment_text({path: {"post": plain(existing)}})
        return
    if page.language == "zh-CN":
        operation["x-summary-cn"] = operation["summary"]
    editor.doc["paths"][path] = {"post": operation}
    for name, schema in components.items():
        schemas[name] = schema
    text = fragment_text({path: {"post": operation}})
    drafts[biz_type] = DraftNote(str(operation["operationId"]), text, in_spec=True, urls={page.language: url})


def _quoting(row: DriftRow, stated: Any) -> DriftRow:
    """``row`` for a person, with the schema the page states for its field quoted in full."""
    if stated is None or row.kind not in ("field-added", "type-changed", "required-changed", "enum-changed"):
        return row
    quoted = json.dumps(stated, ensure_ascii=False, sort_keys=True, separators=(", ", ": "))
    return dataclasses.replace(row, page=f"{row.page} (page schema: {quoted})")


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
