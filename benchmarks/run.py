"""Speed and memory where users feel them, as ratios against baselines measured in the same run.

``nox -s bench`` (or ``python benchmarks/run.py``; ``--quick`` for fewer rounds) measures every figure
below, prints a table (figure, baseline, ratio, goal, pass/miss) and writes ``build/bench.json``;
``--page`` then rewrites the table of ``docs/performance.md`` from that file. Figures are medians of
rounds that alternate the SDK and its baseline after a warm-up; absolute times are context only.
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
import venv
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from functools import partial
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parents[1]
BUILD = ROOT / "build"
sys.path.insert(0, str(Path(__file__).resolve().parent))


@dataclass
class Figure:
    key: str
    label: str
    value: float
    unit: str
    goal: float | None
    higher_is_better: bool = False
    sdk: str = ""
    baseline: str = ""

    @property
    def met(self) -> bool | None:
        if self.goal is None:
            return None  # reported, no goal
        return self.value >= self.goal if self.higher_is_better else self.value <= self.goal

    def verdict(self) -> str:
        return {True: "pass", False: "MISS", None: "report"}[self.met]

    def goal_text(self) -> str:
        if self.goal is None:
            return "-"
        sign = ">=" if self.higher_is_better else "<="
        return f"{sign} {self.goal:g}{'' if self.unit == 'x' else ' ' + self.unit}"

    def value_text(self) -> str:
        if self.unit == "x":
            return f"{self.value:.2f}x"
        return f"{self.value:,.1f} {self.unit}" if self.value < 100 else f"{self.value:,.0f} {self.unit}"


def alternate(
    sdk: Callable[[], object], base: Callable[[], object], rounds: int, inner: int
) -> tuple[float, float, float]:
    """Median seconds per call of ``sdk`` and ``base`` and the median of their per-round ratios.

    Rounds alternate the two after a warm-up, and each ratio pairs neighbouring rounds, so drift of
    the machine (other processes, frequency) cancels out of the ratio.
    """
    for _ in range(max(1, inner // 4)):
        sdk()
        base()
    sdk_times: list[float] = []
    base_times: list[float] = []
    for _ in range(rounds):
        for fn, sink in ((sdk, sdk_times), (base, base_times)):
            start = time.perf_counter()
            for _ in range(inner):
                fn()
            sink.append((time.perf_counter() - start) / inner)
    ratios = [a / b for a, b in zip(sdk_times, base_times, strict=True)]
    return statistics.median(sdk_times), statistics.median(base_times), statistics.median(ratios)


def micro(seconds: float) -> str:
    return f"{seconds * 1e6:,.1f} µs" if seconds < 0.01 else f"{seconds * 1e3:,.1f} ms"


def page(records: int) -> dict[str, Any]:
    row = {
        "id": 1,
        "companyId": 360,
        "customerNo": "86000001",
        "customerGroupId": 1,
        "customerType": 0,
        "status": 1,
        "registerSource": 1,
        "createTime": 1700000000000,
        "updateTime": 1700000000000,
        "phone": "13200000001",
        "phoneArea": "+86",
        "email": "a@example.com",
        "name": "Zhang San",
        "remark": "vip",
    }
    return {
        "code": "0",
        "msg": "Success",
        "bizCode": "",
        "tm": 3,
        "trace": "t-bench-1700000000",
        "msgParams": None,
        "ok": True,
        "fail": False,
        "data": {
            "current": 1,
            "size": records,
            "total": records,
            "records": [dict(row, id=i) for i in range(records)],
        },
    }


class NullSigner:
    """Signing excluded from the per-call figure (it has its own row)."""

    def sign(self, body: bytes, timestamp: int | None) -> str:
        return "c2lnbmF0dXJl"


# --------------------------------------------------------------------------------------- figures


def unwrap_figures(rounds: int) -> list[Figure]:
    from multimarkets_bridge import OPERATIONS
    from multimarkets_bridge.envelope import read_success

    operation = OPERATIONS["list_customers"]
    figures = []
    for records in (20, 500):
        content = json.dumps(page(records)).encode()
        assert read_success(operation, 200, content) is not None
        sdk, base, ratio = alternate(
            partial(read_success, operation, 200, content),
            partial(json.loads, content),
            rounds,
            max(4, 4000 // records),
        )
        figures.append(
            Figure(
                f"unwrap_ratio_{records}",
                f"unwrap + type-check a {records}-record page vs json.loads",
                ratio,
                "x",
                2.0,
                sdk=micro(sdk),
                baseline=micro(base),
            )
        )
    return figures


def _raw_call(raw: httpx.Client, path: str, headers: dict[str, str] | None = None) -> Any:
    return raw.post(path, content=b'{"current":"1","size":"20"}', headers=headers).json()


def _answer(content: bytes, request: httpx.Request) -> httpx.Response:
    return httpx.Response(200, content=content)


def call_overhead_figures(rounds: int) -> list[Figure]:
    from multimarkets_bridge import OPERATIONS, BridgeClient

    path = OPERATIONS["list_customers"].path
    figures = []
    for records, goal in ((1, 1.1), (20, 1.5)):
        content = json.dumps(page(records)).encode()
        transport = httpx.MockTransport(partial(_answer, content))
        client = BridgeClient(
            api_key="bench-api-key-000000",
            signer=NullSigner(),
            company_id=360,
            base_url="http://bench/webhook",
            transport=transport,
            rate_limit_per_minute=None,
        )
        raw = httpx.Client(base_url="http://bench/webhook", transport=transport)
        with client, raw:
            sdk, base, ratio = alternate(
                partial(client.list_customers, current="1", size="20"),
                partial(_raw_call, raw, path),
                rounds,
                200,
            )
        figures.append(
            Figure(
                f"call_overhead_ratio_{records}",
                f"client.list_customers ({records} record(s), signing excluded) vs httpx post + .json()",
                ratio,
                "x",
                goal,
                sdk=micro(sdk),
                baseline=micro(base),
            )
        )
    figures.append(protocol_header_floor(rounds))
    return figures


PROTOCOL_HEADERS = {
    "content-type": "application/json",
    "accept": "application/json",
    "trace": "t-abcdef-ghijk-lmnopqr-1700000000",
    "companyId": "360",
    "apiKey": "bench-api-key-000000",
    "version": "0.0.1",
    "lang": "zh-CN",
    "recvWindow": "5000",
    "timestamp": "1700000000000",
    "signature": "c2lnbmF0dXJl",
}


def protocol_header_floor(rounds: int) -> Figure:
    """Context for the per-call figure: plain httpx sending the headers every Bridge request needs."""
    content = json.dumps(page(1)).encode()
    path = "/global/customer.admin.WhiteCustomerAdminApiService.page"
    with httpx.Client(
        base_url="http://bench/webhook", transport=httpx.MockTransport(partial(_answer, content))
    ) as raw:
        sdk, base, ratio = alternate(
            partial(_raw_call, raw, path, PROTOCOL_HEADERS), partial(_raw_call, raw, path), rounds, 200
        )
    return Figure(
        "call_protocol_floor_ratio_1", "plain httpx post + .json() with the Bridge's headers vs without them",
        ratio, "x", None, sdk=micro(sdk), baseline=micro(base),
    )  # fmt: skip


def sign_figure(rounds: int) -> Figure:
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import padding, rsa
    from multimarkets_bridge import canonical_string, generate_key_pair
    from multimarkets_bridge.signing import RsaSha1Signer

    secret, _ = generate_key_pair(2048)
    signer = RsaSha1Signer.from_secret_key(secret)
    key = serialization.load_der_private_key(base64.b64decode(secret), password=None)
    assert isinstance(key, rsa.RSAPrivateKey)
    body = json.dumps(
        {"tradeType": 10, "customerNo": "86000001", "exchangeId": "binance", "accountName": "main-spot",
         "symbolId": 1, "bizType": 2, "direction": 1, "price": "60000.10", "num": "0.001",
         "timeInForce": "GTC", "clientOrderId": "abc123", "remark": "下单"},
        ensure_ascii=False, separators=(",", ":"),
    ).encode()  # fmt: skip
    message = canonical_string(body, 1700000000000).encode()
    sdk, base, ratio = alternate(
        lambda: signer.sign(body, 1700000000000),
        lambda: key.sign(message, padding.PKCS1v15(), hashes.SHA1()),  # noqa: S303 - the vendor's scheme
        rounds,
        40,
    )
    return Figure(
        "sign_ratio", "sign (canonicalise + RSA-2048 SHA-1) vs bare RSA sign", ratio, "x", 1.1,
        sdk=micro(sdk), baseline=micro(base),
    )  # fmt: skip


_MADE_THIS_RUN: set[str] = set()


def _clean_venv(name: str, keep: bool, *packages: str) -> Path:
    """``build/<name>``: a fresh venv with ``packages`` installed, made once per run (reused from an
    earlier run with ``--keep-venv``)."""
    target = BUILD / name
    python = target / "bin" / "python"
    if name not in _MADE_THIS_RUN and (not python.exists() or not keep):
        venv.create(target, with_pip=True, clear=True)
        subprocess.run(
            [str(python), "-m", "pip", "install", "-q", "--disable-pip-version-check", *packages], check=True
        )
    _MADE_THIS_RUN.add(name)
    return python


def pytest_startup_figures(rounds: int, keep_venv: bool) -> list[Figure]:
    """A downstream project's one-test pytest run with the SDK installed vs with only the SDK's own
    dependencies (the SDK registers no plugin: the two should start alike), and vs bare pytest (httpx
    brings anyio, whose pytest plugin every project with httpx loads)."""
    import tomllib

    dependencies = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"][
        "dependencies"
    ]
    venvs = {
        "sdk": _clean_venv("bench-venv", keep_venv, str(ROOT), "pytest==9.2.0"),
        "deps": _clean_venv("bench-venv-deps", keep_venv, *dependencies, "pytest==9.2.0"),
        "bare": _clean_venv("bench-venv-pytest", keep_venv, "pytest==9.2.0"),
    }
    with tempfile.TemporaryDirectory() as folder:
        Path(folder, "test_unrelated.py").write_text("def test_unrelated():\n    assert 1 + 1 == 2\n")

        def run(python: Path) -> float:
            start = time.perf_counter()
            done = subprocess.run(
                [str(python), "-m", "pytest", "-q", "-p", "no:cacheprovider"],
                cwd=folder, capture_output=True, text=True, check=False,
            )  # fmt: skip
            if done.returncode != 0 or "1 passed" not in done.stdout:
                raise RuntimeError(f"the one-test project failed: {done.stdout[-500:]}")
            return time.perf_counter() - start

        times: dict[str, list[float]] = {name: [] for name in venvs}
        for python in venvs.values():
            run(python)  # warm: .pyc files written
        for _ in range(max(rounds // 2, 9)):
            for name, python in venvs.items():
                times[name].append(run(python))

    def ratio(a: str, b: str) -> float:
        return statistics.median(x / y for x, y in zip(times[a], times[b], strict=True))

    median = {name: micro(statistics.median(values)) for name, values in times.items()}
    return [
        Figure(
            "pytest_startup_ratio",
            "pytest on an unrelated one-test project: SDK installed vs its dependencies only",
            ratio("sdk", "deps"), "x", 1.1, sdk=median["sdk"], baseline=median["deps"],
        ),
        Figure(
            "pytest_startup_ratio_bare", "the same: SDK installed vs bare pytest (anyio's plugin, via httpx)",
            ratio("sdk", "bare"), "x", None, sdk=median["sdk"], baseline=median["bare"],
        ),
    ]  # fmt: skip


def import_figure(rounds: int, keep_venv: bool) -> Figure:
    """Importing the client (``from multimarkets_bridge import BridgeClient``: the package imports its
    public names eagerly, so the whole package is what a user pays for) vs ``import httpx``, in a clean
    venv."""
    python = _clean_venv("bench-venv", keep_venv, str(ROOT), "pytest==9.2.0")
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    warm = [str(python), "-c", "import multimarkets_bridge.client, httpx"]  # writes the .pyc files
    subprocess.run(warm, check=True, env=env)

    def cost(module: str) -> float:
        result = subprocess.run(
            [str(python), "-X", "importtime", "-c", f"import {module}"],
            capture_output=True, text=True, check=True, env=env,
        )  # fmt: skip
        last = [line for line in result.stderr.splitlines() if line.startswith("import time:")][-1]
        return int(last.split("|")[1]) / 1e6

    sdk_times: list[float] = []
    base_times: list[float] = []
    for _ in range(max(rounds, 9)):  # alternating processes; each ratio pairs neighbours
        sdk_times.append(cost("multimarkets_bridge.client"))
        base_times.append(cost("httpx"))
    sdk, base = statistics.median(sdk_times), statistics.median(base_times)
    ratio = statistics.median(a / b for a, b in zip(sdk_times, base_times, strict=True))
    return Figure(
        "import_ratio", "from multimarkets_bridge import BridgeClient vs import httpx (clean venv)",
        ratio, "x", 1.3, sdk=micro(sdk), baseline=micro(base),
    )  # fmt: skip


FIXTURE_SUITE = """
import pytest

