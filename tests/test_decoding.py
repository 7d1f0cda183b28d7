"""The typed decoder: one set of type rules, validated while the attrs models are built from the bytes."""

from __future__ import annotations

import json
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from multimarkets_bridge import OPERATIONS
from multimarkets_bridge.envelope import JsonEnvelope, decode_envelope, read_success, unwrap
from multimarkets_bridge.errors import ResponseValidationError
from multimarkets_bridge_client.models import CustomerPage, CustomerRecord, Direction

LIST = OPERATIONS["list_customers"]


def page(records: list[dict[str, Any]], **extra: Any) -> dict[str, Any]:
    return {
        "code": "0",
        "msg": "Success",
        "ok": True,
        "fail": False,
        "tm": 3,
        "trace": "t-x",
        "data": {"current": 1, "size": 20, "total": len(records), "records": records, **extra},
    }


def both_paths(envelope: dict[str, Any]) -> tuple[Any, Any]:
    content = json.dumps(envelope).encode()
    fast = read_success(LIST, 200, content)
    slow = unwrap(LIST, decode_envelope(200, content, {}, LIST, "t"), http_status=200)
    return (fast.data if fast else None), slow


def test_records_become_attrs_models_and_unknown_members_are_kept() -> None:
    fast, slow = both_paths(page([{"customerNo": "86000001", "status": 1, "vipLevel": 3}], cursor="abc"))
    for data in (fast, slow):
        assert isinstance(data, CustomerPage)
        record = data.records[0]
        assert isinstance(record, CustomerRecord)
        assert (record.customer_no, record.status) == ("86000001", 1)
        assert record.email is None  # absent: None on received models, never Unset
        assert record.additional_properties == {"vipLevel": 3}
        assert data.additional_properties == {"cursor": "abc"}
    assert fast == slow


@pytest.mark.parametrize(
    ("record", "where"),
    [
        ({"status": "1"}, "data.records[0].status: Input should be a valid integer"),
        ({"status": True}, "data.records[0].status: Input should be a valid integer"),
        ({"customerNo": 86000001}, "data.records[0].customerNo: Input should be a valid string"),
        ({"createTime": 1.5}, "data.records[0].createTime: Input should be a valid integer"),
    ],
)
def test_a_wrong_type_anywhere_names_its_path(record: dict[str, Any], where: str) -> None:
    content = json.dumps(page([{}, record])).encode()
    assert read_success(LIST, 200, content) is None, "the fast path never accepts a wrong type"
    with pytest.raises(ResponseValidationError) as caught:
        unwrap(LIST, decode_envelope(200, content, {}, LIST, "t"), http_status=200)
    assert where.replace("[0]", "[1]") in str(caught.value)
    assert caught.value.trace == "t-x"


def test_missing_required_member_is_named() -> None:
    envelope = page([])
    del envelope["data"]["total"]
    content = json.dumps(envelope).encode()
    assert read_success(LIST, 200, content) is None
    with pytest.raises(ResponseValidationError, match="missing required field 'total' in data"):
        unwrap(LIST, decode_envelope(200, content, {}, LIST, "t"), http_status=200)


def test_fast_path_declines_errors_and_contradictions_so_the_full_path_can_name_them() -> None:
    register = OPERATIONS["register_customer"]
    error = b'{"code":"USCUSTOMER_API_0000504","msg":"bad phone","data":"customer.admin.x"}'
    assert read_success(register, 200, error) is None  # data is a string like the success's
    contradiction = json.dumps({**page([]), "ok": False}).encode()
    assert read_success(LIST, 200, contradiction) is None
    assert read_success(LIST, 503, json.dumps(page([])).encode()) is None
    assert read_success(LIST, 200, b"<html>") is None
    deep = b'{"code":"0","data":' + b"[" * 100_000 + b"]" * 100_000 + b"}"
    assert read_success(LIST, 200, deep) is None


def test_envelope_is_decoded_only_when_read() -> None:
    content = json.dumps(page([])).encode()
    found = read_success(LIST, 200, content)
    assert found is not None
    assert (found.trace, found.tm) == ("t-x", 3)  # read from the typed answer, not the envelope
    envelope = found.envelope
    assert isinstance(envelope, JsonEnvelope)
    assert envelope._value is None
    assert envelope["tm"] == 3
    assert dict(envelope) == json.loads(content)


