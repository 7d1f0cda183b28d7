"""The sandbox: an ASGI app serving every spec operation, plus handles to seed and inspect it.

Routes: ``POST /webhook/global/{bizType}`` and ``POST /global/{bizType}`` (every operation of the spec,
aliases included), ``GET /openapi.json`` (the spec), ``GET /sandbox/platform-key`` (the public key that
verifies the sandbox's webhook signatures), ``GET /health``.

A request goes: the body parsed once ([`parse_exact`][multimarkets_bridge.signing.parse_exact]) -> gateway
(headers, apiKey, rate limit, time window, signature over that parse) -> the spec's request schema
([`RequestRules`][.validation.RequestRules]) -> business rule ([`Bridge`][.bridge.Bridge]) -> envelope. Every
answer is the documented envelope with ``trace`` echoed and ``tm`` set; a failure is ``ok=false``
with a code and the bizType in ``data``, never an unhandled 500.
"""

from __future__ import annotations

import functools
import inspect
import logging
import secrets
import threading
import time
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from multimarkets_bridge.auth import mask
from multimarkets_bridge.envelope import build_envelope
from multimarkets_bridge.json_limits import nesting_exceeds
from multimarkets_bridge.operation import Operation
from multimarkets_bridge.signing import ParsedBody, RsaSha1Signer, generate_key_pair, parse_exact
from multimarkets_bridge.spec_data import spec
from multimarkets_bridge_client import wire_models
from multimarkets_bridge_client.registry import BY_BIZ_TYPE, PLATFORM
from starlette.applications import Starlette
from starlette.requests import ClientDisconnect, Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route, request_response
from starlette.types import Receive, Scope, Send

from .bridge import Bridge
from .errors import Codes, SandboxError
from .faults import Fault, FaultInjector, FaultPlan
from .gateway import ApiKeyRecord, Gateway, RateLimiter
from .market import Market
from .notifier import Delivery, Notifier
from .persistence import SqliteStore
from .spec_answers import answers_from_examples, example_data
from .state import Deposit, State
from .validation import RequestRules

__all__ = ["Credentials", "Sandbox"]

logger = logging.getLogger("multimarkets_bridge_sandbox")
#: Request bodies are refused before parsing above these (the largest real body is a few KB).
MAX_BODY_BYTES = 1 << 20
MAX_BODY_DEPTH = 64
SPEC_PATH = Path(wire_models.__file__).with_name("spec.json")


class _AnyMethod:
    """ASGI wrapper that lets every HTTP method reach ``handler`` (a wrong one gets GGATEWAY_CODE_016)."""

    def __init__(self, handler: Callable[[Request], Awaitable[Response]]) -> None:
        self._app = request_response(handler)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        await self._app(scope, receive, send)


@dataclass(frozen=True)
class Credentials:
    """A key issued by the sandbox. ``secret_key`` is shown once; the sandbox keeps only the public key."""

    api_key: str
    secret_key: str
    company_id: int
    public_key: str

    def __repr__(self) -> str:
        return f"Credentials(api_key={mask(self.api_key)!r}, company_id={self.company_id})"


@functools.cache
def _takes_api_key(handler: Callable[..., Any]) -> bool:
    """Whether a business rule asks for the caller's apiKey (a ``caller_api_key`` parameter)."""
    return "caller_api_key" in inspect.signature(handler).parameters


def _parse(body: bytes) -> ParsedBody | None:
    """The body parsed once for the signature and the checks (None: not JSON; an empty body is ``{}``)."""
    try:
        return parse_exact(body)
    except (ValueError, RecursionError):
        return None


class _Headers(dict[str, str]):
    """Request headers looked up case-insensitively with plain dict speed (names stored lower-case)."""

    def __getitem__(self, name: str) -> str:
        return dict.__getitem__(self, name.lower())

    def get(self, name: str, default: Any = None) -> Any:
        return dict.get(self, name.lower(), default)


@functools.lru_cache(maxsize=8)
def _platform_signer(secret_key: str) -> RsaSha1Signer:
    """The platform's signer for a key (loading an RSA key checks it: tens of ms, so once per key)."""
    return RsaSha1Signer.from_secret_key(secret_key)


@functools.cache
def _rules() -> RequestRules:
    """The spec's request rules (read once per process; they hold no state)."""
    return RequestRules(spec())