@pytest.mark.parametrize("n", range({count}))
def test_uses_the_fixture(bridge_sandbox, n):
    assert bridge_sandbox.client is not None
"""

FIXTURE_TIMER = """
import json, time
import pytest

TIMES = {}

@pytest.hookimpl(wrapper=True)
def pytest_runtest_setup(item):
    start = time.perf_counter()
    try:
        return (yield)
    finally:
        TIMES[item.nodeid] = time.perf_counter() - start

@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    start = time.perf_counter()
    try:
        return (yield)
    finally:
        TIMES[item.nodeid] += time.perf_counter() - start

def pytest_sessionfinish(session):
    with open("fixture-times.json", "w") as out:
        json.dump(TIMES, out)
"""


def fixture_figure(count: int = 50) -> Figure:
    """Median setup + teardown of ``bridge_sandbox`` over ``count`` tests (timed around pytest's phases)."""
    with tempfile.TemporaryDirectory() as folder:
        Path(folder, "test_fixture_cost.py").write_text(FIXTURE_SUITE.format(count=count))
        Path(folder, "conftest.py").write_text(FIXTURE_TIMER)
        result = subprocess.run(
            [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "no:valkey",
             "test_fixture_cost.py"],
            cwd=folder, capture_output=True, text=True, check=False,
        )  # fmt: skip
        if result.returncode != 0:
            raise RuntimeError(f"fixture suite failed:\n{result.stdout}\n{result.stderr}")
        recorded = json.loads(Path(folder, "fixture-times.json").read_text())
    times = [recorded[f"test_fixture_cost.py::test_uses_the_fixture[{n}]"] for n in range(count)]
    median = statistics.median(times)
    return Figure(
        "fixture_ms", f"bridge_sandbox setup + teardown per test (median of {count})", median * 1000, "ms",
        50, sdk=f"first test {times[0] * 1000:,.0f} ms (session set-up)", baseline="-",
    )  # fmt: skip


def sqlite_figure(customers: int, writes: int = 200) -> Figure:
    """One write (a registration) with ``customers`` already in the SQLite-backed sandbox."""
    from multimarkets_bridge_sandbox import Sandbox
    from multimarkets_bridge_sandbox.state import Customer

    def registration(n: int) -> bytes:
        return json.dumps(
            {
                "phone": f"1{n:010d}",
                "pwd": "0" * 32,
                "country": "CN",
                "registerSource": 1,
                "customerGroupId": 1,
            }
        ).encode()

    with tempfile.TemporaryDirectory() as folder:
        sandbox = Sandbox(db_path=Path(folder, "bench.sqlite"), rate_limit_per_minute=None)
        credentials = sandbox.issue_key(company_id=360)
        record = sandbox.gateway.key(credentials.api_key)
        assert record is not None
        for n in range(customers):  # bulk: the rows exist before the measured writes
            sandbox.state.customers.append(
                Customer(id=n, customer_no=str(80_000_000 + n), company_id=360, pwd_md5="0" * 32,
                         country="CN", register_source=1, customer_group_id=1, create_time=0, update_time=0,
                         phone=f"2{n:010d}")
            )  # fmt: skip
        sandbox._after_change()
        from multimarkets_bridge.signing import parse_exact
        from multimarkets_bridge_client.registry import OPERATIONS

        operation = OPERATIONS["register_customer"]
        times = []
        for n in range(writes):
            body = registration(n)
            start = time.perf_counter()
            sandbox._dispatch(operation, record, parse_exact(body))
            times.append(time.perf_counter() - start)
        sandbox.close()
    median = statistics.median(times)
    return Figure(
        "sqlite_write_ms_10k", f"one write with {customers:,} customers in the SQLite-backed sandbox",
        median * 1000, "ms", 2.0, sdk=micro(median), baseline="-",
    )  # fmt: skip


@contextmanager
def remote_sandbox() -> Iterator[dict[str, Any]]:
    process = subprocess.Popen(
        [sys.executable, str(ROOT / "benchmarks" / "remote_sandbox.py")],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert process.stdout is not None
        yield json.loads(process.stdout.readline())
    finally:
        assert process.stdin is not None
        process.stdin.close()
        process.wait(timeout=30)


def async_figures(calls: int) -> list[Figure]:
    """Throughput at 32 concurrent calls over throughput at 1, default transport and aiohttp transport."""
    from multimarkets_bridge import AsyncBridgeClient

    def transports() -> dict[str, Callable[[], httpx.AsyncBaseTransport | None]]:
        found: dict[str, Callable[[], httpx.AsyncBaseTransport | None]] = {"httpx": lambda: None}
        try:
            from httpx_aiohttp import AiohttpTransport
        except ImportError:
            return found
        found["aiohttp"] = lambda: AiohttpTransport(limits=httpx.Limits(max_connections=64))
        return found

    async def throughput(platform: dict[str, Any], make: Callable[[], Any], concurrency: int) -> float:
        options = {k: platform[k] for k in ("base_url", "api_key", "secret_key", "company_id")}
        async with AsyncBridgeClient(**options, rate_limit_per_minute=None, transport=make()) as client:
            gate = asyncio.Semaphore(concurrency)

            async def one() -> None:
                async with gate:
                    await client.list_customers(current="1", size="20")

            await asyncio.gather(*(one() for _ in range(concurrency * 2)))  # warm the pool
            start = time.perf_counter()
            await asyncio.gather(*(one() for _ in range(calls)))
            return calls / (time.perf_counter() - start)

    results: dict[str, tuple[float, float]] = {}
    with remote_sandbox() as platform:
        for name, make in transports().items():
            serial: list[float] = []
            concurrent: list[float] = []
            for _ in range(3):
                serial.append(asyncio.run(throughput(platform, make, 1)))
                concurrent.append(asyncio.run(throughput(platform, make, 32)))
            results[name] = (statistics.median(serial), statistics.median(concurrent))
    figures = []
    chosen = "aiohttp" if "aiohttp" in results else "httpx"  # the goal is met with the optional transport
    for name, (one, many) in results.items():
        key = "async_conc32_ratio" if name == chosen else f"async_conc32_ratio_{name}"
        figures.append(
            Figure(
                key, f"async client, 32 concurrent vs 1 at a time ({name} transport)", many / one, "x",
                0.9 if name == chosen else None,
                higher_is_better=True, sdk=f"{many:,.0f} req/s", baseline=f"{one:,.0f} req/s",
            )
        )  # fmt: skip
    return figures


def sandbox_figure(seconds: float) -> Figure:
    import loadgen
    from multimarkets_bridge.signing import RsaSha1Signer

    with remote_sandbox() as platform:
        body = b'{"current":"1","size":"20"}'
        timestamp = int(time.time() * 1000)
        headers = {
            "companyId": str(platform["company_id"]), "apiKey": platform["api_key"],
            "timestamp": str(timestamp),
            "signature": RsaSha1Signer.from_secret_key(platform["secret_key"]).sign(body, timestamp),
            "version": "0.0.1", "lang": "zh-CN", "recvWindow": "60000", "trace": "t-bench-load-1",
        }  # fmt: skip
        request = loadgen.signed_request(
            platform["base_url"], "customer.admin.WhiteCustomerAdminApiService.page", body, headers
        )
        rps, errors = loadgen.run(platform["base_url"], request, processes=1, connections=16, seconds=seconds)
    if errors:
        raise RuntimeError(f"{errors} non-200 answers under load")
    return Figure(
        "sandbox_rps", "sandbox: signed list_customers answered per second (16 keep-alive connections)",
        rps, "req/s", 3000, higher_is_better=True, sdk=f"{rps:,.0f} req/s", baseline="-",
    )  # fmt: skip


def _bare_canonical(document: Any) -> str:
    """The vendor's string to sign for a body without nulls, written inline (no SDK code)."""
    return json.dumps(document, ensure_ascii=False, separators=(",", ":"), sort_keys=True).replace('"', "")


def webhook_figure(rounds: int) -> Figure:
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import padding, rsa
    from multimarkets_bridge import canonical_string, generate_key_pair
    from multimarkets_bridge.signing import RsaSha1Signer
    from multimarkets_bridge.webhooks import NotificationReceiver, UnknownMessage
    from webhook_burst import fill_notification  # benchmarks/ is on sys.path

    secret, public = generate_key_pair(2048)
    signer = RsaSha1Signer.from_secret_key(secret)
    bodies = []
    for n in range(6000):
        body = fill_notification(n)
        bodies.append((body, {"signature": signer.sign(body, None), "trace": f"t-bench-{n}-1700000000"}))
    receiver = NotificationReceiver(platform_public_key=public, max_age_seconds=float("inf"))
    verifier_key = serialization.load_der_public_key(base64.b64decode(public))
    assert isinstance(verifier_key, rsa.RSAPublicKey)
    assert canonical_string(bodies[0][0], None) == _bare_canonical(json.loads(bodies[0][0]))
    sample = receiver.receive(bodies[0][1], bodies[0][0]).message  # the spec's model, every member known
    assert not isinstance(sample, UnknownMessage), sample
    assert not sample.additional_properties, sample
    position = {"sdk": 0, "base": 0}

    def sdk() -> None:
        n = position["sdk"] = (position["sdk"] + 1) % len(bodies)
        body, headers = bodies[n]
        receiver.process(headers, body, lambda notification: None)

    claimed: dict[str, str] = {}
    answers: dict[str, object] = {}

    def base() -> None:
        """The least any receiver of this scheme does (the burst figure's bare receiver, without its
        I/O): parse the body, build the string the platform signed, decode the signature header and
        verify, parse the message inside ``content``, claim its key (SET NX), build the answer."""
        n = position["base"] = (position["base"] + 1) % len(bodies)
        body, headers = bodies[n]
        document = json.loads(body)
        message = _bare_canonical(document).encode()
        signature = base64.b64decode(headers["signature"])  # the header is base64 on the wire
        verifier_key.verify(signature, message, padding.PKCS1v15(), hashes.SHA1())  # noqa: S303
        content = json.loads(document["content"])
        claimed.setdefault(content["tradeId"], "done")
        answers["last"] = {"code": "0", "msg": "Success", "trace": headers["trace"], "data": True}

    sdk_time, base_time, ratio = alternate(sdk, base, rounds, 200)
    return Figure(
        "webhook_floor_ratio",
        "notification receive (verify, typed decode, de-duplicate) vs verify + parse + claim + answer",
        ratio, "x", 2.0, sdk=micro(sdk_time), baseline=micro(base_time),
    )  # fmt: skip


def webhook_burst_figure(notifications: int, rounds: int) -> Figure:
    from webhook_burst import burst_rates, redis_server  # benchmarks/ is on sys.path

    with redis_server() as url:
        sdk_rate, bare_rate, ratio = burst_rates(url, notifications, rounds)
    return Figure(
        "webhook_burst_ratio",
        "notification burst into 2 replicas sharing Redis: SDK receivers vs bare ASGI receivers (SET NX)",
        ratio, "x", 0.9, higher_is_better=True,
        sdk=f"{sdk_rate:,.0f}/s", baseline=f"{bare_rate:,.0f}/s",
    )  # fmt: skip


def regen_figure() -> Figure:
    with tempfile.TemporaryDirectory() as folder:
        start = time.perf_counter()
        subprocess.run(
            [sys.executable, str(ROOT / "generator" / "generate.py"), "--output", str(Path(folder, "out"))],
            check=True, capture_output=True,
        )  # fmt: skip
        seconds = time.perf_counter() - start
    return Figure("regen_s", "regenerate the client from the spec", seconds, "s", 15, sdk=f"{seconds:.1f} s")


# --------------------------------------------------------------------------------------- report


def machine() -> dict[str, Any]:
    return {
        "python": platform.python_version(),
        "implementation": platform.python_implementation(),
        "system": f"{platform.system()} {platform.release()}",
        "cpus": os.cpu_count(),
        "processor": platform.processor() or platform.machine(),
    }


def table(figures: list[Figure]) -> str:
    head = ("figure", "SDK", "baseline", "value", "goal", "")
    rows = [(f.label, f.sdk, f.baseline, f.value_text(), f.goal_text(), f.verdict()) for f in figures]
    widths = [max(len(str(r[i])) for r in [head, *rows]) for i in range(len(head))]
    lines = ["  ".join(str(c).ljust(w) for c, w in zip(head, widths, strict=True))]
    lines.append("  ".join("-" * w for w in widths))
    lines += ["  ".join(str(c).ljust(w) for c, w in zip(r, widths, strict=True)) for r in rows]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer rounds (a smoke run)")
    parser.add_argument("--only", nargs="*", help="keys (or key prefixes) to measure")
    parser.add_argument(
        "--keep-venv", action="store_true", help="reuse build/bench-venv for the import figure"
    )
    parser.add_argument("--output", default=str(BUILD / "bench.json"))
    parser.add_argument("--page", action="store_true", help="rewrite docs/performance.md's table from it")
    args = parser.parse_args(argv)
    rounds = 5 if args.quick else 31
    steps: list[tuple[str, Callable[[], Figure | list[Figure]]]] = [
        ("unwrap_ratio", lambda: unwrap_figures(rounds)),
        ("call_overhead_ratio", lambda: call_overhead_figures(rounds)),
        ("sign_ratio", lambda: sign_figure(rounds)),
        ("import_ratio", lambda: import_figure(rounds, args.keep_venv)),
        ("pytest_startup_ratio", lambda: pytest_startup_figures(rounds, args.keep_venv)),
        ("fixture_ms", lambda: fixture_figure(20 if args.quick else 50)),
        ("sqlite_write_ms_10k", lambda: sqlite_figure(1_000 if args.quick else 10_000)),
        ("async_conc32_ratio", lambda: async_figures(200 if args.quick else 600)),
        ("sandbox_rps", lambda: sandbox_figure(2.0 if args.quick else 5.0)),
        ("webhook_floor_ratio", lambda: webhook_figure(rounds)),
        (
            "webhook_burst_ratio",
            lambda: webhook_burst_figure(1000 if args.quick else 8000, 3 if args.quick else 5),
        ),
        ("regen_s", regen_figure),
    ]
    figures: list[Figure] = []
    started = time.perf_counter()
    for key, step in steps:
        if args.only and not any(key.startswith(k) or k.startswith(key) for k in args.only):
            continue
        print(f"measuring {key} ...", file=sys.stderr, flush=True)
        found = step()
        figures.extend(found if isinstance(found, list) else [found])
    print(table(figures))
    report = {
        "machine": machine(),
        "quick": args.quick,
        "seconds": round(time.perf_counter() - started, 1),
        "date": time.strftime("%Y-%m-%d"),
        "figures": {
            f.key: asdict(f) | {"met": f.met, "value_text": f.value_text(), "goal_text": f.goal_text()}
            for f in figures
        },
        **{f.key: round(f.value, 4) for f in figures},
    }
    Path(args.output).parent.mkdir(parents=True, exist_ok=True)
    Path(args.output).write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
    print(f"\nwrote {args.output} ({report['seconds']} s)")
    if args.page:
        from performance_page import update  # benchmarks/ is on sys.path

        update(Path(args.output))
        print("docs/performance.md table rewritten (benchmarks/last-run.json keeps its source)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
