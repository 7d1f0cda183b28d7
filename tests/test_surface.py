"""The Python surface of issue 10, against the sandbox over uvicorn: plain optional response fields,
forgiving typed inputs, Decimal money, the account selector and auto-pagination (sync and async)."""

from __future__ import annotations

import itertools
import sys
import time
import typing
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import attrs
import pytest
from multimarkets_bridge import (
    AccountType,
    AsyncBridgeClient,
    BridgeClient,
    ExchangeCode,
    InvalidRequestError,
    PaginationError,
    TradingAccountSelector,
    WireDecimal,
)
from multimarkets_bridge.decoding import decoder_for
from multimarkets_bridge.operation import Pagination
from multimarkets_bridge.pagination import Walk
from multimarkets_bridge_client import models
from multimarkets_bridge_client.facade import OPERATIONS
from multimarkets_bridge_client.types import Unset
from multimarkets_bridge_sandbox.pytest_plugin import BridgeSandbox
from support import ROOT, FakeClock, deref, minimal_instance, spec

sys.path.insert(0, str(ROOT / "generator"))

import generate

MODEL_NAMES = {name: getattr(models, name) for name in models.__all__} | {"WireDecimal": WireDecimal}
PWD = "dc483e80a7a0bd9ef71d8cf973673924"
DAY_MS = 86_400_000


def received_models() -> list[str]:
    """Component schemas the SDK receives (not reachable from any request body), as model names."""
    sent = generate.request_schemas(spec())
    return sorted(
        name for name in spec()["components"]["schemas"] if name not in sent and name in models.__all__
    )


def _walk_values(value: Any) -> Iterator[Any]:
    yield value
    if attrs.has(type(value)):
        for fld in attrs.fields(type(value)):
            yield from _walk_values(getattr(value, fld.name))
    elif isinstance(value, list):
        for item in value:
            yield from _walk_values(item)


# ------------------------------------------------------------------------------ plain optional fields


@pytest.mark.parametrize("name", received_models())
def test_no_received_field_can_hold_unset(name: str) -> None:
    model = getattr(models, name)
    schema = deref(spec()["components"]["schemas"][name])
    if attrs.has(model):
        hints = typing.get_type_hints(model, vars(sys.modules[model.__module__]) | MODEL_NAMES)
        for fld in attrs.fields(model):
            assert "Unset" not in str(hints[fld.name]), (name, fld.name)
            assert not isinstance(fld.default, Unset), (name, fld.name)
        # only the required members: every optional field is None, both decoded and via from_dict
        instance = minimal_instance(schema)
        for decoded in (decoder_for(model).validate_python(instance), model.from_dict(instance)):
            assert not any(isinstance(v, Unset) for v in _walk_values(decoded)), name
            optional = [f.name for f in attrs.fields(model) if f.init and f.default is not attrs.NOTHING]
            assert all(getattr(decoded, f) is None for f in optional), name


def test_request_models_keep_the_not_sent_sentinel() -> None:
    fields = {f.name: f for f in attrs.fields(models.PlaceOrderRequest)}
    assert isinstance(fields["price"].default, Unset)  # "not sent" differs from null on the way out


# ------------------------------------------------------------------------------------- decimals


def test_decimal_strings_decode_to_decimals_that_keep_the_wire_text() -> None:
    balance = decoder_for(models.Balance).validate_python(
        {"currency": "BTC", "balance": "0.00100", "locked": "0"}
    )
    assert isinstance(balance.balance, Decimal)
    assert balance.balance == Decimal("0.001")
    assert balance.balance.wire == "0.00100"
    assert balance.to_dict() == {"currency": "BTC", "balance": "0.00100", "locked": "0"}
    assert models.Balance.from_dict({"currency": "X", "balance": "1E+2", "locked": "2"}).balance == 100
    with pytest.raises(ValueError, match="not a decimal"):
        decoder_for(models.Balance).validate_python({"currency": "BTC", "balance": "lots", "locked": "0"})
    report = decoder_for(models.OrderExecReport).validate_python(
        {"orderId": "1", "status": "2", "executeNum": ""}
    )
    assert report.execute_num is None  # empty where the page says it may be: an absent one
    for member, model in (("executeNum", models.TradeRecord), ("balance", models.Balance)):
        with pytest.raises(ValueError, match="not a decimal"):  # empty where no page says it may be
            decoder_for(model).validate_python({"currency": "BTC", "balance": "1", "locked": "0", member: ""})
    assert isinstance(WireDecimal("2.50") + 1, Decimal)


