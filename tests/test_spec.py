"""The spec is a valid OpenAPI 3.1 contract, complete, honest about its sources, and self-consistent."""

from __future__ import annotations

import itertools
import re
from typing import Any

import jsonschema
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openapi_spec_validator import validate
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012
from support import ROOT, deref, merged, operations, spec

DOC_STATUSES = {"complete", "partial", "inferred"}
TAGS = {"customers", "accounts", "trading", "subscriptions", "reference_data"}


def test_spec_is_valid_openapi_3_1() -> None:
    document = spec()
    assert document["openapi"].startswith("3.1")
    validate(document)


def test_servers_are_the_documented_base_urls() -> None:
    urls = [server["url"] for server in spec()["servers"]]
    assert urls == ["https://pre-api-test.cmfbl.com/webhook", "https://api.multimarkets.org/webhook"]


@pytest.mark.parametrize(
    ("path", "op"), list(operations()), ids=lambda v: v.get("operationId") if isinstance(v, dict) else ""
)
def test_operation_metadata(path: str, op: dict[str, Any]) -> None:
    assert re.fullmatch(r"[a-z][a-z0-9_]*", op["operationId"])
    assert len(op["tags"]) == 1
    assert op["tags"][0] in TAGS
    assert op["summary"]
    assert op["description"]
    sites = {
        "x-doc-url": "https://docs.multimarkets.org/",
        "x-doc-url-cn": "https://docs-cn.multimarkets.org/",
    }
    pages = {key: op[key] for key in sites if key in op}
    assert pages, "every operation names its page on at least one of the vendor's sites"
    assert all(url.startswith(sites[key]) for key, url in pages.items()), pages
    assert op["x-doc-status"] in DOC_STATUSES
    assert isinstance(op["x-unknowns"], list)
    assert op["x-unknowns"], "every operation names what the docs leave open"
    assert path == "/global/" + op["x-biz-type"]
    assert op["x-api-version"] == "0.0.1"
    assert op["x-sdk-data"] in {"model", "none", "raw", "bool_string"}
    assert isinstance(op["x-read-only"], bool)
    header_refs = {p["$ref"].rsplit("/", 1)[-1] for p in op["parameters"]}
    expected = {"companyId", "trace", "recvWindow", "lang", "version"}
    if op["x-group"] == "tradeApi":
        expected.add("group")
        assert op["tags"] == ["trading"]
    else:
        assert op["x-group"] is None
    assert header_refs == expected


def test_injected_headers_are_flagged_and_signing_headers_are_security_schemes() -> None:
    components = spec()["components"]
    assert all(p["x-sdk-injected"] is True for p in components["parameters"].values())
    schemes = components["securitySchemes"]
    assert {s["name"] for s in schemes.values()} == {"apiKey", "timestamp", "signature"}
    assert spec()["security"] == [{"apiKey": [], "timestamp": [], "signature": []}]


def test_operation_ids_are_unique_and_the_set_is_the_coverage_table() -> None:
    ids = [op["operationId"] for _, op in operations()]
    assert len(ids) == len(set(ids)) == 18
    table = _coverage_table()
    assert set(table) == set(ids)
    for _, op in operations():
        status, doc_url = table[op["operationId"]]
        assert status == op["x-doc-status"], op["operationId"]
        assert doc_url == op["x-doc-url"], op["operationId"]


def _coverage_table() -> dict[str, tuple[str, str]]:
    """Rows ``| `operation_id` | bizType | doc URL | status |`` of spec/README.md's coverage table."""
    text = (ROOT / "spec" / "README.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| `([a-z_]+)` \| `[^`]+` \| (\S+) \| (complete|partial|inferred) \|", text, re.M)
    return {op_id: (status, url) for op_id, url, status in rows}


def _validator(schema: dict[str, Any]) -> jsonschema.Draft202012Validator:
    """A validator for a ``{"$ref": "#/components/..."}`` schema of the spec."""
    resource = Resource.from_contents(spec(), default_specification=DRAFT202012)
    registry: Registry = Registry().with_resource("urn:bridge-spec", resource)
    return jsonschema.Draft202012Validator({"$ref": "urn:bridge-spec" + schema["$ref"]}, registry=registry)


