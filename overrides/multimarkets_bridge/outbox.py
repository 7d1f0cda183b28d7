"""The outbox: every write whose outcome is not established, recorded before it is sent and listed
until it is settled, across timeouts, cancellations, crashes and restarts.

A write (an operation with ``x-retry-lookup``, e.g. ``place_order``) gets an entry before each attempt
leaves; the entry is settled when the call ends with a known outcome (a result, or an error whose
``outcome`` is ``not_sent`` / ``not_landed`` / ``landed``), or when ``resolve_outcome`` settles it. A call
cut short from outside (``asyncio.wait_for``, a cancelled task, ``kill -9``) leaves its entry:
``client.unsettled()`` lists it and ``client.resolve_outcome(entry)`` settles it.

Entries live in ``<state dir>/<scope>.outbox`` (the folder of the send journal, ``MULTIMARKETS_STATE_DIR``),
one JSON line per event, appended under the scope's lock, so the processes of one host see one list
(an entry names its ``pid``: another live process's write may still be in flight). They carry only
the lookup's fields and the spec's ``match`` fields (no credentials). Writes of clients on a clock that
is not the system's, or with ``MULTIMARKETS_STATE_DIR=""``, are kept in memory: listed in this process
only.
"""

from __future__ import annotations

import json
import logging
import os
import socket
import threading
import time
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from .coordination import Coordinator, default_journal_dir
from .journal import MAX_READ_BYTES, JournalError, append_line, locked_file

__all__ = ["Outbox", "UnsettledWrite", "attached_outbox", "memory_outbox", "process_outbox"]

logger: logging.Logger = logging.getLogger("multimarkets_bridge")
COMPACT_BYTES = 65_536
_APPEND = os.O_WRONLY | os.O_APPEND | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0)


@dataclass(frozen=True)
class UnsettledWrite:
    """A write that may have reached the platform and is not settled yet (see
    ``BridgeClient.unsettled``); pass it to ``resolve_outcome`` to settle it."""

    id: str
    operation_id: str
    client_order_id: str | None
    order_id: str | None
    lookup: Mapping[str, object] = field(repr=False)
    """The lookup's body fields and those a found record must match (no credentials)."""
    request_time_ms: int | None
    """The signed timestamp of the last attempt (epoch ms, on the platform's clock)."""
    settle_after: float | None
    """Epoch seconds (this host's clock) after which that attempt can no longer be applied."""
    recorded_at: float
    trace: str
    pid: int
    host: str

    def _to_json(self) -> dict[str, Any]:
        return {**asdict(self), "lookup": dict(self.lookup)}

    @classmethod
    def _from_json(cls, data: Mapping[str, Any]) -> UnsettledWrite:
        return cls(**{**data, "lookup": dict(data["lookup"])})


