"""PETsARD's ``Loader`` for notebooks: ``Loader(filepath, schema=...)``, then
``load() -> (data, schema)``, over the Loader method the YAML config runs."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd

from petsard.api.building import configured, given
from petsard.loader import REGISTRY
from petsard.schema.schema import Schema

COMPRESSIONS = (".gz", ".bz2", ".xz", ".zip", ".zst")


class Loader:
    """Reads one table. Every setting is the Loader's YAML one (``filepath``, ``schema``,
    ``column_types``, ``header_names``, ``na_values``, ``nrows``, and petsard's ``sep``,
    ``encoding``, ``sheet_name``), checked when the Loader is made: a bad one raises
    ConfigError. ``schema`` is a Schema, a mapping or a YAML file path."""

    def __init__(self, filepath: str | None = None, column_types: dict[str, list[str]] | None
                 = None, header_names: list[str] | None = None,
                 na_values: Any = None, nrows: int | None = None,
                 schema: Schema | dict[str, Any] | str | None = None, **options: Any) -> None:
        self.filepath = filepath
        self.column_types = column_types
        self.header_names = header_names
        self.na_values = na_values
        self.nrows = nrows
        self.schema = schema
        self.options = options
        settings = schema_settings(schema) if isinstance(schema, Schema) else schema
        self._method = configured(REGISTRY, "default", given(
            filepath=filepath, column_types=column_types, header_names=header_names,
            na_values=na_values, nrows=nrows, schema=settings, **options), "Loader")

    def load(self) -> tuple[pd.DataFrame, Schema]:
        """(the table, its schema): named after the file unless the schema names itself."""
        return self._method.load(table_name(str(self.filepath)))


def table_name(filepath: str) -> str:
    """'adult' for 'data/adult.csv.gz' or 'benchmark://adult'."""
    name = Path(filepath.split("://")[-1]).name
    for suffix in COMPRESSIONS:
        name = name.removesuffix(suffix)
    return Path(name).stem or "data"


def schema_settings(schema: Schema) -> dict[str, Any]:
    """A Schema as the Loader's schema setting: each field's type, precision, logical type
    and missing-value markers; pandas categories stay categories and free text stays text.
    Nullability is kept only where a user declared it (an inferred 'no missing values'
    describes the data seen, not a rule)."""
    fields = {}
    for attr in schema:
        spec: dict[str, Any] = {"type": attr.type}
        if attr.dtype == "category":
            spec["category"] = True
        elif attr.type == "str" and not attr.type_attr.category:
            spec["category"] = False
        if attr.type == "float" and attr.type_attr.precision is not None:
            spec["precision"] = attr.type_attr.precision
        if attr.type_attr.format is not None:
            spec["format"] = attr.type_attr.format
        if attr.source == "user":
            spec["nullable"] = attr.type_attr.nullable
        for key in ("logical_type", "description"):
            if getattr(attr, key) is not None:
                spec[key] = getattr(attr, key)
        if attr.na_values:
            spec["na_values"] = list(attr.na_values)
        fields[attr.name] = spec
    return {"id": schema.id, "name": schema.name, "attributes": fields}
