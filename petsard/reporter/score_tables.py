"""Score tables as PETsARD's save_report writes them: one evaluation table reshaped with its
path's experiments, and tables merged into one per granularity.

A row is named by ``full_expt_name`` (the path without its Evaluator/Describer, then
``Evaluator[<label>]``), one column per module holding its experiment (``[<label>]`` for
Evaluator and Describer, the label being the granularity, or ``<eval>-<eval>_<granularity>``
under an ``eval:`` filter) and, for columnwise and pairwise tables, ``column`` or
``column1``/``column2``. Every score column is prefixed with its experiment: ``quality_Score``.
Tables merge on those name columns, as PETsARD does: several evaluators of one path share a
row; an evaluator with several rows per path (one per metric) repeats the others' scores; two
with several rows each pair them in order (PETsARD paired every row with every other).
"""

from __future__ import annotations

from collections import Counter

import pandas as pd

from petsard.experiment import MODULE_ORDER

EVALUATION_MODULES = ("Evaluator", "Describer")
FULL_NAME = "full_expt_name"
MERGE_KEYS = (*MODULE_ORDER, FULL_NAME, "column", "column1", "column2")
_FROM_NEWER = "|petsard_newer"  # merge suffix of the newer table's copy of a score column
_NEWER_ROW = "_petsard_newer_row"
_ROW = "_petsard_row"

# How our evaluators name the fields a row is about, where PETsARD's put them in the index.
_FIELD_COLUMNS = {"columnwise": (("column",), ("Column",)),
                  "pairwise": (("column_1", "column_2"), ("Column 1", "Column 2"))}


def shaped(table: pd.DataFrame, granularity: str, path: tuple[tuple[str, str], ...],
           label: str) -> pd.DataFrame:
    """``table``, recorded at the last node of ``path``, as one part of a report file."""
    frame = _fields_as_index(table, granularity)
    evaluation = path[-1][1]
    frame = frame.rename(columns=lambda name: f"{evaluation}_{name}")
    frame = _index_as_columns(frame, granularity)
    postfix = ""
    for module, experiment in reversed(path):
        if module in EVALUATION_MODULES:
            frame.insert(0, module, f"[{label}]")
            postfix += f"{module}[{label}]"
        else:
            frame.insert(0, module, experiment)
    before = "_".join(f"{m}[{e}]" for m, e in path if m not in EVALUATION_MODULES)
    frame.insert(0, FULL_NAME, "_".join(part for part in (before, postfix) if part))
    return frame


def merged(older: pd.DataFrame, newer: pd.DataFrame) -> pd.DataFrame:
    """One table of both, joined as PETsARD joins them: on the name columns they share (rows
    sorted by them); a score both hold takes the newer table's value on the newer table's
    rows. Where both tables hold several rows of one name (two evaluators with one row per
    metric), PETsARD paired every row with every other; here rows pair by their order within
    that name (the first with the first...)."""
    keys = [c for c in older.columns if c in newer.columns and c in MERGE_KEYS]
    older, newer = older.copy(), newer.copy()
    for key in keys:
        if older[key].dtype != newer[key].dtype:
            older[key] = older[key].astype(object)
            newer[key] = newer[key].astype(object)
    older[_ROW], newer[_ROW] = _rows_to_pair(older, newer, keys)
    newer[_NEWER_ROW] = True
    frame = older.merge(newer, on=[*keys, _ROW], how="outer", suffixes=("", _FROM_NEWER))
    frame = frame.reset_index(drop=True)
    from_newer = frame[_NEWER_ROW].eq(True)
    for column in older.columns:
        copy = f"{column}{_FROM_NEWER}"
        if column not in MERGE_KEYS and copy in frame.columns:
            frame[column] = frame[column].where(~from_newer, frame.pop(copy))
    return frame.drop(columns=[_ROW, _NEWER_ROW])


def _rows_to_pair(older: pd.DataFrame, newer: pd.DataFrame, keys: list[str]
                  ) -> tuple[list[int], list[int]]:
    """A further join key: each row's place among the rows of its name where both tables
    hold several, -1 elsewhere (a single row joins every row of its name)."""
    names = [_names(older, keys), _names(newer, keys)]
    counts = [Counter(n) for n in names]
    places = []
    for own in names:
        seen: Counter = Counter()
        place = []
        for name in own:
            several = counts[0][name] > 1 and counts[1][name] > 1
            place.append(seen[name] if several else -1)
            seen[name] += 1
        places.append(place)
    return places[0], places[1]


def _names(frame: pd.DataFrame, keys: list[str]) -> list[tuple]:
    """Each row's values in the name columns (missing as None, so equal names compare equal)."""
    values = frame[keys].astype(object)
    return list(values.where(values.notna(), None).itertuples(index=False, name=None))


def _fields_as_index(table: pd.DataFrame, granularity: str) -> pd.DataFrame:
    """PETsARD's evaluators index columnwise tables by field and pairwise ones by field pair;
    ours keep a plain row number and name the fields in columns: move those to the index."""
    plain = table.index.name is None and table.index.equals(pd.RangeIndex(len(table)))
    for columns in _FIELD_COLUMNS.get(granularity, ()) if plain else ():
        if all(c in table.columns for c in columns):
            frame = table.set_index(list(columns))
            frame.index.names = [None] * len(columns)
            return frame
    return table


def _index_as_columns(frame: pd.DataFrame, granularity: str) -> pd.DataFrame:
    """The index as PETsARD writes it: dropped for global tables, ``column`` (columnwise),
    ``column1``/``column2`` (pairwise), ``index`` (details, tree)."""
    if granularity == "global":
        return frame.reset_index(drop=True)
    frame = frame.reset_index()
    if granularity == "columnwise":
        return frame.rename(columns={"index": "column"})
    if granularity == "pairwise":
        frame = frame.rename(columns={"level_0": "column1", "level_1": "column2"})
        return frame.drop(columns="index", errors="ignore")
    return frame
