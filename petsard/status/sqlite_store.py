"""The run record as one SQLite file per run: WAL mode, append-only tables, one transaction
per node, schemas stored once by content hash.

The record also names the process that owns the run (so a reader can tell a run whose
process died) and the checksums of the run's checkpoints (so a damaged one is never read).
A write the disk refuses (full, a file-size limit, read-only) raises a WriteError naming the
record; the transaction is rolled back, so the record stays as it was before that write.
"""

from __future__ import annotations

import base64
import contextlib
import io
import json
import sqlite3
from collections import OrderedDict
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import Any

import pandas as pd

from petsard import parquet
from petsard.exceptions import StoreError, WriteError
from petsard.schema.schema import Schema
from petsard.status.owner import Owner, claim, release
from petsard.status.records import (
    ExecutionSnapshot,
    MetadataChange,
    NodeState,
    RecordBatch,
    RunInfo,
    TimingRecord,
)
from petsard.status.store import ENDED, StatusStore

STORE_VERSION = 1
SCHEMA_CACHE = 256  # schemas kept from reads; identical schemas come back as one object
RECORD_FILE = "record.sqlite"
TABLE_PREFIX = "evaluation/"  # artifact names of evaluation tables
TABLE_KINDS = ("parquet", "table")  # how tables are stored ('table': JSON, older records)
CHECKPOINT_KIND = "checkpoint"  # artifact rows holding a checkpoint's manifest (checksums)
# SQLite errors that mean the disk refused a write, with what to do about it.
_WRITE_FAILURES = {
    "SQLITE_FULL": "the disk is full, or this process's file-size limit (ulimit -f) is reached",
    "SQLITE_IOERR": "the disk may be full, or this process's file-size limit (ulimit -f) "
                    "reached",
    "SQLITE_READONLY": "the run folder or its record is read-only: make them writable",
    "SQLITE_CANTOPEN": "the run folder cannot be written: make it writable",
    "SQLITE_PERM": "permission denied: make the run folder writable",
}

_TABLES = """
CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS run (run_id TEXT PRIMARY KEY, body TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS run_events (
    seq INTEGER PRIMARY KEY, state TEXT NOT NULL, timestamp TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS node_events (
    seq INTEGER PRIMARY KEY, node_key TEXT NOT NULL, module TEXT, experiment TEXT,
    parent_key TEXT, state TEXT NOT NULL, timestamp TEXT NOT NULL, duration REAL, error TEXT);
CREATE TABLE IF NOT EXISTS schemas (hash TEXT PRIMARY KEY, body TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS snapshots (
    seq INTEGER PRIMARY KEY, snapshot_id TEXT UNIQUE NOT NULL, module TEXT NOT NULL,
    experiment TEXT NOT NULL, timestamp TEXT NOT NULL, before_hash TEXT, after_hash TEXT,
    context TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS changes (
    seq INTEGER PRIMARY KEY, change_id TEXT UNIQUE NOT NULL, module TEXT NOT NULL,
    body TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS timings (
    seq INTEGER PRIMARY KEY, record_id TEXT UNIQUE NOT NULL, module TEXT NOT NULL,
    body TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS artifacts (
    seq INTEGER PRIMARY KEY, node_key TEXT NOT NULL, name TEXT NOT NULL, kind TEXT NOT NULL,
    value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS owners (
    seq INTEGER PRIMARY KEY, host TEXT NOT NULL, pid INTEGER NOT NULL, process TEXT NOT NULL,
    since TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS snapshots_module ON snapshots (module);
CREATE INDEX IF NOT EXISTS changes_module ON changes (module);
CREATE INDEX IF NOT EXISTS timings_module ON timings (module);
"""


def _encode_table(table: pd.DataFrame) -> tuple[str, str]:
    """(kind, text) of an evaluation table: Parquet (exact: dtypes, index, every digit), or
    JSON where Arrow cannot hold the table (mixed-type columns)."""
    buffer = io.BytesIO()
    try:
        parquet.write(table, buffer)
    except parquet.UNSUPPORTED:
        return "table", table.to_json(orient="split", date_format="iso", default_handler=str)
    return "parquet", base64.b64encode(buffer.getvalue()).decode("ascii")


