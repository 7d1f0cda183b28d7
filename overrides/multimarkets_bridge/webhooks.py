"""Framework-agnostic helpers for what the platform sends *to* you.

Bridge order notifications (``POST`` to the URL given to ``subscribe_webhook``), processed at least once
in, exactly once in effect:

```python
receiver = NotificationReceiver(allow_unsigned=True,                   # or platform_public_key=...
                                store=SqliteSeenStore("seen.sqlite"))  # or RedisSeenStore.from_url(...)

def handle(notification):                   # your code: book the fill, update the order ...
    ...

app.router.routes.extend(receiver.routes("/hooks/bridge", handle))   # Starlette / FastAPI
# or serve receiver.asgi_app(handle) with uvicorn; framework-agnostic:
# outcome = receiver.process(headers, body, handle); reply outcome.status / outcome.body
```

A notification counts as processed only after ``handle`` returned: then it is marked done in the
store and acknowledged. When ``handle`` raises, nothing is marked and no acknowledgement is sent, so
the platform's redelivery is processed. Replicas behind a load balancer share the store (Redis, or one
SQLite file on one host); a copy arriving while another replica is still handling it gets HTTP 503
(the platform retries later). The claim's lease is renewed while ``handle`` runs (see
[`LeaseKeeper`][multimarkets_bridge.seen_store.LeaseKeeper]). The store survives restarts.

Signature: the vendor does not publish which key signs callbacks. With ``platform_public_key`` set,
verification is *enforced* (a bad signature raises [`WebhookSignatureError`][]); without it the
receiver refuses to start unless ``allow_unsigned=True`` is passed (and then logs a warning): the
signature is *reported* (``"unchecked"``) and the de-duplication key includes a digest of the whole
body, so a forged copy sent first cannot suppress the genuine message. Bodies over ``max_body_bytes``
or nested deeper than ``max_depth`` are rejected before any parsing.

Freshness: notifications carry no timestamp header; the trace ends in epoch seconds (``t-...-1700000000``),
which is used when present (``stale``).

Webhook-API callbacks (external wallet):
[`WebhookApiHandler`][multimarkets_bridge.webhook_api.WebhookApiHandler]
(re-exported here; it needs ``multimarkets-bridge[webhooks]``, the notification receiver does not).
"""

from __future__ import annotations

import asyncio
import inspect
import itertools
import logging
import os
import time
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from .asgi import NotificationApp, starlette_routes
from .callback_replies import (
    WebhookError,
    WebhookHandlerError,
    WebhookPayloadError,
    WebhookSignatureError,
    WebhookStoreError,
    acknowledgement,
    reply_envelope,
)
from .errors import ConfigurationError
from .json_limits import nesting_exceeds
from .notification_content import (
    ProcessOutcome,
    ReceivedNotification,
    SignatureStatus,
    UnknownMessage,
    decode_content,
    dedupe_key,
)
from .request_schema import body_check, body_violation
from .seen_store import LeaseKeeper, MemorySeenStore, RedisSeenStore, SeenStore, SqliteSeenStore
from .signing import ParsedBody, RsaSha1Verifier, parse_exact
from .spec_data import notification_redelivery_ms

if TYPE_CHECKING:
    from starlette.routing import Route

    from .webhook_api import CANCEL_NOT_PROCESSED, CANCEL_NOT_RECEIVED, CANCEL_OK, WebhookApiHandler

_WEBHOOK_API = frozenset({"CANCEL_NOT_PROCESSED", "CANCEL_NOT_RECEIVED", "CANCEL_OK", "WebhookApiHandler"})


