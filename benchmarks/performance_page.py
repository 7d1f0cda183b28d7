"""The docs' Performance table, rendered from a ``bench.json`` written by ``benchmarks/run.py``.

``python benchmarks/performance_page.py [build/bench.json]`` copies the file to
``benchmarks/last-run.json`` (the committed source of the numbers) and rewrites ``docs/performance.md``
between the ``bench`` markers; no number in that table is typed by hand.
"""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
PAGE = ROOT / "docs" / "performance.md"
LAST_RUN = ROOT / "benchmarks" / "last-run.json"
START, END = "<!-- bench:start -->", "<!-- bench:end -->"


def render(report: dict[str, Any]) -> str:
    m = report["machine"]
    lines = [
        START,
        f"Measured by `nox -s bench` on {report['date']}: {m['cpus']} CPUs ({m['processor']}), "
        f"{m['system']}, {m['implementation']} {m['python']}; medians of alternating rounds after a warm-up"
        + (" (quick run)" if report.get("quick") else "")
        + f", {report['seconds']:.0f} s in all. Source: `benchmarks/last-run.json`.",
        "",
        "| figure | SDK | baseline | value | goal | |",
        "|---|---|---|---|---|---|",
    ]
    for key, figure in report["figures"].items():
        verdict = {True: "pass", False: "**miss**", None: "report"}[figure["met"]]
        lines.append(
            f"| {figure['label']} (`{key}`) | {figure['sdk'] or '-'} | {figure['baseline'] or '-'} "
            f"| {figure['value_text']} | {figure['goal_text']} | {verdict} |"
        )
    lines.append(END)
    return "\n".join(lines)


def section(text: str) -> str:
    """The current bench section of the page's text (markers included)."""
    start, end = text.index(START), text.index(END) + len(END)
    return text[start:end]


def update(source: Path) -> None:
    if source.resolve() != LAST_RUN.resolve():
        shutil.copyfile(source, LAST_RUN)
    report = json.loads(LAST_RUN.read_text(encoding="utf-8"))
    text = PAGE.read_text(encoding="utf-8")
    PAGE.write_text(text.replace(section(text), render(report)), encoding="utf-8")


if __name__ == "__main__":
    update(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "build" / "bench.json")
