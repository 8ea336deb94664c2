"""Status: the seed's contract, as three parts behind one object.

- the Recorder writes the record from node events (the driver alone feeds it);
- RecordQueries answers questions about the record (this class's read methods);
- CurrentPath is the view of the latest execution of each module (``get_result``...).

Every record goes to the store (the complete history); only bounded caches of recent
records stay in memory, so memory stays flat however long the run.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from petsard.exceptions import StatusError
from petsard.experiment import NodeKey
from petsard.schema.inference import infer_schemas
from petsard.schema.schema import Schema
from petsard.status.current_path import CurrentPath
from petsard.status.events import NodeEvent, NodeFacts
from petsard.status.memory_store import MemoryStore
from petsard.status.queries import RecordQueries
from petsard.status.recent import RecentRecords
from petsard.status.recorder import Recorder
from petsard.status.records import ExecutionSnapshot, RunInfo, now
from petsard.status.sqlite_store import RECORD_FILE, SQLiteStore
from petsard.status.store import StatusStore


class Status(RecordQueries):
    """Records snapshots, metadata changes and timings of each module execution, and answers
    queries about them. ``max_*`` bound the in-memory caches; the store keeps everything."""

    def __init__(
        self,
        config: Any = None,
        max_snapshots: int = 1000,
        max_changes: int = 5000,
        max_timings: int = 10000,
        *,
        store: StatusStore | None = None,
    ) -> None:
        self.config = config
        self._limits = (max_snapshots, max_changes, max_timings)
        self._path = CurrentPath(list(getattr(config, "sequence", None) or []))
        recent = RecentRecords(store if store is not None else MemoryStore(), *self._limits)
        super().__init__(recent, self._path.sequence)
        self._recorder = Recorder(recent)

    @classmethod
    def open(cls, location: str | Path) -> Status:
        """Reopen a finished, failed or running run from its folder or record file."""
        path = Path(location)
        store = SQLiteStore(path / RECORD_FILE if path.is_dir() else path, create=False,
                            readonly=True)
        status = cls(store=store)
        info = store.run_info()
        status._path.sequence[:] = list(info.sequence) if info else []
        status._recent.complete = False
        for snap in store.snapshots():
            if snap.metadata_after is not None:
                status._path.metadata[snap.module_name] = snap.metadata_after
        return status

    def use_store(self, store: StatusStore) -> None:
        """Switch to a persistent store before anything is recorded."""
        if any(self._recent.written.values()) or self.store.node_events():
            raise StatusError("cannot change the store of a status that already holds records")
        recent = RecentRecords(store, *self._limits)
        self._recent = recent
        self._recorder = Recorder(recent)

    # ----- recording (driver side) -----

    def begin_run(self, run: RunInfo) -> None:
        if not self.sequence:
            self.sequence[:] = list(run.sequence)
        self.store.start_run(run)

    def end_run(self, state: str) -> None:
        self.store.add_run_event(state, now())

    def mark_resumed(self) -> None:
        """Continue a run's record: what follows is appended, numbering goes on."""
        self._recent.complete = False
        self.store.add_run_event("resumed", now())

    def record(self, event: NodeEvent) -> ExecutionSnapshot | None:
        """Record one node event; a finished node becomes its module's current entry."""
        snapshot = self._recorder.write(event)
        if event.kind in ("done", "reused"):
            node = event.node
            self._path.enter(node.module, node.experiment, node.node_key, event.data,
                             event.schema)
        return snapshot

    def record_checkpoint(self, node_key: str, identity: str, manifest: dict[str, Any]
                          ) -> None:
        """A node's checkpoint landed on disk: keep its checksums, so it is verified when
        read."""
        self.store.add_checkpoint(node_key, identity, manifest)

    def set_inferred_schema(self, module: str, schema: Schema, node_key: str | None = None
                            ) -> None:
        """The schema ``module`` is predicted to produce (at ``node_key``, when given)."""
        self._path.inferred[module] = schema
        if node_key is not None:
            self._path.inferred[node_key] = schema

    # ----- the current path (PETsARD's Status) -----

    def put(self, module: str, expt: str, operator: Any) -> None:
        """Record a module's result from an object with ``get_result()`` (and optionally
        ``get_metadata()``), as PETsARD's adapters do."""
        data = operator.get_result() if hasattr(operator, "get_result") else operator
        schema = operator.get_metadata() if hasattr(operator, "get_metadata") else None
        if not isinstance(schema, Schema):
            schema = infer_schemas(data, expt)
        earlier = self._path.before(module)
        key = NodeKey((*((m, e.experiment) for m, e in earlier), (module, expt)))
        before = next((e.schema for _, e in reversed(earlier) if e.schema is not None), None)
        facts = NodeFacts(str(key), module, expt, str(key.parent) if key.parent else None)
        self.record(NodeEvent("done", facts, input_schema=before, schema=schema, data=data))

    def set_metadata(self, module: str, metadata: Schema) -> None:
        self._path.metadata[module] = metadata

    def get_result(self, module: str) -> Any:
        """The current path's output data of ``module``."""
        return self._path.result(module)

    def get_full_expt(self, module: str | None = None) -> dict[str, str]:
        """{module: experiment} along the current path, up to and including ``module``."""
        return self._path.full_expt(module)

    def get_metadata(self, module: str = "Loader") -> Schema:
        return self._path.schema_of(module)

    def get_exist_train_indices(self) -> list[set[Any]]:
        """Row labels of every training set a Splitter produced so far in this run."""
        return list(self._path.train_indices)

    def get_inferred_schema(self, module: str) -> Schema | None:
        """The predicted schema of ``module`` (its latest node) or of one node key."""
        return self._path.inferred.get(module)

    def restore_from_snapshot(self, snapshot_id: str) -> bool:
        """Set the module's current metadata back to the state after that snapshot."""
        snap = self.get_snapshot_by_id(snapshot_id)
        if snap is None or snap.metadata_after is None:
            return False
        self._path.metadata[snap.module_name] = snap.metadata_after
        return True

    def close(self) -> None:
        self.store.close()