def __getattr__(name: str) -> Any:
    """The Webhook-API names, imported on first use (they need pydantic, the receiver does not)."""
    if name in _WEBHOOK_API:
        from . import webhook_api

        return getattr(webhook_api, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "CANCEL_NOT_PROCESSED",
    "CANCEL_NOT_RECEIVED",
    "CANCEL_OK",
    "DEFAULT_LEASE_SECONDS",
    "MemorySeenStore",
    "NotificationApp",
    "NotificationReceiver",
    "ProcessOutcome",
    "ReceivedNotification",
    "RedisSeenStore",
    "SeenStore",
    "SqliteSeenStore",
    "UnknownMessage",
    "WebhookApiHandler",
    "WebhookError",
    "WebhookHandlerError",
    "WebhookPayloadError",
    "WebhookSignatureError",
    "WebhookStoreError",
    "acknowledgement",
    "reply_envelope",
]

logger: logging.Logger = logging.getLogger("multimarkets_bridge")
#: A claim's lease: renewed every third of it while the handler runs, so a slow handler keeps its
#: claim and a crashed receiver's claim expires (and the next redelivery is processed) within it.
DEFAULT_LEASE_SECONDS = 5.0

Handler = Callable[[ReceivedNotification], object]


class NotificationReceiver:
    """Verifies, parses and de-duplicates Bridge notifications (see the module docstring)."""

    def __init__(
        self,
        *,
        platform_public_key: str | None = None,
        allow_unsigned: bool = False,
        known_api_keys: set[str] | None = None,
        max_age_seconds: float = 24 * 3600,
        store: SeenStore | None = None,
        lease_seconds: float = DEFAULT_LEASE_SECONDS,
        redelivery_span_seconds: float | None = None,
        max_body_bytes: int = 1 << 20,
        max_depth: int = 64,
        clock: Callable[[], float] = time.time,
    ) -> None:
        for name, value in (
            ("max_age_seconds", max_age_seconds), ("lease_seconds", lease_seconds),
            ("max_body_bytes", max_body_bytes), ("max_depth", max_depth),
        ):  # fmt: skip
            if isinstance(value, bool) or not isinstance(value, int | float) or not value > 0:
                raise ConfigurationError(f"{name} must be a positive number")
        span = (
            notification_redelivery_ms()[-1] / 1000
            if redelivery_span_seconds is None
            else redelivery_span_seconds
        )
        if isinstance(span, bool) or not isinstance(span, int | float) or not span > 0:
            raise ConfigurationError("redelivery_span_seconds must be a positive number, or None")
        if lease_seconds >= span:
            raise ConfigurationError(
                f"lease_seconds={lease_seconds:g} is not shorter than the platform's redelivery span "
                f"({span:g} s after the first attempt): a receiver that dies mid-handler would hold its "
                f"claim past the last redelivery and the notification would be lost; use a lease well "
                f"under the span (the default is {DEFAULT_LEASE_SECONDS:g} s; slow handlers keep their "
                f"claim by renewal)"
            )
        if store is not None and not all(
            callable(getattr(store, m, None)) for m in ("claim", "renew", "complete", "release", "is_done")
        ):
            raise ConfigurationError("store must be a SeenStore (claim, renew, complete, release, is_done)")
        if not callable(clock):
            raise ConfigurationError("clock must be callable")
        if not platform_public_key and allow_unsigned is not True:
            raise ConfigurationError(
                "NotificationReceiver needs platform_public_key to verify notifications; the vendor does "
                "not publish which key signs them, so to accept unsigned ones pass allow_unsigned=True"
            )
        if not platform_public_key:
            logger.warning(
                "notification signatures are not checked (allow_unsigned=True): anyone who can reach "
                "the webhook URL can post; protect it with network controls"
            )
        self._verifier = RsaSha1Verifier.from_public_key(platform_public_key) if platform_public_key else None
        self._known_api_keys = known_api_keys
        self._max_age = max_age_seconds
        self._store: SeenStore = store if store is not None else MemorySeenStore(clock=clock)
        self._lease = lease_seconds
        self._leases = LeaseKeeper(self._store, lease_seconds)
        self.max_body_bytes = max_body_bytes
        self._max_depth = max_depth
        self._envelope_valid = body_check("BridgeNotification")
        self._clock = clock

    def receive(self, headers: Mapping[str, str], body: bytes) -> ReceivedNotification:
        """Check and parse one delivery. ``duplicate`` reports the store; nothing is marked here."""
        return self._parse(*_delivery(headers, body), consult_store=True)

    def process(self, headers: Mapping[str, str], body: bytes, handler: Handler) -> ProcessOutcome:
        """Receive, run ``handler`` once per notification, and say what to answer.

        Returns 200 + acknowledgement when the handler finished (or had finished for an earlier copy),
        400/401 for a bad body or signature, 503 while another worker holds the notification. Raises
        [`WebhookHandlerError`][multimarkets_bridge.callback_replies.WebhookHandlerError] (answer 500, no
        acknowledgement) when the handler raised.
        """
        begun = self._begin(headers, body)
        if isinstance(begun, ProcessOutcome):
            return begun
        notification, owner = begun
        try:
            handler(notification)
        except BaseException as exc:
            failure = self._failed(notification, owner, exc)
            if not isinstance(exc, Exception):
                raise  # interrupted: the claim is released, the interruption goes on
            raise failure from exc
        return self._done(notification, owner)

    async def aprocess(self, headers: Mapping[str, str], body: bytes, handler: Handler) -> ProcessOutcome:
        """[`process`][] for an ASGI app: the delivery is checked on the event loop, the store is
        awaited natively when it offers async operations (``RedisSeenStore`` built by ``from_url``
        batches them into pipelines; ``MemorySeenStore``) or used from a worker thread, and a plain
        (non-``async``) handler runs in a worker thread."""
        notification = self._checked(headers, body)
        if isinstance(notification, ProcessOutcome):
            return notification
        owner = _claim_owner()
        try:
            claim = await _store_call(self._store, "claim", notification.dedupe_key, self._lease, owner)
        except Exception as exc:  # a stalled, timed-out or lost store: nothing claimed, nothing run
            return self._store_down(notification, "claim", exc)
        settled = self._claimed(notification, claim, owner)
        if settled is not None:
            return settled
        try:
            if inspect.iscoroutinefunction(handler):
                await handler(notification)
            else:
                await asyncio.to_thread(handler, notification)
        except BaseException as exc:  # a cancelled handler did not finish either
            failure = self._failed(notification, owner, exc)  # quick: the release must happen now
            if not isinstance(exc, Exception):
                raise
            raise failure from exc
        self._leases.drop(notification.dedupe_key, owner)  # renewing stops before the mark replaces it
        try:
            await _store_call(self._store, "complete", notification.dedupe_key)
        except Exception as exc:
            return self._done_later(notification, owner, exc)
        return _acknowledged(notification, handled=True)

    def _begin(
        self, headers: Mapping[str, str], body: bytes
    ) -> tuple[ReceivedNotification, str] | ProcessOutcome:
        """Parse and claim a delivery: the notification to hand to the handler and the claim's owner
        (its lease is renewed until the handler ends), or the answer to give."""
        notification = self._checked(headers, body)
        if isinstance(notification, ProcessOutcome):
            return notification
        owner = _claim_owner()
        try:
            claim = self._store.claim(notification.dedupe_key, self._lease, owner)
        except Exception as exc:  # a stalled, timed-out or lost store: nothing claimed, nothing run
            return self._store_down(notification, "claim", exc)
        return self._claimed(notification, claim, owner) or (notification, owner)

    def _checked(self, headers: Mapping[str, str], body: bytes) -> ReceivedNotification | ProcessOutcome:
        try:
            return self._parse(*_delivery(headers, body), consult_store=False)
        except WebhookError as error:
            return self._refusal(error)

    def _claimed(self, notification: ReceivedNotification, claim: str, owner: str) -> ProcessOutcome | None:
        """None when the claim is this delivery's (its lease is now renewed), else the answer."""
        self._leases.store_answered()
        if claim != "claimed":
            return self._settled(notification, claim)
        self._leases.hold(notification.dedupe_key, owner)
        return None

    def _store_down(self, notification: ReceivedNotification, action: str, exc: Exception) -> ProcessOutcome:
        self._leases.store_failed(action, exc)
        reply = reply_envelope(notification.trace, code="503", msg="notification store unavailable")
        return ProcessOutcome(503, reply, notification, False)

    def _failed(
        self, notification: ReceivedNotification, owner: str, exc: BaseException
    ) -> WebhookHandlerError:
        """Forget the claim (the redelivery must be processed) and describe the failure."""
        self._leases.drop(notification.dedupe_key, owner)
        try:
            self._store.release(notification.dedupe_key, owner)
        except Exception as store_error:  # the claim lapses within one lease; the redelivery is processed
            self._leases.store_failed("release", store_error)
        return WebhookHandlerError(
            f"notification handler failed ({type(exc).__name__}); not acknowledged", trace=notification.trace
        )

    def _done(self, notification: ReceivedNotification, owner: str) -> ProcessOutcome:
        """The handler finished: mark it done and acknowledge."""
        self._leases.drop(notification.dedupe_key, owner)  # renewing stops before the mark replaces it
        try:
            self._store.complete(notification.dedupe_key)
        except Exception as exc:
            return self._done_later(notification, owner, exc)
        return _acknowledged(notification, handled=True)

    def _done_later(self, notification: ReceivedNotification, owner: str, exc: Exception) -> ProcessOutcome:
        """A store that fails after the handler finished does not undo it: the claim is held again
        and the done-mark retried in the background (no replica runs the handler again); acknowledged."""
        self._leases.store_failed("complete", exc)
        self._leases.complete_later(notification.dedupe_key, owner)
        return _acknowledged(notification, handled=True)

    def _parse(self, lowered: Mapping[str, str], body: bytes, *, consult_store: bool) -> ReceivedNotification:
        """Check and decode a delivery, parsing each JSON text once: the body (its value serves the
        signature's canonical form and the envelope model) and the ``content`` inside it."""
        trace = lowered.get("trace", "")
        self._check_shape(body, trace)
        api_key = lowered.get("apikey")
        if self._known_api_keys is not None and api_key not in self._known_api_keys:
            raise WebhookError("notification for an apiKey this receiver does not serve", trace=trace)
        try:
            parsed = parse_exact(body)  # once: for the signature's canonical form and the checks
        except (ValueError, RecursionError):
            raise WebhookPayloadError(
                "not a Bridge notification: the body is not JSON", trace=trace
            ) from None
        signature = self._check_signature(parsed, lowered.get("signature"), trace)
        document = parsed.value
        if not self._envelope_valid(document):  # the spec's envelope, compiled
            violation = body_violation("BridgeNotification", document)
            raise WebhookPayloadError(f"not a Bridge notification: {violation}", trace=trace)
        message_type, message, identity = decode_content(document["content"], self._max_depth, trace)
        key = dedupe_key(identity, body if signature != "verified" else None)
        return ReceivedNotification(
            trace=trace,
            api_key=api_key,
            msg_type=document["msgType"],
            message_type=message_type,
            message=message,
            signature=signature,
            duplicate=consult_store and self._is_done(key, trace),
            stale=self._is_stale(trace),
            dedupe_key=key,
        )

    def _is_done(self, key: str, trace: str) -> bool:
        try:
            return self._store.is_done(key)
        except Exception as exc:
            self._leases.store_failed("is_done", exc)
            error = WebhookStoreError("the notification store is unavailable; retry later", trace=trace)
            error.retryable = True
            raise error from None

    def asgi_app(self, handler: Handler) -> NotificationApp:
        """An ASGI app that processes notifications POSTed to it: a Starlette / FastAPI route endpoint
        (``app.add_route(path, receiver.asgi_app(h), methods=["POST"])``, see [`routes`][]) or a whole
        app for uvicorn. Mounting it with ``app.mount(path, ...)`` makes Starlette redirect the bare
        ``path`` (307), which the platform does not follow: use a route."""
        return NotificationApp(self, handler)

    def routes(self, path: str, handler: Handler) -> list[Route]:
        """Starlette routes (FastAPI too) serving ``handler`` at ``path`` with and without a trailing
        slash, so neither subscribed form meets a redirect: ``app.router.routes.extend(...)``."""
        return starlette_routes(path, self.asgi_app(handler))

    def _refusal(self, error: WebhookError) -> ProcessOutcome:
        status = (
            401
            if isinstance(error, WebhookSignatureError)
            else 503
            if isinstance(error, WebhookStoreError)
            else 403
            if type(error) is WebhookError
            else 400
        )
        body = reply_envelope(error.trace or "", code=str(status), msg=error.message)
        return ProcessOutcome(status, body, None, False)

    @staticmethod
    def _settled(notification: ReceivedNotification, claim: str) -> ProcessOutcome:
        if claim == "done":  # processed before: acknowledge again, do not run the handler
            return _acknowledged(notification, handled=False)
        body = reply_envelope(notification.trace, code="503", msg="being processed; retry later")
        return ProcessOutcome(503, body, notification, False)

    def _check_shape(self, body: bytes, trace: str) -> None:
        if len(body) > self.max_body_bytes:
            raise WebhookPayloadError(f"body of {len(body)} bytes is over {self.max_body_bytes}", trace=trace)
        if nesting_exceeds(body, self._max_depth):
            raise WebhookPayloadError(f"body is nested deeper than {self._max_depth} levels", trace=trace)

    def _check_signature(self, parsed: ParsedBody, signature: str | None, trace: str) -> SignatureStatus:
        if self._verifier is None:
            return "unchecked"
        if signature and isinstance(parsed.value, dict) and self._verifier.verify(parsed, None, signature):
            return "verified"
        raise WebhookSignatureError("notification signature did not verify", trace=trace)

    def _is_stale(self, trace: str) -> bool:
        tail = trace.rsplit("-", 1)[-1]
        if len(tail) != 10 or not tail.isdigit():
            return False
        return self._clock() - int(tail) > self._max_age


