"""The Loader's method: read a file (or a bundled benchmark) into a typed table and schema."""

from __future__ import annotations

from contextlib import suppress
from dataclasses import replace
from typing import Annotated, Any

import pandas as pd
from pydantic import Field

from petsard.datasets import BENCHMARKS, benchmark_name, check, is_benchmark, local_path
from petsard.exceptions import LoaderError
from petsard.loader.base import LoaderMethod
from petsard.loader.distinct_text import TextColumn
from petsard.loader.field_settings import (
    Notes,
    drop_missing_rows,
    fill_missing,
    finish_field,
    read_field,
    record_settings,
)
from petsard.loader.readers import Columns, read_table
from petsard.loader.text_columns import Column, mark_missing
from petsard.schema.inference import infer_schema
from petsard.schema.schema import Schema
from petsard.schema.user_fields import FieldSpec
from petsard.schema.user_schema import UserSchema, read_user_schema

NaValues = str | int | float | list[str | int | float] | dict[str, str | int | float | list[
    str | int | float]]
COLUMN_TYPE_KEYS = {"category": "category", "categorical": "category",
                    "datetime": "datetime", "int": "int", "float": "float", "str": "str",
                    "string": "str", "boolean": "boolean", "bool": "boolean"}


class FileLoader(LoaderMethod):
    """CSV/TSV (BOM-safe), Excel/ODS, Parquet, or ``benchmark://name``.

    ``schema`` (a mapping or a YAML file path, in PETsARD's Schema YAML forms) overrides
    inference field by field and applies each field's settings (cast_errors, default_value,
    null_strategy, constraints...); ``column_types`` ({category: [...], datetime: [...]}) is
    PETsARD's older shorthand.
    """

    def __init__(
        self,
        *,
        filepath: str,
        schema: dict[str, Any] | str | None = None,
        column_types: dict[str, list[str]] | None = None,
        header_names: list[str] | None = None,
        na_values: NaValues | None = None,
        nrows: Annotated[int, Field(ge=1)] | None = None,
        sep: str | None = None,
        encoding: str = "utf-8-sig",
        sheet_name: str | int = 0,
    ) -> None:
        self.filepath = filepath
        self.schema = schema
        self.column_types = column_types
        self.header_names = header_names
        self.na_values = na_values
        self.nrows = nrows
        self.sep = sep
        self.encoding = encoding
        self.sheet_name = sheet_name

    @classmethod
    def validate_params(cls, params: dict[str, Any], path: str) -> tuple[dict, list[str]]:
        clean, problems = super().validate_params(params, path)
        if problems:
            return clean, problems
        user, found = read_user_schema(clean["schema"], f"{path}.schema") if clean.get(
            "schema") is not None else (None, [])
        problems += found
        for key in clean.get("column_types") or {}:
            if key.lower() not in COLUMN_TYPE_KEYS:
                problems.append(f"{path}.column_types.{key}: unknown type; valid: "
                                f"{', '.join(sorted(COLUMN_TYPE_KEYS))}")
        if user is not None and clean.get("column_types"):
            both = {c for cols in clean["column_types"].values() for c in cols} & set(user.fields)
            if both:
                problems.append(f"{path}.column_types: fields {sorted(both)} are also typed in "
                                "schema; keep one of the two")
        problem = check(clean["filepath"]) if is_benchmark(clean["filepath"]) else None
        if problem:
            problems.append(f"{path}.filepath: {problem}")
        return clean, problems

    @classmethod
    def input_files(cls, params: dict[str, Any]) -> list[str]:
        sources = [params["filepath"]]
        if isinstance(params.get("schema"), str):  # an edited schema file changes the table
            sources.append(params["schema"])
        files = []
        for source in sources:  # a benchmark not bundled: the Loader says so when it runs
            with suppress(LoaderError):  # the same file before and after a load (a bundled
                files.append(str(local_path(source)))  # one leaves its copy first)
        return files

    def _user_schema(self) -> UserSchema:
        user = UserSchema()
        if self.schema is not None:
            user, problems = read_user_schema(self.schema, "schema")
            if problems or user is None:
                raise LoaderError("; ".join(problems))
        specs = dict(user.fields)
        for key, columns in (self.column_types or {}).items():
            kind = COLUMN_TYPE_KEYS[key.lower()]
            for column in columns:
                specs[column] = (FieldSpec(type="str", category=True) if kind == "category"
                                 else FieldSpec(type=kind))
        return replace(user, fields=specs)

    def _na_values(self, default: tuple[str, ...],
                   specs: dict[str, FieldSpec]) -> tuple[set[str], dict[str, set[str]]]:
        """Missing-value markers: (for every column, per column), from the benchmark default,
        the ``na_values`` parameter and the schema's fields."""
        given = self.na_values
        common = set(default)
        per_field = {name: set(spec.na_values) for name, spec in specs.items() if spec.na_values}
        if isinstance(given, dict):
            for key, value in given.items():
                values = value if isinstance(value, list) else [value]
                per_field.setdefault(str(key), set()).update(str(v) for v in values)
        elif isinstance(given, list):
            common.update(str(v) for v in given)
        elif given is not None:
            common.add(str(given))
        return common, per_field

    def load(self, name: str) -> tuple[pd.DataFrame, Schema]:
        user = self._user_schema()
        path = local_path(self.filepath)
        if isinstance(self.schema, str):
            local_path(self.schema)  # a benchmark schema leaves its copy in benchmark/ too
        bundled = BENCHMARKS.get(benchmark_name(self.filepath)) if is_benchmark(
            self.filepath) else None
        default_na = bundled.na_values if bundled is not None else ()
        columns = read_table(
            path, header_names=self.header_names, nrows=self.nrows, sep=self.sep,
            encoding=self.encoding, sheet_name=self.sheet_name)
        if not len(next(iter(columns.values()))):
            raise LoaderError(f"'{path.name}' has a header but no rows: there is nothing to "
                              "learn from; check the file (or nrows)")
        unknown = [c for c in user.fields if c not in columns]
        if unknown:
            raise LoaderError(f"the schema (or column_types) names fields that are not in "
                              f"'{path.name}': {unknown}; the file has {list(columns)}")
        common, per_field = self._na_values(default_na, user.fields)
        unknown = [c for c in per_field if c not in columns]
        if unknown:
            raise LoaderError(f"na_values names columns that are not in '{path.name}': {unknown}"
                              f"; the file has {list(columns)}")
        for field, column in columns.items():
            markers = common | per_field.get(field, set())
            if markers:
                columns[field] = mark_missing(column, markers)
        notes = Notes(path.name)
        try:
            data, typed = _apply_fields(columns, user, notes)
        except LoaderError as exc:
            raise LoaderError(f"'{path.name}': {exc}") from exc
        self.notes_ = tuple(notes.lines)
        schema = infer_schema(data, user.id or name)
        return data, record_settings(schema, user, typed)


