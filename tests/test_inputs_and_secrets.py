"""Bad input gets a typed error and sends nothing; no secret is reachable from what a call leaves behind."""

from __future__ import annotations

import json
import logging
from decimal import Decimal
from pathlib import Path
from typing import Any

import httpx
import pytest
from conftest import SECRETS, KeyPair, register_secret
from multimarkets_bridge import (
    BridgeClient,
    BridgeError,
    ConfigurationError,
    Direction,
    ExchangeId,
    InvalidRequestError,
    OrderType,
    OutcomeUnknownError,
    RateBudget,
    ResponseValidationError,
)
from multimarkets_bridge.coordination import InProcessCoordinator
from multimarkets_bridge.inputs import new_client_order_id
from support import FakeClock, RecordingTransport, envelope, json_response

API_KEY = register_secret("sbx-live-api-key-0123456789abcdef")
SELECTOR: dict[str, Any] = {
    "exchange_id": "binance",
    "account_name": "main",
    "customer_no": "86000001",
    "customer_group_id": 1,
}


def make(key_pair: KeyPair, respond: Any, **kwargs: Any) -> tuple[BridgeClient, RecordingTransport]:
    transport = RecordingTransport(respond)
    clock = FakeClock(1_700_000_000)
    options: dict[str, Any] = {
        "api_key": API_KEY,
        "secret_key": key_pair.secret,
        "company_id": 360,
        "base_url": "http://bridge.test/webhook",
        "transport": transport,
        "clock": clock,
        "sleep": clock.sleep,
        "coordinator": InProcessCoordinator(),
        **kwargs,
    }
    return BridgeClient(**options), transport


def accepted(request: httpx.Request) -> httpx.Response:
    body = json.loads(request.content)
    data = {"orderId": "1", "clientOrderId": body.get("clientOrderId"), "status": "1"}
    return json_response(envelope(data, trace=request.headers["trace"]))


def test_enum_raw_values_and_decimal_money_are_sent_exactly(key_pair: KeyPair) -> None:
    client, transport = make(key_pair, accepted)
    with client:
        result = client.place_order(
            **SELECTOR,  # exchange_id given as the raw value "binance"
            symbol_id=1,
            biz_type=2,  # raw value of OrderType.LIMIT
            direction=1,  # raw value of Direction.BUY
            price=Decimal("60000.50"),
            num=Decimal("1E-3"),
        )
    sent = json.loads(transport.requests[0].content)
    assert (sent["bizType"], sent["direction"], sent["exchangeId"]) == (2, 1, "binance")
    assert (sent["price"], sent["num"]) == ("60000.50", "0.001")
    # a clientOrderId was generated (spec pattern) and comes back on the result
    assert sent["clientOrderId"] == result.client_order_id
    assert len(sent["clientOrderId"]) == 20
    assert sent["clientOrderId"].isalnum()


@pytest.mark.parametrize(
    ("kwargs", "problem"),
    [
        ({"direction": 3}, "direction"),
        ({"biz_type": "limit"}, "biz_type"),
        ({"exchange_id": "kraken"}, "exchange_id"),
        ({"price": 60000.5}, "price"),
        ({"price": Decimal("NaN")}, "price"),
        ({"num": Decimal("Infinity")}, "num"),
        ({"price": True}, "price"),
        ({"client_order_id": "has spaces and is far too long"}, "clientOrderId"),
        ({"client_order_id": "x" * 21}, "clientOrderId"),
    ],
)
def test_bad_arguments_are_typed_errors_and_nothing_is_sent(
    key_pair: KeyPair, kwargs: dict[str, Any], problem: str
) -> None:
    client, transport = make(key_pair, accepted)
    call: dict[str, Any] = {
        **SELECTOR,
        "symbol_id": 1,
        "biz_type": OrderType.LIMIT,
        "direction": Direction.BUY,
        "price": "60000",
        "num": "0.001",
        **kwargs,
    }
    with client, pytest.raises(InvalidRequestError, match=problem) as info:
        client.place_order(**call)
    assert info.value.operation_id == "place_order"
    assert transport.requests == []


