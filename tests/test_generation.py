"""Generation is reproducible, the drift gate catches an unregenerated spec edit, the output is typed."""

from __future__ import annotations

import asyncio
import inspect
import re
import shutil
import sys
import typing
from pathlib import Path
from typing import Any

import pytest
import yaml
from support import ROOT, operations, spec

sys.path.insert(0, str(ROOT / "generator"))

import check_generated
import generate
from multimarkets_bridge_client import facade
from multimarkets_bridge_core import spec_reading
from multimarkets_bridge_core.calls import take_wanted


def test_committed_output_equals_a_fresh_generation() -> None:
    assert check_generated.drift() == ""


def test_drift_gate_fails_when_the_spec_changes_without_regeneration(tmp_path: Path) -> None:
    edited = spec()
    edited = yaml.safe_load(yaml.safe_dump(edited))
    props = edited["components"]["schemas"]["ListCustomersRequest"]["properties"]
    props["status"] = {"type": "integer", "description": "filter added without regenerating"}
    spec_file = tmp_path / "edited.yaml"
    spec_file.write_text(yaml.safe_dump(edited, sort_keys=False), encoding="utf-8")

    diff = check_generated.drift(spec_path=spec_file)

    assert "+++ regenerated/models/list_customers_request.py" in diff
    assert "status" in diff
    assert check_generated.main(["--spec", str(spec_file)]) == 1


def test_generation_fails_on_a_spec_the_generator_cannot_fully_represent(tmp_path: Path) -> None:
    broken = yaml.safe_load(yaml.safe_dump(spec()))
    broken["components"]["schemas"]["ListCustomersRequest"]["properties"]["current"] = {
        "$ref": "#/components/schemas/Nope"
    }
    spec_file = tmp_path / "broken.yaml"
    spec_file.write_text(yaml.safe_dump(broken, sort_keys=False), encoding="utf-8")
    output = tmp_path / "out" / "multimarkets_bridge_client"  # a package generated before, kept whole
    shutil.copytree(ROOT / "generated_client" / "multimarkets_bridge_client", output,
                    ignore=shutil.ignore_patterns("__pycache__"))  # fmt: skip
    before = {p.relative_to(output): p.read_bytes() for p in sorted(output.rglob("*")) if p.is_file()}
    with pytest.raises(generate.GenerationError):
        generate.generate(output, spec_file)
    after = {p.relative_to(output): p.read_bytes() for p in sorted(output.rglob("*")) if p.is_file()}
    assert after == before  # built aside: the failed generation touched nothing
    assert [p.name for p in output.parent.iterdir()] == ["multimarkets_bridge_client"]  # nothing left over


def test_client_view_strips_injected_headers_and_converts_any_of_rules() -> None:
    view = generate.client_view(spec())
    for _, op in spec_reading.operations(view):
        assert "parameters" not in op
    register = view["components"]["schemas"]["RegisterCustomerRequest"]
    assert "anyOf" not in register
    assert register["x-require-any-of"] == [["phone"], ["email"]]
    # alternatives over one base fold into the base: one model per body, the SDK's signatures unchanged
    schemas = view["components"]["schemas"]
    order = schemas["PlaceOrderRequest"]
    assert order["x-require-any-of"] == [["price", "num"], ["num"], ["amount"]]
    assert order["allOf"][0] == {"$ref": "#/components/schemas/TradingAccountSelector"}
    folded = generate.folded_view(spec())["components"]["schemas"]["PlaceOrderRequest"]
    positive = spec()["components"]["schemas"]["PositiveDecimal"]
    assert folded["allOf"][1]["properties"]["price"]["pattern"] == positive["pattern"]  # inlined
    assert "x-require-any-of" not in schemas["AddExchangeAccountRequest"]  # one alternative adds nothing
    gone = {"LimitOrder", "MarketOrderByNum", "OrderFields", "PhoneRegistration", "PositiveDecimal", "Phone"}
    assert gone.isdisjoint(schemas)
    assert {"OrderType", "ExchangeCode", "CustomerStatus"} <= set(schemas)  # enums keep their names
    assert "anyOf" in spec()["components"]["schemas"]["RegisterCustomerRequest"], (
        "the source spec is untouched"
    )