def _decode_table(kind: str, text: str) -> pd.DataFrame:
    if kind == "parquet":
        return parquet.read(io.BytesIO(base64.b64decode(text)))
    return pd.read_json(io.StringIO(text), orient="split")


def _json(value: Any) -> str:
    return json.dumps(value, default=str, separators=(",", ":"))


class SQLiteStore(StatusStore):
    """One database file per run; opening an existing file reads (and continues) that run."""

    def __init__(self, path: str | Path, *, create: bool = True, readonly: bool = False
                 ) -> None:
        """``create``: a new record (or continue one); ``readonly``: only read it, even from a
        read-only folder."""
        self.path = Path(path)
        self.location = str(self.path)
        self._unwritten: tuple[str, datetime] | None = None  # an end state the disk refused
        if not create and not self.path.is_file():
            raise StoreError(f"no run record at '{self.path}'")
        try:
            self._db, version = self._open(create and not readonly, readonly)
            if not create and not readonly and version and version[0] <= STORE_VERSION:
                self._db.executescript(_TABLES)  # tables added since the record was made
        except sqlite3.DatabaseError as exc:
            if _is_write_failure(exc):
                raise _write_error(self.path, exc) from exc
            raise StoreError(
                f"'{self.path}' is not a petsard run record (or it is corrupt): {exc}"
            ) from exc
        if version is None:
            raise StoreError(f"'{self.path}' is an incomplete run record (its run could not "
                             "record its start): there is nothing in it to resume")
        if version[0] > STORE_VERSION:
            raise StoreError(
                f"'{self.path}' has record format {version[0]}, newer than this "
                f"petsard reads ({STORE_VERSION}): upgrade petsard"
            )
        self._has_owners = self._db.execute(
            "SELECT 1 FROM sqlite_master WHERE name = 'owners'").fetchone() is not None
        self._stored: set[str] = set()  # hashes of schemas already in the file
        self._schema_cache: OrderedDict[str, Schema] = OrderedDict()  # recent reads, bounded

    def _open(self, create: bool, readonly: bool) -> tuple[sqlite3.Connection, Any]:
        if readonly:
            return self._open_readonly()
        db = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=NORMAL")
        if create:
            db.executescript(_TABLES)
            if db.execute("SELECT COUNT(*) FROM schema_version").fetchone()[0] == 0:
                db.execute("INSERT INTO schema_version VALUES (?)", (STORE_VERSION,))
        return db, db.execute("SELECT version FROM schema_version").fetchone()

    def _open_readonly(self) -> tuple[sqlite3.Connection, Any]:
        """Read without writing; from a read-only folder, where SQLite cannot make the files
        WAL reading needs, the file is read as it is (a write not yet moved into it from a
        killed run's WAL file is not seen)."""
        uri = self.path.resolve().as_uri()
        try:
            db = sqlite3.connect(f"{uri}?mode=ro", uri=True, isolation_level=None,
                                 check_same_thread=False)
            return db, db.execute("SELECT version FROM schema_version").fetchone()
        except sqlite3.OperationalError as exc:
            if not getattr(exc, "sqlite_errorname", "").startswith(
                    ("SQLITE_READONLY", "SQLITE_CANTOPEN")):
                raise
        db = sqlite3.connect(f"{uri}?mode=ro&immutable=1", uri=True, isolation_level=None,
                             check_same_thread=False)
        return db, db.execute("SELECT version FROM schema_version").fetchone()

    # Writes

    def start_run(self, run: RunInfo) -> None:
        with self._transaction():
            self._db.execute("INSERT INTO run VALUES (?, ?)", (run.run_id, _json(run.to_dict())))
            self._db.execute("INSERT INTO run_events (state, timestamp) VALUES (?, ?)",
                             (run.state, run.started_at.isoformat()))
            self._own(run.started_at)
        claim(run.run_id)

    def add_run_event(self, state: str, at: datetime) -> None:
        run_id = self._run_id()
        try:
            with self._transaction():
                self._db.execute("INSERT INTO run_events (state, timestamp) VALUES (?, ?)",
                                 (state, at.isoformat()))
                if state == "resumed":
                    self._own(at)
        except WriteError:
            if state in ENDED:
                self._unwritten = (state, at)  # what this process knows, for its own reads
            raise
        finally:
            if state in ENDED:
                release(run_id)
        if state == "resumed":
            claim(run_id)

    def _run_id(self) -> str:
        row = self._db.execute("SELECT run_id FROM run LIMIT 1").fetchone()
        return row[0] if row else ""

    def _own(self, at: datetime) -> None:
        """Record this process as the run's owner (from now on)."""
        me = Owner.current()
        self._db.execute("INSERT INTO owners (host, pid, process, since) VALUES (?, ?, ?, ?)",
                         (me.host, me.pid, me.process, at.isoformat()))
        self._has_owners = True

    def add_checkpoint(self, node_key: str, identity: str, manifest: dict[str, Any]) -> None:
        with self._transaction():
            self._db.execute(
                "INSERT INTO artifacts (node_key, name, kind, value) VALUES (?, ?, ?, ?)",
                (node_key, identity, CHECKPOINT_KIND, _json(manifest)))

    def write(self, batch: RecordBatch) -> None:
        with self._transaction():
            self._db.executemany(
                "INSERT INTO node_events (node_key, module, experiment, parent_key, state,"
                " timestamp, duration, error) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [(n.node_key, n.module_name, n.experiment_name, n.parent_key, n.state,
                  n.timestamp.isoformat(), n.duration_seconds, n.error) for n in batch.nodes],
            )
            for snap in batch.snapshots:
                before = self._put_schema(snap.metadata_before)
                after = self._put_schema(snap.metadata_after)
                self._db.execute(
                    "INSERT INTO snapshots (snapshot_id, module, experiment, timestamp,"
                    " before_hash, after_hash, context) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    (snap.snapshot_id, snap.module_name, snap.experiment_name,
                     snap.timestamp.isoformat(), before, after, _json(snap.execution_context)),
                )
            self._db.executemany(
                "INSERT INTO changes (change_id, module, body) VALUES (?, ?, ?)",
                [(c.change_id, c.module_name, _json(c.to_dict()))
                 for c in batch.changes],
            )
            self._db.executemany(
                "INSERT INTO timings (record_id, module, body) VALUES (?, ?, ?)",
                [(t.record_id, t.module_name, _json(t.to_dict())) for t in batch.timings],
            )
            self._db.executemany(
                "INSERT INTO artifacts (node_key, name, kind, value) VALUES (?, ?, ?, ?)",
                [(key, Path(path).name, "file", path) for key, path in batch.files]
                + [(key, f"{TABLE_PREFIX}{name}", *_encode_table(table))
                   for key, name, table in batch.tables],
            )

    def _put_schema(self, schema: Schema | None) -> str | None:
        if schema is None:
            return None
        key = schema.content_hash()
        if key not in self._stored:
            self._db.execute("INSERT OR IGNORE INTO schemas VALUES (?, ?)",
                             (key, _json(schema.to_dict())))
            self._stored.add(key)
        return key

    def _transaction(self) -> _Transaction:
        return _Transaction(self._db, self.path)

    # Reads

    def run_info(self) -> RunInfo | None:
        """The run, in the state it is in: a run whose owning process has died is
        'interrupted', although it could not record so itself."""
        row = self._db.execute("SELECT body FROM run LIMIT 1").fetchone()
        if row is None:
            return None
        info = RunInfo.from_dict(json.loads(row[0]))
        state, timestamp = self._db.execute(
            "SELECT state, timestamp FROM run_events ORDER BY seq DESC LIMIT 1").fetchone()
        if self._unwritten is not None:
            state, at = self._unwritten
            timestamp = at.isoformat()
        node = self._db.execute(
            "SELECT timestamp FROM node_events ORDER BY seq DESC LIMIT 1").fetchone()
        last_write = datetime.fromisoformat(max(timestamp, node[0]) if node else timestamp)
        ended = datetime.fromisoformat(timestamp) if state in ENDED else None
        runner = self.owner()
        if state not in ENDED and runner is not None and runner.alive(info.run_id) is False:
            state, ended = "interrupted", last_write
        return replace(info, state=state, ended_at=ended, last_write=last_write,
                       owner=runner.describe() if runner is not None else None)

    def owner(self) -> Owner | None:
        """The process that owns (or owned) the run, if the record names it (records made
        before owners were recorded do not)."""
        if not self._has_owners:
            return None
        row = self._db.execute(
            "SELECT host, pid, process FROM owners ORDER BY seq DESC LIMIT 1").fetchone()
        return Owner(*row) if row else None

    def checkpoints(self) -> dict[str, dict[str, Any]]:
        rows = self._db.execute("SELECT name, value FROM artifacts WHERE kind = ? ORDER BY seq",
                                (CHECKPOINT_KIND,))
        return {identity: json.loads(value) for identity, value in rows}

    def _schema(self, key: str | None) -> Schema | None:
        if key is None:
            return None
        schema = self._schema_cache.pop(key, None)
        if schema is None:
            row = self._db.execute("SELECT body FROM schemas WHERE hash = ?", (key,)).fetchone()
            schema = Schema.from_dict(json.loads(row[0]))
        self._schema_cache[key] = schema
        while len(self._schema_cache) > SCHEMA_CACHE:
            self._schema_cache.popitem(last=False)
        return schema

    def _snapshot(self, row: tuple) -> ExecutionSnapshot:
        snapshot_id, module, experiment, timestamp, before, after, context = row
        return ExecutionSnapshot(
            snapshot_id=snapshot_id, module_name=module, experiment_name=experiment,
            timestamp=datetime.fromisoformat(timestamp), metadata_before=self._schema(before),
            metadata_after=self._schema(after), execution_context=json.loads(context),
        )

    _SNAPSHOT_COLUMNS = ("snapshot_id, module, experiment, timestamp, before_hash, after_hash,"
                         " context")

    def snapshots(self, module: str | None = None) -> list[ExecutionSnapshot]:
        where, args = ("WHERE module = ?", (module,)) if module else ("", ())
        rows = self._db.execute(
            f"SELECT {self._SNAPSHOT_COLUMNS} FROM snapshots {where} ORDER BY seq", args)
        return [self._snapshot(row) for row in rows]

    def snapshot(self, snapshot_id: str) -> ExecutionSnapshot | None:
        row = self._db.execute(
            f"SELECT {self._SNAPSHOT_COLUMNS} FROM snapshots WHERE snapshot_id = ?",
            (snapshot_id,)).fetchone()
        return self._snapshot(row) if row else None

    def changes(self, module: str | None = None) -> list[MetadataChange]:
        where, args = ("WHERE module = ?", (module,)) if module else ("", ())
        rows = self._db.execute(f"SELECT body FROM changes {where} ORDER BY seq", args)
        return [MetadataChange.from_dict(json.loads(body)) for (body,) in rows]

    def timings(self, module: str | None = None) -> list[TimingRecord]:
        where, args = ("WHERE module = ?", (module,)) if module else ("", ())
        rows = self._db.execute(f"SELECT body FROM timings {where} ORDER BY seq", args)
        return [TimingRecord.from_dict(json.loads(body)) for (body,) in rows]

    def node_events(self) -> list[NodeState]:
        rows = self._db.execute(
            "SELECT node_key, module, experiment, state, timestamp, duration, error, parent_key"
            " FROM node_events ORDER BY seq")
        return [NodeState(key, module, expt, state, datetime.fromisoformat(ts), duration, error,
                          parent) for key, module, expt, state, ts, duration, error, parent in rows]

    def _artifacts(self, kinds: tuple[str, ...], node_key: str | None
                   ) -> list[tuple[str, str, str, str]]:
        where = f"WHERE kind IN ({', '.join('?' * len(kinds))})"
        args: tuple[str, ...] = kinds
        if node_key:
            where, args = f"{where} AND node_key = ?", (*kinds, node_key)
        return [tuple(row) for row in self._db.execute(
            f"SELECT node_key, name, kind, value FROM artifacts {where} ORDER BY seq", args)]

    def files(self, node_key: str | None = None) -> list[tuple[str, str]]:
        return [(key, value) for key, _, _, value in self._artifacts(("file",), node_key)]

    def tables(self, node_key: str | None = None) -> list[tuple[str, str, pd.DataFrame]]:
        return [(key, name.removeprefix(TABLE_PREFIX), _decode_table(kind, value))
                for key, name, kind, value in self._artifacts(TABLE_KINDS, node_key)]

    def counts(self) -> dict[str, int]:
        return {table: self._db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
                for table in ("snapshots", "changes", "timings")}

    def last_ids(self) -> tuple[str | None, str | None]:
        snap = self._db.execute(
            "SELECT snapshot_id FROM snapshots ORDER BY seq DESC LIMIT 1").fetchone()
        change = self._db.execute(
            "SELECT change_id FROM changes ORDER BY seq DESC LIMIT 1").fetchone()
        return (snap[0] if snap else None, change[0] if change else None)

    def diff_count(self) -> int:
        return self._db.execute("SELECT COUNT(*) FROM snapshots WHERE before_hash IS NOT NULL "
                                "AND after_hash IS NOT NULL").fetchone()[0]

    def modules_with_metadata(self) -> list[str]:
        rows = self._db.execute(
            "SELECT module FROM snapshots WHERE after_hash IS NOT NULL GROUP BY module"
            " ORDER BY MIN(seq)")
        return [module for (module,) in rows]

    def close(self) -> None:
        self._db.close()


