"""The persistent record's contract, and its in-memory implementation.

A store is append-only: records are added, never changed or deleted; a node's or a run's
current state is its latest event. Convenience queries are built on a few primitives.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import replace
from datetime import datetime

from petsard.status.records import (
    ExecutionSnapshot,
    MetadataChange,
    NodeState,
    RecordBatch,
    RunInfo,
    TimingRecord,
)

ENDED = ("completed", "failed")


class StatusStore(ABC):
    """Where a run's record lives. ``write`` is atomic: a batch is stored whole or not at all."""

    location: str | None = None

    @abstractmethod
    def start_run(self, run: RunInfo) -> None: ...

    @abstractmethod
    def add_run_event(self, state: str, at: datetime) -> None:
        """A change of the run's state: 'completed', 'failed', or 'resumed'."""

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
    def artifacts(self, node_key: str | None = None) -> list[tuple[str, str, str, str]]: ...

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

    def modules_with_metadata(self) -> list[str]:
        seen: dict[str, None] = {}
        for snap in self.snapshots():
            if snap.metadata_after is not None:
                seen.setdefault(snap.module_name)
        return list(seen)


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
        self._artifacts: list[tuple[str, str, str, str]] = []

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
        self._artifacts.extend(batch.artifacts)

    def snapshots(self, module: str | None = None) -> list[ExecutionSnapshot]:
        return [s for s in self._snapshots if module is None or s.module_name == module]

    def snapshot(self, snapshot_id: str) -> ExecutionSnapshot | None:
        return self._by_id.get(snapshot_id)

    def changes(self, module: str | None = None) -> list[MetadataChange]:
        return [c for c in self._changes if module is None or c.module_context.startswith(
            f"{module}[")]

    def timings(self, module: str | None = None) -> list[TimingRecord]:
        return [t for t in self._timings if module is None or t.module_name == module]

    def node_events(self) -> list[NodeState]:
        return list(self._nodes)

    def artifacts(self, node_key: str | None = None) -> list[tuple[str, str, str, str]]:
        return [a for a in self._artifacts if node_key is None or a[0] == node_key]

    def counts(self) -> dict[str, int]:
        return {"snapshots": len(self._snapshots), "changes": len(self._changes),
                "timings": len(self._timings)}
