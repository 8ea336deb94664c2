"""One field of a user's schema, in every form PETsARD's Schema YAML documents: type settings
written flat (``nullable: false``) or nested (``type_attr: {nullable: false}``), missing-value
handling, constraints. Each setting is checked before anything runs and reported with its
YAML path; an unknown key is an error with the closest known one, so a typo never passes."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd

from petsard.registry import closest, did_you_mean
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
TYPE_ATTR_KEYS = ("category", "nullable", "precision", "format", "width")
CAST_ERRORS = ("raise", "coerce", "ignore")
NULL_STRATEGIES = ("keep", "drop", "fill")
CONSTRAINT_KEYS = ("min", "max", "pattern")
FIELD_KEYS = {
    "name", "type", "type_attr", *TYPE_ATTR_KEYS, "logical_type", "description", "na_values",
    "default_value", "cast_errors", "null_strategy", "constraints", "enable_optimize_type",
    "enable_stats",
    # Written by PETsARD itself (statistics, constant fields): accepted, recomputed from the data.
    "stats", "is_constant",
    # Older PETsARD names: enable_null for nullable, category_method: force for category: true.
    "enable_null", "category_method",
}


@dataclass(frozen=True)
class FieldSpec:
    """What a user's schema says about one field; None where it says nothing."""

    type: str | None = None
    category: bool | None = None
    logical_type: str | None = None
    nullable: bool | None = None
    na_values: tuple[str, ...] = ()
    precision: int | None = None
    description: str | None = None
    format: str | None = None
    width: int | None = None
    default_value: Any = None
    cast_errors: str = "coerce"
    null_strategy: str | None = None
    constraints: Mapping[str, Any] | None = None
    enable_stats: bool | None = None
    enable_optimize_type: bool | None = None

    @property
    def missing_values(self) -> str:
        """The null strategy in effect: a default_value alone fills, as PETsARD's align does."""
        return self.null_strategy or ("fill" if self.default_value is not None else "keep")

    def recorded(self) -> dict[str, Any]:
        """The Attribute settings this spec declares whatever the data holds (source,
        missing-value handling, constraints, meaning); type settings depend on the data."""
        settings: dict[str, Any] = {
            "source": "user", "cast_errors": self.cast_errors,
            "null_strategy": self.missing_values,
            "default_value": (self.default_value.isoformat()  # a YAML date, kept as text
                              if isinstance(self.default_value, dt.date)
                              else self.default_value),
            "na_values": self.na_values or None,
            "constraints": dict(self.constraints) if self.constraints else None,
        }
        if self.logical_type:
            settings["logical_type"] = self.logical_type
        if self.description:
            settings["description"] = self.description
        return settings


def fill_value(value: Any, data_type: str | None, datetime_format: str | None = None) -> Any:
    """``value`` as a value of ``data_type`` (a Timestamp for dates); ValueError if it does not
    fit. Text fits only text fields: a number written for a text field must be quoted."""
    if isinstance(value, bool):
        if data_type in (None, "boolean"):
            return value
    elif data_type in ("date", "datetime"):
        if isinstance(value, (dt.date, str)):
            return pd.to_datetime(value, format=datetime_format if isinstance(value, str)
                                  else None)  # ValueError if unparseable
    elif data_type == "int":
        if isinstance(value, int) or (isinstance(value, float) and value.is_integer()):
            return int(value)
    elif data_type == "float":
        if isinstance(value, (int, float)):
            return float(value)
    elif data_type == "str":
        if isinstance(value, str):
            return value
    elif data_type is None and isinstance(value, (int, float, str, dt.date)):
        return value
    raise ValueError(f"{value!r} is not a {data_type or 'single'} value")


