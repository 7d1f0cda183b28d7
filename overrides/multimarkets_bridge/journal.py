"""The send journal: every send of an apiKey, in a file that outlives the process and is shared by the
processes of one host.

One file per (environment, apiKey) scope, ``<dir>/<scope>.sends``, one line per send::

    <wall-clock s> <monotonic s> <boot id> <writer> <seq>

* **Clock steps.** A record is aged by the monotonic clock when it was written since this boot (the
  kernel's ``boot_id`` matches), which no wall-clock step moves; only records of an earlier boot are
  aged by the wall clock, and one that lies in the wall clock's future means the clock and the journal
  disagree: the coordinator then takes the window as full but for the budget's margin (guarded mode),
  for one window at most.
* **Several processes.** Each read-compute-append runs under an exclusive lock on ``<scope>.lock``
  (``flock``), reads the records the others appended since, and compaction (under the same lock) keeps
  every writer's records of the last window, so processes of one host with one key share one budget.
* **Bounded.** A journal that is not a regular file is an error naming it; one larger than
  ``MAX_READ_BYTES`` or with unreadable lines is discarded with a logged reason, in guarded mode.
* **Errors are typed.** A folder or file that cannot be created, opened, locked or written is a
  [`JournalError`][] naming the path and the fix: raised when a client is built, or before a call is
  sent (nothing leaves unprotected). Opting out is explicit: ``InProcessCoordinator(journal_dir=None)``
  or ``MULTIMARKETS_STATE_DIR=""``.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import stat
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from .errors import CoordinatorError

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows: one process per journal folder
    fcntl = None  # type: ignore[assignment]

__all__ = ["MAX_READ_BYTES", "JournalError", "SendJournal", "append_line", "boot_id", "locked_file"]

logger: logging.Logger = logging.getLogger("multimarkets_bridge")

#: A journal holds about one window of sends (compacted past ``COMPACT_BYTES``); more than this is
#: not a journal this SDK wrote, and is discarded rather than read.
MAX_READ_BYTES = 1 << 20
COMPACT_BYTES = 32_768
#: How long a call waits for another process's hold on the journal lock before failing (seconds).
LOCK_WAIT = 1.0
#: A record more than this far in the wall clock's future means the clock stepped back (seconds).
FUTURE_TOLERANCE = 1.0
FIX = (
    "set MULTIMARKETS_STATE_DIR to a writable local folder (a volume kept across restarts), or opt out "
    "of restart protection explicitly with coordinator=InProcessCoordinator(journal_dir=None)"
)


class JournalError(CoordinatorError):
    """The send journal (restart and multi-process protection of the rate budget) cannot be used:
    ``path`` names the file or folder; nothing was sent."""

    def __init__(self, message: str, *, path: Path) -> None:
        super().__init__(f"{message}: {path}; {FIX}")
        self.path = path
        self.outcome = "not_sent"


def boot_id() -> str:
    """A short id of this host's current boot ('' where the system does not expose one)."""
    try:
        raw = Path("/proc/sys/kernel/random/boot_id").read_bytes()[:64]
    except OSError:
        return ""
    return hashlib.sha256(raw.strip()).hexdigest()[:8]


_BOOT = boot_id()
_APPEND = os.O_WRONLY | os.O_APPEND | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0)


def _record_age(parts: list[bytes], wall_now: float, mono_now: float) -> tuple[float, bool]:
    """A record's age in seconds and whether it was aged by the monotonic clock (written since this
    boot); ``ValueError`` / ``IndexError`` for a malformed record."""
    wall, mono, boot = float(parts[0]), float(parts[1]), parts[2].decode("ascii", "replace")
    if _BOOT and boot == _BOOT:
        return mono_now - mono, True
    return wall_now - wall, False


