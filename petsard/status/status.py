"""Status: the recorder and query API of a run (the seed's contract).

The driver alone writes it. Every record goes to the store (the complete history); Status
keeps the current path's state plus bounded caches of recent records, so memory stays flat
however long the run, and totals come from the store.
"""

from __future__ import annotations

import io
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, TypeVar

import pandas as pd

from petsard.exceptions import StatusError
from petsard.schema.inference import infer_schemas
from petsard.schema.schema import FieldChange, Schema, diff_schemas
from petsard.status.records import (
    ExecutionSnapshot,
    MetadataChange,
    NodeState,
    RecordBatch,
    RunInfo,
    TimingRecord,
    now,
    stamp,
)
from petsard.status.store import MemoryStore, StatusStore

TIMING_COLUMNS = ["record_id", "module_name", "experiment_name", "step_name", "start_time",
                  "end_time", "duration_seconds", "status", "node_key"]

R = TypeVar("R")


@dataclass(frozen=True)
class NodeFacts:
    """Who a node is, for the records it produces."""

    node_key: str
    module: str
    experiment: str
    parent_key: str | None = None
    method: str | None = None
    params: dict[str, Any] | None = None
    seed: int | None = None
    identity: str | None = None  # hash of what determines the output (see checkpoint.py)


@dataclass
class _PathEntry:
    experiment: str
    node_key: str
    data: Any
    schema: Schema | None


