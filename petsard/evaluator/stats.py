"""``method: stats``: per-column statistics of ori and syn side by side, and their change.

Numeric statistics (mean, std, median, min, max) apply to numerical and boolean columns
(booleans as 0/1) and datetimes (as days since 1970-01-01); nunique to every column;
jsdivergence (Jensen-Shannon divergence, base 2, so 0..1; missing counted as its own value)
to categorical and boolean columns. (The Describer's ``compare`` keeps PETsARD 1.10.1's
definitions instead: petsard/describer/statistics.py.)
"""

from __future__ import annotations

from typing import Literal

import numpy as np
import pandas as pd

from petsard.evaluator.base import EvaluatorMethod
from petsard.evaluator.evaluation_data import EvaluationData, align, one_row
from petsard.schema.inference import kind_of
from petsard.schema.schema import Schema

StatName = Literal["mean", "std", "median", "min", "max", "nunique", "jsdivergence"]
ChangeMethod = Literal["pct_change", "diff"]
STATS: tuple[str, ...] = ("mean", "std", "median", "min", "max", "nunique", "jsdivergence")
NUMERIC = ("mean", "std", "median", "min", "max")
MISSING = "<missing>"


def _numbers(series: pd.Series, kind: str) -> pd.Series:
    if kind == "datetime":
        return ((series - pd.Timestamp(0)) / pd.Timedelta(days=1)).astype(float)
    return series.astype(float)


def column_stats(series: pd.Series, kind: str, stats: list[str]) -> dict[str, float]:
    """One table's statistics of one column (NaN where a statistic does not apply)."""
    out: dict[str, float] = {}
    numeric = kind in ("numerical", "boolean", "datetime")
    values = _numbers(series.dropna(), kind) if numeric else None
    for stat in stats:
        if stat == "nunique":
            out[stat] = float(series.nunique(dropna=True))
        elif stat in NUMERIC:
            if values is None or values.empty:
                out[stat] = float("nan")
            else:
                out[stat] = float(getattr(values, stat)())
    return out


def js_divergence(base: pd.Series, target: pd.Series) -> float:
    """Jensen-Shannon divergence (base 2) of the two value distributions."""
    p = _as_values(base).value_counts(normalize=True)
    q = _as_values(target).value_counts(normalize=True)
    index = p.index.union(q.index)
    p, q = p.reindex(index, fill_value=0.0).to_numpy(), q.reindex(index, fill_value=0.0).to_numpy()
    if not len(index):
        return float("nan")
    mid = (p + q) / 2

    def kl(a: np.ndarray) -> float:
        mask = a > 0
        return float(np.sum(a[mask] * np.log2(a[mask] / mid[mask])))

    return max(0.0, (kl(p) + kl(q)) / 2)


def _as_values(series: pd.Series) -> pd.Series:
    return series.astype(object).map(lambda v: MISSING if pd.isna(v) else str(v))


def _kind(schema: Schema, column: str, series: pd.Series) -> str:
    return schema[column].kind if column in schema else kind_of(series.dtype)


def _change(base: float, target: float, method: str) -> tuple[float, str | None]:
    if np.isnan(base) or np.isnan(target):
        return float("nan"), None
    if method == "diff":
        return target - base, None
    if base == 0:
        if target == 0:
            return 0.0, None
        return float("nan"), "pct_change undefined (base value is 0)"
    return (target - base) / abs(base), None


def compare_tables(base: pd.DataFrame, target: pd.DataFrame, schema: Schema,
                   stats: list[str], compare_method: str) -> dict[str, pd.DataFrame]:
    """Statistics of the two tables per column and their change (``compare_method``).

    ``global`` holds, per statistic, the mean absolute change over the columns it applies
    to, and the mean jsdivergence. Columns only in one table, or whose types disagree, get
    a row of NaN with the reason.
    """
    aligned = align(EvaluationData(ori=base, syn=target, control=None, schema=schema, seed=0),
                    drop_all_missing=False)
    first, second = "ori", "syn"
    numeric = [s for s in stats if s != "jsdivergence"]
    rows = []
    for name in aligned.every:
        row: dict[str, object] = {"column": name}
        if name not in aligned.columns:
            row["logical_type"] = schema[name].kind if name in schema else None
            row["note"] = aligned.notes.get(name)
            rows.append(row)
            continue
        kind = aligned.logical[name]
        row["logical_type"] = kind
        left, right = aligned.ori[name], aligned.syn[name]
        a, b = column_stats(left, kind, numeric), column_stats(right, kind, numeric)
        notes = []
        for table, series in ((first, left), (second, right)):
            if len(series) and series.isna().all():
                notes.append(f"all values missing in {table}")
        for stat in numeric:
            change, note = _change(a[stat], b[stat], compare_method)
            row[f"{stat}_{first}"], row[f"{stat}_{second}"] = a[stat], b[stat]
            row[f"{stat}_{compare_method}"] = change
            if note:
                notes.append(f"{stat}: {note}")
        if "jsdivergence" in stats:
            row["jsdivergence"] = (js_divergence(left, right)
                                   if kind in ("categorical", "boolean") else float("nan"))
        row["note"] = "; ".join(notes) or None
        rows.append(row)
    columns = ["column", "logical_type"]
    for stat in numeric:
        columns += [f"{stat}_{first}", f"{stat}_{second}", f"{stat}_{compare_method}"]
    columns += ["jsdivergence"] if "jsdivergence" in stats else []
    table = pd.DataFrame(rows, columns=[*columns, "note"])
    summary: dict[str, float] = {}
    for stat in numeric:
        values = pd.to_numeric(table[f"{stat}_{compare_method}"], errors="coerce").abs().dropna()
        summary[f"{stat}_{compare_method}"] = float(values.mean()) if len(values) else np.nan
    if "jsdivergence" in stats:
        values = pd.to_numeric(table["jsdivergence"], errors="coerce").dropna()
        summary["jsdivergence"] = float(values.mean()) if len(values) else np.nan
    return {"global": one_row(summary), "columnwise": table}


class StatsEvaluator(EvaluatorMethod):
    """Per-column statistics of ori vs syn (``stats_method``, default all) and their change:
    ``pct_change`` ((syn - ori) / |ori|) or ``diff`` (syn - ori)."""

    measures = "statistics"

    def __init__(self, *, stats_method: list[StatName] | None = None,
                 compare_method: ChangeMethod = "pct_change") -> None:
        self.stats_method = stats_method
        self.compare_method = compare_method

    def evaluate(self, data: EvaluationData) -> dict[str, pd.DataFrame]:
        stats = list(dict.fromkeys(self.stats_method or STATS))
        self.info_ = {"stats_method": stats, "compare_method": self.compare_method,
                      "rows_ori": len(data.ori), "rows_syn": len(data.syn)}
        return compare_tables(data.ori, data.syn, data.schema, stats, self.compare_method)
