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
import json
from dataclasses import dataclass, field
from typing import Any, Literal

from multimarkets_bridge_client import models
from multimarkets_bridge_client.registry import WIRE_NAMES
from pydantic_core import from_json

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
Message = models.OrderExecReport | models.OrderCancelReport | models.OrderExpiredReport | models.QuoteTag
"""A notification's typed content: the same attrs models the client exports (``multimarkets_bridge.models``),
decoded by the client's own typed decoder (``WireDecimal`` money, ``None`` for absent members)."""


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


_MODELS: dict[str, Any] = {  # the attrs model classes (a cached decoder takes them as keys)
    "ORDER_EXEC_REPORT": models.OrderExecReport,
    "ORDER_CANCEL_REPORT": models.OrderCancelReport,
    "ORDER_EXPIRED_REPORT": models.OrderExpiredReport,
    "QUOTE_TAG": models.QuoteTag,
}
#: Per message type, the attribute spellings that differ from a JSON member name (``execute_num``): a
#: payload member spelt so is an unknown member, which the decoder alone would not tell apart.
_ATTRIBUTE_SPELLINGS: dict[str, frozenset[str]] = {
    name: frozenset(a for a, member in WIRE_NAMES[model.__name__].items() if a != member)
    for name, model in _MODELS.items()
}
_MEMBERS: dict[str, frozenset[str]] = {
    name: frozenset(WIRE_NAMES[model.__name__].values()) for name, model in _MODELS.items()
}


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
    if nesting_exceeds(content.encode("utf-8"), max_depth):
        raise WebhookPayloadError(f"content is nested deeper than {max_depth} levels", trace=trace)
    try:
        payload = from_json(content)  # pydantic-core's parser: the same values as json's, faster
    except ValueError:
        return None, UnknownMessage(None, content), (None, _dumped(content))
    if not isinstance(payload, dict):
        return None, UnknownMessage(None, content), (None, _dumped(content))
    message_type = payload.get("type")
    if not isinstance(message_type, str):
        # No type key: fills are recognisable, cancel and expiry are not (callbacks.yaml rule).
        message_type = "ORDER_EXEC_REPORT" if ("tradeId" in payload or "executeNum" in payload) else None
    model = _MODELS.get(message_type or "")
    if model is None:
        return message_type, UnknownMessage(message_type, payload), (message_type, _dumped(payload))
    try:
        message: Message = decoder_for(model).validate_python(payload)
    except DecodeError as exc:
        raise WebhookPayloadError(
            f"{message_type} content is malformed: {describe_error(exc)}", trace=trace
        ) from None
    # the decoder reads members by their JSON names; one spelt like an attribute (execute_num) is
    # an unknown member too, and is kept with the others, never lost
    if not _ATTRIBUTE_SPELLINGS[message_type or ""].isdisjoint(payload):
        for member in payload.keys() - _MEMBERS[message_type or ""] - message.additional_properties.keys():
            message.additional_properties[member] = payload[member]
    get = payload.get
    identity = tuple(
        message_type if part is None else next(filter(None, map(get, part)), None)
        for part in _identity_members()
    )
    return message_type, message, identity


def _dumped(payload: Any) -> str:
    return json.dumps(payload, sort_keys=True, default=str)


def dedupe_key(identity: tuple[Any, ...], unverified_body: bytes | None) -> str:
    """The store key of a message identity; an unverified body also contributes its digest (so a forged
    copy sent first cannot suppress the genuine message)."""
    digest = hashlib.sha256(repr(identity).encode())
    if unverified_body is not None:
        digest.update(b"\0" + hashlib.sha256(unverified_body).digest())
    return digest.hexdigest()
