"""Encoder steps: categories (and booleans) to numbers, missing values as a category of their
own, so that decoding gives back exactly the original values; datediff turns a date into a
number of time units from another date of the same row."""

from __future__ import annotations

from typing import Annotated, Any, ClassVar, Literal, NamedTuple

import numpy as np
import pandas as pd
from pydantic import Field

from petsard.exceptions import ProcessorError
from petsard.processor.base import STEPS, Step, predicted
from petsard.processor.steps.conversions import (
    UNIT_NAMES,
    UNIT_NS,
    category_codes,
    datetime_column,
    float_series,
    from_codes,
    observed_categories,
    shift_ns,
    to_float,
    to_ns,
)
from petsard.schema.attribute import Attribute

_NUMBER = {"type": "float", "dtype": "float64", "category": False, "precision": None,
           "categories": None}


class _CategoryEncoder(Step):
    """Learns the field's categories (sorted as text), whether it had missing values, and its
    dtype, so that decoding restores all three."""

    kind = "encoder"
    accepts: ClassVar[tuple[str, ...]] = ("categorical", "boolean", "text")

    def __init__(self) -> None:
        """No parameters."""

    def fit(self, series: pd.Series, frame: pd.DataFrame) -> _CategoryEncoder:
        self.field_ = series.name
        self.dtype_ = series.dtype
        self.categories_ = observed_categories(series)
        self.nullable_ = bool(series.isna().any())
        self._learn(category_codes(series, self.categories_, self.name()))
        return self

    def _learn(self, codes: np.ndarray) -> None:
        """More state from the fitted field's codes (-1: missing)."""

    def _decode(self, codes: np.ndarray, like: pd.Series | pd.DataFrame, name: Any) -> pd.Series:
        return from_codes(codes, self.categories_, self.dtype_, like, name)


@STEPS.register("encoder_uniform")
class EncoderUniform(_CategoryEncoder):
    """Each category owns an interval of [0, 1) as wide as its frequency (most frequent
    first, ties by text); a value becomes a uniform draw from its interval."""

    registered_name = "encoder_uniform"

    def _learn(self, codes: np.ndarray) -> None:
        k = len(self.categories_)
        counts = np.bincount(codes[codes >= 0], minlength=k).astype(float)
        counts = np.append(counts, float((codes < 0).sum()))  # missing is code k
        keys = [str(v) for v in self.categories_] + [""]
        order = sorted(range(k + 1), key=lambda i: (-counts[i], i == k, keys[i]))
        widths = counts[order] / counts.sum() if counts.sum() else np.eye(k + 1)[order][:, k]
        self.order_ = np.array(order)  # interval position -> code
        self.position_ = np.argsort(self.order_)  # code -> interval position
        self.upper_ = np.cumsum(widths)
        self.upper_[-1] = 1.0
        self.lower_ = np.concatenate([[0.0], self.upper_[:-1]])

    def predict(self, attr: Attribute,
                others: dict[str, Attribute] | None = None) -> list[Attribute]:
        return [predicted(attr, nullable=False, **_NUMBER)]

    def describe(self) -> str:
        return "uniform encoded"

    def transform(self, series: pd.Series, frame: pd.DataFrame,
                  rng: np.random.Generator) -> pd.Series:
        codes = category_codes(series, self.categories_, self.name())
        codes[codes < 0] = len(self.categories_)
        position = self.position_[codes]
        low, high = self.lower_[position], self.upper_[position]
        draws = rng.uniform(low, high)
        # A draw can round up to its interval's end, which belongs to the next category.
        draws = np.where(draws >= high, np.maximum(low, np.nextafter(high, 0.0)), draws)
        return float_series(draws, series)

    def inverse_transform(self, data: pd.Series | pd.DataFrame, frame: pd.DataFrame,
                          rng: np.random.Generator) -> pd.Series:
        values = np.clip(to_float(data), 0.0, np.nextafter(1.0, 0.0))
        position = np.searchsorted(self.upper_, np.nan_to_num(values, nan=1.0), side="right")
        codes = self.order_[np.minimum(position, len(self.order_) - 1)]
        codes[np.isnan(values)] = -1
        codes[codes == len(self.categories_)] = -1
        return self._decode(codes, data, data.name)


