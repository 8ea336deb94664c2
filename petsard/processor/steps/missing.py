"""Missing-value steps: fill a field's missing values (mean, median, mode, a given value) or
drop their rows. The inverse puts missing values back at the rate seen when fitting."""

from __future__ import annotations

from typing import Any, ClassVar

import numpy as np
import pandas as pd

from petsard.exceptions import ProcessorError
from petsard.processor.base import STEPS, Step, predicted
from petsard.processor.steps.conversions import (
    is_datetime,
    is_nullable_extension,
    not_nullable_dtype,
    nullable_dtype,
    parse_date,
    plain,
)
from petsard.schema.attribute import KINDS, Attribute
from petsard.schema.inference import data_type_of

# What fills a field that has no value at all; the inverse makes every row missing again.
_PLACEHOLDER_TEXT = "missing"


def _placeholder(series: pd.Series) -> Any:
    if isinstance(series.dtype, pd.CategoricalDtype) and len(series.cat.categories):
        return plain(series.cat.categories[0])
    return {"int": 0, "float": 0.0, "boolean": False,
            "datetime": pd.Timestamp(0)}.get(data_type_of(series.dtype), _PLACEHOLDER_TEXT)


def _placeholder_category(data_type: str) -> Any:
    return {"int": 0, "float": 0.0, "boolean": False}.get(data_type, _PLACEHOLDER_TEXT)


class _MissingStep(Step):
    kind = "missing"
    accepts: ClassVar[tuple[str, ...]] = KINDS

    def __init__(self) -> None:
        """No parameters."""

    def _fill_value(self, series: pd.Series) -> Any:
        """The value that replaces missing ones; None when the field has none to learn from."""
        return None

    def fit(self, series: pd.Series, frame: pd.DataFrame) -> _MissingStep:
        self.dtype_ = series.dtype
        self.missing_rate_ = float(series.isna().mean()) if len(series) else 0.0
        value = self._fill_value(series)
        if value is None or (not isinstance(value, str) and pd.isna(value)):
            value = _placeholder(series)
        elif pd.api.types.is_integer_dtype(series.dtype):
            value = int(np.round(value))  # integers stay integers
        self.fill_value_ = plain(value)
        return self

    def _predicted_categories(self, attr: Attribute) -> tuple[Any, ...] | None:
        if attr.categories == () and attr.type_attr.nullable:  # nothing to learn: a placeholder
            return (_placeholder_category(attr.type),)
        return attr.categories

    def predict(self, attr: Attribute,
                others: dict[str, Attribute] | None = None) -> list[Attribute]:
        return [predicted(attr, dtype=not_nullable_dtype(attr.dtype), nullable=False,
                          categories=self._predicted_categories(attr))]

    def transform(self, series: pd.Series, frame: pd.DataFrame,
                  rng: np.random.Generator) -> pd.Series:
        missing = series.isna()
        out = series
        if missing.any():
            if self.drops_rows:
                raise ProcessorError(
                    f"{self.name()} on '{series.name}': {int(missing.sum())} values are still "
                    "missing; remove the rows keep_rows() rejects before transforming")
            value = self.fill_value_
            if isinstance(out.dtype, pd.CategoricalDtype) and value not in out.cat.categories:
                out = out.cat.add_categories([value])
            out = out.copy()
            out[missing] = value
        target = not_nullable_dtype(str(series.dtype))
        return out if str(out.dtype) == target else out.astype(target)

    def inverse_transform(self, data: pd.Series | pd.DataFrame, frame: pd.DataFrame,
                          rng: np.random.Generator) -> pd.Series:
        out = data.copy()
        count = round(self.missing_rate_ * len(out))
        if count or is_nullable_extension(self.dtype_):
            target = nullable_dtype(str(out.dtype))
            if target != str(out.dtype):
                out = out.astype(target)
        if count:
            mask = np.zeros(len(out), dtype=bool)
            mask[rng.choice(len(out), size=count, replace=False)] = True
            out = out.mask(mask)
        return out


