"""The sandbox's state in a SQLite file, one row per record, so that it survives a restart, even a
``kill -9``: [`SqliteStore.save`][] writes just the rows the last request changed, in one transaction
before the answer leaves (the cost of a write does not grow with the state)."""

from __future__ import annotations

import json
import sqlite3
import threading
from pathlib import Path

from .state import RECORD_TYPES, TABLES, Record, State, Table, record_fields

__all__ = ["SqliteStore"]


class SqliteStore:
    """Keeps the state in a SQLite file, one row per record; [`save`][] writes only what changed.

    One connection in WAL mode; every save is one committed transaction, so an answered write survives
    a killed process. (A file from the earlier one-row snapshot format is read and converted.)
    """

    def __init__(self, path: str | Path) -> None:
        self._lock = threading.Lock()
        self._db = sqlite3.connect(str(path), check_same_thread=False, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        with self._lock:
            self._db.executescript(
                "CREATE TABLE IF NOT EXISTS records (kind TEXT NOT NULL, row INTEGER NOT NULL,"
                " data TEXT NOT NULL, PRIMARY KEY (kind, row)) WITHOUT ROWID;"
                "CREATE TABLE IF NOT EXISTS balances (account_id TEXT PRIMARY KEY, data TEXT NOT NULL);"
                "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, data TEXT NOT NULL);"
            )
        self._next_row: dict[str, int] = {}
        self._meta: dict[str, str] = {}

    def load(self) -> State | None:
        with self._lock:
            rows = self._db.execute("SELECT kind, row, data FROM records ORDER BY kind, row").fetchall()
            balances = self._db.execute("SELECT account_id, data FROM balances").fetchall()
            meta = dict(self._db.execute("SELECT key, data FROM meta").fetchall())
            legacy = self._legacy_snapshot() if not rows and not meta else None
        if legacy is not None:
            state = State.from_json(legacy)
            self._save_all(state)
            return state
        if not rows and not meta:
            return None
        tables: dict[str, Table[Record]] = {kind: Table() for kind in TABLES}
        for kind, row, data in rows:
            record = RECORD_TYPES[kind](**json.loads(data))
            record.__dict__["_row"] = row
            tables[kind].append(record)
            self._next_row[kind] = max(self._next_row.get(kind, 0), row + 1)
        self._meta = meta
        return State(
            **tables,  # type: ignore[arg-type]
            balances={account: json.loads(data) for account, data in balances},
            subscriptions=json.loads(meta.get("subscriptions", "{}")),
            counters=json.loads(meta.get("counters", "{}")),
        )

    def save(self, state: State) -> None:
        """Write what changed since the last save (one transaction); a no-op when nothing did."""
        changes = state.changes
        meta = {
            "subscriptions": json.dumps(state.subscriptions, sort_keys=True),
            "counters": json.dumps(state.counters, sort_keys=True),
        }
        meta_changed = {k: v for k, v in meta.items() if self._meta.get(k) != v}
        if not changes and not meta_changed:
            return
        with self._lock:
            self._db.execute("BEGIN")
            try:
                for kind, record in changes.records.values():
                    self._write_record(kind, record)
                self._db.executemany("DELETE FROM records WHERE kind = ? AND row = ?", changes.removed)
                self._db.executemany(
                    "INSERT OR REPLACE INTO balances (account_id, data) VALUES (?, ?)",
                    [(a, json.dumps(state.balances.get(a, {}))) for a in changes.balances],
                )
                self._db.executemany(
                    "INSERT OR REPLACE INTO meta (key, data) VALUES (?, ?)", list(meta_changed.items())
                )
                self._db.execute("COMMIT")
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
        self._meta.update(meta_changed)
        changes.clear()

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def _write_record(self, kind: str, record: Record) -> None:
        row = record.__dict__.get("_row")
        if row is None:
            row = self._next_row.get(kind, 0)
            self._next_row[kind] = row + 1
            record.__dict__["_row"] = row
        self._db.execute(
            "INSERT OR REPLACE INTO records (kind, row, data) VALUES (?, ?, ?)",
            (kind, row, json.dumps(record_fields(record), ensure_ascii=False)),
        )

    def _save_all(self, state: State) -> None:
        for kind in TABLES:
            for record in getattr(state, kind):
                state.changes.touch(kind, record)
        state.changes.balances.update(state.balances)
        self.save(state)

    def _legacy_snapshot(self) -> str | None:
        found = self._db.execute("SELECT name FROM sqlite_master WHERE name = 'snapshot'").fetchone()
        if not found:
            return None
        row = self._db.execute("SELECT state FROM snapshot WHERE id = 1").fetchone()
        return str(row[0]) if row else None
