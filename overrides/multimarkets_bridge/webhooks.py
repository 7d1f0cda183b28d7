"""Framework-agnostic helpers for what the platform sends *to* you (needs ``multimarkets-bridge[webhooks]``).

Bridge order notifications (``POST`` to the URL given to ``subscribe_webhook``)::

    receiver = NotificationReceiver(platform_public_key=None)      # or the key your platform publishes
    result = receiver.receive(request.headers, await request.body())
    if not result.duplicate:
        handle(result.message)                                     # OrderExecReport | OrderCancelReport | ...
    return JSON(result.acknowledgement())

Signature: the vendor does not publish which key signs callbacks. With ``platform_public_key`` set,
verification is *enforced* (a bad signature raises :class:`WebhookSignatureError`); without it the
signature is *reported* (``result.signature == "unchecked"``), not enforced. The local sandbox signs
with its own key, published at ``GET /sandbox/platform-key``.

Freshness: notifications carry no timestamp header; the trace ends in epoch seconds (``t-...-1700000000``),
which is used when present (``result.stale``). Repeats are detected by the message's idempotency key
(type, order id, status, trade id).

Webhook-API callbacks (external wallet): :class:`WebhookApiHandler` parses the three bodies, keeps
replies per ``requestUniqueNo`` so repeats get the same answer, and builds reply envelopes. Those
callbacks carry no signature at all (none published): protect them with network controls.
"""

from __future__ import annotations

import json
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

from .errors import BridgeError
from .signing import RsaSha1Verifier

try:
    import pydantic
    from multimarkets_bridge_client import wire_models
except ImportError as exc:  # pragma: no cover - exercised only without the extra
    raise ImportError(
        "multimarkets_bridge.webhooks needs pydantic: pip install 'multimarkets-bridge[webhooks]'"
    ) from exc

__all__ = [
    "CANCEL_NOT_PROCESSED",
    "CANCEL_NOT_RECEIVED",
    "CANCEL_OK",
    "NotificationReceiver",
    "ReceivedNotification",
    "UnknownMessage",
    "WebhookApiHandler",
    "WebhookError",
    "WebhookPayloadError",
    "WebhookSignatureError",
    "acknowledgement",
    "reply_envelope",
]

#: Reply codes of the cancel-adjustment callback (Webhook API page).
CANCEL_OK = "0"
CANCEL_NOT_PROCESSED = "US_0000001"
CANCEL_NOT_RECEIVED = "US_0000002"

SignatureStatus = Literal["verified", "unchecked", "failed"]
Message = (
    wire_models.OrderExecReport
    | wire_models.OrderCancelReport
    | wire_models.OrderExpiredReport
    | wire_models.QuoteTag
)


class WebhookError(BridgeError):
    """A callback could not be accepted."""


class WebhookSignatureError(WebhookError):
    """The callback signature did not verify against the configured platform key."""


class WebhookPayloadError(WebhookError):
    """The callback body is not the documented shape."""


@dataclass(frozen=True)
class UnknownMessage:
    """A message whose type the SDK does not know; kept whole, never dropped."""

    message_type: str | None
    payload: dict[str, Any] | str


@dataclass(frozen=True)
class ReceivedNotification:
    """A parsed Bridge notification."""

    trace: str
    api_key: str | None
    msg_type: str
    message_type: str | None
    message: Message | UnknownMessage
    signature: SignatureStatus
    duplicate: bool
    stale: bool

    def acknowledgement(self) -> dict[str, Any]:
        """The reply body the platform expects (``data`` is the boolean ``true`` here)."""
        return acknowledgement(self.trace)


def reply_envelope(trace: str, *, code: str = "0", msg: str = "Success", data: Any = None) -> dict[str, Any]:
    """The platform's envelope, for replies to callbacks."""
    ok = code == "0"
    return {
        "code": code,
        "msg": msg,
        "bizCode": "",
        "tm": 0,
        "trace": trace,
        "msgParams": None,
        "ok": ok,
        "fail": not ok,
        "data": data,
    }


def acknowledgement(trace: str) -> dict[str, Any]:
    """Acknowledgement of a Bridge notification."""
    return reply_envelope(trace, data=True)


class _SeenKeys:
    """A bounded set of recently seen keys (thread-safe)."""

    def __init__(self, capacity: int) -> None:
        self._keys: OrderedDict[Any, None] = OrderedDict()
        self._capacity = capacity
        self._lock = threading.Lock()

    def add(self, key: Any) -> bool:
        """Record ``key``; True when it had been seen before."""
        with self._lock:
            if key in self._keys:
                self._keys.move_to_end(key)
                return True
            self._keys[key] = None
            if len(self._keys) > self._capacity:
                self._keys.popitem(last=False)
            return False


_MODELS: dict[str, type[pydantic.BaseModel]] = {
    "ORDER_EXEC_REPORT": wire_models.OrderExecReport,
    "ORDER_CANCEL_REPORT": wire_models.OrderCancelReport,
    "ORDER_EXPIRED_REPORT": wire_models.OrderExpiredReport,
    "QUOTE_TAG": wire_models.QuoteTag,
}


