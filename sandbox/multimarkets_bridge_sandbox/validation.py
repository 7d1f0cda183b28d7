"""Request-body validation against the spec, as the sandbox applies it.

1. ``null`` members are treated as absent (the signature canonicalisation drops them too).
2. Fields marked ``x-also-accepts`` in the spec take the other documented JSON type: integers for
   string fields (paging values), digit strings for integer fields (time filters) - doc
   inconsistencies 12 and 13.
3. The result is validated in *strict* mode against the pydantic wire model generated from the spec
   (no other coercion: ``"1"`` is not an integer, ``5`` is not a string).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

import pydantic
from multimarkets_bridge_client import wire_models

__all__ = ["BodyValidator"]


def _merged_properties(spec: Mapping[str, Any], schema: Mapping[str, Any]) -> dict[str, Mapping[str, Any]]:
    if "$ref" in schema:
        schema = spec["components"]["schemas"][schema["$ref"].rsplit("/", 1)[-1]]
    props: dict[str, Mapping[str, Any]] = dict(schema.get("properties", {}))
    for member in schema.get("allOf", []):
        props.update(_merged_properties(spec, member))
    return props


class BodyValidator:
    def __init__(self, spec: Mapping[str, Any]) -> None:
        self._lenient: dict[str, dict[str, str]] = {}
        for name, schema in spec["components"]["schemas"].items():
            fields = {
                field: str(prop["x-also-accepts"])
                for field, prop in _merged_properties(spec, schema).items()
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
            also = lenient.get(key)
            if also == "integer" and isinstance(value, int) and not isinstance(value, bool):
                value = str(value)
            elif also == "string" and isinstance(value, str) and value.isdigit():
                value = int(value)
            result[key] = value
        return result

    def validate(self, schema_name: str, payload: Mapping[str, Any]) -> pydantic.BaseModel:
        """Strictly validated wire model of ``payload``; raises ``pydantic.ValidationError``."""
        model: type[pydantic.BaseModel] = getattr(wire_models, schema_name)
        return model.model_validate_json(json.dumps(self.normalize(schema_name, payload)), strict=True)
