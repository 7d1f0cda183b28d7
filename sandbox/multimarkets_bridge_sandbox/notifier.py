"""Pushes order notifications to the subscribed webhook URL, signed, with retries and backoff.

Each message is ``{"msgType": "trade", "content": "<JSON text of the report with a 'type' key>"}``
(project convention; the vendor does not publish the inner format). The sandbox signs the body with its
own platform key using the request-signing scheme without a timestamp, and sends ``companyId``,
``trace``, ``apiKey``, ``signature``, ``version``, ``lang`` - the headers the vendor page lists. A
delivery counts as acknowledged on HTTP 200 with an envelope whose code is "0"; otherwise it is retried
at the times the spec states (``x-redelivery-ms`` of the notification webhook: 0.5, 1.5, 3.5, 7.5 and
15.5 s after the first attempt), so a receiver that crashed mid-handler gets a redelivery after its
claim's lease (5 s by default in the SDK, refused when not under the last time) has run out; given
``base_delay``/``max_attempts``, exponential backoff (``base_delay * 2**n``) instead. The vendor
publishes no schedule; this is the sandbox's.
A subscriber whose URL or connection fails never affects another: each subscriber URL has its own queue
and worker, so one that fails (and waits out its retries) delays only its own deliveries.
"""

from __future__ import annotations

import functools
import itertools
import json
import logging
import queue
import ssl
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import httpx
from multimarkets_bridge.auth import new_trace
from multimarkets_bridge.signing import RsaSha1Signer
from multimarkets_bridge.spec_data import notification_redelivery_ms

__all__ = ["Delivery", "Notifier"]

logger = logging.getLogger("multimarkets_bridge_sandbox.notifier")


@dataclass
class Delivery:
    """One notification and what happened to it."""

    url: str
    api_key: str = field(repr=False)
    company_id: int
    message_type: str
    report: dict[str, Any]
    trace: str = field(default_factory=new_trace)
    attempts: int = 0
    acknowledged: bool = False
    last_error: str | None = None
    headers: dict[str, str] = field(default_factory=dict, repr=False)
    """The signed headers it was sent with (empty until the first attempt)."""

    def replay(self) -> dict[str, Any]:
        """The delivery as keyword arguments of a POST (``content`` and ``headers``), to send it again
        to your own app: ``test_client.post("/hooks/bridge", **delivery.replay())``."""
        if not self.headers:
            raise RuntimeError("this delivery has not been sent yet (sandbox.notifier.wait_idle())")
        return {"content": self.body(), "headers": dict(self.headers)}

    def body(self) -> bytes:
        content = json.dumps(
            {"type": self.message_type, **self.report}, ensure_ascii=False, separators=(",", ":")
        )
        return json.dumps({"msgType": "trade", "content": content}, ensure_ascii=False).encode("utf-8")


@functools.cache
def _tls_context() -> ssl.SSLContext:
    return httpx.create_ssl_context()


class Notifier:
    """Background sender (one worker thread). ``deliveries`` keeps every message in send order."""

    def __init__(
        self,
        signer: RsaSha1Signer,
        *,
        max_attempts: int | None = None,
        base_delay: float | None = None,
        timeout: float = 3.0,
        sleep: Callable[[float], None] = time.sleep,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self._signer = signer
        schedule = notification_redelivery_ms()
        if max_attempts is None and base_delay is None:  # the spec's schedule
            at = [0, *schedule]
            self.gaps = tuple((later - earlier) / 1000 for earlier, later in itertools.pairwise(at))
        else:
            delay = base_delay if base_delay is not None else schedule[0] / 1000
            self.gaps = tuple(delay * 2**n for n in range((max_attempts or len(schedule) + 1) - 1))
        self.max_attempts = len(self.gaps) + 1
        self._sleep = sleep
        # one TLS context per process: building one loads the CA bundle (tens of ms per sandbox)
        self._client = httpx.Client(timeout=timeout, transport=transport, verify=_tls_context())
        # one queue and one worker per subscriber URL: a subscriber whose deliveries fail and wait for
        # their retries delays only its own (deliveries to one URL stay in order)
        self._queues: dict[str, queue.Queue[Delivery | None]] = {}
        self._workers: dict[str, threading.Thread] = {}
        self.deliveries: list[Delivery] = []
        self._lock = threading.Lock()

    def enqueue(self, delivery: Delivery) -> None:
        with self._lock:
            self.deliveries.append(delivery)
            line = self._queues.setdefault(delivery.url, queue.Queue())
            worker = self._workers.get(delivery.url)
            if worker is None or not worker.is_alive():
                worker = threading.Thread(
                    target=self._run, args=(line,), name="sandbox-notifier", daemon=True
                )
                self._workers[delivery.url] = worker
                worker.start()
        line.put(delivery)

    def wait_idle(self, timeout: float = 10.0) -> bool:
        """Block until every queued delivery is finished (acknowledged or out of attempts)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self._lock:
                pending = sum(line.unfinished_tasks for line in self._queues.values())
            if pending == 0:
                return True
            time.sleep(0.01)
        return False

    def close(self) -> None:
        with self._lock:
            running = [(self._queues[url], w) for url, w in self._workers.items() if w.is_alive()]
        for line, _ in running:
            line.put(None)
        for _, worker in running:
            worker.join(timeout=5)
        self._client.close()

    def _run(self, line: queue.Queue[Delivery | None]) -> None:
        while True:
            delivery = line.get()
            try:
                if delivery is None:
                    return
                self._deliver_safely(delivery)
            finally:
                line.task_done()

    def _deliver_safely(self, delivery: Delivery) -> None:
        try:
            self._deliver(delivery)
        except Exception as exc:  # never let one subscriber stop the worker
            delivery.last_error = f"not delivered: {type(exc).__name__}"
            logger.warning("delivery %s failed: %s", delivery.trace, delivery.last_error)

    def _deliver(self, delivery: Delivery) -> None:
        body = delivery.body()
        headers = {
            "Content-Type": "application/json",
            "companyId": str(delivery.company_id),
            "trace": delivery.trace,
            "apiKey": delivery.api_key,
            "signature": self._signer.sign(body, None),
            "version": "0.0.1",
            "lang": "zh-CN",
        }
        delivery.headers = headers
        while delivery.attempts < self.max_attempts:
            delivery.attempts += 1
            try:
                response = self._client.post(delivery.url, content=body, headers=headers)
                reply = response.json() if response.status_code == 200 else None
                if isinstance(reply, dict) and reply.get("code") == "0":
                    delivery.acknowledged = True
                    return
                delivery.last_error = f"HTTP {response.status_code}, not acknowledged"
            except Exception as exc:  # a bad URL (httpx.InvalidURL), a refused connection, a bad body
                delivery.last_error = type(exc).__name__
            logger.info(
                "delivery %s attempt %d failed: %s", delivery.trace, delivery.attempts, delivery.last_error
            )
            if delivery.attempts < self.max_attempts:
                self._sleep(self.gaps[delivery.attempts - 1])
