"""Conversions the steps share: numbers and datetimes to float arrays and back, category keys,
and dtypes with and without missing values."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import numpy as np
import pandas as pd

from petsard.exceptions import ProcessorError

NS_PER_DAY = 86_400 * 10**9
# Time units of differences between dates, in nanoseconds. Months and years are fixed
# numbers of days, as PETsARD counts them (30.44 and 365.25).
UNIT_NS = {"S": 10**9, "D": NS_PER_DAY, "days": NS_PER_DAY, "weeks": 7 * NS_PER_DAY,
           "months": 30.44 * NS_PER_DAY, "years": 365.25 * NS_PER_DAY}
UNIT_NAMES = {"S": "seconds", "D": "days", "days": "days", "weeks": "weeks",
              "months": "months", "years": "years"}

# Nullable pandas dtypes and the numpy dtype they become once nothing is missing.
_NOT_NULLABLE = {"boolean": "bool", "Int8": "int8", "Int16": "int16", "Int32": "int32",
                 "Int64": "int64", "UInt8": "uint8", "UInt16": "uint16", "UInt32": "uint32",
                 "UInt64": "uint64", "Float32": "float32", "Float64": "float64"}
_NULLABLE = {"bool": "boolean", "int8": "Int8", "int16": "Int16", "int32": "Int32",
             "int64": "Int64", "uint8": "UInt8", "uint16": "UInt16", "uint32": "UInt32",
             "uint64": "UInt64"}


def not_nullable_dtype(dtype: str) -> str:
    """The dtype a field has once its missing values are filled ('Int64' -> 'int64')."""
    return _NOT_NULLABLE.get(dtype, dtype)


def nullable_dtype(dtype: str) -> str:
    """A dtype that can hold missing values ('int64' -> 'Int64'; float, object... unchanged)."""
    return _NULLABLE.get(dtype, dtype)


def is_nullable_extension(dtype: Any) -> bool:
    return str(dtype) in _NOT_NULLABLE


def is_datetime(series: pd.Series) -> bool:
    return pd.api.types.is_datetime64_any_dtype(series.dtype)


def to_ns(series: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Datetimes as int64 nanoseconds since the epoch, and the mask of missing ones."""
    missing = series.isna().to_numpy()
    ns = series.to_numpy(dtype="datetime64[ns]").view("int64").copy()
    ns[missing] = 0
    return ns, missing


def from_ns(ns: np.ndarray, missing: np.ndarray) -> np.ndarray:
    """int64 nanoseconds back to datetime64[ns]; ``missing`` rows become NaT."""
    out = np.asarray(ns, dtype=np.int64).copy().view("datetime64[ns]")
    out[missing] = np.datetime64("NaT")
    return out


def shift_ns(base: np.ndarray | int, offsets: np.ndarray, missing: np.ndarray
             ) -> np.ndarray:
    """datetime64[ns] of ``base`` + ``offsets`` nanoseconds (floats, rounded), in integer
    arithmetic so that dates keep their nanoseconds; kept within the representable range."""
    base = np.broadcast_to(np.asarray(base, dtype=np.int64), offsets.shape)
    limit = float(np.iinfo(np.int64).max) * 0.999
    offsets = np.round(np.nan_to_num(np.asarray(offsets, dtype=float)))
    offsets = np.clip(offsets, -limit - base.astype(float), limit - base.astype(float))
    return from_ns(base + offsets.astype(np.int64), missing)


def to_float(series: pd.Series) -> np.ndarray:
    """Numbers as float64 (missing: NaN); datetimes as nanoseconds since the epoch."""
    if is_datetime(series):
        ns, missing = to_ns(series)
        values = ns.astype(float)
        values[missing] = np.nan
        return values
    if isinstance(series.dtype, pd.CategoricalDtype) or series.dtype == object:
        return pd.to_numeric(series.astype(object), errors="coerce").to_numpy(dtype=float)
    return series.to_numpy(dtype=float, na_value=np.nan)


def float_series(values: np.ndarray, like: pd.Series) -> pd.Series:
    return pd.Series(np.asarray(values, dtype=np.float64), index=like.index, name=like.name)


def plain(value: Any) -> Any:
    """A numpy scalar as the Python value the schema records."""
    return value.item() if isinstance(value, np.generic) else value


def observed_categories(series: pd.Series) -> list[Any]:
    """Category values sorted as text, as schema inference records them (a categorical dtype
    contributes all its categories, used or not)."""
    if isinstance(series.dtype, pd.CategoricalDtype):
        values = list(series.cat.categories)
    else:
        values = series.dropna().unique().tolist()
    return sorted((plain(v) for v in values), key=str)


def object_array(items: list[Any]) -> np.ndarray:
    """A 1-D object array of ``items`` (numpy would nest sequences)."""
    out = np.empty(len(items), dtype=object)
    for i, item in enumerate(items):
        out[i] = item
    return out


def category_codes(series: pd.Series, keys: list[Any], step: str) -> np.ndarray:
    """Position of each value in ``keys``; -1 for missing. Unknown values are an error."""
    values = series.astype(object).to_numpy()
    missing = series.isna().to_numpy()
    codes = pd.Index(keys, dtype=object).get_indexer(values)
    codes[missing] = -1
    unseen = int(((codes < 0) & ~missing).sum())
    if unseen:
        raise ProcessorError(
            f"{step} on '{series.name}': {unseen} values were not seen when the step was "
            "fitted; fit it on data that holds every category")
    return codes


def from_codes(codes: np.ndarray, keys: list[Any], dtype: Any, like: pd.Series | pd.DataFrame,
               name: Any) -> pd.Series:
    """Category values for ``codes`` (-1: missing) in the field's original dtype; a dtype
    that cannot hold missing values becomes its nullable form when some are missing."""
    values = np.full(len(codes), np.nan, dtype=object)
    present = codes >= 0
    if keys:
        values[present] = object_array(keys)[codes[present]]
    out = pd.Series(values, index=like.index, name=name, dtype=object)
    target = nullable_dtype(str(dtype)) if not present.all() else str(dtype)
    if isinstance(dtype, pd.CategoricalDtype):
        return out.astype(dtype)
    return out if target == "object" else out.astype(target)


def parse_date(text: str) -> pd.Timestamp | None:
    """An ISO date or datetime ('2020-01-01'), or None when ``text`` is not one."""
    try:
        return pd.Timestamp(datetime.fromisoformat(text))
    except ValueError:
        return None


def datetime_column(frame: pd.DataFrame, column: str, step: str, field: Any) -> pd.Series:
    """``frame[column]`` as datetimes, or a ProcessorError that says what is wrong."""
    if column not in frame.columns:
        raise ProcessorError(
            f"{step} on '{field}': the reference field '{column}' is not in the table; "
            "name an existing datetime field")
    other = frame[column]
    if not is_datetime(other):
        raise ProcessorError(
            f"{step} on '{field}': the reference field '{column}' is not a datetime field; "
            "name a datetime field")
    return other
