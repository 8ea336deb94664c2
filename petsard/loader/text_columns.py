"""Turn text columns into typed ones without pandas' lossy guesses: zero-padded codes stay
strings, integers with gaps become nullable integers, ISO dates become datetimes."""

from __future__ import annotations

import numpy as np
import pandas as pd

from petsard.exceptions import LoaderError
from petsard.schema.casting import cast_series

_INT = r"[+-]?\d+"
_ZERO_PADDED = r"[+-]?0\d+"
_ISO_DATE = (r"\d{4}-\d{1,2}-\d{1,2}([ T]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?)?"
             r"(Z|[+-]\d{2}:?\d{2})?")
_SLASH_DATE = r"\d{4}/\d{1,2}/\d{1,2}( \d{1,2}:\d{2}(:\d{2})?)?"
_BOOLEAN = {"true", "false"}
INT64_LIMIT = 2**63 - 1


def infer_column(text: pd.Series) -> pd.Series:
    """The most specific type every non-missing value fits; strings otherwise."""
    values = text.dropna()
    if values.empty:
        return pd.Series(np.nan, index=text.index, dtype="float64", name=text.name)
    stripped = values.str.strip()
    has_missing = len(values) < len(text)
    if stripped.str.lower().isin(_BOOLEAN).all():
        return cast_series(text.str.strip(), "boolean" if has_missing else "bool", str(text.name))
    numbers = pd.to_numeric(stripped, errors="coerce")
    if numbers.notna().all():
        if stripped.str.fullmatch(_INT).all():
            if stripped.str.fullmatch(_ZERO_PADDED).any():
                return text  # codes such as '007' are identifiers, not numbers
            if numbers.abs().max() > INT64_LIMIT:
                return text
            full = pd.Series(pd.NA, index=text.index, dtype="Int64", name=text.name)
            full[values.index] = numbers.astype("int64")
            return full if has_missing else full.astype("int64")
        full = pd.Series(np.nan, index=text.index, dtype="float64", name=text.name)
        full[values.index] = numbers.astype("float64")
        return full
    if stripped.str.fullmatch(_ISO_DATE).all() or stripped.str.fullmatch(_SLASH_DATE).all():
        try:
            return pd.to_datetime(text.str.strip(), format="mixed")
        except (ValueError, OverflowError):
            return text
    return text


def convert_column(text: pd.Series, data_type: str, datetime_format: str | None = None) -> pd.Series:
    """Convert to a type the user asked for; LoaderError naming the column if values don't fit."""
    column = str(text.name)
    values = text.dropna()
    stripped = text.str.strip() if text.dtype == object else text
    try:
        if data_type == "string":
            return text
        if data_type == "categorical":
            return text.astype("category")
        if data_type == "datetime":
            return pd.to_datetime(stripped, format=datetime_format or "mixed")
        if data_type == "boolean":
            return cast_series(stripped, "boolean" if len(values) < len(text) else "bool",
                               column)
        numbers = pd.to_numeric(stripped, errors="raise")
        if data_type == "float":
            return numbers.astype("float64")
        if data_type == "int":
            fractional = numbers.notna() & (numbers.round() != numbers)
            if fractional.any():
                row = int(np.flatnonzero(fractional.to_numpy())[0]) + 1
                raise LoaderError(f"column '{column}' is declared int but has "
                                  f"{int(fractional.sum())} non-integer value(s) "
                                  f"(first at data row {row})")
            return numbers.astype("Int64" if numbers.isna().any() else "int64")
    except LoaderError:
        raise
    except (ValueError, TypeError, OverflowError) as exc:
        raise LoaderError(f"column '{column}' cannot be read as {data_type}: {exc}; fix the "
                          "file, the schema's type, or mark the offending values as na_values"
                          ) from exc
    raise LoaderError(f"column '{column}': unknown type '{data_type}'")
