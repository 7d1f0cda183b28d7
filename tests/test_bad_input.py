"""Bad input gets a typed error and loses nothing: hundreds of hostile arguments to every public call
(only SDK errors may leave), and malformed requests to the sandbox over HTTP (never a 5xx; the server
and its notifier stay alive)."""

from __future__ import annotations

import inspect
import json
import math
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest
from conftest import KeyPair
from multimarkets_bridge import OPERATIONS, BridgeClient, BridgeError, RateBudget
from multimarkets_bridge.auth import BridgeAuth
from multimarkets_bridge.signing import RsaSha1Signer, canonical_string, generate_key_pair
from multimarkets_bridge_sandbox import Sandbox, SandboxServer
from spec_oracle import body_allowed
from test_client import call_kwargs, echo, make_client

DEEP: dict[str, Any] = {}
_node = DEEP
for _ in range(5000):
    _node["a"] = {}
    _node = _node["a"]

HOSTILE: list[Any] = [
    None, True, 1.5, math.nan, math.inf, 2**70, -1, "", " ", "\x00", "a\r\nb", "²", "x" * 10_000,
    b"bytes", object(), [1], {"k": 1}, DEEP,
]  # fmt: skip


def _calls() -> Iterator[tuple[str, str, Any]]:
    """(operation, argument, hostile value) for every keyword argument of every operation method."""
    for operation_id in sorted(OPERATIONS):
        method = getattr(BridgeClient, operation_id)
        for name, parameter in inspect.signature(method).parameters.items():
            if name in ("self", "account", "options") or parameter.kind is not inspect.Parameter.KEYWORD_ONLY:
                continue
            for value in HOSTILE:
                yield operation_id, name, value


CALLS = list(_calls())


def test_hundreds_of_hostile_arguments_raise_only_sdk_errors(key_pair: KeyPair) -> None:
    assert len(CALLS) >= 250
    client, transport, _ = make_client(key_pair, echo({}), max_retries=0, rate_limit_per_minute=None)
    escaped: list[str] = []
    typed = 0
    with client:
        for operation_id, name, value in CALLS:
            kwargs = {**call_kwargs(operation_id), name: value}
            try:
                getattr(client, operation_id)(**kwargs)
            except BridgeError:
                typed += 1
            except Exception as exc:  # the defect this test exists to find
                escaped.append(
                    f"{operation_id}({name}={type(value).__name__}): {type(exc).__name__}: {exc}"[:200]
                )
    assert escaped == []
    assert typed > len(CALLS) // 2  # most hostile values are refused
    # what did go out is what the spec allows (judged independently of the SDK's own validator)
    by_path = {op.path: op for op in OPERATIONS.values()}
    sent = [(by_path[r.url.path.removeprefix("/webhook")], json.loads(r.content)) for r in transport.requests]
    forbidden = [
        f"{op.operation_id}: {body}"[:160] for op, body in sent if not body_allowed(op.body_schema, body)
    ]
    assert sent
    assert forbidden == []
    print(f"hostile calls: {len(CALLS)}, refused by the SDK: {typed}, sent (all spec-valid): {len(sent)}")


HELPERS: list[tuple[str, Callable[[], Any]]] = [
    ("canonical_string(None)", lambda: canonical_string(None, 1)),  # type: ignore[arg-type]
    ("canonical_string(ts='x')", lambda: canonical_string(b"{}", "x")),  # type: ignore[arg-type]
    ("canonical_string(deep)", lambda: canonical_string(b"[" * 100_000 + b"]" * 100_000, 1)),
    ("generate_key_pair(10)", lambda: generate_key_pair(10)),
    ("generate_key_pair('x')", lambda: generate_key_pair("x")),  # type: ignore[arg-type]
    ("RateBudget(window=inf)", lambda: RateBudget(window=math.inf)),
    ("RateBudget(margin=nan)", lambda: RateBudget(margin=math.nan)),
    ("RateBudget(skew=True)", lambda: RateBudget(skew=True)),
]


@pytest.mark.parametrize(("label", "call"), HELPERS, ids=[label for label, _ in HELPERS])
def test_public_helpers_raise_sdk_errors(label: str, call: Callable[[], Any]) -> None:
    with pytest.raises(BridgeError):
        call()


