"""The Loader's method: read a file (or a bundled benchmark) into a typed table and schema."""

from __future__ import annotations

from typing import Annotated, Any

import pandas as pd
from pydantic import Field

from petsard.datasets import BENCHMARKS, benchmark_name, check, is_benchmark, local_path
from petsard.exceptions import LoaderError
from petsard.loader.base import LoaderMethod
from petsard.loader.readers import read_table
from petsard.loader.text_columns import convert_column, infer_column
from petsard.schema.inference import infer_schema
from petsard.schema.schema import Schema
from petsard.schema.user_schema import FieldSpec, UserSchema, read_user_schema

NaValues = str | int | float | list[str | int | float] | dict[str, str | int | float | list[
    str | int | float]]
COLUMN_TYPE_KEYS = {"category": "category", "categorical": "category",
                    "datetime": "datetime", "int": "int", "float": "float", "str": "str",
                    "string": "str", "boolean": "boolean", "bool": "boolean"}


class FileLoader(LoaderMethod):
    """CSV/TSV (BOM-safe), Excel/ODS, Parquet, or ``benchmark://name``.

    ``schema`` (a mapping or a YAML file path) overrides inference field by field;
    ``column_types`` ({category: [...], datetime: [...]}) is PETsARD's older shorthand.
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
        try:  # the same file before and after a load (a bundled one leaves its copy first)
            return [str(local_path(params["filepath"]))]
        except LoaderError:  # a benchmark not bundled: the Loader says so when it runs
            return []

    def _field_specs(self) -> UserSchema:
        user = UserSchema(None)
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
        return UserSchema(user.name, specs)

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
        specs = self._field_specs()
        path = local_path(self.filepath)
        if isinstance(self.schema, str):
            local_path(self.schema)  # a benchmark schema leaves its copy in benchmark/ too
        bundled = BENCHMARKS.get(benchmark_name(self.filepath)) if is_benchmark(
            self.filepath) else None
        default_na = bundled.na_values if bundled is not None else ()
        frame, is_text = read_table(
            path, header_names=self.header_names, nrows=self.nrows, sep=self.sep,
            encoding=self.encoding, sheet_name=self.sheet_name)
        if frame.empty:
            raise LoaderError(f"'{path.name}' has a header but no rows: there is nothing to "
                              "learn from; check the file (or nrows)")
        unknown = [c for c in specs.fields if c not in frame.columns]
        if unknown:
            raise LoaderError(f"the schema (or column_types) names fields that are not in "
                              f"'{path.name}': {unknown}; the file has {list(frame.columns)}")
        common, per_field = self._na_values(default_na, specs.fields)
        unknown = [c for c in per_field if c not in frame.columns]
        if unknown:
            raise LoaderError(f"na_values names columns that are not in '{path.name}': {unknown}"
                              f"; the file has {list(frame.columns)}")
        for column in frame.columns:
            markers = common | per_field.get(column, set())
            if markers:
                frame[column] = _mark_missing(frame[column], markers)
        columns = {}
        for column in frame.columns:
            spec = specs.fields.get(column)
            try:
                columns[column] = _typed_column(frame[column], spec, is_text)
            except LoaderError as exc:
                raise LoaderError(f"'{path.name}': {exc}") from exc
        data = pd.DataFrame(columns, index=pd.RangeIndex(len(frame)))
        schema = infer_schema(data, specs.name or name)
        return data, _apply_user_fields(schema, specs)


def _typed_column(series: pd.Series, spec: FieldSpec | None, is_text: bool) -> pd.Series:
    """The column as its declared type (or inferred from text), checked against the spec."""
    column = str(series.name)
    if spec is not None and spec.type is not None:
        series = convert_column(series, spec.type, spec.datetime_format)
    elif is_text:
        series = infer_column(series)
    if spec is None:
        return series
    if spec.category and not isinstance(series.dtype, pd.CategoricalDtype):
        series = series.astype("category")
    if spec.precision is not None:
        if pd.api.types.is_float_dtype(series.dtype):
            series = series.round(spec.precision)
        elif not pd.api.types.is_integer_dtype(series.dtype):
            raise LoaderError(f"field '{column}' has a precision but holds {series.dtype} "
                              "values; precision applies to numbers only: remove it or "
                              "declare type: float")
    if spec.nullable is False and series.isna().any():
        raise LoaderError(f"field '{column}' is declared nullable: false but has "
                          f"{int(series.isna().sum())} missing value(s); fill them in the "
                          "file or set nullable: true")
    return series


def _mark_missing(series: pd.Series, markers: set[str]) -> pd.Series:
    """Cells equal to a marker (ignoring surrounding spaces) become missing; typed integer and
    boolean columns that gain gaps become nullable (Int64, boolean) rather than float."""
    as_text = series.astype(str).str.strip() if series.dtype == object else series.astype(str)
    hit = as_text.isin(markers) & series.notna()
    if not hit.any():
        return series
    if pd.api.types.is_integer_dtype(series.dtype):
        series = series.astype("Int64")
    elif pd.api.types.is_bool_dtype(series.dtype):
        series = series.astype("boolean")
    return series.mask(hit)


def _apply_user_fields(schema: Schema, specs: UserSchema) -> Schema:
    fields = []
    for attr in schema:
        spec = specs.fields.get(attr.name)
        if spec is None:
            fields.append(attr)
            continue
        changes: dict[str, Any] = {"source": "user"}
        if spec.logical_type:
            changes["logical_type"] = spec.logical_type
        if spec.description:
            changes["description"] = spec.description
        if spec.type == "date":
            changes["type"] = "date"
        if spec.category is False and attr.type == "str":
            changes["category"] = False
        if spec.precision is not None and attr.type == "float":
            changes["precision"] = spec.precision
        if spec.nullable is not None:
            changes["nullable"] = spec.nullable or attr.type_attr.nullable
        fields.append(attr.with_changes(**changes))
    return schema.with_attributes(fields)
