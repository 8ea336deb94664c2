"""One processing step on one field: fit / transform / inverse_transform, scikit-learn style,
plus what the step does to the field's schema, so the Preprocessor's output schema can be
predicted from the config before any data is processed."""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import Any, ClassVar

import numpy as np
import pandas as pd

from petsard.registry import Registry
from petsard.schema.attribute import Attribute

KINDS = ("missing", "outlier", "encoder", "scaler", "discretizing")
STEPS: Registry[type[Step]] = Registry("processing")


def predicted(attr: Attribute, **changes: Any) -> Attribute:
    """``attr`` with structural ``changes`` (type_attr keys such as ``nullable`` may be given
    directly); statistics are unknown before the data is seen, and a field whose type changes
    no longer holds what its logical type said (an encoded email is a number)."""
    if changes.get("type", attr.type) != attr.type:
        changes.setdefault("logical_type", None)
    return attr.with_changes(stats=None, is_constant=False, source="predicted", **changes)


class Step(ABC):
    """A processing method for one field.

    Subclasses set ``kind`` and ``accepts`` (field kinds: numerical, categorical...), take
    their parameters as keyword arguments and keep fitted state in attributes ending in ``_``.
    """

    kind: ClassVar[str]
    accepts: ClassVar[tuple[str, ...]]
    drops_rows: ClassVar[bool] = False  # missing_drop and outlier steps remove whole rows
    # Judges every numerical field together (PETsARD's global outlier methods): the pipeline
    # gives it those fields with ``over`` and plans it on each of them.
    joint: ClassVar[bool] = False
    # Its new fields go to the end of the table instead of the field's place (one-hot, as
    # PETsARD places them).
    outputs_at_end: ClassVar[bool] = False

    def check(self, attr: Attribute) -> str | None:
        """Why this step cannot apply to ``attr`` (None when it can); checked before running."""
        if attr.kind not in self.accepts:
            return (f"{self.name()} needs a {' or '.join(self.accepts)} field; "
                    f"'{attr.name}' is {attr.kind}")
        return None

    @classmethod
    def name(cls) -> str:
        return getattr(cls, "registered_name", cls.__name__)

    @classmethod
    def configured_fields(cls, field: str, params: dict[str, Any]
                          ) -> dict[str, dict[str, Any] | None]:
        """The parameters per field that one config entry on ``field`` sets (None: this kind
        of step skips that field). By default the entry sets the step on ``field`` itself."""
        return {field: params}

    def over(self, fields: list[str]) -> Step:
        """A joint step: the fields it judges together, given when the pipeline is planned."""
        raise TypeError(f"{self.name()} processes one field at a time")

    @abstractmethod
    def predict(self, attr: Attribute,
                others: dict[str, Attribute] | None = None) -> list[Attribute]:
        """The field(s) this step outputs for an input field (structure only); ``others`` are
        the table's fields at this step, for steps that read another field."""

    @abstractmethod
    def describe(self) -> str:
        """What the step did, for change records: 'minmax scaled', 'missing filled with mean'."""

    def references(self) -> list[str]:
        """Other fields this step reads (e.g. a baseline date column); they must exist."""
        return []

    @abstractmethod
    def fit(self, series: pd.Series, frame: pd.DataFrame) -> Step:
        """Learn from ``series`` (``frame`` is the whole table at this point, read-only)."""

    def keep_rows(self, series: pd.Series) -> np.ndarray:
        """Boolean mask of rows to keep (only steps with ``drops_rows`` remove any)."""
        return np.ones(len(series), dtype=bool)

    @abstractmethod
    def transform(self, series: pd.Series, frame: pd.DataFrame,
                  rng: np.random.Generator) -> pd.Series | pd.DataFrame:
        """The processed field: a Series, or a DataFrame for steps that make several fields
        (one-hot), with the names ``predict`` announced, on ``series``'s index."""

    @abstractmethod
    def inverse_transform(self, data: pd.Series | pd.DataFrame, frame: pd.DataFrame,
                          rng: np.random.Generator) -> pd.Series:
        """Back to the field's form before this step, named as the original field.
        ``data`` is what ``transform`` produced (or synthetic data shaped like it); ``frame``
        is the table being inverted, with later steps already undone. Outlier removal is not
        invertible: it returns ``data`` unchanged."""
