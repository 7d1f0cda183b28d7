"""A burst of signed notifications into two receiver replicas sharing Redis, against a bare ASGI
receiver doing the necessary work (read, verify the signature, parse body and content, claim the key
with one SET NX, answer), under the same sender in the same run.

Each receiver is a real uvicorn process (two per side, as two replicas behind a balancer); the sender
posts over keep-alive connections to both, alternating; the figure is notifications per second, and
the ratio SDK / bare is measured in rounds that alternate the two sides.
"""

from __future__ import annotations

import asyncio
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

RECEIVER = textwrap.dedent(
    """
    import asyncio, base64, json, sys
    import uvicorn

    mode, port, url, public, prefix = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4], sys.argv[5]

    if mode == "sdk":
        from multimarkets_bridge.webhooks import NotificationReceiver, RedisSeenStore

        async def handle(notification):
            pass  # no application work on either side (a plain def would add a worker-thread hop)

        receiver = NotificationReceiver(
            platform_public_key=public, store=RedisSeenStore.from_url(url, prefix=prefix),
            max_age_seconds=float("inf"),
        )
        app = receiver.asgi_app(handle)
    else:
        import redis.asyncio
        from cryptography.hazmat.primitives import hashes, serialization
        from cryptography.hazmat.primitives.asymmetric import padding

        key = serialization.load_der_public_key(base64.b64decode(public))
        store = redis.asyncio.Redis.from_url(url)

        def canonical(document):
            text = json.dumps(document, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
            return text.replace('"', "")

        async def app(scope, receive, send):
            if scope["type"] != "http":
                return
            body = b""
            while True:
                message = await receive()
                body += message.get("body", b"")
                if not message.get("more_body"):
                    break
            headers = dict(scope["headers"])
            document = json.loads(body)
            key.verify(base64.b64decode(headers[b"signature"]), canonical(document).encode(),
                       padding.PKCS1v15(), hashes.SHA1())
            content = json.loads(document["content"])
            claimed = await store.set(f"{prefix}:{content['tradeId']}", "done", nx=True, px=86_400_000)
            trace = headers.get(b"trace", b"").decode()
            answer = json.dumps({"code": "0", "msg": "Success", "trace": trace, "data": None}).encode()
            await send({"type": "http.response.start", "status": 200,
                        "headers": [(b"content-type", b"application/json"),
                                    (b"content-length", str(len(answer)).encode())]})
            await send({"type": "http.response.body", "body": answer})

    uvicorn.run(app, host="127.0.0.1", port=port, log_level="warning", access_log=False)
    """
)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _wait_for_port(port: int, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError("a receiver exited at start-up")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"no receiver on port {port}")


@contextmanager
def _replicas(mode: str, url: str, public: str, script: Path, prefix: str) -> Iterator[list[int]]:
    ports = [_free_port(), _free_port()]
    processes = [
        subprocess.Popen([sys.executable, str(script), mode, str(port), url, public, prefix])
        for port in ports
    ]
    try:
        for port, process in zip(ports, processes, strict=True):
            _wait_for_port(port, process)
        yield ports
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            process.wait(10)


#: A fill as the vendor's page lists ORDER_EXEC_REPORT's members (values made up); ``tradeId`` varies.
FILL_REPORT = {
    "type": "ORDER_EXEC_REPORT", "exchangeId": "binance", "tradeType": 10, "companyId": 360,
    "customerId": 1001, "customerNo": "86000001", "accountName": "main", "orderId": "7000000001",
    "clientOrderId": "c1", "executeNum": "0.001", "executePrice": "60000", "executeTime": 1700000000000,
    "symbolId": 1, "commission": "-0.06", "commissionCurrency": "USDT", "status": "3",
}  # fmt: skip


def fill_notification(n: int) -> bytes:
    """The body of the ``n``-th fill notification (its content is JSON text inside the JSON)."""
    content = json.dumps({**FILL_REPORT, "tradeId": str(900_000_000 + n)})
    return json.dumps({"msgType": "trade", "content": content}, separators=(",", ":")).encode()


