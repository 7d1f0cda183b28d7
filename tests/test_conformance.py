"""Both-directions conformance: for every operation, the sandbox (over uvicorn) and the SDK's pre-send
check give the spec's verdict on every request, valid or not.

The verdict of the spec comes from an independent judge (tests/spec_oracle.py: python-jsonschema with
ECMA-262 patterns), not from the validator under test. Bodies are the spec's examples and, for each
property, the example with one member replaced by a hostile value: booleans and nulls for everything,
leading zeros, non-ASCII digits, the characters on which regex engines disagree about ``\\s``, huge and
fractional numbers, wrong containers; plus each required member left out and an unknown member added.
Header values get the same treatment. The schemathesis suite (tests/contract) adds random positive
and negative bodies judged the same way.
"""

from __future__ import annotations

import json
import re
import time
from collections import Counter
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from multimarkets_bridge import (
    OPERATIONS,
    AccountType,
    BridgeClient,
    ExchangeCode,
    InvalidRequestError,
    RsaSha1Signer,
)
from multimarkets_bridge.auth import new_trace
from multimarkets_bridge.operation import Operation
from multimarkets_bridge.request_schema import body_violation, header_violation
from multimarkets_bridge.signing import parse_exact
from multimarkets_bridge.spec_data import merged_properties
from multimarkets_bridge.spec_data import spec as packaged_spec
from multimarkets_bridge_sandbox import Sandbox, SandboxServer
from spec_oracle import body_allowed, headers_allowed
from support import operation, request_example

#: Characters on which ECMA-262, Python's ``re`` and Rust's regex disagree about ``\s`` / blank.
EDGE_CHARACTERS = [
    "\ufeff",
    "\u0085",
    "\u001c",
    "\u001f",
    "\u00a0",
    "\u2028",
    "\u200b",
    "\u180e",
    "\u3000",
    "\t",
]
NON_ASCII_DIGITS = ["²", "٣", "１", "߀", "๑"]
HOSTILE: list[Any] = [
    True,
    False,
    None,
    0,
    -1,
    1,
    1.0,
    1.5,
    2**70,
    2**63 - 1,  # the int64 edges: the largest and smallest accepted, one past each refused
    2**63,
    -(2**63),
    -(2**63) - 1,
    1e300,
    "",
    " ",
    "0",
    "05000",
    "007",
    "1e5",
    "1.",
    ".5",
    "-1",
    "+1",
    "0.0",
    "x" * 300,
    "a@b.co",
    "http://\u200b",
    "https://example.com/x",
    [],
    {},
    [1],
    {"a": 1},
    *NON_ASCII_DIGITS,
    *EDGE_CHARACTERS,
    *(ch * 2 for ch in EDGE_CHARACTERS[:4]),
]
#: Characters the vendor's JSON library writes differently across releases: the SDK signs no body
#: holding one (multimarkets_bridge.canonical), so such a body never reaches the sandbox.
UNSIGNABLE = re.compile("[\x7f-\x9f]")
#: The gateway answers these before it reads the body (signature, clock, key, rate limit).
AUTH_CODES = frozenset({"00012001", "00012002", "00012003", "00012004", "00012005"})
HEADER_CODES = frozenset({"GGATEWAY_CODE_003", "GGATEWAY_CODE_004", "GGATEWAY_CODE_009"})


#: ValidationError codes that answer a well-formed request: a value the spec allows naming no group.
BUSINESS_NAMES = frozenset({"GROUP_NOT_FOUND", "PASSWORD_TOO_WEAK"})


def _malformed_codes() -> frozenset[str]:
    """Codes that say "the request is malformed": the spec's codes raised as ValidationError."""
    codes = packaged_spec()["x-error-codes"]
    return frozenset(
        code
        for code, entry in codes.items()
        if entry["error"] == "ValidationError" and entry["name"] not in BUSINESS_NAMES
    )


MALFORMED = _malformed_codes()


def _variants(value: Any) -> list[Any]:
    """An example string with each edge character inside it (``a\\ufeff@b.co``), and as digits."""
    if not isinstance(value, str) or not value:
        return []
    found = [value[:1] + ch + value[1:] for ch in EDGE_CHARACTERS]
    found += [value + ch for ch in EDGE_CHARACTERS[:3]]
    if value.isdigit():
        found += ["0" + value, value + ".0", NON_ASCII_DIGITS[1] + value]
    return found


