"""What every callback answer shares: the reply envelope and the errors of callbacks that cannot be
accepted (used by the notification receiver, its ASGI adapter and the Webhook-API handler)."""

from __future__ import annotations

from .envelope import build_envelope
from .errors import BridgeError
from .operation import JsonValue

__all__ = [
    "WebhookError",
    "WebhookHandlerError",
    "WebhookPayloadError",
    "WebhookSignatureError",
    "WebhookStoreError",
    "acknowledgement",
    "reply_envelope",
]


class WebhookError(BridgeError):
    """A callback could not be accepted."""


class WebhookSignatureError(WebhookError):
    """The callback signature did not verify against the configured platform key."""


class WebhookPayloadError(WebhookError):
    """The callback body is not the documented shape."""


class WebhookStoreError(WebhookError):
    """The seen-store (Redis, SQLite) failed: nothing was claimed or marked; answer 503 so the platform
    redelivers."""


class WebhookHandlerError(WebhookError):
    """The integrator's handler raised; nothing was marked done and no acknowledgement is due."""


def reply_envelope(
    trace: str, *, code: str = "0", msg: str = "Success", data: JsonValue = None
) -> dict[str, JsonValue]:
    """The platform's envelope, for replies to callbacks (``data`` always present)."""
    return build_envelope(trace, code=code, msg=msg, data=data)


def acknowledgement(trace: str) -> dict[str, JsonValue]:
    """Acknowledgement of a Bridge notification."""
    return build_envelope(trace, data=True)
