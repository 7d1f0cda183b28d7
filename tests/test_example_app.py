"""The downstream example (``examples/broker_app``: every operation behind a typed service, a FastAPI
webhook app, its own tests on the ``bridge_sandbox`` fixture) passes its own test suite, run as its
authors would run it: a separate pytest process that finds the fixture through the sandbox's plugin."""

from __future__ import annotations

import re
import subprocess
import sys

from support import ROOT


def test_the_example_apps_own_suite_passes() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "examples/broker_app", "-q", "-p", "no:cacheprovider"],
        cwd=ROOT, capture_output=True, text=True, check=False, timeout=300,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]
    assert re.search(r"\b5 passed\b", done.stdout)


def test_the_example_app_calls_every_operation() -> None:
    from multimarkets_bridge import OPERATIONS

    service = (ROOT / "examples" / "broker_app" / "service.py").read_text(encoding="utf-8")
    missing = [name for name in OPERATIONS if f"client.{name}(" not in service and name != "list_customers"]
    assert missing == []
    assert "client.paginate.list_customers(" in service  # list_customers, every page
