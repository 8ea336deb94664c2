"""Immutable records of a run: snapshots, metadata changes, timings, node states, run info.

They convert to and from plain dicts at the store boundary (``to_dict``/``from_dict``).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from datetime import datetime, timezone
from typing import Any

import pandas as pd

from petsard.schema.schema import Schema

SPEC_VERSION = 1


def now() -> datetime:
    return datetime.now(timezone.utc)


def stamp(moment: datetime) -> str:
    """The time part of record ids: 20261126_070000."""
    return moment.strftime("%Y%m%d_%H%M%S")


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def _dt(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


@dataclass(frozen=True, slots=True)
class ExecutionSnapshot:
    """One module execution: which node, when, schema before and after, and its context."""

    snapshot_id: str
    module_name: str
    experiment_name: str
    timestamp: datetime
    metadata_before: Schema | None
    metadata_after: Schema | None
    execution_context: dict[str, Any] = field(default_factory=dict)

    @property
    def context(self) -> dict[str, Any]:
        return self.execution_context

    @property
    def node_key(self) -> str | None:
        return self.execution_context.get("node_key")


@dataclass(frozen=True, slots=True)
class MetadataChange:
    """A schema or field created, updated or deleted by one module execution."""

    change_id: str
    change_type: str  # create | update | delete
    target_type: str  # schema | field
    target_id: str
    before_state: dict[str, Any] | None
    after_state: dict[str, Any] | None
    timestamp: datetime
    module_context: str  # e.g. "Preprocessor[preprocess]"
    description: str = ""
    node_key: str | None = None
    snapshot_id: str | None = None

    @property
    def module_name(self) -> str:
        """The module of ``module_context`` ('Preprocessor[preprocess]' -> 'Preprocessor')."""
        return self.module_context.partition("[")[0]

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["timestamp"] = _iso(self.timestamp)
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> MetadataChange:
        return cls(**{**_known(cls, data), "timestamp": _dt(data["timestamp"])})


@dataclass(frozen=True, slots=True)
class TimingRecord:
    """Wall-clock time of one node ('run') or one step inside it ('fit', 'sample'...)."""

    record_id: str
    module_name: str
    experiment_name: str
    step_name: str
    start_time: datetime
    end_time: datetime | None = None
    duration_seconds: float | None = None
    status: str = "running"  # running | completed | failed
    node_key: str | None = None
    error: str | None = None
    worker: str | None = None

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["start_time"] = _iso(self.start_time)
        data["end_time"] = _iso(self.end_time)
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> TimingRecord:
        return cls(**{**_known(cls, data), "start_time": _dt(data["start_time"]),
                      "end_time": _dt(data.get("end_time"))})


@dataclass(frozen=True, slots=True)
class NodeState:
    """Latest known state of one node of the experiment tree."""

    node_key: str
    module_name: str
    experiment_name: str
    state: str  # running | done | failed | skipped | interrupted
    timestamp: datetime
    duration_seconds: float | None = None
    error: str | None = None
    parent_key: str | None = None


@dataclass(frozen=True, slots=True)
class RunInfo:
    """What a run was: its config as written, seed, versions and input file hashes."""

    run_id: str
    started_at: datetime
    config_text: str
    config_name: str | None = None
    seed: int | None = None
    sequence: tuple[str, ...] = ()
    planned_nodes: int = 0
    versions: dict[str, str] = field(default_factory=dict)
    input_hashes: dict[str, str] = field(default_factory=dict)
    run_dir: str | None = None
    # running | resumed (running again) | completed | failed | interrupted (stopped by a
    # signal, or its process died)
    state: str = "running"
    ended_at: datetime | None = None
    owner: str | None = None  # the process that runs (or ran) it, as the record names it
    last_write: datetime | None = None  # when the record was last written

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data.update(started_at=_iso(self.started_at), ended_at=_iso(self.ended_at),
                    last_write=_iso(self.last_write), sequence=list(self.sequence),
                    spec_version=SPEC_VERSION)
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> RunInfo:
        return cls(**{**_known(cls, data), "started_at": _dt(data["started_at"]),
                      "ended_at": _dt(data.get("ended_at")),
                      "last_write": _dt(data.get("last_write")),
                      "sequence": tuple(data.get("sequence", ()))})


@dataclass(frozen=True, slots=True)
class RecordBatch:
    """Everything one node event writes; a store writes a batch in one transaction, in the
    format it chooses."""

    nodes: tuple[NodeState, ...] = ()
    snapshots: tuple[ExecutionSnapshot, ...] = ()
    changes: tuple[MetadataChange, ...] = ()
    timings: tuple[TimingRecord, ...] = ()
    files: tuple[tuple[str, str], ...] = ()  # (node_key, path of a file written)
    tables: tuple[tuple[str, str, pd.DataFrame], ...] = ()  # (node_key, granularity, table)


def _known(cls: type, data: dict[str, Any]) -> dict[str, Any]:
    names = {f.name for f in fields(cls)}
    return {k: v for k, v in data.items() if k in names}
