"""Row rules: each says which rows break it and, for ``nan_groups``, how to repair a row.

``nan_groups`` rules other than ``delete`` repair rows (erase, copy, set missing) when
constraining and count the rows they would change when validating; ``field_constraints``
and ``field_combinations`` only reject. Values written in YAML are matched against a field as
its kind allows: a whole number is also read as text for a text field, ``null`` or
``'pd.NA'`` means a missing value.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, ClassVar

import numpy as np
import pandas as pd

from petsard.constrainer.conditions import check, evaluate, kind_of_series
from petsard.constrainer.expression import Node, fields_of
from petsard.registry import closest

NA_MARKERS = ("pd.NA", "pd.NaT", "None", "np.nan")


def is_na_marker(value: Any) -> bool:
    return value is None or (isinstance(value, str) and value in NA_MARKERS)


def value_problem(value: Any, field: str, kind: str) -> str | None:
    """Why ``value`` cannot match values of a field of this kind (None: it can)."""
    if is_na_marker(value):
        return None
    if isinstance(value, bool) and kind != "boolean":
        return (f"{value!r} is a boolean but '{field}' is {kind} (YAML reads yes/no/true/false "
                "unquoted as booleans: quote the value)")
    if kind == "numerical" and not isinstance(value, (int, float)):
        return f"{value!r} is text but '{field}' is numerical: write the number without quotes"
    if kind == "string" and isinstance(value, float):
        return f"{value!r} is a number but '{field}' holds text: quote the value"
    if kind == "datetime":
        try:
            pd.Timestamp(value)
        except (ValueError, TypeError):
            return f"{value!r} is not a date, but '{field}' holds dates"
    return None


def coerce(value: Any, kind: str) -> Any:
    if kind == "string" and isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    if kind == "datetime" and not isinstance(value, pd.Timestamp):
        return pd.Timestamp(value)
    return value


def matches(series: pd.Series, values: tuple[Any, ...]) -> np.ndarray:
    """Rows whose value is one of ``values`` (a NA marker among them matches missing)."""
    kind = kind_of_series(series)
    wanted = [coerce(v, kind) for v in values if not is_na_marker(v)]
    result = series.isin(wanted).to_numpy(dtype=bool) if wanted else np.zeros(len(series), bool)
    if any(is_na_marker(v) for v in values):
        result |= series.isna().to_numpy()
    return result


def describe_values(values: tuple[Any, ...]) -> str:
    shown = ", ".join("NA" if is_na_marker(v) else str(v) for v in values)
    return f"[{shown}]"


class Rule:
    """A row rule; ``failing(data)`` marks the rows that break it."""

    kind: ClassVar[str]
    rule_id: str
    text: str

    def fields(self) -> list[str]:
        raise NotImplementedError

    def failing(self, data: pd.DataFrame) -> np.ndarray:
        raise NotImplementedError

    def repair(self, data: pd.DataFrame) -> None:
        """Fix the rows in place (nan_groups); rules that only reject do nothing."""

    def check(self, kinds: Mapping[str, str]) -> list[str]:
        """Problems against fields of these kinds: unknown fields, values of the wrong kind."""
        problems = []
        for name in self.fields():
            if name not in kinds:
                guess = closest(name, list(kinds))
                problems.append(f"unknown field '{name}'" +
                                (f"; did you mean '{guess}'?" if guess else ""))
        return problems


@dataclass(frozen=True)
class FieldConstraint(Rule):
    kind: ClassVar[str] = "field_constraints"
    rule_id: str
    text: str
    node: Node

    def fields(self) -> list[str]:
        return fields_of(self.node)

    def failing(self, data: pd.DataFrame) -> np.ndarray:
        return ~evaluate(self.node, self.text, data)

    def check(self, kinds: Mapping[str, str]) -> list[str]:
        return [error.render("      ") for error in check(self.node, self.text, kinds)]


@dataclass(frozen=True)
class NanDelete(Rule):
    kind: ClassVar[str] = "nan_groups"
    rule_id: str
    text: str
    field: str

    def fields(self) -> list[str]:
        return [self.field]

    def failing(self, data: pd.DataFrame) -> np.ndarray:
        return data[self.field].isna().to_numpy()


@dataclass(frozen=True)
class NanErase(Rule):
    """When ``field`` is missing, ``targets`` must be missing too."""

    kind: ClassVar[str] = "nan_groups"
    rule_id: str
    text: str
    field: str
    targets: tuple[str, ...]

    def fields(self) -> list[str]:
        return [self.field, *self.targets]

    def failing(self, data: pd.DataFrame) -> np.ndarray:
        present = data[list(self.targets)].notna().to_numpy().any(axis=1)
        return data[self.field].isna().to_numpy() & present

    def repair(self, data: pd.DataFrame) -> None:
        missing = data[self.field].isna()
        if missing.any():
            for target in self.targets:
                data[target] = data[target].mask(missing)


@dataclass(frozen=True)
class NanCopy(Rule):
    """When ``field`` has a value and a target is missing, the target takes that value."""

    kind: ClassVar[str] = "nan_groups"
    rule_id: str
    text: str
    field: str
    targets: tuple[str, ...]

    def fields(self) -> list[str]:
        return [self.field, *self.targets]

    def failing(self, data: pd.DataFrame) -> np.ndarray:
        empty = data[list(self.targets)].isna().to_numpy().any(axis=1)
        return data[self.field].notna().to_numpy() & empty

    def repair(self, data: pd.DataFrame) -> None:
        source = data[self.field]
        for target in self.targets:
            column = data[target]
            fill = source.notna() & column.isna()
            if not fill.any():
                continue
            if isinstance(column.dtype, pd.CategoricalDtype):
                new = pd.Index(source[fill].unique()).difference(column.cat.categories)
                column = column.cat.add_categories(new)
            data[target] = column.mask(fill, source)

    def check(self, kinds: Mapping[str, str]) -> list[str]:
        problems = super().check(kinds)
        if not problems:
            for target in self.targets:
                if kinds[target] != kinds[self.field]:
                    problems.append(f"cannot copy {kinds[self.field]} field '{self.field}' "
                                    f"into {kinds[target]} field '{target}'")
        return problems


@dataclass(frozen=True)
class NanIfCondition(Rule):
    """``field`` must be missing in rows where any condition field holds one of its values."""

    kind: ClassVar[str] = "nan_groups"
    rule_id: str
    text: str
    field: str
    conditions: tuple[tuple[str, tuple[Any, ...]], ...]

    def fields(self) -> list[str]:
        return [self.field, *(name for name, _ in self.conditions)]

    def _hit(self, data: pd.DataFrame) -> np.ndarray:
        hit = np.zeros(len(data), dtype=bool)
        for name, values in self.conditions:
            hit |= matches(data[name], values)
        return hit

    def failing(self, data: pd.DataFrame) -> np.ndarray:
        return self._hit(data) & data[self.field].notna().to_numpy()

    def repair(self, data: pd.DataFrame) -> None:
        hit = self._hit(data)
        if hit.any():
            data[self.field] = data[self.field].mask(hit)

    def check(self, kinds: Mapping[str, str]) -> list[str]:
        problems = super().check(kinds)
        for name, values in self.conditions:
            if name in kinds:
                problems += [p for v in values if (p := value_problem(v, name, kinds[name]))]
        return problems


@dataclass(frozen=True)
class FieldCombination(Rule):
    """An allow-list: rows whose source values are listed must have a listed target value;
    rows with other source values are not constrained."""

    kind: ClassVar[str] = "field_combinations"
    rule_id: str
    text: str
    sources: tuple[str, ...]
    target: str
    allowed: tuple[tuple[tuple[Any, ...], tuple[Any, ...]], ...]

    def fields(self) -> list[str]:
        return [*self.sources, self.target]

    def failing(self, data: pd.DataFrame) -> np.ndarray:
        failing = np.zeros(len(data), dtype=bool)
        target = data[self.target]
        for source_values, targets in self.allowed:
            selected = np.ones(len(data), dtype=bool)
            for name, value in zip(self.sources, source_values, strict=True):
                selected &= matches(data[name], (value,))
            if selected.any():
                failing |= selected & ~matches(target, targets)
        return failing

    def check(self, kinds: Mapping[str, str]) -> list[str]:
        problems = super().check(kinds)
        if problems:
            return problems
        for source_values, targets in self.allowed:
            for name, value in zip(self.sources, source_values, strict=True):
                if (problem := value_problem(value, name, kinds[name])) is not None:
                    problems.append(problem)
            problems += [p for v in targets
                         if (p := value_problem(v, self.target, kinds[self.target]))]
        return list(dict.fromkeys(problems))


def kinds_of(data: pd.DataFrame) -> dict[str, str]:
    return {str(name): kind_of_series(data[name]) for name in data.columns}
