"""The Describer's statistics, in the tables PETsARD 1.10.1 writes, so scripts reading its
reports keep working.

``describe``: ``global`` (row_count, col_count, na_count: rows with a missing value),
``columnwise`` (one row per column: the statistics asked for; ``col_na_count`` is written
``na_count``) and ``pairwise`` (column1, column2, corr and/or cov over the lower triangle,
diagonal included). ``compare``: ``columnwise`` (``<stat>_base``, ``<stat>_target``,
``<stat>_<compare_method>``, ``jsdivergence``) and ``global`` (``Score`` first, then the mean
of each change column).

How the schema treats each field (``Attribute.kind``) decides what applies, as PETsARD's
dtype checks did after aligning the data to its schema: numeric statistics to numerical and
boolean columns (booleans as 0/1), nunique to categorical, text and boolean columns,
jsdivergence to every column but datetimes (numbers are compared as discrete values). What
does not apply is missing (NaN). Values are not rounded (PETsARD rounded to 2 decimals,
before computing changes).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from petsard.schema.schema import Schema

DESCRIBE_STATS = ("row_count", "col_count", "global_na_count", "mean", "median", "std", "var",
                  "min", "max", "kurtosis", "skew", "q1", "q3", "percentile", "col_na_count",
                  "nunique", "corr", "cov")
DEFAULT_DESCRIBE = ("row_count", "col_count", "global_na_count", "mean", "median", "std",
                    "min", "max", "kurtosis", "skew", "q1", "q3", "col_na_count", "nunique",
                    "corr")
COMPARE_STATS = ("mean", "std", "median", "min", "max", "nunique", "jsdivergence")

GLOBAL = {"row_count": "row_count", "col_count": "col_count", "global_na_count": "na_count"}
PAIRWISE = ("corr", "cov")
NUMERIC_KINDS = ("numerical", "boolean")
COUNTED_KINDS = ("categorical", "text", "boolean")  # nunique
_PANDAS = {"mean": "mean", "median": "median", "std": "std", "var": "var", "min": "min",
           "max": "max", "kurtosis": "kurt", "skew": "skew"}


def _kind(schema: Schema, column: str) -> str:
    return schema[column].kind


def numbers(table: pd.DataFrame, schema: Schema) -> pd.DataFrame:
    """The numerical and boolean columns as floats (missing or unreadable values: NaN)."""
    return pd.DataFrame({
        column: pd.to_numeric(table[column], errors="coerce").astype("float64")
        for column in table.columns if _kind(schema, str(column)) in NUMERIC_KINDS
    }, index=table.index)


def percentile_name(percentile: float) -> str:
    """PETsARD's column name: 0.95 -> '95.0 th percentile'."""
    return f"{percentile * 100} th percentile"


def columnwise(table: pd.DataFrame, schema: Schema, stats: list[str],
               percentile: float | None = None) -> pd.DataFrame:
    """One row per column (index: column name), one column per statistic in ``stats`` order;
    counts as nullable integers."""
    values = numbers(table, schema)
    index = pd.Index([str(c) for c in table.columns])
    out: dict[str, pd.Series] = {}
    for stat in stats:
        if stat in _PANDAS:
            out[stat] = getattr(values, _PANDAS[stat])()
        elif stat in ("q1", "q3"):
            out[stat] = values.quantile(0.25 if stat == "q1" else 0.75)
        elif stat == "percentile" and percentile is not None:
            out[percentile_name(percentile)] = values.quantile(percentile)
        elif stat == "col_na_count":
            out["na_count"] = table.isna().sum().astype("Int64")
        elif stat == "nunique":
            counted = [c for c in table.columns if _kind(schema, str(c)) in COUNTED_KINDS]
            out[stat] = table[counted].nunique(dropna=True).astype("Int64")
    frame = pd.DataFrame(index=index)
    for name, series in out.items():
        series.index = series.index.map(str)
        frame[name] = series.reindex(index)
    return frame


