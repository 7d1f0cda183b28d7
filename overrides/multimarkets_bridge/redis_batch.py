"""Seen-store commands of concurrent notifications, sent to Redis as one pipeline per event-loop turn.

Under a burst, an ASGI receiver has many notifications in flight; each needs a claim before its handler
and a done-mark after. Sent one by one, every command pays the Redis client's full per-command cost and
a round trip; gathered while the event loop turns and written at once (no transaction: each command
stands alone, exactly as if sent alone), they share one write and one read. The batcher packs and reads
the commands on connections of its own through redis-py's connection interface (``pack_commands``,
``send_packed_command``, ``read_response``), skipping the client's per-command and pool book-keeping;
the connections have the client's address, timeouts and parser (hiredis where installed). A failed
batch fails every command in it and its connection is closed (the receiver answers those deliveries
503 and they are redelivered).
"""

from __future__ import annotations

import asyncio
import contextlib
from typing import Any

__all__ = ["Command", "CommandBatcher"]

Command = tuple[str | bytes | int, ...]
"""One Redis command as its arguments: ``("SET", key, value, "NX", "PX", 5000)``."""

#: connections kept open between batches; more are opened while more batches are in flight at once
_IDLE_CONNECTIONS = 4


class CommandBatcher:
    """Pipelines the commands queued during one event-loop turn (one batcher per loop)."""

    def __init__(self, client: Any) -> None:
        self._pool = client.connection_pool  # a redis.asyncio.Redis on this loop: its connection settings
        self._idle: list[Any] = []
        self._pending: list[tuple[tuple[Command, ...], asyncio.Future[list[Any]]]] = []
        self._sending: set[asyncio.Task[None]] = set()  # a task is kept until it ends

    async def run(self, *commands: Command) -> list[Any]:
        """Queue ``commands`` and await their replies as Redis sent them (``b"OK"``, ``None``, bytes)."""
        loop = asyncio.get_running_loop()
        future: asyncio.Future[list[Any]] = loop.create_future()
        if not self._pending:
            loop.call_soon(self._flush)
        self._pending.append((commands, future))
        return await future

    def _flush(self) -> None:
        batch, self._pending = self._pending, []
        task = asyncio.ensure_future(self._send(batch))
        self._sending.add(task)
        task.add_done_callback(self._sending.discard)

    async def _send(self, batch: list[tuple[tuple[Command, ...], asyncio.Future[list[Any]]]]) -> None:
        commands = [command for queued, _ in batch for command in queued]
        connection = self._idle.pop() if self._idle else self._pool.make_connection()
        if connection.is_connected and await _stale(connection):
            await _close(connection)  # sending reconnects it
        try:
            await connection.send_packed_command(connection.pack_commands(commands), check_health=False)
            replies = [await connection.read_response() for _ in commands]
        except BaseException as exc:  # the store failed (or answered an error): the whole batch did
            for _, future in batch:
                if not future.done():
                    future.set_exception(exc if isinstance(exc, Exception) else asyncio.CancelledError())
            await _close(connection)  # replies may be left unread: the connection is not reused
            if not isinstance(exc, Exception):
                raise
            return
        if len(self._idle) < _IDLE_CONNECTIONS:
            self._idle.append(connection)
        else:
            await _close(connection)
        start = 0
        for queued, future in batch:
            if not future.done():
                future.set_result(replies[start : start + len(queued)])
            start += len(queued)


async def _stale(connection: Any) -> bool:
    """Whether a connection kept idle was closed meanwhile (by the server, a proxy's idle timeout) or
    holds a reply nobody asked for: checked without blocking, as redis-py's pool does before a use."""
    check = getattr(connection, "can_read", None) or connection.can_read_destructive  # name before 8.0
    try:
        return bool(await check())
    except Exception:  # the socket is gone
        return True


async def _close(connection: Any) -> None:
    with contextlib.suppress(Exception):  # a connection that cannot even close is dropped
        await connection.disconnect()
