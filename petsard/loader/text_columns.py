"""Turn text columns into typed ones without pandas' lossy guesses: zero-padded codes stay
strings, integers with gaps become nullable integers, ISO dates become datetimes."""

from __future__ import annotations

import numpy as np
import pandas as pd

from petsard.exceptions import LoaderError, SchemaError
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


def convert_column(text: pd.Series, data_type: str,
                   datetime_format: str | None = None) -> pd.Series:
    """Convert (text, or an already typed column) to a type the user asked for; LoaderError
    naming the column, never its values, if they don't fit."""
    column = str(text.name)
    stripped = text.str.strip() if text.dtype == object else text
    try:
        if data_type == "str":
            return text if text.dtype == object else cast_series(text, "object", column)
        if data_type == "boolean":
            return cast_series(stripped, "boolean" if text.isna().any() else "bool", column)
        if data_type in ("datetime", "date"):
            converted = pd.to_datetime(stripped, format=datetime_format or "mixed",
                                       errors="coerce")
        else:
            converted = pd.to_numeric(stripped, errors="coerce")
    except SchemaError as exc:  # its message already names the column
        raise LoaderError(f"{exc}; fix the file or the schema's type") from exc
    except (ValueError, TypeError, OverflowError) as exc:
        raise LoaderError(f"column '{column}' cannot be read as {data_type}: {exc}") from exc
    shape = f" in format '{datetime_format}'" if datetime_format else ""
    _reject(converted.isna() & text.notna(), column, f"value(s) that are not {data_type}{shape}",
            "fix the file, the schema's type, or list those values in na_values")
    if data_type == "float":
        return converted.astype("float64")
    if data_type == "int":
        _reject(converted.notna() & (converted.round() != converted), column,
                "non-integer value(s)", "declare type: float or round the values in the file")
        return converted.astype("Int64" if converted.isna().any() else "int64")
    if data_type in ("datetime", "date"):
        return converted
    raise LoaderError(f"column '{column}': unknown type '{data_type}'")


def _reject(bad: pd.Series, column: str, what: str, remedy: str) -> None:
    """LoaderError counting the ``bad`` cells and naming the first one's data row."""
    if bad.any():
        row = int(np.flatnonzero(bad.to_numpy())[0]) + 1
        raise LoaderError(f"column '{column}' has {int(bad.sum())} {what} (first at data row "
                          f"{row}); {remedy}")
