"""A table's schema as a frozen value object, with a field-level diff."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from typing import Any

from petsard.exceptions import StatusError
from petsard.schema.attribute import Attribute

SPEC_VERSION = 1


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
class Schema:
    """Ordered fields of a table plus its row count; equality is by value."""

    name: str
    fields: tuple[Attribute, ...]
    num_rows: int = 0
    _index: dict[str, int] = field(default=None, compare=False, repr=False, hash=False)  # type: ignore[assignment]
    _content_hash: str | None = field(default=None, init=False, compare=False, repr=False,
                                      hash=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_index", {a.name: i for i, a in enumerate(self.fields)})

    @property
    def columns(self) -> list[str]:
        return [a.name for a in self.fields]

    def __iter__(self) -> Iterator[Attribute]:
        return iter(self.fields)

    def __len__(self) -> int:
        return len(self.fields)

    def __contains__(self, name: object) -> bool:
        return name in self._index

    def __getitem__(self, name: str) -> Attribute:
        try:
            return self.fields[self._index[name]]
        except KeyError:
            raise StatusError(f"schema '{self.name}' has no field '{name}'") from None

    def get(self, name: str) -> Attribute | None:
        index = self._index.get(name)
        return None if index is None else self.fields[index]

    def with_fields(self, fields: list[Attribute] | tuple[Attribute, ...]) -> Schema:
        return replace(self, fields=tuple(fields))

    def to_dict(self) -> dict[str, Any]:
        return {
            "spec_version": SPEC_VERSION,
            "name": self.name,
            "num_rows": self.num_rows,
            "fields": [a.to_dict() for a in self.fields],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Schema:
        return cls(
            name=data.get("name", "table"),
            fields=tuple(Attribute.from_dict(f) for f in data.get("fields", [])),
            num_rows=int(data.get("num_rows", 0)),
        )

    def content_hash(self) -> str:
        """Stable identity of the full description, so stores keep identical schemas once."""
        if self._content_hash is None:  # frozen: computed once
            text = json.dumps(self.to_dict(), sort_keys=True, default=str)
            digest = hashlib.sha256(text.encode()).hexdigest()[:20]
            object.__setattr__(self, "_content_hash", digest)
        return self._content_hash

    def structure(self) -> list[dict[str, Any]]:
        return [{"name": a.name, **a.structure()} for a in self.fields]

    def signature(self) -> list[tuple[Any, ...]]:
        """Names, order, types and nullability: what a schema prediction must match."""
        return [a.signature() for a in self.fields]

    def diff(self, other: Schema | None) -> list[FieldChange]:
        """Changes that turn ``self`` into ``other``: fields created, updated, deleted.

        Only structure counts (type, dtype, logical type, nullability, precision): statistics
        such as min/max differ between any two samples and are not a change of the schema.
        """
        return diff_schemas(self, other)


def diff_schemas(before: Schema | None, after: Schema | None) -> list[FieldChange]:
    changes: list[FieldChange] = []
    before_fields = {a.name: a for a in before.fields} if before else {}
    after_fields = {a.name: a for a in after.fields} if after else {}
    if before is None and after is not None:
        changes.append(FieldChange("create", "schema", after.name, None,
                                   {"fields": after.columns, "num_rows": after.num_rows},
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
    if old.nullable != new.nullable:
        details.append("now nullable" if new.nullable else "no longer nullable")
    if old.precision != new.precision:
        details.append(f"precision {old.precision} → {new.precision}")
    suffix = f" ({'; '.join(details)})" if details else ""
    return f"{old.name}: {old.logical_type} → {new.logical_type}{suffix}"