_scalar = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text(max_size=5))


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.dictionaries(
            st.sampled_from(["customerNo", "status", "email", "createTime", "phone", "id", "other"]), _scalar
        ),
        max_size=4,
    )
)
def test_fast_and_full_paths_agree_on_any_records(records: list[dict[str, Any]]) -> None:
    content = json.dumps(page(records)).encode()
    fast = read_success(LIST, 200, content)
    try:
        slow = unwrap(LIST, decode_envelope(200, content, {}, LIST, "t"), http_status=200)
    except ResponseValidationError:
        assert fast is None
    else:
        assert fast is not None
        assert fast.data == slow


def test_the_decimal_rule_is_the_specs_pattern() -> None:
    """Every received ``x-decimal`` field states the SDK's rule as its ``pattern`` (request fields
    may state a stricter one), so a third-party tool checks and generates what the SDK decodes."""
    from multimarkets_bridge.money import DECIMAL_PATTERN, parse_decimal
    from multimarkets_bridge.spec_data import spec

    found: list[str] = []

    def walk(node: object) -> None:
        if isinstance(node, dict):
            if node.get("x-decimal"):
                found.append(str(node.get("pattern")))
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(spec()["components"]["schemas"])
    # received: the SDK's rule, without its empty alternative unless a page says the member may be
    # empty (ORDER_EXEC_REPORT's executeNum / executePrice); sent: positive, no sign, no exponent
    not_empty = DECIMAL_PATTERN.replace("^(", "^", 1).replace(")?$", "$")
    assert found.count(DECIMAL_PATTERN) == 2
    assert found.count(not_empty) >= 7
    assert set(found) - {DECIMAL_PATTERN, not_empty} == {"^([1-9][0-9]*(\\.[0-9]+)?|0\\.[0-9]*[1-9][0-9]*)$"}
    for text in ["1", "-0.5", "1e-8", "1.0E+5", "007"]:
        assert parse_decimal(text) is not None
    for text in [" 1", "1_000", "NaN", "Infinity", "١", "1.", ".5", "+1", "1e99999999999999999999", "1\n"]:
        with pytest.raises(ValueError, match="decimal"):
            parse_decimal(text)


def test_enums_and_decimals_keep_exact_json_types_in_the_native_checks() -> None:
    """Text enums and the decimal pattern are checked inside the compiled validator: an enum value
    becomes its member (before the plain type beside it), a numeric enum takes only its numbers, and
    decimal text that Python's ``re`` would pass with a trailing newline is refused in plain words."""
    from multimarkets_bridge.decoding import decoder_for
    from multimarkets_bridge.money import WireDecimal
    from multimarkets_bridge_client.models import OrderExecReport, OrderStatus
    from pydantic_core import ValidationError

    report = decoder_for(OrderExecReport)
    decoded = report.validate_json(b'{"orderId":"1","status":"2","executeNum":"0.10"}')
    assert decoded.status is OrderStatus.FILLED
    assert isinstance(decoded.execute_num, WireDecimal)
    assert decoded.execute_num.wire == "0.10"
    assert report.validate_python({"orderId": "1", "status": "99"}).status == "99"  # unknown: kept as text
    for bad in ({"status": 2}, {"status": "2", "executeNum": "1\n"}, {"status": "2", "executeNum": 1}):
        with pytest.raises(ValidationError) as caught:
            report.validate_python({"orderId": "1", **bad})
        if "executeNum" in bad and isinstance(bad["executeNum"], str):
            assert "not a decimal number" in str(caught.value)
            assert "[0-9]" not in str(caught.value)
    numeric = decoder_for(_Numbered)
    assert numeric.validate_python({"direction": 2}).direction is Direction.SELL
    for wrong in ("1", True, 1.0):
        with pytest.raises(ValidationError):
            numeric.validate_python({"direction": wrong})


@attrs.define
class _Numbered:
    """A model with a numeric enum (received models of the spec carry numeric codes as integers)."""

    direction: Direction
