"""Bring a DataFrame back to given dtypes, so integers stay integers through every stage."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from petsard.exceptions import SchemaError
from petsard.schema.schema import Schema

TRUE_TEXT = {"true", "t", "yes", "y", "1"}
FALSE_TEXT = {"false", "f", "no", "n", "0"}


def _to_bool(series: pd.Series, column: str) -> pd.Series:
    if pd.api.types.is_bool_dtype(series.dtype):
        return series
    if pd.api.types.is_numeric_dtype(series.dtype):
        return series.map(lambda v: pd.NA if pd.isna(v) else bool(v))
    lowered = series.astype("string").str.strip().str.lower()
    mapped = lowered.map(lambda v: pd.NA if pd.isna(v) else (
        True if v in TRUE_TEXT else False if v in FALSE_TEXT else "bad"))
    if (mapped == "bad").any():
        raise SchemaError(f"column '{column}': values are not booleans (true/false)")
    return mapped


def cast_series(series: pd.Series, dtype: Any, column: str,
                precision: int | None = None) -> pd.Series:
    """``series`` as ``dtype``; numbers are rounded (to ``precision`` or to integers) first."""
    dtype = pd.api.types.pandas_dtype(dtype)
    try:
        if isinstance(dtype, pd.CategoricalDtype):
            return series.astype(dtype)
        if pd.api.types.is_bool_dtype(dtype):
            values = _to_bool(series, column)
            if dtype == np.dtype(bool) and values.isna().any():
                raise SchemaError(f"column '{column}': missing values in a non-nullable boolean")
            return values.astype(dtype)
        if pd.api.types.is_integer_dtype(dtype):
            numbers = pd.to_numeric(series, errors="raise").astype("Float64").round(0)
            if isinstance(dtype, np.dtype) and numbers.isna().any():
                raise SchemaError(
                    f"column '{column}': missing values in a non-nullable integer column"
                )
            info = np.iinfo(dtype.numpy_dtype if hasattr(dtype, "numpy_dtype") else dtype)
            numbers = numbers.clip(info.min, info.max)
            return numbers.astype(dtype)
        if pd.api.types.is_float_dtype(dtype):
            numbers = pd.to_numeric(series, errors="raise").astype(dtype)
            return numbers.round(precision) if precision is not None else numbers
        if pd.api.types.is_datetime64_any_dtype(dtype):
            return pd.to_datetime(series, errors="raise").astype(dtype)
    except (ValueError, TypeError) as exc:
        raise SchemaError(f"column '{column}': cannot convert to {dtype}: {exc}") from exc
    # Strings: keep missing as NaN, everything else as str.
    as_object = series.astype(object)
    mask = as_object.notna()
    return as_object.where(~mask, as_object[mask].map(str)).astype(dtype)


def conform(data: pd.DataFrame, dtypes: Mapping[str, Any],
            schema: Schema | None = None) -> pd.DataFrame:
    """Same columns, order and dtypes as ``dtypes``; ``schema`` supplies float precision."""
    dtypes = dict(dtypes.items())  # a Series of dtypes iterates over values, not names
    missing = [c for c in dtypes if c not in data.columns]
    if missing:
        raise SchemaError(f"columns missing from the data: {', '.join(map(str, missing))}")
    out = {}
    for column, dtype in dtypes.items():
        attr = schema.get(column) if schema is not None else None
        precision = attr.type_attr.precision if attr is not None and attr.type == "float" else None
        series = data[column]
        if series.dtype == dtype and precision is None:
            out[column] = series
        else:
            out[column] = cast_series(series, dtype, str(column), precision)
    return pd.DataFrame(out, index=data.index, copy=False)  # columns kept, not re-copied