class Outbox:
    """Unsettled writes per scope, in ``directory`` (None: in memory)."""

    def __init__(self, directory: Path | None) -> None:
        self.directory = directory
        self._memory: dict[str, dict[str, UnsettledWrite]] = {}
        self._lock = threading.Lock()
        self._sizes: dict[str, int] = {}
        self._seq = 0
        self._writer = os.urandom(4).hex()

    def attach(self, scope: str) -> None:
        """Check now (when a client is built) that the outbox can be created and written."""
        if self.directory is None:
            return
        try:
            self.directory.mkdir(mode=0o700, parents=True, exist_ok=True)
        except OSError as exc:
            raise JournalError(
                f"cannot create the outbox folder ({exc.strerror})", path=self.directory
            ) from None
        path = self._path(scope)
        with locked_file(self.directory / f"{scope}.lock"):
            try:
                os.close(os.open(path, _APPEND, 0o600))
            except OSError as exc:
                raise JournalError(
                    f"cannot open the outbox for writing ({exc.strerror})", path=path
                ) from None

    def new_id(self) -> str:
        with self._lock:
            self._seq += 1
            return f"{self._writer}-{os.getpid()}-{self._seq}"

    def _path(self, scope: str) -> Path:
        assert self.directory is not None
        return self.directory / f"{scope}.outbox"

    def record(self, scope: str, entry: UnsettledWrite) -> None:
        """Record (or update) an entry before its attempt is sent; a failure is a
        [`JournalError`][multimarkets_bridge.journal.JournalError] (the attempt is then not sent)."""
        self._append(scope, {"open": entry._to_json()}, entry)

    def settle(self, scope: str, entry_id: str) -> None:
        """The write's outcome is known: it leaves the list (a failure to record that is logged)."""
        try:
            self._append(scope, {"settled": entry_id}, None)
        except JournalError as error:
            logger.warning("could not mark a write settled in the outbox (%s)", error)

    def _append(self, scope: str, event: dict[str, Any], entry: UnsettledWrite | None) -> None:
        if self.directory is None:
            with self._lock:
                entries = self._memory.setdefault(scope, {})
                if entry is not None:
                    entries[entry.id] = entry
                else:
                    entries.pop(str(event["settled"]), None)
            return
        line = (json.dumps(event, separators=(",", ":"), default=str) + "\n").encode()
        path = self._path(scope)
        with self._lock, locked_file(self.directory / f"{scope}.lock"):
            written, before = append_line(path, line, "the outbox")
            self._sizes[scope] = before + written
            if self._sizes[scope] > COMPACT_BYTES:
                self._compact(scope)

    def unsettled(self, scope: str) -> list[UnsettledWrite]:
        """The scope's unsettled writes, oldest first."""
        if self.directory is None:
            with self._lock:
                return sorted(self._memory.get(scope, {}).values(), key=lambda e: e.recorded_at)
        with self._lock, locked_file(self.directory / f"{scope}.lock"):
            return sorted(self._read(scope).values(), key=lambda e: e.recorded_at)

    def _read(self, scope: str) -> dict[str, UnsettledWrite]:
        path = self._path(scope)
        try:
            with path.open("rb") as source:
                data = source.read(MAX_READ_BYTES + 1)
        except FileNotFoundError:
            return {}
        except OSError as exc:
            raise JournalError(f"cannot read the outbox ({exc.strerror})", path=path) from None
        if len(data) > MAX_READ_BYTES:
            raise JournalError(
                f"the outbox holds over {MAX_READ_BYTES} bytes; not this SDK's file", path=path
            )
        entries: dict[str, UnsettledWrite] = {}
        bad = 0
        for line in data.splitlines():
            try:
                event = json.loads(line)
                if "open" in event:
                    entry = UnsettledWrite._from_json(event["open"])
                    entries[entry.id] = entry
                else:
                    entries.pop(str(event["settled"]), None)
            except (ValueError, TypeError, KeyError):
                bad += 1
        if bad:
            logger.warning("%d unreadable line(s) in the outbox %s were skipped", bad, path)
        return entries

    def _compact(self, scope: str) -> None:
        """Rewrite the file with the open entries only (under the lock)."""
        path = self._path(scope)
        keep = [json.dumps({"open": e._to_json()}, separators=(",", ":"), default=str) + "\n"
                for e in self._read(scope).values()]  # fmt: skip
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        try:
            tmp.write_text("".join(keep), encoding="utf-8")
            os.replace(tmp, path)
        except OSError as exc:
            raise JournalError(f"cannot compact the outbox ({exc.strerror})", path=path) from None
        self._sizes[scope] = sum(len(line) for line in keep)


def new_entry(
    outbox: Outbox,
    *,
    operation_id: str,
    lookup: Mapping[str, Any],
    request_time_ms: int | None,
    settle_after: float | None,
    trace: str,
    entry_id: str | None = None,
) -> UnsettledWrite:
    client_order_id, order_id = lookup.get("clientOrderId"), lookup.get("orderId")
    return UnsettledWrite(
        id=entry_id or outbox.new_id(),
        operation_id=operation_id,
        client_order_id=client_order_id if isinstance(client_order_id, str) else None,
        order_id=order_id if isinstance(order_id, str) else None,
        lookup=dict(lookup),
        request_time_ms=request_time_ms,
        settle_after=settle_after,
        recorded_at=time.time(),
        trace=trace,
        pid=os.getpid(),
        host=_HOST,
    )


_HOST = socket.gethostname()
_OUTBOXES: dict[Path | None, Outbox] = {}
_OUTBOX_LOCK = threading.Lock()


def process_outbox(directory: Path | None) -> Outbox:
    """One outbox per folder per process (None: the in-memory one)."""
    with _OUTBOX_LOCK:
        outbox = _OUTBOXES.get(directory)
        if outbox is None:
            outbox = _OUTBOXES[directory] = Outbox(directory)
        return outbox


def memory_outbox() -> Outbox:
    return process_outbox(None)


def attached_outbox(coordinator: Coordinator, scope: str, *, durable: bool) -> Outbox:
    """The outbox of ``scope``'s writes: in the coordinator's journal folder (else the default one)
    when the clock is the system's, in memory for a simulated clock. The coordinator's journal is
    attached first: one that cannot be used is an error now, not unprotected sends."""
    attach = getattr(coordinator, "attach", None)
    if callable(attach):
        attach(scope)
    journal_dir = getattr(coordinator, "journal_dir", None)
    outbox = (
        process_outbox(journal_dir if journal_dir is not None else default_journal_dir())
        if durable
        else memory_outbox()
    )
    outbox.attach(scope)
    return outbox
