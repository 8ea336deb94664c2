"""A table's schema as a frozen value object, with a field-level diff."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field, fields
from types import MappingProxyType
from typing import Any

from petsard.exceptions import StatusError
from petsard.schema.attribute import Attribute, FieldStats, TypeAttr

SPEC_VERSION = 2


@dataclass(frozen=True, slots=True)
class FieldChange:
    """One difference between two schemas, for change records."""

    change_type: str  # create | update | delete
    target_type: str  # schema | field
    target_id: str
    before: dict[str, Any] | None
    after: dict[str, Any] | None
    description: str


@dataclass(frozen=True, slots=True)
class TableStats:
    """Statistics of a whole table (PETsARD's names)."""

    row_count: int = 0
    column_count: int = 0
    total_na_count: int = 0
    total_na_percentage: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in fields(self)}


@dataclass(frozen=True, slots=True, eq=False)
class Schema:
    """A table's fields, in order, with PETsARD's names: ``id``, ``name``, ``attributes``
    (field name -> Attribute) and ``stats`` (``stats.row_count``). Equal by value, field
    order included."""

    id: str
    attributes: Mapping[str, Attribute]
    name: str | None = None
    description: str | None = None
    stats: TableStats = TableStats()
    _content_hash: str | None = field(default=None, init=False, repr=False)

    def __post_init__(self) -> None:
        attributes = self.attributes
        if not isinstance(attributes, Mapping):  # an iterable of Attributes
            attributes = {a.name: a for a in attributes}
        object.__setattr__(self, "attributes", MappingProxyType(dict(attributes)))
        if self.name is None:
            object.__setattr__(self, "name", self.id)

    @classmethod
    def of(cls, name: str, attributes: Iterable[Attribute], row_count: int = 0,
           description: str | None = None) -> Schema:
        """A schema named ``name`` (its id too) whose stats say ``row_count`` rows."""
        attributes = tuple(attributes)
        return cls(id=name, attributes={a.name: a for a in attributes}, name=name,
                   description=description, stats=_table_stats(attributes, row_count))

    def __reduce__(self) -> tuple[Any, ...]:  # the read-only view does not pickle itself
        return (Schema, (self.id, dict(self.attributes), self.name, self.description,
                         self.stats))

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Schema):
            return NotImplemented
        return (self.id, self.name, self.description, self.stats,
                list(self.attributes.items())) == (other.id, other.name, other.description,
                                                   other.stats, list(other.attributes.items()))

    def __hash__(self) -> int:
        return hash((self.id, tuple(self.attributes)))

    @property
    def columns(self) -> list[str]:
        return list(self.attributes)

    def __iter__(self) -> Iterator[Attribute]:
        return iter(self.attributes.values())

    def __len__(self) -> int:
        return len(self.attributes)

    def __contains__(self, name: object) -> bool:
        return name in self.attributes

    def __getitem__(self, name: str) -> Attribute:
        try:
            return self.attributes[name]
        except KeyError:
            raise StatusError(f"schema '{self.name}' has no field '{name}'") from None

    def get(self, name: str) -> Attribute | None:
        return self.attributes.get(name)

    def with_attributes(self, attributes: Iterable[Attribute]) -> Schema:
        """The same table (id, name, description, row count) with other fields."""
        attributes = tuple(attributes)
        return Schema(id=self.id, attributes=attributes, name=self.name,
                      description=self.description,
                      stats=_table_stats(attributes, self.stats.row_count))

    def to_dict(self) -> dict[str, Any]:
        return {
            "spec_version": SPEC_VERSION,
            "id": self.id,
            "name": self.name,
            "description": self.description,
            "stats": self.stats.to_dict(),
            "attributes": [a.to_dict() for a in self.attributes.values()],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Schema:
        if data.get("spec_version", 1) < 2:
            return _from_version_1(data)
        stats = TableStats(**(data.get("stats") or {}))
        return cls(id=data.get("id") or data.get("name") or "table",
                   attributes=[Attribute.from_dict(a) for a in data.get("attributes", [])],
                   name=data.get("name"), description=data.get("description"), stats=stats)

    def content_hash(self) -> str:
        """Stable identity of the full description, so stores keep identical schemas once."""
        if self._content_hash is None:  # frozen: computed once
            text = json.dumps(self.to_dict(), sort_keys=True, default=str)
            digest = hashlib.sha256(text.encode()).hexdigest()[:20]
            object.__setattr__(self, "_content_hash", digest)
        return self._content_hash

    def structure(self) -> list[dict[str, Any]]:
        return [{"name": a.name, **a.structure()} for a in self]

    def signature(self) -> list[tuple[Any, ...]]:
        """Names, order, types and nullability: what a schema prediction must match."""
        return [a.signature() for a in self]

    def diff(self, other: Schema | None) -> list[FieldChange]:
        """Changes that turn ``self`` into ``other``: fields created, updated, deleted.

        Only structure counts (type, dtype, category, nullability, precision, logical type):
        statistics such as min/max differ between any two samples and are not a change.
        """
        return diff_schemas(self, other)


def _table_stats(attributes: tuple[Attribute, ...], row_count: int) -> TableStats:
    missing = sum(a.stats.na_count for a in attributes if a.stats is not None)
    cells = row_count * len(attributes)
    return TableStats(row_count=row_count, column_count=len(attributes),
                      total_na_count=missing,
                      total_na_percentage=round(missing / cells, 4) if cells else 0.0)


_OLD_TYPES = {"string": "str", "categorical": "str"}


def _from_version_1(data: dict[str, Any]) -> Schema:
    """A schema as records before spec version 2 kept it (flat fields, our logical types)."""
    attributes = []
    rows = int(data.get("num_rows", 0))
    for old in data.get("fields", []):
        missing = round(float(old.get("missing_ratio") or 0.0) * rows)
        attributes.append(Attribute(
            name=old["name"], type=_OLD_TYPES.get(old["type"], old["type"]),
            dtype=old["dtype"], description=old.get("description"),
            source=old.get("source", "inferred"),
            type_attr=TypeAttr(category=old.get("logical_type") == "categorical",
                               nullable=bool(old.get("nullable")),
                               precision=old.get("precision")),
            categories=tuple(old["categories"]) if old.get("categories") else None,
            stats=FieldStats(row_count=rows, na_count=missing,
                             na_percentage=round(missing / rows, 4) if rows else 0.0,
                             unique_count=int(old.get("unique_count") or 0),
                             min=old.get("min"), max=old.get("max"))))
    return Schema.of(data.get("name", "table"), attributes, rows)


def diff_schemas(before: Schema | None, after: Schema | None) -> list[FieldChange]:
    changes: list[FieldChange] = []
    before_fields = dict(before.attributes) if before else {}
    after_fields = dict(after.attributes) if after else {}
    if before is None and after is not None:
        changes.append(FieldChange("create", "schema", after.name, None,
                                   {"fields": after.columns,
                                    "row_count": after.stats.row_count},
                                   f"schema '{after.name}' created with {len(after)} fields"))
    for name, attr in after_fields.items():
        old = before_fields.get(name)
        if old is None:
            changes.append(FieldChange("create", "field", name, None, attr.to_dict(),
                                       f"{name}: created as {attr.describe()}"))
        elif old.structure() != attr.structure():
            changes.append(FieldChange("update", "field", name, old.to_dict(), attr.to_dict(),
                                       describe_update(old, attr)))
    for name, attr in before_fields.items():
        if name not in after_fields:
            changes.append(FieldChange("delete", "field", name, attr.to_dict(), None,
                                       f"{name}: deleted ({attr.describe()})"))
    if before is not None and after is None:
        changes.append(FieldChange("delete", "schema", before.name,
                                   {"fields": before.columns}, None,
                                   f"schema '{before.name}' deleted"))
    elif before is not None and after is not None and before.columns != after.columns:
        same_set = set(before.columns) == set(after.columns)
        changes.append(FieldChange("update", "schema", after.name,
                                   {"fields": before.columns}, {"fields": after.columns},
                                   "field order changed" if same_set else
                                   f"fields: {len(before)} → {len(after)}"))
    return changes


def describe_update(old: Attribute, new: Attribute) -> str:
    """The seed's one-line style: 'age: numerical → numerical (int64 → float64)'."""
    details = []
    if old.dtype != new.dtype:
        details.append(f"{old.dtype} → {new.dtype}")
    if old.type_attr.nullable != new.type_attr.nullable:
        details.append("now nullable" if new.type_attr.nullable else "no longer nullable")
    if old.type_attr.precision != new.type_attr.precision:
        details.append(f"precision {old.type_attr.precision} → {new.type_attr.precision}")
    if old.logical_type != new.logical_type:
        details.append(f"logical type {old.logical_type} → {new.logical_type}")
    suffix = f" ({'; '.join(details)})" if details else ""
    return f"{old.name}: {old.kind} → {new.kind}{suffix}"
