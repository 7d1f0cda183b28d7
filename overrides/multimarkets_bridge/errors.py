"""The SDK's exception tree. Every failure of a call is one of these; none carries a secret.

```text
BridgeError
 +- ConfigurationError (+ SigningKeyError), InvalidRequestError, CoordinatorError: nothing was sent
 +- TransportError (+ APITimeoutError, + ThrottledError): no answer
 +- HTTPStatusError (+ RateLimitError 429, BannedError 418, ForbiddenError 403, ServerError 5XX)
 +- APIError: 2xx with code != "0" (+ AuthenticationError, SignatureError, TimestampError,
 |   PermissionDeniedError, ValidationError, NotFoundError, ConflictError, GatewayError)
 +- ResponseValidationError, PaginationError, OutcomeUnknownError, IdempotencyKeyReusedError
```

Which vendor code raises which class is stated once, in the spec's ``x-error-codes``.
Every exception exposes ``trace``, ``code``, ``msg`` (``%s`` placeholders filled from ``msgParams``),
``biz_code``, ``http_status``, ``biz_type`` and ``operation_id`` (``None`` where not applicable), and
for writes the record keys the request carried (``client_order_id``, ``order_id``) and ``outcome``:

* ``"not_sent"`` - nothing reached the platform (refused connection, a local check); safe to send again;
* ``"not_landed"`` - the platform answered and did not apply it (a business error, 4XX, 429, 418);
* ``"landed"`` - it was applied (e.g. a success whose data breaks the spec, a duplicate-key answer
  after an earlier attempt of the same call), even if the record could not be read back yet;
* ``"unknown"`` - it may have been applied: never send it again, settle it (``resolve_outcome``);
* ``None`` for reads.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from typing import NamedTuple, TypedDict, Unpack

from multimarkets_bridge_client.registry import ERROR_CODES

from .operation import JsonValue

__all__ = [
    "FAILURE_POLICY",
    "APIError",
    "APITimeoutError",
    "AuthenticationError",
    "BannedError",
    "BridgeError",
    "ConfigurationError",
    "ConflictError",
    "CoordinatorError",
    "ErrorContext",
    "FailurePolicy",
    "ForbiddenError",
    "GatewayError",
    "HTTPStatusError",
    "IdempotencyKeyReusedError",
    "InvalidRequestError",
    "NotFoundError",
    "OutcomeUnknownError",
    "PaginationError",
    "PermissionDeniedError",
    "RateLimitError",
    "ResponseValidationError",
    "ServerError",
    "SignatureError",
    "SigningKeyError",
    "ThrottledError",
    "TimestampError",
    "TransportError",
    "ValidationError",
    "error_class",
    "failure_policy",
    "transient_code",
]


class ErrorContext(TypedDict, total=False):
    """The keyword arguments every [`BridgeError`][] takes besides its message."""

    trace: str | None
    code: str | None
    msg: str | None
    biz_code: str | None
    http_status: int | None
    biz_type: str | None
    operation_id: str | None
    envelope: Mapping[str, JsonValue] | None
    headers: Mapping[str, str] | None
    outcome: str | None
    order_id: str | None


class BridgeError(Exception):
    """Base of every SDK error."""

    def __init__(
        self,
        message: str,
        *,
        trace: str | None = None,
        code: str | None = None,
        msg: str | None = None,
        biz_code: str | None = None,
        http_status: int | None = None,
        biz_type: str | None = None,
        operation_id: str | None = None,
        envelope: Mapping[str, JsonValue] | None = None,
        headers: Mapping[str, str] | None = None,
        outcome: str | None = None,
        order_id: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.trace = trace
        self.code = code
        self.msg = msg
        self.biz_code = biz_code
        self.http_status = http_status
        self.biz_type = biz_type
        self.operation_id = operation_id
        self.envelope = envelope
        self.headers: dict[str, str] = dict(headers) if headers is not None else {}
        self.client_order_id: str | None = None
        self.order_id = order_id
        #: for a write: whether it was sent and applied (``"not_sent"``, ``"not_landed"``, ``"landed"``,
        #: ``"unknown"``); set where the error is made, decided for a failed write by the settlement
        self.outcome = outcome
        self.attempts = 0
        #: the write's entry in the outbox while its outcome is unknown (see ``client.unsettled()``)
        self.unsettled_id: str | None = None

    @property
    def retryable(self) -> bool:
        """True when sending the same request again is safe and may succeed ([`failure_policy`][],
        or what the call settled for a write)."""
        override = self.__dict__.get("_retryable")
        return failure_policy(self).read_retry if override is None else bool(override)

    @retryable.setter
    def retryable(self, value: bool) -> None:
        self.__dict__["_retryable"] = value

    def __str__(self) -> str:
        context = [
            f"{name}={value}"
            for name, value in (
                ("operation", self.operation_id),
                ("code", self.code),
                ("http", self.http_status),
                ("trace", self.trace),
            )
            if value is not None
        ]
        return f"{self.message} ({', '.join(context)})" if context else self.message

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.message!r}, code={self.code!r}, trace={self.trace!r})"


class ConfigurationError(BridgeError):
    """The client was configured with unusable settings."""


class SigningKeyError(ConfigurationError):
    """A secretKey or public key could not be loaded (the key itself is never echoed)."""


class InvalidRequestError(BridgeError):
    """The request breaks a rule of the spec and was not sent (``outcome == "not_sent"``)."""

    def __init__(self, message: str, **kwargs: Unpack[ErrorContext]) -> None:
        super().__init__(message, **kwargs)
        self.outcome = "not_sent"


class CoordinatorError(BridgeError):
    """The coordinator (the rate budget, pause and ban shared through e.g. Redis) failed before the
    request was sent: nothing reached the platform (``outcome == "not_sent"``); ``__cause__`` is the
    store's error. Once a request has been sent, a store failure never replaces its result (it is
    logged as a warning)."""


class TransportError(BridgeError):
    """The request could not be sent or the answer could not be read (connection, TLS, protocol).

    For a write, ``retryable`` is True only when the request provably never reached the platform
    (``outcome == "not_sent"``); otherwise the write fails with [`OutcomeUnknownError`][] instead.
    """


class APITimeoutError(TransportError):
    """No answer within the configured timeout. (``TimeoutError``, its old name, still works but warns:
    it shadowed the builtin after ``from multimarkets_bridge import *``.)"""


class ThrottledError(APITimeoutError):
    """The call's own ``timeout`` ends before the shared rate budget (or a 429 pause) lets it be sent:
    nothing was sent (``outcome == "not_sent"``, retryable); ``retry_after`` is the wait it would need."""

    def __init__(
        self, message: str, *, retry_after: float | None = None, **kwargs: Unpack[ErrorContext]
    ) -> None:
        super().__init__(message, **kwargs)
        self.retry_after = retry_after


class HTTPStatusError(BridgeError):
    """The platform answered with a non-2xx HTTP status."""


class RateLimitError(HTTPStatusError):
    """Rate limit hit (HTTP 429, or code 00012005 / GGATEWAY_CODE_018). Do not retry at once.

    ``retry_after`` (seconds) comes from ``x-ratelimit-reset`` / ``retry-after`` when the platform sends them.
    """

    def __init__(
        self,
        message: str,
        *,
        retry_after: float | None = None,
        limit: int | None = None,
        remaining: int | None = None,
        **kwargs: Unpack[ErrorContext],
    ) -> None:
        super().__init__(message, **kwargs)
        self.retry_after = retry_after
        self.limit = limit
        self.remaining = remaining


class BannedError(HTTPStatusError):
    """HTTP 418: calls continued after a 429 and the key/IP is banned (5 min, then 10, ...)."""

    def __init__(
        self, message: str, *, retry_after: float | None = None, **kwargs: Unpack[ErrorContext]
    ) -> None:
        super().__init__(message, **kwargs)
        self.retry_after = retry_after


class ForbiddenError(HTTPStatusError):
    """HTTP 403: a WAF rule of the platform was violated."""


class ServerError(HTTPStatusError):
    """HTTP 5XX: platform-side failure."""


class APIError(BridgeError):
    """HTTP 2xx whose envelope code is not ``"0"``. ``data`` holds the envelope's ``data``."""

    @property
    def msg_params(self) -> list[str]:
        raw = (self.envelope or {}).get("msgParams")
        return raw.split(",") if isinstance(raw, str) and raw else []

    @property
    def data(self) -> JsonValue:
        return (self.envelope or {}).get("data")