def test_registry_matches_the_spec() -> None:
    assert set(facade.OPERATIONS) == {op["operationId"] for _, op in operations()}
    for path, op in operations():
        entry = facade.OPERATIONS[op["operationId"]]
        assert entry.path == path
        assert entry.group == op["x-group"]
        assert entry.doc_status == op["x-doc-status"]
        assert entry.read_only is op["x-read-only"]
    # the alternatives of a body stay in the spec (anyOf), which the SDK and the sandbox compile
    assert (
        str(
            body_violation(
                "RegisterCustomerRequest",
                {"pwd": "0" * 32, "country": "CN", "registerSource": 1, "customerGroupId": 1},
            )
        )
        == "needs phone or email"
    )
    cancel = {"symbolId": 1, "tradeType": 10, "exchangeId": "okx", "accountName": "a", "customerNo": "1"}
    assert str(
        body_violation(facade.OPERATIONS["cancel_order"].body_schema, {**cancel, "customerGroupId": 1})
    ) == ("needs orderId or clientOrderId")


from multimarkets_bridge.request_schema import body_violation  # noqa: E402


def hint_namespace() -> dict[str, object]:
    """What resolves the facade's annotations at run time: the models are imported under TYPE_CHECKING
    (the package imports them lazily), so the resolver adds them."""
    from decimal import Decimal

    from multimarkets_bridge.pagination import AsyncPager, Pager
    from multimarkets_bridge_client import models

    return {
        **vars(facade),
        **{name: getattr(models, name) for name in models.__all__},
        "Decimal": Decimal,
        "Pager": Pager,
        "AsyncPager": AsyncPager,
    }


@pytest.mark.parametrize(
    "mixin",
    [
        facade.BridgeOperations,
        facade.AsyncBridgeOperations,
    ],
)
def test_every_operation_is_a_fully_typed_keyword_only_method(mixin: type) -> None:
    for op_id in facade.OPERATIONS:
        method = getattr(mixin, op_id)
        hints = typing.get_type_hints(method, globalns=hint_namespace())
        params = [p for p in inspect.signature(method).parameters.values() if p.name != "self"]
        assert params, op_id
        assert all(p.kind is inspect.Parameter.KEYWORD_ONLY for p in params), op_id
        assert set(hints) == {p.name for p in params} | {"return"}, op_id


class _Marks(facade.BridgeOperations):
    """Records whether each call was made through a raw view."""

    def _invoke(self, operation: Any, body: Any, options: Any) -> Any:
        return (take_wanted(), operation.operation_id)


class _AsyncMarks(facade.AsyncBridgeOperations):
    async def _ainvoke(self, operation: Any, body: Any, options: Any) -> Any:
        return (take_wanted(), operation.operation_id)


def test_the_raw_views_wrap_each_method_once() -> None:
    """One rendering per operation and flavour: the raw views are the methods themselves, wrapped (same
    signature, overloads included), and only the wrapped call is marked raw."""
    ops, aops = _Marks(), _AsyncMarks()
    raw, araw = facade.RawBridgeOperations(ops), facade.AsyncRawBridgeOperations(aops)
    for op_id in facade.OPERATIONS:
        for view, methods in ((raw, ops), (araw, aops)):
            wrapped, method = getattr(view, op_id), getattr(methods, op_id)
            assert inspect.signature(wrapped) == inspect.signature(method), op_id
            assert wrapped.__wrapped__ == method, op_id
    assert raw.list_customers() == ("raw", "list_customers")
    assert ops.list_customers() == ("data", "list_customers")  # the mark does not outlive the call
    assert asyncio.run(araw.list_products()) == ("raw", "list_products")
    assert asyncio.run(aops.list_products()) == ("data", "list_products")
    assert len(set(vars(raw))) == len(facade.OPERATIONS)


