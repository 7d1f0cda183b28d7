"""Answers from the spec alone, for operations the sandbox has no business rule for.

An operation marked ``x-sandbox: examples`` (the docs loop drafts new operations so), or one without a
rule in [`Bridge`][.bridge.Bridge], still gets its request checked by the spec and is answered with the
``data`` of its first success example - else with the smallest ``data`` its success schema allows.
Nothing is stored: it is usable end to end before a person writes its stateful behaviour.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from typing import Any

from multimarkets_bridge.spec_data import merged_properties, operation_spec, spec

__all__ = ["answers_from_examples", "example_data"]


@functools.cache
def answers_from_examples(operation_id: str) -> bool:
    """Whether the spec marks the operation ``x-sandbox: examples`` (asked on every request: cached)."""
    return operation_spec(operation_id).get("x-sandbox") == "examples"


@functools.cache
def _data(operation_id: str) -> Any:
    content = operation_spec(operation_id)["responses"]["200"]["content"]["application/json"]
    for example in (content.get("examples") or {}).values():
        value = example.get("value")
        if isinstance(value, dict) and value.get("code") == "0" and "data" in value:
            return value["data"]
    success = content["schema"].get("anyOf", [content["schema"]])[0]
    data = merged_properties(success).get("data", {})
    return _smallest(data, 0)


def example_data(operation_id: str) -> Any:
    """The ``data`` the sandbox answers ``operation_id`` with (see the module docstring)."""
    return _data(operation_id)


def _smallest(schema: Mapping[str, Any], depth: int) -> Any:
    if "$ref" in schema:
        schema = spec()["components"]["schemas"][str(schema["$ref"]).rsplit("/", 1)[-1]]
    if depth > 8:
        return None
    if "enum" in schema:
        return schema["enum"][0]
    kind = schema.get("type")
    kind = next((k for k in kind if k != "null"), None) if isinstance(kind, list) else kind
    if kind == "object" or "properties" in schema or "allOf" in schema:
        required = set(schema.get("required", []))
        for member in schema.get("allOf", []):
            required |= set(member.get("required", []))
        props = merged_properties(schema)
        return {name: _smallest(props[name], depth + 1) for name in sorted(required) if name in props}
    if kind == "array":
        return []
    if schema.get("x-decimal"):
        return "0"
    return {"string": "", "integer": 0, "number": 0, "boolean": False}.get(str(kind))
