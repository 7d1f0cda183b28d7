"""What a downstream team configures: its own httpx client, default headers, typed ``from_env`` options,
log lines that follow one call across its attempts. Against the sandbox over loopback where the wire
matters (signatures are checked there as the platform checks them)."""

from __future__ import annotations

import inspect
import logging
import re
from typing import Any

import anyio
import httpx
import pytest
from conftest import KeyPair
from multimarkets_bridge import OPERATIONS, AsyncBridgeClient, BridgeClient, ConfigurationError, models
from multimarkets_bridge.client import ClientOptions
from multimarkets_bridge.coordination import InProcessCoordinator
from multimarkets_bridge_sandbox.pytest_plugin import BridgeSandbox
from support import RecordingTransport, envelope, funded_trading_account, json_response


def _settings(bridge_sandbox: BridgeSandbox) -> dict[str, Any]:
    creds = bridge_sandbox.credentials
    return {
        "api_key": creds.api_key,
        "secret_key": creds.secret_key,
        "company_id": creds.company_id,
        "base_url": bridge_sandbox.base_url,
        "rate_limit_per_minute": None,
        "coordinator": InProcessCoordinator(),
    }


def test_a_callers_http_client_is_used_signed_and_left_open(bridge_sandbox: BridgeSandbox) -> None:
    seen: list[httpx.Request] = []
    # no base_url on the caller's client: calls still go to the Bridge base URL given to the SDK
    mine = httpx.Client(event_hooks={"request": [seen.append]}, headers={"x-team": "fx-desk"})
    with BridgeClient(**_settings(bridge_sandbox), http_client=mine) as client:
        products = client.list_products()  # the sandbox checks the signature: a wrong one is refused
        assert products
    assert len(seen) == 1
    biz_type = OPERATIONS["list_products"].biz_type
    assert seen[0].url == httpx.URL(f"{bridge_sandbox.base_url}/global/{biz_type}")
    assert seen[0].headers["x-team"] == "fx-desk"  # the caller's own headers travel
    assert seen[0].headers["signature"]
    assert not mine.is_closed  # closing the SDK client leaves the caller's open
    with pytest.raises(ConfigurationError, match="unsigned"):  # it has no signing auth of its own
        _ = client.generated
    mine.get(httpx.URL(bridge_sandbox.base_url).copy_with(path="/sandbox/platform-key")).raise_for_status()
    mine.close()


def test_an_async_callers_http_client_is_used(bridge_sandbox: BridgeSandbox) -> None:
    async def run() -> None:
        seen: list[str] = []

        async def hook(request: httpx.Request) -> None:
            seen.append(request.headers["trace"])

        async with httpx.AsyncClient(event_hooks={"request": [hook]}) as mine:
            async with AsyncBridgeClient(**_settings(bridge_sandbox), http_client=mine) as client:
                assert await client.list_products()
            assert not mine.is_closed
        assert len(seen) == 1

    anyio.run(run)


def test_a_wrong_or_conflicting_http_client_is_refused(key_pair: KeyPair) -> None:
    options = {"api_key": "k", "secret_key": key_pair.secret, "company_id": 1}
    with pytest.raises(ConfigurationError, match=r"http_client must be an httpx\.Client"):
        BridgeClient(**options, http_client=httpx.AsyncClient())  # type: ignore[arg-type]
    with pytest.raises(ConfigurationError, match="either transport or http_client"):
        BridgeClient(**options, http_client=httpx.Client(), transport=httpx.MockTransport(lambda r: None))  # type: ignore[arg-type, return-value]
    closed = httpx.Client()
    closed.close()
    with pytest.raises(ConfigurationError, match="closed"):
        BridgeClient(**options, http_client=closed)