@STEPS.register("encoder_label")
class EncoderLabel(_CategoryEncoder):
    """Categories sorted as text become 0..k-1; missing becomes k."""

    registered_name = "encoder_label"

    def predict(self, attr: Attribute,
                others: dict[str, Attribute] | None = None) -> list[Attribute]:
        return [predicted(attr, type="int", dtype="int64", category=False,
                          nullable=False, precision=0, categories=None)]

    def describe(self) -> str:
        return "label encoded"

    def transform(self, series: pd.Series, frame: pd.DataFrame,
                  rng: np.random.Generator) -> pd.Series:
        codes = category_codes(series, self.categories_, self.name())
        codes[codes < 0] = len(self.categories_)
        return pd.Series(codes.astype(np.int64), index=series.index, name=series.name)

    def inverse_transform(self, data: pd.Series | pd.DataFrame, frame: pd.DataFrame,
                          rng: np.random.Generator) -> pd.Series:
        k = len(self.categories_)
        highest = max(k - 1 + int(self.nullable_), 0)
        values = np.round(to_float(data))
        codes = np.clip(np.nan_to_num(values, nan=k), 0, highest).astype(np.int64)
        codes[codes == k] = -1
        return self._decode(codes, data, data.name)


@STEPS.register("encoder_onehot")
class EncoderOneHot(_CategoryEncoder):
    """One 0/1 field per category but the first, as PETsARD (scikit-learn's
    ``drop='first'``): a row of zeros is the first category. Categories are in natural order
    (numbers by value, text alphabetically); missing values, when the field has any, are a
    last category 'nan'. The fields are named '<field>_<category>' ('<field>__<category>'
    when the table already has such a name) and go to the end of the table, where PETsARD puts
    them. The categories are the schema's when the step was planned, so the fields are the
    predicted ones even if some category is absent from the rows that reach the step."""

    registered_name = "encoder_onehot"
    accepts = ("categorical", "boolean")
    outputs_at_end = True

    def __init__(self, *, max_categories: Annotated[int, Field(ge=1)] = 1000) -> None:
        self.max_categories = max_categories

    def check(self, attr: Attribute) -> str | None:
        instead = "use encoder_uniform or encoder_label instead"
        if attr.kind == "text":
            return (f"encoder_onehot on '{attr.name}': the field is free text (mostly distinct "
                    f"values), one field per value would be too many; {instead}")
        problem = super().check(attr)
        if problem:
            return problem
        count = (len(attr.categories) if attr.categories is not None
                 else attr.stats.unique_count if attr.stats is not None else 0)
        if count > self.max_categories:
            return (f"encoder_onehot on '{attr.name}': {count} categories exceed "
                    f"max_categories ({self.max_categories}); {instead}")
        if attr.categories is None:
            return (f"encoder_onehot on '{attr.name}': its categories are not known before "
                    f"the data is seen, so its output fields cannot be named; {instead}")
        return None

    def predict(self, attr: Attribute,
                others: dict[str, Attribute] | None = None) -> list[Attribute]:
        problem = self.check(attr)
        if problem:
            raise ProcessorError(problem)
        self._planned = _layout(attr.name, natural_order(attr.categories or ()),
                                attr.type_attr.nullable, {attr.name, *(others or {})})
        return [predicted(attr, name=name, type="int", dtype="int64", category=False,
                          nullable=False, precision=0, categories=None, description=None)
                for name in self._planned.names]

    def describe(self) -> str:
        planned = getattr(self, "_planned", None)
        names = getattr(self, "names_", planned.names if planned else None)
        return "one-hot encoded" if names is None else f"one-hot encoded into {len(names)} fields"

    def fit(self, series: pd.Series, frame: pd.DataFrame) -> EncoderOneHot:
        self.field_ = series.name
        self.dtype_ = series.dtype
        layout = getattr(self, "_planned", None)
        if layout is None or layout.field != series.name:  # not planned: learn from the data
            layout = _layout(series.name, natural_order(observed_categories(series)),
                             bool(series.isna().any()), set(frame.columns))
        self.categories_, self.nullable_, self.names_ = (
            layout.categories, layout.nullable, layout.names)
        if len(self.categories_) > self.max_categories:
            raise ProcessorError(
                f"encoder_onehot on '{self.field_}': {len(self.categories_)} categories exceed "
                f"max_categories ({self.max_categories}); use encoder_uniform or encoder_label "
                "instead")
        self._keys(series)
        return self

    def _keys(self, series: pd.Series) -> np.ndarray:
        """Each value's position among the categories; missing values are the last one."""
        codes = category_codes(series, self.categories_, self.name())
        if not self.nullable_ and (codes < 0).any():
            raise ProcessorError(
                f"encoder_onehot on '{series.name}': {int((codes < 0).sum())} values are "
                "missing but the schema says the field has none; handle missing values first")
        return np.where(codes < 0, len(self.categories_), codes)

    def transform(self, series: pd.Series, frame: pd.DataFrame,
                  rng: np.random.Generator) -> pd.DataFrame:
        keys = self._keys(series)
        columns = np.arange(1, len(self.names_) + 1)  # the first category has no field
        matrix = (keys[:, None] == columns[None, :]).astype(np.int64)
        return pd.DataFrame(matrix, index=series.index, columns=self.names_)

    def inverse_transform(self, data: pd.Series | pd.DataFrame, frame: pd.DataFrame,
                          rng: np.random.Generator) -> pd.Series:
        """The category of the largest value, the first category scoring 1 minus the row's
        sum (synthetic rows are rarely exact zeros and ones)."""
        matrix = np.nan_to_num(data[self.names_].to_numpy(dtype=float, na_value=np.nan))
        scores = np.column_stack([1.0 - matrix.sum(axis=1), matrix])
        keys = scores.argmax(axis=1)
        codes = np.where(keys == len(self.categories_), -1, keys)
        return self._decode(codes, data, self.field_)


