"""The record kept in this process only."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import Any

import pandas as pd

from petsard.status.records import (
    ExecutionSnapshot,
    MetadataChange,
    NodeState,
    RecordBatch,
    RunInfo,
    TimingRecord,
)
from petsard.status.store import ENDED, StatusStore


class MemoryStore(StatusStore):
    """Keeps the whole record in this process: for short runs, tests and users who must not
    write anything to disk. Nothing survives the process."""

    def __init__(self) -> None:
        self._run: RunInfo | None = None
        self._nodes: list[NodeState] = []
        self._snapshots: list[ExecutionSnapshot] = []
        self._by_id: dict[str, ExecutionSnapshot] = {}
        self._changes: list[MetadataChange] = []
        self._timings: list[TimingRecord] = []
        self._files: list[tuple[str, str]] = []
        self._tables: list[tuple[str, str, pd.DataFrame]] = []
        self._checkpoints: dict[str, dict[str, Any]] = {}

    def start_run(self, run: RunInfo) -> None:
        self._run = run

    def add_run_event(self, state: str, at: datetime) -> None:
        if self._run is not None:
            ended = at if state in ENDED else None
            self._run = replace(self._run, state=state, ended_at=ended)

    def run_info(self) -> RunInfo | None:
        return self._run

    def write(self, batch: RecordBatch) -> None:
        self._nodes.extend(batch.nodes)
        self._snapshots.extend(batch.snapshots)
        self._by_id.update((s.snapshot_id, s) for s in batch.snapshots)
        self._changes.extend(batch.changes)
        self._timings.extend(batch.timings)
        self._files.extend(batch.files)
        self._tables.extend((key, name, table.copy()) for key, name, table in batch.tables)

    def snapshots(self, module: str | None = None) -> list[ExecutionSnapshot]:
        return [s for s in self._snapshots if module is None or s.module_name == module]

    def snapshot(self, snapshot_id: str) -> ExecutionSnapshot | None:
        return self._by_id.get(snapshot_id)

    def changes(self, module: str | None = None) -> list[MetadataChange]:
        return [c for c in self._changes if module is None or c.module_name == module]

    def timings(self, module: str | None = None) -> list[TimingRecord]:
        return [t for t in self._timings if module is None or t.module_name == module]

    def node_events(self) -> list[NodeState]:
        return list(self._nodes)

    def files(self, node_key: str | None = None) -> list[tuple[str, str]]:
        return [f for f in self._files if node_key is None or f[0] == node_key]

    def tables(self, node_key: str | None = None) -> list[tuple[str, str, pd.DataFrame]]:
        return [(key, name, table.copy()) for key, name, table in self._tables
                if node_key is None or key == node_key]

    def add_checkpoint(self, node_key: str, identity: str, manifest: dict[str, Any]) -> None:
        self._checkpoints[identity] = manifest

    def checkpoints(self) -> dict[str, dict[str, Any]]:
        return dict(self._checkpoints)

    def counts(self) -> dict[str, int]:
        return {"snapshots": len(self._snapshots), "changes": len(self._changes),
                "timings": len(self._timings)}
