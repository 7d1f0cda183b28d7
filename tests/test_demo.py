"""The main job's flow (``nox -s demo``), locally and in ``--live`` mode against a base URL."""

from __future__ import annotations

import os
from typing import Any

import pytest
from multimarkets_bridge_sandbox.demo import main


def test_local_demo_runs_the_whole_flow(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([]) == 0
    out = capsys.readouterr().out
    for step in (
        "registered customer",
        "linked accounts",
        "market order",
        "limit order",
        "cancelled",
        "fill ",
    ):
        assert step in out
    assert out.count("signature=verified") == 4
    assert "demo finished: OK" in out


def test_live_demo_needs_credentials(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    for name in (
        "MULTIMARKETS_API_KEY",
        "MULTIMARKETS_SECRET_KEY",
        "MULTIMARKETS_COMPANY_ID",
        "MULTIMARKETS_BASE_URL",
    ):
        monkeypatch.delenv(name, raising=False)
    assert main(["--live"]) == 2
    assert "MULTIMARKETS_API_KEY" in capsys.readouterr().err


def test_live_demo_reads_without_writing(sandbox_as_live: Any, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--live"]) == 0
    out = capsys.readouterr().out
    assert "customers" in out
    assert os.environ["MULTIMARKETS_SECRET_KEY"] not in out
    assert sandbox_as_live.state.customers == []  # nothing was written