def _is_write_failure(error: sqlite3.DatabaseError) -> bool:
    name = getattr(error, "sqlite_errorname", "") or ""
    return isinstance(error, sqlite3.OperationalError) and name.startswith(
        tuple(_WRITE_FAILURES))


def _write_error(path: Path, error: sqlite3.DatabaseError) -> WriteError:
    name = getattr(error, "sqlite_errorname", "") or ""
    advice = next(text for prefix, text in _WRITE_FAILURES.items() if name.startswith(prefix))
    return WriteError(f"could not write the run record '{path}': {error} ({advice})")


class _Transaction:
    """BEGIN IMMEDIATE ... COMMIT, rolled back on any error, so a batch is all or nothing."""

    def __init__(self, db: sqlite3.Connection, path: Path) -> None:
        self._db = db
        self._path = path

    def __enter__(self) -> None:
        try:
            self._rollback()  # one left open by a write an interrupt cut short
            self._db.execute("BEGIN IMMEDIATE")
        except sqlite3.DatabaseError as exc:
            raise self._error(exc) from exc

    def __exit__(self, kind: type | None, error: BaseException | None, tb: Any) -> None:
        if kind is None:
            try:
                self._db.execute("COMMIT")
                return
            except sqlite3.DatabaseError as exc:
                error = exc
        self._rollback()
        if isinstance(error, sqlite3.DatabaseError):
            raise self._error(error) from error

    def _rollback(self) -> None:
        if self._db.in_transaction:
            with contextlib.suppress(sqlite3.DatabaseError):
                self._db.execute("ROLLBACK")

    def _error(self, error: sqlite3.DatabaseError) -> Exception:
        if _is_write_failure(error):
            return _write_error(self._path, error)
        return StoreError(f"could not write the run record: {error}")
