"""Deterministic fault injection in front of the sandbox's operations (ASGI middleware).

A [`Fault`][] hits the next ``times`` requests of one operation (or of every operation), *before*
the sandbox processes the request (the platform never saw it) or *after* (the platform processed it
and the answer went wrong). Kinds:

============================  ==================================================================
``latency``                   wait ``seconds`` (before: then process; after: process, then wait)
``drop``                      close the connection mid-answer (the client sees a protocol error)
``html_5xx``                  HTTP 502 with an HTML body (a proxy's error page)
``truncated_json``            the JSON answer cut in half, HTTP 200
``non_json_200``              HTTP 200 with a plain-text body
``wrong_content_type``        the real answer labelled ``text/html``
``rate_limit_429``            HTTP 429 code 00012005 (``retry_after`` sets a Retry-After header)
``ban_418``                   HTTP 418 code 00012005, Retry-After ``retry_after`` (default: first ban)
``error_code``                HTTP 200 error envelope with ``code`` (e.g. G500, SYS_BUSY, a not-found)
============================  ==================================================================

``rate_limit_429`` and ``ban_418`` are gateway answers and always act *before* processing. Set faults
from Python (``sandbox.faults.add(Fault("drop", operation="place_order", phase="after"))``), from the
CLI (``--fault place_order:drop:after:1``) or through the ``bridge_sandbox_options`` fixture
(``{"faults": ["place_order:drop:after"]}``). ``sandbox.faults.requests`` logs every request seen.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

from multimarkets_bridge.envelope import build_envelope
from multimarkets_bridge_client.registry import PLATFORM
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .errors import Codes

__all__ = ["FAULT_KINDS", "Fault", "FaultInjector", "FaultPlan", "SeenRequest"]

FaultKind = Literal[
    "latency",
    "drop",
    "html_5xx",
    "truncated_json",
    "non_json_200",
    "wrong_content_type",
    "rate_limit_429",
    "ban_418",
    "error_code",
]
FAULT_KINDS: tuple[str, ...] = FaultKind.__args__  # type: ignore[attr-defined]
_GATEWAY_KINDS = ("rate_limit_429", "ban_418")


@dataclass
class Fault:
    """One fault rule. ``times=None`` hits every matching request until removed."""

    kind: FaultKind
    operation: str | None = None
    phase: Literal["before", "after"] = "after"
    times: int | None = 1
    seconds: float = 0.0
    retry_after: int | None = None
    code: str = "G500"

    def __post_init__(self) -> None:
        if self.kind not in FAULT_KINDS:
            raise ValueError(f"unknown fault kind {self.kind!r} (known: {', '.join(FAULT_KINDS)})")
        if self.phase not in ("before", "after"):
            raise ValueError("fault phase must be 'before' or 'after'")
        if self.kind in _GATEWAY_KINDS:
            self.phase = "before"

    @classmethod
    def parse(cls, text: str) -> Fault:
        """``OPERATION:KIND[:PHASE[:TIMES]]`` with ``*`` for every operation and ``always`` for TIMES;
        extra ``key=value`` parts set ``seconds``, ``retry_after`` or ``code``."""
        parts = text.split(":")
        if len(parts) < 2:
            raise ValueError(f"fault {text!r}: expected OPERATION:KIND[:PHASE[:TIMES]][:key=value...]")
        positional = [p for p in parts if "=" not in p]
        options = dict(p.split("=", 1) for p in parts if "=" in p)
        operation, kind = positional[0], positional[1]
        phase = positional[2] if len(positional) > 2 else "after"
        times_text = positional[3] if len(positional) > 3 else "1"
        return cls(
            kind=kind,  # type: ignore[arg-type]
            operation=None if operation in ("*", "") else operation,
            phase=phase,  # type: ignore[arg-type]
            times=None if times_text == "always" else int(times_text),
            seconds=float(options.get("seconds", 0.0)),
            retry_after=int(options["retry_after"]) if "retry_after" in options else None,
            code=options.get("code", "G500"),
        )


@dataclass(frozen=True)
class SeenRequest:
    """One request the sandbox received, and the fault it met (``None``: answered normally)."""

    operation_id: str | None
    trace: str
    fault: str | None
    phase: str | None


@dataclass
class FaultPlan:
    """The active faults, consumed in order; thread-safe."""

    faults: list[Fault] = field(default_factory=list)
    requests: list[SeenRequest] = field(default_factory=list)
    #: requests held by a ``latency`` fault and not yet processed and answered
    held: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def wait_until_released(self, timeout: float = 10.0) -> bool:
        """Block until no request is held by a ``latency`` fault (a held request may still land)."""
        deadline = time.monotonic() + timeout
        while self.held and time.monotonic() < deadline:
            time.sleep(0.01)
        return not self.held

    def add(self, *faults: Fault | str) -> None:
        with self._lock:
            self.faults.extend(Fault.parse(f) if isinstance(f, str) else f for f in faults)

    def clear(self) -> None:
        with self._lock:
            self.faults.clear()
            self.requests.clear()

    def take(self, operation_id: str | None, biz_type: str, trace: str) -> Fault | None:
        """The fault for this request (consuming one of its ``times``), logged with the request."""
        with self._lock:
            chosen = None
            for fault in self.faults:
                if fault.operation in (None, operation_id, biz_type):
                    chosen = fault
                    break
            if chosen is not None and chosen.times is not None:
                chosen.times -= 1
                if chosen.times <= 0:
                    self.faults.remove(chosen)
            self.requests.append(
                SeenRequest(
                    operation_id,
                    trace,
                    chosen.kind if chosen else None,
                    chosen.phase if chosen else None,
                )
            )
            return chosen

    def count(self, operation_id: str) -> int:
        with self._lock:
            return sum(1 for r in self.requests if r.operation_id == operation_id)


class FaultInjector:
    """ASGI middleware applying a [`FaultPlan`][] to ``/global/{bizType}`` requests."""

    def __init__(self, app: ASGIApp, plan: FaultPlan, operations: Mapping[str, str]) -> None:
        self.app = app
        self.plan = plan
        self._operations = operations  # bizType -> operation_id

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "") if scope["type"] == "http" else ""
        if "/global/" not in path:
            await self.app(scope, receive, send)
            return
        biz_type = path.rsplit("/global/", 1)[1]
        trace = next((v.decode("latin-1") for k, v in scope.get("headers", []) if k.lower() == b"trace"), "")
        fault = self.plan.take(self._operations.get(biz_type), biz_type, trace)
        if fault is None:
            await self.app(scope, receive, send)
            return
        if fault.phase == "before":
            if fault.kind == "latency":  # held: processed later, even after the client gave up
                self.plan.held += 1
                try:
                    body = await _drain(receive)  # read now: the client may be gone when it is processed
                    await asyncio.sleep(fault.seconds)
                    await self.app(scope, _replay(body), _tolerant(send))
                finally:
                    self.plan.held -= 1
                return
            await _drain(receive)
            await _answer(fault, send, _envelope_for(fault, trace), 200)
            return
        captured: list[Message] = []

        async def capture(message: Message) -> None:
            captured.append(message)

        await self.app(scope, receive, capture)
        status = next((m["status"] for m in captured if m["type"] == "http.response.start"), 200)
        body = b"".join(m.get("body", b"") for m in captured if m["type"] == "http.response.body")
        if fault.kind == "latency":
            await asyncio.sleep(fault.seconds)
            for message in captured:
                await send(message)
            return
        if fault.kind == "error_code":  # processed, then answered with an error (e.g. a G500)
            body = _envelope_for(fault, trace)
        await _answer(fault, send, body, status)


def _tolerant(send: Send) -> Send:
    """``send`` that ignores a client that has gone (the held request is processed all the same)."""

    async def deliver(message: Message) -> None:
        with contextlib.suppress(OSError):
            await send(message)

    return deliver


async def _drain(receive: Receive) -> bytes:
    """The request body (all of it; what arrived before a disconnect)."""
    chunks: list[bytes] = []
    while True:
        message = await receive()
        chunks.append(message.get("body", b"") if message["type"] == "http.request" else b"")
        if message["type"] != "http.request" or not message.get("more_body"):
            return b"".join(chunks)


def _replay(body: bytes) -> Receive:
    """``receive`` that gives ``body`` once, then reports the client gone."""
    sent = False

    async def receive() -> Message:
        nonlocal sent
        if sent:
            return {"type": "http.disconnect"}
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    return receive


def _envelope_for(fault: Fault, trace: str) -> bytes:
    ok = fault.kind not in ("error_code", *_GATEWAY_KINDS)
    code = fault.code if fault.kind == "error_code" else Codes.TOO_FREQUENT if not ok else "0"
    return json.dumps(
        build_envelope(trace, code=code, msg=f"injected {fault.kind}", data="injected")
    ).encode()


async def _answer(fault: Fault, send: Send, body: bytes, status: int) -> None:
    """Send the answer ``fault`` turns ``body`` (the real or a made-up envelope) into."""
    content_type = b"application/json"
    extra: list[tuple[bytes, bytes]] = []
    if fault.kind == "drop":
        await send(
            {
                "type": "http.response.start",
                "status": 200,
                "headers": [(b"content-type", content_type), (b"content-length", b"%d" % (len(body) + 10))],
            }
        )
        await send({"type": "http.response.body", "body": body[: len(body) // 2], "more_body": True})
        return  # the server closes the connection: the answer never completes
    if fault.kind == "html_5xx":
        status, content_type = 502, b"text/html"
        body = b"<html><head><title>502 Bad Gateway</title></head><body>bad gateway</body></html>"
    elif fault.kind == "truncated_json":
        body = body[: max(1, len(body) // 2)]
    elif fault.kind == "non_json_200":
        status, content_type, body = 200, b"text/plain", b"OK"
    elif fault.kind == "wrong_content_type":
        content_type = b"text/html"
    elif fault.kind == "rate_limit_429":
        status = 429
        if fault.retry_after is not None:
            extra.append((b"retry-after", str(fault.retry_after).encode()))
    elif fault.kind == "ban_418":
        status = 418
        ban = fault.retry_after or int(PLATFORM.first_ban_seconds)
        extra.append((b"retry-after", str(ban).encode()))
    elif fault.kind == "error_code":
        status = 200
    headers = [(b"content-type", content_type), (b"content-length", b"%d" % len(body)), *extra]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})
