"""The main job's flow (``nox -s demo``), locally and in ``--live`` mode against a base URL."""

from __future__ import annotations

import pytest
from conftest import register_secret
from multimarkets_bridge_sandbox import Sandbox, SandboxServer
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


def test_live_demo_is_read_only_and_needs_credentials(
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
    sandbox = Sandbox()
    credentials = sandbox.issue_key(360, key_size=1024)
    register_secret(credentials.secret_key)
    with SandboxServer(sandbox) as server:
        monkeypatch.setenv("MULTIMARKETS_BASE_URL", server.base_url)
        monkeypatch.setenv("MULTIMARKETS_API_KEY", credentials.api_key)
        monkeypatch.setenv("MULTIMARKETS_SECRET_KEY", credentials.secret_key)
        monkeypatch.setenv("MULTIMARKETS_COMPANY_ID", "360")
        assert main(["--live"]) == 0
    sandbox.close()
    out = capsys.readouterr().out
    assert "customers" in out
    assert credentials.secret_key not in out
    assert sandbox.state.customers == []  # nothing was written
