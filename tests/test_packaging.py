"""One wheel carries the SDK, the generated client (with its spec) and the sandbox, all typed."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

from support import ROOT


def test_wheel_contents_and_imports_from_the_wheel_alone(tmp_path: Path) -> None:
    build = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path), str(ROOT)],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert build.returncode == 0, build.stderr[-2000:]
    (wheel,) = tmp_path.glob("multimarkets_bridge-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        archive.extractall(tmp_path / "site")
    for package in ("multimarkets_bridge", "multimarkets_bridge_client", "multimarkets_bridge_sandbox"):
        assert f"{package}/py.typed" in names
    assert "multimarkets_bridge_client/spec.json" in names
    assert not any("tests/" in name or name.startswith("generator/") for name in names)
    probe = (
        "import multimarkets_bridge, multimarkets_bridge_client, multimarkets_bridge_sandbox;"
        "print(multimarkets_bridge_client.__file__); print(len(multimarkets_bridge.OPERATIONS))"
    )
    run = subprocess.run(
        [sys.executable, "-c", probe],
        env={"PYTHONPATH": str(tmp_path / "site")},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert run.returncode == 0, run.stderr[-2000:]
    location, count = run.stdout.split()
    assert location.startswith(str(tmp_path / "site"))
    assert count == "18"
