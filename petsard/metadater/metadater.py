"""PETsARD's schema operations for notebooks and user classes: schemas made from data, from a
dict or YAML, compared with data (``diff``) and data brought to them (``align``), for one
table (``SchemaMetadater``) or several (``Metadater``, with ``Metadata``)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from types import MappingProxyType
from typing import Any

import pandas as pd
import yaml

from petsard.exceptions import ConfigError, SchemaError
from petsard.schema import Attribute, Schema, infer_schema
from petsard.schema.attribute import TypeAttr, dtype_for
from petsard.schema.casting import cast_series
from petsard.schema.inference import data_type_of
from petsard.schema.user_fields import FieldSpec
from petsard.schema.user_schema import read_user_schema


@dataclass(frozen=True)
class Metadata:
    """A dataset's tables: ``schemas`` maps each table's name to its Schema."""

    id: str
    schemas: Mapping[str, Schema] = field(default_factory=dict)
    name: str | None = None
    description: str | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "schemas", MappingProxyType(dict(self.schemas)))
        if self.name is None:
            object.__setattr__(self, "name", self.id)


class SchemaMetadater:
    """One table's schema: made from data, a dict or a YAML file; compared and aligned."""

    @classmethod
    def from_data(cls, data: pd.DataFrame, enable_stats: bool = True, **kwargs: Any) -> Schema:
        """The schema inferred from ``data`` (``id``/``schema_id``/``name`` name it;
        statistics are always computed)."""
        if not isinstance(data, pd.DataFrame):
            raise ConfigError(f"SchemaMetadater.from_data: expected a pandas DataFrame, got "
                              f"{type(data).__name__}")
        name = kwargs.get("id") or kwargs.get("schema_id") or kwargs.get("name") or "table"
        schema = infer_schema(data, str(name))
        extra = {k: kwargs[k] for k in ("name", "description") if kwargs.get(k) is not None}
        return Schema(id=schema.id, attributes=schema.attributes, stats=schema.stats,
                      **extra) if extra else schema

    @classmethod
    def from_dict(cls, config: dict[str, Any]) -> Schema:
        """A schema written as PETsARD's schema YAML (``id``, ``name``, ``attributes`` (or
        ``fields``): field name -> type, category, nullable, precision, logical_type...);
        ConfigError listing every problem."""
        user, problems = read_user_schema(config, "schema")
        if problems or user is None:
            raise ConfigError.from_problems(problems)
        attributes = [_declared(name, spec) for name, spec in user.fields.items()]
        schema_id = user.id or user.name or "schema"
        return Schema(id=schema_id, attributes={a.name: a for a in attributes},
                      name=user.name or schema_id, description=user.description)

    @classmethod
    def from_yaml(cls, filepath: str) -> Schema:
        """``from_dict`` of a YAML file."""
        path = Path(filepath)
        if not path.is_file():
            raise ConfigError(f"schema file not found: '{filepath}'")
        try:
            config = yaml.safe_load(path.read_text(encoding="utf-8"))
        except yaml.YAMLError as exc:
            raise ConfigError(f"schema file '{filepath}' is not valid YAML: {exc}") from exc
        return cls.from_dict(config)

    @classmethod
    def get(cls, schema: Schema, name: str) -> Attribute:
        return schema[name]

    @classmethod
    def diff(cls, schema: Schema, data: pd.DataFrame) -> dict[str, Any]:
        """How ``data`` differs from ``schema`` ({} when it fits): missing_columns,
        extra_columns, type_mismatches ({field: {expected, actual}}), nullable_mismatches
        ({field: missing values found in a field declared not nullable})."""
        found: dict[str, Any] = {
            "missing_columns": [c for c in schema.columns if c not in data.columns],
            "extra_columns": [str(c) for c in data.columns if c not in schema],
            "type_mismatches": {}, "nullable_mismatches": {}}
        for attr in schema:
            if attr.name not in data.columns:
                continue
            actual = data_type_of(data[attr.name].dtype)
            if actual != attr.type and not (attr.type == "date" and actual == "datetime"):
                found["type_mismatches"][attr.name] = {"expected": attr.type, "actual": actual}
            missing = int(data[attr.name].isna().sum())
            if missing and not attr.type_attr.nullable:
                found["nullable_mismatches"][attr.name] = missing
        return {key: value for key, value in found.items() if value}

    @classmethod
    def align(cls, schema: Schema, data: pd.DataFrame) -> pd.DataFrame:
        """A copy of ``data`` with the schema's fields first, in its order and types (fields
        it lacks added as missing values), then any others; SchemaError naming a field whose
        values do not fit its type."""
        out = {}
        for attr in schema:
            if attr.name in data.columns:
                out[attr.name] = cast_series(data[attr.name], attr.dtype, attr.name,
                                             attr.type_attr.precision
                                             if attr.type == "float" else None)
            else:  # all missing: the nullable form of its dtype
                dtype = dtype_for(attr.type, replace(attr.type_attr, nullable=True))
                out[attr.name] = pd.Series(None, index=data.index, dtype=object).astype(dtype)
        for column in data.columns:
            if column not in schema:
                out[column] = data[column].copy()
        return pd.DataFrame(out, index=data.index)


