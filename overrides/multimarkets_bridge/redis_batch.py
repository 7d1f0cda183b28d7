"""Seen-store commands of concurrent notifications, sent to Redis as one pipeline per event-loop turn.

Under a burst, an ASGI receiver has many notifications in flight; each needs a claim before its handler
and a done-mark after. Sent one by one, every command pays the Redis client's full per-command cost and
a round trip; gathered while the event loop turns and sent as one pipeline (no transaction: each
command stands alone, exactly as if sent alone), they share one write and one read. A failed pipeline
fails every command in it (the receiver answers those deliveries 503 and they are redelivered).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

__all__ = ["CommandBatcher"]

Command = Callable[[Any], None]  # queues its command(s) on a pipeline


class CommandBatcher:
    """Pipelines the commands queued during one event-loop turn (one batcher per loop)."""

    def __init__(self, client: Any) -> None:
        self._client = client  # a redis.asyncio.Redis on this loop
        self._pending: list[tuple[Command, int, asyncio.Future[list[Any]]]] = []
        self._sending: set[asyncio.Task[None]] = set()  # a task is kept until it ends

    async def run(self, command: Command, replies: int) -> list[Any]:
        """Queue ``command`` (which adds ``replies`` commands to a pipeline) and await its replies."""
        loop = asyncio.get_running_loop()
        future: asyncio.Future[list[Any]] = loop.create_future()
        if not self._pending:
            loop.call_soon(self._flush)
        self._pending.append((command, replies, future))
        return await future

    def _flush(self) -> None:
        batch, self._pending = self._pending, []
        task = asyncio.ensure_future(self._send(batch))
        self._sending.add(task)
        task.add_done_callback(self._sending.discard)

    async def _send(self, batch: list[tuple[Command, int, asyncio.Future[list[Any]]]]) -> None:
        try:
            async with self._client.pipeline(transaction=False) as pipe:
                for command, _, _ in batch:
                    command(pipe)
                results = await pipe.execute()
        except Exception as exc:  # the store failed: every command of the batch failed with it
            for _, _, future in batch:
                if not future.done():
                    future.set_exception(exc)
            return
        start = 0
        for _, replies, future in batch:
            if not future.done():
                future.set_result(results[start : start + replies])
            start += replies