def test_bad_options_and_settings_are_typed_errors(key_pair: KeyPair) -> None:
    client, transport = make(key_pair, accepted)
    call = {**SELECTOR, "exchange_id": ExchangeId.OKX}
    with client:
        for options in ({"timeout": -1}, {"timeout": "5"}, {"max_retries": -1}, {"retries": 1}, {"trace": ""},
                        {"extra_headers": {"x": 1}}, ["timeout"]):  # fmt: skip
            with pytest.raises(InvalidRequestError):
                client.query_balances(**call, options=options)  # type: ignore[arg-type]
        with pytest.raises(InvalidRequestError, match="not JSON"):
            client.query_balances(**call, options={"extra_body": {"x": float("nan")}})
    assert transport.requests == []
    for settings in (
        {"rate_limit_per_minute": 0},
        {"rate_limit_per_minute": True},
        {"max_retries": -1},
        {"lookup_attempts": 0},
        {"timeout": 0},
        {"base_url": "ftp://x"},
    ):
        with pytest.raises(ConfigurationError):
            make(key_pair, accepted, **settings)
    for budget in ({"limit": 0}, {"margin": 1.0}, {"window": 0}, {"skew": -1}):
        with pytest.raises(ConfigurationError):
            RateBudget(**budget)
    with pytest.raises(TypeError):  # a misspelt keyword stays an ordinary TypeError
        make(key_pair, accepted)[0].list_customers(page_size=1)  # type: ignore[call-arg]


def test_a_hundred_thousand_deep_answer_is_a_typed_error(key_pair: KeyPair) -> None:
    deep = b'{"code":"0","data":' + b"[" * 100_000 + b"]" * 100_000 + b"}"
    client, _ = make(key_pair, lambda r: httpx.Response(200, content=deep), max_retries=0)
    with client, pytest.raises(ResponseValidationError) as info:
        client.list_customers()
    assert info.value.trace


def test_generated_client_order_ids_are_unique_and_valid() -> None:
    ids = {new_client_order_id() for _ in range(20_000)}
    assert len(ids) == 20_000
    assert all(len(i) == 20 and i.isalnum() for i in ids)


def _reachable_strings(obj: Any, seen: set[int] | None = None, depth: int = 0) -> list[str]:
    """Every string reachable from an exception: attributes, containers, causes and contexts
    (tracebacks excluded: frames hold the caller's own variables)."""
    seen = set() if seen is None else seen
    if id(obj) in seen or depth > 12:
        return []
    seen.add(id(obj))
    if isinstance(obj, str):
        return [obj]
    if isinstance(obj, bytes):
        return [obj.decode("utf-8", "replace")]
    found: list[str] = []
    if isinstance(obj, dict):
        for key, value in obj.items():
            found += _reachable_strings(key, seen, depth + 1) + _reachable_strings(value, seen, depth + 1)
        return found
    if isinstance(obj, list | tuple | set | frozenset):
        for item in obj:
            found += _reachable_strings(item, seen, depth + 1)
        return found
    if isinstance(obj, BaseException):
        found += [str(obj), repr(obj)]
        found += _reachable_strings(obj.args, seen, depth + 1)
        found += _reachable_strings(obj.__cause__, seen, depth + 1)
        found += _reachable_strings(obj.__context__, seen, depth + 1)
    if isinstance(obj, httpx.Request | httpx.Response):
        found += [str(dict(obj.headers))]
    attributes = getattr(obj, "__dict__", None)
    if attributes is not None and not isinstance(obj, type):
        found += _reachable_strings(attributes, seen, depth + 1)
    return found


def _sdk_frame_locals(error: BaseException) -> list[str]:
    """The repr of every local variable of every SDK frame in the tracebacks of ``error`` and its chain,
    as a traceback renderer that captures locals shows them (the caller's own frames excluded)."""
    import multimarkets_bridge
    import multimarkets_bridge_client

    owned = (
        str(Path(multimarkets_bridge.__file__).parent),
        str(Path(multimarkets_bridge_client.__file__).parent),
    )
    found: list[str] = []
    pending: list[BaseException | None] = [error]
    seen: set[int] = set()
    while pending:
        current = pending.pop()
        if current is None or id(current) in seen:
            continue
        seen.add(id(current))
        tb = current.__traceback__
        while tb is not None:
            frame = tb.tb_frame
            if frame.f_code.co_filename.startswith(owned):
                found += [f"{name}={value!r}" for name, value in frame.f_locals.items()]
            tb = tb.tb_next
        pending += [current.__cause__, current.__context__]
    return found


FAILURES = {
    "refused": lambda r: (_ for _ in ()).throw(httpx.ConnectError("refused", request=r)),
    "read timeout": lambda r: (_ for _ in ()).throw(httpx.ReadTimeout("slow", request=r)),
    "garbled": lambda r: httpx.Response(200, content=b'{"code":"0","data":'),
    "server error": lambda r: json_response({"code": "G500", "msg": "x"}, status=502),
    "signature": lambda r: json_response({"code": "00012001", "msg": "bad signature"}),
}


