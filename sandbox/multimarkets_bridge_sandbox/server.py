"""Run a [`Sandbox`][.app.Sandbox] with uvicorn on a loopback port, in a background thread."""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from collections.abc import Iterator
from types import TracebackType
from typing import Any

import uvicorn

from .app import Sandbox

__all__ = ["SandboxServer", "free_port", "local_client_settings"]


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket() as sock:
        sock.bind((host, 0))
        return int(sock.getsockname()[1])


class SandboxServer:
    """``with SandboxServer(sandbox) as server: ... server.base_url`` - real sockets on 127.0.0.1."""

    def __init__(self, sandbox: Sandbox, host: str = "127.0.0.1", port: int | None = None) -> None:
        self.sandbox = sandbox
        self.host = host
        self.port = port or free_port(host)
        config = uvicorn.Config(
            self._dispatch, host=host, port=self.port, log_level="warning", lifespan="off", interface="asgi3"
        )
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(target=self._server.run, name="sandbox-server", daemon=True)

    async def _dispatch(self, scope: Any, receive: Any, send: Any) -> None:
        await self.sandbox.app(scope, receive, send)

    def serve(self, sandbox: Sandbox) -> None:
        """Answer with ``sandbox`` from now on (same port; the pytest fixture swaps one per test)."""
        self.sandbox = sandbox

    @property
    def base_url(self) -> str:
        """What a client uses as ``base_url`` (the ``/webhook`` prefix of the real gateway)."""
        return f"http://{self.host}:{self.port}/webhook"

    def start(self, timeout: float = 10.0) -> SandboxServer:
        self._thread.start()
        deadline = time.monotonic() + timeout
        while not self._server.started:
            if time.monotonic() > deadline or not self._thread.is_alive():
                raise RuntimeError(f"sandbox server did not start on {self.host}:{self.port}")
            time.sleep(0.01)
        return self

    def stop(self) -> None:
        self._server.should_exit = True
        self._thread.join(timeout=10)

    def __enter__(self) -> SandboxServer:
        return self.start()

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()


@contextlib.contextmanager
def local_client_settings() -> Iterator[dict[str, Any]]:
    """A fresh sandbox on a free loopback port and the client settings to call it (entry point
    ``multimarkets_bridge.sandbox: local``, used by ``multimarkets-bridge --sandbox``)."""
    sandbox = Sandbox()
    credentials = sandbox.issue_key(company_id=360)
    try:
        with SandboxServer(sandbox) as server:
            yield {
                "base_url": server.base_url,
                "api_key": credentials.api_key,
                "secret_key": credentials.secret_key,
                "company_id": credentials.company_id,
            }
    finally:
        sandbox.close()