def _acknowledged(notification: ReceivedNotification, *, handled: bool) -> ProcessOutcome:
    """200 with the acknowledgement: the handler finished now (``handled``) or for an earlier copy."""
    return ProcessOutcome(200, notification.acknowledgement(), notification, handled)


class _Owners:
    """Claim owner ids: a random prefix per process (renewed in a forked child) and a counter, so no
    two claims of any replica share one, without a system call per delivery. Not a secret."""

    def __init__(self) -> None:
        self.renew()
        os.register_at_fork(after_in_child=self.renew)

    def renew(self) -> None:
        self.prefix, self.count = os.urandom(8).hex(), itertools.count()

    def __call__(self) -> str:
        return f"{self.prefix}{next(self.count):x}"


_claim_owner = _Owners()


async def _store_call(store: SeenStore, action: str, *args: Any) -> Any:
    """A store operation awaited natively (``a<action>``) when the store has it, else in a thread."""
    native = getattr(store, f"a{action}", None)
    if native is not None:
        return await native(*args)
    return await asyncio.to_thread(getattr(store, action), *args)


def _delivery(headers: Any, body: Any) -> tuple[dict[str, str], bytes]:
    """The delivery as the receiver reads it: header names lower-cased to text values, the body bytes."""
    if type(headers) is not dict and not isinstance(headers, Mapping):  # ABC check last: slow
        raise WebhookPayloadError("headers must be a mapping of header names to text values")
    lowered: dict[str, str] = {}
    for name, value in headers.items():
        if not (isinstance(name, str) and isinstance(value, str)):
            raise WebhookPayloadError("headers must be a mapping of header names to text values")
        lowered[name.lower()] = value
    if not isinstance(body, bytes | bytearray | memoryview):
        raise WebhookPayloadError(f"the body must be the raw bytes received, not {type(body).__name__}")
    return lowered, bytes(body)