def read_field(spec: Any, name: str, path: str) -> tuple[FieldSpec | None, list[str]]:
    """The FieldSpec of field ``name`` written at ``path``, and every problem found in it."""
    if spec is None:  # a field listed without settings
        return FieldSpec(), []
    if not isinstance(spec, Mapping):
        return None, [f"{path}: expected a mapping of field settings"]
    problems = [
        f"{path}.{key}: unknown field setting{did_you_mean(str(key), sorted(FIELD_KEYS))}"
        for key in spec if key not in FIELD_KEYS
    ]
    if "name" in spec and str(spec["name"]) != name:
        problems.append(f"{path}.name: '{spec['name']}' differs from the field's key '{name}'; "
                        "a field is named by its key: remove name or make them equal")
    attrs = _type_attr(spec, path, problems)
    category = _bool(*attrs.get("category", (None, "")), problems)
    nullable = _bool(*attrs.get("nullable", (None, "")), problems)
    precision = _count(*attrs.get("precision", (None, "")), 0, problems)
    width = _count(*attrs.get("width", (None, "")), 1, problems)
    datetime_format = _text(*attrs.get("format", (None, "")), problems)

    data_type = spec.get("type")
    if data_type is not None:
        if str(data_type) not in TYPE_NAMES:
            problems.append(f"{path}.type: unknown type '{data_type}'"
                            f"{did_you_mean(str(data_type), sorted(set(TYPE_NAMES)))}")
        elif TYPE_NAMES[str(data_type)] is None:
            category = True
        data_type = TYPE_NAMES.get(str(data_type))
    if spec.get("category_method") == "force":
        category = True
    if data_type is None:  # what a setting implies when the type is not written
        data_type = ("datetime" if datetime_format else "str" if width or category else None)
    _check_type_attr(data_type, attrs, problems)

    logical = spec.get("logical_type")
    if logical is not None and (not isinstance(logical, str) or logical in TYPE_NAMES
                                or logical in KINDS):
        problems.append(f"{path}.logical_type: expected what the values mean (email, url, "
                        f"phone...), got {logical!r}; declare the data type with type: and "
                        "categories with category: true")
    default = spec.get("default_value")
    if default is not None:
        try:
            fill_value(default, data_type, datetime_format)
        except (ValueError, TypeError):
            hint = (f"write text in quotes ('{default}')" if data_type == "str"
                    else f"give a {data_type} value" if data_type else "give a single value")
            problems.append(f"{path}.default_value: {default!r} does not fit the field's type "
                            f"({data_type or 'any'}); {hint}")
            default = None
    null_strategy = _choice(spec.get("null_strategy"), f"{path}.null_strategy",
                            NULL_STRATEGIES, problems)
    problems += _strategy_problems(null_strategy, spec.get("default_value"), path)
    cast_errors = _choice(spec.get("cast_errors"), f"{path}.cast_errors", CAST_ERRORS, problems)
    for key in ("enable_stats", "enable_optimize_type", "is_constant"):
        _bool(spec.get(key), f"{path}.{key}", problems)
    if spec.get("stats") is not None and not isinstance(spec["stats"], Mapping):
        problems.append(f"{path}.stats: expected a mapping of statistics (they are recomputed "
                        "from the data)")
    return FieldSpec(
        type=data_type, category=category, logical_type=logical, nullable=nullable,
        na_values=_na_values(spec.get("na_values"), f"{path}.na_values", problems),
        precision=precision, description=_text(spec.get("description"),
                                               f"{path}.description", problems),
        format=datetime_format, width=width, default_value=default,
        cast_errors=cast_errors or "coerce", null_strategy=null_strategy,
        constraints=_constraints(spec.get("constraints"), data_type, f"{path}.constraints",
                                 problems),
        enable_stats=spec.get("enable_stats"),
        enable_optimize_type=spec.get("enable_optimize_type"),
    ), problems


def _type_attr(spec: Mapping[str, Any], path: str,
               problems: list[str]) -> dict[str, tuple[Any, str]]:
    """{type_attr key: (value, the YAML path it was written at)}, from either form."""
    nested = spec.get("type_attr")
    if nested is None:
        nested = {}
    elif not isinstance(nested, Mapping):
        problems.append(f"{path}.type_attr: expected a mapping of {', '.join(TYPE_ATTR_KEYS)}")
        nested = {}
    problems += [f"{path}.type_attr.{key}: unknown type_attr setting"
                 f"{did_you_mean(str(key), list(TYPE_ATTR_KEYS))}"
                 for key in nested if key not in TYPE_ATTR_KEYS]
    flat = {key: key for key in TYPE_ATTR_KEYS if key in spec}
    if "enable_null" in spec:
        if "nullable" in flat:
            problems.append(f"{path}.enable_null: nullable is set too; keep one of the two")
        else:
            flat["nullable"] = "enable_null"
    found = {}
    for key in TYPE_ATTR_KEYS:
        if key in flat and key in nested:
            problems.append(f"{path}.{flat[key]}: also set as {path}.type_attr.{key}; "
                            "keep one of the two")
        elif key in nested:
            found[key] = (nested[key], f"{path}.type_attr.{key}")
        elif key in flat:
            found[key] = (spec[flat[key]], f"{path}.{flat[key]}")
    return found


def _check_type_attr(data_type: str | None, attrs: dict[str, tuple[Any, str]],
                     problems: list[str]) -> None:
    if data_type is None:
        return
    needs = {"precision": ("int", "float"), "format": ("date", "datetime"), "width": ("str",)}
    why = {"precision": "precision is the number of decimals of numbers",
           "format": "format is how dates and datetimes are written",
           "width": "width restores the leading zeros of text codes"}
    for key, types in needs.items():
        if key in attrs and attrs[key][0] is not None and data_type not in types:
            problems.append(f"{attrs[key][1]}: {why[key]}, but this field is {data_type}; "
                            f"remove it or declare type: {types[-1]}")