def _apply_fields(columns: Columns, user: UserSchema,
                  notes: Notes) -> tuple[pd.DataFrame, dict[str, bool]]:
    """The table with every column typed and the user's field settings applied, in PETsARD's
    order: convert, fill missing values, drop rows (null_strategy), then check and finish."""
    typed_columns, typed, had_missing = {}, {}, set()
    for name, column in columns.items():
        spec = user.fields.get(name)
        series, typed[name] = read_field(column, spec, notes)
        if _has_missing(column, series):
            had_missing.add(name)
        typed_columns[name] = fill_missing(series, spec, notes)
    # copy=False: no column is copied into 2-D blocks (a second copy of the whole table)
    data = drop_missing_rows(pd.DataFrame(typed_columns, copy=False), user, notes)
    finished = pd.DataFrame({
        column: finish_field(data[column], user.fields.get(column), typed=typed[column],
                             optimize=user.optimizes(column),
                             had_missing=column in had_missing)
        for column in data.columns}, copy=False)
    rows = pd.RangeIndex(len(finished))
    if not finished.index.equals(rows):  # rows were dropped: number the rest again
        finished = finished.set_axis(rows, axis=0, copy=False)
    return finished, typed


def _has_missing(column: Column, series: pd.Series) -> bool:
    """Text kept as text has the gaps it was read with (isna is slow on Python strings)."""
    if isinstance(column, TextColumn) and series.dtype == object:
        return bool(column.missing.any())
    return bool(series.isna().any())
