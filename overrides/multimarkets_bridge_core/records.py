"""What the generated registry states about the platform and each operation, as plain records.

The generator renders ``multimarkets_bridge_client.registry`` from the spec with these types; the runtime
reads them. Nothing here knows a particular operation or imports generated code.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Literal, NamedTuple, TypeAlias

__all__ = [
    "DocStatus",
    "ErrorCode",
    "JsonValue",
    "Operation",
    "Pagination",
    "PlatformLimits",
    "RetryLookup",
    "SdkData",
]

JsonValue: TypeAlias = "dict[str, JsonValue] | list[JsonValue] | str | int | float | bool | None"
"""A JSON value as ``json.loads`` returns it: the type of an answer's undocumented ``data``."""

SdkData = Literal["model", "none", "raw", "bool_string"]
DocStatus = Literal["complete", "partial", "inferred"]


class ErrorCode(NamedTuple):
    """One vendor error code (spec ``x-error-codes``): what the SDK raises and the sandbox answers."""

    code: str
    name: str
    """Readable name (the sandbox answers by it)."""
    error: str
    """Name of the [`multimarkets_bridge.errors`][] exception class the SDK raises for it."""
    meaning: str
    retryable: bool = False
    """A read-only call that got this code may be sent again."""
    field: str | None = None
    """The body field whose malformed value has this code of its own."""


class PlatformLimits(NamedTuple):
    """The platform's request budget and time window, as the spec states them (root ``x-rate-limit``,
    the ``recvWindow`` header's default): the SDK's pacing defaults, the sandbox's gateway defaults and
    the words of [`RateLimitError`][multimarkets_bridge.RateLimitError] all read them here."""

    requests: int
    """Requests per window per apiKey; one more is HTTP 429."""
    window_seconds: float
    """The window the platform counts in (fixed, by arrival time)."""
    first_ban_seconds: float
    """How long the first HTTP 418 ban lasts (sending on after a 429); later ones are longer."""
    recv_window_ms: int
    """The default accepted age of a request (``recvWindow`` header)."""
    recv_window_range_ms: tuple[int, int]
    """The least and the greatest ``recvWindow`` accepted (the header's ``x-integer-range``)."""


class RetryLookup(NamedTuple):
    """How the runtime settles a write whose outcome is unknown (spec ``x-retry-lookup``, an SDK rule)."""

    operation_id: str
    """The read-only operation that finds the record the write would have made or changed."""
    keys: tuple[str, ...]
    """Body fields that identify the record; the lookup needs at least one of them."""
    generate_key: str | None = None
    """A key field the runtime fills with a fresh unique value when the caller gives none."""
    match: tuple[str, ...] = ()
    """Fields of the write that a found record must agree with (else the key was reused)."""
    created_at: str | None = None
    """The found record's creation time (epoch ms): one created before the write's first send is an
    earlier record under a reused key, never this write's result."""
    landed_when: Mapping[str, tuple[str, ...]] = MappingProxyType({})
    """The write took effect only when the found record has one of these values (empty: when found)."""
    not_found_codes: frozenset[str] = frozenset()
    """Lookup answer codes that positively say "no such record"."""
    duplicate_codes: frozenset[str] = frozenset()
    """Write answer codes that say the key was already used (an earlier attempt may have landed)."""
    platform_dedupes: bool = False
    """A second send of the same write can have no second effect (the platform rejects the reused key,
    or the write is idempotent): only then may the runtime send it again after its answer was lost."""


class Pagination(NamedTuple):
    """How to walk every record of a list operation (spec ``x-pagination``).

    ``style="page"``: the request's ``page`` / ``size`` fields number the pages; the answer's ``records``
    list (under ``data``) and ``total`` end the walk. ``style="window"``: the request's ``start`` / ``end``
    fields (epoch ms) may span at most ``max_window_ms``; a longer range is cut into windows, and a
    window that returns ``limit`` records is walked on from just after the newest ``time`` seen.
    Records are told apart by ``key`` (answer fields), so none is yielded twice.
    """

    style: Literal["page", "window"]
    records: str | None = None
    page: str | None = None
    size: str | None = None
    total: str | None = None
    start: str | None = None
    end: str | None = None
    limit: str | None = None
    max_limit: int | None = None
    max_window_ms: int | None = None
    time: str | None = None
    key: tuple[str, ...] = ()


class Operation(NamedTuple):
    """What the runtime needs to know about one spec operation (a named tuple: cheap to build at import)."""

    operation_id: str
    biz_type: str
    biz_type_aliases: tuple[str, ...]
    tag: str
    group: str | None
    version: str
    doc_url: str
    doc_status: DocStatus
    sdk_data: SdkData
    read_only: bool
    body_schema: str
    """Component name of the request body (attrs model in ``models``, pydantic model in ``wire_models``)."""
    retry_lookup: RetryLookup | None
    """How to settle this write when its outcome is unknown (None: it cannot be looked up)."""
    success_model_name: str
    """The attrs model of the success envelope (a class of the generated ``models``)."""
    pagination: Pagination | None = None
    """How ``client.paginate`` walks this operation (None: it is not a list operation)."""
    summary: str = ""
    """One line describing the operation (the spec's summary)."""
    company_fields: tuple[str, ...] = ()
    """Body attributes the client fills with its own company when left out (spec ``x-sdk-fill``)."""

    @property
    def path(self) -> str:
        return "/global/" + self.biz_type