def _examples() -> list[tuple[str, dict[str, Any], Any]]:
    found = []
    for _, op in operations():
        media = op["requestBody"]["content"]["application/json"]
        for name, example in media.get("examples", {}).items():
            found.append((f"{op['operationId']}.request.{name}", media["schema"], example["value"]))
        response_media = op["responses"]["200"]["content"]["application/json"]
        for name, example in response_media.get("examples", {}).items():
            found.append(
                (
                    f"{op['operationId']}.response.{name}",
                    response_media["schema"]["anyOf"][0],
                    example["value"],
                )
            )
    return found


@pytest.mark.parametrize(("where", "schema", "value"), _examples(), ids=[e[0] for e in _examples()])
def test_every_example_validates_against_its_schema(where: str, schema: dict[str, Any], value: Any) -> None:
    errors = sorted(_validator(schema).iter_errors(value), key=str)
    assert not errors, f"{where}: {errors[0].message}"


def test_registration_requires_phone_or_email() -> None:
    validator = _validator({"$ref": "#/components/schemas/RegisterCustomerRequest"})
    base = {
        "pwd": "dc483e80a7a0bd9ef71d8cf973673924",
        "country": "CN",
        "registerSource": 1,
        "customerGroupId": 1,
    }
    assert not validator.is_valid(base)
    assert validator.is_valid({**base, "phone": "13200000092"})
    assert validator.is_valid({**base, "email": "a@example.com"})


def test_client_order_id_pattern_and_limit_range() -> None:
    order = {"$ref": "#/components/schemas/PlaceOrderRequest"}
    base = {
        "tradeType": 10,
        "exchangeId": "binance",
        "accountName": "a",
        "customerNo": "1",
        "customerGroupId": 1,
        "symbolId": 1,
        "bizType": 1,
        "direction": 1,
        "num": "0.5",
    }
    assert _validator(order).is_valid({**base, "clientOrderId": "abc123"})
    assert not _validator(order).is_valid({**base, "clientOrderId": "has-dash"})
    assert not _validator(order).is_valid({**base, "clientOrderId": "a" * 21})
    trades = {"$ref": "#/components/schemas/QueryTradeRecordsRequest"}
    trade_base = {k: v for k, v in base.items() if k not in {"bizType", "direction"}}
    assert _validator(trades).is_valid({**trade_base, "limit": 100})
    # out of 1..100 the platform falls back to 20 (page rule): valid on the wire, documented as data
    assert _validator(trades).is_valid({**trade_base, "limit": 101})
    rule = merged(spec()["components"]["schemas"]["QueryTradeRecordsRequest"])["properties"]["limit"]
    assert rule["x-out-of-range"] == {"minimum": 1, "maximum": 100, "fallback": 20}


def test_documented_quirks_are_kept() -> None:
    schemas = spec()["components"]["schemas"]
    subscribe_data = schemas["SubscribeWebhookResponse"]["allOf"][1]["properties"]["data"]
    assert subscribe_data["type"] == "string"
    ack_data = schemas["NotificationAck"]["allOf"][1]["properties"]["data"]
    assert ack_data["type"] == "boolean"
    assert deref(schemas["TradeType"])["enum"] == [10]
    assert schemas["EnvelopeMeta"]["properties"]["msgParams"]["type"] == ["string", "null"]


def test_webhooks_cover_notifications_and_webhook_api_callbacks() -> None:
    hooks = spec()["webhooks"]
    assert set(hooks) == {
        "bridgeNotification",
        "getUserAmount",
        "creditLimitAdjustment",
        "cancelCreditLimitAdjustment",
    }
    for hook in hooks.values():
        assert hook["post"]["x-doc-url"].startswith("https://docs.multimarkets.org/")
    cancel = hooks["cancelCreditLimitAdjustment"]["post"]
    assert set(cancel["x-reply-codes"]) == {"0", "US_0000001", "US_0000002"}
    assert hooks["creditLimitAdjustment"]["post"]["x-idempotency-key"] == "requestUniqueNo"
    statuses = deref({"$ref": "#/components/schemas/OrderStatus"})["enum"]
    assert statuses == [str(n) for n in range(1, 8)]


