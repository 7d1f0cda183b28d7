"""What ``docs sync`` did, for a terminal, for machines (JSON) and as the pull request's body (markdown).

The pull request body puts first what a reviewer must act on: a table of the rows that need a person
(page URL, operation, field path, what the page says, what the spec says, why) - cells are never cut;
then what was applied to the spec (what was only recorded in the snapshots - examples, first
snapshots, wording - folded away); then new, moved and gone pages (a drafted operation with both its
URLs and its draft); then the API changelog of the change.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from .drift import KINDS, table
from .sync import SyncReport

__all__ = ["pr_body", "report_json", "report_text"]

PAGE_KINDS = ("operation-missing", "page-moved", "page-gone", "new-page")
#: applied rows that record what a page shows (snapshots, examples, wording) rather than change the API
RECORDS = ("snapshot-missing", "example-changed", "wording-changed")


def report_json(report: SyncReport, snapshots: list[str], errors: list[str]) -> dict[str, Any]:
    return {
        "applied": [r.to_json() for r in report.applied],
        "forPerson": [r.to_json() for r in report.for_person],
        "drafts": [
            {
                "bizType": biz,
                "operationId": d.operation_id,
                "inSpec": d.in_spec,
                "urls": d.urls,
                "yaml": d.text,
            }
            for biz, d in report.drafts.items()
        ],
        "snapshots": snapshots,
        "version": list(report.version) if report.version else None,
        "errors": errors,
    }


def _draft_heading(in_spec: bool) -> str:
    if in_spec:
        return "drafted into spec/bridge-api.openapi.yaml and regenerated (review it: x-doc-status partial)"
    return "drafted fragment, not in the spec (the page has no OpenAPI block: finish it, then add it)"


def report_text(report: SyncReport, snapshots: list[str], errors: list[str]) -> str:
    lines = ["applied:", table(report.applied), "", "needs a person:", table(report.for_person)]
    for biz_type, draft in report.drafts.items():
        urls = ", ".join(f"{lang}: {url}" for lang, url in sorted(draft.urls.items()))
        lines += ["", f"operation {draft.operation_id} ({biz_type}; {urls}) {_draft_heading(draft.in_spec)}:"]
        lines.append(draft.text.rstrip())
    lines += [f"snapshot written: {path}" for path in snapshots]
    if report.version:
        lines.append(
            f"version: {report.version[0]} -> {report.version[1]} (spec, pyproject, generator config)"
        )
    return "\n".join(lines)


def _cell(text: str) -> str:
    """``text`` whole, safe inside a markdown table cell."""
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\r\n", "\n").replace("\n", "<br>") or " "


def _table(head: tuple[str, ...], rows: Iterable[tuple[str, ...]]) -> list[str]:
    out = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    out += ["| " + " | ".join(_cell(value) for value in row) + " |" for row in rows]
    return out


def pr_body(report: SyncReport, errors: list[str], exit_code: int) -> str:
    person = [r for r in report.for_person if r.kind not in PAGE_KINDS]
    lines = [
        "# Docs sync: the vendor's pages changed",
        "",
        f"`docs sync` exit {exit_code} "
        + {0: "(everything applied)", 1: "(a person must decide what is listed first)"}.get(
            exit_code, "(some pages could not be read: see Errors)"
        )
        + ". Applied changes were regenerated and proved: drift gate, import, every CLI command, fast tests.",
        "",
        f"## Needs a person ({len(person)})",
        "",
    ]
    lines += (
        _table(
            ("Page", "Operation", "Where", "Page says", "Spec says", "Why"),
            (
                (r.source or "-", r.operation, r.where, r.page, r.spec, KINDS.get(r.kind, r.kind))
                for r in person
            ),
        )
        if person
        else ["Nothing."]
    )
    applied = [r for r in report.applied if r.kind not in PAGE_KINDS]
    changes = [r for r in applied if r.kind not in RECORDS]
    lines += ["", f"## Applied ({len(changes)})", ""]
    lines += (
        _table(
            ("Page", "Operation", "Where", "Now in the spec", "Was"),
            ((r.source or "-", r.operation, r.where, r.page, r.spec) for r in changes),
        )
        if changes
        else ["Nothing."]
    )
    records = [r for r in applied if r.kind in RECORDS]
    if records:  # examples and first snapshots: recorded, folded away (nothing to decide)
        lines += [
            "",
            f"<details><summary>Recorded in the snapshots ({len(records)}: examples, first "
            "snapshots, wording)</summary>",
            "",
        ]
        lines += _table(
            ("Page", "Operation", "Kind", "Where", "Page", "Before"),
            ((r.source or "-", r.operation, r.kind, r.where, r.page, r.spec) for r in records),
        )
        lines += ["", "</details>"]
    pages = [r for r in [*report.for_person, *report.applied] if r.kind in PAGE_KINDS[1:]]
    lines += ["", f"## Pages: new operations, moved, gone, new prose ({len(report.drafts) + len(pages)})", ""]
    for biz_type, draft in report.drafts.items():
        urls = ", ".join(f"{lang} <{url}>" for lang, url in sorted(draft.urls.items()))
        lines += [
            f"- new operation `{draft.operation_id}` (`{biz_type}`), {_draft_heading(draft.in_spec)}: {urls}",
            "",
            "  <details><summary>draft</summary>",
            "",
            "  ```yaml",
            *(f"  {line}" for line in draft.text.rstrip().splitlines()),
            "  ```",
            "",
            "  </details>",
        ]
    for r in pages:
        if r.kind == "page-moved":
            lines.append(
                f"- moved: `{r.operation}` ({r.language}) <{r.spec}> -> <{r.page}> (the spec follows)"
            )
        elif r.kind == "page-gone":
            lines.append(f"- gone: `{r.operation}` ({r.language}) <{r.source or r.spec}>: {r.page}")
        else:
            lines.append(
                f'- new prose page ({r.language}) "{r.operation}" <{r.source}> (fingerprint recorded)'
            )
    if errors:
        lines += ["", f"## Errors ({len(errors)})", "", *(f"- {_cell(e)}" for e in errors)]
    changelog = report.changelog.strip().replace("# API changelog", "## API changelog", 1)
    lines += ["", changelog or "## API changelog\n\nNo change to the spec."]
    return "\n".join(lines) + "\n"
