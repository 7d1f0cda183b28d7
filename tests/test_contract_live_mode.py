"""The contract suite runs unchanged against a "real" environment: here a sandbox over real sockets,
reached only through the MULTIMARKETS_* variables, exactly as a live run would be configured."""

from __future__ import annotations

import os
import subprocess
import sys

from conftest import register_secret
from multimarkets_bridge import OPERATIONS
from multimarkets_bridge_sandbox import Sandbox, SandboxServer
from support import ROOT, live_env


def test_live_mode_runs_read_only_operations_against_a_base_url() -> None:
    sandbox = Sandbox(rate_limit_per_minute=None)
    credentials = sandbox.issue_key(360, key_size=1024)
    register_secret(credentials.secret_key)
    with SandboxServer(sandbox) as server:
        env = {
            **os.environ,
            **live_env(server.base_url, credentials.api_key, credentials.secret_key),
            "MULTIMARKETS_LIVE": "1",
            "MULTIMARKETS_LIVE_RATE": "100000",
            "CONTRACT_MAX_EXAMPLES": "2",
        }
        result = subprocess.run(
            [
                sys.executable,
                "-m",
                "pytest",
                "tests/contract",
                "-q",
                "-p",
                "no:cacheprovider",
                "--show-capture=no",
            ],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )
    sandbox.close()
    tail = "\n".join(line for line in result.stdout.splitlines() if "DEBUG" not in line)[-2000:]
    assert result.returncode == 0, tail
    read_only = sum(op.read_only for op in OPERATIONS.values())
    assert f"{read_only} passed, 3 skipped" in tail  # the two stateful runs and the agreement tally
    assert "MULTIMARKETS_LIVE_WRITES" in tail
    assert credentials.secret_key not in result.stdout + result.stderr


def test_live_mode_without_credentials_skips_with_a_reason() -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("MULTIMARKETS_")}
    env["MULTIMARKETS_LIVE"] = "1"
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "tests/contract", "-q", "-rs", "-p", "no:cacheprovider"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 5 or "skipped" in result.stdout, result.stdout[-1500:]
    assert "live contract run needs MULTIMARKETS_BASE_URL" in result.stdout