def test_the_paginate_views_wrap_each_list_method_once() -> None:
    """The paginate views are the list methods themselves, wrapped (same signature, overloads included):
    the call is marked ``pager`` and what the runtime answers must be a pager, or the view refuses it."""
    ops, aops = _Marks(), _AsyncMarks()
    paged, apaged = facade.BridgePaginators(ops), facade.AsyncBridgePaginators(aops)
    listed = {op_id for op_id, op in facade.OPERATIONS.items() if op.pagination is not None}
    assert set(vars(paged)) == set(vars(apaged)) == listed
    for op_id in listed:
        for view, methods in ((paged, ops), (apaged, aops)):
            wrapped, method = getattr(view, op_id), getattr(methods, op_id)
            assert inspect.signature(wrapped) == inspect.signature(method), op_id
            assert wrapped.__wrapped__ == method, op_id
    for view in (paged, apaged):  # _Marks answers a tuple: a view never hands that on as a pager
        with pytest.raises(TypeError, match=r"list_customers is not a list method .* answered a tuple"):
            view.list_customers()
    assert ops.list_customers() == ("data", "list_customers")  # the mark does not outlive the call


def test_required_fields_are_required_and_enums_are_typed() -> None:
    params = inspect.signature(facade.BridgeOperations.place_order).parameters
    assert params["symbol_id"].default is inspect.Parameter.empty
    assert params["direction"].annotation == "Direction | Literal[1, 2]"  # the enum or its raw value
    assert params["biz_type"].annotation == "OrderType | Literal[1, 2]"
    assert params["price"].annotation == "Decimal | int | str | Unset"  # x-decimal
    assert params["client_order_id"].annotation == "str | Unset"
    # the account selector: one typed value, or its fields one by one (tradeType's only value by default)
    assert params["account"].annotation == "TradingAccountSelector | None"
    assert params["trade_type"].annotation == "TradeType | Literal[10] | None"
    assert params["exchange_id"].default is None
    by_selector, by_fields = (
        inspect.signature(o).parameters for o in typing.get_overloads(facade.BridgeOperations.place_order)
    )
    assert by_selector["account"].default is inspect.Parameter.empty
    assert "exchange_id" not in by_selector
    assert by_fields["exchange_id"].default is inspect.Parameter.empty
    assert "account" not in by_fields
    assert typing.get_overloads(facade.BridgeOperations.list_customers) == []
    paging = inspect.signature(facade.BridgeOperations.list_customers).parameters
    assert paging["current"].annotation == paging["size"].annotation == "str | int | Unset"  # x-also-accepts
    hints = typing.get_type_hints(facade.BridgeOperations.subscribe_webhook, globalns=hint_namespace())
    assert hints["return"] is bool


def test_generated_package_is_typed_and_ships_wire_models() -> None:
    package = ROOT / "generated_client" / "multimarkets_bridge_client"
    assert (package / "py.typed").exists()
    from multimarkets_bridge_client import wire_models

    notification = wire_models.BridgeNotification.model_validate({"msgType": "trade", "content": "{}"})
    assert notification.msg_type == "trade"


def test_retry_lookups_point_at_read_only_operations_sharing_the_key() -> None:
    from support import merged

    lookups = {op_id: op.retry_lookup for op_id, op in facade.OPERATIONS.items() if op.retry_lookup}
    assert {op_id: rule.operation_id for op_id, rule in lookups.items()} == {
        "place_order": "query_order",
        "cancel_order": "query_order",
    }
    assert lookups["place_order"].generate_key == "clientOrderId"
    assert lookups["cancel_order"].landed_when == {"status": ("4",)}
    schemas = spec()["components"]["schemas"]
    for op_id, rule in lookups.items():
        lookup = facade.OPERATIONS[rule.operation_id]
        assert lookup.read_only
        write_fields = merged(schemas[facade.OPERATIONS[op_id].body_schema])["properties"]
        for key in rule.keys:
            assert key in write_fields
            assert key in merged(schemas[lookup.body_schema])["properties"]
        assert set(rule.match) <= set(write_fields)
        assert rule.not_found_codes  # a lookup must be able to say "no such record"


