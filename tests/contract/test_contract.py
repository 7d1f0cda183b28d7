"""schemathesis 4 contract tests: every spec operation against the sandbox (default) or a live environment.

* Requests are signed by a schemathesis auth provider over the exact bytes the JSON serializer sends.
* Checks: no server error, status code / content type / response schema conform to the spec, and the
  Bridge envelope rules (a JSON envelope with a string ``code``; ``trace`` echoed; a body the sandbox
  accepts must be valid under the spec once the documented leniencies are applied).
* Stateful: the OpenAPI links of the spec chain register customer -> add account -> place order ->
  query order -> cancel order -> transaction records.

Live mode (``MULTIMARKETS_LIVE=1`` with ``MULTIMARKETS_*`` credentials) runs the same checks on the
read-only operations only (``MULTIMARKETS_LIVE_WRITES=1`` to allow writes).
"""

from __future__ import annotations

import json
import os
import time
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from multimarkets_bridge import OPERATIONS, InvalidRequestError, RsaSha1Signer
from multimarkets_bridge.auth import new_trace
from multimarkets_bridge.coordination import InProcessCoordinator, RateBudget
from multimarkets_bridge_client import wire_models
from multimarkets_bridge_sandbox import Sandbox
from multimarkets_bridge_sandbox.state import State
from schemathesis.checks import not_a_server_error
from schemathesis.core import NotSet
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)
from spec_oracle import body_allowed

SPEC: dict[str, Any] = json.loads(
    Path(wire_models.__file__).with_name("spec.json").read_text(encoding="utf-8")
)
LIVE = os.environ.get("MULTIMARKETS_LIVE") == "1"
LIVE_WRITES = os.environ.get("MULTIMARKETS_LIVE_WRITES") == "1"
MAX_EXAMPLES = int(os.environ.get("CONTRACT_MAX_EXAMPLES", "25"))
CASES: Counter[str] = Counter()
BY_PATH = {op.path: op for op in OPERATIONS.values()}


def _compact(value: Any) -> bytes:
    if isinstance(value, bytes | bytearray):  # raw bodies (negative cases) travel as they are
        return bytes(value)
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), default=str).encode("utf-8")


@schemathesis.serializer("application/json")
def compact_json(ctx: Any, value: Any) -> bytes:
    """Send bodies exactly as the SDK does (compact UTF-8 JSON), so the signed bytes are the sent bytes."""
    return _compact(value)


if LIVE:
    missing = [
        n
        for n in (
            "MULTIMARKETS_BASE_URL",
            "MULTIMARKETS_API_KEY",
            "MULTIMARKETS_SECRET_KEY",
            "MULTIMARKETS_COMPANY_ID",
        )
        if not os.environ.get(n)
    ]
    if missing:
        pytest.skip(f"live contract run needs {', '.join(missing)}", allow_module_level=True)
    API_KEY = os.environ["MULTIMARKETS_API_KEY"]
    SECRET_KEY = os.environ["MULTIMARKETS_SECRET_KEY"]
    COMPANY_ID = int(os.environ["MULTIMARKETS_COMPANY_ID"])
    schema = schemathesis.openapi.from_dict(SPEC)
    schema.config.update(base_url=os.environ["MULTIMARKETS_BASE_URL"])
    SANDBOX: Sandbox | None = None
else:
    SANDBOX = Sandbox(seed=3, rate_limit_per_minute=None)
    _credentials = SANDBOX.issue_key(360, key_size=1024)
    API_KEY, SECRET_KEY, COMPANY_ID = _credentials.api_key, _credentials.secret_key, _credentials.company_id
    schema = schemathesis.openapi.from_asgi("/openapi.json", SANDBOX.app)
