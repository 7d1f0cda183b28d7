"""Drift gate: regenerate into a temporary directory and diff against the committed output.

Exit 0 when ``generated_client/multimarkets_bridge_client`` equals a fresh generation from the spec;
otherwise print a unified diff and exit 1. Usage: ``python generator/check_generated.py [--spec FILE]``.
"""

from __future__ import annotations

import argparse
import difflib
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import DEFAULT_OUTPUT, PACKAGE, SPEC_PATH, GenerationError, generate


def _files(root: Path) -> dict[str, Path]:
    return {
        str(path.relative_to(root)): path
        for path in sorted(root.rglob("*"))
        if path.is_file() and "__pycache__" not in path.parts
    }


def drift(committed: Path = DEFAULT_OUTPUT, spec_path: Path = SPEC_PATH) -> str:
    """Unified diff between ``committed`` and a fresh generation ('' when identical)."""
    with tempfile.TemporaryDirectory() as tmp:
        fresh = Path(tmp) / PACKAGE
        generate(fresh, spec_path)
        old, new = _files(committed), _files(fresh)
        chunks: list[str] = []
        for name in sorted(old.keys() | new.keys()):
            before = old[name].read_text(encoding="utf-8").splitlines(keepends=True) if name in old else []
            after = new[name].read_text(encoding="utf-8").splitlines(keepends=True) if name in new else []
            if before != after:
                chunks.extend(
                    difflib.unified_diff(before, after, f"committed/{name}", f"regenerated/{name}", n=2)
                )
        return "".join(chunks)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--spec", type=Path, default=SPEC_PATH)
    args = parser.parse_args(argv)
    try:
        diff = drift(DEFAULT_OUTPUT, args.spec.resolve())
    except GenerationError as exc:
        print(f"generation failed: {exc}", file=sys.stderr)
        return 1
    if diff:
        sys.stdout.write(diff)
        print(
            "\ngenerated_client/ differs from a fresh generation: "
            "run `nox -s generate` and commit the result.",
            file=sys.stderr,
        )
        return 1
    print("generated_client/ matches a fresh generation from the spec")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
