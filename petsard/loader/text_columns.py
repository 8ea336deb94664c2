"""Turn text columns into typed ones without pandas' lossy guesses: zero-padded codes stay
strings, integers with gaps become nullable integers, ISO dates become datetimes.

Every test runs once per distinct value (see distinct_text), with the rules pandas applied
when the Loader read cell by cell: a number is what ``pd.to_numeric`` reads (digits with an
optional sign, decimals and exponent, or inf/infinity), parsed to the nearest double.
"""

from __future__ import annotations

from contextlib import suppress
from typing import NamedTuple

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from petsard.exceptions import LoaderError, SchemaError
from petsard.loader.distinct_text import TextColumn
from petsard.schema.casting import FALSE_TEXT, TRUE_TEXT, cast_series

_INT = r"^[+-]?[0-9]+$"
_ZERO_PADDED = r"^[+-]?0[0-9]+$"
_NUMBER = r"^[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?$"
_INFINITY = pa.array(["inf", "+inf", "-inf", "infinity", "+infinity", "-infinity"])
_ISO_DATE = (r"^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}([ T][0-9]{1,2}:[0-9]{2}(:[0-9]{2}(\.[0-9]+)?)?)?"
             r"(Z|[+-][0-9]{2}:?[0-9]{2})?$")
_SLASH_DATE = r"^[0-9]{4}/[0-9]{1,2}/[0-9]{1,2}( [0-9]{1,2}:[0-9]{2}(:[0-9]{2})?)?$"
_BOOLEAN = pa.array(["true", "false"])

Column = TextColumn | pd.Series  # text as read, or a column a typed file (Parquet) typed


def mark_missing(column: Column, markers: set[str]) -> Column:
    """Cells equal to a marker (ignoring surrounding spaces) become missing; typed integer and
    boolean columns that gain gaps become nullable (Int64, boolean) rather than float."""
    if isinstance(column, TextColumn):
        return column.without(pc.is_in(column.stripped(), value_set=pa.array(sorted(markers))))
    codes, uniques = pd.factorize(column)  # compare each distinct value once
    as_text = pd.Index(uniques).astype(str)
    if uniques.dtype == object:
        as_text = as_text.str.strip()
    hit = np.append(as_text.isin(markers), False)[codes]
    if not hit.any():
        return column
    if pd.api.types.is_integer_dtype(column.dtype):
        column = column.astype("Int64")
    elif pd.api.types.is_bool_dtype(column.dtype):
        column = column.astype("boolean")
    return column.mask(hit)


def infer_column(text: TextColumn) -> pd.Series:
    """The most specific type every non-missing value fits; strings otherwise."""
    if not len(text.values):
        return pd.Series(np.nan, index=range(len(text)), dtype="float64", name=text.name)
    stripped = text.stripped()
    lowered = pc.utf8_lower(stripped)
    if _all(pc.is_in(lowered, value_set=_BOOLEAN)):
        return _booleans(text, pc.equal(lowered, "true").to_numpy(zero_copy_only=False))
    numbers = _numbers(stripped)
    if numbers.valid.all():
        if not numbers.whole:
            return pd.Series(text.spread(numbers.floats, np.nan), name=text.name)
        if _any(pc.match_substring_regex(stripped, _ZERO_PADDED)) or numbers.ints is None:
            return text.to_objects()  # codes such as '007' are identifiers, not numbers
        return _integers(text, numbers.ints)
    if (_all(pc.match_substring_regex(stripped, _ISO_DATE))
            or _all(pc.match_substring_regex(stripped, _SLASH_DATE))):
        try:
            dates = pd.to_datetime(stripped.to_pandas(), format="mixed")
        except (ValueError, OverflowError):
            return text.to_objects()
        return _dates(text, dates)
    return text.to_objects()


class Converted(NamedTuple):
    """A converted column; ``unfit`` counts the values that did not fit the type, described
    (count and first data row, never the values) by ``what``."""

    column: pd.Series
    unfit: int = 0
    what: str = ""


