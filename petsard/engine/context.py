"""What an operator sees (PathContext) and what it returns (NodeOutput).

Operators are pure: they read their ancestors' outputs from the context, time their steps
with ``ctx.step(name)`` and return a NodeOutput. They never touch Status, so they can run in
another process or on a Dask worker.
"""

from __future__ import annotations

import os
import socket
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
import pandas as pd

from petsard.experiment.source_ref import SourceRef, base_experiment
from petsard.schema.schema import FieldChange, Schema
from petsard.status.records import TimingRecord, now

Data = pd.DataFrame | dict[str, pd.DataFrame] | None


@dataclass
class NodeOutput:
    """A node's result: data (a table or named tables), its schema, artifacts and info."""

    data: Data = None
    schema: Schema | None = None
    artifacts: dict[str, Any] = field(default_factory=dict)
    info: dict[str, Any] = field(default_factory=dict)
    # Field changes as the module describes them; None: Status diffs the schemas itself.
    changes: list[FieldChange] | None = None
    # True when every table is a subset of the input table's rows (same labels, same values):
    # a checkpoint then stores row labels instead of copies (Splitter).
    row_subsets: bool = False
    # How to rebuild ``data`` from the run's (hash-checked) input files, so a checkpoint need
    # not copy it (Loader); a picklable callable returning the data.
    rebuild: Callable[[], Data] | None = None

    def table(self, name: str | None = None) -> pd.DataFrame | None:
        """The main table, or a named one ('train'); for named tables the first by default."""
        if isinstance(self.data, dict):
            if name is not None:
                return self.data.get(name)
            return next(iter(self.data.values()), None)
        return self.data

    @property
    def num_rows(self) -> int | None:
        table = self.table()
        return None if table is None else len(table)


@dataclass(frozen=True)
class RunView:
    """Facts of the run an operator may need: where its record is, and when it started
    (reporters keep files from earlier runs, but replace their own)."""

    run_id: str
    run_dir: str | None
    started: float = 0.0  # the run's start, as a POSIX timestamp


Role = Literal["original", "training", "control"]


@dataclass(frozen=True)
class RoleTable:
    """A real table a path holds in one role, the schema it came with, and its module."""

    table: pd.DataFrame
    schema: Schema | None
    module: str


def worker_id() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


class PathContext:
    """The path from the root to one node: ancestors' outputs, seed, and a step timer."""

    def __init__(
        self,
        *,
        node_key: str,
        module: str,
        experiment: str,
        seed: int,
        ancestors: dict[str, tuple[str, NodeOutput]],
        run: RunView | None = None,
        run_seed: int = 0,
        later: tuple[str, ...] = (),
    ) -> None:
        self.node_key = node_key
        self.module = module
        self.experiment = experiment
        self.seed = seed
        self.run_seed = run_seed
        self.later = later  # modules after this one in the config, e.g. to keep a fitted model
        self.run = run
        self._ancestors = ancestors  # module -> (experiment, output), in path order
        self.timings: list[TimingRecord] = []

    def output_of(self, module: str) -> NodeOutput | None:
        entry = self._ancestors.get(module)
        return None if entry is None else entry[1]

    def experiment_of(self, module: str) -> str | None:
        entry = self._ancestors.get(module)
        return None if entry is None else entry[0]

    @property
    def path(self) -> list[tuple[str, str]]:
        """(module, experiment) of every ancestor, root first."""
        return [(module, expt) for module, (expt, _) in self._ancestors.items()]

    @property
    def input(self) -> NodeOutput | None:
        """The nearest ancestor's output that carries data."""
        for _, output in reversed(list(self._ancestors.values())):
            if output.data is not None:
                return output
        return None

    def role(self, role: Role) -> RoleTable | None:
        """The path's real data in a role: ``original`` (what the Loader read), ``training``
        (what synthesizers learn from: the Splitter's train table, else the original) or
        ``control`` (rows held out from training: the Splitter's validation table)."""
        split, loaded = self.output_of("Splitter"), self.output_of("Loader")
        split_tables = split is not None and isinstance(split.data, dict)
        if role == "control" or (role == "training" and split_tables):
            name = "validation" if role == "control" else "train"
            table = split.table(name) if split is not None and split_tables else None
            return None if table is None else RoleTable(table, split.schema, "Splitter")
        if loaded is None or loaded.table() is None:
            return None
        return RoleTable(loaded.table(), loaded.schema, "Loader")

    def reference(self, text: str) -> SourceRef | None:
        """The reference ``text`` (checked against the config before the run) makes on this
        path; None when the path runs another experiment of its module, or lacks it."""
        modules = {module: [base_experiment(expt)] for module, (expt, _) in
                   self._ancestors.items()}
        try:
            return SourceRef.parse(text, modules)
        except ValueError:
            return None

    def tables_of(self, ref: SourceRef) -> dict[str, pd.DataFrame]:
        """The tables ``ref`` names on this path, by name ('' for a module's one table;
        'train' / 'validation' for a Splitter's); empty when the path does not run it."""
        entry = self._ancestors.get(ref.module)
        if entry is None or not ref.matches(entry[0]) or entry[1].data is None:
            return {}
        data = entry[1].data
        if not isinstance(data, dict):
            return {"": data}
        if ref.part is not None:
            return {ref.part: data[ref.part]} if ref.part in data else {}
        return dict(data)

    def source(self, ref: SourceRef) -> RoleTable | None:
        """The one table ``ref`` names on this path (a Splitter's training table unless the
        reference names its part), with its module's schema; None when the path does not
        run it."""
        tables = self.tables_of(ref)
        if not tables:
            return None
        table = tables.get("train", next(iter(tables.values())))
        return RoleTable(table, self._ancestors[ref.module][1].schema, ref.module)

    def rng(self) -> np.random.Generator:
        return np.random.default_rng(self.seed)

    @contextmanager
    def step(self, name: str) -> Iterator[None]:
        """Time a step ('fit', 'sample', 'write'...); a failing step is recorded as failed."""
        started, clock = now(), time.perf_counter()
        status, error = "completed", None
        try:
            yield
        except BaseException as exc:
            status, error = "failed", f"{type(exc).__name__}: {exc}"
            raise
        finally:
            self.timings.append(TimingRecord(
                record_id="", module_name=self.module, experiment_name=self.experiment,
                step_name=name, start_time=started, end_time=now(),
                duration_seconds=time.perf_counter() - clock, status=status,
                node_key=self.node_key, error=error, worker=worker_id(),
            ))