def natural_order(values: Any) -> list[Any]:
    """Numbers by value, text alphabetically (scikit-learn's order); mixed kinds as text."""
    try:
        return sorted(values)
    except TypeError:
        return sorted(values, key=str)


class OneHotLayout(NamedTuple):
    field: Any
    categories: list[Any]
    nullable: bool  # missing values are a last category
    names: list[str]  # of the one-hot fields: the categories but the first


def _layout(field: Any, categories: list[Any], nullable: bool, taken: set[Any]
            ) -> OneHotLayout:
    labels = [str(v) for v in categories] + (["nan"] if nullable else [])
    joiner = "_"
    names = [f"{field}{joiner}{label}" for label in labels[1:]]
    while taken & set(names):
        joiner += "_"
        names = [f"{field}{joiner}{label}" for label in labels[1:]]
    return OneHotLayout(field, categories, nullable, names)


@STEPS.register("encoder_datediff")
class EncoderDateDiff(Step):
    """The time from the ``baseline_date`` field to this one, in ``diff_unit``s (months of
    30.44 days, years of 365.25, as PETsARD); with ``absolute_value`` the distance, whose
    inverse takes the date as not before the baseline. The fraction of a day is kept, so
    datetimes come back exactly."""

    registered_name = "encoder_datediff"
    kind = "encoder"
    accepts = ("datetime",)

    def __init__(self, *, baseline_date: str,
                 diff_unit: Literal["days", "weeks", "months", "years"] = "days",
                 absolute_value: bool = False) -> None:
        self.baseline_date = baseline_date
        self.diff_unit = diff_unit
        self.absolute_value = absolute_value

    def check(self, attr: Attribute) -> str | None:
        problem = super().check(attr)
        if problem is None and attr.name == self.baseline_date:
            return (f"encoder_datediff on '{attr.name}': the baseline is the field itself; "
                    "name another datetime field")
        return problem

    def references(self) -> list[str]:
        return [self.baseline_date]

    def predict(self, attr: Attribute,
                others: dict[str, Attribute] | None = None) -> list[Attribute]:
        """``others`` (the table's fields) tells whether the baseline has missing values."""
        baseline = (others or {}).get(self.baseline_date)
        nullable = attr.type_attr.nullable or bool(
            baseline is not None and baseline.type_attr.nullable)
        return [predicted(attr, nullable=nullable, **_NUMBER)]

    def describe(self) -> str:
        distance = " (absolute)" if self.absolute_value else ""
        return f"{UNIT_NAMES[self.diff_unit]} since '{self.baseline_date}'{distance}"

    def _baseline(self, frame: pd.DataFrame, field: Any) -> tuple[np.ndarray, np.ndarray]:
        return to_ns(datetime_column(frame, self.baseline_date, self.name(), field))

    def fit(self, series: pd.Series, frame: pd.DataFrame) -> EncoderDateDiff:
        self._baseline(frame, series.name)
        self.dtype_ = series.dtype
        return self

    def transform(self, series: pd.Series, frame: pd.DataFrame,
                  rng: np.random.Generator) -> pd.Series:
        base_ns, base_missing = self._baseline(frame, series.name)
        ns, missing = to_ns(series)
        values = (ns - base_ns).astype(float) / UNIT_NS[self.diff_unit]
        if self.absolute_value:
            values = np.abs(values)
        values[missing | base_missing] = np.nan
        return float_series(values, series)

    def inverse_transform(self, data: pd.Series | pd.DataFrame, frame: pd.DataFrame,
                          rng: np.random.Generator) -> pd.Series:
        base_ns, base_missing = self._baseline(frame, data.name)
        values = to_float(data)
        missing = np.isnan(values) | base_missing
        dates = shift_ns(base_ns, values * UNIT_NS[self.diff_unit], missing)
        return pd.Series(dates, index=data.index, name=data.name).astype(self.dtype_)
