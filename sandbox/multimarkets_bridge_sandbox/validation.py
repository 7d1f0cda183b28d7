"""Request-body validation against the spec, as the sandbox applies it.

1. ``null`` members are treated as absent (the signature canonicalisation drops them too); a number
   with an integral value (``1.0``, ``1.7e12``) is an integer, as in JSON Schema.
2. Fields marked ``x-also-accepts`` in the spec take the other documented JSON type: integers for
   string fields (paging values), digit strings for integer fields (time filters) - doc
   inconsistencies 12 and 13.
3. The result is validated in *strict* mode against the pydantic wire model generated from the spec
   (no other coercion: ``"1"`` is not an integer, ``5`` is not a string), then against the spec's
   ``if`` / ``then`` rules (a limit order needs price and num; cumberland needs a certificate).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

import pydantic
from multimarkets_bridge.spec_data import merged_properties
from multimarkets_bridge_client import wire_models
from multimarkets_bridge_client._wire_base import WireModel

from .errors import SandboxError

__all__ = ["BodyValidator"]


def _conditions(spec: Mapping[str, Any], schema: Mapping[str, Any]) -> list[tuple[Any, Any]]:
    """The ``if`` / ``then`` pairs of a schema and of its ``allOf`` members."""
    if "$ref" in schema:
        schema = spec["components"]["schemas"][schema["$ref"].rsplit("/", 1)[-1]]
    pairs = [(schema["if"], schema["then"])] if "if" in schema and "then" in schema else []
    for member in schema.get("allOf", []):
        pairs += _conditions(spec, member)
    return pairs


def _holds(condition: Mapping[str, Any], payload: Mapping[str, Any]) -> bool:
    """Whether ``payload`` satisfies a condition made of ``required``, ``const`` and ``minLength``."""
    if any(payload.get(name) is None for name in condition.get("required", [])):
        return False
    for name, rule in condition.get("properties", {}).items():
        if name not in payload:
            continue
        value = payload[name]
        if "const" in rule and value != rule["const"]:
            return False
        if "minLength" in rule and (not isinstance(value, str) or len(value) < rule["minLength"]):
            return False
    return True


class BodyValidator:
    def __init__(self, spec: Mapping[str, Any]) -> None:
        self._lenient: dict[str, dict[str, str]] = {}
        self._conditions: dict[str, list[tuple[Any, Any]]] = {}
        for name, schema in spec["components"]["schemas"].items():
            pairs = _conditions(spec, schema)
            if pairs:
                self._conditions[name] = pairs
            fields = {
                field: str(prop["x-also-accepts"])
                for field, prop in merged_properties(schema).items()
                if "x-also-accepts" in prop
            }
            if fields:
                self._lenient[name] = fields

    def normalize(self, schema_name: str, payload: Mapping[str, Any]) -> dict[str, Any]:
        """Apply rules 1 and 2 (see the module docstring)."""
        lenient = self._lenient.get(schema_name, {})
        result: dict[str, Any] = {}
        for key, value in payload.items():
            if value is None:
                continue
            if isinstance(value, float) and value.is_integer():
                value = int(value)  # JSON Schema: 1.0 is an integer (pydantic's strict mode disagrees)
            also = lenient.get(key)
            if also == "integer" and isinstance(value, int) and not isinstance(value, bool):
                value = str(value)
            elif also == "string" and isinstance(value, str) and value.isdigit():
                value = int(value)
            result[key] = value
        return result

    def validate(self, schema_name: str, payload: Mapping[str, Any], code: str) -> pydantic.BaseModel:
        """Strictly validated wire model of ``payload``: raises ``pydantic.ValidationError`` for a schema
        violation, ``SandboxError(code)`` for a broken ``if`` / ``then`` rule of the spec."""
        body = self.normalize(schema_name, payload)
        model: type[WireModel] = getattr(wire_models, schema_name)
        parsed = model.from_json(json.dumps(body), strict=True)
        self._check_conditions(schema_name, body, code)
        return parsed

    def _check_conditions(self, schema_name: str, body: Mapping[str, Any], code: str) -> None:
        """The spec's ``if`` / ``then`` rules (e.g. a limit order needs price and num)."""
        for when, then in self._conditions.get(schema_name, []):
            if _holds(when, body) and not _holds(then, body):
                fields = ", ".join([*then.get("required", []), *then.get("properties", {})])
                condition = ", ".join(
                    f"{k} = {v.get('const')}" for k, v in when.get("properties", {}).items()
                )
                raise SandboxError(code, f"{fields} required (and not empty) when {condition}")