class AuthenticationError(APIError):
    """The apiKey is unknown (00012003) or expired (00012006)."""


class SignatureError(AuthenticationError):
    """The signature did not verify (00012001): wrong key, or body changed after signing."""


class TimestampError(AuthenticationError):
    """The request was outside the time window (00012002): check the clock and recvWindow."""


class PermissionDeniedError(APIError):
    """The key may not call this operation or comes from a non-whitelisted IP."""


class ValidationError(APIError):
    """The platform rejected a parameter."""


class NotFoundError(APIError):
    """The referenced record does not exist."""


class ConflictError(APIError):
    """The record already exists (duplicate customer, phone or email)."""


class GatewayError(APIError):
    """Gateway or downstream failure (G500, GGATEWAY_CODE_*); ``retryable`` where the code says so."""


class PaginationError(BridgeError):
    """A paginated walk cannot be completed without losing records (for example more records at one
    millisecond than one call may return). The trace is that of the last call."""


class ResponseValidationError(BridgeError):
    """The answer is not the documented envelope: not JSON, truncated, or not matching the spec."""


class OutcomeUnknownError(BridgeError):
    """A write reached (or may have reached) the platform and whether it was applied is not known.

    Never send the same write again on this error. Settle it with ``client.resolve_outcome(error)``
    (looks the record up by ``client_order_id`` / ``order_id``), or reconcile from notifications.
    ``lookup`` holds the body fields that identify the record and those a found record must match;
    ``__cause__`` is the failure seen.
    """

    def __init__(
        self,
        message: str,
        *,
        lookup: Mapping[str, object] | None = None,
        request_time_ms: int | None = None,
        settle_after: float | None = None,
        lookup_saw: str | None = None,
        **kwargs: Unpack[ErrorContext],
    ) -> None:
        super().__init__(message, **kwargs)
        self.lookup: dict[str, object] = dict(lookup or {})
        self.outcome = "unknown"
        self.request_time_ms = request_time_ms
        """The signed ``timestamp`` (epoch ms, platform clock) of the last attempt sent."""
        self.settle_after = settle_after
        """Epoch seconds (this host's clock) after which the platform can no longer apply that attempt
        (its ``recvWindow`` has passed): only a "not found" seen after it proves it did not land."""
        self.lookup_saw = lookup_saw
        """What the lookups answered: ``"not_found"``, ``"failed"`` or ``None`` (no lookup made)."""

    def again(self, message: str) -> OutcomeUnknownError:
        """The same unknown outcome (keys, times, trace) told anew with ``message``."""
        copied = copy.copy(self)
        copied.message, copied.args = message, (message,)
        return copied