def test_inferred_fields_are_marked() -> None:
    schemas = spec()["components"]["schemas"]
    assert schemas["OrderFields"]["allOf"][1]["properties"]["requestTime"]["x-inferred"] is True
    for name in ("ExchangeAccount", "DepositRecord", "PlaceOrderResult", "TradeRecord", "Product"):
        assert schemas[name]["x-inferred"] is True, name


def _walk(node: Any) -> Any:
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from _walk(value)
    elif isinstance(node, list):
        for value in node:
            yield from _walk(value)


FORMAT_RANGES = {"int64": (-(2**63), 2**63 - 1), "int32": (-(2**31), 2**31 - 1)}


def test_every_sized_integer_states_its_range() -> None:
    """A member typed int64 / int32 carries minimum and maximum inside the format's range, so that
    validators which treat ``format`` as an annotation (most do) refuse 2**63 too."""
    sized = [node for node in _walk(spec()) if node.get("format") in FORMAT_RANGES]
    assert len(sized) >= 90
    for node in sized:
        low, high = FORMAT_RANGES[node["format"]]
        if "enum" in node:  # an enum's values are its range
            assert all(low <= value <= high for value in node["enum"]), node
            continue
        assert low <= node["minimum"] <= node.get("maximum", high) <= high, node


@settings(max_examples=2000, deadline=None)
@given(
    st.one_of(
        st.integers(min_value=0, max_value=2**64),
        st.integers(min_value=2**63 - 2000, max_value=2**63 + 2000),
        st.integers(min_value=0, max_value=10**25),
    ),
    st.integers(min_value=0, max_value=3),
)
def test_the_int64_digits_pattern_is_the_int64_range(number: int, zeros: int) -> None:
    """The pattern the spec uses for int64 values sent as text: exactly 0 .. 2**63 - 1, leading
    zeros allowed (Python's ``re`` and ECMA-262 agree on this ASCII-only pattern)."""
    fields = spec()["components"]["schemas"]["QueryTradeRecordsRequest"]["allOf"][1]["properties"]
    pattern = re.compile(fields["startTime"]["pattern"])
    assert fields["endTime"]["pattern"] == fields["startTime"]["pattern"]
    assert (pattern.fullmatch("0" * zeros + str(number)) is not None) is (number <= 2**63 - 1)


# ------------------------------------------------------------------- alternatives keep the old rules

#: Each body with alternatives, and its rules as the spec stated them before it was restructured for
#: other languages' generators (2026-12): the base object, plus an ``anyOf`` of required lists and an
#: ``if`` / ``then`` - the form generators cannot type, kept here only as the reference verdict.
OLD_RULES: dict[str, tuple[str, dict[str, Any]]] = {
    "PlaceOrderRequest": (
        "OrderFields",
        {
            "anyOf": [{"required": ["num"]}, {"required": ["amount"]}],
            "if": {"required": ["bizType"], "properties": {"bizType": {"const": 2}}},
            "then": {"required": ["price", "num"]},
        },
    ),
    "RegisterCustomerRequest": (
        "RegistrationFields",
        {"anyOf": [{"required": ["phone"]}, {"required": ["email"]}]},
    ),
    "OrderLookup": (
        "OrderLookupFields",
        {"anyOf": [{"required": ["orderId"]}, {"required": ["clientOrderId"]}]},
    ),
    "AddExchangeAccountRequest": (
        "ExchangeAccountFields",
        {
            "if": {"required": ["exchangeCode"], "properties": {"exchangeCode": {"const": "cumberland"}}},
            "then": {"required": ["certificate"], "properties": {"certificate": {"minLength": 2}}},
        },
    ),
}

