"""The persistent record's contract: what every store (memory, SQLite) implements.

A store is append-only: records are added, never changed or deleted; a node's or a run's
current state is its latest event. Convenience queries are built on a few primitives.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
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

ENDED = ("completed", "failed", "interrupted")


class StatusStore(ABC):
    """Where a run's record lives. ``write`` is atomic: a batch is stored whole or not at all."""

    location: str | None = None

    @abstractmethod
    def start_run(self, run: RunInfo) -> None: ...

    @abstractmethod
    def add_run_event(self, state: str, at: datetime) -> None:
        """A change of the run's state: 'completed', 'failed', 'interrupted' or 'resumed'."""

    @abstractmethod
    def run_info(self) -> RunInfo | None: ...

    @abstractmethod
    def write(self, batch: RecordBatch) -> None: ...

    @abstractmethod
    def snapshots(self, module: str | None = None) -> list[ExecutionSnapshot]: ...

    @abstractmethod
    def snapshot(self, snapshot_id: str) -> ExecutionSnapshot | None: ...

    @abstractmethod
    def changes(self, module: str | None = None) -> list[MetadataChange]: ...

    @abstractmethod
    def timings(self, module: str | None = None) -> list[TimingRecord]: ...

    @abstractmethod
    def node_events(self) -> list[NodeState]: ...

    @abstractmethod
    def files(self, node_key: str | None = None) -> list[tuple[str, str]]:
        """(node key, path) of every file written, in order."""

    @abstractmethod
    def tables(self, node_key: str | None = None) -> list[tuple[str, str, pd.DataFrame]]:
        """(node key, granularity, table) of every evaluation table, in order, as written."""

    @abstractmethod
    def add_checkpoint(self, node_key: str, identity: str, manifest: dict[str, Any]) -> None:
        """A checkpoint of ``node_key`` was written: its manifest (files and checksums)."""

    @abstractmethod
    def checkpoints(self) -> dict[str, dict[str, Any]]:
        """{identity: manifest} of every checkpoint written (the latest of each)."""

    def close(self) -> None:  # noqa: B027 - optional for stores without resources
        """Release files or connections."""

    # Convenience queries, built on the primitives above.

    def nodes(self) -> list[NodeState]:
        """Latest state per node, in the order nodes were first seen."""
        latest: dict[str, NodeState] = {}
        for event in self.node_events():
            latest[event.node_key] = event
        return list(latest.values())

    def counts(self) -> dict[str, int]:
        return {
            "snapshots": len(self.snapshots()),
            "changes": len(self.changes()),
            "timings": len(self.timings()),
        }

    def last_ids(self) -> tuple[str | None, str | None]:
        snapshots, changes = self.snapshots(), self.changes()
        return (snapshots[-1].snapshot_id if snapshots else None,
                changes[-1].change_id if changes else None)

    def diff_count(self) -> int:
        """Executions whose schemas before and after were compared."""
        return sum(1 for snap in self.snapshots()
                   if snap.metadata_before is not None and snap.metadata_after is not None)

    def modules_with_metadata(self) -> list[str]:
        seen: dict[str, None] = {}
        for snap in self.snapshots():
            if snap.metadata_after is not None:
                seen.setdefault(snap.module_name)
        return list(seen)