class IdempotencyKeyReusedError(BridgeError):
    """A lookup found a record under the write's key that does not match the request.

    The key (e.g. ``clientOrderId``) was used before for another request; the new write was not
    confirmed. ``mismatches`` maps each differing field to ``(sent, found)``; ``client_order_id`` is the
    key, ``order_id`` the record found under it, and ``outcome`` that of this request (``"unknown"``
    once it may have reached the platform: on a platform that does not reject a reused key it may have
    landed as a second record).
    """

    def __init__(
        self,
        message: str,
        *,
        mismatches: Mapping[str, tuple[object, object]] | None = None,
        **kwargs: Unpack[ErrorContext],
    ) -> None:
        super().__init__(message, **kwargs)
        self.mismatches: dict[str, tuple[object, object]] = dict(mismatches or {})


def error_class(name: str) -> type[BridgeError] | None:
    """The exception class called ``name`` (the spec's ``x-error-codes`` name them)."""
    cls = globals().get(name)
    return cls if isinstance(cls, type) and issubclass(cls, BridgeError) else None


def transient_code(code: str | None) -> bool:
    """True for a vendor code the spec marks ``retryable`` (a platform-side failure)."""
    entry = ERROR_CODES.get(code or "")
    return entry is not None and entry.retryable


class FailurePolicy(NamedTuple):
    """What a failure means for sending again."""

    read_retry: bool
    """A read-only call that failed this way may be sent again (with backoff, ``max_retries``)."""
    write_outcome: str
    """A write that failed this way: ``not_sent``, ``not_landed``, ``landed`` or ``unknown``."""


#: The one retry table: the first class in an error's MRO decides; vendor codes refine ``GatewayError``
#: through the spec's ``x-error-codes`` ``retryable`` (see [`failure_policy`][] for the cases an
#: error's own data decides). The README's Resilience section is checked against it.
FAILURE_POLICY: dict[type[BridgeError], FailurePolicy] = {
    ConfigurationError: FailurePolicy(False, "not_sent"),
    InvalidRequestError: FailurePolicy(False, "not_sent"),
    CoordinatorError: FailurePolicy(True, "not_sent"),
    ThrottledError: FailurePolicy(True, "not_sent"),
    TransportError: FailurePolicy(True, "unknown"),
    RateLimitError: FailurePolicy(False, "not_landed"),
    BannedError: FailurePolicy(False, "not_landed"),
    ServerError: FailurePolicy(True, "unknown"),
    HTTPStatusError: FailurePolicy(False, "not_landed"),
    TimestampError: FailurePolicy(True, "not_landed"),
    GatewayError: FailurePolicy(False, "not_landed"),
    APIError: FailurePolicy(False, "not_landed"),
    ResponseValidationError: FailurePolicy(False, "unknown"),
    OutcomeUnknownError: FailurePolicy(False, "unknown"),
    IdempotencyKeyReusedError: FailurePolicy(False, "unknown"),
    BridgeError: FailurePolicy(False, "not_landed"),
}


def failure_policy(error: BridgeError) -> FailurePolicy:
    """The policy of ``error``: ``FAILURE_POLICY`` by class, refined by what the error carries.

    * a transport failure that happened before any byte left (``outcome == "not_sent"``) is not sent;
    * a vendor code the spec marks ``retryable`` (a ``GatewayError``) may be resent by a read and leaves
      a write unknown (the platform failed while processing);
    * an answer that is not an envelope at all may be re-read; a success envelope (``code "0"``) whose
      data breaks the spec means the write landed.
    """
    policy = next(FAILURE_POLICY[cls] for cls in type(error).__mro__ if cls in FAILURE_POLICY)
    if isinstance(error, TransportError) and error.outcome == "not_sent":
        return FailurePolicy(True, "not_sent")
    if isinstance(error, GatewayError) and transient_code(error.code):
        return FailurePolicy(True, "unknown")
    if isinstance(error, ResponseValidationError):
        if error.envelope is None:
            return FailurePolicy(True, "unknown")
        if error.envelope.get("code") == "0":
            return FailurePolicy(False, "landed")
    return policy
