"""Two distributions: the SDK wheel (client, runtime, generated registry; no sandbox, no pytest plugin)
and the sandbox wheel (server, pytest fixture, demo). Built with the one backend and installed into a
clean virtual environment beside an unrelated project's tests."""

from __future__ import annotations

import re
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest
from support import ROOT


def _build(source: Path, out: Path) -> Path:
    build = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out), str(source)],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert build.returncode == 0, build.stderr[-2000:]
    (wheel,) = out.glob("*.whl")
    return wheel


def _metadata(archive: zipfile.ZipFile, name: str) -> str:
    (path,) = [n for n in archive.namelist() if n.endswith(f".dist-info/{name}")]
    return archive.read(path).decode()


@pytest.fixture(scope="module")
def sdk_wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _build(ROOT, tmp_path_factory.mktemp("sdk"))


def test_the_sdk_wheel_carries_the_client_and_no_sandbox(sdk_wheel: Path, tmp_path: Path) -> None:
    with zipfile.ZipFile(sdk_wheel) as archive:
        names = set(archive.namelist())
        metadata = _metadata(archive, "METADATA")
        entry_points = _metadata(archive, "entry_points.txt")
        archive.extractall(tmp_path / "site")
    for package in ("multimarkets_bridge", "multimarkets_bridge_client"):
        assert f"{package}/py.typed" in names
    assert not any(name.startswith("multimarkets_bridge_sandbox/") for name in names)
    assert not any("tests/" in name or name.startswith("generator/") for name in names)
    assert "pytest11" not in entry_points  # installing the SDK changes no one's test run
    assert "License-Expression: Apache-2.0" in metadata
    assert any(name.endswith(".dist-info/licenses/LICENSE") for name in names)
    assert "Classifier: Programming Language :: Python :: 3.13" in metadata
    assert "Requires-Python: >=3.11" in metadata
    assert "Project-URL: " in metadata
    assert "Provides-Extra: dev" not in metadata  # the tools are a dependency group, never published
    assert_self_contained_index_page(metadata, "pip install multimarkets-bridge")
    probe = "import multimarkets_bridge as m; print(len(m.OPERATIONS))"
    run = subprocess.run(
        [sys.executable, "-c", probe],
        env={"PYTHONPATH": str(tmp_path / "site")},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert run.returncode == 0, run.stderr[-2000:]
    assert run.stdout.split() == ["18"]


def test_the_sandbox_wheel_carries_the_fixture_and_pins_the_sdk(tmp_path: Path) -> None:
    wheel = _build(ROOT / "sandbox", tmp_path)
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        metadata = _metadata(archive, "METADATA")
        entry_points = _metadata(archive, "entry_points.txt")
    assert "multimarkets_bridge_sandbox/py.typed" in names
    assert not any(name.startswith("multimarkets_bridge/") for name in names)
    assert "multimarkets_bridge_sandbox = multimarkets_bridge_sandbox.pytest_plugin" in entry_points
    assert "local = multimarkets_bridge_sandbox.server:local_client_settings" in entry_points
    version = next(line.split(": ", 1)[1] for line in metadata.splitlines() if line.startswith("Version: "))
    assert f"Requires-Dist: multimarkets-bridge[webhooks]=={version}" in metadata
    assert_self_contained_index_page(metadata, "pip install multimarkets-bridge-sandbox")


def assert_self_contained_index_page(metadata: str, install: str) -> None:
    """The long description (the package index's page) stands alone: every link absolute, no
    checkout or contributor instructions, the install command a user types."""
    head, _, description = metadata.partition("\n\n")
    assert "Description-Content-Type: text/markdown" in head
    assert install in description
    links = re.findall(r"\]\(([^)]+)\)|<(https?://[^>]+)>", description)
    assert links  # at least the vendor's API documentation
    for target in (a or b for a, b in links):
        assert target.startswith("https://"), target  # a relative link breaks on the index
    for checkout_only in ("pip install .", "pip install ./", "nox", ".venv", "CONTRIBUTING"):
        assert checkout_only not in description, checkout_only


UNRELATED_TEST = """
def test_unrelated():
    assert 1 + 1 == 2
"""


@pytest.mark.slow
def test_an_unrelated_project_with_the_sdk_installed_runs_its_tests_unchanged(
    sdk_wheel: Path, tmp_path: Path
) -> None:
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    python = env_dir / "bin" / "python"
    install = subprocess.run(
        [str(python), "-m", "pip", "install", "-q", str(sdk_wheel), "pytest==9.2.0"],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert install.returncode == 0, install.stderr[-2000:]
    project = tmp_path / "service"
    project.mkdir()
    (project / "test_service.py").write_text(UNRELATED_TEST, encoding="utf-8")
    run = subprocess.run(
        [str(python), "-m", "pytest", "-q", "-p", "no:cacheprovider", "--trace-config"],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert run.returncode == 0, run.stdout[-2000:] + run.stderr[-2000:]
    assert "1 passed" in run.stdout
    assert "multimarkets" not in run.stdout.lower()  # no plugin of ours was loaded