def test_default_headers_travel_with_every_call_and_cannot_replace_signed_ones(key_pair: KeyPair) -> None:
    answer = {"current": 1, "size": 1, "total": 0, "records": []}
    transport = RecordingTransport(lambda r: json_response(envelope(answer, trace=r.headers["trace"])))
    options = {"api_key": "k", "secret_key": key_pair.secret, "company_id": 1, "transport": transport}
    with BridgeClient(**options, default_headers={"X-Desk": "fx", "X-Env": "uat"}) as client:
        client.list_customers()
        client.list_customers(extra_headers={"x-env": "prod"})  # a call's own header wins
        client.with_options(max_retries=0).list_customers()  # a derived client keeps them
    first, second, third = transport.requests
    assert (first.headers["x-desk"], first.headers["x-env"]) == ("fx", "uat")
    assert (second.headers["x-desk"], second.headers["x-env"]) == ("fx", "prod")
    assert third.headers["x-desk"] == "fx"
    for bad, reason in (({"Signature": "x"}, "signed header"), ({"x-a": "b\r\nc"}, "visible ASCII")):
        with pytest.raises(ConfigurationError, match=reason):
            BridgeClient(**options, default_headers=bad)


def test_from_env_takes_the_constructors_keywords(monkeypatch: pytest.MonkeyPatch, key_pair: KeyPair) -> None:
    declared = ClientOptions.__annotations__
    options = {name: getattr(hint, "__forward_arg__", hint) for name, hint in declared.items()}
    params = dict(inspect.signature(BridgeClient.__init__).parameters)
    params.pop("self")
    # one list of options, spelt the same: a new constructor option is a new key of ClientOptions
    assert options == {name: p.annotation for name, p in params.items()}
    for name, value in {"API_KEY": "k", "SECRET_KEY": key_pair.secret, "COMPANY_ID": "7"}.items():
        monkeypatch.setenv("MULTIMARKETS_" + name, value)
    with BridgeClient.from_env(max_retries=0, default_headers={"x-a": "b"}) as client:
        assert client._core.max_retries == 0
        assert client.company_id == 7


def test_log_lines_name_the_call_and_count_its_attempts(
    key_pair: KeyPair, caplog: pytest.LogCaptureFixture
) -> None:
    answers = iter([json_response({"error": "busy"}, status=503), None])

    def respond(request: httpx.Request) -> httpx.Response:
        first = next(answers)
        return first or json_response(envelope({"current": 1, "size": 1, "total": 0, "records": []}))

    transport = RecordingTransport(respond)
    options = {"api_key": "k", "secret_key": key_pair.secret, "company_id": 1, "transport": transport}
    with (
        BridgeClient(**options, sleep=lambda s: None) as client,
        caplog.at_level(logging.DEBUG, logger="multimarkets_bridge"),
    ):
        client.list_customers()
    lines = [r.getMessage() for r in caplog.records if r.name == "multimarkets_bridge"]
    assert len(lines) == 2
    calls = {re.search(r"call=(\S+)", line).group(1) for line in lines}  # type: ignore[union-attr]
    attempts = [re.search(r"attempt=(\d+)", line).group(1) for line in lines]  # type: ignore[union-attr]
    traces = [re.search(r" trace=(\S+)", line).group(1) for line in lines]  # type: ignore[union-attr]
    assert calls == {transport.requests[0].headers["trace"]}  # one name for the call across retries
    assert attempts == ["1", "2"]
    assert traces == [r.headers["trace"] for r in transport.requests]  # each attempt its own trace


def test_resolve_outcome_with_a_result_type_checks_it(bridge_sandbox: BridgeSandbox) -> None:
    from multimarkets_bridge import OutcomeUnknownError
    from multimarkets_bridge_sandbox.faults import Fault

    client = bridge_sandbox.client
    account = funded_trading_account(bridge_sandbox, "13200000403")
    bridge_sandbox.sandbox.faults.add(Fault("drop", operation="place_order", phase="after"))
    bridge_sandbox.sandbox.faults.add(Fault("drop", operation="query_order", phase="before", times=4))
    with pytest.raises(OutcomeUnknownError) as info:  # answer lost, and every lookup too
        client.with_options(max_retries=0, recv_window=1000).place_order(
            account=account, symbol_id=1, biz_type=2, direction=1, price="1000", num="0.01"
        )
    placed = client.resolve_outcome(info.value, models.PlaceOrderResult)
    assert isinstance(placed, models.PlaceOrderResult)
    assert placed.client_order_id == info.value.client_order_id
    assert placed.status is models.OrderStatus.SUBMITTED
    with pytest.raises(TypeError, match="returned PlaceOrderResult"):
        client.resolve_outcome(info.value, models.CancelOrderResult)
