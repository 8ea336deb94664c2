"""sdmetrics 0.32's QualityReport and DiagnosticReport, computed natively.

The same properties, details and aggregation as the library (see ``details.Report``), from
one pass over the columns: every column is read once (``columns.Columns``) and the metrics
work on arrays. Columns whose sdtype is not numerical, datetime, categorical, ordinal or
boolean are not scored, as in sdmetrics.
"""

from __future__ import annotations

import pandas as pd

from petsard.evaluator.fidelity.column_shapes import column_shapes
from petsard.evaluator.fidelity.columns import Columns
from petsard.evaluator.fidelity.details import Report
from petsard.evaluator.fidelity.pair_trends import SUBSAMPLE_ROWS, column_pair_trends
from petsard.evaluator.fidelity.validity import data_validity, table_structure


def quality_report(real: pd.DataFrame, syn: pd.DataFrame, sdtypes: dict[str, str], *,
                   correlation_threshold: float = 0.0, association_threshold: float = 0.0,
                   subsample_rows: int | None = SUBSAMPLE_ROWS, seed: int = 0) -> Report:
    """Column Shapes and Column Pair Trends of the ``sdtypes`` columns (both tables hold
    them); thresholds 0 score every pair (sdmetrics 0.32's defaults are 0.5 and 0.3)."""
    columns = Columns(real, syn, sdtypes)
    return Report.of({
        "Column Shapes": column_shapes(columns),
        "Column Pair Trends": column_pair_trends(
            columns, correlation_threshold=correlation_threshold,
            association_threshold=association_threshold, subsample_rows=subsample_rows,
            seed=seed),
    })


def diagnostic_report(real: pd.DataFrame, syn: pd.DataFrame, sdtypes: dict[str, str], *,
                      structure_of: tuple[pd.DataFrame, pd.DataFrame] | None = None) -> Report:
    """Data Validity of the ``sdtypes`` columns and Data Structure of ``structure_of`` (the
    full tables, when ``real`` and ``syn`` hold only the comparable columns)."""
    structure_real, structure_syn = structure_of or (real, syn)
    return Report.of({
        "Data Validity": data_validity(Columns(real, syn, sdtypes)),
        "Data Structure": table_structure(structure_real, structure_syn),
    })
