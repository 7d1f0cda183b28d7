"""A load generator that is not the bottleneck: processes replaying pre-signed keep-alive requests.

Each worker process opens ``connections`` sockets to the server and keeps one request in flight on
each (``selectors``), replaying bytes signed once at start-up (``recvWindow`` 60 s), so a request costs
the generator a ``send`` and a ``recv``, not an HTTP client's work.
"""

from __future__ import annotations

import multiprocessing
import selectors
import socket
import time
from typing import cast
from urllib.parse import urlsplit


def signed_request(base_url: str, biz_type: str, body: bytes, headers: dict[str, str]) -> bytes:
    """The raw HTTP/1.1 request bytes (keep-alive)."""
    url = urlsplit(base_url)
    lines = [f"POST {url.path}/global/{biz_type} HTTP/1.1", f"Host: {url.netloc}"]
    lines += [f"{name}: {value}" for name, value in headers.items()]
    lines += ["Content-Type: application/json", f"Content-Length: {len(body)}", "Connection: keep-alive"]
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + body


def _complete(buffer: bytes) -> int:
    """Length of the first complete response in ``buffer`` (0 when incomplete)."""
    head_end = buffer.find(b"\r\n\r\n")
    if head_end < 0:
        return 0
    head = buffer[:head_end].lower()
    start = head.find(b"content-length:")
    if start < 0:
        raise RuntimeError("response without content-length")
    end = head.find(b"\r\n", start)
    length = int(head[start + 15 : end if end > 0 else None])
    total = head_end + 4 + length
    return total if len(buffer) >= total else 0


def _worker(host: str, port: int, request: bytes, connections: int, seconds: float, out: object) -> None:
    selector = selectors.DefaultSelector()
    buffers: dict[socket.socket, bytes] = {}
    for _ in range(connections):
        sock = socket.create_connection((host, port))
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        sock.sendall(request)
        buffers[sock] = b""
        selector.register(sock, selectors.EVENT_READ)
    done = 0
    errors = 0
    deadline = time.perf_counter() + seconds
    while time.perf_counter() < deadline:
        for key, _ in selector.select(timeout=0.5):
            sock = cast(socket.socket, key.fileobj)
            chunk = sock.recv(65536)
            if not chunk:
                raise RuntimeError("the server closed a keep-alive connection")
            buffer = buffers[sock] + chunk
            size = _complete(buffer)
            while size:
                done += 1
                errors += not buffer.startswith(b"HTTP/1.1 200")
                buffer = buffer[size:]
                sock.sendall(request)
                size = _complete(buffer)
            buffers[sock] = buffer
    for sock in buffers:
        sock.close()
    out.put((done, errors))  # type: ignore[attr-defined]


def run(
    base_url: str, request: bytes, *, processes: int, connections: int, seconds: float
) -> tuple[float, int]:
    """``(responses per second, non-200 answers)`` over ``seconds``."""
    url = urlsplit(base_url)
    context = multiprocessing.get_context("spawn")
    queue = context.Queue()
    workers = [
        context.Process(
            target=_worker, args=(url.hostname, url.port, request, connections, seconds, queue), daemon=True
        )
        for _ in range(processes)
    ]
    for worker in workers:
        worker.start()
    results = [queue.get(timeout=seconds + 60) for _ in workers]
    for worker in workers:
        worker.join(timeout=10)
    return sum(done for done, _ in results) / seconds, sum(errors for _, errors in results)