def pairwise(table: pd.DataFrame, schema: Schema, stats: list[str]) -> pd.DataFrame:
    """Pearson correlation and/or covariance of each pair of numeric columns (a column with
    itself included; pairs whose value is undefined left out), sorted by column1, column2."""
    values = numbers(table, schema)
    frames = []
    for stat in stats:
        matrix = values.corr() if stat == "corr" else values.cov()
        rows, cols = np.tril_indices(len(matrix))
        frames.append(pd.DataFrame({
            "column1": matrix.index[rows], "column2": matrix.columns[cols],
            stat: matrix.to_numpy()[rows, cols],
        }).dropna(subset=[stat]))
    merged = frames[0]
    for frame in frames[1:]:
        merged = merged.merge(frame, on=["column1", "column2"], how="outer")
    return merged.sort_values(["column1", "column2"]).reset_index(drop=True)


def describe_table(table: pd.DataFrame, schema: Schema, stats: list[str],
                   percentile: float | None = None) -> dict[str, pd.DataFrame]:
    """The granularities ``stats`` reach: global, columnwise, pairwise."""
    result: dict[str, pd.DataFrame] = {}
    totals = {"row_count": len(table), "col_count": table.shape[1],
              "global_na_count": int(table.isna().any(axis=1).sum())}
    if any(stat in GLOBAL for stat in stats):
        result["global"] = pd.DataFrame([{GLOBAL[s]: totals[s] for s in stats if s in GLOBAL}])
    per_column = [s for s in stats if s not in GLOBAL and s not in PAIRWISE]
    if per_column:
        result["columnwise"] = _with_column(columnwise(table, schema, per_column, percentile))
    pairs = [s for s in stats if s in PAIRWISE]
    if pairs:
        result["pairwise"] = pairwise(table, schema, pairs)
    return result


def js_divergence(base: pd.Series, target: pd.Series) -> float:
    """Jensen-Shannon divergence of two columns' value distributions (missing values left
    out), as PETsARD: scipy's distance (natural log) squared, so 0 .. ln 2."""
    from scipy.spatial.distance import jensenshannon

    p = base.value_counts(normalize=True)
    q = target.value_counts(normalize=True)
    if p.empty or q.empty:
        return float("nan")
    both = pd.concat([_by_value(p), _by_value(q)], axis=1).fillna(0.0)
    return float(jensenshannon(both.iloc[:, 0], both.iloc[:, 1]) ** 2)


def _by_value(shares: pd.Series) -> pd.Series:
    # Categorical indexes of different categories do not align; plain values do.
    return pd.Series(shares.to_numpy(), index=shares.index.astype(object))


def _change(base: pd.Series, target: pd.Series, compare_method: str) -> pd.Series:
    base, target = base.astype("float64"), target.astype("float64")
    if compare_method == "diff":
        return target - base
    return ((target - base) / base.abs()).where(base != 0)  # undefined for a base of 0


def compare_tables(base: pd.DataFrame, target: pd.DataFrame, schema: Schema,
                   stats: list[str], compare_method: str) -> dict[str, pd.DataFrame]:
    """Both tables' statistics side by side per column they share (``schema``, base's,
    decides what applies), their change, and ``global``: each change column's mean (signed,
    PETsARD's ``aggregated_method: mean``) and ``Score``, the mean of those
    (``summary_method: mean``) that are defined (PETsARD's became NaN if one was not)."""
    shared = [c for c in base.columns if c in set(target.columns)]
    per_column = [s for s in stats if s != "jsdivergence"]
    left = columnwise(base[shared], schema, per_column)
    right = columnwise(target[shared], schema, per_column)
    table = pd.DataFrame({"column": [str(c) for c in shared]})
    changes = []
    for stat in per_column:
        table[f"{stat}_base"] = left[stat].to_numpy()
        table[f"{stat}_target"] = right[stat].to_numpy()
        table[f"{stat}_{compare_method}"] = _change(
            left[stat], right[stat], compare_method).to_numpy()
        changes.append(f"{stat}_{compare_method}")
    if "jsdivergence" in stats:
        table["jsdivergence"] = [
            float("nan") if _kind(schema, str(c)) == "datetime"
            else js_divergence(base[c], target[c]) for c in shared]
        changes.append("jsdivergence")
    aggregated = {name: float(table[name].astype("float64").mean()) for name in changes}
    defined = [v for v in aggregated.values() if not np.isnan(v)]
    score = float(np.mean(defined)) if defined else float("nan")
    return {"global": pd.DataFrame([{"Score": score, **aggregated}]), "columnwise": table}


def _with_column(frame: pd.DataFrame) -> pd.DataFrame:
    """The column names as a ``column`` column, as PETsARD's reports write them."""
    return frame.rename_axis("column").reset_index()