@pytest.mark.parametrize("failure", sorted(FAILURES))
def test_no_secret_is_reachable_from_any_error(
    key_pair: KeyPair, failure: str, caplog: pytest.LogCaptureFixture
) -> None:
    client, transport = make(key_pair, FAILURES[failure], max_retries=1, lookup_attempts=1)
    caught: list[BridgeError] = []
    with client, caplog.at_level(logging.DEBUG, logger="multimarkets_bridge"):
        for call in (
            lambda: client.list_customers(),
            lambda: client.place_order(**SELECTOR, symbol_id=1, biz_type=1, direction=1, amount="10"),
        ):
            with pytest.raises(BridgeError) as info:
                call()
            caught.append(info.value)
        assert repr(client).count("…") == 1  # apiKey masked
    signatures = {register_secret(r.headers["signature"]) for r in transport.requests}
    assert signatures
    secrets = {*SECRETS, *signatures, API_KEY, key_pair.secret}
    for error in caught:
        texts = _reachable_strings(error)
        leaked = [s for s in secrets for text in texts if s and s in text]
        assert not leaked, f"{type(error).__name__} exposes a secret"
        frames = _sdk_frame_locals(error)
        assert frames  # the SDK's own frames are in the traceback (so the scan can fail)
        leaked = [s for s in secrets for text in frames if s and s in text]
        assert not leaked, f"an SDK frame local of {type(error).__name__} holds a secret"
    assert not [s for s in secrets if s in caplog.text]
    assert any(isinstance(e, OutcomeUnknownError) for e in caught) or failure in ("refused", "signature")


def _build_failures(key_pair: KeyPair) -> dict[str, tuple[dict[str, Any], str]]:
    """Ways to build a client that fail, each with the key text that must not stay in a frame."""
    import base64

    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import ec

    ec_key = ec.generate_private_key(ec.SECP256R1()).private_bytes(
        serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    good = key_pair.secret
    return {
        "truncated key": ({"secret_key": good[:-40]}, good[:-40]),
        "not base64": ({"secret_key": good[:200] + "!!"}, good[:200]),
        "PEM garbage": ({"secret_key": "-----BEGIN PRIVATE KEY-----\n" + good[:300]}, good[:300]),
        "an EC key": ({"secret_key": base64.b64encode(ec_key).decode()}, base64.b64encode(ec_key).decode()),
        "the public key": ({"secret_key": key_pair.public}, key_pair.public),
        "bad base_url": ({"secret_key": good, "base_url": "ftp://x"}, good),
        "bad retries": ({"secret_key": good, "max_retries": -1}, good),
        "bad lang": ({"secret_key": good, "lang": "zh\r\n"}, good),
        "bad rate": ({"secret_key": good, "rate_limit_per_minute": 0}, good),
        "bad coordinator": ({"secret_key": good, "coordinator": object()}, good),
        "bad hook": ({"secret_key": good, "on_request": 3}, good),
    }


def test_no_frame_of_the_sdk_holds_the_secret_key_when_building_a_client_fails(key_pair: KeyPair) -> None:
    failures = _build_failures(key_pair)
    for name, (options, secret) in failures.items():
        register_secret(secret)
        base = {"api_key": "k" * 20, "company_id": 1, "base_url": "http://bridge.test", **options}
        with pytest.raises(BridgeError) as info:
            BridgeClient(**base)
        frames = _sdk_frame_locals(info.value)
        assert frames, name  # the constructor's frame is there to scan
        for probe in (secret, secret[10:50]):
            assert not [text for text in frames if probe in text], f"{name}: a frame holds the key"
        assert secret not in str(info.value)


def test_no_frame_of_the_sdk_holds_the_secret_key_when_from_env_fails(
    key_pair: KeyPair, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MULTIMARKETS_API_KEY", "k" * 20)
    monkeypatch.setenv("MULTIMARKETS_SECRET_KEY", key_pair.secret)
    monkeypatch.delenv("MULTIMARKETS_COMPANY_ID", raising=False)
    with pytest.raises(ConfigurationError) as missing:
        BridgeClient.from_env()
    monkeypatch.setenv("MULTIMARKETS_COMPANY_ID", "1")
    monkeypatch.setenv("MULTIMARKETS_RECV_WINDOW", "soon")
    with pytest.raises(ConfigurationError) as malformed:
        BridgeClient.from_env()
    monkeypatch.setenv("MULTIMARKETS_RECV_WINDOW", "5000")
    monkeypatch.setenv("MULTIMARKETS_SECRET_KEY", key_pair.secret[:-30])
    with pytest.raises(ConfigurationError) as truncated:
        BridgeClient.from_env()
    for error, secret in (
        (missing, key_pair.secret),
        (malformed, key_pair.secret),
        (truncated, key_pair.secret[:-30]),
    ):
        frames = _sdk_frame_locals(error.value)
        assert frames
        assert not [text for text in frames if secret[20:60] in text]
