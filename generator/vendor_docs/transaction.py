"""``docs sync`` as a transaction: build the change in a copy of the tree, prove it there, then swap it in.

The copy holds every file of the repository but its caches and virtualenvs. There ``sync`` edits the
spec, the snapshots and the version, regenerates, and the proof runs in order: the drift gate
(``check_generated.py``), an import of the client and the runtime, ``--help`` of the CLI and of every
command, and the fast tests (``FAST_TESTS``) - all with the copy's packages first on ``PYTHONPATH``.
Only when every step passed are the changed files of ``MANAGED`` written into the working tree, each
first beside its target and then renamed over it; a failure anywhere leaves the working tree
byte-identical and raises ``ProofError`` naming the step (the CLI's exit 3).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

__all__ = ["FAST_TESTS", "MANAGED", "ProofError", "changed_files", "prove", "staged", "swap_in"]

#: What a sync may change (spec and snapshots, the generated client, the version's homes).
MANAGED = (
    "spec",
    "generated_client",
    "pyproject.toml",
    "sandbox/pyproject.toml",
    "generator/config.yaml",
    "overrides/multimarkets_bridge/__init__.py",
)
#: The tests that prove a regenerated client usable: every CLI command, the public surface.
FAST_TESTS = ("tests/test_cli.py", "tests/test_surface.py")
#: Not copied: caches, virtualenvs, build output, version control.
SKIPPED = (
    ".git",
    ".nox",
    ".venv*",
    "build",
    "node_modules",
    "__pycache__",
    "*.pyc",
    ".*_cache",
    ".hypothesis",
)

CLI_HELP = """
import contextlib, io, sys
import multimarkets_bridge, multimarkets_bridge_client
from multimarkets_bridge.cli import build_parser, main
for package in (multimarkets_bridge, multimarkets_bridge_client):
    assert package.__file__.startswith(sys.argv[1]), f"{package.__name__} imported from {package.__file__}"
commands = build_parser()._subparsers._group_actions[0].choices
for words in ([], *([name] for name in commands)):
    out = io.StringIO()
    try:
        with contextlib.redirect_stdout(out):
            main([*words, "--help"])
    except SystemExit as exc:
        assert exc.code == 0, f"--help of {words} exited {exc.code}"
    assert "usage:" in out.getvalue(), f"--help of {words} printed no usage"
"""


class ProofError(RuntimeError):
    """A step of the proof failed in the staged tree; the working tree was not touched."""

    def __init__(self, step: str, output: str) -> None:
        super().__init__(
            f"{step} failed in the staged tree (the working tree is unchanged):\n{output[-4000:]}"
        )
        self.step = step
        self.output = output


@contextmanager
def staged(root: Path) -> Iterator[Path]:
    """A copy of the repository at ``root`` (``SKIPPED`` left out), removed on exit."""
    with tempfile.TemporaryDirectory(prefix="docs-sync-") as work:
        tree = Path(work) / "tree"
        shutil.copytree(root, tree, ignore=shutil.ignore_patterns(*SKIPPED), symlinks=True)
        yield tree


def _environment(tree: Path) -> dict[str, str]:
    paths = [tree / "generated_client", tree / "overrides", tree / "sandbox"]
    return {**os.environ, "PYTHONPATH": os.pathsep.join(map(str, paths)), "PYTHONDONTWRITEBYTECODE": "1"}


def prove(tree: Path, *, python: str = sys.executable, log: Callable[[str], None] | None = None) -> None:
    """The drift gate, the import, every CLI command's ``--help`` and the fast tests, in ``tree``;
    raises ``ProofError`` at the first step that fails."""
    env = _environment(tree)
    steps = [
        ("drift gate", [[python, str(tree / "generator" / "check_generated.py")]]),
        ("import and CLI --help", [[python, "-c", CLI_HELP, str(tree)]]),
        (  # one pytest process per file, side by side
            "fast tests",
            [[python, "-m", "pytest", "-q", "-x", "-p", "no:cacheprovider", test] for test in FAST_TESTS],
        ),
    ]
    for step, commands in steps:
        running = [
            subprocess.Popen(
                c, cwd=tree, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
            )
            for c in commands
        ]
        outputs = [process.communicate()[0] for process in running]
        if any(process.returncode != 0 for process in running):
            raise ProofError(step, "\n".join(outputs))
        if log is not None:
            log(f"proved: {step}")


def _files(base: Path, part: str) -> dict[str, Path]:
    top = base / part
    if top.is_file():
        return {part: top}
    found: dict[str, Path] = {}
    for path in top.rglob("*") if top.is_dir() else ():
        if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc":
            found[path.relative_to(base).as_posix()] = path
    return found


@dataclass(frozen=True)
class Changes:
    """Files of ``MANAGED`` that differ between the working tree and the staged tree."""

    written: dict[str, Path]  # relative path -> the staged file holding its new content
    removed: list[str]


def changed_files(root: Path, tree: Path) -> Changes:
    written: dict[str, Path] = {}
    removed: list[str] = []
    for part in MANAGED:
        before, after = _files(root, part), _files(tree, part)
        for name, path in after.items():
            if name not in before or before[name].read_bytes() != path.read_bytes():
                written[name] = path
        removed += sorted(before.keys() - after.keys())
    return Changes(written, removed)


def swap_in(root: Path, changes: Changes) -> None:
    """Write ``changes`` into ``root``: every new content first lands beside its target, then all are
    renamed over their targets; an error before the renames removes what was written."""
    pending: list[tuple[Path, Path]] = []
    created: list[Path] = []
    try:
        for name, source in changes.written.items():
            target = root / name
            missing = [d for d in (target.parent, *target.parent.parents) if not d.exists()]
            target.parent.mkdir(parents=True, exist_ok=True)
            created += reversed(missing)
            aside = target.with_name(f".{target.name}.docs-sync")
            shutil.copyfile(source, aside)
            shutil.copymode(source, aside)
            pending.append((aside, target))
    except BaseException:
        for aside, _ in pending:
            aside.unlink(missing_ok=True)
        for directory in reversed(created):
            directory.rmdir()
        raise
    for aside, target in pending:
        os.replace(aside, target)
    for name in changes.removed:
        (root / name).unlink()
