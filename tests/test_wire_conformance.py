"""Any JSON Schema 2020-12 validator can check the wire against the spec, and catches a wrong answer.

Every operation is called on the sandbox (served over loopback); its captured answer must validate
against the operation's 200 response schema. Then the answer is mutated - a wrong JSON type at the
root of ``data`` or at its first typed field - and the validator must reject it, as it must reject
``code "0"`` with ``ok: false`` and an unknown ``subscribe_webhook`` value.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from typing import Any

import jsonschema
import pytest
from conftest import register_secret
from multimarkets_bridge import BridgeClient, OrderType, RegisterSource
from multimarkets_bridge_sandbox import Sandbox, SandboxServer
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012
from support import operations, sandbox_client_options, spec

PWD = "dc483e80a7a0bd9ef71d8cf973673924"
#: Operations whose `data` the vendor does not describe: the spec accepts any value there on purpose.
UNDESCRIBED_DATA = {
    "add_exchange_account",
    "update_exchange_account",
    "delete_exchange_account",
    "cancel_customer",
}


def _validator() -> jsonschema.Draft202012Validator:
    resource = Resource.from_contents(spec(), default_specification=DRAFT202012)
    registry: Registry = Registry().with_resource("urn:bridge-spec", resource)
    return jsonschema.Draft202012Validator({}, registry=registry)


def response_schema(operation_id: str) -> dict[str, Any]:
    op = next(o for _, o in operations() if o["operationId"] == operation_id)
    return _rebase(op["responses"]["200"]["content"]["application/json"]["schema"])


def _rebase(node: Any) -> Any:
    if isinstance(node, dict):
        return {
            k: ("urn:bridge-spec" + v if k == "$ref" and v.startswith("#") else _rebase(v))
            for k, v in node.items()
        }
    if isinstance(node, list):
        return [_rebase(v) for v in node]
    return node


def errors(operation_id: str, envelope: Any) -> list[str]:
    validator = _validator().evolve(schema=response_schema(operation_id))
    return [e.message for e in validator.iter_errors(envelope)]


@pytest.fixture(scope="module")
def captured() -> dict[str, dict[str, Any]]:
    """One real success envelope per operation, from a business flow on the sandbox."""
    sandbox = Sandbox(rate_limit_per_minute=None)
    credentials = sandbox.issue_key(360, key_size=1024)
    register_secret(credentials.secret_key)
    answers: dict[str, dict[str, Any]] = {}
    with SandboxServer(sandbox) as server:
        options = sandbox_client_options(server, credentials, rate_limit_per_minute=None)
        with BridgeClient(**options) as client:
            raw = client.with_raw_response

            def keep(name: str, response: Any) -> Any:
                answers[name] = dict(response.envelope)
                return response.data

            number = keep(
                "register_customer",
                raw.register_customer(
                    phone="13900000001", pwd=PWD, country="CN",
                    register_source=RegisterSource.H5, customer_group_id=1,
                ),
            )  # fmt: skip
            keep("list_customers", raw.list_customers(size=10))
            keep("get_customer_details", raw.get_customer_details(customer_no=number))
            keep(
                "add_exchange_account",
                raw.add_exchange_account(
                    customer_no=number, exchange_code="binance", account_type="spot", account_name="w",
                    account_api_key="binance-key-00000042", account_secret_key="x",
                ),
            )  # fmt: skip
            accounts = keep("list_exchange_accounts", raw.list_exchange_accounts(customer_no=number))
            account_id = accounts.records[0].id
            keep("update_exchange_account", raw.update_exchange_account(id=account_id, passphrase="p"))
            sandbox.seed_balance(number, "w", "USDT", "100000")
            sandbox.seed_deposit(number, "w", "USDT", "5")
            sandbox.set_price(1, "60000")
            selector = {
                "exchange_id": "binance",
                "account_name": "w",
                "customer_no": number,
                "customer_group_id": 1,
            }
            keep("query_balances", raw.query_balances(**selector))
            keep("query_deposit_records", raw.query_deposit_records(**selector))
            resting = keep(
                "place_order",
                raw.place_order(
                    **selector, symbol_id=1, biz_type=OrderType.LIMIT, direction=1, price="1000", num="0.01"
                ),
            )
            client.place_order(**selector, symbol_id=1, biz_type=OrderType.MARKET, direction=1, amount="100")
            keep("query_order", raw.query_order(**selector, symbol_id=1, order_id=resting.order_id))
            keep("query_trade_records", raw.query_trade_records(**selector, symbol_id=1))
            keep("cancel_order", raw.cancel_order(**selector, symbol_id=1, order_id=resting.order_id))
            keep(
                "subscribe_webhook",
                raw.subscribe_webhook(api_key=credentials.api_key, webhook_url="http://h/x"),
            )
            keep("list_dictionary_entries", raw.list_dictionary_entries(parent_code="phone_code"))
            keep("list_company_currencies", raw.list_company_currencies())
            keep("list_products", raw.list_products(company_id="360"))
            keep("delete_exchange_account", raw.delete_exchange_account(customer_no=number, account_name="w"))
            keep("cancel_customer", raw.cancel_customer(customer_no=number, remark="done"))
    sandbox.close()
    return answers


OPERATION_IDS = sorted(op["operationId"] for _, op in operations())


def test_every_operation_was_captured(captured: dict[str, dict[str, Any]]) -> None:
    assert sorted(captured) == OPERATION_IDS


@pytest.mark.parametrize("operation_id", OPERATION_IDS)
def test_captured_answers_validate(captured: dict[str, dict[str, Any]], operation_id: str) -> None:
    assert errors(operation_id, captured[operation_id]) == []


def _wrong(value: Any) -> Any:
    """A value of another JSON type."""
    if isinstance(value, bool):
        return "maybe"
    if isinstance(value, int | float):
        return "one"
    if isinstance(value, str):
        return {"not": "a string"}
    if isinstance(value, list):
        return {"not": "an array"}
    if isinstance(value, dict):
        return ["not", "an object"]
    return 12345


def mutations(data: Any) -> Iterator[tuple[str, Any]]:
    """``data`` with a wrong type at the root, then at each of its (first level) fields."""
    yield "data", _wrong(data)
    record = data[0] if isinstance(data, list) and data else data
    if isinstance(record, dict):
        for key, value in record.items():
            changed = copy.deepcopy(data)
            target = changed[0] if isinstance(changed, list) else changed
            target[key] = _wrong(value)
            yield f"data.{key}", changed


@pytest.mark.parametrize("operation_id", OPERATION_IDS)
def test_a_wrong_data_shape_is_rejected(captured: dict[str, dict[str, Any]], operation_id: str) -> None:
    envelope = captured[operation_id]
    if operation_id in UNDESCRIBED_DATA:
        # the vendor publishes no `data` here, so the spec accepts any value (and says so)
        assert errors(operation_id, {**envelope, "data": _wrong(envelope.get("data"))}) == []
        return
    rejected, accepted = [], []
    for where, data in mutations(envelope["data"]):
        (rejected if errors(operation_id, {**envelope, "data": data}) else accepted).append(where)
    assert "data" in rejected, f"{operation_id}: a wrong type for data itself validates"
    assert rejected, operation_id
    if accepted:  # only fields the spec leaves open (additional properties, untyped values)
        assert all(where.startswith("data.") for where in accepted), (operation_id, accepted)


@pytest.mark.parametrize("operation_id", OPERATION_IDS)
def test_success_flags_must_agree_with_the_code(
    captured: dict[str, dict[str, Any]], operation_id: str
) -> None:
    envelope = captured[operation_id]
    assert errors(operation_id, {**envelope, "ok": False})
    assert errors(operation_id, {**envelope, "fail": True})
    assert errors(operation_id, {**envelope, "code": 0})  # the code is a string
    error = {**envelope, "code": "GGATEWAY_CODE_015", "ok": False, "fail": True, "data": "biz"}
    assert errors(operation_id, error) == []  # a real error envelope validates against the error branch


def test_unknown_subscribe_value_is_rejected(captured: dict[str, dict[str, Any]]) -> None:
    envelope = captured["subscribe_webhook"]
    assert envelope["data"] == "true"
    assert errors("subscribe_webhook", {**envelope, "data": "false"}) == []
    assert errors("subscribe_webhook", {**envelope, "data": "maybe"})
    assert errors("subscribe_webhook", {**envelope, "data": True})


def test_error_envelopes_cannot_claim_code_zero() -> None:
    schema = {"$ref": "urn:bridge-spec#/components/schemas/ErrorEnvelope"}
    validator = _validator().evolve(schema=schema)
    assert not validator.is_valid({"code": "0", "msg": "Success", "data": "anything"})
    assert validator.is_valid({"code": "SYS_BUSY", "msg": "busy", "data": "anything"})
