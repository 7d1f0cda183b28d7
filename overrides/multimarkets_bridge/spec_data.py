"""The spec as the package carries it (``multimarkets_bridge_client/spec.json``), read once; the readers
here bind [`multimarkets_bridge_core.spec_reading`][] (the one home of reading the spec) to it."""

from __future__ import annotations

import functools
import json
from collections.abc import Mapping
from importlib.resources import files
from typing import Any

from multimarkets_bridge_core import spec_reading

__all__ = ["merged_properties", "notification_redelivery_ms", "operation_spec", "spec"]


@functools.cache
def spec() -> dict[str, Any]:
    """The whole spec (parsed once per process)."""
    text = files("multimarkets_bridge_client").joinpath("spec.json").read_text(encoding="utf-8")
    loaded: dict[str, Any] = json.loads(text)
    return loaded


def merged_properties(schema: Mapping[str, Any]) -> dict[str, Any]:
    """[`spec_reading.merged_properties`][multimarkets_bridge_core.spec_reading.merged_properties] of
    the carried spec: an object's properties with its ``allOf`` members folded in."""
    return spec_reading.merged_properties(spec(), schema)


def operation_spec(operation_id: str) -> Mapping[str, Any]:
    """The carried spec's operation object of ``operation_id``."""
    return spec_reading.operation_by_id(spec(), operation_id)


def notification_redelivery_ms() -> tuple[int, ...]:
    """When an unacknowledged notification is delivered again, ms after its first attempt (spec
    ``x-redelivery-ms`` of the notification webhook)."""
    return tuple(int(ms) for ms in spec()["webhooks"]["bridgeNotification"]["post"]["x-redelivery-ms"])
