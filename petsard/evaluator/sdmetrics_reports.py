"""``method: default`` / ``sdmetrics-qualityreport`` and ``sdmetrics-diagnosticreport``.

sdmetrics' unified reports (``sdmetrics.reports.QualityReport``/``DiagnosticReport``, which
take a dict of tables) with metadata built from ori's schema. Columns that cannot be scored
(missing from syn, type mismatch, all missing) get a NaN row with the reason; metric errors
sdmetrics records (e.g. a correlation with a constant column) become notes too.
"""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np
import pandas as pd

from petsard.evaluator.base import EvaluatorMethod
from petsard.evaluator.evaluation_data import Aligned, EvaluationData, align, one_row, require

TABLE = "table"
# sdmetrics' sdtypes for our logical types; text is compared as categories.
SDTYPES = {"numerical": "numerical", "categorical": "categorical", "datetime": "datetime",
           "boolean": "boolean", "text": "categorical"}


def _metadata(aligned: Aligned) -> dict[str, Any]:
    columns = {name: {"sdtype": SDTYPES.get(aligned.logical[name], "categorical")}
               for name in aligned.columns}
    return {"tables": {TABLE: {"columns": columns}}}


def _generate(report: Any, aligned: Aligned) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # sdmetrics' deprecation and pandas notices
        report.generate({TABLE: aligned.ori}, {TABLE: aligned.syn}, _metadata(aligned),
                        verbose=False)


def _note(error: Any) -> str | None:
    if error is None or (isinstance(error, float) and np.isnan(error)):
        return None
    return str(error)


def _columnwise(details: pd.DataFrame, aligned: Aligned) -> pd.DataFrame:
    """One row per ori column: metric, score, note (set-aside columns: NaN and the reason)."""
    rows = {str(r["Column"]): {"column": str(r["Column"]), "metric": r["Metric"],
                               "score": float(r["Score"]),
                               "note": _note(r.get("Error"))}
            for _, r in details.iterrows()}
    for name, reason in aligned.notes.items():
        rows.setdefault(name, {"column": name, "metric": None, "score": np.nan, "note": reason})
    return pd.DataFrame([rows[n] for n in aligned.every if n in rows],
                        columns=["column", "metric", "score", "note"])


def _notes(aligned: Aligned) -> list[str]:
    return [f"{column}: {reason}" for column, reason in aligned.notes.items()]


def _mean(values: pd.Series) -> float:
    values = pd.to_numeric(values, errors="coerce").dropna()
    return float(values.mean()) if len(values) else float("nan")


class QualityReportEvaluator(EvaluatorMethod):
    """Fidelity: column shapes (KS / TV complement per column) and column pair trends
    (correlation / contingency similarity per pair); ``score`` is their mean.

    sdmetrics 0.32 scores only pairs whose real correlation > 0.5 or association > 0.3 by
    default; ``all_pairs: true`` (the default here) sets both thresholds to 0 so every pair
    counts, as earlier sdmetrics versions did.
    """

    def __init__(self, *, all_pairs: bool = True) -> None:
        self.all_pairs = all_pairs

    def evaluate(self, data: EvaluationData) -> dict[str, pd.DataFrame]:
        reports = require("sdmetrics.reports", "sdmetrics", "the sdmetrics quality report")
        aligned = align(data)
        report = reports.QualityReport()
        if self.all_pairs:
            report.real_correlation_threshold = 0
            report.real_association_threshold = 0
        self.info_ = {"all_pairs": self.all_pairs,
                      "real_correlation_threshold": report.real_correlation_threshold,
                      "real_association_threshold": report.real_association_threshold,
                      "rows_ori": len(aligned.ori), "rows_syn": len(aligned.syn),
                      "columns_scored": len(aligned.columns), "notes": _notes(aligned)}
        if not aligned.columns:
            nan = float("nan")
            return {"global": one_row({"score": nan, "column_shapes": nan,
                                       "column_pair_trends": nan}),
                    "columnwise": _columnwise(pd.DataFrame(), aligned)}
        _generate(report, aligned)
        shapes = report.get_details("Column Shapes")
        pairs = (report.get_details("Column Pair Trends") if len(aligned.columns) > 1
                 else pd.DataFrame(columns=["Column 1", "Column 2", "Metric", "Score"]))
        pairwise = pd.DataFrame({
            "column_1": pairs["Column 1"].astype(str), "column_2": pairs["Column 2"].astype(str),
            "metric": pairs["Metric"], "score": pd.to_numeric(pairs["Score"], errors="coerce"),
            "real_correlation": pd.to_numeric(pairs.get("Real Correlation"), errors="coerce"),
            "synthetic_correlation": pd.to_numeric(pairs.get("Synthetic Correlation"),
                                                   errors="coerce"),
            "note": [_note(e) for e in pairs.get("Error", [None] * len(pairs))],
        }).reset_index(drop=True)
        shape_score, pair_score = _mean(shapes["Score"]), _mean(pairwise["score"])
        parts = [s for s in (shape_score, pair_score) if np.isfinite(s)]
        return {
            "global": one_row({"score": float(np.mean(parts)) if parts else float("nan"),
                               "column_shapes": shape_score,
                               "column_pair_trends": pair_score}),
            "columnwise": _columnwise(shapes, aligned),
            "pairwise": pairwise,
        }


class DiagnosticReportEvaluator(EvaluatorMethod):
    """Validity: data validity (boundary / category adherence per column) and data structure
    (same column names and dtypes); ``score`` is their mean."""

    def __init__(self) -> None:
        pass

    def evaluate(self, data: EvaluationData) -> dict[str, pd.DataFrame]:
        reports = require("sdmetrics.reports", "sdmetrics", "the sdmetrics diagnostic report")
        aligned = align(data)
        self.info_ = {"rows_ori": len(aligned.ori), "rows_syn": len(aligned.syn),
                      "columns_scored": len(aligned.columns), "notes": _notes(aligned)}
        # sdmetrics sees only the common columns; structure is scored on the full tables,
        # as sdmetrics' TableStructure does: shared (name, dtype) pairs over all pairs.
        ori_columns = {(str(c), str(t)) for c, t in data.ori.dtypes.items()}
        syn_columns = {(str(c), str(t)) for c, t in data.syn.dtypes.items()}
        union = ori_columns | syn_columns
        structure = len(ori_columns & syn_columns) / len(union) if union else float("nan")
        if not aligned.columns:
            return {"global": one_row({"score": float("nan"), "data_validity": float("nan"),
                                       "data_structure": structure}),
                    "columnwise": _columnwise(pd.DataFrame(), aligned)}
        report = reports.DiagnosticReport()
        _generate(report, aligned)
        validity = report.get_details("Data Validity")
        validity_score = _mean(validity["Score"])
        parts = [s for s in (validity_score, structure) if np.isfinite(s)]
        return {
            "global": one_row({"score": float(np.mean(parts)) if parts else float("nan"),
                               "data_validity": validity_score, "data_structure": structure}),
            "columnwise": _columnwise(validity, aligned),
        }