def convert_column(column: Column, data_type: str, datetime_format: str | None = None,
                   cast_errors: str = "raise") -> Converted:
    """Convert (text, or an already typed column) to a type the user asked for. Values that
    do not fit raise a LoaderError naming the column, never its values (``raise``), become
    missing (``coerce``), or leave the column as it was read (``ignore``)."""
    name = column.name
    if data_type == "str":
        if isinstance(column, TextColumn):
            return Converted(column.to_objects())
        return Converted(column if column.dtype == object else cast_series(column, "object",
                                                                             name))
    as_read = column
    if isinstance(column, pd.Series) and column.dtype == object:
        with suppress(TypeError):  # a typed file's text column is converted as text is
            column = TextColumn.from_objects(column)
    try:
        converted, checks = (_convert_text(column, data_type, datetime_format)
                             if isinstance(column, TextColumn)
                             else _convert_typed(column, data_type, datetime_format))
    except SchemaError as exc:  # its message already names the column
        raise LoaderError(f"{exc}; fix the file or the schema's type") from exc
    except (ValueError, TypeError, OverflowError) as exc:
        raise LoaderError(f"column '{name}' cannot be read as {data_type}: {exc}") from exc
    unfit = np.zeros(len(converted), dtype=bool)
    found = []
    for bad, what, remedy in checks:
        if not bad.any():
            continue
        row = int(np.flatnonzero(bad)[0]) + 1
        counted = f"{int(bad.sum())} {what} (first at data row {row})"
        if cast_errors == "raise":
            raise LoaderError(f"column '{name}' has {counted}; {remedy}")
        unfit |= bad
        found.append(counted)
    if not found:
        return Converted(_settled(converted, data_type))
    if cast_errors == "ignore":
        kept = as_read.to_objects() if isinstance(as_read, TextColumn) else as_read
    else:
        kept = _settled(converted.mask(unfit), data_type)
    return Converted(kept, int(unfit.sum()), " and ".join(found))


_REMEDY = ("fix the file, the schema's type, or list those values in na_values "
           "(cast_errors: coerce makes them missing)")
_INT_REMEDY = ("declare type: float or round the values in the file (cast_errors: coerce "
               "makes them missing)")
Checks = list[tuple[np.ndarray, str, str]]  # (rows that do not fit, what they are, what to do)


def _convert_text(text: TextColumn, data_type: str, datetime_format: str | None,
                  ) -> tuple[pd.Series, Checks]:
    """(converted values, checks), from each distinct value's stripped text."""
    stripped = text.stripped()
    if data_type == "boolean":
        lowered = pc.utf8_lower(stripped)
        true = pc.is_in(lowered, value_set=pa.array(sorted(TRUE_TEXT)))
        known = pc.or_(true, pc.is_in(lowered, value_set=pa.array(sorted(FALSE_TEXT))))
        values = text.spread(true, False)
        converted = pd.Series(pd.arrays.BooleanArray(values, ~text.rows(known)), name=text.name)
        return converted, [(text.rows(pc.invert(known)),
                            "value(s) that are not booleans (true/false)", _REMEDY)]
    if data_type in ("datetime", "date"):
        dates = pd.to_datetime(stripped.to_pandas(), format=datetime_format or "mixed",
                               errors="coerce")
        shape = f" in format '{datetime_format}'" if datetime_format else ""
        checks = [(text.rows(dates.isna().to_numpy()),
                   f"value(s) that are not {data_type}{shape}", _REMEDY)]
        if data_type == "date":
            timed = dates.notna() & (dates != dates.dt.normalize())
            checks.append((text.rows(timed.to_numpy()), "value(s) with a time of day",
                           "declare type: datetime"))
        return _dates(text, dates), checks
    if data_type not in ("int", "float"):
        raise LoaderError(f"column '{text.name}': unknown type '{data_type}'")
    numbers = _numbers(stripped)
    checks = [(text.rows(~numbers.valid), f"value(s) that are not {data_type}", _REMEDY)]
    if data_type == "int":
        fraction = numbers.valid & (np.round(numbers.floats) != numbers.floats)
        checks.append((text.rows(fraction), "non-integer value(s)", _INT_REMEDY))
        if numbers.whole and numbers.ints is not None:
            return _integers(text, numbers.ints, ~numbers.valid), checks
    return pd.Series(text.spread(np.where(numbers.valid, numbers.floats, np.nan), np.nan),
                     name=text.name), checks


