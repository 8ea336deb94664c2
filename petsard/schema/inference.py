"""Infer a Schema from a typed DataFrame (the Loader has already parsed text into types)."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from petsard.schema.attribute import Attribute
from petsard.schema.schema import Schema

MAX_PRECISION = 10
MAX_CATEGORIES = 1000  # category values recorded in the schema up to this many
# A string column whose values are mostly distinct is free text, not a category.
TEXT_MIN_UNIQUE = 50
TEXT_UNIQUE_SHARE = 0.5


def data_type_of(dtype: Any) -> str:
    if isinstance(dtype, pd.CategoricalDtype):
        return "categorical"
    if pd.api.types.is_bool_dtype(dtype):
        return "boolean"
    if pd.api.types.is_integer_dtype(dtype):
        return "int"
    if pd.api.types.is_float_dtype(dtype):
        return "float"
    if pd.api.types.is_datetime64_any_dtype(dtype):
        return "datetime"
    return "string"


LOGICAL_OF_TYPE = {"int": "numerical", "float": "numerical", "datetime": "datetime",
                   "boolean": "boolean", "categorical": "categorical", "string": "categorical"}


def logical_type_of(dtype: Any) -> str:
    """What a dtype's values mean, before looking at them (strings read as categorical)."""
    return LOGICAL_OF_TYPE[data_type_of(dtype)]


def float_precision(values: np.ndarray) -> int | None:
    """Fewest decimals that represent every value exactly; None beyond MAX_PRECISION."""
    values = values[np.isfinite(values)]
    if values.size == 0:
        return None
    for decimals in range(MAX_PRECISION + 1):
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
    missing = int(series.isna().sum())
    non_null = series.dropna() if missing else series
    unique = int(non_null.nunique())
    precision = None
    low = high = None
    if data_type in ("int", "float", "datetime") and len(non_null):
        low, high = _python(non_null.min()), _python(non_null.max())
        if data_type == "int":
            precision = 0
        elif data_type == "float":
            precision = float_precision(non_null.to_numpy(dtype=float))
    logical = LOGICAL_OF_TYPE[data_type]
    if data_type == "string" and unique >= TEXT_MIN_UNIQUE and unique > TEXT_UNIQUE_SHARE * len(
        non_null
    ):
        logical = "text"
    categories = None
    if logical in ("categorical", "boolean") and unique <= MAX_CATEGORIES:
        values = (list(dtype.categories) if isinstance(dtype, pd.CategoricalDtype)
                  else non_null.unique().tolist())
        categories = tuple(sorted((_python(v) for v in values), key=str))
    return Attribute(
        name=str(name),
        type=data_type,
        dtype=str(dtype),
        logical_type=logical,
        nullable=missing > 0,
        precision=precision,
        missing_ratio=round(missing / num_rows, 6) if num_rows else 0.0,
        unique_count=unique,
        min=low,
        max=high,
        categories=categories,
    )


def infer_schema(data: pd.DataFrame, name: str = "table") -> Schema:
    """Describe ``data`` field by field; fast enough to run on every node's output."""
    rows = len(data)
    fields = tuple(infer_attribute(col, data[col], rows) for col in data.columns)
    return Schema(name=name, fields=fields, num_rows=rows)


def infer_schemas(data: pd.DataFrame | dict[str, pd.DataFrame] | None, name: str) -> Schema | None:
    """Schema of a node's data; for named tables (e.g. train/validation) the first one's."""
    if data is None:
        return None
    if isinstance(data, dict):
        first = next(iter(data.values()), None)
        return None if first is None else infer_schema(first, name)
    return infer_schema(data, name)