@contextlib.contextmanager
def locked_file(path: Path, wait: float = LOCK_WAIT) -> Iterator[None]:
    """Hold an exclusive ``flock`` on ``path`` (created if missing) for the block; a holder that keeps
    it longer than ``wait`` seconds (a stopped process) is a [`JournalError`][]."""
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0), 0o600)
    except OSError as exc:
        raise JournalError(f"cannot open the lock file ({exc.strerror})", path=path) from None
    try:
        if fcntl is not None:
            deadline = time.monotonic() + wait
            while True:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() > deadline:
                        raise JournalError(
                            f"another process held the journal lock for over {wait:.0f} s", path=path
                        ) from None
                    time.sleep(0.002)
        yield
    finally:
        os.close(fd)  # closing releases the lock


def append_line(path: Path, line: bytes, what: str) -> tuple[int, int]:
    """Append ``line`` in one write (``O_APPEND``: whole lines even with other writers); returns the
    bytes written and the file's size before. A failure or a short write is a [`JournalError`][]."""
    try:
        fd = os.open(path, _APPEND, 0o600)
        try:
            size = os.fstat(fd).st_size
            written = os.write(fd, line)
        finally:
            os.close(fd)
    except OSError as exc:
        raise JournalError(f"cannot write {what} ({exc.strerror})", path=path) from None
    if written != len(line):
        raise JournalError(f"{what} took a partial write (disk full?)", path=path)
    return written, size


@dataclass
class Foreign:
    """What a read found: other writers' sends (seconds on the caller's pacing clock) and, when the
    records cannot be trusted, why the window must be taken as full."""

    stamps: list[float] = field(default_factory=list)
    guard: str | None = None


@dataclass
class _Tail:
    inode: int = -1
    offset: int = 0
    size: int = 0
    seen: dict[str, float] = field(default_factory=dict)  # record id -> stamp (drop re-reads)