# ----------------------------------------------------------------------------- sandbox helpers


def register(client: BridgeClient, phone: str) -> str:
    return client.register_customer(
        phone=phone,
        pwd=PWD,
        country="CN",
        register_source=3,
        customer_group_id=1,  # enum as raw value
    )


def link(client: BridgeClient, customer_no: str, name: str) -> None:
    client.add_exchange_account(
        customer_no=customer_no,
        exchange_code="binance",  # raw enum value
        account_type=AccountType.SPOT,
        account_name=name,
        account_api_key=f"key-{name}-123456",
        account_secret_key="secret",
    )


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(start=time.time())


@pytest.fixture
def bridge_sandbox_options(clock: FakeClock) -> dict[str, Any]:
    return {"seed": 7, "clock": clock}


@pytest.fixture
def client(bridge_sandbox: BridgeSandbox, clock: FakeClock) -> Iterator[BridgeClient]:
    creds = bridge_sandbox.credentials
    with BridgeClient(
        base_url=bridge_sandbox.base_url,
        api_key=creds.api_key,
        secret_key=creds.secret_key,
        company_id=creds.company_id,
        clock=clock,
        rate_limit_per_minute=None,
    ) as c:
        yield c


@pytest.fixture
def aclient(bridge_sandbox: BridgeSandbox, clock: FakeClock) -> AsyncBridgeClient:
    creds = bridge_sandbox.credentials
    return AsyncBridgeClient(
        base_url=bridge_sandbox.base_url,
        api_key=creds.api_key,
        secret_key=creds.secret_key,
        company_id=creds.company_id,
        clock=clock,
        rate_limit_per_minute=None,
    )


# -------------------------------------------------------------------------------- forgiving inputs


def test_ints_decimals_and_raw_enum_values_are_sent_as_the_spec_says(
    client: BridgeClient, bridge_sandbox: BridgeSandbox
) -> None:
    number = register(client, "13200000301")
    page = client.with_raw_response.list_customers(current=1, size=20)  # ints for digit strings
    assert [r.customer_no for r in page.data.records] == [number]
    link(client, number, "main")
    bridge_sandbox.sandbox.set_price(1, "50000")
    selector = TradingAccountSelector(
        trade_type=models.TradeType.TRADING_BRIDGE,
        exchange_id=models.ExchangeId.BINANCE,
        account_name="main",
        customer_no=number,
        customer_group_id=1,
    )
    order = client.place_order(
        account=selector,
        symbol_id=1,
        biz_type=2,
        direction=1,
        price=Decimal("40000.50"),
        num=Decimal("0.001"),
    )
    assert order.status == models.OrderStatus.SUBMITTED.value
    details = client.query_order(account=selector, symbol_id=1, order_id=order.order_id)
    assert details.status == "1"
    assert Decimal(details["price"]) == Decimal("40000.50")
    deposits = client.query_deposit_records(account=selector, limit=10, start_time=1_000_000_000_000)
    assert isinstance(deposits, list)
    balances = client.query_balances(account=selector, customer_no=number)  # same value both ways: fine
    assert all(isinstance(b.balance, Decimal) for b in balances)


def test_the_sandbox_reads_members_by_their_json_names_only(client: BridgeClient) -> None:
    """An unknown member spelt like a wire model attribute (``is_test``) is an extra the spec allows;
    it must not be validated as ``isTest`` (found by the contract suite's random bodies)."""
    number = register(client, "13200000501")
    client.add_exchange_account(
        customer_no=number,
        exchange_code="binance",
        account_type="spot",
        account_name="odd",
        account_api_key="key-odd-123456",
        account_secret_key="secret",
        extra_body={"is_test": ["<|G", "±"]},
    )
    (account,) = client.list_exchange_accounts(customer_no=number).records
    assert account.is_test == 0