SIGNER = RsaSha1Signer.from_secret_key(SECRET_KEY)
PACING = InProcessCoordinator()
LIVE_BUDGET = RateBudget(limit=int(os.environ.get("MULTIMARKETS_LIVE_RATE", "90")))
# Failure reports (curl reproductions) must not show signatures either; apiKey is filtered by default.
_sanitization = schema.config.output.sanitization
_sanitization.sensitive_markers = (*_sanitization.sensitive_markers, "signature")


@schema.auth()
class BridgeSigning:
    """Signs each case like ``BridgeAuth``: the canonical form of the exact body bytes + timestamp."""

    def get(self, case: schemathesis.Case, ctx: schemathesis.AuthContext) -> str:
        return API_KEY

    def set(self, case: schemathesis.Case, data: str, ctx: schemathesis.AuthContext) -> None:
        if LIVE:  # stay under the platform's 100 requests/minute per apiKey (one case at a time)
            booking = PACING.reserve("live", time.time(), LIVE_BUDGET)
            while booking.at > (now := time.time()):
                time.sleep(booking.at - now)
                booking = PACING.confirm("live", booking, time.time(), LIVE_BUDGET)
        _sign(case, data)


def _sign(case: schemathesis.Case, api_key: str) -> None:
    """The signed headers of ``case`` with the time now. schemathesis applies auth when it generates a
    case, which may be long before it is sent (some cases are built when the module is collected): a
    test signs again just before sending, or the platform answers "outside the recvWindow"."""
    operation = BY_PATH[case.operation.path]
    body = _compact(case.body) if _has_body(case) else b""
    timestamp = int(time.time() * 1000)
    headers = dict(case.headers or {})
    headers.update(
        {
            "apiKey": api_key,
            "companyId": str(COMPANY_ID),
            "trace": new_trace(),
            "timestamp": str(timestamp),
            "recvWindow": "60000",
            "version": operation.version,
            "lang": "zh-CN",
            "signature": _signature(body, timestamp),
        }
    )
    if operation.group:
        headers["group"] = operation.group
    case.headers = headers


def _signature(body: bytes, timestamp: int) -> str:
    try:
        return SIGNER.sign(body, timestamp)
    except InvalidRequestError:
        return (
            "bm90LWpzb24="  # a non-JSON body cannot be signed; the gateway must still answer with an envelope
        )


def _has_body(case: schemathesis.Case) -> bool:
    return not isinstance(case.body, NotSet)


@schemathesis.check
def bridge_envelope(
    ctx: schemathesis.CheckContext, response: schemathesis.Response, case: schemathesis.Case
) -> bool:
    """Envelope rules of the Bridge API (see the module docstring)."""
    if response.request.method == "HEAD":
        return True  # HEAD answers carry no body by definition
    try:
        payload = response.json()
    except ValueError:
        method, status, head = response.request.method, response.status_code, response.content[:80]
        raise AssertionError(f"{method} answered {status} with a non-JSON body {head!r}") from None
    assert isinstance(payload, dict), "response is not a JSON object"
    assert isinstance(payload.get("code"), str), "envelope has no string code"
    sent_trace = response.request.headers.get("trace", "")
    assert payload.get("trace") == sent_trace, "trace not echoed"
    assert (payload["code"] == "0") == bool(payload.get("ok")), "ok flag contradicts code"
    return True


#: Codes that say "the request is malformed" (as opposed to business outcomes such as "not found").
VALIDATION_CODES = frozenset(
    {
        "GGATEWAY_CODE_006",
        "GGATEWAY_CODE_015",
        "USCUSTOMER_API_0000105",
        "USCUSTOMER_API_0000501",
        "USCUSTOMER_API_0000504",
        "USCUSTOMER_API_0000507",
        "USCUSTOMER_API_0000510",
    }
)
AGREEMENT: Counter[str] = Counter()


def _spec_valid(case: schemathesis.Case) -> bool | None:
    """Whether the body is valid under the spec (None: no JSON object body to judge), as an independent
    ECMA-262 judge reads it (tests/spec_oracle.py)."""
    if not isinstance(case.body, dict):
        return None
    return body_allowed(BY_PATH[case.operation.path].body_schema, case.body)


