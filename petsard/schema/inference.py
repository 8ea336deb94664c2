"""Infer a Schema from a typed DataFrame (the Loader has already parsed text into types)."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from petsard.schema.attribute import Attribute, FieldStats, TypeAttr
from petsard.schema.logical_types import DIRECT_IDENTIFIERS, infer_logical_type, is_integer_key
from petsard.schema.schema import Schema

MAX_PRECISION = 10
PRECISION_PROBE = 1000  # values tried first when inferring a float's precision
MAX_CATEGORIES = 1000  # category values recorded in the schema up to this many
# A string column whose values are mostly distinct is free text, not a category.
TEXT_MIN_UNIQUE = 50
TEXT_UNIQUE_SHARE = 0.5


def data_type_of(dtype: Any) -> str:
    """PETsARD's simplified type of a dtype; a pandas categorical takes its values' type."""
    if isinstance(dtype, pd.CategoricalDtype):
        return data_type_of(dtype.categories.dtype)
    if pd.api.types.is_bool_dtype(dtype):
        return "boolean"
    if pd.api.types.is_integer_dtype(dtype):
        return "int"
    if pd.api.types.is_float_dtype(dtype):
        return "float"
    if pd.api.types.is_datetime64_any_dtype(dtype):
        return "datetime"
    return "str"


def kind_of(dtype: Any) -> str:
    """How modules treat a dtype's values, before looking at them (strings read as
    categorical)."""
    if isinstance(dtype, pd.CategoricalDtype):
        return "categorical"
    data_type = data_type_of(dtype)
    return {"int": "numerical", "float": "numerical", "datetime": "datetime",
            "boolean": "boolean"}.get(data_type, "categorical")


def float_precision(values: np.ndarray) -> int | None:
    """Fewest decimals that represent every value exactly; None beyond MAX_PRECISION."""
    values = values[np.isfinite(values)]
    if values.size == 0:
        return None
    # A subset needs at most the decimals the whole does: trying the first values alone
    # skips, in one cheap pass, the counts that cannot do (all of them for noisy floats).
    start = 0
    if values.size > PRECISION_PROBE:
        start = _fewest_decimals(values[:PRECISION_PROBE], 0)
        if start is None:
            return None
    return _fewest_decimals(values, start)


def _fewest_decimals(values: np.ndarray, start: int) -> int | None:
    for decimals in range(start, MAX_PRECISION + 1):
        if np.allclose(np.round(values, decimals), values, rtol=1e-12, atol=0.0):
            return decimals
    return None


def _python(value: Any) -> Any:
    if value is None or value is pd.NaT or (isinstance(value, float) and np.isnan(value)):
        return None
    if isinstance(value, pd.Timestamp):
        return value.isoformat()
    if isinstance(value, np.generic):
        return value.item()
    return value


def infer_attribute(name: str, series: pd.Series, num_rows: int) -> Attribute:
    dtype = series.dtype
    data_type = data_type_of(dtype)
    counts = distinct = None
    non_null = series  # where numbers are computed: the values without missing ones
    if isinstance(dtype, pd.CategoricalDtype):
        missing = int(series.isna().sum())
        non_null = series.dropna() if missing else series
        counts = series.value_counts(sort=True)
        counts = counts[counts > 0]
        unique = len(counts)
    elif data_type in ("str", "boolean"):
        counts, distinct, codes = _value_counts(series)
        missing, unique = int((codes < 0).sum()), len(counts)
        non_null = series[codes >= 0] if missing else series
    else:
        missing = int(series.isna().sum())
        non_null = series.dropna() if missing else series
        distinct = non_null.unique()
        unique = len(distinct)
    category = isinstance(dtype, pd.CategoricalDtype) or (data_type == "str" and not (
        unique >= TEXT_MIN_UNIQUE and unique > TEXT_UNIQUE_SHARE * (num_rows - missing)))
    logical_type = _logical_type(str(name), non_null, num_rows, data_type, category, distinct,
                                 unique)
    if logical_type in DIRECT_IDENTIFIERS:  # e.g. repeated names: never a set of values to
        category = False                    # list, count or learn
    precision = None
    if data_type == "int":
        precision = 0
    elif data_type == "float" and unique:
        precision = float_precision(np.asarray(distinct, dtype=float))
    categories = None
    if (category or data_type == "boolean") and unique <= MAX_CATEGORIES:
        values = (list(dtype.categories) if isinstance(dtype, pd.CategoricalDtype)
                  else list(counts.index))
        categories = tuple(sorted((_python(v) for v in values), key=str))
    return Attribute(
        name=str(name),
        type=data_type,
        dtype=str(dtype),
        type_attr=TypeAttr(category=category, nullable=missing > 0, precision=precision),
        logical_type=logical_type,
        stats=_stats(non_null, data_type, category, counts, num_rows, missing, unique),
        is_constant=unique == 1,
        categories=categories,
    )


def _value_counts(series: pd.Series) -> tuple[pd.Series, np.ndarray, np.ndarray]:
    """(counts of each value, most frequent first, as ``value_counts`` orders them; the
    distinct values in order of appearance; per row, its value's position, -1 where missing),
    from one pass of hashing."""
    codes, distinct = pd.factorize(series, use_na_sentinel=True)
    tally = np.bincount(codes + 1, minlength=len(distinct) + 1)
    counts = pd.Series(tally[1:], index=distinct).sort_values(ascending=False)
    return counts, np.asarray(distinct), codes


def _logical_type(name: str, non_null: pd.Series, rows: int, data_type: str, category: bool,
                  distinct: np.ndarray | None, unique: int) -> str | None:
    """(``distinct``: the distinct values in order of appearance, None for a categorical.)"""
    if data_type == "str":
        return infer_logical_type(name, non_null, rows, mostly_distinct=not category,
                                  distinct=distinct)
    if data_type == "int" and is_integer_key(name, non_null, rows, unique):
        return "id"
    return None


def _stats(non_null: pd.Series, data_type: str, category: bool, counts: pd.Series | None,
           num_rows: int, missing: int, unique: int) -> FieldStats:
    """PETsARD's statistics: numbers for numerical fields, mode and top-20 distribution for
    categorical ones; min and max for every ordered type."""
    numbers: dict[str, Any] = {}
    if data_type in ("int", "float", "datetime") and unique and not category:
        numbers["min"], numbers["max"] = _python(non_null.min()), _python(non_null.max())
        if data_type != "datetime":
            values = non_null.to_numpy(dtype=float)
            q1, median, q3 = np.percentile(values, [25, 50, 75])
            numbers.update(mean=float(values.mean()),
                           std=float(values.std(ddof=1)) if len(values) > 1 else None,
                           median=float(median), q1=float(q1), q3=float(q3))
    if counts is not None and len(counts):
        top = counts.head(20)
        numbers.update(mode=_python(top.index[0]), mode_frequency=int(top.iloc[0]),
                       category_distribution={str(k): int(v) for k, v in top.items()})
    return FieldStats(
        row_count=num_rows, na_count=missing,
        na_percentage=round(missing / num_rows, 4) if num_rows else 0.0,
        unique_count=unique, detected_type=data_type, actual_dtype=str(non_null.dtype),
        **numbers)


def infer_schema(data: pd.DataFrame, name: str = "table") -> Schema:
    """Describe ``data`` field by field; fast enough to run on every node's output."""
    rows = len(data)
    return Schema.of(name, (infer_attribute(col, data[col], rows) for col in data.columns), rows)


def infer_schemas(data: pd.DataFrame | dict[str, pd.DataFrame] | None, name: str) -> Schema | None:
    """Schema of a node's data; for named tables (e.g. train/validation) the first one's."""
    if data is None:
        return None
    if isinstance(data, dict):
        first = next(iter(data.values()), None)
        return None if first is None else infer_schema(first, name)
    return infer_schema(data, name)
