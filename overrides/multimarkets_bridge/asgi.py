"""The notification receiver as an ASGI application, for Starlette / FastAPI routes or uvicorn.

A route, not a mount: Starlette answers a request for a mount's bare path with a 307 redirect, and the
platform does not follow redirects, so a notification would be lost silently. [`starlette_routes`][]
serves one path with and without its trailing slash.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, Protocol

from pydantic_core import to_json

from .callback_replies import WebhookHandlerError, reply_envelope

if TYPE_CHECKING:
    from starlette.routing import Route

__all__ = ["NotificationApp", "starlette_routes"]

logger: logging.Logger = logging.getLogger("multimarkets_bridge")


Handler = Callable[[Any], Any]


class _Outcome(Protocol):
    status: int
    body: dict[str, Any]


class Receiver(Protocol):
    """What the adapter needs of
    [`NotificationReceiver`][multimarkets_bridge.webhooks.NotificationReceiver]."""

    max_body_bytes: int

    async def aprocess(self, headers: Mapping[str, str], body: bytes, handler: Handler) -> Any: ...


class NotificationApp:
    """ASGI app: POST a notification, get the receiver's answer (405 for other methods, 413 over
    ``max_body_bytes``, 500 without acknowledgement when the handler raised)."""

    def __init__(self, receiver: Receiver, handler: Handler) -> None:
        self.receiver = receiver
        self.handler = handler

    async def __call__(
        self, scope: dict[str, Any], receive: Callable[..., Any], send: Callable[..., Any]
    ) -> None:
        if scope["type"] == "lifespan":
            while True:
                message = await receive()
                if message["type"] == "lifespan.startup":
                    await send({"type": "lifespan.startup.complete"})
                elif message["type"] == "lifespan.shutdown":
                    await send({"type": "lifespan.shutdown.complete"})
                    return
        if scope["type"] != "http":
            return
        # names lower-cased once (ASGI servers send them so; the receiver's lookups are by these)
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", [])}
        trace = headers.get("trace", "")
        if scope.get("method") != "POST":
            await _send_json(send, 405, reply_envelope(trace, code="405", msg="use POST"))
            return
        body = await _read_body(receive, self.receiver.max_body_bytes)
        if body is None:
            await _send_json(send, 413, reply_envelope(trace, code="413", msg="body too large"))
            return
        try:
            outcome: _Outcome = await self.receiver.aprocess(headers, body, self.handler)
        except WebhookHandlerError:
            logger.exception("notification handler failed (trace %s)", trace)
            await _send_json(send, 500, reply_envelope(trace, code="500", msg="handler failed"))
            return
        await _send_json(send, outcome.status, outcome.body)


def starlette_routes(path: str, app: NotificationApp) -> list[Route]:
    """``[Route(path), Route(path + "/")]`` (POST) for Starlette / FastAPI: no redirect either way."""
    from starlette.routing import Route

    bare = "/" + path.strip("/")
    return [Route(bare, app, methods=["POST"]), Route(bare + "/", app, methods=["POST"])]


async def _read_body(receive: Callable[..., Any], limit: int) -> bytes | None:
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] != "http.request":
            return b"".join(chunks)
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > limit:
            return None
        chunks.append(chunk)
        if not message.get("more_body"):
            return b"".join(chunks)


async def _send_json(send: Callable[..., Any], status: int, payload: dict[str, Any]) -> None:
    body = to_json(payload)  # compact UTF-8 JSON, in one native call
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})