def _strategy_problems(strategy: str | None, default: Any, path: str) -> list[str]:
    where = f"{path}.null_strategy"
    if strategy == "fill" and default is None:
        return [f"{where}: fill needs a default_value to fill missing values with"]
    if strategy == "drop" and default is not None:
        return [f"{where}: drop removes the rows whose missing values default_value would "
                "fill; keep one of the two"]
    if strategy == "keep" and default is not None:
        return [f"{where}: keep leaves missing values, but default_value fills them; write "
                "null_strategy: fill (or leave it out) to fill them, or remove default_value"]
    return []


def _constraints(value: Any, data_type: str | None, path: str,
                 problems: list[str]) -> dict[str, Any] | None:
    """min/max (inclusive) for numbers and dates, a regular expression for text."""
    if value is None:
        return None
    if not isinstance(value, Mapping):
        problems.append(f"{path}: expected a mapping of {', '.join(CONSTRAINT_KEYS)}")
        return None
    problems += [f"{path}.{key}: unknown constraint{did_you_mean(str(key), list(CONSTRAINT_KEYS))}"
                 for key in value if key not in CONSTRAINT_KEYS]
    found: dict[str, Any] = {}
    for bound in ("min", "max"):
        if value.get(bound) is None:
            continue
        limit = value[bound]
        if data_type in ("str", "boolean"):
            problems.append(f"{path}.{bound}: {bound} applies to numbers and dates, but this "
                            f"field is {data_type}")
        elif _limit(limit, data_type) is None:
            problems.append(f"{path}.{bound}: expected a "
                            f"{'date' if data_type in ('date', 'datetime') else 'number'}, "
                            f"got {limit!r}")
        else:
            found[bound] = limit.isoformat() if isinstance(limit, dt.date) else limit
    if "min" in found and "max" in found:
        try:
            if _limit(found["min"], data_type) > _limit(found["max"], data_type):
                problems.append(f"{path}: min {found['min']!r} is greater than max "
                                f"{found['max']!r}")
        except TypeError:  # a number and a date: each is checked against the data
            pass
    pattern = value.get("pattern")
    if pattern is not None:
        if data_type not in (None, "str"):
            problems.append(f"{path}.pattern: a pattern applies to text, but this field is "
                            f"{data_type}")
        elif not isinstance(pattern, str):
            problems.append(f"{path}.pattern: expected a regular expression, got {pattern!r}")
        else:
            try:
                re.compile(pattern)
                found["pattern"] = pattern
            except re.error as exc:
                problems.append(f"{path}.pattern: not a valid regular expression: {exc}")
    return found or None


def _limit(value: Any, data_type: str | None) -> Any:
    """A min/max as a number or a Timestamp, None if it is neither."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return value if data_type not in ("date", "datetime") else None
    if data_type in (None, "date", "datetime") and isinstance(value, (dt.date, str)):
        try:
            return pd.Timestamp(value)
        except ValueError:
            return None
    return None


def _na_values(value: Any, path: str, problems: list[str]) -> tuple[str, ...]:
    values = value if isinstance(value, list) else [] if value is None else [value]
    if any(isinstance(v, (list, dict)) or v is None for v in values):
        problems.append(f"{path}: expected a value or a list of values that mark missing")
        return ()
    return tuple(str(v) for v in values)


def _bool(value: Any, path: str, problems: list[str]) -> bool | None:
    if value is None or isinstance(value, bool):
        return value
    problems.append(f"{path}: expected true or false, got {value!r}")
    return None


def _count(value: Any, path: str, minimum: int, problems: list[str]) -> int | None:
    if value is None or (isinstance(value, int) and not isinstance(value, bool)
                         and value >= minimum):
        return value
    problems.append(f"{path}: expected an integer >= {minimum}, got {value!r}")
    return None


def _text(value: Any, path: str, problems: list[str]) -> str | None:
    if value is None or isinstance(value, str):
        return value
    problems.append(f"{path}: expected text, got {value!r}")
    return None


def _choice(value: Any, path: str, choices: tuple[str, ...], problems: list[str]) -> str | None:
    if value is None or value in choices:
        return value
    guess = closest(str(value), list(choices))
    problems.append(f"{path}: expected one of {', '.join(choices)}, got {value!r}"
                    + (f"; did you mean '{guess}'?" if guess else ""))
    return None
