"""A schema written by the user (dict or YAML file) that overrides inference field by field."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

from petsard.datasets import local_path
from petsard.exceptions import LoaderError
from petsard.registry import did_you_mean
from petsard.schema.attribute import KINDS

TYPE_NAMES = {
    **dict.fromkeys(["int", "integer", "int8", "int16", "int32", "int64", "Int64"], "int"),
    **dict.fromkeys(["float", "float32", "float64", "double", "number", "numeric"], "float"),
    **dict.fromkeys(["str", "string", "object", "text"], "str"),
    **dict.fromkeys(["bool", "boolean"], "boolean"),
    **dict.fromkeys(["datetime", "datetime64", "datetime64[ns]", "timestamp"], "datetime"),
    "date": "date",
    # PETsARD's older schemas wrote categories as a type; 'category: true' is the current form.
    **dict.fromkeys(["category", "categorical"], None),
}
FIELD_KEYS = {
    "type", "logical_type", "nullable", "enable_null", "na_values", "precision",
    "description", "format", "category", "category_method",
}
# 'optimize_dtypes' and 'nullable_int' come from PETsARD's schema format; our Loader always keeps
# the smallest exact dtype and nullable integers, so they are accepted for compatibility.
TOP_KEYS = {"id", "name", "title", "description", "fields", "attributes", "optimize_dtypes",
            "nullable_int"}


@dataclass(frozen=True)
class FieldSpec:
    type: str | None = None
    category: bool | None = None
    logical_type: str | None = None
    nullable: bool | None = None
    na_values: tuple[str, ...] = ()
    precision: int | None = None
    description: str | None = None
    datetime_format: str | None = None


@dataclass(frozen=True)
class UserSchema:
    name: str | None
    fields: dict[str, FieldSpec] = field(default_factory=dict)


def read_user_schema(value: Any, path: str) -> tuple[UserSchema | None, list[str]]:
    """Parse ``value`` (a mapping or a YAML file path) into a UserSchema, collecting problems."""
    if isinstance(value, str):
        try:  # benchmark://adult-income_schema, or benchmark/adult-income_schema.yaml
            file = local_path(value, leave_copy=False)
        except LoaderError as exc:
            return None, [f"{path}: {exc}"]
        if not file.is_file():
            return None, [f"{path}: schema file not found: '{value}'"]
        try:
            value = yaml.safe_load(file.read_text(encoding="utf-8"))
        except yaml.YAMLError as exc:
            return None, [f"{path}: schema file '{file}' is not valid YAML: {exc}"]
    if not isinstance(value, dict):
        return None, [f"{path}: expected a mapping or the path of a YAML file"]
    problems = [
        f"{path}.{key}: unknown schema key{did_you_mean(str(key), sorted(TOP_KEYS))}"
        for key in value if key not in TOP_KEYS
    ]
    raw_fields = value.get("fields", value.get("attributes")) or {}
    fields_path = f"{path}.{'fields' if 'fields' in value else 'attributes'}"
    if not isinstance(raw_fields, dict):
        return None, [*problems, f"{fields_path}: expected a mapping of field name to settings"]
    specs = {}
    for name, spec in raw_fields.items():
        if isinstance(spec, dict) and "name" in spec:  # PETsARD writes each field's name too
            if spec["name"] != name:
                problems.append(f"{fields_path}.{name}.name: '{spec['name']}' differs from the "
                                f"field it describes, '{name}'")
            spec = {key: value for key, value in spec.items() if key != "name"}
        parsed, field_problems = _read_field(spec or {}, f"{fields_path}.{name}")
        problems += field_problems
        if parsed is not None:
            specs[str(name)] = parsed
    name = value.get("name", value.get("id"))
    return UserSchema(name=str(name) if name is not None else None, fields=specs), problems


def _read_field(spec: Any, path: str) -> tuple[FieldSpec | None, list[str]]:
    if not isinstance(spec, dict):
        return None, [f"{path}: expected a mapping of field settings"]
    problems = [
        f"{path}.{key}: unknown field setting{did_you_mean(str(key), sorted(FIELD_KEYS))}"
        for key in spec if key not in FIELD_KEYS
    ]
    data_type = spec.get("type")
    category = spec.get("category")
    if category is not None and not isinstance(category, bool):
        problems.append(f"{path}.category: expected true or false, got {category!r}")
        category = None
    if data_type is not None:
        if str(data_type) not in TYPE_NAMES:
            problems.append(f"{path}.type: unknown type '{data_type}'"
                            f"{did_you_mean(str(data_type), sorted(set(TYPE_NAMES)))}")
        elif TYPE_NAMES[str(data_type)] is None:
            category = True
        data_type = TYPE_NAMES.get(str(data_type))
    if spec.get("category_method") == "force":
        category = True
    if category and data_type is None:  # categories of text unless a type says otherwise
        data_type = "str"
    logical = spec.get("logical_type")
    if logical is not None and (not isinstance(logical, str) or logical in TYPE_NAMES
                                or logical in KINDS):
        problems.append(f"{path}.logical_type: expected what the values mean (email, url, "
                        f"phone...), got {logical!r}; declare the data type with type: and "
                        "categories with category: true")
    nullable = spec.get("nullable", spec.get("enable_null"))
    if nullable is not None and not isinstance(nullable, bool):
        problems.append(f"{path}.nullable: expected true or false, got {nullable!r}")
    precision = spec.get("precision")
    if precision is not None and (not isinstance(precision, int) or precision < 0):
        problems.append(f"{path}.precision: expected an integer >= 0, got {precision!r}")
    na_values = spec.get("na_values")
    if na_values is None:
        na_values = []
    na_values = tuple(str(v) for v in (na_values if isinstance(na_values, list) else [na_values]))
    return FieldSpec(
        type=data_type, category=category, logical_type=logical, nullable=nullable,
        na_values=na_values, precision=precision, description=spec.get("description"),
        datetime_format=spec.get("format"),
    ), problems
