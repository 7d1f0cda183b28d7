"""``python generator/docs.py check|sync|changelog|render`` - the docs -> spec loop on the command line.

check [PAGE_OR_URL...]    drift table (``--json`` for machines); a page that is not on one of the
                          vendor's sites names its language: ``page.md#en``, ``page.md#zh-CN``
sync [PAGE_OR_URL...]     apply additive drift, update snapshots, regenerate - built and proved in a
                          copy of the tree (drift gate, import, every CLI command's --help, the fast
                          tests), then swapped in; on any failure the tree is byte-identical (exit 3).
                          ``--pr-body FILE``: the pull request's body (person table first)
changelog OLD NEW         markdown changelog between two specs (files or git refs) and the implied bump
render OPERATION_ID       print an operation as a page in the vendor's layout (``--language zh-CN``)

Exit status, a contract the docs-sync workflow relies on: 0 nothing to do (or all applied), 1 drift a
person must decide (rows and drafts printed), 2 a page or a site could not be read or parsed (named on
stderr), 3 the loop itself failed (an error of this program, its spec or its regeneration: no pull
request; the traceback is on stderr).

Without pages, check and sync discover the pages: ``llms.txt`` of each ``--site`` (default: the vendor's
English and Chinese sites), every page of its Bridge section, markdown export first (see
``vendor_docs.reader`` for the formats and their order).
"""

from __future__ import annotations

import argparse
import json
import sys
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from spec_tools import ROOT, load_spec, operations

from . import changelog
from .discovery import SITES, discover, in_language, load_prose, site_and_language
from .drift import DriftRow, check_page, table
from .facts import LANGUAGES
from .fetch import PageFetchError
from .gitbook import PageGoneError
from .page import PageParseError
from .reader import read_source
from .render import render_page
from .snapshots import load_snapshots
from .sync import PageInput, sync
from .sync_report import pr_body, report_json, report_text
from .transaction import ProofError, changed_files, prove, staged, swap_in

LANGUAGE_SUFFIXES = tuple(f"#{language}" for language in LANGUAGES)
#: Exit status when the loop itself failed (see the module docstring for the whole contract).
LOOP_FAILED = 3


def _read(sources: list[str], timeout: float) -> tuple[list[PageInput], list[str]]:
    """Pages given by hand: a page of a vendor site is in that site's language; any other page (a file,
    another host) names its language after ``#`` (``page.md#zh-CN``) - never guessed from its text."""
    pages: list[PageInput] = []
    errors: list[str] = []
    for given in sources:
        source, _, named = given.rpartition("#") if given.endswith(LANGUAGE_SUFFIXES) else (given, "", "")
        url = source if source.startswith(("http://", "https://")) else None
        site = next((s for s in SITES if url and urlsplit(url).netloc == urlsplit(s).netloc), None)
        language = site_and_language(site)[1] if site is not None else named
        if not language:
            errors.append(f"{source}: name the page's language ({source}#en or {source}#zh-CN)")
            continue
        try:
            read = read_source(source, timeout=timeout)
        except (PageFetchError, PageParseError, PageGoneError) as exc:
            errors.append(str(exc))
            continue
        pages += [PageInput(parsed, url) for parsed in in_language(read, language).operations]
    return pages, errors


@dataclass
class _Found:
    pages: list[PageInput] = field(default_factory=list)
    rows: list[DriftRow] = field(default_factory=list)
    """Rows about pages (gone, prose, error codes); operation pages are checked by the caller."""
    errors: list[str] = field(default_factory=list)
    prose: dict[str, dict[str, str]] = field(default_factory=dict)
    """Prose pages read: URL path -> title and fingerprint (``spec/pages/prose.json``)."""


def _discovered(args: argparse.Namespace, root: Path) -> _Found:
    """Every page of every site's Bridge section (see ``vendor_docs.discovery``)."""
    spec = load_spec(root / "spec" / "bridge-api.openapi.yaml")
    snapshots = load_snapshots(root / "spec" / "pages")
    prose = load_prose(root / "spec" / "pages" / "prose.json")
    result = _Found()
    for site in args.site or SITES:
        found = discover(spec, site, snapshots=snapshots, prose=prose, timeout=args.timeout)
        result.errors += found.errors
        result.rows += [r for r in found.rows if r.kind in ("page-gone", "page-moved") or not r.biz_type]
        for page in found.pages:
            result.pages += [PageInput(parsed, page.source) for parsed in page.operations]
            if not page.operations:
                path = urlsplit(page.source).path
                result.prose[path] = {"title": page.title, "fingerprint": page.fingerprint}
    return result


def _print_rows(rows: list[DriftRow], errors: list[str], as_json: bool) -> None:
    if as_json:
        print(
            json.dumps({"drift": [r.to_json() for r in rows], "errors": errors}, indent=2, ensure_ascii=False)
        )
        return
    print(table(rows))
    for error in errors:
        print(f"error: {error}", file=sys.stderr)


