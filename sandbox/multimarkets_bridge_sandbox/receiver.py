"""A local webhook receiver on loopback, built on the SDK's ``NotificationReceiver``.

Used by the demo, the end-to-end tests and the pytest plugin to see what the sandbox pushes.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Mapping
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType

from multimarkets_bridge.webhooks import NotificationReceiver, ReceivedNotification

__all__ = ["LocalWebhookReceiver"]


class LocalWebhookReceiver:
    """HTTP server on 127.0.0.1 that verifies, parses and acknowledges Bridge notifications.

    ``fail_first`` makes it answer HTTP 503 to that many deliveries first (to exercise retries).
    """

    def __init__(
        self, *, platform_public_key: str | None, fail_first: int = 0, host: str = "127.0.0.1"
    ) -> None:
        self.receiver = NotificationReceiver(platform_public_key=platform_public_key, allow_unsigned=True)
        self.received: list[ReceivedNotification] = []
        self.rejected: list[str] = []
        self.attempts = 0
        self._fail_first = fail_first
        self._generation = 0
        self._lock = threading.Lock()
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                status, reply = outer._handle(dict(self.headers.items()), body, self.path)
                payload = json.dumps(reply).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def log_message(self, format: str, *args: object) -> None:
                return

        self._server = ThreadingHTTPServer((host, 0), Handler)
        self._thread = threading.Thread(
            target=self._server.serve_forever, name="webhook-receiver", daemon=True
        )

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        suffix = f"/{self._generation}" if self._generation else ""
        return f"http://{host!s}:{port}/hooks/bridge{suffix}"

    def _handle(
        self, headers: dict[str, str], body: bytes, path: str = ""
    ) -> tuple[int, Mapping[str, object]]:
        with self._lock:
            if path and not self.url.endswith(path):
                return 404, {"code": "404", "msg": "this receiver was reset; the URL is gone"}
            self.attempts += 1
            if self._fail_first > 0:
                self._fail_first -= 1
                return 503, {"code": "503", "msg": "receiver busy"}
        outcome = self.receiver.process(headers, body, self._record)
        if outcome.notification is None:
            with self._lock:
                self.rejected.append(str(outcome.body.get("msg")))
        return outcome.status, outcome.body

    def _record(self, notification: ReceivedNotification) -> None:
        with self._lock:
            self.received.append(notification)

    def wait_for(self, count: int, timeout: float = 10.0) -> list[ReceivedNotification]:
        """Wait until at least ``count`` notifications arrived; return them all."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self._lock:
                if len(self.received) >= count:
                    return list(self.received)
            time.sleep(0.01)
        with self._lock:
            return list(self.received)

    def reset(self, platform_public_key: str | None) -> None:
        """Forget every notification and verify with ``platform_public_key`` from now on; the URL
        changes, so deliveries meant for the previous user are refused, never recorded."""
        with self._lock:
            self._generation += 1
            self.receiver = NotificationReceiver(platform_public_key=platform_public_key, allow_unsigned=True)
            self.received = []
            self.rejected = []
            self.attempts = 0

    def start(self) -> LocalWebhookReceiver:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)

    def __enter__(self) -> LocalWebhookReceiver:
        return self.start()

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()
