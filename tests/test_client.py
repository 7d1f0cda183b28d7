"""BridgeClient / AsyncBridgeClient over a recording transport: signing, unwrapping, errors, parity."""

from __future__ import annotations

import itertools
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import anyio
import attrs
import httpx
import pytest
from conftest import SECRETS, KeyPair, register_secret
from multimarkets_bridge import (
    OPERATIONS,
    APIError,
    APITimeoutError,
    AsyncBridgeClient,
    AuthenticationError,
    BannedError,
    BridgeClient,
    BridgeError,
    CallEvent,
    ConfigurationError,
    ConflictError,
    CoordinatorError,
    ForbiddenError,
    GatewayError,
    HTTPStatusError,
    InvalidRequestError,
    NotFoundError,
    OutcomeUnknownError,
    PermissionDeniedError,
    RateLimitError,
    ResponseValidationError,
    RsaSha1Verifier,
    ServerError,
    SignatureError,
    SigningKeyError,
    TimestampError,
    TransportError,
    ValidationError,
    models,
)
from multimarkets_bridge.auth import OPERATION_EXTENSION
from multimarkets_bridge.coordination import InProcessCoordinator
from multimarkets_bridge.redis_coordination import RedisCoordinator
from support import (
    FakeClock,
    RecordingTransport,
    deref,
    envelope,
    json_response,
    minimal_instance,
    operations,
    platform_dedupes,
    request_example,
    success_schema,
)

API_KEY = register_secret("live-api-key-0123456789abcdef")
NOW_MS = 1_700_000_000_000
TRACE = re.compile(r"^t-[a-z0-9]+(-[a-z0-9]+)*-\d{10}$")
OP_IDS = [op["operationId"] for _, op in operations()]


def _client_options(key_pair: KeyPair, transport: RecordingTransport, clock: FakeClock) -> dict[str, Any]:
    return {
        "api_key": API_KEY,
        "secret_key": key_pair.secret,
        "company_id": 360,
        "base_url": "http://bridge.test/webhook",
        "transport": transport,
        "clock": clock,
        # each test its own budget: the process-wide one would carry a ban from one test into the next
        "coordinator": InProcessCoordinator(),
    }


def make_client(
    key_pair: KeyPair, respond: Callable[[httpx.Request], httpx.Response], **kwargs: Any
) -> tuple[BridgeClient, RecordingTransport, FakeClock]:
    transport, clock = RecordingTransport(respond), FakeClock(NOW_MS / 1000)
    options = {**_client_options(key_pair, transport, clock), "sleep": clock.sleep, **kwargs}
    return BridgeClient(**options), transport, clock


def make_async_client(
    key_pair: KeyPair, respond: Callable[[httpx.Request], httpx.Response], **kwargs: Any
) -> tuple[AsyncBridgeClient, RecordingTransport, FakeClock]:
    transport, clock = RecordingTransport(respond), FakeClock(NOW_MS / 1000)
    options = {**_client_options(key_pair, transport, clock), "sleep": clock.asleep, **kwargs}
    return AsyncBridgeClient(**options), transport, clock


