"""Speed and memory of the SDK's own work, as ratios against baselines measured in the same run.

Each row times the SDK path and a baseline doing the irreducible part of the same job, then prints
``sdk / baseline``. Numbers are medians of repeated rounds; absolute times are printed for context only.
Run with ``nox -s bench`` (``-- --quick`` for fewer rounds).
"""

from __future__ import annotations

import argparse
import base64
import json
import statistics
import sys
import time
import tracemalloc
from collections.abc import Callable
from typing import Any

import httpx
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from multimarkets_bridge import OPERATIONS, BridgeClient, canonical_string, generate_key_pair
from multimarkets_bridge.envelope import decode_envelope, unwrap
from multimarkets_bridge.signing import RsaSha1Signer

ORDER_BODY = {
    "tradeType": 10,
    "customerNo": "86000001",
    "customerGroupId": 1,
    "exchangeId": "binance",
    "accountName": "main-spot",
    "symbolId": 1,
    "bizType": 2,
    "direction": 1,
    "price": "60000.10",
    "num": "0.001",
    "timeInForce": "GTC",
    "clientOrderId": "abc123",
    "remark": "下单",
}


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


def median_seconds(fn: Callable[[], object], rounds: int, inner: int) -> float:
    samples = []
    for _ in range(rounds):
        start = time.perf_counter()
        for _ in range(inner):
            fn()
        samples.append((time.perf_counter() - start) / inner)
    return statistics.median(samples)


def peak_bytes(fn: Callable[[], object]) -> int:
    tracemalloc.start()
    result = fn()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    del result
    return peak


def row(name: str, sdk: float, base: float, unit: str = "s") -> None:
    scale, label = (1e6, "µs") if unit == "s" else (1 / 1024, "KiB")
    sdk_text, base_text = f"{sdk * scale:>10.1f} {label}", f"{base * scale:>10.1f} {label}"
    print(f"{name:<44} {sdk_text}  vs {base_text}   ratio {sdk / base:6.2f}x")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args(argv)
    rounds, inner = (5, 50) if args.quick else (15, 200)

    secret, _ = generate_key_pair(2048)
    signer = RsaSha1Signer.from_secret_key(secret)
    key = serialization.load_der_private_key(base64.b64decode(secret), password=None)
    assert isinstance(key, rsa.RSAPrivateKey)
    body = json.dumps(ORDER_BODY, ensure_ascii=False, separators=(",", ":")).encode()
    message = canonical_string(body, 1700000000000).encode()

    print(f"python {sys.version.split()[0]}, {rounds} rounds; ratio = SDK / baseline (lower is better)\n")
    print("speed")
    row(
        "canonical string vs json.dumps(sort_keys)",
        median_seconds(lambda: canonical_string(body, 1700000000000), rounds, inner * 5),
        median_seconds(
            lambda: json.dumps(json.loads(body), sort_keys=True, separators=(",", ":")), rounds, inner * 5
        ),
    )
    row(
        "sign (canonicalise + RSA-2048) vs bare RSA sign",
        median_seconds(lambda: signer.sign(body, 1700000000000), rounds, inner),
        median_seconds(lambda: key.sign(message, padding.PKCS1v15(), hashes.SHA1()), rounds, inner),  # noqa: S303
    )

    operation = OPERATIONS["list_customers"]
    for records in (20, 500):
        content = json.dumps(page(records)).encode()

        def sdk_unwrap(content: bytes = content) -> object:
            envelope = decode_envelope(200, content, {}, operation, "t")
            return unwrap(operation, envelope, http_status=200)

        def baseline(content: bytes = content) -> object:
            return json.loads(content)

        repeat = max(1, inner // (records // 20))
        row(
            f"unwrap {records}-record page vs json.loads",
            median_seconds(sdk_unwrap, rounds, repeat),
            median_seconds(baseline, rounds, repeat),
        )

    content = json.dumps(page(20)).encode()
    transport = httpx.MockTransport(lambda request: httpx.Response(200, content=content))
    client = BridgeClient(
        api_key="bench-api-key-000000",
        secret_key=secret,
        company_id=360,
        base_url="http://bench/webhook",
        transport=transport,
        rate_limit_per_minute=None,
    )
    raw = httpx.Client(base_url="http://bench/webhook", transport=transport)
    row(
        "client.list_customers vs bare httpx post+json",
        median_seconds(lambda: client.list_customers(current="1", size="20"), rounds, inner // 2),
        median_seconds(
            lambda: raw.post(operation.path, content=b'{"current":"1","size":"20"}').json(),
            rounds,
            inner // 2,
        ),
    )

    print("\nmemory (peak while parsing)")
    big = json.dumps(page(2000)).encode()
    row(
        "unwrap 2000-record page vs json.loads",
        peak_bytes(lambda: unwrap(operation, decode_envelope(200, big, {}, operation, "t"), http_status=200)),
        peak_bytes(lambda: json.loads(big)),
        unit="B",
    )
    client.close()
    raw.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