#: Values each member may take in a drawn body: right ones, wrong ones, of other JSON types.
MEMBER_VALUES: dict[str, list[Any]] = {
    "bizType": [1, 2, 3, "2"],
    "price": ["50000", "0.5", "-1", "", 5],
    "num": ["0.001", "1e5", "0"],
    "amount": ["100", "abc"],
    "phone": ["13200000092", "12"],
    "email": ["a@example.com", "nope"],
    "orderId": ["1234567", ""],
    "clientOrderId": ["abc123", ""],
    "exchangeCode": ["binance", "okx", "cumberland", "bitstamp"],
    "certificate": ["", "ab", "0a0b", "xyz"],
}
SHARED_MEMBERS: dict[str, dict[str, Any]] = {
    "PlaceOrderRequest": {
        "tradeType": 10,
        "exchangeId": "binance",
        "accountName": "a",
        "customerNo": "1",
        "customerGroupId": 1,
        "symbolId": 1,
        "direction": 1,
    },
    "RegisterCustomerRequest": {
        "pwd": "dc483e80a7a0bd9ef71d8cf973673924",
        "country": "CN",
        "registerSource": 1,
        "customerGroupId": 1,
    },
    "OrderLookup": {
        "tradeType": 10,
        "exchangeId": "binance",
        "accountName": "a",
        "customerNo": "1",
        "customerGroupId": 1,
        "symbolId": 1,
    },
    "AddExchangeAccountRequest": {
        "customerNo": "1",
        "accountType": "spot",
        "accountName": "main",
        "accountApiKey": "k",
        "accountSecretKey": "s",
    },
}
ALTERNATIVE_MEMBERS = {
    "PlaceOrderRequest": ["bizType", "price", "num", "amount"],
    "RegisterCustomerRequest": ["phone", "email"],
    "OrderLookup": ["orderId", "clientOrderId"],
    "AddExchangeAccountRequest": ["exchangeCode", "certificate"],
}


ABSENT = object()


def _alternative_bodies(name: str) -> list[dict[str, Any]]:
    """Every combination of the alternative members' values (each also absent), over the shared
    members; then each shared member left out once."""
    members = ALTERNATIVE_MEMBERS[name]
    bodies = []
    for values in itertools.product(*([ABSENT, *MEMBER_VALUES[m]] for m in members)):
        chosen = {m: v for m, v in zip(members, values, strict=True) if v is not ABSENT}
        bodies.append({**SHARED_MEMBERS[name], **chosen})
    for shared in SHARED_MEMBERS[name]:
        bodies += [
            {k: v for k, v in body.items() if k != shared} for body in bodies[:: len(bodies) // 7 or 1]
        ]
    return bodies


@pytest.mark.parametrize("name", sorted(OLD_RULES))
def test_alternatives_give_the_verdicts_of_the_old_rules(name: str) -> None:
    """The bodies restructured as complete alternatives (for other languages' generators) allow and
    refuse exactly what the old ``anyOf``-of-required and ``if`` / ``then`` rules over the same base
    did, over every combination of the members the alternatives are about."""
    base, rules = OLD_RULES[name]
    old_schema = {"allOf": [{"$ref": f"urn:bridge-spec#/components/schemas/{base}"}, rules]}
    resource = Resource.from_contents(spec(), default_specification=DRAFT202012)
    registry: Registry = Registry().with_resource("urn:bridge-spec", resource)
    old = jsonschema.Draft202012Validator(old_schema, registry=registry)
    new = _validator({"$ref": f"#/components/schemas/{name}"})
    bodies = _alternative_bodies(name)
    differ = [body for body in bodies if old.is_valid(body) != new.is_valid(body)]
    assert differ == []
    allowed = sum(new.is_valid(body) for body in bodies)
    assert 0 < allowed < len(bodies)  # both verdicts occur
    assert alternatives_of(name) is not None  # the restructured form, as readers find it


def alternatives_of(name: str) -> tuple[str, list[dict[str, Any]]] | None:
    """The base and parts of a body's alternatives (the generator's reading of the form)."""
    import sys

    sys.path.insert(0, str(ROOT / "generator"))
    from spec_tools import alternatives

    return alternatives(spec(), {"$ref": f"#/components/schemas/{name}"})