def body_cases(live: dict[str, Any]) -> Iterator[tuple[Operation, str, Any]]:
    """(operation, label, body) for every operation: examples, one-member mutations, omissions.
    ``live`` replaces example members that name records (customerNo, accountName) with ones the
    platform holds, so that valid bodies get past "not found" and reach the operation's own rules."""
    for op in OPERATIONS.values():
        spec_op = operation(op.operation_id)
        examples = spec_op["requestBody"]["content"]["application/json"].get("examples", {})
        bases = [dict(example["value"]) for example in examples.values()] or [request_example(spec_op)]
        bases = [{k: live.get(k, v) if isinstance(v, str) else v for k, v in b.items()} for b in bases]
        base = bases[0]
        for n, example in enumerate(bases):
            yield op, f"example {n}", example
        props = merged_properties({"$ref": f"#/components/schemas/{op.body_schema}"})
        for name, prop in props.items():
            values = [*HOSTILE, *_variants(base.get(name)), *_variants(prop.get("example"))]
            values += list(_enum_values(prop))
            for value in values:
                yield op, f"{name}={value!r:.40}", {**base, name: value}
        for name in base:
            yield op, f"without {name}", {k: v for k, v in base.items() if k != name}
        yield op, "unknown member", {**base, "notInTheSpec": 1}
        yield op, "empty object", {}


def _enum_values(prop: dict[str, Any]) -> list[Any]:
    ref = prop.get("$ref")
    schema = packaged_spec()["components"]["schemas"][ref.rsplit("/", 1)[-1]] if ref else prop
    return [*schema.get("enum", []), *[str(v) for v in schema.get("enum", [])]]


#: Header values as HTTP/1.1 can carry them (no leading or trailing blanks: the protocol strips them);
#: non-ASCII ones travel as UTF-8 bytes, which the server reads as Latin-1 - and is judged so.
HEADER_VALUES: dict[str, list[str]] = {
    "recvWindow": ["5000", "05000", "0", "1", "60000", "60001", "٣", "99999999999999999999", "-1", "5e3"],
    "companyId": ["360", "0360", "²", "36O", "3" * 19, "3" * 20, "3\u00a060", "+360"],
    "version": ["0.0.1", "0.0.2", "v0.0.1", "0.0.1\ufeff"],
    "trace": ["t" * 128, "t" * 129, "t-\ufeff", "t\u0085"],
    "lang": ["zh-CN", "en", "x" * 200],
    "group": ["tradeApi", "tradeapi", "TradeApi\u200b"],
}


@pytest.fixture(scope="module")
def platform() -> Iterator[tuple[str, Any, dict[str, Any]]]:
    """A sandbox over uvicorn holding one customer with a binance and an okx account named "main"."""
    sandbox = Sandbox(seed=9, rate_limit_per_minute=None)
    credentials = sandbox.issue_key(360, key_size=1024)
    with SandboxServer(sandbox) as server:
        options = {"api_key": credentials.api_key, "secret_key": credentials.secret_key}
        with BridgeClient(**options, company_id=360, base_url=server.base_url) as client:
            number = client.register_customer(
                phone="13900000001", pwd="0" * 32, country="CN", register_source=1, customer_group_id=1
            )
            for exchange in (ExchangeCode.BINANCE, ExchangeCode.OKX):
                client.add_exchange_account(
                    customer_no=number,
                    exchange_code=exchange,
                    account_type=AccountType.SPOT,
                    account_name="main",
                    account_api_key="key-0123456789",
                    account_secret_key="secret",
                    passphrase="p",
                )
        yield server.base_url, credentials, {"customerNo": number, "accountName": "main"}
    sandbox.close()


class Poster:
    """Signs and posts raw bodies with chosen headers (what the SDK would never send)."""

    def __init__(self, base_url: str, credentials: Any) -> None:
        self.http = httpx.Client(base_url=base_url, timeout=10)
        self.credentials = credentials
        self.signer = RsaSha1Signer.from_secret_key(credentials.secret_key)

    def post(self, op: Operation, content: bytes, **overrides: str | bytes) -> dict[str, Any]:
        timestamp = int(time.time() * 1000)
        headers: dict[str, str | bytes] = {
            "content-type": "application/json",
            "apiKey": self.credentials.api_key,
            "companyId": str(self.credentials.company_id),
            "trace": new_trace(),
            "timestamp": str(timestamp),
            "recvWindow": "60000",
            "version": op.version,
            "signature": self.signer.sign(content, timestamp),
        }
        if op.group:
            headers["group"] = op.group
        headers.update(overrides)
        answer = self.http.post(op.path, content=content, headers=headers)
        assert answer.status_code < 500, answer.text
        payload: dict[str, Any] = answer.json()
        return payload