def test_platform_limits_are_read_from_the_spec_by_sdk_and_sandbox() -> None:
    """The rate limit, the first ban and the recvWindow default have one home, the spec: the
    generated ``PLATFORM`` carries them, and the SDK's pacing, its 429 error and the sandbox's gateway
    take their defaults from it."""
    import copy

    import facade_render
    from multimarkets_bridge.auth import validate_recv_window
    from multimarkets_bridge.coordination import RateBudget
    from multimarkets_bridge.error_mapping import error_from_status
    from multimarkets_bridge.errors import ConfigurationError
    from multimarkets_bridge_client.registry import PLATFORM
    from multimarkets_bridge_sandbox.gateway import RateLimiter

    limits = spec()["x-rate-limit"]
    recv = spec()["components"]["parameters"]["recvWindow"]["schema"]
    assert (
        limits["requests"],
        limits["window-seconds"],
        limits["first-ban-seconds"],
        int(recv["default"]),
        tuple(recv["x-integer-range"]),
    ) == PLATFORM
    edited = copy.deepcopy(spec())
    edited["x-rate-limit"]["requests"] = 7
    assert "requests=7," in facade_render.platform_code(edited)
    del edited["x-rate-limit"]
    with pytest.raises(generate.GenerationError, match="x-rate-limit"):
        facade_render.platform_code(edited)
    assert (RateBudget().limit, RateBudget().window) == (PLATFORM.requests, PLATFORM.window_seconds)
    limiter = RateLimiter()
    assert (limiter.limit, limiter.first_ban_seconds) == (PLATFORM.requests, PLATFORM.first_ban_seconds)
    error = error_from_status(429, None, biz_type=None, operation_id=None, headers={}, request_trace=None)
    assert f"{PLATFORM.requests} requests per {PLATFORM.window_seconds:g} s" in str(error)
    low, high = PLATFORM.recv_window_range_ms
    assert (validate_recv_window(low), validate_recv_window(high)) == (low, high)  # its ends are accepted
    for beyond in (low - 1, high + 1):
        with pytest.raises(ConfigurationError, match=f"between {low} and {high}"):
            validate_recv_window(beyond)
    del edited["components"]["parameters"]["recvWindow"]["schema"]["x-integer-range"]
    edited["x-rate-limit"] = limits
    with pytest.raises(generate.GenerationError, match="x-integer-range"):
        facade_render.platform_code(edited)


def test_the_recv_window_pattern_states_the_same_range() -> None:
    """The header's ``pattern`` (what validators check) and its ``x-integer-range`` (what the SDK reads)
    agree on every integer written as plain decimal text, from below the range to well above it."""
    schema = spec()["components"]["parameters"]["recvWindow"]["schema"]
    low, high = schema["x-integer-range"]
    pattern = re.compile(schema["pattern"])
    disagree = [
        value
        for value in [*range(low - 10, 2 * high), 10 * high, 10**9]
        if (pattern.fullmatch(str(value)) is not None) != (low <= value <= high)
    ]
    assert disagree == []


def test_notification_types_map_to_models_from_the_spec() -> None:
    """Message type -> model is the spec's (``contentSchema`` members, ``x-message-type``); the
    receiver's ``Message`` union names the same models, and every ``NotificationType`` has one."""
    import copy
    import typing

    import facade_render
    from multimarkets_bridge.notification_content import Message
    from multimarkets_bridge_client import models
    from multimarkets_bridge_client.registry import NOTIFICATION_MODELS

    assert set(NOTIFICATION_MODELS) == set(spec()["components"]["schemas"]["NotificationType"]["enum"])
    assert set(typing.get_args(Message)) == {getattr(models, name) for name in NOTIFICATION_MODELS.values()}
    edited = copy.deepcopy(spec())
    del edited["components"]["schemas"]["QuoteTag"]["x-message-type"]
    with pytest.raises(generate.GenerationError, match="QuoteTag needs x-message-type"):
        facade_render.notification_models_code(edited)
