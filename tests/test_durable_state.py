"""The send journal on a real host: restarts after wall-clock steps, several processes on one folder,
a journal that cannot be written or read, and fake clocks kept apart (issue 30, items 1-4).

Every application here is a real process against the rate-limited sandbox in its own process
(``limited``: 40 calls per 4 s window); wall-clock steps are injected into the restarted process by
shifting its ``time.time`` before the SDK is imported (the host clock as the process sees it).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from conftest import KeyPair
from multimarkets_bridge import BridgeClient, CoordinatorError, RateBudget, ThrottledError
from multimarkets_bridge.coordination import InProcessCoordinator, pacing_clock, scope_for
from multimarkets_bridge.journal import JournalError
from test_client import API_KEY, echo, make_client
from test_concurrency import LIMIT, WINDOW, LimitedPlatform, limited  # noqa: F401 - a fixture

APP = """
import json, resource, signal, sys, time
settings = json.loads(sys.argv[1])
real_time = time.time
step = settings.pop("step")
time.time = lambda: real_time() + step  # the host's clock, stepped since the last run
if settings.pop("fsize", None):  # a disk that fills up after start-up
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
from multimarkets_bridge import BridgeClient, CoordinatorError, RateBudget
import multimarkets_bridge.journal as journal
from multimarkets_bridge.coordination import pacing_clock
journal.COMPACT_BYTES = settings.pop("compact_bytes", journal.COMPACT_BYTES)
budget = RateBudget(**settings.pop("budget"))
calls = settings.pop("calls")
fsize = settings.pop("fsize_after", None)
longest, sent = 0.0, 0
with BridgeClient(**settings, rate_budget=budget, max_retries=0, clock=real_time,
                  monotonic_clock=pacing_clock) as client:
    if fsize is not None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (fsize, fsize))
    for _ in range(calls):
        started = time.monotonic()
        try:
            client.list_customers(size="1")
        except CoordinatorError as error:
            print(json.dumps({"refused": type(error).__name__, "message": str(error), "sent": sent}))
            sys.exit(0)
        longest, sent = max(longest, time.monotonic() - started), sent + 1
