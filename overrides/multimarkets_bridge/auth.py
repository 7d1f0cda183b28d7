"""``httpx.Auth`` that signs every Bridge request (sync and async, sans-I/O).

The flow runs once per send, so a retried request is re-signed with a fresh timestamp. The operation
(its ``group``/``version`` headers) travels with the request in ``request.extensions``
([`OPERATION_EXTENSION`][]); only a request without it - the low-level generated endpoint functions
running on a client that carries this auth - is routed by the ``bizType`` at the end of its URL path.
The high-level client builds its requests already signed with [`BridgeAuth.headers_for`][] and sends
them past this flow (one header merge instead of httpx's request building and auth round).
"""

from __future__ import annotations

import copy
import os
import re
import string
import time
from collections.abc import Callable, Generator, Mapping
from typing import NamedTuple, Protocol

import httpx
from multimarkets_bridge_client.registry import PLATFORM

from .errors import ConfigurationError
from .signing import Signer

__all__ = [
    "OPERATION_EXTENSION",
    "SIGNED_HEADERS",
    "BridgeAuth",
    "header_problem",
    "mask",
    "new_trace",
    "validate_recv_window",
]

#: ``request.extensions`` key holding the [`Operation`][multimarkets_bridge.operation.Operation] being called.
OPERATION_EXTENSION = "multimarkets_bridge.operation"

#: Headers the auth layer owns; callers cannot override them through ``extra_headers``.
SIGNED_HEADERS = frozenset(
    {"apikey", "timestamp", "signature", "recvwindow", "companyid", "version", "group", "lang", "trace"}
)
DEFAULT_VERSION = "0.0.1"
MIN_RECV_WINDOW: int = PLATFORM.recv_window_range_ms[0]  # the spec's x-integer-range
MAX_RECV_WINDOW: int = PLATFORM.recv_window_range_ms[1]
_ALPHABET = string.ascii_lowercase + string.digits
# RFC 9110 section 5: a field name is a token; a field value is visible characters with inner spaces or
# tabs. Only ASCII is accepted (httpx encodes header values as ASCII); CR, LF and NUL never are.
_TOKEN = re.compile(r"[!#$%&'*+\-.^_`|~0-9A-Za-z]+")
_FIELD_VALUE = re.compile(r"(?:[\x21-\x7e](?:[\x20-\x7e\t]*[\x21-\x7e])?)?")


def header_problem(name: object, value: object) -> str | None:
    """Why ``name: value`` cannot be sent as an HTTP header (RFC 9110, ASCII), or None when it can."""
    if not isinstance(name, str) or not _TOKEN.fullmatch(name):
        return "the header name must be an RFC 9110 token"
    if not isinstance(value, str):
        return f"the value of header {name!r} must be a string"
    if not _FIELD_VALUE.fullmatch(value):
        return (
            f"the value of header {name!r} must be visible ASCII characters with inner spaces only "
            "(no CR, LF, NUL, other control or non-ASCII characters, no leading or trailing space)"
        )
    return None


def new_trace(now_s: int | None = None) -> str:
    """A trace id in the documented style: ``t-<random>-<random>-<random>-<epoch seconds>``.

    18 characters from one ``os.urandom`` read (a trace must be unique, not secret: the slight
    modulo bias of 256 % 36 does not matter).
    """
    chars = "".join([_ALPHABET[byte % 36] for byte in os.urandom(18)])
    seconds = int(time.time()) if now_s is None else now_s
    return f"t-{chars[:6]}-{chars[6:11]}-{chars[11:]}-{seconds}"


def mask(secret: str) -> str:
    """Show only the ends of an identifier (``abcd…wxyz``); short values are fully hidden."""
    return f"{secret[:4]}…{secret[-4:]}" if len(secret) > 12 else "***"


def validate_recv_window(recv_window: int) -> int:
    if (
        isinstance(recv_window, bool)
        or not isinstance(recv_window, int)
        or not MIN_RECV_WINDOW <= recv_window <= MAX_RECV_WINDOW
    ):
        raise ConfigurationError(
            f"recv_window must be an integer between {MIN_RECV_WINDOW} and {MAX_RECV_WINDOW} ms"
        )
    return recv_window


def _check_lang(lang: object) -> str:
    if not isinstance(lang, str) or not lang or header_problem("lang", lang) is not None:
        raise ConfigurationError("lang must be a non-empty header value such as 'zh-CN' or 'en-US'")
    return lang


class Operation(Protocol):
    """What signing needs to know about the operation called."""

    @property
    def biz_type(self) -> str: ...
    @property
    def group(self) -> str | None: ...
    @property
    def version(self) -> str: ...


