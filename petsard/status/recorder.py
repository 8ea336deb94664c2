"""Turns node events into the run's records: one snapshot per module execution, a change
record per field changed, numbered timings, files and evaluation tables; one store
transaction per event."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from typing import Any

from petsard.experiment import NodeKey
from petsard.schema.schema import FieldChange, Schema, diff_schemas
from petsard.status.events import NodeEvent, NodeFacts
from petsard.status.recent import RecentRecords
from petsard.status.records import (
    ExecutionSnapshot,
    MetadataChange,
    NodeState,
    RecordBatch,
    TimingRecord,
    now,
    stamp,
)
from petsard.status.store import StatusStore

# The state each event leaves its node in, and the snapshot state it records (None: none).
_STATES = {"started": ("running", None), "done": ("done", "done"),
           "reused": ("done", "reused"), "recomputed": ("done", None),
           "skipped": ("skipped", None), "failed": ("failed", "failed"),
           "interrupted": ("interrupted", None)}


class Recorder:
    """The run record's only writer (the driver feeds it, in one process)."""

    def __init__(self, recent: RecentRecords) -> None:
        self.recent = recent

    @property
    def store(self) -> StatusStore:
        return self.recent.store

    def write(self, event: NodeEvent) -> ExecutionSnapshot | None:
        """Record ``event``; returns its snapshot, if it makes one."""
        node = event.node
        state, snapshot_state = _STATES[event.kind]
        snapshot = None
        changes: list[MetadataChange] = []
        if snapshot_state is not None:
            info = dict(event.info)
            if event.reused_from is not None:
                info["reused_from"] = event.reused_from
            snapshot = self._snapshot(node, event.input_schema, event.schema, snapshot_state,
                                      event.duration, info, event.error)
            if event.kind != "failed":
                found = event.changes if event.changes is not None else diff_schemas(
                    event.input_schema, event.schema)
                changes = self._change_records(node, snapshot, found)
        note = event.error if event.kind in ("failed", "skipped", "interrupted") else event.note
        batch = RecordBatch(
            nodes=(NodeState(node.node_key, node.module, node.experiment, state, now(),
                             event.duration, note, node.parent_key),),
            snapshots=(snapshot,) if snapshot is not None else (),
            changes=tuple(changes),
            timings=tuple(self._number_timings(event.timings)),
            files=tuple((node.node_key, path) for path in event.files),
            tables=tuple((node.node_key, name, table) for name, table in event.tables.items()),
        )
        self.store.write(batch)
        self.recent.add(batch)
        return snapshot

    def _snapshot(self, node: NodeFacts, before: Schema | None, after: Schema | None,
                  state: str, duration: float | None, info: dict[str, Any],
                  error: str | None) -> ExecutionSnapshot:
        context: dict[str, Any] = {
            "node_key": node.node_key, "method": node.method, "parameters": node.params or {},
            "seed": node.seed, "identity": node.identity, "state": state,
            "duration_seconds": duration,
            "rows_in": before.stats.row_count if before is not None else None,
            "rows_out": after.stats.row_count if after is not None else None,
        }
        if info:
            context["info"] = info
        if error:
            context["error"] = error
        moment = now()
        return ExecutionSnapshot(
            snapshot_id=f"snapshot_{self.recent.next_number('snapshots'):06d}_{stamp(moment)}",
            module_name=node.module, experiment_name=node.experiment, timestamp=moment,
            metadata_before=before, metadata_after=after, execution_context=context,
        )

    def _change_records(self, node: NodeFacts, snapshot: ExecutionSnapshot,
                        changes: list[FieldChange]) -> list[MetadataChange]:
        return [MetadataChange(
            change_id=f"change_{self.recent.next_number('changes', offset):06d}_"
                      f"{stamp(snapshot.timestamp)}",
            change_type=change.change_type, target_type=change.target_type,
            target_id=change.target_id, before_state=change.before, after_state=change.after,
            timestamp=snapshot.timestamp,
            module_context=NodeKey.of(node.module, node.experiment).label,
            description=change.description, node_key=node.node_key,
            snapshot_id=snapshot.snapshot_id,
        ) for offset, change in enumerate(changes)]

    def _number_timings(self, timings: Iterable[TimingRecord]) -> list[TimingRecord]:
        return [replace(record, record_id=f"timing_{self.recent.next_number('timings', offset):06d}"
                                          f"_{stamp(record.start_time)}")
                for offset, record in enumerate(timings)]