@schemathesis.check
def sandbox_agrees_with_spec(
    ctx: schemathesis.CheckContext, response: schemathesis.Response, case: schemathesis.Case
) -> bool:
    """A body the spec allows is never refused as malformed; a body the spec forbids is never accepted."""
    if LIVE or response.request.method != "POST":
        return True
    try:
        code = response.json().get("code")
    except (ValueError, AttributeError):
        return True
    valid = _spec_valid(case)
    if valid is None or code in AUTH_CODES:
        return True
    media_type = response.request.headers.get("content-type", "").split(";")[0].strip().lower()
    valid = valid and media_type == "application/json"
    AGREEMENT[f"{BY_PATH[case.operation.path].operation_id}:{'valid' if valid else 'invalid'}"] += 1
    if valid:
        assert code not in VALIDATION_CODES, f"a spec-valid body was refused as malformed: {response.json()}"
    else:
        assert code != "0", "a body the spec forbids was accepted"
    return True


#: Answers that come before the body is looked at (signature, time window, key, rate limit).
AUTH_CODES = frozenset({"00012001", "00012002", "00012003", "00012004", "00012005"})


CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    bridge_envelope,
    sandbox_agrees_with_spec,
]
read_only = schema.include(operation_id=[op.operation_id for op in OPERATIONS.values() if op.read_only])
target = schema if not LIVE or LIVE_WRITES else read_only


def counters() -> dict[str, Counter[str]]:
    """What this process counted, printed at the end of the run by tests/contract_counts.py (an xdist
    worker hands them to the controller, which sums them)."""
    return {
        "cases": CASES,
        "agreement": AGREEMENT,
        "spec_only": SPEC_ONLY_SUCCESSES,
        "chain": SUCCESSES,
    }