class _Route(NamedTuple):
    biz_type: str
    group: str | None
    version: str


class BridgeAuth(httpx.Auth):
    """Adds ``apiKey``, ``timestamp``, ``signature`` and the other common headers to each request."""

    requires_request_body = True

    def __init__(
        self,
        *,
        api_key: str,
        signer: Signer,
        company_id: str | int,
        routing: Mapping[str, Operation],
        recv_window: int | None = PLATFORM.recv_window_ms,
        lang: str = "zh-CN",
        clock_ms: Callable[[], int] | None = None,
        trace_factory: Callable[[], str] = new_trace,
    ) -> None:
        if not isinstance(api_key, str) or not api_key:
            raise ConfigurationError("api_key must be a non-empty string")
        if header_problem("apiKey", api_key) is not None:  # the key itself is never echoed
            raise ConfigurationError("api_key must be visible ASCII characters (it is sent as a header)")
        if isinstance(company_id, bool) or not isinstance(company_id, str | int):
            raise ConfigurationError("company_id must be decimal digits")
        company = str(company_id)
        if not (company.isascii() and company.isdigit()):
            raise ConfigurationError("company_id must be decimal digits")
        _check_lang(lang)
        self._api_key = api_key
        self._signer = signer
        self._company_id = company
        self._routing = routing
        self._recv_window = None if recv_window is None else validate_recv_window(recv_window)
        self._lang = lang
        self._clock_ms = clock_ms or (lambda: time.time_ns() // 1_000_000)
        self._trace_factory = trace_factory
        self._static: dict[str, dict[str, str]] = {}

    def with_settings(self, *, lang: str | None = None, recv_window: int | bool | None = True) -> BridgeAuth:
        """A copy with another ``lang`` and/or ``recvWindow`` (``recv_window=True`` keeps the current one,
        ``None`` stops sending the header); the key, signer and clock are shared."""
        clone = copy.copy(self)
        if lang is not None:
            clone._lang = _check_lang(lang)
        if recv_window is not True:
            clone._recv_window = None if recv_window is None else validate_recv_window(recv_window)
        clone._static = {}
        return clone

    def now_ms(self) -> int:
        """The clock signed timestamps use (with the learnt server offset), in epoch ms."""
        return self._clock_ms()

    @property
    def company_id(self) -> str:
        """The ``companyId`` header sent (decimal digits)."""
        return self._company_id

    @property
    def api_key_masked(self) -> str:
        return mask(self._api_key)

    @property
    def recv_window_ms(self) -> int | None:
        """The ``recvWindow`` header sent (None: not sent, the platform's default applies)."""
        return self._recv_window

    def headers_for(
        self, operation: Operation, content: bytes, timestamp: int | None = None
    ) -> dict[str, str]:
        """Every header this layer owns except ``trace``, for a call of ``operation`` carrying
        ``content``, signed with ``timestamp`` (epoch ms; default: now)."""
        static = self._static.get(operation.biz_type)
        if static is None:
            static = self._static[operation.biz_type] = self._static_headers(
                operation.group, operation.version
            )
        if timestamp is None:
            timestamp = self._clock_ms()
        headers = dict(static)
        headers["timestamp"] = str(timestamp)
        headers["signature"] = self._signer.sign(content, timestamp)
        return headers

    def _static_headers(self, group: str | None, version: str) -> dict[str, str]:
        headers = {
            "companyId": self._company_id,
            "apiKey": self._api_key,
            "version": version,
            "lang": self._lang,
        }
        if self._recv_window is not None:
            headers["recvWindow"] = str(self._recv_window)
        if group is not None:
            headers["group"] = group
        return headers

    def sign_request(self, request: httpx.Request) -> None:
        """Set the authentication headers on ``request`` (its body must already be read)."""
        if "trace" not in request.headers:
            request.headers["trace"] = self._trace_factory()
        operation = request.extensions.get(OPERATION_EXTENSION)
        if operation is None:  # a low-level call: route by the bizType in the URL
            biz_type = request.url.path.rsplit("/global/", 1)[-1]
            operation = self._routing.get(biz_type) or _Route(biz_type, None, DEFAULT_VERSION)
        request.headers.update(self.headers_for(operation, request.content))

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        self.sign_request(request)
        yield request

    def __repr__(self) -> str:  # also while half-built (an error reporter may show it then)
        key = getattr(self, "_api_key", None)
        masked = mask(key) if isinstance(key, str) else None
        company, signer = getattr(self, "_company_id", None), getattr(self, "_signer", None)
        return f"BridgeAuth(api_key={masked!r}, company_id={company!r}, signer={signer!r})"