class Sandbox:
    """A stateful, deterministic local Bridge platform.

    Args:
        seed: fixes prices, starting balances and deposit histories.
        clock: seconds since the epoch (inject a fake clock in tests; default ``time.time``).
        rate_limit_per_minute: per-apiKey limit (``None`` disables the 429/418 ladder).
        rate_window_seconds: length of the limit's fixed window (60 on the platform; shorter in tests).
        db_path: SQLite file that keeps the state across restarts (default: memory only).
        faults: faults to inject ([`Fault`][multimarkets_bridge_sandbox.faults.Fault] or
            ``"op:kind:phase:times"``); more via ``faults``.
        unique_client_order_ids: reject a reused ``clientOrderId`` (False: a platform that does not).
        platform_key: ``(secret, public)`` RSA pair the sandbox signs notifications with (default: a new
            one; the pytest fixture reuses one per session).
    """

    def __init__(
        self,
        *,
        seed: int = 7,
        clock: Callable[[], float] | None = None,
        rate_limit_per_minute: int | None = PLATFORM.requests,
        first_ban_seconds: float = PLATFORM.first_ban_seconds,
        rate_window_seconds: float = PLATFORM.window_seconds,
        db_path: str | Path | None = None,
        notifier_max_attempts: int | None = None,
        notifier_base_delay: float | None = None,
        faults: Iterable[Fault | str] = (),
        unique_client_order_ids: bool = True,
        platform_key: tuple[str, str] | None = None,
    ) -> None:
        self.clock = clock or time.time
        self._lock = threading.RLock()
        self._store = SqliteStore(db_path) if db_path else None
        state = (self._store.load() if self._store else None) or State()
        self.market = Market(seed)
        self.rules = _rules()
        self.bridge = Bridge(state, self.market, seed, self.clock_ms)
        self.bridge.unique_client_order_ids = unique_client_order_ids
        self.gateway = Gateway(
            self.clock_ms,
            RateLimiter(rate_limit_per_minute, first_ban_seconds, rate_window_seconds),
            self.rules,
        )
        platform_secret, self.platform_public_key = platform_key or generate_key_pair(2048)
        self.notifier = Notifier(
            _platform_signer(platform_secret),
            max_attempts=notifier_max_attempts,
            base_delay=notifier_base_delay,
        )
        #: Fault injection (see [`.faults`][]); also the log of every request received.
        self.faults = FaultPlan()
        self.faults.add(*faults)
        self.routes = Starlette(
            routes=[
                Route("/webhook/global/{biz_type:str}", _AnyMethod(self._endpoint)),
                Route("/global/{biz_type:str}", _AnyMethod(self._endpoint)),
                Route("/openapi.json", self._spec, methods=["GET"]),
                Route("/sandbox/platform-key", self._platform_key, methods=["GET"]),
                Route("/health", self._health, methods=["GET"]),
            ]
        )
        operations = {biz: op.operation_id for biz, op in BY_BIZ_TYPE.items()}
        self.app = FaultInjector(self.routes, self.faults, operations)

    # ------------------------------------------------------------------ handles for tests and demos
    def clock_ms(self) -> int:
        return int(self.clock() * 1000)

    @property
    def state(self) -> State:
        return self.bridge.state

    def issue_key(
        self, company_id: int = 360, *, key_size: int = 2048, key_pair: tuple[str, str] | None = None
    ) -> Credentials:
        """Create a key pair (or take ``key_pair``, ``(secret, public)``) and register a new apiKey for
        it (the platform's business team does this for real)."""
        secret, public = key_pair or generate_key_pair(key_size)
        api_key = f"sbx{secrets.token_hex(16)}"
        self.register_key(api_key, company_id, public)
        return Credentials(api_key=api_key, secret_key=secret, company_id=company_id, public_key=public)

    def register_key(self, api_key: str, company_id: int, public_key: str) -> None:
        self.gateway.register(ApiKeyRecord(api_key=api_key, company_id=company_id, public_key=public_key))

    def set_price(self, symbol_id: int, price: Decimal | str | None) -> int:
        """Pin a product price and match resting orders against it; returns how many filled."""
        with self._lock:
            self.market.set_price(symbol_id, price)
            filled = self.bridge.match_resting()
            self._after_change()
        return filled

    def seed_balance(self, customer_no: str, account_name: str, currency: str, amount: str) -> None:
        """Set the free balance of a currency on a linked account."""
        with self._lock:
            account = next(
                a
                for a in self.state.accounts
                if a.customer_no == customer_no and a.account_name == account_name
            )
            row = self.state.balances_of(account.id).setdefault(currency, ["0", "0"])
            row[0] = str(Decimal(amount))
            self._after_change()

    def seed_deposit(
        self,
        customer_no: str,
        account_name: str,
        currency: str,
        amount: str,
        *,
        status: str = "6",
        tx_id: str = "",
    ) -> None:
        """Add a deposit record (and credit it when ``status`` is "6", completed)."""
        with self._lock:
            account = next(
                a
                for a in self.state.accounts
                if a.customer_no == customer_no and a.account_name == account_name
            )
            self.state.deposits.append(
                Deposit(
                    account_id=account.id,
                    currency=currency,
                    amount=str(Decimal(amount)),
                    status=status,
                    tx_id=tx_id or f"0x{secrets.token_hex(16)}",
                    insert_time=self.clock_ms(),
                )
            )
            if status == "6":
                row = self.state.balances_of(account.id).setdefault(currency, ["0", "0"])
                row[0] = str(Decimal(row[0]) + Decimal(amount))
            self._after_change()

    def deliveries(self) -> list[Delivery]:
        return list(self.notifier.deliveries)

    def close(self) -> None:
        self.notifier.close()
        if self._store:
            self._store.close()

    # ------------------------------------------------------------------ HTTP
    async def _spec(self, request: Request) -> Response:
        return Response(SPEC_PATH.read_bytes(), media_type="application/json")

    async def _platform_key(self, request: Request) -> Response:
        return JSONResponse(
            {"publicKey": self.platform_public_key, "scheme": "SHA1withRSA over canonical body"}
        )

    async def _health(self, request: Request) -> Response:
        return JSONResponse({"status": "ok"})

    async def _endpoint(self, request: Request) -> Response:
        started = time.perf_counter()
        biz_type = request.path_params["biz_type"]
        trace = request.headers.get("trace") or ""
        try:
            body = await request.body()
        except ClientDisconnect:  # the caller is gone: nobody to answer, nothing processed
            return Response(status_code=499)
        extra_headers: dict[str, str] = {}
        try:
            if len(body) > MAX_BODY_BYTES or nesting_exceeds(body, MAX_BODY_DEPTH):
                raise SandboxError(
                    Codes.INVALID_PARAMETER,
                    f"request body over {MAX_BODY_BYTES} bytes or nested deeper than {MAX_BODY_DEPTH}",
                )
            if request.method != "POST":
                raise SandboxError(Codes.NOT_POST, "only POST is supported")
            operation = BY_BIZ_TYPE.get(biz_type)
            if operation is None:
                raise SandboxError(Codes.UNKNOWN_BIZ_TYPE, f"unknown bizType {biz_type}")
            headers = _Headers(
                (name.decode("latin-1").lower(), value.decode("latin-1"))
                for name, value in request.scope["headers"]
            )
            parsed = _parse(body)
            record, extra_headers = self.gateway.authenticate(headers, parsed, operation)
            if not body.strip():
                raise SandboxError(Codes.EMPTY_BODY, "the request body is empty")
            with self._lock:
                data = self._dispatch(operation, record, parsed)
            return self._envelope(trace, started, data=data, headers=extra_headers)
        except SandboxError as error:
            return self._envelope(
                trace, started, error=error, data=biz_type, headers={**extra_headers, **error.headers}
            )
        except Exception:
            logger.exception("sandbox failure on %s (trace %s)", biz_type, trace)
            failure = SandboxError(Codes.SYSTEM_ERROR, "internal sandbox error", http_status=500)
            return self._envelope(trace, started, error=failure, data=biz_type)

    def _dispatch(self, operation: Operation, record: ApiKeyRecord, body: ParsedBody | None) -> Any:
        if body is None or not isinstance(body.value, dict):
            raise SandboxError(Codes.EMPTY_BODY, "request body must be a JSON object")
        parsed = self.rules.body(operation, body.value)
        handler = getattr(self.bridge, operation.operation_id, None)
        if handler is None or answers_from_examples(operation.operation_id):
            return example_data(operation.operation_id)  # no rule (yet): the spec's example answers
        if _takes_api_key(getattr(type(self.bridge), operation.operation_id)):  # rules on the caller's key
            data = handler(record.company_id, parsed, caller_api_key=record.api_key)
        else:
            data = handler(record.company_id, parsed)
        self._after_change()
        return data

    def _after_change(self) -> None:
        """Persist the state and hand new events to the notifier."""
        events, self.bridge.events = self.bridge.events, []
        for message_type, company_id, report in events:
            for api_key, url in self.state.subscriptions.items():
                record = self.gateway.key(api_key)
                if record is not None and record.company_id == company_id:
                    self.notifier.enqueue(
                        Delivery(
                            url=url,
                            api_key=api_key,
                            company_id=company_id,
                            message_type=message_type,
                            report=report,
                        )
                    )
        if self._store:
            self._store.save(self.state)

    def _envelope(
        self,
        trace: str,
        started: float,
        *,
        data: Any = None,
        error: SandboxError | None = None,
        headers: dict[str, str] | None = None,
    ) -> Response:
        payload = build_envelope(
            trace,
            code=error.code if error else "0",
            msg=error.msg if error else "Success",
            tm=int((time.perf_counter() - started) * 1000),
            **({} if data is None else {"data": data}),
        )
        return JSONResponse(payload, status_code=error.http_status if error else 200, headers=headers)
