"""Test helpers shared by the suites: spec access, minimal instances, a recording transport."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import httpx
import yaml
from multimarkets_bridge_core import spec_reading

if TYPE_CHECKING:
    from multimarkets_bridge_sandbox import SandboxServer
    from multimarkets_bridge_sandbox.app import Credentials

ROOT = Path(__file__).resolve().parents[1]
SPEC_PATH = ROOT / "spec" / "bridge-api.openapi.yaml"
SHARED = ROOT.parent / "shared"
SEEDS = SHARED / "seeds"

_SPEC: dict[str, Any] | None = None


def spec() -> dict[str, Any]:
    global _SPEC
    if _SPEC is None:
        _SPEC = yaml.safe_load(SPEC_PATH.read_text(encoding="utf-8"))
    return _SPEC


def operations() -> Iterator[tuple[str, dict[str, Any]]]:
    return spec_reading.operations(spec())


def operation(operation_id: str) -> dict[str, Any]:
    return next(op for _, op in operations() if op["operationId"] == operation_id)


def deref(node: dict[str, Any]) -> dict[str, Any]:
    """``node`` with its local ``$ref``s followed (the spec's one reader)."""
    found: dict[str, Any] = spec_reading.deref(spec(), node)
    return found


def merged(schema: dict[str, Any]) -> dict[str, Any]:
    """An object schema with allOf members folded in (properties and required); alternatives
    (``anyOf`` / ``oneOf`` of ``$ref``s) give every member any of them has, required when all require it."""
    schema = deref(schema)
    alternatives = schema.get("anyOf") or schema.get("oneOf") or []
    if alternatives and "allOf" not in schema and all("$ref" in m for m in alternatives):
        shapes = [merged(member) for member in alternatives]
        union: dict[str, Any] = {}
        for shape in shapes:
            for name, prop in shape["properties"].items():
                union.setdefault(name, prop)
        common = [name for name in shapes[0]["required"] if all(name in s["required"] for s in shapes)]
        return {"properties": union, "required": common}
    props: dict[str, Any] = dict(schema.get("properties", {}))
    required: list[str] = list(schema.get("required", []))
    for member in schema.get("allOf", []):
        sub = merged(member)
        props.update(sub["properties"])
        required.extend(sub["required"])
    return {"properties": props, "required": required}


def minimal_instance(schema: dict[str, Any]) -> Any:
    """The smallest JSON value that satisfies ``schema`` (required members only)."""
    schema = deref(schema)
    if "const" in schema:
        return schema["const"]
    if "enum" in schema:
        return schema["enum"][0]
    if "anyOf" in schema and "type" not in schema:
        return minimal_instance(schema["anyOf"][0])
    if "allOf" in schema or schema.get("type") == "object" or "properties" in schema:
        shape = merged(schema)
        return {name: minimal_instance(shape["properties"][name]) for name in shape["required"]}
    kind = schema.get("type")
    if isinstance(kind, list):
        kind = next(k for k in kind if k != "null")
    if schema.get("x-decimal"):
        return "1.50"
    return {
        "string": "x",
        "integer": 1,
        "number": 1.5,
        "boolean": True,
        "array": [minimal_instance(schema.get("items", {}))] if "items" in schema else [],
        None: None,
    }[kind]


def success_schema(op: dict[str, Any]) -> dict[str, Any]:
    content = op["responses"]["200"]["content"]["application/json"]["schema"]
    return deref(content["anyOf"][0])


def request_example(op: dict[str, Any]) -> dict[str, Any]:
    examples = op["requestBody"]["content"]["application/json"]["examples"]
    return dict(next(iter(examples.values()))["value"])


def envelope(
    data: Any = None, *, code: str = "0", trace: str = "t-test-1700000000", **extra: Any
) -> dict[str, Any]:
    ok = code == "0"
    body = {
        "code": code,
        "msg": "Success" if ok else "failed",
        "bizCode": "",
        "tm": 5,
        "trace": trace,
        "msgParams": None,
        "ok": ok,
        "fail": not ok,
    }
    if data is not None:
        body["data"] = data
    body.update(extra)
    return body


@dataclass
class RecordingTransport(httpx.BaseTransport, httpx.AsyncBaseTransport):
    """Answers every request with ``respond(request)`` and records what was sent."""

    respond: Callable[[httpx.Request], httpx.Response]
    requests: list[httpx.Request] = field(default_factory=list)

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        request.read()
        self.requests.append(request)
        return self.respond(request)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        await request.aread()
        self.requests.append(request)
        return self.respond(request)


def json_response(payload: Any, status: int = 200, headers: dict[str, str] | None = None) -> httpx.Response:
    return httpx.Response(
        status,
        content=json.dumps(payload).encode(),
        headers={"content-type": "application/json", **(headers or {})},
    )


class FakeClock:
    """A controllable clock shared by a sandbox and a client (seconds since the epoch)."""

    def __init__(self, start: float = 1_700_000_000.0) -> None:
        self.now = start
        self.slept: list[float] = []

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds

    async def asleep(self, seconds: float) -> None:
        self.sleep(seconds)


def sandbox_client_options(server: SandboxServer, credentials: Credentials, **extra: Any) -> dict[str, Any]:
    """Keyword arguments of a client that talks to ``server`` with a key the sandbox issued."""
    return {
        "base_url": server.base_url,
        "api_key": credentials.api_key,
        "secret_key": credentials.secret_key,
        "company_id": credentials.company_id,
        **extra,
    }


def live_env(base_url: str, api_key: str, secret_key: str, company_id: int = 360) -> dict[str, str]:
    """The MULTIMARKETS_* variables a live run reads, pointing at ``base_url``."""
    return {
        "MULTIMARKETS_BASE_URL": base_url,
        "MULTIMARKETS_API_KEY": api_key,
        "MULTIMARKETS_SECRET_KEY": secret_key,
        "MULTIMARKETS_COMPANY_ID": str(company_id),
    }


def platform_dedupes(monkeypatch: Any, operation_id: str, on: bool) -> None:
    """Make the runtime see ``x-retry-lookup.platform-dedupes: on`` for one operation (the spec says
    false for place_order: a test of the resend path needs a platform model the spec does not claim)."""
    from multimarkets_bridge_client.facade import OPERATIONS

    operation = OPERATIONS[operation_id]
    assert operation.retry_lookup is not None
    rule = operation.retry_lookup._replace(platform_dedupes=on)
    monkeypatch.setitem(OPERATIONS, operation_id, operation._replace(retry_lookup=rule))


def copy_repo(tmp_path: Path) -> Path:
    """A copy of the parts of the repository the docs loop writes or proves with: spec, generator,
    generated client, runtime, sandbox, tests, and the package version (pyproject)."""
    import shutil

    root = tmp_path / "repo"
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", ".hypothesis", "*.egg-info")
    for part in ("spec", "generator", "generated_client", "overrides", "sandbox", "tests"):
        shutil.copytree(ROOT / part, root / part, ignore=ignore)
    shutil.copy(ROOT / "pyproject.toml", root / "pyproject.toml")
    return root


def open_funded_account(client: Any, sandbox: Any, phone: str, usdt: str = "100000") -> str:
    """Register a customer through ``client``, link a Binance spot account "main" and seed it with
    ``usdt`` in ``sandbox``; returns the customer number."""
    number: str = client.register_customer(
        phone=phone, pwd="dc483e80a7a0bd9ef71d8cf973673924", country="CN",
        register_source=3, customer_group_id=1,
    )  # fmt: skip
    client.add_exchange_account(
        customer_no=number, exchange_code="binance", account_type="spot", account_name="main",
        account_api_key="k", account_secret_key="s",
    )  # fmt: skip
    sandbox.seed_balance(number, "main", "USDT", usdt)
    return number


def funded_trading_account(bridge_sandbox: Any, phone: str) -> Any:
    """A new customer of ``bridge_sandbox`` with a linked Binance spot account "main" holding 100,000
    USDT; returns its ``TradingAccountSelector``."""
    from multimarkets_bridge import models

    number = open_funded_account(bridge_sandbox.client, bridge_sandbox.sandbox, phone)
    return models.TradingAccountSelector(
        trade_type=models.TradeType.TRADING_BRIDGE, exchange_id=models.ExchangeId.BINANCE,
        account_name="main", customer_no=number, customer_group_id=1,
    )  # fmt: skip
