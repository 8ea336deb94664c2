"""One field of a table: its data type, logical type, nullability and basic statistics."""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from typing import Any

# Data types a field can have; each maps to a pandas dtype (see casting.py).
DATA_TYPES = ("int", "float", "string", "boolean", "datetime", "categorical")
# What the values mean, which decides how modules treat them.
LOGICAL_TYPES = ("numerical", "categorical", "datetime", "boolean", "text")

# Properties that describe the structure; a change in one of them is a field "update".
STRUCTURAL = ("type", "dtype", "logical_type", "nullable", "precision")
# What a schema prediction promises (precision and statistics depend on the data).
SIGNATURE = ("name", "type", "dtype", "logical_type", "nullable")


@dataclass(frozen=True, slots=True)
class Attribute:
    """A field's description. Statistics describe the data seen; they are not the structure."""

    name: str
    type: str
    dtype: str
    logical_type: str
    nullable: bool = False
    precision: int | None = None
    missing_ratio: float = 0.0
    unique_count: int = 0
    min: Any = None
    max: Any = None
    description: str | None = None
    source: str = "inferred"
    # Category values of categorical/boolean fields (up to MAX_CATEGORIES), sorted as text:
    # what one-hot encoding and its schema prediction need. Not row data.
    categories: tuple[Any, ...] | None = None

    def structure(self) -> dict[str, Any]:
        return {key: getattr(self, key) for key in STRUCTURAL}

    def signature(self) -> tuple[Any, ...]:
        return tuple(getattr(self, key) for key in SIGNATURE)

    def to_dict(self) -> dict[str, Any]:
        # Every value is a scalar or the categories tuple: no deep copy (asdict's) needed.
        data = {name: getattr(self, name) for name in _FIELD_NAMES}
        if self.categories is not None:
            data["categories"] = list(self.categories)
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Attribute:
        known = {f.name for f in fields(cls)}
        values = {k: v for k, v in data.items() if k in known}
        if values.get("categories") is not None:
            values["categories"] = tuple(values["categories"])
        return cls(**values)

    def with_changes(self, **changes: Any) -> Attribute:
        return replace(self, **changes)

    def describe(self) -> str:
        """Short form for change descriptions: 'numerical (int64, nullable)'."""
        extra = [self.dtype] + (["nullable"] if self.nullable else [])
        return f"{self.logical_type} ({', '.join(extra)})"


_FIELD_NAMES = tuple(f.name for f in fields(Attribute))
