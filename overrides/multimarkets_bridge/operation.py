"""The runtime's view of one spec operation: the core's records, and the generated classes they name.

The records ([`Operation`][], [`ErrorCode`][] ...) and the per-call types ([`CallOptions`][],
[`RawResponse`][]) are defined once in [`multimarkets_bridge_core`][] (generated code builds on them) and
re-exported here; this module adds what only the runtime does with them: finding the generated attrs
model a record names.
"""

from __future__ import annotations

from functools import cache

from multimarkets_bridge_client import models
from multimarkets_bridge_core.calls import CallOptions, RawResponse, merge_options
from multimarkets_bridge_core.records import (
    DocStatus,
    ErrorCode,
    JsonValue,
    Operation,
    Pagination,
    PlatformLimits,
    RetryLookup,
    SdkData,
)

__all__ = [
    "CallOptions",
    "DocStatus",
    "ErrorCode",
    "JsonValue",
    "Operation",
    "Pagination",
    "PlatformLimits",
    "RawResponse",
    "RetryLookup",
    "SdkData",
    "body_model",
    "merge_options",
    "model_class",
    "success_model",
]


@cache
def model_class(name: str) -> type:
    """The generated attrs model of a component schema (named like it)."""
    found = getattr(models, name, None)
    if not isinstance(found, type):
        raise LookupError(f"the generated models have no class {name!r}")
    return found


def body_model(operation: Operation) -> type:
    """The attrs model of the operation's request body."""
    return model_class(operation.body_schema)


def success_model(operation: Operation) -> type:
    """The attrs model of the operation's success envelope."""
    return model_class(operation.success_model_name)
