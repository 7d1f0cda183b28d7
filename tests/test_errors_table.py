"""Vendor error codes are declared once (spec ``x-error-codes``): the SDK's exceptions and the sandbox's
answers both come from that table."""

from __future__ import annotations

import pytest
from multimarkets_bridge import error_mapping, errors
from multimarkets_bridge_client.facade import ERROR_CODES
from multimarkets_bridge_sandbox.errors import Codes
from support import spec


def test_the_generated_table_is_the_spec_table() -> None:
    declared = spec()["x-error-codes"]
    assert set(ERROR_CODES) == {str(code) for code in declared}
    for code, entry in declared.items():
        generated = ERROR_CODES[str(code)]
        assert (generated.name, generated.error, generated.meaning) == (
            entry["name"],
            entry["error"],
            entry["meaning"],
        )
        assert generated.retryable is bool(entry.get("retryable", False))


@pytest.mark.parametrize("code", sorted(ERROR_CODES))
def test_the_sdk_raises_the_declared_class(code: str) -> None:
    error = error_mapping.error_from_envelope(
        {"code": code, "msg": "m", "trace": "t-1"},
        http_status=200,
        biz_type="b",
        operation_id="o",
        headers={},
        request_trace="t-1",
    )
    assert type(error).__name__ == ERROR_CODES[code].error
    assert error.retryable is ERROR_CODES[code].retryable
    assert error.trace == "t-1"


def test_the_sandbox_answers_with_the_declared_codes() -> None:
    vendor = {
        value for name, value in vars(Codes).items() if name.isupper() and not value.startswith("SANDBOX_")
    }
    assert vendor <= set(ERROR_CODES)
    for name, value in vars(Codes).items():
        if name.isupper() and value in ERROR_CODES:
            assert ERROR_CODES[value].name == name  # the sandbox refers to each code by its spec name
    # fields whose bad format has a code of its own (the sandbox reads them from the spec)
    assert {entry.field for entry in ERROR_CODES.values() if entry.field} == {"phone", "email", "country"}


def test_an_undeclared_code_maps_by_its_prefix() -> None:
    common = {"http_status": 200, "biz_type": "b", "operation_id": "o", "headers": {}, "request_trace": "t"}
    assert (
        type(error_mapping.error_from_envelope({"code": "GGATEWAY_CODE_777"}, **common))
        is errors.GatewayError
    )
    assert type(error_mapping.error_from_envelope({"code": "ELSE_1"}, **common)) is errors.APIError


def test_the_resilience_page_is_built_with_the_one_retry_table() -> None:
    import sys

    from support import ROOT

    sys.path.insert(0, str(ROOT / "generator"))
    import docs_site

    page = (ROOT / "docs" / "resilience.md").read_text(encoding="utf-8")
    assert "<!-- retry-table -->" in page  # filled in by docs/hooks.py from FAILURE_POLICY
    table = docs_site.retry_table(errors.FAILURE_POLICY)
    assert table.count("\n") == len(errors.FAILURE_POLICY) + 1
    assert "| `TransportError` | yes | `unknown` |" in table


@pytest.mark.parametrize(
    ("error", "read_retry", "write_outcome"),
    [
        (errors.GatewayError("x", code="G500"), True, "unknown"),  # the spec marks G500 retryable
        (errors.GatewayError("x", code="GGATEWAY_CODE_777"), False, "not_landed"),
        (errors.ResponseValidationError("x"), True, "unknown"),  # not an envelope at all
        (errors.ResponseValidationError("x", envelope={"code": "0"}), False, "landed"),
        (errors.ThrottledError("x"), True, "not_sent"),
        (errors.SignatureError("x"), False, "not_landed"),
    ],
)
def test_the_retry_table_refines_by_what_the_error_carries(
    error: errors.BridgeError, read_retry: bool, write_outcome: str
) -> None:
    assert errors.failure_policy(error) == (read_retry, write_outcome)
    assert error.retryable is read_retry