class Status:
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
        self.sequence: list[str] = list(getattr(config, "sequence", None) or [])
        self.store: StatusStore = store if store is not None else MemoryStore()
        self._snapshots: deque[ExecutionSnapshot] = deque(maxlen=max_snapshots)
        self._changes: deque[MetadataChange] = deque(maxlen=max_changes)
        self._timings: deque[TimingRecord] = deque(maxlen=max_timings)
        self._written = {"snapshots": 0, "changes": 0, "timings": 0}
        self._cache_complete = True  # False when the store holds records this object never saw
        self._path: dict[str, _PathEntry] = {}
        self._metadata: dict[str, Schema] = {}
        self._inferred: dict[str, Schema] = {}
        self._train_indices: list[set[Any]] = []
        self._offsets: dict[str, int] | None = None

    @classmethod
    def open(cls, location: str | Path) -> Status:
        """Reopen a finished, failed or running run from its folder or record file."""
        from petsard.status.sqlite_store import RECORD_FILE, SQLiteStore

        path = Path(location)
        store = SQLiteStore(path / RECORD_FILE if path.is_dir() else path, create=False)
        status = cls(store=store)
        info = store.run_info()
        status.sequence = list(info.sequence) if info else []
        status._cache_complete = False
        for snap in store.snapshots():
            if snap.metadata_after is not None:
                status._metadata[snap.module_name] = snap.metadata_after
        return status

    def use_store(self, store: StatusStore) -> None:
        """Switch to a persistent store before anything is recorded."""
        if any(self._written.values()) or self.store.node_events():
            raise StatusError("cannot change the store of a status that already holds records")
        self.store = store

    # ----- recording (driver side) -----

    def begin_run(self, run: RunInfo) -> None:
        if not self.sequence:
            self.sequence = list(run.sequence)
        self.store.start_run(run)

    def end_run(self, state: str) -> None:
        self.store.add_run_event(state, now())

    def mark_resumed(self) -> None:
        """Continue a run's record: what follows is appended, numbering goes on."""
        self._cache_complete = False
        self.store.add_run_event("resumed", now())

    def node_started(self, node: NodeFacts) -> None:
        self.store.write(RecordBatch(nodes=(self._node_state(node, "running"),)))

    def record_success(
        self,
        node: NodeFacts,
        *,
        data: Any,
        schema: Schema | None,
        input_schema: Schema | None,
        timings: Iterable[TimingRecord] = (),
        duration: float | None = None,
        info: dict[str, Any] | None = None,
        artifacts: Iterable[tuple[str, str, str]] = (),
        changes: list[FieldChange] | None = None,
    ) -> ExecutionSnapshot:
        """Record a finished node: its snapshot, field changes (``changes`` as the module
        describes them, else a diff of the schemas), timings and artifacts."""
        snapshot = self._snapshot(node, input_schema, schema, "done", duration, info, None)
        records = self._change_records(
            node, snapshot, diff_schemas(input_schema, schema) if changes is None else changes)
        batch = RecordBatch(
            nodes=(self._node_state(node, "done", duration),),
            snapshots=(snapshot,),
            changes=tuple(records),
            timings=tuple(self._number_timings(timings)),
            artifacts=tuple((node.node_key, *a) for a in artifacts),
        )
        self._commit(batch)
        self._enter_path(node, data, schema)
        if node.module == "Splitter" and isinstance(data, dict) and "train" in data:
            self._train_indices.append(set(data["train"].index.tolist()))
        return snapshot

    def record_reused(self, node: NodeFacts, *, output: Any, input_schema: Schema | None,
                      reused_from: str) -> ExecutionSnapshot:
        """Record a node taken unchanged from an earlier run's checkpoint."""
        snapshot = self._snapshot(node, input_schema, output.schema, "reused", None,
                                  {**output.info, "reused_from": reused_from}, None)
        changes = output.changes if output.changes is not None else diff_schemas(
            input_schema, output.schema)
        self._commit(RecordBatch(
            nodes=(self._node_state(node, "done", None, f"reused from run {reused_from}"),),
            snapshots=(snapshot,), changes=tuple(self._change_records(node, snapshot, changes)),
        ))
        self._enter_path(node, output.data, output.schema)
        return snapshot

    def node_recomputed(self, node: NodeFacts, duration: float | None) -> None:
        """A node recorded done earlier whose output had to be computed again on resume (its
        checkpoint was missing); it keeps its one snapshot."""
        self.store.write(RecordBatch(nodes=(self._node_state(
            node, "done", duration, "recomputed on resume: checkpoint missing"),)))

    def node_skipped(self, node: NodeFacts, reason: str) -> None:
        """A node that did not run because an ancestor failed."""
        self.store.write(RecordBatch(nodes=(self._node_state(node, "skipped", None, reason),)))

    def record_failure(
        self,
        node: NodeFacts,
        *,
        error: str,
        input_schema: Schema | None,
        timings: Iterable[TimingRecord] = (),
        duration: float | None = None,
    ) -> ExecutionSnapshot:
        """Record a failed node with its error; its subtree does not run."""
        snapshot = self._snapshot(node, input_schema, None, "failed", duration, None, error)
        self._commit(RecordBatch(
            nodes=(self._node_state(node, "failed", duration, error),),
            snapshots=(snapshot,),
            timings=tuple(self._number_timings(timings)),
        ))
        return snapshot

    def set_inferred_schema(self, module: str, schema: Schema, node_key: str | None = None
                            ) -> None:
        """The schema ``module`` is predicted to produce (at ``node_key``, when given)."""
        self._inferred[module] = schema
        if node_key is not None:
            self._inferred[node_key] = schema

    def _commit(self, batch: RecordBatch) -> None:
        self.store.write(batch)
        self._snapshots.extend(batch.snapshots)
        self._changes.extend(batch.changes)
        self._timings.extend(batch.timings)
        self._written["snapshots"] += len(batch.snapshots)
        self._written["changes"] += len(batch.changes)
        self._written["timings"] += len(batch.timings)

    def _next_id(self, kind: str, plural: str) -> str:
        number = self._offset(plural) + self._written[plural] + 1
        return f"{kind}_{number:06d}_{stamp(now())}"

    def _offset(self, plural: str) -> int:
        """Records already in the store before this object started writing (reopened runs)."""
        if self._cache_complete:
            return 0
        if self._offsets is None:
            self._offsets = self.store.counts()
        return self._offsets[plural]

    def _node_state(self, node: NodeFacts, state: str, duration: float | None = None,
                    error: str | None = None) -> NodeState:
        return NodeState(node.node_key, node.module, node.experiment, state, now(), duration,
                         error, node.parent_key)

    def _snapshot(self, node: NodeFacts, before: Schema | None, after: Schema | None,
                  state: str, duration: float | None, info: dict[str, Any] | None,
                  error: str | None) -> ExecutionSnapshot:
        context: dict[str, Any] = {
            "node_key": node.node_key, "method": node.method, "parameters": node.params or {},
            "seed": node.seed, "identity": node.identity, "state": state,
            "duration_seconds": duration,
            "rows_in": before.num_rows if before is not None else None,
            "rows_out": after.num_rows if after is not None else None,
        }
        if info:
            context["info"] = info
        if error:
            context["error"] = error
        return ExecutionSnapshot(
            snapshot_id=self._next_id("snapshot", "snapshots"), module_name=node.module,
            experiment_name=node.experiment, timestamp=now(), metadata_before=before,
            metadata_after=after, execution_context=context,
        )

    def _change_records(self, node: NodeFacts, snapshot: ExecutionSnapshot,
                        changes: list[FieldChange]) -> list[MetadataChange]:
        records = []
        for offset, change in enumerate(changes):
            number = self._offset("changes") + self._written["changes"] + offset + 1
            records.append(MetadataChange(
                change_id=f"change_{number:06d}_{stamp(snapshot.timestamp)}",
                change_type=change.change_type, target_type=change.target_type,
                target_id=change.target_id, before_state=change.before,
                after_state=change.after, timestamp=snapshot.timestamp,
                module_context=f"{node.module}[{node.experiment}]",
                description=change.description, node_key=node.node_key,
                snapshot_id=snapshot.snapshot_id,
            ))
        return records

    def _number_timings(self, timings: Iterable[TimingRecord]) -> list[TimingRecord]:
        numbered = []
        base = self._offset("timings") + self._written["timings"]
        for offset, record in enumerate(timings):
            number = base + offset + 1
            numbered.append(replace(record, record_id=f"timing_{number:06d}_"
                                                      f"{stamp(record.start_time)}"))
        return numbered

    def _enter_path(self, node: NodeFacts, data: Any, schema: Schema | None) -> None:
        """Make ``node`` the current entry of its module; later modules belong to old paths."""
        if node.module not in self.sequence:
            self.sequence.append(node.module)
        position = self.sequence.index(node.module)
        for module in self.sequence[position:]:
            self._path.pop(module, None)
        self._path[node.module] = _PathEntry(node.experiment, node.node_key, data, schema)
        if schema is not None:
            self._metadata[node.module] = schema

    # ----- compatibility with PETsARD's Status -----

    def put(self, module: str, expt: str, operator: Any) -> None:
        """Record a module's result from an object with ``get_result()`` (and optionally
        ``get_metadata()``), as PETsARD's adapters do."""
        data = operator.get_result() if hasattr(operator, "get_result") else operator
        schema = operator.get_metadata() if hasattr(operator, "get_metadata") else None
        if not isinstance(schema, Schema):
            schema = infer_schemas(data, expt)
        position = self.sequence.index(module) if module in self.sequence else len(self.sequence)
        parents = [(m, e.experiment) for m, e in self._path.items()
                   if m in self.sequence[:position]]
        parent_key = "_".join(f"{m}[{e}]" for m, e in parents) or None
        key = "_".join(filter(None, [parent_key, f"{module}[{expt}]"]))
        before = None
        for m in reversed(self.sequence[:position]):
            if m in self._path and self._path[m].schema is not None:
                before = self._path[m].schema
                break
        self.record_success(NodeFacts(key, module, expt, parent_key), data=data, schema=schema,
                            input_schema=before)

    def set_metadata(self, module: str, metadata: Schema) -> None:
        self._metadata[module] = metadata

    # ----- queries -----

    def get_result(self, module: str) -> Any:
        """The current path's output data of ``module``."""
        entry = self._path.get(module)
        if entry is None:
            raise StatusError(f"module '{module}' has no result on the current path; "
                              f"modules with results: {', '.join(self._path) or 'none'}")
        return entry.data

    def get_full_expt(self, module: str | None = None) -> dict[str, str]:
        """{module: experiment} along the current path, up to and including ``module``."""
        result: dict[str, str] = {}
        for name, entry in self._path.items():
            result[name] = entry.experiment
            if name == module:
                break
        return result

    def get_metadata(self, module: str = "Loader") -> Schema:
        schema = self._metadata.get(module)
        if schema is None:
            known = ", ".join(self._metadata) or "none yet"
            raise StatusError(f"no metadata for module '{module}'; modules with metadata: {known}")
        return schema

    def get_evaluations(self) -> dict[str, dict[str, pd.DataFrame]]:
        """{Evaluator/Describer node key: {granularity: table}}, read from the record."""
        found: dict[str, dict[str, pd.DataFrame]] = {}
        for node_key, name, kind, value in self.store.artifacts():
            if kind == "table" and name.startswith("evaluation/"):
                table = pd.read_json(io.StringIO(value), orient="split")
                found.setdefault(node_key, {})[name.split("/", 1)[1]] = table
        return found

    def get_validation_result(self) -> dict[str, dict[str, Any]]:
        """{Constrainer node key: rows in/out, pass rate, counts per rule, trials...}."""
        return {s.context["node_key"]: s.context.get("info", {})
                for s in self.get_snapshots("Constrainer") if s.context.get("state") == "done"}

    def get_exist_train_indices(self) -> list[set[Any]]:
        """Row labels of every training set a Splitter produced so far in this run."""
        return list(self._train_indices)

    def get_inferred_schema(self, module: str) -> Schema | None:
        """The predicted schema of ``module`` (its latest node) or of one node key."""
        return self._inferred.get(module)

    def _cached(self, cache: deque, plural: str, fetch: Callable[[], list[R]],
                keep: Callable[[R], bool]) -> list[R]:
        if self._cache_complete and self._written[plural] <= (cache.maxlen or 0):
            return [r for r in cache if keep(r)]
        return fetch()

    def get_snapshots(self, module: str | None = None) -> list[ExecutionSnapshot]:
        return self._cached(self._snapshots, "snapshots", lambda: self.store.snapshots(module),
                            lambda s: module is None or s.module_name == module)

    def get_snapshot_by_id(self, snapshot_id: str) -> ExecutionSnapshot | None:
        for snap in self._snapshots:
            if snap.snapshot_id == snapshot_id:
                return snap
        return self.store.snapshot(snapshot_id)

    def get_latest_snapshot(self) -> ExecutionSnapshot | None:
        if self._snapshots and self._cache_complete:
            return self._snapshots[-1]
        snapshots = self.store.snapshots()
        return snapshots[-1] if snapshots else None

    def get_change_history(self, module: str | None = None) -> list[MetadataChange]:
        prefix = f"{module}["
        return self._cached(self._changes, "changes", lambda: self.store.changes(module),
                            lambda c: module is None or c.module_context.startswith(prefix))

    def get_metadata_evolution(self, module: str | None = "Loader") -> dict[str, Schema]:
        """{snapshot_id: schema after} for each execution of ``module`` (all when None)."""
        return {s.snapshot_id: s.metadata_after for s in self.get_snapshots(module)
                if s.metadata_after is not None}

    def restore_from_snapshot(self, snapshot_id: str) -> bool:
        """Set the module's current metadata back to the state after that snapshot."""
        snap = self.get_snapshot_by_id(snapshot_id)
        if snap is None or snap.metadata_after is None:
            return False
        self._metadata[snap.module_name] = snap.metadata_after
        return True

    def get_timing_records(self, module: str | None = None) -> list[TimingRecord]:
        return self._cached(self._timings, "timings", lambda: self.store.timings(module),
                            lambda t: module is None or t.module_name == module)

    def get_timing_report_data(self) -> pd.DataFrame:
        rows = [{c: getattr(r, c) for c in TIMING_COLUMNS} for r in self.get_timing_records()]
        frame = pd.DataFrame(rows, columns=TIMING_COLUMNS)
        for column in ("start_time", "end_time"):
            frame[column] = pd.to_datetime(frame[column], utc=True)
        frame["duration_seconds"] = frame["duration_seconds"].astype(float)
        return frame

    def get_node_states(self) -> list[NodeState]:
        return self.store.nodes()

    def get_run_info(self) -> RunInfo | None:
        return self.store.run_info()

    def get_status_summary(self) -> dict[str, Any]:
        """The seed's summary keys, plus the run's identity and node counts."""
        counts = self.store.counts()
        last_snapshot, last_change = self.store.last_ids()
        nodes = self.store.nodes()
        states = [n.state for n in nodes]
        run = self.store.run_info()
        done_modules = {n.module_name for n in nodes if n.state == "done"}
        sequence = list(self.sequence)
        planned = run.planned_nodes if run else len(nodes)
        return {
            "sequence": sequence,
            "active_modules": [m for m in sequence if m in done_modules],
            "metadata_modules": self.store.modules_with_metadata(),
            "total_snapshots": counts["snapshots"],
            "total_changes": counts["changes"],
            "last_snapshot": last_snapshot,
            "last_change": last_change,
            "total_timings": counts["timings"],
            "run_id": run.run_id if run else None,
            "state": run.state if run else "not started",
            "started_at": run.started_at if run else None,
            "ended_at": run.ended_at if run else None,
            "nodes": {
                "planned": planned,
                "done": states.count("done"),
                "failed": states.count("failed"),
                "skipped": states.count("skipped"),
                "running": states.count("running"),
                "pending": max(planned - len(nodes), 0),
            },
            "record": self.store.location,
        }

    def close(self) -> None:
        self.store.close()
