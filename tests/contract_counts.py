"""The contract suite's counts (schemathesis cases, sandbox/spec agreement, stateful steps), summed over
the processes that ran it and printed once in the terminal summary (see ``tests/conftest.py``)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence

Counts = dict[str, Counter[str]]


def merge(total: Counts, counts: Mapping[str, Mapping[str, int]]) -> None:
    """Add one process's counts (as xdist hands them over: plain dicts) to ``total``."""
    for name, count in counts.items():
        total.setdefault(name, Counter()).update(count)


def summary_lines(counts: Counts, chain: Sequence[str]) -> list[str]:
    """The summary of ``counts``; ``chain`` orders the stateful steps."""
    cases, agreement = counts.get("cases", Counter()), counts.get("agreement", Counter())
    if not cases and not counts.get("chain"):
        return []
    lines = [f"schemathesis cases per operation ({sum(cases.values())} in all):"]
    lines += [f"  {count:5d}  {label}" for label, count in sorted(cases.items())]
    if agreement:
        valid = sum(n for key, n in agreement.items() if key.endswith(":valid"))
        invalid = sum(n for key, n in agreement.items() if key.endswith(":invalid"))
        lines.append(f"sandbox agrees with the spec on {valid} spec-valid and {invalid} spec-invalid bodies")
    for name, title in (("spec_only", "spec-only stateful run"), ("chain", "stateful chain")):
        if counts.get(name):
            steps = ", ".join(f"{step}={counts[name][step]}" for step in chain)
            lines.append(f"{title}, successful steps: {steps}")
    return lines
