"""The gateway in front of the operations: headers, apiKey, rate limit, time window, signature.

Rules (shared/bridge-api/signing.md section 6 and errors.md sections 3-4, 9):

* ``companyId`` / ``trace`` missing -> GGATEWAY_CODE_003 / 004; any other required header missing -> 009;
  a header value the spec's header parameters do not allow (``companyId`` digits, ``recvWindow``
  1..60000, ``version``, ``group``, ``trace`` length), or a ``timestamp`` that is not digits -> 015.
* unknown apiKey -> 00012003; companyId not the key's company -> 00012004.
* 100 requests per fixed minute per apiKey -> HTTP 429 (00012005); any call after a 429 in the same
  minute -> HTTP 418 and a ban of 5 minutes, then 10, 20, ... (doubling).
* a media type other than ``application/json`` -> GGATEWAY_CODE_015.
* accept only when ``timestamp <= now + 1000`` and ``now - timestamp <= recvWindow`` -> else 00012002.
* signature: SHA1withRSA over the re-canonicalised body + timestamp, the key's public key -> else 00012001.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from multimarkets_bridge.operation import Operation
from multimarkets_bridge.signing import ParsedBody, RsaSha1Verifier
from multimarkets_bridge_client.registry import PLATFORM

from .errors import Codes, SandboxError
from .validation import RequestRules

__all__ = ["ApiKeyRecord", "Gateway", "RateLimiter"]

DEFAULT_RECV_WINDOW = 5_000
CLOCK_SKEW_MS = 1_000


@dataclass(frozen=True)
class ApiKeyRecord:
    """What the platform keeps about a key: its company and public key (never the secret)."""

    api_key: str = field(repr=False)
    company_id: int
    public_key: str = field(repr=False)


@dataclass
class _Window:
    start: float = 0.0
    count: int = 0
    warned: bool = False
    banned_until: float = 0.0
    bans: int = 0


@dataclass
class RateLimiter:
    """Fixed windows per apiKey (one minute; shorter for tests) with the 429 -> 418 ban ladder.

    A window starts at the first request after the previous one ended (windows by arrival time).
    """

    limit: int | None = PLATFORM.requests  # the spec's x-rate-limit
    first_ban_seconds: float = PLATFORM.first_ban_seconds
    window_seconds: float = PLATFORM.window_seconds
    windows: dict[str, _Window] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def check(self, api_key: str, now: float) -> dict[str, str]:
        """Count a request; return rate-limit headers, or raise 429/418 as a SandboxError."""
        if self.limit is None:
            return {}
        with self._lock:
            window = self.windows.setdefault(api_key, _Window(start=now))
            if window.banned_until > now:
                raise self._banned(window, now)
            if now - window.start >= self.window_seconds:
                window.start, window.count, window.warned = now, 0, False
            window.count += 1
            reset = max(1, int(window.start + self.window_seconds - now + 0.999))
            headers = {
                "x-ratelimit-limit": str(self.limit),
                "x-ratelimit-remaining": str(max(0, self.limit - window.count)),
                "x-ratelimit-reset": str(reset),
            }
            if window.count <= self.limit:
                return headers
            if not window.warned:
                window.warned = True
                raise SandboxError(
                    Codes.TOO_FREQUENT,
                    f"too many requests: more than {self.limit} per minute for this apiKey",
                    http_status=429,
                    headers={**headers, "retry-after": str(reset)},
                )
            window.bans += 1
            window.banned_until = now + self.first_ban_seconds * 2 ** (window.bans - 1)
            raise self._banned(window, now)

    @staticmethod
    def _banned(window: _Window, now: float) -> SandboxError:
        left = int(window.banned_until - now + 0.999)
        return SandboxError(
            Codes.TOO_FREQUENT,
            f"banned for continuing after a 429; {left} s left",
            http_status=418,
            headers={"retry-after": str(left)},
        )


MAX_HEADER_DIGITS = 19  # an epoch in ms has 13; a signed 64-bit integer 19


def _digits(headers: Mapping[str, str], name: str) -> int | None:
    value = headers.get(name)
    if value is None:
        return None
    # ASCII digits only (str.isdigit() also takes "²"), and short enough for any real value: int() never
    # meets a digit it cannot read or Python's 4300-digit limit
    if not (value.isascii() and value.isdigit()) or len(value) > MAX_HEADER_DIGITS:
        raise SandboxError(
            Codes.INVALID_PARAMETER, f"header {name} must be at most {MAX_HEADER_DIGITS} decimal digits"
        )
    return int(value)


class Gateway:
    """Authenticates one request; thread-safe (the key table is replaced, never mutated in place)."""

    def __init__(self, clock_ms: Callable[[], int], limiter: RateLimiter, rules: RequestRules) -> None:
        self._clock_ms = clock_ms
        self._rules = rules
        self._keys: dict[str, ApiKeyRecord] = {}
        self._verifiers: dict[str, RsaSha1Verifier] = {}
        self.limiter = limiter

    def register(self, record: ApiKeyRecord) -> None:
        verifier = RsaSha1Verifier.from_public_key(record.public_key)
        self._keys = {**self._keys, record.api_key: record}
        self._verifiers = {**self._verifiers, record.api_key: verifier}

    def key(self, api_key: str) -> ApiKeyRecord | None:
        return self._keys.get(api_key)

    def authenticate(
        self, headers: Mapping[str, str], body: ParsedBody | None, operation: Operation
    ) -> tuple[ApiKeyRecord, dict[str, str]]:
        """Return the caller's key record and rate-limit headers, or raise SandboxError.

        ``body`` is the request body parsed once (None: it is not JSON)."""
        if not headers.get("companyId"):
            raise SandboxError(Codes.NO_COMPANY_ID, "header companyId must not be empty")
        if not headers.get("trace"):
            raise SandboxError(Codes.NO_TRACE, "header trace must not be empty")
        required = ["apiKey", "timestamp", "signature", "version"] + (["group"] if operation.group else [])
        missing = [name for name in required if not headers.get(name)]
        if missing:
            raise SandboxError(Codes.MISSING_HEADER, f"missing request header(s): {', '.join(missing)}")
        self._rules.check_headers(operation, headers)
        media_type = headers.get("content-type", "").split(";", 1)[0].strip().lower()
        if media_type != "application/json":
            raise SandboxError(Codes.INVALID_PARAMETER, "Content-Type must be application/json")
        timestamp = _digits(headers, "timestamp")
        recv_window = int(headers.get("recvWindow") or DEFAULT_RECV_WINDOW)  # the spec's pattern held
        record = self._keys.get(headers["apiKey"])
        if record is None:
            raise SandboxError(Codes.UNKNOWN_API_KEY, "apiKey does not exist")
        limit_headers = self.limiter.check(record.api_key, self._clock_ms() / 1000)
        now = self._clock_ms()
        assert timestamp is not None
        if timestamp > now + CLOCK_SKEW_MS or now - timestamp > recv_window:
            raise SandboxError(Codes.TIME_WINDOW, "request timestamp is outside the recvWindow")
        if body is None:
            raise SandboxError(Codes.INVALID_PARAMETER, "request body is not valid JSON")
        if not self._verifiers[record.api_key].verify(body, timestamp, headers["signature"]):
            raise SandboxError(Codes.SIGNATURE, "signature verification failed")
        if int(headers["companyId"]) != record.company_id:  # digits: the spec's pattern held
            raise SandboxError(Codes.NO_PERMISSION, "apiKey does not belong to this companyId")
        return record, limit_headers