def _bodies(count: int, secret: str, offset: int) -> list[tuple[bytes, dict[str, str]]]:
    from multimarkets_bridge.signing import RsaSha1Signer

    signer = RsaSha1Signer.from_secret_key(secret)
    out = []
    for n in range(offset, offset + count):
        body = fill_notification(n)
        headers = {
            "content-type": "application/json", "companyId": "360", "apiKey": "bench-key", "version": "0.0.1",
            "trace": f"t-burst-{n}-1700000000", "signature": signer.sign(body, None),
        }  # fmt: skip
        out.append((body, headers))
    return out


def _request(port: int, body: bytes, headers: dict[str, str]) -> bytes:
    lines = ["POST / HTTP/1.1", f"host: 127.0.0.1:{port}", f"content-length: {len(body)}"]
    lines += [f"{name}: {value}" for name, value in headers.items()]
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body


async def _send_all(ports: list[int], bodies: list[tuple[bytes, dict[str, str]]], concurrency: int) -> float:
    """Post every body with ``concurrency`` keep-alive connections (half to each replica), one request
    in flight on each; notifications per second. The sender is raw HTTP/1.1 over asyncio streams with
    the requests built in advance, so that it costs far less than the receivers it measures. The first
    ``2 * concurrency`` bodies warm the connections and the receivers and are not counted."""
    queues: list[asyncio.Queue[bytes]] = [asyncio.Queue(), asyncio.Queue()]

    async def worker(replica: int) -> None:
        reader, writer = await asyncio.open_connection("127.0.0.1", ports[replica])
        queue = queues[replica]
        try:
            while not queue.empty():
                writer.write(queue.get_nowait())
                head = await reader.readuntil(b"\r\n\r\n")
                status = int(head.split(b" ", 2)[1])
                length = next(
                    int(line.split(b":", 1)[1])
                    for line in head.split(b"\r\n")
                    if line.lower().startswith(b"content-length:")
                )
                answer = await reader.readexactly(length)
                if status != 200:
                    raise RuntimeError(f"receiver answered {status}: {answer[:200]!r}")
        finally:
            writer.close()

    async def run(batch: list[tuple[bytes, dict[str, str]]]) -> None:
        for n, (body, headers) in enumerate(batch):
            queues[n % 2].put_nowait(_request(ports[n % 2], body, headers))
        await asyncio.gather(*(worker(n % 2) for n in range(concurrency)))

    warm = 2 * concurrency
    await run(bodies[:warm])
    started = time.perf_counter()
    await run(bodies[warm:])
    return (len(bodies) - warm) / (time.perf_counter() - started)


def burst_rates(
    redis_url: str, notifications: int, rounds: int, concurrency: int = 32
) -> tuple[float, float, float]:
    """Median notifications per second of the SDK's receivers and the bare ones, and the median of
    the per-round ratios (rounds alternate the two)."""
    from multimarkets_bridge import generate_key_pair

    secret, public = generate_key_pair(2048)
    sdk_rates: list[float] = []
    bare_rates: list[float] = []
    with tempfile.TemporaryDirectory() as folder:
        script = Path(folder, "receiver.py")
        script.write_text(RECEIVER, encoding="utf-8")
        for round_ in range(rounds):
            for mode, sink in (("sdk", sdk_rates), ("bare", bare_rates)):
                prefix = f"burst-{mode}-{round_}-{os.getpid()}"
                bodies = _bodies(notifications, secret, offset=round_ * notifications)
                with _replicas(mode, redis_url, public, script, prefix) as ports:
                    sink.append(asyncio.run(_send_all(ports, bodies, concurrency)))
    ratios = [a / b for a, b in zip(sdk_rates, bare_rates, strict=True)]
    return statistics.median(sdk_rates), statistics.median(bare_rates), statistics.median(ratios)


@contextmanager
def redis_server() -> Iterator[str]:
    """``REDIS_URL``, else a Redis-protocol server started for the run (tests/redis_server.py)."""
    if os.environ.get("REDIS_URL"):
        yield os.environ["REDIS_URL"]
        return
    sys.path.insert(0, str(ROOT / "tests"))
    from redis_server import start_server  # type: ignore[import-not-found]

    with tempfile.TemporaryDirectory() as folder, start_server(Path(folder)) as url:
        yield url