def _convert_typed(column: pd.Series, data_type: str, datetime_format: str | None,
                   ) -> tuple[pd.Series, Checks]:
    """(converted values, checks) for a column a typed file (Parquet) already typed."""
    present = column.notna().to_numpy()
    if data_type == "boolean":
        return cast_series(column, "boolean", str(column.name)), []
    if data_type in ("datetime", "date"):
        converted = pd.to_datetime(column, format=datetime_format or "mixed", errors="coerce")
        shape = f" in format '{datetime_format}'" if datetime_format else ""
        checks = [(converted.isna().to_numpy() & present,
                   f"value(s) that are not {data_type}{shape}", _REMEDY)]
        if data_type == "date":
            timed = converted.notna() & (converted != converted.dt.normalize())
            checks.append((timed.to_numpy(), "value(s) with a time of day",
                           "declare type: datetime"))
        return converted, checks
    if data_type not in ("int", "float"):
        raise LoaderError(f"column '{column.name}': unknown type '{data_type}'")
    converted = pd.to_numeric(column, errors="coerce")
    checks = [(converted.isna().to_numpy() & present, f"value(s) that are not {data_type}",
               _REMEDY)]
    if data_type == "int":
        fraction = (converted.notna() & (converted.round() != converted)).to_numpy()
        checks.append((fraction, "non-integer value(s)", _INT_REMEDY))
    return converted, checks


class _Numbers(NamedTuple):
    """Per distinct value: whether it is a number, its value as a double; when every valid
    one is written as an integer (``whole``), their exact int64 values (None beyond int64)."""

    valid: np.ndarray
    floats: np.ndarray
    whole: bool
    ints: np.ndarray | None


def _numbers(stripped: pa.Array) -> _Numbers:
    infinite = pc.is_in(pc.utf8_lower(stripped), value_set=_INFINITY)
    written = pc.match_substring_regex(stripped, _NUMBER)
    floats = pc.cast(pc.if_else(pc.or_(written, infinite), stripped, None), pa.float64())
    floats = floats.to_numpy(zero_copy_only=False)
    infinite = infinite.to_numpy(zero_copy_only=False)
    # pandas reads an overflowing number ('1e400') as no number at all, not as infinity
    valid = (written.to_numpy(zero_copy_only=False) & np.isfinite(floats)) | infinite
    integer = pc.match_substring_regex(stripped, _INT).to_numpy(zero_copy_only=False)
    whole = bool(integer[valid].all()) and bool(valid.any())
    ints = None
    if whole:
        try:
            exact = pc.cast(pc.utf8_ltrim(pc.if_else(pa.array(valid), stripped, None), "+"),
                            pa.int64())
            ints = exact.fill_null(0).to_numpy(zero_copy_only=False)
        except pa.ArrowInvalid:  # beyond int64
            ints = None
    return _Numbers(valid, floats, whole, ints)


def _booleans(text: TextColumn, true: np.ndarray) -> pd.Series:
    values = text.spread(true, False)
    if text.missing.any():
        return pd.Series(pd.arrays.BooleanArray(values, text.missing), name=text.name)
    return pd.Series(values, name=text.name)


def _integers(text: TextColumn, ints: np.ndarray,
              unfit: np.ndarray | None = None) -> pd.Series:
    """int64, or Int64 where cells are missing (or ``unfit`` distinct values)."""
    values = text.spread(ints, 0)
    missing = text.missing if unfit is None else text.missing | text.rows(unfit)
    if missing.any():
        return pd.Series(pd.arrays.IntegerArray(values, missing), name=text.name)
    return pd.Series(values, name=text.name)


def _dates(text: TextColumn, dates: pd.Series) -> pd.Series:
    return pd.Series(dates.array.take(text.codes, allow_fill=True), name=text.name)


def _all(flags: pa.Array) -> bool:
    return bool(pc.all(flags).as_py())


def _any(flags: pa.Array) -> bool:
    return bool(pc.any(flags).as_py())


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