def test_bad_inputs_name_the_field(client: BridgeClient) -> None:
    fields: dict[str, Any] = {"exchange_id": "binance", "account_name": "a", "customer_no": "1"}
    with pytest.raises(InvalidRequestError, match="direction"):
        client.place_order(**fields, customer_group_id=1, symbol_id=1, biz_type=1, direction=3, amount="1")
    with pytest.raises(InvalidRequestError, match="price"):
        client.place_order(
            **fields, customer_group_id=1, symbol_id=1, biz_type=2, direction=1, price=1.5, num="1"
        )
    with pytest.raises(InvalidRequestError, match="size"):
        client.list_customers(size=0)
    with pytest.raises(InvalidRequestError, match="customer_no"):
        client.query_balances(exchange_id="binance", account_name="a", customer_group_id=1)
    selector = TradingAccountSelector(
        trade_type=models.TradeType.TRADING_BRIDGE,
        exchange_id=models.ExchangeId.OKX,
        account_name="a",
        customer_no="1",
        customer_group_id=1,
    )
    with pytest.raises(InvalidRequestError, match="exchange_id"):
        client.query_balances(account=selector, exchange_id="binance")
    with pytest.raises(InvalidRequestError, match="not dict"):
        client.query_balances(account={"exchange_id": "okx"})  # type: ignore[call-overload]


# ----------------------------------------------------------------------------------- pagination


def _seed_customers(client: BridgeClient, count: int) -> set[str]:
    return {register(client, f"1330000{n:04d}") for n in range(count)}


def _seed_accounts(client: BridgeClient, count: int) -> tuple[str, set[str]]:
    number = register(client, "13400000001")
    for n in range(count):
        link(client, number, f"acct{n}")
    return number, {f"acct{n}" for n in range(count)}


def _seed_fills(client: BridgeClient, sandbox: BridgeSandbox, clock: FakeClock) -> tuple[dict[str, Any], int]:
    """Five market fills spread over the last three days; returns the selector and the range start."""
    number = register(client, "13500000001")
    link(client, number, "main")
    sandbox.sandbox.set_price(1, "50000")
    selector = {
        "exchange_id": "binance",
        "account_name": "main",
        "customer_no": number,
        "customer_group_id": 1,
    }
    start = int(clock() * 1000)
    for _ in range(5):
        client.place_order(**selector, symbol_id=1, biz_type=1, direction=1, amount=Decimal("20"))
        clock.advance(15 * 3600)  # 15 h apart: five fills over 60 h
    return selector, start - 1


def _seed_deposits(sandbox: BridgeSandbox, clock: FakeClock, customer_no: str, count: int) -> set[str]:
    """``count`` deposits a minute apart (more than one call may return); returns their tx ids."""
    for n in range(count):
        sandbox.sandbox.seed_deposit(customer_no, "main", "USDT", "1.5", tx_id=f"0xdep{n}")
        clock.advance(60)
    return {f"0xdep{n}" for n in range(count)}


def test_every_paged_operation_walks_all_pages_sync(
    client: BridgeClient, bridge_sandbox: BridgeSandbox, clock: FakeClock
) -> None:
    customers = _seed_customers(client, 7)
    pages = list(client.paginate.list_customers(size=2).pages())
    assert len(pages) == 4
    assert [p.data.current for p in pages] == [1, 2, 3, 4]
    walked = [c.customer_no for c in client.paginate.list_customers(size=2)]
    assert len(walked) == len(set(walked))
    assert set(walked) >= customers

    number, names = _seed_accounts(client, 5)
    accounts = list(client.paginate.list_exchange_accounts(customer_no=number, size=2))
    assert sorted(a.account_name for a in accounts) == sorted(names)
    assert len(list(client.paginate.list_exchange_accounts(customer_no=number, size=2).pages())) == 3

    selector, start = _seed_fills(client, bridge_sandbox, clock)
    pager = client.paginate.query_trade_records(**selector, symbol_id=1, start_time=start)
    fills = list(pager)
    assert len(fills) == 5
    assert len({f.trade_id for f in fills}) == 5
    assert len(list(pager.pages())) == 4  # 75 h: four windows of at most 24 h, each accepted by the sandbox

    seeded = _seed_deposits(bridge_sandbox, clock, selector["customer_no"], 230)
    pager = client.paginate.query_deposit_records(**selector, start_time=start)
    deposits = list(pager)
    assert {d.tx_id for d in deposits} >= seeded
    assert len(deposits) == len({d.tx_id for d in deposits})
    assert len(list(pager.pages())) >= 3  # more than 100 records: full answers are split until none is full


