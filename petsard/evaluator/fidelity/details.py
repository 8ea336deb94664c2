"""The details tables of a report, in sdmetrics 0.32's shape, and its aggregate scores.

Both engines give a ``Report``: the overall score, each property's score and each
property's details as sdmetrics' ``get_details`` has them (without the unified report's
``Table`` column), so the evaluator formats one thing and tests compare the engines cell by
cell.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

PAIR_DETAIL_COLUMNS = ("Column 1", "Column 2", "Metric", "Score", "Real Correlation",
                "Synthetic Correlation", "Real Association", "Meets Threshold?")
MEETS_THRESHOLD = "Meets Threshold?"


class MetricError(Exception):
    """A metric that cannot be computed; its text is what sdmetrics records in ``Error``
    (``"<exception type>: <message>"``)."""


@dataclass(frozen=True)
class Report:
    """``score``: the mean of the property scores that are defined; ``properties``: each
    property's score, in the report's order; ``details``: each property's details."""

    score: float
    properties: dict[str, float]
    details: dict[str, pd.DataFrame]

    @classmethod
    def of(cls, details: dict[str, pd.DataFrame],
           properties: dict[str, float] | None = None) -> Report:
        """The report of ``details``; ``properties`` (a library's own) or averaged here."""
        if properties is None:
            properties = {name: property_score(table) for name, table in details.items()}
        defined = [s for s in properties.values() if not np.isnan(s)]
        return cls(float(np.mean(defined)) if defined else float("nan"), properties, details)


def property_score(details: pd.DataFrame) -> float:
    """The mean of the scores (missing ones left out); in pair trends, of the pairs that
    meet the report's thresholds."""
    if "Score" not in details:
        return float("nan")
    scores = details["Score"]
    if MEETS_THRESHOLD in details:
        scores = scores[details[MEETS_THRESHOLD].astype("boolean").fillna(False)]
    return float(scores.mean())


def _with_errors(table: pd.DataFrame, errors: list[str | None]) -> pd.DataFrame:
    """sdmetrics adds the ``Error`` column only when some row has one."""
    if any(e is not None for e in errors):
        table["Error"] = errors
    return table


def single_column_details(rows: list[tuple[str, str, float, str | None]]) -> pd.DataFrame:
    """Column, Metric, Score (and Error) from (column, metric, score, error) rows."""
    table = pd.DataFrame({"Column": [r[0] for r in rows], "Metric": [r[1] for r in rows],
                          "Score": np.array([r[2] for r in rows], dtype=np.float64)})
    return _with_errors(table, [r[3] for r in rows])


def pair_details(rows: list[tuple], errors: list[str | None]) -> pd.DataFrame:
    """sdmetrics' pair trends details from rows of PAIR_DETAIL_COLUMNS' values."""
    table = pd.DataFrame(rows, columns=list(PAIR_DETAIL_COLUMNS))
    for name in ("Score", "Real Correlation", "Synthetic Correlation", "Real Association"):
        table[name] = table[name].astype(np.float64)
    table[MEETS_THRESHOLD] = table[MEETS_THRESHOLD].astype("boolean")
    return _with_errors(table, errors)