@pytest.mark.parametrize(
    "setting",
    [
        {"transport": "x"},
        {"coordinator": "x"},
        {"clock": "x"},
        {"monotonic_clock": 1},
        {"sleep": 5},
        {"signer": "x"},
        {"trace_factory": 1},
        {"lang": None},
        {"lang": 123},
        {"company_id": "²"},
        {"api_key": "k\u20ac" * 10},
        {"timeout": math.nan},
        {"max_retries": True},
        {"base_url": "ftp://x"},
    ],
)
def test_bad_client_settings_are_refused_at_construction(key_pair: KeyPair, setting: dict[str, Any]) -> None:
    with pytest.raises(BridgeError):
        make_client(key_pair, echo({}), **setting)


def test_a_half_built_client_still_renders_in_a_traceback() -> None:
    assert repr(BridgeClient.__new__(BridgeClient)) == "BridgeClient(base_url='?', api_key='?')"


# ------------------------------------------------------------------------------ the sandbox over HTTP


@pytest.fixture(scope="module")
def served() -> Iterator[tuple[Sandbox, SandboxServer, BridgeAuth]]:
    sandbox = Sandbox()
    credentials = sandbox.issue_key(360, key_size=1024)
    auth = BridgeAuth(
        api_key=credentials.api_key,
        signer=RsaSha1Signer.from_secret_key(credentials.secret_key),
        company_id=credentials.company_id,
        routing={},
    )
    with SandboxServer(sandbox) as server:
        yield sandbox, server, auth
    sandbox.close()


def _malformed(auth: BridgeAuth, operation_id: str) -> Iterator[tuple[str, dict[str, str], bytes]]:
    """(what, headers, body) of malformed requests to one operation, mostly correctly signed."""
    operation = OPERATIONS[operation_id]
    body = json.dumps(call_kwargs_wire(operation_id)).encode()

    def signed(content: bytes, **override: str) -> dict[str, str]:
        return {**auth.headers_for(operation, content), "trace": "t-bad", **override}

    yield "not JSON", signed(b"{}"), b"{nope"
    yield "JSON array", signed(b"[1,2]"), b"[1,2]"
    yield "JSON string", signed(b'"x"'), b'"x"'
    deep = b"[" * 50_000 + b"]" * 50_000
    yield "nested 50,000 deep", signed(b"{}"), deep
    yield "2 MB body", signed(b"{}"), b'{"a":"' + b"x" * 2_000_000 + b'"}'
    yield "non-ASCII digit companyId", signed(body, companyId="²"), body
    yield "5,000-digit timestamp", signed(body, timestamp="9" * 5000), body
    yield "5,000-digit recvWindow", signed(body, recvWindow="1" * 5000), body
    yield "non-ASCII digit recvWindow", signed(body, recvWindow="٣"), body
    nulls = json.dumps(dict.fromkeys(json.loads(body))).encode()
    yield "every member null", signed(nulls), nulls
    yield "bad signature", {**signed(body), "signature": "AAAA"}, body


def call_kwargs_wire(operation_id: str) -> dict[str, Any]:
    from support import operation, request_example

    return request_example(operation(operation_id))


def test_malformed_requests_never_get_a_5xx_and_the_sandbox_stays_alive(
    served: tuple[Sandbox, SandboxServer, BridgeAuth],
) -> None:
    _, server, auth = served
    answers: list[tuple[str, str, int]] = []
    with httpx.Client(timeout=30) as http:
        for operation_id in sorted(OPERATIONS):
            url = f"{server.base_url}/global/{OPERATIONS[operation_id].biz_type}"
            for what, headers, body in _malformed(auth, operation_id):
                raw = {name: value.encode() for name, value in headers.items()}  # non-ASCII too
                response = http.post(url, content=body, headers=raw)
                answers.append((operation_id, what, response.status_code))
                assert response.status_code < 500, (operation_id, what, response.text[:200])
                assert response.json()["trace"] == "t-bad"
        assert len(answers) >= 150
        assert http.get(server.base_url.rsplit("/webhook", 1)[0] + "/health").status_code == 200  # alive
