"""The spec as the package carries it (``multimarkets_bridge_client/spec.json``): read once, and the
one ``allOf`` merge every reader of it shares (the CLI's options, the sandbox's rules)."""

from __future__ import annotations

import functools
import json
from collections.abc import Mapping
from importlib.resources import files
from typing import Any

__all__ = ["merged_properties", "notification_redelivery_ms", "operation_spec", "spec"]


@functools.cache
def spec() -> dict[str, Any]:
    """The whole spec (parsed once per process)."""
    text = files("multimarkets_bridge_client").joinpath("spec.json").read_text(encoding="utf-8")
    loaded: dict[str, Any] = json.loads(text)
    return loaded


def _resolved(schema: Mapping[str, Any]) -> Mapping[str, Any]:
    ref = schema.get("$ref")
    return spec()["components"]["schemas"][ref.rsplit("/", 1)[-1]] if isinstance(ref, str) else schema


def merged_properties(schema: Mapping[str, Any]) -> dict[str, Any]:
    """Properties of an object schema (or a ``$ref`` to one) with its ``allOf`` members folded in;
    the schema's own properties win over its members'."""
    schema = _resolved(schema)
    props: dict[str, Any] = {}
    for member in schema.get("allOf", []):
        props.update(merged_properties(member))
    props.update(schema.get("properties") or {})
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