def cmd_check(args: argparse.Namespace) -> int:
    root = Path(args.root)
    spec = load_spec(root / "spec" / "bridge-api.openapi.yaml")
    snapshots = load_snapshots(root / "spec" / "pages")
    if args.pages:
        pages, errors = _read(args.pages, args.timeout)
        found: list[DriftRow] = []
    else:
        discovered = _discovered(args, root)
        pages, found, errors = discovered.pages, discovered.rows, discovered.errors
    rows = found + [row for item in pages for row in check_page(spec, item.page, snapshots)]
    _print_rows(rows, errors, args.json)
    return 2 if errors else 1 if rows else 0


def cmd_sync(args: argparse.Namespace) -> int:
    root = Path(args.root)
    prose: dict[str, dict[str, str]] = {}
    found: list[DriftRow] = []
    if args.pages:
        pages, errors = _read(args.pages, args.timeout)
    else:
        discovered = _discovered(args, root)
        pages, errors, prose = discovered.pages, discovered.errors, discovered.prose
        found = [row for row in discovered.rows if row.kind != "page-moved"]  # sync reports its moves
    with staged(root) as tree:  # built and proved aside; the working tree changes only at the end
        report = sync(pages, root=tree, regenerate=not args.no_generate)
        report.applied += [row for row in found if row.additive]
        report.for_person += [row for row in found if not row.additive]
        if prose and not errors:  # prose pages' fingerprints, recorded (wording is additive)
            record = tree / "spec" / "pages" / "prose.json"
            merged = {**load_prose(record), **prose}
            record.write_text(
                json.dumps(merged, indent=2, ensure_ascii=False, sort_keys=True) + "\n", encoding="utf-8"
            )
            report.snapshots_written.append(record)
        try:
            if report.spec_changed and not args.no_generate:
                prove(tree, log=lambda line: print(line, file=sys.stderr))
        except ProofError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return LOOP_FAILED
        swap_in(root, changed_files(root, tree))
        snapshots = [str(p.relative_to(tree)) for p in report.snapshots_written]
    if args.json:
        print(json.dumps(report_json(report, snapshots, errors), indent=2, ensure_ascii=False))
    else:
        print(report_text(report, snapshots, errors))
        for error in errors:
            print(f"error: {error}", file=sys.stderr)
    code = 2 if errors else 1 if report.for_person else 0
    if args.pr_body:
        Path(args.pr_body).write_text(pr_body(report, errors, code), encoding="utf-8")
    return code


def cmd_changelog(args: argparse.Namespace) -> int:
    root = Path(args.root)
    try:
        old = changelog.load_version(args.old, root)
        new = changelog.load_version(args.new, root)
    except (FileNotFoundError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    text = changelog.markdown(old, new, changelog.diff(old, new))
    if args.output:
        Path(args.output).write_text(text, encoding="utf-8")
    else:
        print(text)
    return 0


def cmd_render(args: argparse.Namespace) -> int:
    spec = load_spec(Path(args.root) / "spec" / "bridge-api.openapi.yaml")
    found = [op for _, op in operations(spec) if op["operationId"] == args.operation]
    if not found:
        print(f"error: no operation {args.operation!r} in the spec", file=sys.stderr)
        return 2
    text = render_page(spec, found[0], args.language)
    if args.output:
        Path(args.output).write_text(text, encoding="utf-8")
    else:
        print(text)
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="docs", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--root", default=str(ROOT), help="repository root (default: this checkout)")
    commands = parser.add_subparsers(dest="command", required=True)
    for name, handler in (("check", cmd_check), ("sync", cmd_sync)):
        sub = commands.add_parser(name)
        sub.add_argument("pages", nargs="*", help="page files or URLs (default: discovered, see --site)")
        sub.add_argument("--site", action="append", help="site to discover through its llms.txt (repeatable)")
        sub.add_argument("--json", action="store_true")
        sub.add_argument("--timeout", type=float, default=10.0)
        if name == "sync":
            sub.add_argument("--no-generate", action="store_true", help="edit spec and snapshots only")
            sub.add_argument("--pr-body", help="write the pull request's body (markdown) to this file")
        sub.set_defaults(handler=handler)
    sub = commands.add_parser("changelog")
    sub.add_argument("old", help="spec file or git ref (REF or REF:path)")
    sub.add_argument("new", help="spec file or git ref")
    sub.add_argument("--output")
    sub.set_defaults(handler=cmd_changelog)
    sub = commands.add_parser("render")
    sub.add_argument("operation")
    sub.add_argument("--language", default="en", choices=["en", "zh-CN"])
    sub.add_argument("--output")
    sub.set_defaults(handler=cmd_render)
    args = parser.parse_args(argv)
    try:
        code: int = args.handler(args)
    except Exception as exc:  # any failure of the loop itself is exit 3, never 1 or 2
        traceback.print_exc(file=sys.stderr)
        print(f"error: the docs loop itself failed: {type(exc).__name__}: {exc}", file=sys.stderr)
        return LOOP_FAILED
    return code
