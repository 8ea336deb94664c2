"""A user schema's field settings applied to loaded columns, in PETsARD's order (convert,
then fill missing values), and recorded in the loaded schema.

Every change the settings make to values (coerced, kept as read, filled, dropped, padded) is
counted in a note for the log and the run record, never with the values themselves.
"""

from __future__ import annotations

import logging
import operator
from typing import Any

import numpy as np
import pandas as pd
import pyarrow.compute as pc

from petsard.exceptions import LoaderError
from petsard.loader.distinct_text import TextColumn
from petsard.loader.text_columns import Column, convert_column, infer_column
from petsard.logs import get_logger
from petsard.schema.inference import data_type_of, float_precision
from petsard.schema.schema import Schema
from petsard.schema.user_fields import FieldSpec, fill_value
from petsard.schema.user_schema import UserSchema

log = get_logger("loader")
FLOAT32_DIGITS = 7  # PETsARD's limit for float32: decimals it keeps


class Notes:
    """What loading changed in the values: logged as it happens, kept for the run record."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.lines: list[str] = []

    def add(self, text: str, *, unfit: bool = False) -> None:
        self.lines.append(text)
        log.log(logging.WARNING if unfit else logging.INFO, "%s: %s", self.source, text)


def read_field(column: Column, spec: FieldSpec | None, notes: Notes) -> tuple[pd.Series, bool]:
    """(the column as declared, or inferred when it is text, whether it holds the declared
    type: False when ``cast_errors: ignore`` kept it as read)."""
    if spec is None or spec.type is None:  # (a width implies type: str)
        return (infer_column(column) if isinstance(column, TextColumn) else column), True
    converted = convert_column(column, spec.type, spec.format, spec.cast_errors)
    if converted.unfit:
        effect = ("made them missing" if spec.cast_errors == "coerce"
                  else f"kept the column as read ({data_type_of(converted.column.dtype)})")
        notes.add(f"field '{column.name}' has {converted.what}; cast_errors: "
                  f"{spec.cast_errors} {effect}", unfit=True)
    typed = not (converted.unfit and spec.cast_errors == "ignore")
    return (_padded(converted.column, spec, notes) if typed else converted.column), typed


def _padded(series: pd.Series, spec: FieldSpec, notes: Notes) -> pd.Series:
    """Digit codes shorter than ``width`` get back the leading zeros a spreadsheet or a number
    type dropped ('7' -> '007'); other values are kept as they are."""
    if spec.width is None or series.dtype != object:
        return series
    try:
        text = TextColumn.from_objects(series)
    except TypeError:  # not text (bytes, nested values): nothing to pad
        return series
    short = pc.and_(pc.match_substring_regex(text.values, r"^\p{Nd}+$"),  # Python's \d
                    pc.less(pc.utf8_length(text.values), spec.width))
    padded = text.rows(short)
    if not padded.any():
        return series
    notes.add(f"field '{series.name}': {int(padded.sum())} value(s) given leading zeros up to "
              f"width {spec.width}")
    zeros = pc.if_else(short, pc.utf8_lpad(text.values, spec.width, padding="0"), text.values)
    return text.to_objects(zeros)


def fill_missing(series: pd.Series, spec: FieldSpec | None, notes: Notes) -> pd.Series:
    """Missing values filled with the field's ``default_value`` (PETsARD's align)."""
    if spec is None or spec.default_value is None:
        return series
    missing = int(series.isna().sum())
    if not missing:
        return series
    data_type = data_type_of(series.dtype)
    try:
        value = fill_value(spec.default_value, data_type, spec.format)
    except (ValueError, TypeError) as exc:
        raise LoaderError(f"field '{series.name}': default_value {spec.default_value!r} does "
                          f"not fit its {data_type} values; give a {data_type} value") from exc
    if isinstance(series.dtype, pd.CategoricalDtype) and value not in series.cat.categories:
        series = series.cat.add_categories([value])
    notes.add(f"field '{series.name}': {missing} missing value(s) filled with its "
              "default_value")
    return series.fillna(value)


def drop_missing_rows(data: pd.DataFrame, user: UserSchema, notes: Notes) -> pd.DataFrame:
    """Rows missing a field whose ``null_strategy`` is drop, removed (index kept, so later
    messages still name data rows)."""
    columns = [name for name, spec in user.fields.items()
               if spec.missing_values == "drop" and name in data.columns]
    if not columns:
        return data
    missing = data[columns].isna()
    rows = missing.any(axis=1)
    if rows.any():
        counts = ", ".join(f"'{c}' {int(missing[c].sum())}" for c in columns if missing[c].any())
        notes.add(f"null_strategy: drop removed {int(rows.sum())} of {len(data)} row(s) "
                  f"with missing values ({counts})")
    return data.loc[~rows]


def finish_field(series: pd.Series, spec: FieldSpec | None, *, typed: bool, optimize: bool,
                 had_missing: bool) -> pd.Series:
    """Precision, constraints, the smallest dtype if asked, categories and nullability;
    ``had_missing``: the column had missing values before filling and dropping."""
    if had_missing and isinstance(series.dtype, (pd.Int64Dtype, pd.BooleanDtype)):
        series = _without_missing_dtype(series)
    if spec is not None and typed:
        if spec.precision is not None:
            series = _rounded(series, spec.precision)
        if spec.constraints:
            _check_constraints(series, spec.constraints)
    if optimize and typed:
        series = smallest_dtype(series, spec.precision if spec is not None else None)
    if spec is None:
        return series
    if spec.category and not isinstance(series.dtype, pd.CategoricalDtype):
        series = series.astype("category")
    if spec.nullable is False and series.isna().any():
        raise LoaderError(f"field '{series.name}' is declared nullable: false but has "
                          f"{int(series.isna().sum())} missing value(s); fill them in the "
                          "file, set nullable: true, or give a default_value")
    return series


def _without_missing_dtype(series: pd.Series) -> pd.Series:
    """Int64/boolean back to int64/bool once no value is missing, as if none ever was."""
    if series.isna().any():
        return series
    if isinstance(series.dtype, pd.Int64Dtype):
        return series.astype("int64")
    if isinstance(series.dtype, pd.BooleanDtype):
        return series.astype("bool")
    return series


def _rounded(series: pd.Series, precision: int) -> pd.Series:
    if pd.api.types.is_float_dtype(series.dtype):
        return series.round(precision)
    if pd.api.types.is_integer_dtype(series.dtype):
        return series
    raise LoaderError(f"field '{series.name}' has a precision but holds {series.dtype} "
                      "values; precision applies to numbers only: remove it or declare "
                      "type: float")


def smallest_dtype(series: pd.Series, precision: int | None) -> pd.Series:
    """PETsARD's enable_optimize_type: complete integers as int8/16/32 when their range fits;
    floats as float32 when precision <= 7 and every value keeps its decimals in float32."""
    if series.dtype == np.int64:
        for candidate in (np.int8, np.int16, np.int32):
            info = np.iinfo(candidate)
            if series.empty or (series.min() >= info.min and series.max() <= info.max):
                return series.astype(candidate)
        return series
    if series.dtype == np.float64:
        values = series.dropna()
        if precision is None:
            precision = float_precision(values.to_numpy())
        if precision is not None and precision <= FLOAT32_DIGITS:
            narrow = series.astype(np.float32)
            if (narrow.dropna().astype(np.float64).round(precision)
                    == values.round(precision)).all():
                return narrow
    return series


_BOUNDS = {"min": (operator.lt, "below"), "max": (operator.gt, "above")}


def _check_constraints(series: pd.Series, constraints: dict[str, Any]) -> None:
    """LoaderError if values break min/max (inclusive) or do not match pattern (from the start
    of the text, as PETsARD's validate uses ``str.match``); counts and rows, never values."""
    column = str(series.name)
    values = series.dropna()
    if isinstance(values.dtype, pd.CategoricalDtype):  # compare the values, not the codes
        values = values.astype(values.dtype.categories.dtype)
    found = []
    for bound, (breaks, word) in _BOUNDS.items():
        if bound not in constraints:
            continue
        limit = constraints[bound]
        if pd.api.types.is_datetime64_any_dtype(values.dtype):
            limit = pd.Timestamp(limit)
        elif (not pd.api.types.is_numeric_dtype(values.dtype)
              or pd.api.types.is_bool_dtype(values.dtype) or isinstance(limit, str)):
            raise LoaderError(f"field '{column}' holds {data_type_of(series.dtype)} values; "
                              f"its constraint {bound}: {constraints[bound]!r} needs numbers "
                              "or dates: fix the constraint or declare the field's type")
        found.append((breaks(values, limit), f"{word} its {bound} {constraints[bound]}"))
    if "pattern" in constraints:
        if data_type_of(values.dtype) != "str":
            raise LoaderError(f"field '{column}' holds {data_type_of(series.dtype)} values; "
                              "its constraint pattern applies to text: declare type: str")
        codes, uniques = pd.factorize(values)  # each distinct value matched once
        matches = pd.Index(uniques).astype(str).str.match(constraints["pattern"])
        found.append((pd.Series(~np.asarray(matches, dtype=bool)[codes], index=values.index),
                      f"not matching its pattern '{constraints['pattern']}'"))
    broken = [(bad, what) for bad, what in found if bad.any()]
    if broken:
        details = "; ".join(f"{int(bad.sum())} value(s) {what} (first at data row "
                            f"{_row(bad)})" for bad, what in broken)
        raise LoaderError(f"field '{column}' breaks its constraints: {details}; fix the data "
                          "or the schema's constraints")


def _row(bad: pd.Series) -> int:
    return int(bad.index[bad.to_numpy(dtype=bool)][0]) + 1


def record_settings(schema: Schema, user: UserSchema, typed: dict[str, bool]) -> Schema:
    """The inferred schema with the user's settings recorded: ids, descriptions, type_attr,
    missing-value handling, constraints; statistics left out where ``enable_stats`` is off.
    Table statistics stay those of the whole table."""
    attributes = []
    for attr in schema:
        changes: dict[str, Any] = {"enable_stats": user.stats_enabled(attr.name),
                                   "enable_optimize_type": user.optimizes(attr.name)}
        if not changes["enable_stats"]:
            changes["stats"] = None
        spec = user.fields.get(attr.name)
        if spec is not None:
            changes.update(_user_changes(attr.type, attr.type_attr.nullable, spec,
                                         typed.get(attr.name, True)))
        attributes.append(attr.with_changes(**changes))
    table_id = user.id or schema.id
    return Schema(id=table_id, attributes=attributes, name=user.name or table_id,
                  description=user.description, stats=schema.stats)


def _user_changes(data_type: str, nullable: bool, spec: FieldSpec, typed: bool,
                  ) -> dict[str, Any]:
    changes = spec.recorded()
    if spec.nullable is not None:
        changes["nullable"] = spec.nullable or nullable
    if not typed:  # kept as read: the declared type settings do not describe these values
        return changes
    if spec.type == "date" and data_type == "datetime":
        changes["type"] = "date"
    if spec.category is False and data_type == "str":
        changes["category"] = False
    if spec.precision is not None and data_type == "float":
        changes["precision"] = spec.precision
    if spec.format is not None and data_type in ("date", "datetime"):
        changes["format"] = spec.format
    if spec.width is not None and data_type == "str":
        changes["width"] = spec.width
    return changes
