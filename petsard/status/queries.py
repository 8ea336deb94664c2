"""The run record's read API: the seed's queries (snapshots, changes, timings, summary) and
ours (node states, evaluations, validation results, files), from the store or the caches."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pandas as pd

from petsard.schema.schema import Schema
from petsard.status.recent import RecentRecords
from petsard.status.records import (
    ExecutionSnapshot,
    MetadataChange,
    NodeState,
    RunInfo,
    TimingRecord,
)
from petsard.status.store import ENDED, StatusStore

TIMING_COLUMNS = ["record_id", "module_name", "experiment_name", "step_name", "start_time",
                  "end_time", "duration_seconds", "status", "node_key"]


class RecordQueries:
    """Read-only questions about one run. ``sequence`` is the module order."""

    def __init__(self, recent: RecentRecords, sequence: list[str]) -> None:
        self._recent = recent
        self.sequence = sequence

    @property
    def store(self) -> StatusStore:
        return self._recent.store

    def get_snapshots(self, module: str | None = None) -> list[ExecutionSnapshot]:
        return self._recent.answer("snapshots", lambda: self.store.snapshots(module),
                                   lambda s: module is None or s.module_name == module)

    def get_snapshot_by_id(self, snapshot_id: str) -> ExecutionSnapshot | None:
        for snap in self._recent.snapshots:
            if snap.snapshot_id == snapshot_id:
                return snap
        return self.store.snapshot(snapshot_id)

    def get_latest_snapshot(self) -> ExecutionSnapshot | None:
        if self._recent.snapshots and self._recent.complete:
            return self._recent.snapshots[-1]
        snapshots = self.store.snapshots()
        return snapshots[-1] if snapshots else None

    def get_change_history(self, module: str | None = None) -> list[MetadataChange]:
        return self._recent.answer("changes", lambda: self.store.changes(module),
                                   lambda c: module is None or c.module_name == module)

    def get_metadata_evolution(self, module: str | None = "Loader") -> list[Schema]:
        """The schemas before and after each execution of ``module`` (every module when
        None), in order, each once (PETsARD's shape)."""
        evolution: dict[str, Schema] = {}
        for snapshot in self.get_snapshots(module):
            for schema in (snapshot.metadata_before, snapshot.metadata_after):
                if schema is not None:
                    evolution.setdefault(schema.content_hash(), schema)
        return list(evolution.values())

    def get_timing_records(self, module: str | None = None) -> list[TimingRecord]:
        return self._recent.answer("timings", lambda: self.store.timings(module),
                                   lambda t: module is None or t.module_name == module)

    def get_timing_report_data(self) -> pd.DataFrame:
        rows = [{c: getattr(r, c) for c in TIMING_COLUMNS} for r in self.get_timing_records()]
        frame = pd.DataFrame(rows, columns=TIMING_COLUMNS)
        for column in ("start_time", "end_time"):
            frame[column] = pd.to_datetime(frame[column], utc=True)
        frame["duration_seconds"] = frame["duration_seconds"].astype(float)
        return frame

    def get_node_states(self) -> list[NodeState]:
        """Latest state per node; nodes left 'running' by a run that is no longer running
        (its process died) are 'interrupted'."""
        nodes = self.store.nodes()
        if any(n.state == "running" for n in nodes):
            run = self.store.run_info()
            if run is not None and run.state in ENDED:
                nodes = [replace(n, state="interrupted") if n.state == "running" else n
                         for n in nodes]
        return nodes

    def get_run_info(self) -> RunInfo | None:
        return self.store.run_info()

    def get_evaluations(self) -> dict[str, dict[str, pd.DataFrame]]:
        """{Evaluator/Describer node key: {granularity: table}}, in the order recorded."""
        found: dict[str, dict[str, pd.DataFrame]] = {}
        for node_key, granularity, table in self.store.tables():
            found.setdefault(node_key, {})[granularity] = table
        return found

    def get_validation_result(self) -> dict[str, dict[str, Any]]:
        """{Constrainer node key: rows in/out, pass rate, counts per rule, trials...}."""
        return {s.context["node_key"]: s.context.get("info", {})
                for s in self.get_snapshots("Constrainer") if s.context.get("state") == "done"}

    def get_privacy_budgets(self) -> dict[str, dict[str, Any]]:
        """{node key: the budget a differentially private method spent there}: its info's
        'privacy' (mechanism, epsilon, delta, preprocessor_eps), in the order recorded."""
        return {s.context["node_key"]: s.context["info"]["privacy"] for s in self.get_snapshots()
                if isinstance(s.context.get("info", {}).get("privacy"), dict)}

    def get_files(self) -> list[str]:
        """Every file a node of this run wrote, in the order written."""
        return [path for _, path in self.store.files()]

    def get_status_summary(self) -> dict[str, Any]:
        """The seed's summary keys, plus the run's identity and node counts."""
        counts = self.store.counts()
        last_snapshot, last_change = self.store.last_ids()
        nodes = self.get_node_states()
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
            # PETsARD's count of schema comparisons: executions with a schema before and after
            "total_diffs": self.store.diff_count(),
            "last_snapshot": last_snapshot,
            "last_change": last_change,
            "total_timings": counts["timings"],
            "run_id": run.run_id if run else None,
            "state": run.state if run else "not started",
            "started_at": run.started_at if run else None,
            "ended_at": run.ended_at if run else None,
            "owner": run.owner if run else None,
            "last_write": run.last_write if run else None,
            "nodes": {
                "planned": planned,
                "done": states.count("done"),
                "failed": states.count("failed"),
                "skipped": states.count("skipped"),
                "running": states.count("running"),
                "interrupted": states.count("interrupted"),
                "pending": max(planned - len(nodes), 0),
            },
            "record": self.store.location,
        }


def describe_budget(budget: dict[str, Any]) -> str:
    """One line for people: 'MST: ε=1, δ=1e-09 (ε=0.2 of it on value ranges)'."""
    parts = [f"ε={budget.get('epsilon'):g}"]
    delta = budget.get("delta")
    parts.append(f"δ={delta:g}" if delta else "pure ε-DP")
    text = f"{budget.get('mechanism', 'DP')}: {', '.join(parts)}"
    spent = budget.get("preprocessor_eps")
    return text + (f" (ε={spent:g} of it on value ranges)" if spent else "")