@STEPS.register("missing_mean")
class MissingMean(_MissingStep):
    """Fill with the mean (integers rounded)."""

    registered_name = "missing_mean"
    accepts = ("numerical", "datetime")

    def _fill_value(self, series: pd.Series) -> Any:
        return series.mean() if series.notna().any() else None

    def describe(self) -> str:
        return "missing filled with mean"


@STEPS.register("missing_median")
class MissingMedian(_MissingStep):
    """Fill with the median (integers rounded)."""

    registered_name = "missing_median"
    accepts = ("numerical", "datetime")

    def _fill_value(self, series: pd.Series) -> Any:
        return series.median() if series.notna().any() else None

    def describe(self) -> str:
        return "missing filled with median"


@STEPS.register("missing_mode")
class MissingMode(_MissingStep):
    """Fill with the most frequent value (the smallest one on ties)."""

    registered_name = "missing_mode"

    def _fill_value(self, series: pd.Series) -> Any:
        modes = series.mode(dropna=True)
        return modes.iloc[0] if len(modes) else None

    def describe(self) -> str:
        return "missing filled with mode"


def _value_problem(value: Any, data_type: str) -> str | None:
    """What kind of value ``data_type`` needs, when ``value`` is not one."""
    is_number = isinstance(value, (int, float)) and not isinstance(value, bool)
    if data_type in ("int", "float"):
        return None if is_number else "a number"
    if data_type == "boolean":
        return None if isinstance(value, bool) else "true or false"
    if data_type in ("datetime", "date"):
        ok = isinstance(value, str) and parse_date(value) is not None
        return None if ok else "an ISO date such as '2020-01-01'"
    if data_type == "categorical":
        return None if is_number or isinstance(value, str) else "a text or a number"
    return None if isinstance(value, str) else "a text"


@STEPS.register("missing_simple")
class MissingSimple(_MissingStep):
    """Fill with a given value, 0.0 unless told (rounded for integer fields, parsed for
    datetime fields)."""

    registered_name = "missing_simple"

    def __init__(self, *, value: str | int | float | bool = 0.0) -> None:
        self.value = value

    def _problem(self, name: Any, data_type: str, kind: str) -> str | None:
        wanted = _value_problem(self.value, data_type)
        if wanted is None:
            return None
        return (f"missing_simple on '{name}': the fill value {self.value!r} (0.0 unless "
                f"given) is a {type(self.value).__name__} but '{name}' is {kind} "
                f"({data_type}); give {wanted} as value")

    def check(self, attr: Attribute) -> str | None:
        data_type = "categorical" if attr.dtype == "category" else attr.type
        return super().check(attr) or self._problem(attr.name, data_type, attr.kind)

    def _fill_value(self, series: pd.Series) -> Any:
        data_type = ("categorical" if isinstance(series.dtype, pd.CategoricalDtype)
                     else data_type_of(series.dtype))
        problem = self._problem(series.name, data_type, data_type)
        if problem:
            raise ProcessorError(problem)
        if is_datetime(series):
            return parse_date(self.value)
        if data_type == "float":
            return float(self.value)
        return self.value

    def _predicted_categories(self, attr: Attribute) -> tuple[Any, ...] | None:
        if attr.categories is None or not attr.type_attr.nullable or \
                self.value in attr.categories:
            return attr.categories
        return tuple(sorted((*attr.categories, self.value), key=str))

    def describe(self) -> str:
        return "missing filled with a given value"


@STEPS.register("missing_drop")
class MissingDrop(_MissingStep):
    """Drop the rows where the field is missing."""

    registered_name = "missing_drop"
    drops_rows = True

    def keep_rows(self, series: pd.Series) -> np.ndarray:
        return series.notna().to_numpy()

    def _predicted_categories(self, attr: Attribute) -> tuple[Any, ...] | None:
        return attr.categories

    def describe(self) -> str:
        return "rows with missing values dropped"
