"""What an evaluator sees (EvaluationData) and how the operator gathers it from the path.

Also the shared handling of degenerate data: columns that exist in only one table, or whose
types disagree, are set aside with a reason so evaluators score the rest instead of failing.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from types import ModuleType

import numpy as np
import pandas as pd

from petsard.engine.context import NodeOutput, PathContext
from petsard.exceptions import EvaluatorError as EvaluatorError  # re-exported
from petsard.exceptions import MissingDependencyError, NodeError
from petsard.schema.attribute import SDTYPES
from petsard.schema.inference import infer_attribute, kind_of
from petsard.schema.logical_types import DIRECT_IDENTIFIERS
from petsard.schema.schema import Schema

MIN_CONTROL_ROWS = 10


@dataclass(frozen=True, eq=False)
class EvaluationData:
    """The tables an evaluator compares.

    ori: the real data the synthesizer learned from (the Splitter's train table, else the
        Loader's data); syn: the path's latest data; control: real rows held out from
        training (the Splitter's validation table) or None; schema: ori's schema (logical
        types decide how each column is scored); seed: the node's seed.
    """

    ori: pd.DataFrame
    syn: pd.DataFrame
    control: pd.DataFrame | None
    schema: Schema
    seed: int


def evaluation_data(ctx: PathContext, label: str) -> tuple[EvaluationData, NodeOutput]:
    """EvaluationData from the path, and the output whose data is passed through."""
    latest = ctx.input
    if latest is None or latest.table() is None:
        raise NodeError(f"{label} needs data from an earlier module (add a Loader)",
                        ctx.node_key)
    training, control = ctx.role("training"), ctx.role("control")
    if training is None:
        raise NodeError(f"{label} needs the original data: add a Loader (and a Splitter for "
                        "control data) before it", ctx.node_key)
    data = EvaluationData(ori=training.table, syn=latest.table(),
                          control=None if control is None else control.table,
                          schema=schema_for(training.table, training.schema), seed=ctx.seed)
    return data, latest


def schema_for(data: pd.DataFrame, schema: Schema | None) -> Schema:
    """``schema`` restricted to (and completed for) ``data``'s columns."""
    known = {} if schema is None else {a.name: a for a in schema}
    fields = [known.get(str(c)) or infer_attribute(str(c), data[c], len(data))
              for c in data.columns]
    return Schema.of(schema.name if schema else "table", fields, len(data))


def require(module: str, package: str, purpose: str) -> ModuleType:
    """Import an optional package's module lazily; MissingDependencyError if it is absent."""
    try:
        return importlib.import_module(module)
    except ModuleNotFoundError as exc:
        top = module.split(".")[0]
        if exc.name is not None and exc.name.split(".")[0] == top:
            raise MissingDependencyError(package, "eval", purpose) from exc
        raise


@dataclass
class Aligned:
    """ori and syn (and control) restricted to the columns both can be scored on.

    ``notes`` maps each set-aside column to the reason; ``columns`` (scored) and
    ``every`` (ori's columns, then those only in syn) keep the tables' order.
    """

    ori: pd.DataFrame
    syn: pd.DataFrame
    control: pd.DataFrame | None
    columns: list[str]
    logical: dict[str, str]
    notes: dict[str, str] = field(default_factory=dict)
    every: list[str] = field(default_factory=list)

    def note_lines(self) -> list[str]:
        """Each set-aside column with its reason, as the record's notes list them."""
        return [f"{column}: {reason}" for column, reason in self.notes.items()]

    def sdtypes(self) -> dict[str, str]:
        """sdmetrics' sdtype of each scored column."""
        return {c: SDTYPES.get(self.logical[c], "categorical") for c in self.columns}


SDMETRICS_TABLE = "table"  # the one table's name in the metadata sdmetrics is given


def sdmetrics_metadata(sdtypes: dict[str, str]) -> dict[str, object]:
    """sdmetrics' single-table metadata: ``{"tables": {table: {"columns": ...}}}``."""
    columns = {name: {"sdtype": sdtype} for name, sdtype in sdtypes.items()}
    return {"tables": {SDMETRICS_TABLE: {"columns": columns}}}


def _kind(series: pd.Series) -> str:
    kind = kind_of(series.dtype)
    return "other" if kind == "categorical" else kind


def as_text(series: pd.Series) -> pd.Series:
    """Values as strings (missing stays missing): categories compared across dtypes."""
    return series.astype(object).map(lambda v: v if is_missing(v) else str(v))


def is_missing(value: object) -> bool:
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def align(data: EvaluationData, *, drop_all_missing: bool = True) -> Aligned:
    """Common columns of ori and syn whose types agree with ori's schema.

    Numerical and datetime columns must have that kind of dtype in syn (and control);
    categorical, boolean and text columns are compared as text when their dtypes differ.
    Columns missing from one table, of the wrong kind, direct identifiers (names, keys,
    emails...: a release replaces them, so comparing their values says nothing), or
    (``drop_all_missing``) entirely missing in a table are set aside with a note.
    """
    ori, syn, control = data.ori, data.syn, data.control
    notes: dict[str, str] = {}
    columns, logical = [], {}
    converted: dict[str, tuple[pd.Series, pd.Series, pd.Series | None]] = {}
    for column in ori.columns:
        name = str(column)
        if column not in syn.columns:
            notes[name] = "missing from syn: not scored"
            continue
        if control is not None and column not in control.columns:
            notes[name] = "missing from control: not scored"
            continue
        kind = data.schema[name].kind if name in data.schema else "categorical"
        meaning = data.schema[name].logical_type if name in data.schema else None
        if meaning in DIRECT_IDENTIFIERS:
            notes[name] = f"direct identifier ({meaning}): not scored"
            continue
        tables = {"ori": ori[column], "syn": syn[column]}
        if control is not None:
            tables["control"] = control[column]
        if drop_all_missing:
            empty = [t for t, s in tables.items() if len(s) and s.isna().all()]
            if empty:
                notes[name] = f"all values missing in {' and '.join(empty)}: not scored"
                continue
        if kind in ("numerical", "datetime"):
            wrong = [f"{t} is {s.dtype}" for t, s in tables.items()
                     if _kind(s) not in (kind, "boolean" if kind == "numerical" else kind)]
            if wrong:
                notes[name] = (f"type mismatch: ori is {kind} but {', '.join(wrong)}: "
                               "not scored")
                continue
        elif len({str(s.dtype) for s in tables.values()}) > 1:
            converted[name] = (as_text(ori[column]), as_text(syn[column]),
                               None if control is None else as_text(control[column]))
        columns.append(column)
        logical[name] = kind
    for column in syn.columns:
        if column not in ori.columns:
            notes[str(column)] = "only in syn (not in ori): not scored"
    ori, syn = ori[columns].copy(), syn[columns].copy()
    control = None if control is None else control[columns].copy()
    for name, (o, s, c) in converted.items():
        ori[name], syn[name] = o, s
        if control is not None and c is not None:
            control[name] = c
    every = [*map(str, data.ori.columns),
             *[str(c) for c in data.syn.columns if c not in data.ori.columns]]
    return Aligned(ori, syn, control, [str(c) for c in columns], logical, notes, every)


def seed_of(random_state: int | None, data: EvaluationData) -> int:
    """The user's ``random_state`` if given, else the node's seed."""
    return int(random_state if random_state is not None else data.seed) % (2**32)


@contextmanager
def numpy_seed(seed: int) -> Iterator[None]:
    """Seed numpy's global generator (anonymeter draws targets with it, pandas' ``sample``
    without a random_state draws from it), then restore it."""
    state = np.random.get_state()
    np.random.seed(seed)
    try:
        yield
    finally:
        np.random.set_state(state)


def control_in_pipeline(name: str, path: str, modules: Iterable[str]) -> list[str]:
    """``check_pipeline`` of a method that compares with real rows the synthesizer did not
    see: the config must split them off."""
    if "Splitter" not in modules:
        return [f"{path}: {name} needs control data (real rows the synthesizer did not see): "
                "add a Splitter before it"]
    return []


def require_control(data: EvaluationData, name: str) -> pd.DataFrame:
    """``data.control``, or EvaluatorError when there is none or too little of it."""
    if data.control is None:
        raise EvaluatorError(f"{name} needs control data (real rows the synthesizer did not "
                             "see): add a Splitter before the Synthesizer")
    if len(data.control) < MIN_CONTROL_ROWS:
        raise EvaluatorError(f"{name} needs at least {MIN_CONTROL_ROWS} control rows, got "
                             f"{len(data.control)}: lower the Splitter's train_split_ratio or "
                             "use more data")
    return data.control


def one_row(values: dict[str, object]) -> pd.DataFrame:
    """A one-row table (index-free) of scores: the ``global`` granularity."""
    return pd.DataFrame([values])