class NotificationReceiver:
    """Verifies, parses and de-duplicates Bridge notifications (see the module docstring)."""

    def __init__(
        self,
        *,
        platform_public_key: str | None = None,
        known_api_keys: set[str] | None = None,
        max_age_seconds: float = 24 * 3600,
        remember: int = 10_000,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self._verifier = RsaSha1Verifier.from_public_key(platform_public_key) if platform_public_key else None
        self._known_api_keys = known_api_keys
        self._max_age = max_age_seconds
        self._seen = _SeenKeys(remember)
        self._clock = clock

    def receive(self, headers: Mapping[str, str], body: bytes) -> ReceivedNotification:
        lowered = {k.lower(): v for k, v in headers.items()}
        trace = lowered.get("trace", "")
        api_key = lowered.get("apikey")
        if self._known_api_keys is not None and api_key not in self._known_api_keys:
            raise WebhookError("notification for an apiKey this receiver does not serve", trace=trace)
        signature = self._check_signature(body, lowered.get("signature"), trace)
        try:
            envelope = wire_models.BridgeNotification.model_validate_json(body)
        except pydantic.ValidationError as exc:
            raise WebhookPayloadError(
                f"not a Bridge notification: {exc.errors()[0]['msg']}", trace=trace
            ) from None
        message_type, message = self._parse_content(envelope.content, trace)
        return ReceivedNotification(
            trace=trace,
            api_key=api_key,
            msg_type=envelope.msg_type,
            message_type=message_type,
            message=message,
            signature=signature,
            duplicate=self._seen.add(self._idempotency_key(message_type, message)),
            stale=self._is_stale(trace),
        )

    def _check_signature(self, body: bytes, signature: str | None, trace: str) -> SignatureStatus:
        if self._verifier is None:
            return "unchecked"
        if signature and self._verifier.verify(body, None, signature):
            return "verified"
        raise WebhookSignatureError("notification signature did not verify", trace=trace)

    @staticmethod
    def _parse_content(content: str, trace: str) -> tuple[str | None, Message | UnknownMessage]:
        try:
            payload = json.loads(content)
        except ValueError:
            return None, UnknownMessage(None, content)
        if not isinstance(payload, dict):
            return None, UnknownMessage(None, content)
        message_type = payload.get("type")
        if not isinstance(message_type, str):
            # No type key: fills are recognisable, cancel and expiry are not (callbacks.yaml rule).
            message_type = "ORDER_EXEC_REPORT" if ("tradeId" in payload or "executeNum" in payload) else None
        model = _MODELS.get(message_type or "")
        if model is None:
            return message_type, UnknownMessage(message_type, payload)
        try:
            return message_type, model.model_validate(payload)  # type: ignore[return-value]
        except pydantic.ValidationError as exc:
            raise WebhookPayloadError(
                f"{message_type} content is malformed: {exc.errors()[0]['msg']}", trace=trace
            ) from None

    @staticmethod
    def _idempotency_key(message_type: str | None, message: Message | UnknownMessage) -> Any:
        if isinstance(message, UnknownMessage):
            return (message_type, json.dumps(message.payload, sort_keys=True))
        data = message.model_dump()
        return (
            message_type,
            data.get("order_id") or data.get("client_order_id"),
            data.get("status"),
            data.get("trade_id"),
        )

    def _is_stale(self, trace: str) -> bool:
        tail = trace.rsplit("-", 1)[-1]
        if len(tail) != 10 or not tail.isdigit():
            return False
        return self._clock() - int(tail) > self._max_age


class WebhookApiHandler:
    """Parsing, idempotency and replies for the three Webhook-API callbacks (external wallet).

    ``handle_once(trace, request_unique_no, apply)`` calls ``apply()`` once per ``requestUniqueNo``
    and replays the stored reply for repeats; ``apply`` returns ``(code, msg)``.
    """

    def __init__(self, remember: int = 100_000) -> None:
        self._replies: OrderedDict[str, dict[str, Any]] = OrderedDict()
        self._remember = remember
        self._lock = threading.Lock()

    @staticmethod
    def _parse(model: type[pydantic.BaseModel], headers: Mapping[str, str], body: bytes) -> Any:
        trace = {k.lower(): v for k, v in headers.items()}.get("trace", "")
        try:
            return model.model_validate_json(body)
        except pydantic.ValidationError as exc:
            raise WebhookPayloadError(
                f"invalid {model.__name__}: {exc.errors()[0]['msg']}", trace=trace
            ) from None

    def parse_get_user_amount(
        self, headers: Mapping[str, str], body: bytes
    ) -> wire_models.GetUserAmountRequest:
        return self._parse(wire_models.GetUserAmountRequest, headers, body)  # type: ignore[no-any-return]

    def parse_adjustment(
        self, headers: Mapping[str, str], body: bytes
    ) -> wire_models.CreditLimitAdjustmentRequest:
        return self._parse(wire_models.CreditLimitAdjustmentRequest, headers, body)  # type: ignore[no-any-return]

    def parse_cancel(
        self, headers: Mapping[str, str], body: bytes
    ) -> wire_models.CancelCreditLimitAdjustmentRequest:
        return self._parse(wire_models.CancelCreditLimitAdjustmentRequest, headers, body)  # type: ignore[no-any-return]

    def user_amount_reply(
        self, trace: str, *, user_name: str, currency: str, amount: str, amount_digits: int
    ) -> dict[str, Any]:
        data = {"userName": user_name, "currency": currency, "amount": amount, "amountDigits": amount_digits}
        return reply_envelope(trace, data=data)

    def handle_once(
        self,
        trace: str,
        request_unique_no: str,
        apply: Callable[[], tuple[str, str]],
    ) -> dict[str, Any]:
        """Run ``apply`` the first time ``request_unique_no`` is seen; repeats get the first reply."""
        with self._lock:
            previous = self._replies.get(request_unique_no)
            if previous is not None:
                return {**previous, "trace": trace}
            code, msg = apply()
            reply = reply_envelope(trace, code=code, msg=msg, data={})
            self._replies[request_unique_no] = reply
            if len(self._replies) > self._remember:
                self._replies.popitem(last=False)
            return reply