print(json.dumps({"done": calls, "longest": longest}), flush=True)
"""

BUDGET = {"limit": LIMIT, "window": WINDOW, "margin": 0.05, "skew": 0.2}


def _run(
    script: Path,
    platform: LimitedPlatform,
    state: Path,
    calls: int,
    **extra: Any,
) -> subprocess.Popen[str]:
    settings = {
        "base_url": platform.base_url, "api_key": platform.api_key, "secret_key": platform.secret_key,
        "company_id": platform.company_id, "calls": calls, "budget": BUDGET, "step": 0.0, **extra,
    }  # fmt: skip
    env = {**os.environ, "MULTIMARKETS_STATE_DIR": str(state)}
    return subprocess.Popen(
        [sys.executable, str(script), json.dumps(settings)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
    )  # fmt: skip


def _result(process: subprocess.Popen[str]) -> dict[str, Any]:
    out, err = process.communicate(timeout=120)
    assert process.returncode == 0, err[-3000:]
    result: dict[str, Any] = json.loads(out.strip().splitlines()[-1])
    return result


@pytest.fixture
def app(tmp_path: Path) -> Path:
    script = tmp_path / "app.py"
    script.write_text(APP, encoding="utf-8")
    return script


BURST = int(LIMIT * 0.95)


@pytest.mark.slow
@pytest.mark.parametrize("step", [-24 * 3600.0, -1800.0, 3600.0, 24 * 3600.0])
def test_a_restart_after_a_wall_clock_step_is_neither_banned_nor_frozen(
    limited: LimitedPlatform,  # noqa: F811
    app: Path,
    tmp_path: Path,
    step: float,
) -> None:
    state = tmp_path / "state"
    assert _result(_run(app, limited, state, BURST))["done"] == BURST
    restarted = _result(_run(app, limited, state, 10, step=step))  # right after, on a stepped clock
    assert restarted["done"] == 10
    assert restarted["longest"] < WINDOW + 1.5, restarted  # never longer than one rate window
    assert limited.rate_report() == {"bans": 0, "warned": 0}


@pytest.mark.slow
def test_two_processes_on_one_folder_share_one_budget_and_keep_each_others_records(
    limited: LimitedPlatform,  # noqa: F811
    app: Path,
    tmp_path: Path,
) -> None:
    state = tmp_path / "state"
    # small files: both compact many times while the other writes
    first, second = (_run(app, limited, state, 30, compact_bytes=1_000) for _ in range(2))
    assert _result(first)["done"] == _result(second)["done"] == 30  # 60 in all: over one window
    assert limited.rate_report() == {"bans": 0, "warned": 0}
    # and a third process, started right after, counts both writers' last window
    third = _result(_run(app, limited, state, BURST))
    assert third["done"] == BURST
    assert third["longest"] > 0.5  # it waited for the others' window instead of bursting
    assert limited.rate_report() == {"bans": 0, "warned": 0}


@pytest.mark.slow
def test_a_disk_that_fills_after_start_up_stops_calls_before_sending(
    limited: LimitedPlatform,  # noqa: F811
    app: Path,
    tmp_path: Path,
) -> None:
    state = tmp_path / "state"
    result = _result(_run(app, limited, state, 20, fsize=True, fsize_after=200))
    assert result["refused"] == "JournalError", result
    assert str(state) in result["message"]
    assert "MULTIMARKETS_STATE_DIR" in result["message"]
    journal = (state / f"{scope_for(limited.base_url, limited.api_key)}.sends").read_text()
    assert limited.rate_report() == {"bans": 0, "warned": 0}
    # every call that was sent is in the journal; the one whose record did not fit never left
    assert 1 <= result["sent"] == journal.count("\n") < 20


BASE_URL = "http://bridge.test/webhook"
PAGE = {"current": 1, "size": 1, "total": 0, "records": []}


def _client(key_pair: KeyPair, journal: Path | None, **options: Any) -> BridgeClient:
    """A client on the host's real clocks (the journal's case) over a recording transport."""
    options = {"coordinator": InProcessCoordinator(journal), "clock": time.time,
               "monotonic_clock": pacing_clock, "sleep": time.sleep, **options}  # fmt: skip
    return make_client(key_pair, echo(PAGE), **options)[0]


def _scope_file(journal: Path, suffix: str = ".sends", api_key: str = API_KEY) -> Path:
    return journal / f"{scope_for(BASE_URL, api_key)}{suffix}"


@pytest.mark.parametrize(
    "damage",
    ["parent-is-a-file", "journal-is-a-folder", "journal-is-a-device", "lock-is-a-folder"],
)
def test_a_journal_that_cannot_be_used_is_a_typed_error_when_the_client_is_built(
    key_pair: KeyPair, tmp_path: Path, damage: str
) -> None:
    journal = tmp_path / "journal"
    journal.mkdir()
    if damage == "parent-is-a-file":
        (tmp_path / "file").write_text("x")
        journal = tmp_path / "file" / "journal"
    elif damage == "journal-is-a-folder":
        _scope_file(journal).mkdir()
    elif damage == "journal-is-a-device":
        _scope_file(journal).symlink_to("/dev/zero")  # endless bytes
    else:
        _scope_file(journal, ".lock").mkdir()
    started = time.monotonic()
    with pytest.raises(JournalError) as info:
        _client(key_pair, journal)
    assert time.monotonic() - started < 1.0
    assert isinstance(info.value, CoordinatorError)
    assert str(info.value.path).startswith(str(journal))
    assert "MULTIMARKETS_STATE_DIR" in str(info.value)
    _client(key_pair, None).close()  # the explicit opt-out builds


def test_a_huge_or_corrupt_journal_is_discarded_with_a_reason_and_guards_the_window(
    key_pair: KeyPair, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    import resource

    journal = tmp_path / "journal"
    journal.mkdir()
    with _scope_file(journal).open("wb") as huge:
        huge.truncate(4 << 30)  # 4 GiB of zero bytes (sparse)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.monotonic()
    budget = RateBudget(limit=20, window=60.0)
    with _client(key_pair, journal, rate_budget=budget) as client:
        for _ in range(budget.guarded_calls):
            client.list_customers(size=1, timeout=1.0)  # the margin is allowed at once
        with pytest.raises(ThrottledError):  # the rest of the window is taken as spent
            client.list_customers(size=1, timeout=1.0)
    assert time.monotonic() - started < 1.0
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before < 20_000  # kB: a few MB at most
    assert any("discarded" in record.getMessage() for record in caplog.records)


def test_a_fake_clock_never_writes_to_the_hosts_journal(key_pair: KeyPair) -> None:
    from multimarkets_bridge.coordination import default_journal_dir

    directory = default_journal_dir()
    assert directory is not None
    # the process-wide default coordinator in both cases: only the clock differs
    with make_client(key_pair, echo(PAGE), api_key="fake-clock-key", coordinator=None)[0] as fake:
        fake.list_customers(size=1)
    with _client(key_pair, None, api_key="real-clock-key", coordinator=None) as real:
        real.list_customers(size=1)
    assert not _scope_file(directory, api_key="fake-clock-key").exists()
    assert _scope_file(directory, api_key="real-clock-key").read_text().count("\n") == 1
