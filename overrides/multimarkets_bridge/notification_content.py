"""What a Bridge notification holds: its content decoded into the client's own models, and its identity.

``content`` is JSON text inside the delivery's JSON (spec ``x-content-encoding``). It is parsed once and
decoded by the client's typed decoder into ``OrderExecReport`` / ``OrderCancelReport`` /
``OrderExpiredReport`` / ``QuoteTag`` (``WireDecimal`` money, ``None`` for absent members, unknown
members kept in ``additional_properties``); a type the SDK does not know stays whole as
[`UnknownMessage`][]. Two deliveries are the same message when the members the spec names in the
webhook's ``x-idempotency-key`` agree.
"""

from __future__ import annotations

import functools
import hashlib
import importlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal, NamedTuple

from multimarkets_bridge_client import models
from multimarkets_bridge_client.notifications import Message
from multimarkets_bridge_client.registry import NOTIFICATION_MODELS, WIRE_NAMES
from pydantic_core import SchemaValidator, from_json

from .callback_replies import WebhookPayloadError, acknowledgement
from .decoding import ValidationError as DecodeError
from .decoding import decoder_for, describe_error
from .json_limits import nesting_exceeds
from .operation import JsonValue
from .spec_data import spec

__all__ = [
    "Message",
    "ProcessOutcome",
    "ReceivedNotification",
    "SignatureStatus",
    "UnknownMessage",
    "decode_content",
    "dedupe_key",
]

SignatureStatus = Literal["verified", "unchecked", "failed"]


@dataclass(frozen=True)
class UnknownMessage:
    """A message whose type the SDK does not know; kept whole, never dropped."""

    message_type: str | None
    payload: dict[str, Any] | str


@dataclass(frozen=True)
class ReceivedNotification:
    """A verified (or unchecked) and parsed Bridge notification."""

    trace: str
    api_key: str | None = field(repr=False)
    msg_type: str
    message_type: str | None
    message: Message | UnknownMessage
    signature: SignatureStatus
    duplicate: bool
    """True when the store says this notification was already processed."""
    stale: bool
    dedupe_key: str = field(default="", repr=False)

    def acknowledgement(self) -> dict[str, JsonValue]:
        """The reply body the platform expects (``data`` is the boolean ``true`` here)."""
        return acknowledgement(self.trace)


@dataclass(frozen=True)
class ProcessOutcome:
    """What to answer the platform: HTTP ``status`` and JSON ``body``."""

    status: int
    body: dict[str, JsonValue]
    notification: ReceivedNotification | None
    handled: bool
    """True when the handler ran (and finished) for this delivery."""


#: message type -> the attrs model its content decodes to (the spec's table; a test keeps ``Message``,
#: the typing view of it, equal to it)
_MODELS: dict[str, Any] = {kind: getattr(models, name) for kind, name in NOTIFICATION_MODELS.items()}


class _Decoding(NamedTuple):
    """What decoding one message type needs, looked up once per delivery."""

    validator: SchemaValidator
    #: attribute spellings that differ from a JSON member name (``execute_num``): a payload member
    #: spelt so is an unknown member, which the decoder alone would not tell apart
    attribute_spellings: frozenset[str]
    members: frozenset[str]


@functools.cache
def _decoding(message_type: str) -> _Decoding | None:
    model = _MODELS.get(message_type)
    if model is None:
        return None
    wire = WIRE_NAMES[model.__name__]
    return _Decoding(
        decoder_for(model),
        frozenset(a for a, member in wire.items() if a != member),
        frozenset(wire.values()),
    )


@functools.cache
def _identity_members() -> tuple[tuple[str, ...] | None, ...]:
    """The spec's ``x-idempotency-key`` of the notification webhook: per part, its alternative members
    (``None`` stands for the message type)."""
    rule = spec()["webhooks"]["bridgeNotification"]["post"]["x-idempotency-key"]
    parts = (tuple(part) if isinstance(part, list) else (part,) for part in rule)
    return tuple(None if part == ("type",) else part for part in parts)


def decode_content(
    content: str, max_depth: int, trace: str
) -> tuple[str | None, Message | UnknownMessage, tuple[Any, ...]]:
    """The message type, the typed message and its identity (the ``x-idempotency-key`` members)."""
    # every bracket counted in the text bounds the nesting: only a text with more is walked
    if content.count("[") + content.count("{") > max_depth and nesting_exceeds(
        content.encode("utf-8"), max_depth
    ):
        raise WebhookPayloadError(f"content is nested deeper than {max_depth} levels", trace=trace)
    try:
        payload = from_json(content)  # pydantic-core's parser: the same values as json's, faster
    except ValueError:
        return None, UnknownMessage(None, content), (None, _dumped(content))
    if type(payload) is not dict:
        return None, UnknownMessage(None, content), (None, _dumped(content))
    message_type = payload.get("type")
    if type(message_type) is not str:
        # No type key: fills are recognisable, cancel and expiry are not (callbacks.yaml rule).
        message_type = "ORDER_EXEC_REPORT" if ("tradeId" in payload or "executeNum" in payload) else None
    decoding = _decoding(message_type) if message_type is not None else None
    if decoding is None:
        return message_type, UnknownMessage(message_type, payload), (message_type, _dumped(payload))
    try:
        message: Message = decoding.validator.validate_python(payload)
    except DecodeError as exc:
        raise WebhookPayloadError(
            f"{message_type} content is malformed: {describe_error(exc)}", trace=trace
        ) from None
    # the decoder reads members by their JSON names; one spelt like an attribute (execute_num) is
    # an unknown member too, and is kept with the others, never lost
    if not decoding.attribute_spellings.isdisjoint(payload):
        for member in payload.keys() - decoding.members - message.additional_properties.keys():
            message.additional_properties[member] = payload[member]
    identity: list[Any] = []  # a plain loop: next(filter(map(...))) per part measured ~5% of a delivery
    for part in _identity_members():
        if part is None:
            identity.append(message_type)
            continue
        found = None
        for member in part:  # the first of the alternatives that is present (and not empty)
            found = payload.get(member)
            if found:
                break
        identity.append(found or None)
    return message_type, message, tuple(identity)


def _dumped(payload: Any) -> str:
    return json.dumps(payload, sort_keys=True, default=str)


def _builtin_sha256() -> Callable[[bytes], hashlib._Hash]:
    """CPython's own SHA-256 (``_sha2``; ``_sha256`` before 3.12) where the build has it: the same
    digest as ``hashlib.sha256``, without OpenSSL's per-object set-up, which costs several µs per
    delivery in a receiver's hot path."""
    for name in ("_sha2", "_sha256"):
        try:
            builtin: Callable[[bytes], hashlib._Hash] = importlib.import_module(name).sha256
        except (ImportError, AttributeError):
            continue
        return builtin
    return hashlib.sha256


_sha256 = _builtin_sha256()


def dedupe_key(identity: tuple[Any, ...], unverified_body: bytes | None) -> str:
    """The store key of a message identity; an unverified body also contributes its digest (so a forged
    copy sent first cannot suppress the genuine message)."""
    digest = _sha256(repr(identity).encode())
    if unverified_body is not None:
        digest.update(b"\0" + hashlib.sha256(unverified_body).digest())
    return digest.hexdigest()
