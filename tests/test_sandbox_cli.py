"""``python -m multimarkets_bridge_sandbox``: issue a key, serve it, keep state across restarts."""

from __future__ import annotations

import json
import os
import shlex
import stat
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest
from conftest import register_secret
from multimarkets_bridge import BridgeClient, OutcomeUnknownError, RegisterSource
from multimarkets_bridge_sandbox import free_port


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "multimarkets_bridge_sandbox", *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@contextmanager
def serving(keys: Path, db: Path, *extra: str, kill: bool = False) -> Iterator[str]:
    with serving_with("--keys", str(keys), "--db", str(db), *extra, kill=kill) as base_url:
        yield base_url


@contextmanager
def serving_with(*cli_args: str, port: int | None = None, kill: bool = False) -> Iterator[str]:
    port = port or free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "multimarkets_bridge_sandbox", "--port", str(port), *cli_args],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"http://127.0.0.1:{port}/health", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.1)
        else:
            raise AssertionError("the sandbox process did not come up")
        yield f"http://127.0.0.1:{port}/webhook"
    finally:
        process.kill() if kill else process.terminate()  # kill: SIGKILL, no chance to flush anything
        process.wait(timeout=10)


def test_a_shared_sandbox_keeps_keys_state_and_platform_key_across_restarts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    state = tmp_path / "shared-sandbox"
    port = free_port()
    issued = run_cli("--state-dir", str(state), "--port", str(port), "create-key", "--company-id", "362")
    assert issued.returncode == 0, issued.stderr
    exports = dict(  # every variable a client needs, as a shell would read the lines
        item.split("=", 1)
        for line in issued.stdout.splitlines()
        if line.startswith("export ")
        for item in shlex.split(line.removeprefix("export "))
    )
    secret_file = Path(exports.pop("MULTIMARKETS_SECRET_KEY").removeprefix("$(cat ").removesuffix(")"))
    env = {**exports, "MULTIMARKETS_SECRET_KEY": register_secret(secret_file.read_text())}
    assert env["MULTIMARKETS_BASE_URL"] == f"http://127.0.0.1:{port}/webhook"
    assert stat.S_IMODE(os.stat(state / "platform-key.json").st_mode) == 0o600
    published = (state / "platform-public-key.txt").read_text().strip()
    keys_seen, numbers = [], []
    for _restart in range(2):
        with serving_with("--state-dir", str(state), port=port) as base_url:
            keys_seen.append(httpx.get(base_url.removesuffix("/webhook") + "/sandbox/platform-key").json())
            for name, value in env.items():
                monkeypatch.setenv(name, value)
            with BridgeClient.from_env() as client:  # the printed exports alone reach this sandbox
                numbers.append([r.customer_no for r in client.list_customers().records])
                client.register_customer(
                    phone=f"1320000050{_restart}", pwd="dc483e80a7a0bd9ef71d8cf973673924",
                    country="CN", register_source=RegisterSource.OTHER, customer_group_id=1,
                )  # fmt: skip
    assert keys_seen[0]["publicKey"] == keys_seen[1]["publicKey"] == published  # receivers keep working
    assert numbers[0] == []
    assert len(numbers[1]) == 1  # the state survived the restart


def test_create_key_serve_and_restart(tmp_path: Path) -> None:
    keys = tmp_path / "keys" / "keys.json"
    issued = run_cli("--keys", str(keys), "create-key", "--company-id", "361")
    assert issued.returncode == 0, issued.stderr
    record = json.loads(keys.read_text())["keys"][0]
    assert set(record) == {"apiKey", "companyId", "publicKey"}
    secret_file = keys.parent / f"{record['apiKey']}.secret"
    assert stat.S_IMODE(os.stat(secret_file).st_mode) == 0o600
    secret = register_secret(secret_file.read_text())
    assert secret not in issued.stdout
    assert record["apiKey"] in issued.stdout

    db = tmp_path / "state.sqlite"
    options = {"api_key": record["apiKey"], "secret_key": secret, "company_id": 361}
    with serving(keys, db) as base_url, BridgeClient(base_url=base_url, **options) as client:
        number = client.register_customer(
            email="cli@example.com",
            pwd="dc483e80a7a0bd9ef71d8cf973673924",
            country="CN",
            register_source=RegisterSource.OTHER,
            customer_group_id=1,
        )
    fault = ("--fault", "register_customer:html_5xx:after:always")  # processed, then a proxy error page
    with serving(keys, db, *fault) as base_url, BridgeClient(base_url=base_url, **options) as client:
        page = client.list_customers()
        with pytest.raises(OutcomeUnknownError) as unknown:
            client.register_customer(
                email="cli2@example.com",
                pwd="dc483e80a7a0bd9ef71d8cf973673924",
                country="CN",
                register_source=RegisterSource.OTHER,
                customer_group_id=1,
            )
        assert unknown.value.http_status == 502
        assert len(client.list_customers().records) == 2  # it was applied: never sent twice
    assert [r.customer_no for r in page.records] == [number]
    bad = run_cli("--fault", "place_order:explode")
    assert bad.returncode == 2
    assert "unknown fault kind 'explode'" in bad.stderr


def test_every_answered_write_survives_kill_9(tmp_path: Path) -> None:
    keys = tmp_path / "keys.json"
    assert run_cli("--keys", str(keys), "create-key").returncode == 0
    record = json.loads(keys.read_text())["keys"][0]
    secret = register_secret((tmp_path / f"{record['apiKey']}.secret").read_text())
    options = {"api_key": record["apiKey"], "secret_key": secret, "company_id": 360, "max_retries": 0}
    db = tmp_path / "state.sqlite"
    answered = []
    with serving(keys, db, kill=True) as base_url, BridgeClient(base_url=base_url, **options) as client:
        for n in range(25):
            answered.append(
                client.register_customer(
                    phone=f"1320000{n:04d}",
                    pwd="dc483e80a7a0bd9ef71d8cf973673924",
                    country="CN",
                    register_source=RegisterSource.OTHER,
                    customer_group_id=1,
                )
            )
        client.subscribe_webhook(api_key=record["apiKey"], webhook_url="https://hooks.example/bridge")
    with serving(keys, db) as base_url, BridgeClient(base_url=base_url, **options) as client:
        page = client.list_customers(size="100")
    assert [r.customer_no for r in page.records] == answered


def test_a_busy_port_is_refused_before_any_url_is_announced() -> None:
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        run = subprocess.run(
            [sys.executable, "-m", "multimarkets_bridge_sandbox", "--port", str(port)],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
    assert run.returncode == 1
    assert f"cannot serve on 127.0.0.1:{port}" in run.stderr
    assert "http://" not in run.stderr