class SendJournal:
    """The journal folder of one
    [`InProcessCoordinator`][multimarkets_bridge.coordination.InProcessCoordinator]."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self._pid = -1
        self._writer = ""
        self._seq = 0
        self._tails: dict[str, _Tail] = {}
        self._check_process()

    def _check_process(self) -> None:
        """A new writer id per process: a forked child's records are another writer's to its parent."""
        if self._pid != os.getpid():
            self._pid, self._writer, self._seq, self._tails = os.getpid(), os.urandom(4).hex(), 0, {}

    def path(self, scope: str) -> Path:
        return self.directory / f"{scope}.sends"

    def attach(self, scope: str) -> None:
        """Check now that the journal of ``scope`` can be created, locked, read and written."""
        try:
            self.directory.mkdir(mode=0o700, parents=True, exist_ok=True)
        except OSError as exc:
            why = f"cannot create the journal folder ({exc.strerror})"
            raise JournalError(why, path=self.directory) from None
        with self.locked(scope):
            path = self.path(scope)
            try:
                fd = os.open(path, _APPEND, 0o600)
            except OSError as exc:
                why = f"cannot open the send journal for writing ({exc.strerror})"
                raise JournalError(why, path=path) from None
            try:
                if not stat.S_ISREG(os.fstat(fd).st_mode):
                    raise JournalError("the send journal is not a regular file", path=path)
                if not os.access(path, os.W_OK):
                    raise JournalError("the send journal is not writable", path=path)
            finally:
                os.close(fd)

    def locked(self, scope: str) -> contextlib.AbstractContextManager[None]:
        """The scope's exclusive lock (``<scope>.lock``), held across a read, a booking and an append."""
        return locked_file(self.directory / f"{scope}.lock")

    def read(self, scope: str, now: float, span: float) -> Foreign:
        """Records other writers appended since the last read (all of them after a restart or another
        process's compaction), as stamps on the pacing clock ``now`` is read from. Call under
        [`locked`][multimarkets_bridge.journal.SendJournal.locked]."""
        self._check_process()
        tail = self._tails.setdefault(scope, _Tail())
        path = self.path(scope)
        found = Foreign()
        try:
            fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0))
        except FileNotFoundError:
            tail.inode, tail.offset = -1, 0
            return found
        except OSError as exc:
            raise JournalError(f"cannot read the send journal ({exc.strerror})", path=path) from None
        try:
            info = os.fstat(fd)
            if not stat.S_ISREG(info.st_mode):
                raise JournalError("the send journal is not a regular file", path=path)
            if info.st_ino != tail.inode or info.st_size < tail.offset:
                tail.inode, tail.offset = info.st_ino, 0  # new file: compacted, replaced or first read
            tail.size = info.st_size
            if info.st_size - tail.offset > MAX_READ_BYTES:
                tail.offset = info.st_size
                found.guard = f"the send journal {path} holds over {MAX_READ_BYTES} unread bytes; discarded"
                return found
            os.lseek(fd, tail.offset, os.SEEK_SET)
            data = os.read(fd, info.st_size - tail.offset)
        except OSError as exc:
            raise JournalError(f"cannot read the send journal ({exc.strerror})", path=path) from None
        finally:
            os.close(fd)
        complete = data.rfind(b"\n") + 1  # a line still being written is read next time
        tail.offset += complete
        self._parse(data[:complete], tail, now, span, found)
        return found

    def _parse(self, data: bytes, tail: _Tail, now: float, span: float, found: Foreign) -> None:
        wall_now, mono_now = time.time(), time.monotonic()
        bad = 0
        for line in data.splitlines():
            parts = line.split()
            try:
                age, same_boot = _record_age(parts, wall_now, mono_now)
                writer, seq = parts[3], parts[4]
            except (ValueError, IndexError):
                bad += 1
                continue
            if writer.decode("ascii", "replace") == self._writer:
                continue
            if not same_boot and age < -FUTURE_TOLERANCE:
                found.guard = "a send journal record lies in the clock's future (it stepped back)"
                continue
            stamp = now - age
            ident = f"{writer!r}:{seq!r}"
            if stamp <= now - span or ident in tail.seen:
                continue
            tail.seen[ident] = stamp
            found.stamps.append(stamp)
        if bad:
            found.guard = f"{bad} unreadable line(s) in the send journal"
        horizon = now - 2 * span
        for ident in [k for k, v in tail.seen.items() if v < horizon]:
            del tail.seen[ident]

    def append(self, scope: str, at: float, now: float) -> None:
        """Record a send made at ``at`` (pacing clock; ``now`` is that clock's present). Call under
        [`locked`][multimarkets_bridge.journal.SendJournal.locked]; an error is a [`JournalError`][]."""
        self._seq += 1
        wall, mono = time.time() - (now - at), time.monotonic() - (now - at)
        line = f"{wall:.3f} {mono:.3f} {_BOOT} {self._writer} {self._seq}\n".encode("ascii")
        written, _ = append_line(self.path(scope), line, "the send journal")
        tail = self._tails.setdefault(scope, _Tail())
        if tail.offset == tail.size:
            tail.offset += written  # nothing foreign in between: our own line needs no reading
        tail.size += written

    def compact_if_large(self, scope: str, now: float, span: float) -> None:
        """Rewrite the file with every writer's records of the last ``span`` (under the lock)."""
        tail = self._tails.get(scope)
        if tail is None or tail.size <= COMPACT_BYTES:
            return
        path = self.path(scope)
        wall_now, mono_now = time.time(), time.monotonic()
        try:
            with path.open("rb") as source:
                data = source.read(MAX_READ_BYTES)
            keep = []
            for line in data.splitlines():
                parts = line.split()
                with contextlib.suppress(ValueError, IndexError):
                    age, _ = _record_age(parts, wall_now, mono_now)
                    if -FUTURE_TOLERANCE <= age < span:  # a record from the clock's future is dropped
                        keep.append(line + b"\n")
            tmp = path.with_suffix(f".{os.getpid()}.tmp")
            tmp.write_bytes(b"".join(keep))
            os.replace(tmp, path)
        except OSError as exc:
            raise JournalError(f"cannot compact the send journal ({exc.strerror})", path=path) from None
        tail.inode, tail.offset, tail.size = -1, 0, 0  # re-read (ids already seen are skipped)