@target.parametrize()
@settings(max_examples=MAX_EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
def test_operation_conforms(case: schemathesis.Case) -> None:
    CASES[BY_PATH[case.operation.path].operation_id] += 1
    if _signed_here(case):  # signed when generated, maybe long ago: signed again now
        _sign(case, case.headers["apiKey"])
    case.call_and_validate(checks=CHECKS)


def _signed_here(case: schemathesis.Case) -> bool:
    """Whether ``case`` carries this harness's signature (not one a negative case made up on purpose)."""
    headers = case.headers or {}
    stamp = str(headers.get("timestamp", ""))
    if not stamp.isdigit() or "signature" not in headers:
        return False
    body = _compact(case.body) if _has_body(case) else b""
    return bool(headers["signature"] == _signature(body, int(stamp)))


@pytest.mark.skipif(LIVE, reason="the agreement check runs against the sandbox only")
def test_every_operation_met_valid_and_invalid_bodies() -> None:
    """Runs after test_operation_conforms (same module): the agreement check saw both kinds everywhere."""
    if not AGREEMENT:
        pytest.skip("test_operation_conforms did not run in this session (-k selection)")
    for op in OPERATIONS:
        assert AGREEMENT[f"{op}:valid"] > 0, f"{op}: no spec-valid body was generated"
        assert AGREEMENT[f"{op}:invalid"] > 0, f"{op}: no spec-invalid body was generated"


# ---------------------------------------------------------------------------------------------- stateful
SUCCESSES: Counter[str] = Counter()
_PHONES = iter(range(13_900_000_000, 13_999_999_999))


def _chain_fixups(operation_id: str) -> dict[str, Any]:
    """Values the links cannot carry. Without them almost every generated body is rejected for business
    reasons (invalid phone, unknown product, dust amount) and the chain never reaches query/cancel/fills."""
    if operation_id == "register_customer":
        return {
            "phone": str(next(_PHONES)),
            "email": None,
            "pwd": "dc483e80a7a0bd9ef71d8cf973673924",
            "country": "CN",
            "customerGroupId": 1,
        }
    if operation_id == "add_exchange_account":
        return {"exchangeCode": "binance", "accountType": "spot", "certificate": None}
    if operation_id == "place_order":
        return {
            "symbolId": 1,
            "bizType": 2,
            "direction": 1,
            "price": "100",
            "num": "0.05",
            "customerGroupId": 1,
            "tradeType": 10,
            "clientOrderId": None,
            "amount": None,
            "timeInForce": "GTC",
            "customerId": None,
        }
    if operation_id in ("query_order", "cancel_order"):
        return {"customerId": None}
    if operation_id == "query_trade_records":
        return {"customerId": None, "startTime": None, "endTime": None, "limit": None}
    return {}


CHAIN = [
    "register_customer",
    "add_exchange_account",
    "place_order",
    "query_order",
    "cancel_order",
    "query_trade_records",
]


def _chain_platform(seed: int) -> tuple[Sandbox, Any]:
    """A sandbox of its own (same key) and the chain's operations on it, signed: a workflow then does not
    depend on what the other tests created."""
    sandbox = Sandbox(seed=seed, rate_limit_per_minute=None)
    sandbox.register_key(API_KEY, COMPANY_ID, _credentials.public_key)
    chain = schemathesis.openapi.from_asgi("/openapi.json", sandbox.app).include(operation_id=CHAIN)
    chain.auth()(BridgeSigning)
    chain.config.output.sanitization.sensitive_markers = _sanitization.sensitive_markers
    return sandbox, chain


if SANDBOX is not None:
    CHAIN_SANDBOX: Sandbox | None
    CHAIN_SANDBOX, chain_schema = _chain_platform(seed=5)
else:
    CHAIN_SANDBOX = None
    chain_schema = schema.include(operation_id=CHAIN)


def _count_success_and_check(
    successes: Counter[str], response: schemathesis.Response, case: schemathesis.Case
) -> None:
    """Count a success envelope per operation, then run the suite's checks on the answer."""
    payload = response.json() if response.request.method != "HEAD" else {}
    if isinstance(payload, dict) and payload.get("code") == "0":
        successes[BY_PATH[case.operation.path].operation_id] += 1
    case.validate_response(response, checks=CHECKS)


class BridgeWorkflow(chain_schema.as_state_machine()):  # type: ignore[misc]
    """Stateful run over the spec's links; counts successful steps per operation."""

    def before_call(self, case: schemathesis.Case) -> None:
        operation = BY_PATH[case.operation.path]
        fixups = _chain_fixups(operation.operation_id)
        if fixups and isinstance(case.body, dict):
            body = {**case.body, **fixups}
            case.body = {k: v for k, v in body.items() if v is not None}
            BridgeSigning().set(case, API_KEY, None)  # type: ignore[arg-type]  # re-sign the changed body

    def validate_response(
        self, response: schemathesis.Response, case: schemathesis.Case, **kwargs: Any
    ) -> None:
        _count_success_and_check(SUCCESSES, response, case)


@pytest.mark.skipif(
    LIVE and not LIVE_WRITES, reason="the stateful workflow writes; set MULTIMARKETS_LIVE_WRITES=1"
)
def test_stateful_business_chain() -> None:
    # Each run walks random link paths; a run that happens not to reach the end of the chain is followed
    # by another (at most five: most random walks end early on a signature or a customer that the
    # generated data got wrong), so the assertion below does not depend on one lucky draw.
    for _ in range(5):
        BridgeWorkflow.run(
            settings=settings(
                max_examples=MAX_EXAMPLES * 8,
                stateful_step_count=15,
                deadline=None,
                database=None,
                derandomize=False,  # Hypothesis' CI profile derandomizes: each retry would replay one walk
                suppress_health_check=list(HealthCheck),
            )
        )
        if all(SUCCESSES[name] for name in CHAIN):
            break
    reached = {name: SUCCESSES[name] for name in CHAIN}
    assert all(reached.values()), f"the linked chain did not complete: {reached}"


# ---------------------------------------------------------------------------------------------- spec only
SPEC_ONLY_SUCCESSES: Counter[str] = Counter()
if SANDBOX is not None:
    SPEC_ONLY_SANDBOX: Sandbox | None
    SPEC_ONLY_SANDBOX, _spec_only_schema = _chain_platform(seed=11)
    # the walk up to the cancel: the trade-records query after it only dilutes the walks
    _SpecOnlyBase: Any = _spec_only_schema.exclude(operation_id="query_trade_records").as_state_machine()
else:  # pragma: no cover - live mode never writes through random data
    SPEC_ONLY_SANDBOX = None
    _SpecOnlyBase = object


class SpecOnlyWorkflow(_SpecOnlyBase):  # type: ignore[misc]
    """Stateful run with nothing but the spec: bodies generated from its schemas, values carried by its
    links. The harness only signs, starts walks at registration, gives each example a fresh platform
    (so that replays see the same answers) and follows links from success envelopes only - errors come
    with HTTP 200 too and carry the bizType in `data` (spec README, "Links follow success envelopes only").
    The market sits above the spec example's BTC limit price, so an order drawn from that example rests
    (and can be cancelled) instead of filling. Relies on internals of the pinned schemathesis
    (`root_rules`, `_root_labels`, `_get_target_for_result`)."""

    if SPEC_ONLY_SANDBOX is not None:  # the scheduler's roots agree with the root rules kept (below)
        _root_labels = frozenset(label for label in _SpecOnlyBase._root_labels if "addCustomer" in label)

    def setup(self) -> None:
        assert SPEC_ONLY_SANDBOX is not None
        SPEC_ONLY_SANDBOX.bridge.state = State()
        for symbol, price in ((1, "65000"), (2, "3000"), (3, "1")):
            SPEC_ONLY_SANDBOX.market.set_price(symbol, price)

    def _get_target_for_result(self, result: Any) -> Any:
        try:
            payload = result.response.json()
        except ValueError:
            return None
        if not isinstance(payload, dict) or payload.get("code") != "0":
            return None
        return super()._get_target_for_result(result)

    def before_call(self, case: schemathesis.Case) -> None:
        BridgeSigning().set(case, API_KEY, None)  # type: ignore[arg-type]  # links changed the body: re-sign

    def validate_response(
        self, response: schemathesis.Response, case: schemathesis.Case, **kwargs: Any
    ) -> None:
        _count_success_and_check(SPEC_ONLY_SUCCESSES, response, case)


# Walks start at registration only: the other operations' random-root rules are dropped (a random cancel
# of a random order only spends steps). Hypothesis gathers rules from the class, so removing them there
# is enough.
for _rule in getattr(_SpecOnlyBase, "root_rules", ()):
    if "addCustomer" not in _rule:
        setattr(SpecOnlyWorkflow, _rule, None)


@pytest.mark.skipif(LIVE, reason="random writes run against the sandbox only")
def test_spec_only_stateful_run_reaches_a_successful_cancel() -> None:
    # Register -> link an account -> place -> (read back ->) cancel, with bodies from the schemas and values
    # carried by the links alone. A second run only if the first one did not get there.
    for _ in range(2):
        SpecOnlyWorkflow.run(
            settings=settings(
                max_examples=50,
                stateful_step_count=30,
                deadline=None,
                database=None,
                derandomize=False,  # a second run is a different walk, under CI's profile too
                suppress_health_check=list(HealthCheck),
            )
        )
        if SPEC_ONLY_SUCCESSES["cancel_order"]:
            break
    reached = {name: SPEC_ONLY_SUCCESSES[name] for name in CHAIN}
    assert reached["place_order"], f"a spec-only stateful run placed no order: {reached}"
    assert reached["cancel_order"], f"a spec-only stateful run cancelled no order: {reached}"
