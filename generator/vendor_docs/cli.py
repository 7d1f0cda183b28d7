"""``python generator/docs.py check|sync|changelog|render`` - the docs -> spec loop on the command line.

check [PAGE_OR_URL...]    drift table (``--json`` for machines); exit 0 no drift, 1 drift, 2 unreadable page
sync [PAGE_OR_URL...]     apply additive drift, update snapshots, regenerate; exit 0 all applied, 1 a person
                          is needed (rows and drafts printed), 2 unreadable page
changelog OLD NEW         markdown changelog between two specs (files or git refs) and the implied bump
render OPERATION_ID       print an operation as a page in the vendor's layout (``--language zh-CN``)

Without pages, check and sync discover the pages: ``llms.txt`` of each ``--site`` (default: the vendor's
English and Chinese sites), every page of its Bridge section, markdown export first (see
``vendor_docs.reader`` for the formats and their order).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from . import changelog
from .discovery import SITES, discover, load_prose
from .drift import DriftRow, check_page, table
from .facts import ROOT, load_snapshots, load_spec, operations
from .fetch import PageFetchError
from .gitbook import PageGoneError
from .page import PageParseError
from .reader import read_source
from .render import render_page
from .sync import PageInput, sync


def _read(sources: list[str], timeout: float) -> tuple[list[PageInput], list[str]]:
    pages: list[PageInput] = []
    errors: list[str] = []
    for source in sources:
        try:
            read = read_source(source, timeout=timeout)
        except (PageFetchError, PageParseError, PageGoneError) as exc:
            errors.append(str(exc))
            continue
        url = source if source.startswith(("http://", "https://")) else None
        pages += [PageInput(parsed, url) for parsed in read.operations]
    return pages, errors


def _discovered(args: argparse.Namespace, root: Path) -> tuple[list[PageInput], list[DriftRow], list[str]]:
    """Every operation page of every site's Bridge section, and the discovery rows (gone, new pages)."""
    spec = load_spec(root / "spec" / "bridge-api.openapi.yaml")
    snapshots = load_snapshots(root / "spec" / "pages")
    prose = load_prose(root / "spec" / "pages" / "prose.json")
    pages: list[PageInput] = []
    rows: list[DriftRow] = []
    errors: list[str] = []
    for site in args.site or SITES:
        found = discover(spec, site, snapshots=snapshots, prose=prose, timeout=args.timeout)
        errors += found.errors
        rows += [
            r for r in found.rows if r.kind in ("page-gone", "new-page", "wording-changed") and not r.biz_type
        ]
        rows += [r for r in found.rows if r.kind == "page-gone"]
        for page in found.pages:
            url = page.source
            pages += [PageInput(parsed, url) for parsed in page.operations]
    return pages, rows, errors


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
        pages, found, errors = _discovered(args, root)
    rows = found + [row for item in pages for row in check_page(spec, item.page, snapshots)]
    _print_rows(rows, errors, args.json)
    return 2 if errors else 1 if rows else 0


def cmd_sync(args: argparse.Namespace) -> int:
    root = Path(args.root)
    pages, errors = _read(args.pages, args.timeout) if args.pages else _discovered(args, root)[::2]
    report = sync(pages, root=root, regenerate=not args.no_generate)
    if args.json:
        print(
            json.dumps(
                {
                    "applied": [r.to_json() for r in report.applied],
                    "forPerson": [r.to_json() for r in report.for_person],
                    "drafts": report.drafts,
                    "snapshots": [str(p.relative_to(root)) for p in report.snapshots_written],
                    "version": list(report.version) if report.version else None,
                    "errors": errors,
                },
                indent=2,
                ensure_ascii=False,
            )
        )
    else:
        print("applied:\n" + table(report.applied))
        print("\nneeds a person:\n" + table(report.for_person))
        for draft in report.drafts:
            print("\ndrafted operation (finish by hand, then add to spec/bridge-api.openapi.yaml):\n" + draft)
        for path in report.snapshots_written:
            print(f"snapshot written: {path.relative_to(root)}")
        if report.version:
            print(f"version: {report.version[0]} -> {report.version[1]} (spec, pyproject, generator config)")
        for error in errors:
            print(f"error: {error}", file=sys.stderr)
    return 2 if errors else 1 if report.for_person else 0


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
    code: int = args.handler(args)
    return code