def call_kwargs(op_id: str) -> dict[str, Any]:
    """Keyword arguments for the operation, built from the spec's request example."""
    op = next(o for _, o in operations() if o["operationId"] == op_id)
    model_name = op["requestBody"]["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[-1]
    body = getattr(models, model_name).from_dict(request_example(op))
    return {
        f.name: getattr(body, f.name) for f in attrs.fields(type(body)) if f.name != "additional_properties"
    }


def success_data(op_id: str) -> Any:
    op = next(o for _, o in operations() if o["operationId"] == op_id)
    data_schema = success_schema(op)["allOf"][1]["properties"]["data"]
    if op["x-sdk-data"] == "bool_string":
        return "true"
    return minimal_instance(data_schema) if deref(data_schema) else {"anything": [1, 2]}


def echo(data: Any) -> Callable[[httpx.Request], httpx.Response]:
    return lambda request: json_response(envelope(data, trace=request.headers["trace"]))


def assert_signed_request(request: httpx.Request, op_id: str, public_key: str) -> None:
    op = OPERATIONS[op_id]
    assert request.method == "POST"
    assert request.url.path == "/webhook/global/" + op.biz_type
    h = request.headers
    assert h["apiKey"] == API_KEY
    assert h["companyId"] == "360"
    assert h["timestamp"] == str(NOW_MS)
    assert h["recvWindow"] == "5000"
    assert h["version"] == "0.0.1"
    assert h["lang"] == "zh-CN"
    assert h["content-type"] == "application/json"
    assert TRACE.match(h["trace"]), h["trace"]
    assert ("group" in h) == (op.group is not None)
    if op.group:
        assert h["group"] == "tradeApi"
    register_secret(h["signature"])
    assert RsaSha1Verifier.from_public_key(public_key).verify(
        request.content, int(h["timestamp"]), h["signature"]
    )


def assert_typed_result(op_id: str, result: Any, data: Any) -> None:
    kind = OPERATIONS[op_id].sdk_data
    if kind == "none":
        assert result is None
    elif kind == "raw":
        assert result == data
    elif kind == "bool_string":
        assert result is True
    elif isinstance(data, str):
        assert result == data
    elif isinstance(data, list):
        assert isinstance(result, list)
        assert len(result) == len(data)
        assert attrs.has(type(result[0]))
    else:
        assert attrs.has(type(result))


@pytest.mark.parametrize("op_id", OP_IDS)
def test_every_operation_is_signed_routed_and_unwrapped(op_id: str, key_pair: KeyPair) -> None:
    data = success_data(op_id)
    client, transport, _ = make_client(key_pair, echo(data))
    with client:
        result = getattr(client, op_id)(**call_kwargs(op_id))
    (request,) = transport.requests
    assert_signed_request(request, op_id, key_pair.public)
    op = next(o for _, o in operations() if o["operationId"] == op_id)
    assert json.loads(request.content) == request_example(op)
    assert_typed_result(op_id, result, data)


@pytest.mark.anyio
@pytest.mark.parametrize("op_id", OP_IDS)
async def test_async_parity_for_every_operation(op_id: str, key_pair: KeyPair) -> None:
    data = success_data(op_id)
    client, transport, _ = make_async_client(key_pair, echo(data))
    async with client:
        result = await getattr(client, op_id)(**call_kwargs(op_id))
        raw = await getattr(client.with_raw_response, op_id)(**call_kwargs(op_id))
    assert_signed_request(transport.requests[0], op_id, key_pair.public)
    assert_typed_result(op_id, result, data)
    assert raw.trace == transport.requests[1].headers["trace"]
    assert raw.status_code == 200


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


def test_body_bytes_are_compact_utf8_and_typed_defaults_are_sent(key_pair: KeyPair) -> None:
    client, transport, _ = make_client(key_pair, echo("86000001"))
    with client:
        number = client.register_customer(
            phone="13200000092",
            pwd="dc483e80a7a0bd9ef71d8cf973673924",
            country="CN",
            register_source=models.RegisterSource.H5,
            customer_group_id=1,
            remark="新客户",
        )
    assert number == "86000001"
    content = transport.requests[0].content
    assert "新客户".encode() in content
    assert b": " not in content
    assert b", " not in content
    assert json.loads(content)["phoneArea"] == "+86"


def test_raw_response_gives_envelope_status_and_headers(key_pair: KeyPair) -> None:
    def respond(request: httpx.Request) -> httpx.Response:
        return json_response(
            envelope("true", trace=request.headers["trace"], tm=42), headers={"x-ratelimit-limit": "100"}
        )

    client, transport, _ = make_client(key_pair, respond)
    with client:
        raw = client.with_raw_response.subscribe_webhook(api_key="k", webhook_url="https://h.example/x")
    assert raw.data is True
    assert raw.tm == 42
    assert raw.trace == transport.requests[0].headers["trace"]
    assert raw.envelope["data"] == "true"
    assert raw.headers["x-ratelimit-limit"] == "100"
    assert raw.elapsed_ms >= 0


def test_caller_trace_extra_headers_and_extra_body(key_pair: KeyPair) -> None:
    client, transport, _ = make_client(key_pair, echo({"current": 1, "size": 20, "total": 0, "records": []}))
    with client:
        page = client.list_customers(
            current="1",
            options={
                "trace": "t-mine-1700000000",
                "extra_headers": {"X-Desk": "fx"},
                "extra_body": {"status": 1, "current": "9"},
            },
        )
        with pytest.raises(InvalidRequestError, match="signed header"):
            client.list_customers(options={"extra_headers": {"apiKey": "forged"}})
    request = transport.requests[0]
    assert page.records == []
    assert request.headers["trace"] == "t-mine-1700000000"
    assert request.headers["x-desk"] == "fx"
    assert json.loads(request.content) == {"current": "1", "status": 1}


def test_require_any_of_is_checked_before_sending(key_pair: KeyPair) -> None:
    client, transport, _ = make_client(key_pair, echo("x"))
    with client, pytest.raises(InvalidRequestError, match="phone or email"):
        client.register_customer(
            pwd="0" * 32, country="CN", register_source=models.RegisterSource.H5, customer_group_id=1
        )
    assert transport.requests == []


def test_each_attempt_is_re_signed_with_a_fresh_timestamp(key_pair: KeyPair) -> None:
    calls = iter([json_response({"code": "G500", "msg": "busy", "ok": False, "fail": True}), None])

    def respond(request: httpx.Request) -> httpx.Response:
        reply = next(calls)
        return reply or json_response(envelope([], trace=request.headers["trace"]))

    client, transport, clock = make_client(key_pair, respond)
    with client:
        assert (
            client.query_balances(
                exchange_id=models.ExchangeId.BINANCE, account_name="a", customer_no="1", customer_group_id=1
            )
            == []
        )
    first, second = transport.requests
    assert clock.slept
    assert clock.slept[0] > 0
    assert int(second.headers["timestamp"]) > int(first.headers["timestamp"])
    assert first.headers["trace"] != second.headers["trace"]
    verifier = RsaSha1Verifier.from_public_key(key_pair.public)
    for request in (first, second):
        register_secret(request.headers["signature"])
        assert verifier.verify(
            request.content, int(request.headers["timestamp"]), request.headers["signature"]
        )


def test_writes_are_not_retried_on_server_errors(key_pair: KeyPair) -> None:
    client, transport, _ = make_client(
        key_pair, lambda r: json_response({"code": "G500", "msg": "x"}, status=502)
    )
    with client, pytest.raises(OutcomeUnknownError) as info:
        client.cancel_customer(customer_no="1", remark="r")
    assert len(transport.requests) == 1  # a 5XX may come after processing: never sent again
    assert info.value.http_status == 502
    assert info.value.retryable is False
    assert isinstance(info.value.__cause__, ServerError)
    assert info.value.trace == transport.requests[0].headers["trace"]


def test_a_resend_that_never_left_after_an_unsettled_attempt_is_an_unknown_outcome(key_pair: KeyPair) -> None:
    """A cancel (a second send has no second effect) whose answer was lost is looked up, found nowhere,
    and sent again; that resend never leaves and no retry is left. The first attempt may still have
    landed, so the call ends unknown, never "not sent" (which would settle it from the outbox)."""
    script: list[Any] = [
        httpx.ReadTimeout("answer lost"),
        json_response({"code": "SANDBOX_ORDER_NOT_FOUND", "msg": "no such order"}),
        json_response({"code": "SANDBOX_ORDER_NOT_FOUND", "msg": "no such order"}),
        httpx.ConnectError("refused"),
    ]

    def respond(request: httpx.Request) -> httpx.Response:
        step = script.pop(0)
        if isinstance(step, Exception):
            raise step
        return step

    client, transport, _ = make_client(key_pair, respond, max_retries=1)
    with client, pytest.raises(OutcomeUnknownError) as info:
        client.cancel_order(**{**call_kwargs("cancel_order"), "client_order_id": "keep0001"})
    assert [r.url.path.rsplit(".", 1)[-1] for r in transport.requests] == [
        "cancelDirectOrder", "queryDirectOrder", "queryDirectOrder", "cancelDirectOrder",
    ]  # fmt: skip
    assert script == []
    assert info.value.outcome == "unknown"
    assert info.value.client_order_id == "keep0001"
    assert info.value.attempts == 2
    assert isinstance(info.value.__cause__, TransportError)
    listed = {entry.id: entry.client_order_id for entry in client.unsettled()}  # the outbox keeps it
    assert info.value.unsettled_id is not None
    assert listed[info.value.unsettled_id] == "keep0001"


def test_timestamp_error_is_retried_once(key_pair: KeyPair) -> None:
    client, transport, _ = make_client(
        key_pair, lambda r: json_response(envelope(code="00012002", trace=r.headers["trace"]))
    )
    with client, pytest.raises(TimestampError):
        client.cancel_customer(customer_no="1", remark="r")
    assert len(transport.requests) == 2


ERROR_CASES = [
    (200, {"code": "00012001", "msg": "sign error"}, SignatureError),
    (200, {"code": "00012002", "msg": "expired"}, TimestampError),
    (200, {"code": "00012003", "msg": "no key"}, AuthenticationError),
    (200, {"code": "00012006", "msg": "key expired"}, AuthenticationError),
    (200, {"code": "00012004", "msg": "no permission"}, PermissionDeniedError),
    (200, {"code": "00012007", "msg": "bad ip"}, PermissionDeniedError),
    (200, {"code": "00012005", "msg": "too frequent"}, RateLimitError),
    (200, {"code": "GGATEWAY_CODE_015", "msg": "bad param"}, ValidationError),
    (200, {"code": "GGATEWAY_CODE_002", "msg": "bad bizType"}, GatewayError),
    (200, {"code": "G500", "msg": "system error"}, GatewayError),
    (200, {"code": "USCUSTOMER_API_0000003", "msg": "no data"}, NotFoundError),
    (
        200,
        {"code": "USCUSTOMER_API_0000106", "msg": "phone %s exists", "msgParams": "13200000092"},
        ConflictError,
    ),
    (200, {"code": "USCUSTOMER_API_0000501", "msg": "null param"}, ValidationError),
    (200, {"code": "SOMETHING_NEW", "msg": "new"}, APIError),
    (429, {"code": "00012005", "msg": "too many"}, RateLimitError),
    (418, {"code": "00012005", "msg": "banned"}, BannedError),
    (403, None, ForbiddenError),
    (404, None, HTTPStatusError),
    (500, {"code": "G500", "msg": "boom"}, ServerError),
]


def error_responder(status: int, body: dict[str, Any] | None) -> Callable[[httpx.Request], httpx.Response]:
    """A realistic error answer: the platform envelope with the bizType in ``data`` (or an HTML page)."""

    def respond(request: httpx.Request) -> httpx.Response:
        if body is None:
            return httpx.Response(status, text="<html>denied</html>")
        payload = {
            "bizCode": "",
            "tm": 1,
            "trace": request.headers["trace"],
            "ok": False,
            "fail": True,
            "data": OPERATIONS["get_customer_details"].biz_type,
            "msgParams": None,
            **body,
        }
        return json_response(
            payload, status=status, headers={"retry-after": "300"} if status == 418 else None
        )

    return respond


def assert_error(
    exc: BridgeError, error: type[BridgeError], status: int, body: dict[str, Any] | None, trace: str
) -> None:
    assert type(exc) is error
    assert exc.trace == trace
    assert exc.http_status == status
    assert exc.biz_type == OPERATIONS["get_customer_details"].biz_type
    assert exc.operation_id == "get_customer_details"
    if body is not None:
        assert exc.code == body["code"]
    if body and body.get("msgParams"):
        assert exc.msg == "phone 13200000092 exists"
    assert trace in str(exc)


ERROR_IDS = [f"{c[0]}-{c[2].__name__}" for c in ERROR_CASES]


@pytest.mark.parametrize(("status", "body", "error"), ERROR_CASES, ids=ERROR_IDS)
def test_error_mapping(
    status: int, body: dict[str, Any] | None, error: type[BridgeError], key_pair: KeyPair
) -> None:
    client, transport, _ = make_client(key_pair, error_responder(status, body), max_retries=0)
    with client, pytest.raises(error) as info:
        client.get_customer_details(type_=models.CustomerDetailType.BASE_INFO, customer_no="86000001")
    assert_error(info.value, error, status, body, transport.requests[0].headers["trace"])


@pytest.mark.anyio
@pytest.mark.parametrize(("status", "body", "error"), ERROR_CASES, ids=ERROR_IDS)
async def test_error_mapping_async(
    status: int, body: dict[str, Any] | None, error: type[BridgeError], key_pair: KeyPair
) -> None:
    client, transport, _ = make_async_client(key_pair, error_responder(status, body), max_retries=0)
    async with client:
        with pytest.raises(error) as info:
            await client.get_customer_details(
                type_=models.CustomerDetailType.BASE_INFO, customer_no="86000001"
            )
    assert_error(info.value, error, status, body, transport.requests[0].headers["trace"])


def test_ban_pauses_further_calls_locally(key_pair: KeyPair) -> None:
    client, transport, clock = make_client(
        key_pair,
        lambda r: json_response(
            {"code": "00012005", "msg": "banned"}, status=418, headers={"retry-after": "300"}
        ),
    )
    with client:
        with pytest.raises(BannedError):
            client.list_customers()
        with pytest.raises(BannedError) as info:
            client.list_customers()
        assert len(transport.requests) == 1
        assert info.value.retry_after == pytest.approx(300)
        assert info.value.trace  # refused locally, still traceable
        clock.now += 301
        with pytest.raises(BannedError):
            client.list_customers()
        assert len(transport.requests) == 2


def test_rate_limit_error_exposes_retry_hints(key_pair: KeyPair) -> None:
    headers = {"x-ratelimit-limit": "100", "x-ratelimit-remairing": "0", "x-ratelimit-reset": "60"}
    client, _, _ = make_client(
        key_pair, lambda r: json_response({"code": "00012005", "msg": "slow"}, status=429, headers=headers)
    )
    with client, pytest.raises(RateLimitError) as info:
        client.list_customers()
    assert (info.value.limit, info.value.remaining, info.value.retry_after) == (100, 0, 60.0)


def test_client_side_pacing_spaces_calls_beyond_the_limit(key_pair: KeyPair) -> None:
    # limit 3 with the default 5 % margin books 2 calls per 60 s + 0.5 s skew allowance
    client, transport, clock = make_client(key_pair, echo([]), rate_limit_per_minute=3)
    with client:
        for _ in range(4):
            client.query_balances(
                exchange_id=models.ExchangeId.OKX, account_name="a", customer_no="1", customer_group_id=1
            )
    assert len(transport.requests) == 4
    assert clock.slept == [pytest.approx(60.5)]


def test_a_slow_answer_pushes_the_next_call_back(key_pair: KeyPair) -> None:
    # limit 1 books 1 call per 60.5 s. The first answer takes 10 s: the platform may have counted the
    # call at any moment of those 10 s, so the next one waits 60.5 s from the answer, not from the send
    answered: list[float] = []

    def slow_first(request: httpx.Request) -> httpx.Response:
        if not answered:
            clock.advance(10.0)
        answered.append(clock.now)
        return echo([])(request)

    client, transport, clock = make_client(key_pair, slow_first, rate_limit_per_minute=1)
    start = clock.now
    with client:
        for _ in range(2):
            client.query_balances(
                exchange_id=models.ExchangeId.OKX, account_name="a", customer_no="1", customer_group_id=1
            )
    assert len(transport.requests) == 2
    assert clock.slept == [pytest.approx(60.5)]
    assert [t - start for t in answered] == [pytest.approx(10.0, abs=1e-3), pytest.approx(70.5, abs=1e-3)]


def test_a_call_that_wakes_late_is_checked_against_the_window_as_it_is_then(key_pair: KeyPair) -> None:
    # the second call is booked at 60.5 s and oversleeps to 61.5 s: it is confirmed at the moment it is
    # sent (the first call has left the window by then), so it goes at once, stamped 61.5 s
    client, transport, clock = make_client(key_pair, echo([]), rate_limit_per_minute=1)
    oversleep = [1.0]

    def late_sleep(seconds: float) -> None:
        clock.sleep(seconds + (oversleep.pop() if oversleep else 0.0))

    client._sleep = late_sleep
    sent_at: list[float] = []
    with client:
        for _ in range(3):
            client.query_balances(
                exchange_id=models.ExchangeId.OKX, account_name="a", customer_no="1", customer_group_id=1
            )
            sent_at.append(clock.now)
    assert len(transport.requests) == 3
    # the third waits a full span from the late send, not from the second call's booked time
    assert [b - a for a, b in itertools.pairwise(sent_at)] == [pytest.approx(61.5), pytest.approx(60.5)]


@pytest.mark.parametrize("coordinator_kind", ["in-process", "redis"])
def test_a_call_abandoned_while_waiting_gives_its_slot_back(
    key_pair: KeyPair, coordinator_kind: str, request: pytest.FixtureRequest
) -> None:
    # limit 1: one call per 60.5 s. The second call books the next slot and waits; its task is
    # cancelled (a timeout around the call). Its slot must go back to the budget: a dead booking that
    # keeps its place starves every later caller, and under timeouts the queue fills with them
    coordinator: Any = (
        InProcessCoordinator()
        if coordinator_kind == "in-process"
        else RedisCoordinator.from_url(request.getfixturevalue("redis_url"))
    )
    waiting = anyio.Event()

    async def wait_until_cancelled(seconds: float) -> None:
        waiting.set()
        await anyio.sleep_forever()

    client, transport, clock = make_async_client(
        key_pair, echo([]), rate_limit_per_minute=1, coordinator=coordinator, sleep=wait_until_cancelled
    )

    async def balances() -> None:
        await client.query_balances(
            exchange_id=models.ExchangeId.OKX, account_name="a", customer_no="1", customer_group_id=1
        )

    async def main() -> None:
        async with client:
            await balances()  # takes the window's only slot
            async with anyio.create_task_group() as group:
                group.start_soon(balances)
                await waiting.wait()
                group.cancel_scope.cancel()

    anyio.run(main)
    assert len(transport.requests) == 1
    core = client._core
    assert core.budget is not None
    # the next booking takes the abandoned slot (60.5 s on), not the one after it (121 s on)
    next_slot = coordinator.reserve(core.scope, clock.now, core.budget).at
    assert next_slot - clock.now == pytest.approx(60.5, abs=1e-3)


MALFORMED = [
    (b'{"code":"0","msg":"Success","data":{"current":1,', "not a JSON object"),
    (b"<html>gateway</html>", "not a JSON object"),
    (b'["code","0"]', "not a JSON object"),
    (b'{"msg":"Success"}', "no string 'code'"),
    (b'{"code":"0","msg":"Success","ok":false}', "ok=false"),
    (
        b'{"code":"0","msg":"Success","data":{"size":1,"total":1,"records":[]}}',
        "missing required field 'current'",
    ),
    (b'{"code":"0","msg":"Success","data":{"current":"1","size":1,"total":1,"records":[]}}', "data.current"),
    (
        b'{"code":"0","msg":"Success","data":{"current":1,"size":1,"total":1,"records":[{"status":"x"}]}}',
        "records[0].status",
    ),
    (b'{"code":"0","msg":"Success","data":[]}', "does not match"),
]


@pytest.mark.parametrize(("content", "message"), MALFORMED)
def test_malformed_responses_raise_response_validation_error(
    content: bytes, message: str, key_pair: KeyPair
) -> None:
    client, _, _ = make_client(key_pair, lambda r: httpx.Response(200, content=content), max_retries=0)
    with client, pytest.raises(ResponseValidationError, match=re.escape(message)) as info:
        client.list_customers()
    assert info.value.trace is not None
    assert info.value.operation_id == "list_customers"


def test_subscribe_rejects_a_non_boolean_data(key_pair: KeyPair) -> None:
    client, _, _ = make_client(key_pair, echo("yes"))
    with client, pytest.raises(ResponseValidationError, match="true"):
        client.subscribe_webhook(api_key="k", webhook_url="https://x.example")


def test_transport_failures_and_timeouts(key_pair: KeyPair) -> None:
    def timeout(request: httpx.Request) -> httpx.Response:
        raise httpx.ReadTimeout("slow", request=request)

    def refused(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("refused", request=request)

    client, transport, _ = make_client(key_pair, timeout)
    with client, pytest.raises(APITimeoutError) as info:
        client.list_customers()
    assert len(transport.requests) == 3  # read-only: 1 + 2 retries
    assert info.value.trace == transport.requests[-1].headers["trace"]
    client, transport, _ = make_client(key_pair, refused)
    with client, pytest.raises(TransportError) as refused_info:
        client.place_order(**call_kwargs("place_order"))
    # a refused connection provably never reached the platform: the write is safe to send again
    assert paths(transport) == ["addDirectOrder"] * 3
    assert refused_info.value.outcome == "not_sent"
    assert refused_info.value.retryable is True
    assert refused_info.value.client_order_id == "abc123"


def test_real_timeout_against_a_slow_loopback_server(key_pair: KeyPair) -> None:
    import socket
    import threading

    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(1)
    accepted: list[socket.socket] = []
    threading.Thread(target=lambda: accepted.append(server.accept()[0]), daemon=True).start()
    port = server.getsockname()[1]
    client = BridgeClient(
        api_key=API_KEY,
        secret_key=key_pair.secret,
        company_id=1,
        base_url=f"http://127.0.0.1:{port}/webhook",
        timeout=0.3,
        max_retries=0,
    )
    with client, pytest.raises(APITimeoutError):
        client.list_customers()
    server.close()
    for conn in accepted:
        conn.close()


def test_configuration_errors_and_from_env(monkeypatch: pytest.MonkeyPatch, key_pair: KeyPair) -> None:
    with pytest.raises(SigningKeyError):
        BridgeClient(api_key=API_KEY, secret_key="garbage", company_id=1)
    with pytest.raises(ConfigurationError, match="recv_window"):
        BridgeClient(api_key=API_KEY, secret_key=key_pair.secret, company_id=1, recv_window=60001)
    with pytest.raises(ConfigurationError, match="company_id"):
        BridgeClient(api_key=API_KEY, secret_key=key_pair.secret, company_id="abc")
    for name in (
        "MULTIMARKETS_BASE_URL",
        "MULTIMARKETS_API_KEY",
        "MULTIMARKETS_SECRET_KEY",
        "MULTIMARKETS_COMPANY_ID",
    ):
        monkeypatch.delenv(name, raising=False)
    with pytest.raises(ConfigurationError, match="MULTIMARKETS_API_KEY"):
        BridgeClient.from_env()
    monkeypatch.setenv("MULTIMARKETS_API_KEY", API_KEY)
    monkeypatch.setenv("MULTIMARKETS_SECRET_KEY", key_pair.secret)
    monkeypatch.setenv("MULTIMARKETS_COMPANY_ID", "360")
    monkeypatch.setenv("MULTIMARKETS_RECV_WINDOW", "10000")
    monkeypatch.setenv("MULTIMARKETS_LANG", "en-US")
    transport = RecordingTransport(echo({"current": 1, "size": 1, "total": 0, "records": []}))
    with BridgeClient.from_env(transport=transport) as client:
        client.list_customers()
        assert client.base_url == "https://pre-api-test.cmfbl.com/webhook"
        assert API_KEY not in repr(client)
        assert key_pair.secret not in repr(client)
    headers = transport.requests[0].headers
    assert (headers["recvWindow"], headers["lang"]) == ("10000", "en-US")


def test_logs_one_redacted_line_per_call(key_pair: KeyPair, caplog: pytest.LogCaptureFixture) -> None:
    client, transport, _ = make_client(key_pair, echo({"current": 1, "size": 1, "total": 0, "records": []}))
    with client, caplog.at_level("DEBUG", logger="multimarkets_bridge"):
        client.list_customers()
    (record,) = [r for r in caplog.records if r.name == "multimarkets_bridge"]
    line = record.getMessage()
    signature = transport.requests[0].headers["signature"]
    assert "bizType=customer.admin.WhiteCustomerAdminApiService.page" in line
    assert transport.requests[0].headers["trace"] in line
    assert "status=200" in line
    assert "outcome=ok" in line
    assert "elapsed_ms=" in line
    assert API_KEY not in line
    assert "live…cdef" in line
    assert signature not in caplog.text


def test_generated_low_level_functions_are_signed_too(key_pair: KeyPair) -> None:
    from multimarkets_bridge_client.api.customers import list_customers as endpoint

    client, transport, _ = make_client(key_pair, echo({"current": 1, "size": 1, "total": 0, "records": []}))
    with client:
        response = endpoint.sync_detailed(client=client.generated, body=models.ListCustomersRequest(size="5"))
    assert response.status_code == 200
    assert_signed_request(transport.requests[0], "list_customers", key_pair.public)


@pytest.mark.anyio
async def test_async_transport_failures_retries_and_malformed_bodies(key_pair: KeyPair) -> None:
    def timeout(request: httpx.Request) -> httpx.Response:
        raise httpx.ReadTimeout("slow", request=request)

    client, transport, clock = make_async_client(key_pair, timeout)
    async with client:
        with pytest.raises(APITimeoutError) as info:
            await client.list_customers()
    assert len(transport.requests) == 3
    assert len(clock.slept) == 2
    assert info.value.trace == transport.requests[-1].headers["trace"]
    client, _, _ = make_async_client(
        key_pair, lambda r: httpx.Response(200, content=b'{"code":"0","msg":"ok","data":{')
    )
    async with client:
        with pytest.raises(ResponseValidationError, match="not a JSON object"):
            await client.list_customers()


ORDER_DETAILS = {
    "exchangeId": "binance",
    "orderId": "7000000042",
    "clientOrderId": "abc123",
    "status": "1",
    "timeInForce": "GTC",
    "symbolId": 1,
    "bizType": 2,
    "direction": 1,
}


def order_router(
    place_replies: list[httpx.Response | None], query_reply: dict[str, Any] | Exception
) -> Callable[[httpx.Request], httpx.Response]:
    """place_order answers from ``place_replies`` (None = success), query_order with ``query_reply``."""
    replies = iter(place_replies)

    def respond(request: httpx.Request) -> httpx.Response:
        trace = request.headers["trace"]
        if request.url.path.endswith(OPERATIONS["query_order"].biz_type):
            if isinstance(query_reply, Exception):
                raise query_reply
            return json_response({**query_reply, "trace": trace})
        reply = next(replies)
        return reply or json_response(envelope({**ORDER_DETAILS, "orderId": "7000000043"}, trace=trace))

    return respond


def place(client: BridgeClient, **extra: Any) -> Any:
    kwargs = {**call_kwargs("place_order"), **extra}
    return client.place_order(**kwargs)


def paths(transport: RecordingTransport) -> list[str]:
    return [r.url.path.rsplit(".", 1)[-1] for r in transport.requests]


def test_a_store_failure_before_sending_is_a_typed_error_and_nothing_is_sent(
    key_pair: KeyPair, tmp_path: Path
) -> None:
    import redis
    from redis_server import start_server

    with start_server(tmp_path) as url:
        client, transport, _ = make_client(key_pair, echo([]), coordinator=RedisCoordinator.from_url(url))
        redis.Redis.from_url(url).shutdown(nosave=True)  # the shared store goes away
        with client, pytest.raises(CoordinatorError) as info:
            place(client)
    assert transport.requests == []
    assert (info.value.outcome, info.value.retryable) == ("not_sent", True)
    assert info.value.operation_id == "place_order"
    assert info.value.trace is not None
    assert isinstance(info.value.__cause__, redis.ConnectionError)


def test_a_store_failure_after_sending_never_replaces_the_result(
    key_pair: KeyPair, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    import redis
    from redis_server import start_server

    with start_server(tmp_path) as url:

        def answer_after_the_store_died(request: httpx.Request) -> httpx.Response:
            redis.Redis.from_url(url).shutdown(nosave=True)  # while the order is out
            clock.advance(0.2)  # the answer takes a while: its stamp has to move
            order = {**ORDER_DETAILS, "orderId": "7000000043"}
            return json_response(envelope(order, trace=request.headers["trace"]))

        coordinator = RedisCoordinator.from_url(url)
        client, transport, clock = make_client(key_pair, answer_after_the_store_died, coordinator=coordinator)
        with client, caplog.at_level("WARNING", logger="multimarkets_bridge"):
            order = place(client)
    assert order.order_id == "7000000043"  # the placed order reaches the caller
    assert paths(transport) == ["addDirectOrder"]
    assert "rate-budget store failed in finish (ConnectionError)" in caplog.text


def test_failed_write_that_landed_is_recovered_by_lookup_not_resent(key_pair: KeyPair) -> None:
    failed = json_response({"code": "G500", "msg": "gateway timeout"}, status=504)
    respond = order_router([failed], envelope(ORDER_DETAILS))
    client, transport, _ = make_client(key_pair, respond)
    with client:
        result = place(client)
    assert paths(transport) == ["addDirectOrder", "queryDirectOrder"]
    assert (result.order_id, result.client_order_id, result.status) == ("7000000042", "abc123", "1")
    lookup = json.loads(transport.requests[1].content)
    assert lookup["clientOrderId"] == "abc123"
    assert "price" not in lookup  # only the lookup's own fields travel
    assert_signed_request(transport.requests[1], "query_order", key_pair.public)


def test_a_lost_answer_that_no_lookup_finds_is_an_unknown_outcome_never_a_resend(key_pair: KeyPair) -> None:
    # the spec does not say the platform rejects a reused clientOrderId: a "not found" may only mean
    # the original is still queued, so the SDK never sends the order again
    failed = json_response({"code": "G500", "msg": "boom"}, status=502)
    respond = order_router([failed, None], {"code": "SANDBOX_ORDER_NOT_FOUND", "msg": "order does not exist"})
    client, transport, _ = make_client(key_pair, respond)
    with client, pytest.raises(OutcomeUnknownError) as info:
        place(client)
    assert paths(transport) == ["addDirectOrder", "queryDirectOrder", "queryDirectOrder"]
    error = info.value
    assert (error.client_order_id, error.outcome, error.lookup_saw) == ("abc123", "unknown", "not_found")
    sent_at = int(transport.requests[0].headers["timestamp"])
    assert error.request_time_ms == sent_at
    # not before the original's recvWindow (5 s) and the margin have passed on the platform's clock
    assert error.settle_after == pytest.approx((sent_at + 5000 + 2000) / 1000)
    assert error.retryable is False


def test_a_lost_answer_is_sent_again_only_where_the_spec_says_the_platform_dedupes(
    key_pair: KeyPair, monkeypatch: pytest.MonkeyPatch
) -> None:
    platform_dedupes(monkeypatch, "place_order", True)
    failed = json_response({"code": "G500", "msg": "boom"}, status=502)
    respond = order_router([failed, None], {"code": "SANDBOX_ORDER_NOT_FOUND", "msg": "order does not exist"})
    client, transport, clock = make_client(key_pair, respond)
    with client:
        result = place(client)
    # "not found" counts only when a second lookup after a pause agrees
    assert paths(transport) == ["addDirectOrder", "queryDirectOrder", "queryDirectOrder", "addDirectOrder"]
    assert result.order_id == "7000000043"
    assert clock.slept
    first, second = transport.requests[0], transport.requests[3]
    assert (
        json.loads(first.content)["clientOrderId"] == json.loads(second.content)["clientOrderId"] == "abc123"
    )


def test_write_without_key_or_with_an_undecidable_lookup_is_never_retried(key_pair: KeyPair) -> None:
    failed = json_response({"code": "G500", "msg": "boom"}, status=502)
    unreachable = httpx.ConnectError("down")
    client, transport, _ = make_client(key_pair, order_router([failed], unreachable))
    with client, pytest.raises(OutcomeUnknownError) as info:
        place(client)
    assert paths(transport) == ["addDirectOrder"] + ["queryDirectOrder"] * 4  # lookup_attempts
    assert isinstance(info.value.__cause__, ServerError)
    assert info.value.client_order_id == "abc123"
    assert info.value.lookup["clientOrderId"] == "abc123"
    client, transport, _ = make_client(key_pair, order_router([failed], {"code": "G500", "msg": "busy"}))
    with client, pytest.raises(OutcomeUnknownError):
        place(client)
    assert paths(transport) == ["addDirectOrder"] + ["queryDirectOrder"] * 4


def test_a_success_with_garbled_data_is_never_resent_even_if_the_lookup_lags(key_pair: KeyPair) -> None:
    garbled = json_response({"code": "0", "msg": "Success", "ok": True, "data": ["not", "an", "order"]})
    not_found = {"code": "SANDBOX_ORDER_NOT_FOUND", "msg": "order does not exist"}
    client, transport, _ = make_client(key_pair, order_router([garbled], not_found))
    with client, pytest.raises(ResponseValidationError) as info:
        place(client)
    assert paths(transport) == ["addDirectOrder", "queryDirectOrder", "queryDirectOrder"]
    assert info.value.outcome == "landed"
    assert info.value.client_order_id == "abc123"
    assert info.value.retryable is False


# ---------------------------------------------------------------------------------------------- with_options


EMPTY_CUSTOMERS = {"current": 1, "size": 20, "total": 0, "records": []}


def test_with_options_shares_pool_and_budget_and_changes_only_what_it_is_given(key_pair: KeyPair) -> None:
    client, transport, _ = make_client(key_pair, echo(EMPTY_CUSTOMERS), max_retries=2)
    with client:
        fast = client.with_options(timeout=1.5, max_retries=0, lang="en-US", recv_window=None)
        assert fast._http is client._http  # one connection pool
        assert fast._core.coordinator is client._core.coordinator
        assert fast._core.budget is client._core.budget
        assert fast._core.scope == client._core.scope  # one rate budget and ban state
        fast.list_customers()
        client.list_customers()
        fast.with_raw_response.list_customers()
    derived, original, derived_raw = transport.requests
    for request in (derived, derived_raw):
        assert request.headers["lang"] == "en-US"
        assert "recvWindow" not in request.headers
        assert request.extensions["timeout"] == httpx.Timeout(1.5).as_dict()
    assert original.headers["lang"] == "zh-CN"
    assert original.headers["recvWindow"] == "5000"
    assert (fast._core.max_retries, client._core.max_retries) == (0, 2)
    unchanged = client.with_options()
    assert unchanged._core.auth.headers_for(OPERATIONS["list_customers"], b"{}")["recvWindow"] == "5000"
    # the operation travels with the request (request.extensions), not re-derived from the URL
    assert original.extensions[OPERATION_EXTENSION] is OPERATIONS["list_customers"]


def test_with_options_rejects_bad_values(key_pair: KeyPair) -> None:
    client, _, _ = make_client(key_pair, echo(EMPTY_CUSTOMERS))
    with client:
        for bad in ({"timeout": 0}, {"max_retries": -1}, {"recv_window": 70_000}, {"lang": ""}):
            with pytest.raises(ConfigurationError):
                client.with_options(**bad)  # type: ignore[arg-type]


def test_per_call_keywords_join_options(key_pair: KeyPair) -> None:
    client, transport, _ = make_client(key_pair, echo(EMPTY_CUSTOMERS))
    with client:
        client.list_customers(
            customer_no="86000001",
            timeout=0.75,
            extra_headers={"X-Desk": "fx-1"},
            extra_body={"status": 1},
            options={"trace": "t-mine-1700000000"},
        )
        with pytest.raises(InvalidRequestError, match="signed header"):
            client.list_customers(extra_headers={"signature": "forged"})
        with pytest.raises(InvalidRequestError, match="timeout"):
            client.list_customers(timeout=-1)
    request = transport.requests[0]
    assert request.extensions["timeout"] == httpx.Timeout(0.75).as_dict()
    assert request.headers["x-desk"] == "fx-1"
    assert request.headers["trace"] == "t-mine-1700000000"
    assert json.loads(request.content) == {"status": 1, "customerNo": "86000001"}
    assert len(transport.requests) == 1  # the refused calls never left


@pytest.mark.anyio
async def test_async_with_options(key_pair: KeyPair) -> None:
    client, transport, _ = make_async_client(key_pair, echo(EMPTY_CUSTOMERS))
    async with client:
        other = client.with_options(lang="en-US", timeout=3)
        assert other._http is client._http
        await other.list_customers(timeout=2)
    assert transport.requests[0].headers["lang"] == "en-US"
    assert transport.requests[0].extensions["timeout"] == httpx.Timeout(2).as_dict()


# ---------------------------------------------------------------------------------------------- hooks


def test_hooks_see_every_attempt_and_never_a_secret(key_pair: KeyPair) -> None:
    events: list[CallEvent] = []
    answers = iter([json_response({"code": "G500", "msg": "busy"}, status=503), None])

    def respond(request: httpx.Request) -> httpx.Response:
        first = next(answers)
        return first if first is not None else echo(EMPTY_CUSTOMERS)(request)

    client, transport, _ = make_client(
        key_pair, respond, on_request=events.append, on_response=events.append, on_error=events.append
    )
    with client:
        client.list_customers()  # a read: the 503 is retried
    assert [(e.kind, e.attempt, e.status) for e in events] == [
        ("request", 1, None),
        ("error", 1, 503),
        ("request", 2, None),
        ("response", 2, 200),
    ]
    assert {e.trace for e in events} == {r.headers["trace"] for r in transport.requests}
    assert all(e.operation_id == "list_customers" and e.biz_type.endswith(".page") for e in events)
    assert events[1].error is not None
    assert events[1].error.code == "G500"
    assert all(e.elapsed_ms is not None and e.elapsed_ms >= 0 for e in events if e.kind != "request")
    signatures = {r.headers["signature"] for r in transport.requests}
    for event in events:
        text = repr(event) + repr([getattr(event, f) for f in event.__slots__])
        assert API_KEY not in text
        assert not any(signature in text for signature in signatures)
        assert not any(secret in text for secret in SECRETS)


def test_a_failing_hook_is_logged_and_the_call_still_succeeds(
    key_pair: KeyPair, caplog: pytest.LogCaptureFixture
) -> None:
    def broken(event: CallEvent) -> None:
        raise RuntimeError("observer bug")

    client, transport, _ = make_client(key_pair, echo(EMPTY_CUSTOMERS), on_request=broken, on_response=broken)
    with client, caplog.at_level("WARNING", logger="multimarkets_bridge.hooks"):
        assert client.list_customers().total == 0
    assert len(transport.requests) == 1
    assert [r.getMessage().split(" hook ")[0] for r in caplog.records] == ["request", "response"]
    with pytest.raises(ConfigurationError, match="on_error must be callable"):
        make_client(key_pair, echo(EMPTY_CUSTOMERS), on_error="not a function")


@pytest.mark.anyio
async def test_async_client_awaits_coroutine_hooks(key_pair: KeyPair) -> None:
    seen: list[str] = []

    async def record(event: CallEvent) -> None:
        await anyio.sleep(0)
        seen.append(f"{event.kind}:{event.attempt}")

    client, _, _ = make_async_client(
        key_pair, echo(EMPTY_CUSTOMERS), on_request=record, on_response=seen.append
    )
    async with client:
        await client.list_customers()
        derived = client.with_options(max_retries=0)
        await derived.list_customers()
    assert seen[0] == "request:1"
    assert len(seen) == 4  # hooks are shared by clients derived with with_options


# ------------------------------------------------------------------------------ forgiving, exact inputs


def test_inputs_are_serialised_exactly_as_the_spec_says(key_pair: KeyPair) -> None:
    from decimal import Decimal

    from multimarkets_bridge import WireDecimal

    placed = {"exchangeId": "binance", "orderId": "1", "clientOrderId": "c1", "status": "1"}

    def respond(request: httpx.Request) -> httpx.Response:
        data = [] if request.url.path.endswith("queryDirectTradeRecord") else placed
        return json_response(envelope(data, trace=request.headers["trace"]))

    client, transport, _ = make_client(key_pair, respond)
    with client:
        client.place_order(
            exchange_id="okx",
            account_name="a",
            customer_no="1",
            customer_group_id=1,
            symbol_id=1,
            biz_type=2,
            direction=1,
            price=Decimal("1E+3"),
            num=WireDecimal("0.0100"),
            client_order_id="c1",
        )
        client.query_trade_records(
            exchange_id="binance",
            account_name="a",
            customer_no="1",
            customer_group_id=1,
            symbol_id=1,
            start_time="1700000000000",
            limit="50",
        )
    order, trades = (json.loads(r.content) for r in transport.requests)
    assert (order["price"], order["num"]) == ("1000", "0.0100")  # plain text, the wire text kept
    assert (order["bizType"], order["direction"], order["exchangeId"]) == (2, 1, "okx")
    assert order["tradeType"] == 10  # the selector enum's only value
    assert (trades["startTime"], trades["limit"]) == (1700000000000, 50)  # integer fields: digits -> int
