"""Request checks as the sandbox applies them: exactly the spec, through the SDK's compiled validator.

1. Headers and body are checked by [`multimarkets_bridge.request_schema`][] (JSON Schema 2020-12
   compiled from the spec, ECMA-262 patterns): the same validator the SDK runs before sending.
2. A violation gets the vendor code the spec gives it: a field's own code (``x-error-codes`` ``field``),
   the code for a body missing all of the alternatives (``missing``), else the invalid-parameter code
   of the operation's tag (``x-invalid-parameter-code``) or the gateway's.
3. The checked body becomes the generated pydantic wire model (typed containers, no rules of their
   own). A field the spec also accepts as another JSON type (``x-also-accepts``, doc inconsistencies
   12 and 13) is handed over in its primary type.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

import pydantic
from multimarkets_bridge.operation import Operation
from multimarkets_bridge.request_schema import Violation, body_violation, header_violation
from multimarkets_bridge.spec_data import merged_properties
from multimarkets_bridge_client import wire_models

from .errors import Codes, SandboxError

__all__ = ["RequestRules"]


class RequestRules:
    """What the spec says about a request, read once from the spec (it holds no state)."""

    def __init__(self, spec: Mapping[str, Any]) -> None:
        codes: Mapping[str, Any] = spec.get("x-error-codes", {})
        self._meanings = {code: str(entry["meaning"]) for code, entry in codes.items()}
        self._field_codes = {entry["field"]: code for code, entry in codes.items() if "field" in entry}
        self._missing_codes = {
            frozenset(entry["missing"]): code for code, entry in codes.items() if "missing" in entry
        }
        self._tag_codes = {
            tag["name"]: tag["x-invalid-parameter-code"]
            for tag in spec.get("tags", [])
            if "x-invalid-parameter-code" in tag
        }
        self._also: dict[str, dict[str, str]] = {}
        for name, schema in spec["components"]["schemas"].items():
            fields = {
                field: str(prop["x-also-accepts"])
                for field, prop in merged_properties(schema).items()
                if "x-also-accepts" in prop
            }
            if fields:
                self._also[name] = fields

    def invalid_code(self, operation: Operation) -> str:
        """The code of a malformed request to ``operation`` (its tag's, else the gateway's)."""
        return str(self._tag_codes.get(operation.tag, Codes.INVALID_PARAMETER))

    def check_headers(self, operation: Operation, headers: Mapping[str, str]) -> None:
        """Refuse header values the spec's header parameters do not allow (GGATEWAY_CODE_015)."""
        violation = header_violation(operation.operation_id, headers)
        if violation is not None:
            raise SandboxError(Codes.INVALID_PARAMETER, f"invalid header {violation}")

    def body(self, operation: Operation, payload: Any) -> pydantic.BaseModel:
        """The typed body of a request, or ``SandboxError`` with the code the spec gives the problem."""
        schema = operation.body_schema
        violation = body_violation(schema, payload)
        if violation is not None:
            raise self._refusal(operation, violation)
        model: Any = getattr(wire_models, schema)
        try:
            return model.from_data(self._primary_types(schema, payload))  # type: ignore[no-any-return]
        except pydantic.ValidationError as exc:  # the spec allowed it: a gap between spec and models
            problem = exc.errors()[0]["msg"]
            raise SandboxError(self.invalid_code(operation), f"invalid parameter: {problem}") from None

    def _refusal(self, operation: Operation, violation: Violation) -> SandboxError:
        code: str | None = None
        if violation.alternatives and violation.field == "body":
            code = self._missing_codes.get(frozenset(f for group in violation.alternatives for f in group))
        elif violation.keyword == "pattern":
            code = self._field_codes.get(violation.field)
        if code is not None:  # the vendor has a code of its own for this problem
            return SandboxError(code, f"{self._meanings[code]}: {violation}")
        return SandboxError(self.invalid_code(operation), f"invalid parameter {violation}")

    def _primary_types(self, schema: str, payload: Mapping[str, Any]) -> dict[str, Any]:
        also = self._also.get(schema, {})
        result: dict[str, Any] = {}
        for key, value in payload.items():
            if isinstance(value, Decimal):  # parsed exactly; the schema has accepted it as a number
                value = int(value) if value == value.to_integral_value() else float(value)
            other = also.get(key)
            if other == "integer" and isinstance(value, int) and not isinstance(value, bool):
                value = str(value)
            elif other == "string" and isinstance(value, str):
                value = int(value)  # the spec's pattern has made sure it is digits
            result[key] = value
        return result
