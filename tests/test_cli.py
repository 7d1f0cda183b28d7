"""The command line: a subcommand per spec operation, run as real processes against the sandbox."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import attrs
import pytest
from multimarkets_bridge.cli import main
from multimarkets_bridge.operation import body_model
from multimarkets_bridge_client.facade import OPERATIONS
from multimarkets_bridge_sandbox.pytest_plugin import BridgeSandbox
from support import funded_trading_account, live_env

SCRIPT = Path(sys.executable).with_name("multimarkets-bridge")


def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "multimarkets_bridge", *args],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, **(env or {})},
        timeout=60,
    )


@pytest.fixture
def env(bridge_sandbox: BridgeSandbox) -> dict[str, str]:
    creds = bridge_sandbox.credentials
    return live_env(bridge_sandbox.base_url, creds.api_key, creds.secret_key)


@pytest.mark.parametrize("op_id", sorted(OPERATIONS))
def test_every_subcommand_help_renders_its_fields(op_id: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as done:
        main([op_id.replace("_", "-"), "--help"])
    assert done.value.code == 0
    text = capsys.readouterr().out
    assert f"usage: multimarkets-bridge {op_id.replace('_', '-')}" in text
    for field in attrs.fields(body_model(OPERATIONS[op_id])):
        if field.init:
            assert "--" + field.name.replace("_", "-") in text, field.name


def test_enum_options_list_their_values_and_meanings(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["place-order", "--help"])
    text = " ".join(capsys.readouterr().out.split())
    assert "--direction {1|BUY,2|SELL}" in text
    assert "1=buy; 2=sell" in text


@pytest.mark.parametrize(
    ("words", "biz_type", "direction"),
    [
        (["--biz-type", "2", "--direction", "1"], "LIMIT", "BUY"),
        (["--biz-type", "LIMIT", "--direction", "BUY"], "LIMIT", "BUY"),
        (["--biz-type", "market", "--direction", "Sell"], "MARKET", "SELL"),
    ],
)
def test_enum_options_take_codes_or_names(words: list[str], biz_type: str, direction: str) -> None:
    from multimarkets_bridge.cli import build_parser

    base = ["place-order", "--exchange-id", "BINANCE", "--account-name", "a", "--customer-no", "1"]
    args = build_parser().parse_args([*base, "--customer-group-id", "1", "--symbol-id", "1", *words])
    assert (args.biz_type.name, args.direction.name, args.exchange_id.value) == (
        biz_type,
        direction,
        "binance",
    )


def test_results_show_enum_names_beside_codes(bridge_sandbox: BridgeSandbox, env: dict[str, str]) -> None:
    client = bridge_sandbox.client
    selector = funded_trading_account(bridge_sandbox, "13200000402")
    number = selector.customer_no
    account = ["--exchange-id", "binance", "--account-name", "main", "--customer-no", number]
    account += ["--customer-group-id", "1", "--symbol-id", "1"]
    placed = run("--compact", "place-order", *account, "--biz-type", "LIMIT", "--direction", "BUY",
                 "--price", "1000", "--num", "0.01", "--client-order-id", "cli1", env=env)  # fmt: skip
    assert placed.returncode == 0, placed.stderr
    answer = json.loads(placed.stdout)
    assert answer["statusName"] == _status_name(answer["status"])
    found = json.loads(run("query-order", *account, "--client-order-id", "cli1", env=env).stdout)
    typed = client.query_order(account=selector, symbol_id=1, client_order_id="cli1")
    assert typed.status is not None
    assert (found["status"], found["statusName"]) == (typed.status.value, typed.status.name)
    assert {k: v for k, v in found.items() if not k.endswith("Name")} == typed.to_dict()


def _status_name(code: str) -> str:
    from multimarkets_bridge import OrderStatus

    return OrderStatus(code).name


def test_a_closed_output_pipe_ends_quietly() -> None:
    reader, writer = os.pipe()
    os.close(reader)  # the reader is gone before anything is written (as `| head` after its lines)
    done = subprocess.run(
        [sys.executable, "-m", "multimarkets_bridge", "--sandbox", "list-products"],
        stdout=writer, stderr=subprocess.PIPE, text=True, check=False, timeout=120,
    )  # fmt: skip
    os.close(writer)
    assert done.returncode == 141
    assert "Traceback" not in done.stderr
    assert "BrokenPipeError" not in done.stderr


def test_a_call_round_trips_against_the_sandbox(bridge_sandbox: BridgeSandbox, env: dict[str, str]) -> None:
    client = bridge_sandbox.client
    number = client.register_customer(
        phone="13200000401",
        pwd="dc483e80a7a0bd9ef71d8cf973673924",
        country="CN",
        register_source=3,
        customer_group_id=1,
    )
    done = run("list-customers", "--current", "1", "--size", "5", env=env)
    assert done.returncode == 0, done.stderr
    printed = json.loads(done.stdout)
    for record in printed["records"]:  # an enum value is printed with its member's name beside it
        assert record.pop("statusName") == "NORMAL"
    assert printed == client.list_customers(current=1, size=5).to_dict()
    raw = run("--raw", "--compact", "get_customer_details", "--customer-no", number, env=env)
    envelope = json.loads(raw.stdout)
    assert (envelope["code"], envelope["data"]["customerNo"]) == ("0", number)
    assert envelope["trace"]


def test_a_failure_exits_non_zero_with_the_typed_error(env: dict[str, str]) -> None:
    done = run("get-customer-details", "--customer-no", "99999999", env=env)
    assert done.returncode == 1
    report: dict[str, Any] = json.loads(done.stderr)
    assert (report["error"], report["code"]) == ("NotFoundError", "USCUSTOMER_API_0000003")
    assert report["trace"].startswith("t-")
    assert done.stdout == ""
    bad = run("list-customers", "--size", "0", env=env)  # the spec's minimum, checked before sending
    assert (bad.returncode, json.loads(bad.stderr)["error"]) == (1, "InvalidRequestError")
    usage = run("place-order", "--direction", "3", env=env)
    assert usage.returncode == 2
    assert "invalid choice" in usage.stderr


def test_missing_credentials_are_a_configuration_error() -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("MULTIMARKETS_")}
    done = subprocess.run(
        [sys.executable, "-m", "multimarkets_bridge", "list-products", "--company-id", "360"],
        capture_output=True,
        text=True,
        check=False,
        env=env,
        timeout=60,
    )
    assert done.returncode == 1
    assert json.loads(done.stderr)["error"] == "ConfigurationError"


def test_console_script_and_one_off_sandbox() -> None:
    done = subprocess.run(
        [str(SCRIPT), "--sandbox", "--compact", "list-products", "--company-id", "360"],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    products = json.loads(done.stdout)
    assert products
    assert {"symbolId", "symbolCode"} <= set(products[0])


def test_an_unknown_write_outcome_reports_what_settles_it(capsys: pytest.CaptureFixture[str]) -> None:
    from multimarkets_bridge import OutcomeUnknownError
    from multimarkets_bridge.cli import _fail

    error = OutcomeUnknownError("no answer", trace="t-abc", operation_id="place_order")
    error.outcome, error.client_order_id = "unknown", "mbXYZ"
    _fail(error)
    report = json.loads(capsys.readouterr().err)
    assert (report["outcome"], report["client_order_id"], report["trace"]) == ("unknown", "mbXYZ", "t-abc")
    assert report["retryable"] is False
    assert "order_id" not in report


def test_verbose_and_the_log_variable_show_each_exchange_redacted() -> None:
    import os
    import subprocess
    import sys

    command = ["-m", "multimarkets_bridge", "--sandbox", "-v", "list-products", "--company-id", "360"]
    run = subprocess.run([sys.executable, *command], capture_output=True, text=True, timeout=120, check=False)
    assert run.returncode == 0, run.stderr[-2000:]
    assert "bizType=" in run.stderr
    assert "outcome=ok" in run.stderr
    assert "signature" not in run.stderr.lower()
    quiet = {k: v for k, v in os.environ.items() if k != "MULTIMARKETS_LOG"}
    probe = "import logging, multimarkets_bridge; print(logging.getLogger('multimarkets_bridge').level)"
    levels = [
        subprocess.run(
            [sys.executable, "-c", probe], env={**quiet, **extra}, capture_output=True, text=True, check=True
        ).stdout.strip()
        for extra in ({}, {"MULTIMARKETS_LOG": "debug"}, {"MULTIMARKETS_LOG": "info"})
    ]
    assert levels == ["0", "10", "20"]


def test_bad_arguments_are_told_in_plain_words(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as bad_enum:
        main(["--sandbox", "place-order", "--direction", "7"])
    assert bad_enum.value.code == 2
    said = capsys.readouterr().err
    assert "invalid choice '7' (choose from 1|BUY=buy; 2|SELL=sell)" in said
    assert "<Direction" not in said
    with pytest.raises(SystemExit):
        main(["--sandbox", "no-such-thing"])
    said = capsys.readouterr().err
    assert "unknown operation 'no-such-thing'" in said
    assert said.count("place-order") == 1
    assert "place_order" not in said


def test_the_company_id_defaults_to_the_clients(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--sandbox", "--compact", "list-products"]) == 0
    products = json.loads(capsys.readouterr().out)
    assert products
    assert all("symbolId" in product for product in products)


def test_a_customer_can_be_registered_from_the_command_line(capsys: pytest.CaptureFixture[str]) -> None:
    # customerGroupId is a JSON number: "--customer-group-id 1" is read as one (it used to go out as text)
    argv = [
        "--sandbox", "--compact", "register-customer", "--phone", "13900000077", "--country", "CN",
        "--pwd", "dc483e80a7a0bd9ef71d8cf973673924", "--register-source", "1", "--customer-group-id", "1",
    ]  # fmt: skip
    assert main(argv) == 0
    assert json.loads(capsys.readouterr().out).startswith("86")
