"""The pytest plugin works as documented, and the README commands are the ones CI runs."""

from __future__ import annotations

import json
import os
import re
import shlex
import subprocess
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from conftest import SECRETS
from multimarkets_bridge import NotFoundError, RegisterSource
from multimarkets_bridge_sandbox.pytest_plugin import BridgeSandbox
from support import ROOT


class TestFaultsThroughTheFixture:
    @pytest.fixture
    def bridge_sandbox_options(self) -> dict[str, Any]:
        return {"seed": 7, "faults": ["list_customers:truncated_json:after:1"]}

    def test_faults_from_fixture_options(self, bridge_sandbox: BridgeSandbox) -> None:
        assert bridge_sandbox.client.list_customers().total == 0  # garbled once, the read is retried
        seen = [r.fault for r in bridge_sandbox.sandbox.faults.requests if r.operation_id == "list_customers"]
        assert seen == ["truncated_json", None]


def test_bridge_sandbox_fixture(bridge_sandbox: BridgeSandbox) -> None:
    number = bridge_sandbox.client.register_customer(
        phone="13200000001",
        pwd="dc483e80a7a0bd9ef71d8cf973673924",
        country="CN",
        register_source=RegisterSource.H5,
        customer_group_id=1,
    )
    assert bridge_sandbox.client.list_customers().records[0].customer_no == number
    assert bridge_sandbox.sandbox.state.customers[0].customer_no == number
    assert bridge_sandbox.base_url.startswith("http://127.0.0.1:")
    assert bridge_sandbox.sandbox.state.subscriptions == {
        bridge_sandbox.credentials.api_key: bridge_sandbox.receiver.url
    }
    assert bridge_sandbox.notifications() == []


def test_readme_test_command_is_what_ci_runs() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    commands = re.findall(r"```bash\n(python3 -m venv .+?)\n```", readme)
    assert len(commands) == 2, "the README shows exactly two set-up commands"
    demo, tests = commands
    assert demo.endswith("nox -s demo")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").strip().splitlines()
    assert ci[-1] == tests


def test_readme_example_runs_against_the_sandbox(
    sandbox_as_live: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    example = re.findall(r"```python\n(.+?)```", readme, re.S)[0]
    for feature in (
        "current=1, size=20",
        "Decimal(",
        "register_source=3",
        "client.paginate.",
        "with_options(",
        "resolve_outcome(exc, PlaceOrderResult)",
    ):
        assert feature in example
    exec(compile(example, "README.md", "exec"), {})  # noqa: S102 - the README's own example
    out = capsys.readouterr().out
    balances = dict(line.split()[1:] for line in out.splitlines() if line.startswith("balance "))
    assert Decimal(balances["USDT"]) > 0  # the sandbox seeds the linked account
    placed = next(line for line in out.splitlines() if line.startswith("placed "))
    assert placed.endswith(" 1 1")  # one customer listed, one walked
    (order,) = sandbox_as_live.state.orders
    assert (order.price, order.num, order.direction) == ("30000", "0.001", 1)


def test_readme_opentelemetry_hook_example_emits_one_span_per_attempt(sandbox_as_live: Any) -> None:
    from opentelemetry import trace
    from opentelemetry.sdk.trace import TracerProvider
    from opentelemetry.sdk.trace.export import SimpleSpanProcessor
    from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

    exporter = InMemorySpanExporter()
    provider = TracerProvider()
    provider.add_span_processor(SimpleSpanProcessor(exporter))
    trace.set_tracer_provider(provider)  # the example asks the global API for its tracer
    page = (ROOT / "docs" / "getting-started.md").read_text(encoding="utf-8")
    (example,) = [
        block for block in re.findall(r"```python\n(.+?)```", page, re.S) if "opentelemetry" in block
    ]
    namespace: dict[str, Any] = {}
    exec(compile(example, "getting-started.md", "exec"), namespace)  # noqa: S102 - the docs' own example
    with namespace["client"] as client:
        listed = client.with_raw_response.list_customers()
        with pytest.raises(NotFoundError) as missing:
            client.get_customer_details(customer_no="99999999")
    ok, failed = exporter.get_finished_spans()
    assert ok.name == "bridge list_customers"
    assert ok.attributes is not None
    assert dict(ok.attributes) == {"bridge.trace": listed.trace, "bridge.attempt": 1, "http.status_code": 200}
    assert failed.name == "bridge get_customer_details"
    assert failed.attributes is not None
    assert failed.attributes["bridge.trace"] == missing.value.trace
    assert [event.name for event in failed.events] == ["exception"]
    exported = "".join(span.to_json() for span in (ok, failed))
    key = os.environ["MULTIMARKETS_API_KEY"]
    assert key not in exported
    assert not [secret for secret in SECRETS if secret in exported]


def test_readme_command_lines_run_against_the_sandbox(sandbox_as_live: Any) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    lines = [
        line.split("  #")[0].strip()
        for line in readme.splitlines()
        if line.startswith("multimarkets-bridge ")
    ]
    assert len(lines) == 2
    script = Path(sys.executable).with_name("multimarkets-bridge")  # the console script of this install
    for line in lines:
        done = subprocess.run(
            [str(script), *shlex.split(line)[1:]], capture_output=True, text=True, check=False
        )
        assert done.returncode == 0, done.stderr
        assert isinstance(json.loads(done.stdout), dict | list)


def test_performance_table_is_rendered_from_the_last_bench_run() -> None:
    """No hand-typed numbers: the docs' table is exactly what benchmarks/performance_page.py makes of
    benchmarks/last-run.json, and that run has every figure the performance issue names."""
    import json
    import sys

    sys.path.insert(0, str(ROOT / "benchmarks"))
    import performance_page

    report = json.loads((ROOT / "benchmarks" / "last-run.json").read_text(encoding="utf-8"))
    text = (ROOT / "docs" / "performance.md").read_text(encoding="utf-8")
    assert performance_page.section(text) == performance_page.render(report)
    assert set(report["figures"]) >= {
        "unwrap_ratio_20", "unwrap_ratio_500", "call_overhead_ratio_1", "call_overhead_ratio_20",
        "sign_ratio", "import_ratio", "fixture_ms", "sqlite_write_ms_10k", "async_conc32_ratio",
        "sandbox_rps", "webhook_floor_ratio", "regen_s", "pytest_startup_ratio",
    }  # fmt: skip
    assert all(isinstance(report[key], float | int) for key in report["figures"])