def test_sandbox_and_sdk_give_the_spec_verdict_on_every_body(platform: tuple[str, Any, Any]) -> None:
    base_url, credentials, live = platform
    poster = Poster(base_url, credentials)
    tally: Counter[str] = Counter()
    outcomes: Counter[str] = Counter()
    disagreements: list[str] = []
    for op, label, body in body_cases(live):
        content = json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode()
        sent = json.loads(content)  # what travels (1.0 stays 1.0; tuples become lists)
        allowed = body_allowed(op.body_schema, sent)
        tally["allowed" if allowed else "forbidden"] += 1
        sdk_allows = body_violation(op.body_schema, sent) is None
        if sdk_allows != allowed:
            disagreements.append(f"SDK {op.operation_id} {label}: spec says {allowed}")
        if UNSIGNABLE.search(content.decode()):  # no signature can be trusted: refused before sending
            with pytest.raises(InvalidRequestError, match=r"U\+00[789]"):
                poster.signer.sign(content, 0)
            tally["unsignable"] += 1
            continue
        code = poster.post(op, content)["code"]
        assert code not in AUTH_CODES - {"00012004"}, f"{op.operation_id} {label}: {code}"  # 4: a rule too
        sandbox_allows = code not in MALFORMED
        if allowed:
            outcomes["accepted" if code == "0" else "refused by a rule"] += 1
        if sandbox_allows != allowed:
            disagreements.append(f"sandbox {op.operation_id} {label}: spec says {allowed}, code {code}")
    assert tally["unsignable"] >= 10  # bodies with U+0085 (an edge character) are among them
    allowed_n, forbidden_n = tally["allowed"], tally["forbidden"]
    print(f"conformance: {allowed_n + forbidden_n} bodies ({allowed_n} allowed, {forbidden_n} forbidden)")
    print(f"  allowed bodies: {dict(outcomes)}")
    assert not disagreements, "\n".join(disagreements[:40])
    assert sum(tally.values()) >= 2000
    assert tally["allowed"] >= 200  # both directions are exercised
    assert outcomes["accepted"] >= 300, outcomes  # valid bodies reach the operations' own rules
    assert tally["forbidden"] >= 1000


def _integer_members(op: Operation) -> list[str]:
    props = merged_properties({"$ref": f"#/components/schemas/{op.body_schema}"})
    return [name for name, prop in props.items() if "integer" in _types(prop)]


def _types(prop: dict[str, Any]) -> list[str]:
    kind = prop.get("type", [])
    return [kind] if isinstance(kind, str) else list(kind)


@pytest.mark.parametrize("spelling", ["1e400", "-1e400", "9223372036854775808", "9223372036854775807", "1.0"])
def test_numbers_json_alone_can_spell_get_the_spec_verdict(
    platform: tuple[str, Any, Any], spelling: str
) -> None:
    """Numbers Python's json.dumps never writes (``1e400``: beyond a double) sent as raw JSON text in
    every integer member of every operation: the sandbox, the SDK's check and the judge agree."""
    base_url, credentials, live = platform
    poster = Poster(base_url, credentials)
    disagreements: list[str] = []
    checked = 0
    for op in OPERATIONS.values():
        base = {
            k: live.get(k, v) if isinstance(v, str) else v
            for k, v in request_example(operation(op.operation_id)).items()
        }
        for name in _integer_members(op):
            rest = json.dumps({k: v for k, v in base.items() if k != name}, separators=(",", ":"))
            content = (rest[:-1] + ("," if len(rest) > 2 else "") + f'"{name}":{spelling}}}').encode()
            allowed = body_allowed(op.body_schema, json.loads(content))
            sdk_allows = body_violation(op.body_schema, parse_exact(content).value) is None
            code = poster.post(op, content)["code"]
            checked += 1
            if sdk_allows != allowed or (code not in MALFORMED) != allowed:
                disagreements.append(
                    f"{op.operation_id} {name}={spelling}: spec {allowed}, SDK {sdk_allows}, {code}"
                )
    assert not disagreements, "\n".join(disagreements)
    assert checked >= 10


def test_sandbox_gives_the_spec_verdict_on_header_values(platform: tuple[str, Any, Any]) -> None:
    base_url, credentials, _ = platform
    poster = Poster(base_url, credentials)
    disagreements: list[str] = []
    checked = 0
    chosen = [OPERATIONS["list_customers"], OPERATIONS["query_balances"], OPERATIONS["subscribe_webhook"]]
    for op in chosen:
        body = request_example(operation(op.operation_id))
        content = json.dumps(body, separators=(",", ":")).encode()
        for name, values in HEADER_VALUES.items():
            if name == "group" and not op.group:
                continue
            for value in values:
                raw = value.encode("utf-8")
                seen = raw.decode("latin-1")  # what the server reads
                headers = {"companyId": "360", "trace": "t", "version": op.version, "group": op.group or ""}
                headers = {k: v for k, v in {**headers, name: seen}.items() if v}
                allowed = headers_allowed(op.operation_id, headers)
                sdk_allows = header_violation(op.operation_id, headers) is None
                code = poster.post(op, content, **{name: raw})["code"]
                refused = code in MALFORMED or code in HEADER_CODES
                checked += 1
                if refused == allowed or sdk_allows != allowed:
                    disagreements.append(f"{op.operation_id} {name}={value!r}: spec {allowed}, {code}")
    assert not disagreements, "\n".join(disagreements)
    assert checked >= 90