@pytest.mark.anyio
async def test_every_paged_operation_walks_all_pages_async(
    client: BridgeClient, aclient: AsyncBridgeClient, bridge_sandbox: BridgeSandbox, clock: FakeClock
) -> None:
    customers = _seed_customers(client, 7)
    number, names = _seed_accounts(client, 5)
    selector, start = _seed_fills(client, bridge_sandbox, clock)
    async with aclient:
        walked = [c.customer_no async for c in aclient.paginate.list_customers(size=2)]
        assert len(walked) == len(set(walked))
        assert set(walked) >= customers
        assert len([p async for p in aclient.paginate.list_customers(size=3).pages()]) == 3
        accounts = [
            a.account_name async for a in aclient.paginate.list_exchange_accounts(customer_no=number, size=2)
        ]
        assert sorted(accounts) == sorted(names)
        fills = [
            f async for f in aclient.paginate.query_trade_records(**selector, symbol_id=1, start_time=start)
        ]
        assert len({f.trade_id for f in fills}) == len(fills) == 5
        seeded = _seed_deposits(bridge_sandbox, clock, selector["customer_no"], 230)
        deposits = [
            d.tx_id async for d in aclient.paginate.query_deposit_records(**selector, start_time=start)
        ]
        assert set(deposits) >= seeded
        assert len(deposits) == len(set(deposits))
        calls = [
            p async for p in aclient.paginate.query_deposit_records(**selector, start_time=start).pages()
        ]
        assert len(calls) >= 3
        first = [c async for c in aclient.paginate.list_customers(size=2).bounded(max_items=3)]
        assert len(first) == 3
        with pytest.raises(InvalidRequestError, match="start_time"):  # refused when built, not awaited
            aclient.paginate.query_deposit_records(**selector)


def test_bounded_stops_the_walk_and_sends_no_more(client: BridgeClient) -> None:
    _seed_customers(client, 5)
    every = client.paginate.list_customers(size=2)
    assert len(list(every.bounded(max_items=3))) == 3
    assert len(list(every.bounded(max_pages=2))) == 4
    assert len(list(every.bounded(max_pages=2).pages())) == 2
    assert len(list(every)) >= 5  # bounding made a new pager; this one still walks everything
    for bad in (0, -1, True, 2.5, "3"):
        with pytest.raises(InvalidRequestError, match="max_pages"):
            every.bounded(max_pages=bad)  # type: ignore[arg-type]
    with pytest.warns(DeprecationWarning, match=r"bounded\(max_items=\.\.\.\)"):
        legacy = client.paginate.list_customers(size=2, max_items=3)  # type: ignore[call-arg]
    assert len(list(legacy)) == 3  # the old spelling still works, with a warning, until 0.3


def test_a_page_number_given_is_where_the_walk_starts(client: BridgeClient) -> None:
    _seed_customers(client, 5)
    pages = list(client.paginate.list_customers(size=2, current=2).pages())
    first = list(client.paginate.list_customers(size=2).pages())
    assert [p.data.current for p in pages] == [p.data.current for p in first][1:]
    assert [r.customer_no for p in pages for r in p.data.records] == [
        r.customer_no for p in first[1:] for r in p.data.records
    ]
    with pytest.raises(InvalidRequestError, match="current must be a page number"):
        client.paginate.list_customers(current=0)


def test_a_view_over_a_method_that_is_not_a_list_is_refused(client: BridgeClient) -> None:
    from multimarkets_bridge_core.paging import PagerOf

    with pytest.raises(InvalidRequestError, match="list_products is not a list operation"):
        PagerOf(models.Product)(client.list_products)()


def test_with_options_copies_get_their_own_paginate_view(client: BridgeClient) -> None:
    view, raw = client.paginate, client.with_raw_response
    assert client.paginate is view  # built once, on first use
    assert client.with_raw_response is raw
    fast = client.with_options(max_retries=0)
    assert fast.paginate is not view
    assert fast.paginate.list_customers.__wrapped__.__self__ is fast  # type: ignore[attr-defined]
    assert fast.with_raw_response is not raw
    assert fast.with_raw_response.list_customers.__wrapped__.__self__ is fast  # type: ignore[attr-defined]


# ------------------------------------------------------------------- the window walk, sans I/O


