"""What the driver tells the record about a node: who it is, and one event of its life."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

import pandas as pd

from petsard.schema.schema import FieldChange, Schema
from petsard.status.records import TimingRecord

EventKind = Literal["started", "done", "reused", "recomputed", "skipped", "failed",
                    "interrupted"]


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
    identity: str | None = None  # hash of what determines the output (see checkpoints)


@dataclass(frozen=True)
class NodeEvent:
    """One event of a node, recorded whole (one store transaction).

    started: the node began; done: it finished (``schema``/``data`` its output,
    ``input_schema`` what it received); reused: taken unchanged from run ``reused_from``;
    recomputed: recorded done before a resume, computed again (its checkpoint was missing or
    damaged); skipped: not run (``error`` says why); failed: ``error`` is the failure;
    interrupted: the run stopped while the node ran (``error`` says why).
    """

    kind: EventKind
    node: NodeFacts
    input_schema: Schema | None = None
    schema: Schema | None = None
    data: Any = None  # the output's data, for the current-path view (not stored)
    timings: tuple[TimingRecord, ...] = ()
    duration: float | None = None
    info: Mapping[str, Any] = field(default_factory=dict)
    files: tuple[str, ...] = ()  # files written
    tables: Mapping[str, pd.DataFrame] = field(default_factory=dict)  # by granularity
    changes: list[FieldChange] | None = None  # as the module describes them; None: diff
    error: str | None = None
    reused_from: str | None = None
    note: str | None = field(default=None, compare=False)  # shown as the node state's error
