"""Turn text columns into typed ones without pandas' lossy guesses: zero-padded codes stay
strings, integers with gaps become nullable integers, ISO dates become datetimes."""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
import pandas as pd

from petsard.exceptions import LoaderError, SchemaError
from petsard.schema.casting import FALSE_TEXT, TRUE_TEXT, cast_series

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


class Converted(NamedTuple):
    """A converted column; ``unfit`` counts the values that did not fit the type, described
    (count and first data row, never the values) by ``what``."""

    column: pd.Series
    unfit: int = 0
    what: str = ""


def convert_column(text: pd.Series, data_type: str, datetime_format: str | None = None,
                   cast_errors: str = "raise") -> Converted:
    """Convert (text, or an already typed column) to a type the user asked for. Values that
    do not fit raise a LoaderError naming the column, never its values (``raise``), become
    missing (``coerce``), or leave the column as it was read (``ignore``)."""
    column = str(text.name)
    if data_type == "str":
        return Converted(text if text.dtype == object else cast_series(text, "object", column))
    stripped = text.str.strip() if text.dtype == object else text
    try:
        converted, checks = _convert(text, stripped, data_type, datetime_format)
    except SchemaError as exc:  # its message already names the column
        raise LoaderError(f"{exc}; fix the file or the schema's type") from exc
    except (ValueError, TypeError, OverflowError) as exc:
        raise LoaderError(f"column '{column}' cannot be read as {data_type}: {exc}") from exc
    unfit = pd.Series(False, index=text.index)
    found = []
    for bad, what, remedy in checks:
        bad = bad.fillna(False).astype(bool)
        if not bad.any():
            continue
        row = int(np.flatnonzero(bad.to_numpy())[0]) + 1
        counted = f"{int(bad.sum())} {what} (first at data row {row})"
        if cast_errors == "raise":
            raise LoaderError(f"column '{column}' has {counted}; {remedy}")
        unfit |= bad
        found.append(counted)
    if not found:
        return Converted(_settled(converted, data_type))
    kept = text if cast_errors == "ignore" else _settled(converted.mask(unfit), data_type)
    return Converted(kept, int(unfit.sum()), " and ".join(found))


def _convert(text: pd.Series, stripped: pd.Series, data_type: str, datetime_format: str | None,
             ) -> tuple[pd.Series, list[tuple[pd.Series, str, str]]]:
    """(converted values, [(cells that do not fit, what they are, what to do)])."""
    shape = f" in format '{datetime_format}'" if datetime_format else ""
    remedy = ("fix the file, the schema's type, or list those values in na_values "
              "(cast_errors: coerce makes them missing)")
    if data_type == "boolean":
        if text.dtype != object:
            return cast_series(text, "boolean", str(text.name)), []
        lowered = stripped.str.lower()
        converted = lowered.map(lambda v: True if v in TRUE_TEXT else False if v in FALSE_TEXT
                                else pd.NA).astype("boolean")
        return converted, [(converted.isna() & text.notna(),
                            "value(s) that are not booleans (true/false)", remedy)]
    if data_type in ("datetime", "date"):
        converted = pd.to_datetime(stripped, format=datetime_format or "mixed", errors="coerce")
        checks = [(converted.isna() & text.notna(),
                   f"value(s) that are not {data_type}{shape}", remedy)]
        if data_type == "date":
            checks.append((converted.notna() & (converted != converted.dt.normalize()),
                           "value(s) with a time of day", "declare type: datetime"))
        return converted, checks
    if data_type not in ("int", "float"):
        raise LoaderError(f"column '{text.name}': unknown type '{data_type}'")
    converted = pd.to_numeric(stripped, errors="coerce")
    checks = [(converted.isna() & text.notna(), f"value(s) that are not {data_type}", remedy)]
    if data_type == "int":
        checks.append((converted.notna() & (converted.round() != converted),
                       "non-integer value(s)", "declare type: float or round the values in "
                       "the file (cast_errors: coerce makes them missing)"))
    return converted, checks


def _settled(converted: pd.Series, data_type: str) -> pd.Series:
    """The final dtype: nullable integers and booleans only where values are missing."""
    missing = bool(converted.isna().any())
    if data_type == "float":
        return converted.astype("float64")
    if data_type == "int":
        return converted.astype("Int64" if missing else "int64")
    if data_type == "boolean":
        return converted.astype("boolean" if missing else "bool")
    return converted