class Metadater:
    """Several tables' schemas (a Metadata); ``from_data`` of one DataFrame gives its
    Schema."""

    @classmethod
    def from_data(cls, data: pd.DataFrame | dict[str, pd.DataFrame], enable_stats: bool = False,
                  **kwargs: Any) -> Schema | Metadata:
        """A DataFrame's Schema, or a Metadata of a {table name: DataFrame} dict (each
        schema's id is its table's name; ``id``, ``name``, ``description`` describe the
        Metadata)."""
        if isinstance(data, pd.DataFrame):
            return SchemaMetadater.from_data(data, enable_stats, **kwargs)
        if not isinstance(data, dict) or not all(
                isinstance(table, pd.DataFrame) for table in data.values()):
            raise ConfigError("Metadater.from_data: expected a DataFrame or a dict of table "
                              f"names to DataFrames, got {type(data).__name__}")
        schemas = {str(name): infer_schema(table, str(name)) for name, table in data.items()}
        return Metadata(id=str(kwargs.get("id", "metadata")), schemas=schemas,
                        name=kwargs.get("name"), description=kwargs.get("description"))

    @classmethod
    def from_dict(cls, config: dict[str, Any]) -> Metadata:
        """A Metadata written as ``{id, schemas: {table: <schema dict>}}``."""
        if not isinstance(config, dict) or not isinstance(config.get("schemas"), dict):
            raise ConfigError("Metadater.from_dict: expected {id: ..., schemas: {table name: "
                              "schema}}")
        schemas = {}
        for name, schema in config["schemas"].items():
            schema = dict(schema or {})
            schema.setdefault("id", name)
            schemas[str(name)] = SchemaMetadater.from_dict(schema)
        return Metadata(id=str(config.get("id", "metadata")), schemas=schemas,
                        name=config.get("name"), description=config.get("description"))

    @classmethod
    def get(cls, metadata: Metadata, name: str) -> Schema:
        try:
            return metadata.schemas[name]
        except KeyError:
            raise SchemaError(f"metadata '{metadata.id}' has no table '{name}'; it has "
                              f"{', '.join(metadata.schemas)}") from None

    @classmethod
    def diff(cls, metadata: Metadata, data: dict[str, pd.DataFrame]) -> dict[str, Any]:
        """How ``data`` differs from ``metadata`` ({} when it fits): missing_tables,
        extra_tables, table_diffs ({table: SchemaMetadater.diff})."""
        found: dict[str, Any] = {
            "missing_tables": [t for t in metadata.schemas if t not in data],
            "extra_tables": [t for t in data if t not in metadata.schemas],
            "table_diffs": {t: d for t, schema in metadata.schemas.items() if t in data
                            and (d := SchemaMetadater.diff(schema, data[t]))}}
        return {key: value for key, value in found.items() if value}

    @classmethod
    def align(cls, metadata: Metadata, data: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
        """Each table of ``data`` that ``metadata`` describes, aligned to its schema."""
        return {name: SchemaMetadater.align(schema, data[name])
                for name, schema in metadata.schemas.items() if name in data}


def _declared(name: str, spec: FieldSpec) -> Attribute:
    """The Attribute a user's field spec declares (no statistics: no data was seen)."""
    nullable = True if spec.nullable is None else spec.nullable
    return Attribute(name=name, type=spec.type or "str",
                     type_attr=TypeAttr(category=bool(spec.category), nullable=nullable,
                                        precision=spec.precision, format=spec.format,
                                        width=spec.width),
                     **spec.recorded())