def _walk(rule: Pagination, start: int, end: int, **bounds: Any) -> Walk:
    body = models.QueryTradeRecordsRequest(
        trade_type=models.TradeType.TRADING_BRIDGE,
        exchange_id=models.ExchangeId.BINANCE,
        account_name="a",
        customer_no="1",
        customer_group_id=1,
        symbol_id=1,
        start_time=start,
        end_time=end,
    )
    op = OPERATIONS["query_trade_records"]._replace(pagination=rule)
    return Walk(
        op,
        body,
        now_ms=end,
        max_items=bounds.get("max_items"),
        max_pages=None,
    )


def _serve(walk: Walk, times: list[int], limit: int) -> tuple[list[int], list[tuple[int, int]]]:
    """Answer the walk like the platform would: records in the window, at most ``limit``, newest first."""
    out: list[int] = []
    asked: list[tuple[int, int]] = []
    while (body := walk.next_body()) is not None:
        window = (body.start_time, body.end_time)
        asked.append(window)
        hits = sorted((t for t in times if window[0] <= t <= window[1]), reverse=True)[:limit]
        out += [
            r.execute_time
            for r in walk.take([models.TradeRecord(trade_id=str(t), execute_time=t) for t in hits])
        ]
    return out, asked


def test_a_three_day_range_is_split_into_valid_windows() -> None:
    rule = OPERATIONS["query_trade_records"].pagination
    assert rule is not None
    start = 1_700_000_000_000
    walk = _walk(rule, start, start + 3 * DAY_MS)
    times = [start + n * 3_600_000 for n in range(0, 72, 5)]
    got, asked = _serve(walk, times, 100)
    assert sorted(got) == times
    assert all(0 <= end - begin <= DAY_MS for begin, end in asked)
    assert asked[0][0] == start
    assert asked[-1][1] == start + 3 * DAY_MS
    assert all(nxt[0] == prev[1] + 1 for prev, nxt in itertools.pairwise(asked))  # no gap, no overlap
    assert len(asked) == 3


def test_a_full_window_is_bisected_until_nothing_is_lost() -> None:
    rule = Pagination(
        style="window",
        start="startTime",
        end="endTime",
        limit="limit",
        max_limit=4,
        max_window_ms=DAY_MS,
        key=("tradeId",),
    )
    start = 1_700_000_000_000
    times = [start + n * 1000 for n in range(11)]  # 11 records, 4 per answer at most
    got, asked = _serve(_walk(rule, start, start + 20_000), times, 4)
    assert sorted(got) == times
    assert len(got) == len(set(got))
    assert len(asked) > 3
    with pytest.raises(PaginationError, match="cannot be split"):
        _serve(_walk(rule, start, start + 10), [start] * 5, 4)  # five records at one millisecond


def test_window_walk_needs_a_start_when_the_spec_gives_no_window() -> None:
    rule = OPERATIONS["query_deposit_records"].pagination
    assert rule is not None
    assert rule.max_window_ms is None
    body = models.QueryDepositRecordsRequest(
        trade_type=models.TradeType.TRADING_BRIDGE,
        exchange_id=models.ExchangeId.BINANCE,
        account_name="a",
        customer_no="1",
        customer_group_id=1,
    )
    with pytest.raises(InvalidRequestError, match="start_time"):
        Walk(
            OPERATIONS["query_deposit_records"],
            body,
            now_ms=1,
            max_items=None,
            max_pages=None,
        )


def test_paged_operations_are_exactly_those_with_x_pagination() -> None:
    from multimarkets_bridge_client.facade import BridgeOperations, BridgePaginators

    declared = {op_id for op_id, op in OPERATIONS.items() if op.pagination is not None}
    assert declared == {
        "list_customers",
        "list_exchange_accounts",
        "query_trade_records",
        "query_deposit_records",
    }
    assert set(vars(BridgePaginators(BridgeOperations()))) == declared
    assert ExchangeCode.BINANCE.value == "binance"


def test_a_page_walk_stops_when_the_platform_repeats_a_page() -> None:
    rule = OPERATIONS["list_customers"].pagination
    assert rule is not None
    walk = Walk(
        OPERATIONS["list_customers"],
        models.ListCustomersRequest(size="2"),
        now_ms=0,
        max_items=None,
        max_pages=None,
    )
    same = models.CustomerPage(
        current=1, size=2, total=10**6, records=[models.CustomerRecord(id=1), models.CustomerRecord(id=2)]
    )
    calls = 0
    while walk.next_body() is not None:
        calls += 1
        walk.take(same)  # page 1 again, whatever page was asked for
    assert calls == 2
