"""The spec as the package carries it (``multimarkets_bridge_client/spec.json``): read once, and the
one ``allOf`` merge every reader of it shares (the CLI's options, the sandbox's rules)."""

from __future__ import annotations

import functools
import json
from collections.abc import Mapping
from importlib.resources import files
from typing import Any

__all__ = ["alternatives", "merged_properties", "notification_redelivery_ms", "operation_spec", "spec"]


@functools.cache
def spec() -> dict[str, Any]:
    """The whole spec (parsed once per process)."""
    text = files("multimarkets_bridge_client").joinpath("spec.json").read_text(encoding="utf-8")
    loaded: dict[str, Any] = json.loads(text)
    return loaded


def _resolved(schema: Mapping[str, Any]) -> Mapping[str, Any]:
    ref = schema.get("$ref")
    return spec()["components"]["schemas"][ref.rsplit("/", 1)[-1]] if isinstance(ref, str) else schema


def alternatives(schema: Mapping[str, Any]) -> tuple[str, tuple[Mapping[str, Any], ...]] | None:
    """``(base, parts)`` when ``schema`` (or the component it names) is an ``anyOf`` / ``oneOf`` of
    alternatives that each extend one base component (``allOf: [{$ref: base}, part]``): ``parts`` are
    what each alternative adds (its required members, narrower values). None for any other schema."""
    schema = _resolved(schema)
    members = schema.get("anyOf") or schema.get("oneOf")
    if not members or not all(isinstance(m, Mapping) and "$ref" in m for m in members):
        return None
    bases: set[str] = set()
    parts: list[Mapping[str, Any]] = []
    for member in members:
        extends = _resolved(member).get("allOf", [])
        if len(extends) != 2 or not isinstance(extends[0].get("$ref"), str):
            return None
        bases.add(extends[0]["$ref"])
        parts.append(extends[1])
    return (bases.pop(), tuple(parts)) if len(bases) == 1 else None


def _inlined(prop: Any) -> Any:
    """A property that names a scalar component (``{$ref: PositiveDecimal, description: ...}``) as
    one schema: the component's keywords, then the property's own."""
    ref = prop.get("$ref") if isinstance(prop, Mapping) else None
    if not isinstance(ref, str):
        return prop
    target = _resolved(prop)
    if "enum" in target or target.get("type", "object") == "object":
        return prop  # an enum or an object keeps its name
    return {**target, **{k: v for k, v in prop.items() if k != "$ref"}}


def merged_properties(schema: Mapping[str, Any]) -> dict[str, Any]:
    """Properties of an object schema (or a ``$ref`` to one) with its ``allOf`` members folded in;
    the schema's own properties win over its members'. Alternatives of one base (see
    [`alternatives`][]) have the base's properties; a property naming a scalar component is inlined."""
    found = alternatives(schema)
    if found is not None:
        return merged_properties({"$ref": found[0]})
    schema = _resolved(schema)
    props: dict[str, Any] = {}
    for member in schema.get("allOf", []):
        props.update(merged_properties(member))
    props.update({name: _inlined(prop) for name, prop in (schema.get("properties") or {}).items()})
    return props


def operation_spec(operation_id: str) -> Mapping[str, Any]:
    """The spec's operation object of ``operation_id``."""
    for item in spec()["paths"].values():
        for operation in item.values():
            if isinstance(operation, dict) and operation.get("operationId") == operation_id:
                return operation
    raise LookupError(f"the spec has no operation {operation_id!r}")


def notification_redelivery_ms() -> tuple[int, ...]:
    """When an unacknowledged notification is delivered again, ms after its first attempt (spec
    ``x-redelivery-ms`` of the notification webhook)."""
    return tuple(int(ms) for ms in spec()["webhooks"]["bridgeNotification"]["post"]["x-redelivery-ms"])
