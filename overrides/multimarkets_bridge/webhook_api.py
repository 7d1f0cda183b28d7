"""The Webhook-API callbacks (the trading platform asking an external wallet): parsing of the three
bodies, one reply per ``requestUniqueNo`` (repeats get the first answer) and reply envelopes. Those
callbacks carry no signature at all (none published): protect them with network controls."""

from __future__ import annotations

import json
import threading
from collections import OrderedDict
from collections.abc import Callable, Mapping
from typing import TypeVar

try:
    import pydantic
    from multimarkets_bridge_client import wire_models
    from multimarkets_bridge_client._wire_base import WireModel
except ImportError as exc:  # pragma: no cover - exercised only without the extra
    raise ImportError(
        "multimarkets_bridge.webhook_api needs pydantic: pip install 'multimarkets-bridge[webhooks]'"
    ) from exc

from .callback_replies import WebhookPayloadError, reply_envelope
from .operation import JsonValue
from .request_schema import body_violation

__all__ = ["CANCEL_NOT_PROCESSED", "CANCEL_NOT_RECEIVED", "CANCEL_OK", "WebhookApiHandler"]

_M = TypeVar("_M", bound=WireModel)

#: Reply codes of the cancel-adjustment callback (Webhook API page).
CANCEL_OK = "0"
CANCEL_NOT_PROCESSED = "US_0000001"
CANCEL_NOT_RECEIVED = "US_0000002"


class WebhookApiHandler:
    """Parsing, idempotency and replies for the three Webhook-API callbacks (external wallet).

    ``handle_once(trace, request_unique_no, apply)`` calls ``apply()`` once per ``requestUniqueNo``
    and replays the stored reply for repeats; ``apply`` returns ``(code, msg)``.
    """

    def __init__(self, remember: int = 100_000) -> None:
        self._replies: OrderedDict[str, dict[str, JsonValue]] = OrderedDict()
        self._remember = remember
        self._lock = threading.Lock()

    @staticmethod
    def _parse(model: type[_M], headers: Mapping[str, str], body: bytes) -> _M:
        """The body checked against the spec (the compiled schema), then typed."""
        trace = {k.lower(): v for k, v in headers.items()}.get("trace", "")
        name = model.__name__
        try:
            value = json.loads(body)
        except (ValueError, RecursionError):
            raise WebhookPayloadError(f"invalid {name}: the body is not JSON", trace=trace) from None
        violation = body_violation(name, value)
        if violation is not None:
            raise WebhookPayloadError(f"invalid {name}: {violation}", trace=trace)
        try:
            return model.from_data(value)
        except pydantic.ValidationError as exc:
            raise WebhookPayloadError(f"invalid {name}: {exc.errors()[0]['msg']}", trace=trace) from None

    def parse_get_user_amount(
        self, headers: Mapping[str, str], body: bytes
    ) -> wire_models.GetUserAmountRequest:
        return self._parse(wire_models.GetUserAmountRequest, headers, body)

    def parse_adjustment(
        self, headers: Mapping[str, str], body: bytes
    ) -> wire_models.CreditLimitAdjustmentRequest:
        return self._parse(wire_models.CreditLimitAdjustmentRequest, headers, body)

    def parse_cancel(
        self, headers: Mapping[str, str], body: bytes
    ) -> wire_models.CancelCreditLimitAdjustmentRequest:
        return self._parse(wire_models.CancelCreditLimitAdjustmentRequest, headers, body)

    def user_amount_reply(
        self, trace: str, *, user_name: str, currency: str, amount: str, amount_digits: int
    ) -> dict[str, JsonValue]:
        data: dict[str, JsonValue] = {
            "userName": user_name, "currency": currency, "amount": amount, "amountDigits": amount_digits,
        }  # fmt: skip
        return reply_envelope(trace, data=data)

    def handle_once(
        self,
        trace: str,
        request_unique_no: str,
        apply: Callable[[], tuple[str, str]],
    ) -> dict[str, JsonValue]:
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
