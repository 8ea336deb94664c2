"""One field of a table, described with PETsARD's names: ``type``, ``type_attr`` (category,
nullable, precision, format, width), ``logical_type`` (what the text means: email, url,
phone...), ``stats``, plus the exact pandas ``dtype`` so every stage can restore it."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, fields, replace
from typing import Any

# Data types a field can have (PETsARD's simplified names, plus boolean).
DATA_TYPES = ("int", "float", "str", "boolean", "date", "datetime")
# How modules treat a field's values, decided by its type and type_attr.category.
KINDS = ("numerical", "categorical", "datetime", "boolean", "text")
# SDV's and sdmetrics' sdtype of each kind: text is modelled and compared as categories.
SDTYPES = {"numerical": "numerical", "categorical": "categorical", "datetime": "datetime",
           "boolean": "boolean", "text": "categorical"}
# Logical types: what a field's values mean, beyond their data type.
LOGICAL_TYPES = ("email", "url", "phone")

# What counts as a change of a field's structure (statistics do not).
STRUCTURAL = ("type", "dtype", "category", "nullable", "precision", "logical_type")
# What a schema prediction promises (precision and statistics depend on the data).
SIGNATURE = ("name", "type", "dtype", "category", "nullable")


@dataclass(frozen=True, slots=True)
class TypeAttr(Mapping[str, Any]):
    """A field's type settings, read as PETsARD's ``type_attr`` mapping
    (``attr.type_attr["category"]``); unset optional ones (precision, format, width) are
    absent from it."""

    category: bool = False
    nullable: bool = True
    precision: int | None = None
    format: str | None = None
    width: int | None = None

    def _present(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in fields(self)
                if getattr(self, f.name) is not None}

    def __getitem__(self, key: str) -> Any:
        present = self._present()
        if key not in present:
            raise KeyError(key)
        return present[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._present())

    def __len__(self) -> int:
        return len(self._present())

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Mapping) and dict(self.items()) == dict(other.items())

    def __hash__(self) -> int:
        return hash(tuple(self.items()))


@dataclass(frozen=True, slots=True)
class FieldStats:
    """Statistics of the values seen (PETsARD's names). Numbers for numerical fields,
    the mode and distribution (top 20) for categorical ones."""

    row_count: int = 0
    na_count: int = 0
    na_percentage: float = 0.0
    unique_count: int = 0
    mean: float | None = None
    std: float | None = None
    min: Any = None
    max: Any = None
    median: float | None = None
    q1: float | None = None
    q3: float | None = None
    mode: Any = None
    mode_frequency: int | None = None
    category_distribution: Mapping[str, int] | None = None
    detected_type: str | None = None
    actual_dtype: str | None = None

    def __hash__(self) -> int:
        return hash((self.row_count, self.na_count, self.unique_count))

    def to_dict(self) -> dict[str, Any]:
        data = {f.name: getattr(self, f.name) for f in fields(self)}
        if self.category_distribution is not None:
            data["category_distribution"] = dict(self.category_distribution)
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> FieldStats:
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in known})


# Keys of TypeAttr an Attribute accepts directly (PETsARD's shorthand: ``nullable: false``).
_SHORTHAND = frozenset(f.name for f in fields(TypeAttr))
# The pandas dtype of each data type, for a field declared without one.
_DTYPES = {"int": "int64", "float": "float64", "str": "object", "boolean": "bool",
           "date": "datetime64[ns]", "datetime": "datetime64[ns]"}
_NULLABLE_DTYPES = {"int": "Int64", "boolean": "boolean"}


def dtype_for(data_type: str, type_attr: TypeAttr) -> str:
    """The pandas dtype a declared field holds: categories of text as pandas categories,
    nullable integers and booleans as pandas' nullable types."""
    if type_attr.category and data_type == "str":
        return "category"
    if type_attr.nullable and data_type in _NULLABLE_DTYPES:
        return _NULLABLE_DTYPES[data_type]
    return _DTYPES.get(data_type, "object")


@dataclass(frozen=True, slots=True)
class Attribute:
    """A field's description. ``stats`` describe the data seen; they are not the structure."""

    name: str
    type: str
    dtype: str = ""  # PETsARD declares fields without one: derived from type and type_attr
    type_attr: TypeAttr = TypeAttr()
    logical_type: str | None = None
    description: str | None = None
    stats: FieldStats | None = None
    enable_stats: bool = True
    is_constant: bool = False
    na_values: tuple[Any, ...] | None = None
    default_value: Any = None
    cast_errors: str = "coerce"
    null_strategy: str = "keep"
    constraints: Mapping[str, Any] | None = None
    # PETsARD documents true, but its Loader's data keeps int64/float64; ours too, unless a
    # schema asks (the smallest dtype would clip synthetic values outside the loaded range).
    enable_optimize_type: bool = False
    # Category values of categorical/boolean fields (up to MAX_CATEGORIES), sorted as text:
    # what one-hot encoding and its schema prediction need. Not row data.
    categories: tuple[Any, ...] | None = None
    source: str = "inferred"  # inferred | user | predicted

    def __post_init__(self) -> None:
        if not isinstance(self.type_attr, TypeAttr):  # PETsARD writes type_attr as a mapping
            object.__setattr__(self, "type_attr", TypeAttr(**dict(self.type_attr)))
        if not self.dtype:
            object.__setattr__(self, "dtype", dtype_for(self.type, self.type_attr))

    def __hash__(self) -> int:
        return hash((self.name, self.type, self.dtype))

    @property
    def enable_null(self) -> bool:
        """PETsARD's name for ``type_attr.nullable``."""
        return self.type_attr.nullable

    @property
    def kind(self) -> str:
        """How modules treat the values: numerical, categorical, datetime, boolean or text
        (strings that are not categories, such as names or free text)."""
        if self.type in ("date", "datetime"):
            return "datetime"
        if self.type == "boolean":
            return "boolean"
        if self.type_attr.category:
            return "categorical"
        return "numerical" if self.type in ("int", "float") else "text"

    def structure(self) -> dict[str, Any]:
        return {key: self._structural(key) for key in STRUCTURAL}

    def signature(self) -> tuple[Any, ...]:
        return tuple(self._structural(key) for key in SIGNATURE)

    def _structural(self, key: str) -> Any:
        return getattr(self.type_attr, key) if key in _SHORTHAND else getattr(self, key)

    def with_changes(self, **changes: Any) -> Attribute:
        """A copy with ``changes``; type_attr keys (category, nullable, precision, format,
        width) may be given directly."""
        shorthand = {key: changes.pop(key) for key in list(changes) if key in _SHORTHAND}
        if shorthand:
            changes["type_attr"] = replace(changes.get("type_attr", self.type_attr), **shorthand)
        return replace(self, **changes)

    def to_dict(self) -> dict[str, Any]:
        data = {f.name: getattr(self, f.name) for f in fields(self)}
        data["type_attr"] = dict(self.type_attr.items())
        data["stats"] = self.stats.to_dict() if self.stats is not None else None
        for key in ("categories", "na_values"):
            if data[key] is not None:
                data[key] = list(data[key])
        if self.constraints is not None:
            data["constraints"] = dict(self.constraints)
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Attribute:
        known = {f.name for f in fields(cls)}
        values = {k: v for k, v in data.items() if k in known}
        values["type_attr"] = TypeAttr(**(values.get("type_attr") or {}))
        if values.get("stats") is not None:
            values["stats"] = FieldStats.from_dict(values["stats"])
        for key in ("categories", "na_values"):
            if values.get(key) is not None:
                values[key] = tuple(values[key])
        return cls(**values)

    def describe(self) -> str:
        """Short form for change descriptions: 'numerical (int64, nullable)'."""
        extra = [self.dtype] + (["nullable"] if self.type_attr.nullable else [])
        return f"{self.kind} ({', '.join(extra)})"
