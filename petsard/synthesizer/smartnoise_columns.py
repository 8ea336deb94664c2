"""How a table's fields become smartnoise-synth column transformers, and come back.

smartnoise takes each categorical field's values from the data (as its own inference does), but
a number's range must not come from the data for free: a field's declared ``min``/``max``
(schema ``constraints``) costs no budget, otherwise ``preprocessor_eps`` pays for a private
estimate. Dates are numbers (seconds) to the mechanism. Free text that is not a direct
identifier (those never reach a synthesizer) is refused: its values are the data's own, and no
mechanism can release them privately.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
import pandas as pd

from petsard.exceptions import SynthesizerError
from petsard.schema.schema import Schema

Style = Literal["cube", "gan"]
EPOCH = pd.Timestamp(0)


@dataclass
class Column:
    """One field as the mechanism sees it; ``transformer`` is smartnoise's, fitted by it."""

    name: str
    categorical: bool
    nullable: bool
    lower: float | None = None
    upper: float | None = None
    temporal: bool = False
    tz: Any = None
    transformer: Any = field(default=None, repr=False)

    @property
    def bounded(self) -> bool:
        return self.categorical or (self.lower is not None and self.upper is not None)


def mechanism_width(columns: list[Column]) -> int:
    """How many columns the mechanism sees: a binned number with missing values is two."""
    return sum(1 + (column.nullable and not column.categorical) for column in columns)


def plan_columns(data: pd.DataFrame, schema: Schema | None, label: str) -> list[Column]:
    """Each field's treatment, from the schema (its dtype when there is none)."""
    text = []
    columns = []
    for name in data.columns:
        series = data[name]
        attr = schema.get(str(name)) if schema is not None else None
        kind = attr.kind if attr is not None else _kind_of(series)
        if kind == "text":
            text.append(str(name))
            continue
        temporal = kind == "datetime"
        tz = getattr(series.dtype, "tz", None) if temporal else None
        limits = dict(attr.constraints or {}) if attr is not None else {}
        column = Column(str(name), categorical=kind in ("categorical", "boolean"),
                        nullable=bool(series.isna().any()), temporal=temporal, tz=tz)
        if not column.categorical:
            column.lower = _number(limits.get("min"), temporal, tz)
            column.upper = _number(limits.get("max"), temporal, tz)
        columns.append(column)
    if text:
        raise SynthesizerError(
            f"{label}: field(s) {', '.join(map(repr, text))} hold free text (mostly distinct "
            "values); differential privacy cannot release values that are the data's own. Name "
            "them in the Synthesizer's identifiers (drop, or surrogate for stand-in values), "
            "or declare them categorical in the schema (category: true) if their values are "
            "public.")
    return columns


def build_transformers(columns: list[Column], style: Style, bins: int) -> list[Any]:
    """smartnoise's transformer for each column, as its own inference would choose for the
    mechanism's style ('cube': labels and bins; 'gan': one-hot and min-max), with our
    bounds and per-field nullability."""
    from snsynth.transform import (
        BinTransformer,
        ChainTransformer,
        LabelTransformer,
        MinMaxTransformer,
        OneHotEncoder,
    )

    for column in columns:
        if column.categorical:
            label = LabelTransformer(nullable=column.nullable)
            column.transformer = label if style == "cube" else ChainTransformer(
                [label, OneHotEncoder()])
        elif style == "cube":
            column.transformer = BinTransformer(bins=bins, lower=column.lower,
                                                upper=column.upper, nullable=column.nullable)
        else:
            column.transformer = MinMaxTransformer(lower=column.lower, upper=column.upper,
                                                   nullable=column.nullable)
    return [column.transformer for column in columns]


def to_records(data: pd.DataFrame, columns: list[Column]) -> pd.DataFrame:
    """Plain Python values, None for missing, dates as seconds: what the transformers read."""
    out = {}
    for column in columns:
        series = data[column.name]
        if column.temporal:
            series = _seconds(series)
        elif not column.categorical:
            series = pd.to_numeric(series).astype("float64")
        values = series.astype(object)
        out[column.name] = values.where(series.notna(), None)
    return pd.DataFrame(out, index=data.index)


def from_records(rows: pd.DataFrame, columns: list[Column], rng: np.random.Generator
                 ) -> pd.DataFrame:
    """The mechanism's rows as fields again. A binned number comes back at its bin's centre;
    it is drawn uniformly within the bin instead (post-processing: no privacy cost)."""
    out = {}
    for column in columns:
        values = rows[column.name]
        if column.categorical:
            out[column.name] = values.where(values.notna(), np.nan)  # None, as read_csv has it
            continue
        numbers = pd.to_numeric(values, errors="coerce").astype("float64")
        bins = getattr(column.transformer, "bins", None)
        if bins is not None:
            width = (column.transformer.fit_upper - column.transformer.fit_lower) / bins
            numbers = numbers + rng.uniform(-width / 2, width / 2, len(numbers))
        out[column.name] = _from_seconds(numbers, column.tz) if column.temporal else numbers
    return pd.DataFrame(out)


def _kind_of(series: pd.Series) -> str:
    if pd.api.types.is_bool_dtype(series.dtype):
        return "boolean"
    if pd.api.types.is_datetime64_any_dtype(series.dtype):
        return "datetime"
    if pd.api.types.is_numeric_dtype(series.dtype):
        return "numerical"
    return "categorical"


def _seconds(series: pd.Series) -> pd.Series:
    stamps = pd.to_datetime(series)
    if getattr(stamps.dtype, "tz", None) is not None:
        stamps = stamps.dt.tz_convert("UTC").dt.tz_localize(None)
    return (stamps - EPOCH) / pd.Timedelta(seconds=1)


def _from_seconds(numbers: pd.Series, tz: Any) -> pd.Series:
    stamps = pd.to_datetime(numbers, unit="s")
    return stamps.dt.tz_localize("UTC").dt.tz_convert(tz) if tz is not None else stamps


def _number(limit: Any, temporal: bool, tz: Any) -> float | None:
    if limit is None:
        return None
    if not temporal:
        return float(limit)
    stamp = pd.Timestamp(limit)
    if stamp.tzinfo is None and tz is not None:
        stamp = stamp.tz_localize(tz)
    if stamp.tzinfo is not None:
        stamp = stamp.tz_convert("UTC").tz_localize(None)
    return (stamp - EPOCH) / pd.Timedelta(seconds=1)
