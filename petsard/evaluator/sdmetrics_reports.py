"""``method: default`` / ``sdmetrics-qualityreport`` and ``sdmetrics-diagnosticreport``.

sdmetrics 0.32's QualityReport and DiagnosticReport, by default computed natively
(``petsard/evaluator/fidelity``: same numbers, no sdmetrics import); ``engine: sdmetrics``
runs the library. Each column's sdtype comes from ori's schema (text is scored as
categories). The tables hold PETsARD 1.10.1's columns: ``global`` (Score and one column per
property), ``columnwise`` (Property, Metric, Score per ``column``) and, for the quality
report, ``pairwise`` (Property, Metric, Score, Real Correlation, Synthetic Correlation per
``column_1``, ``column_2``); save_report writes them as PETsARD did (``column``,
``column1``/``column2``, then ``<experiment>_Score``...). An ``Error`` column says why a score
is missing, when one is. Columns that cannot be scored (missing from syn, type mismatch, all
missing, direct identifiers) get a row with a missing score and the reason. Scores are not
rounded (PETsARD rounded the global ones to 2 decimals).
"""

from __future__ import annotations

from typing import Literal

import numpy as np
import pandas as pd

from petsard.evaluator.base import EvaluatorMethod
from petsard.evaluator.evaluation_data import Aligned, EvaluationData, align, one_row, seed_of
from petsard.evaluator.fidelity import SDMETRICS_THRESHOLDS, Report, sdmetrics_engine
from petsard.evaluator.fidelity import diagnostic_report as native_diagnostic_report
from petsard.evaluator.fidelity import quality_report as native_quality_report
from petsard.evaluator.fidelity.pair_trends import SUBSAMPLE_ROWS

Engine = Literal["native", "sdmetrics"]
PAIR_COLUMNS = ["column_1", "column_2", "Property", "Metric", "Score", "Real Correlation",
                "Synthetic Correlation"]
THRESHOLD_COLUMNS = ["Real Association", "Meets Threshold?"]


def _scored(aligned: Aligned) -> tuple[pd.DataFrame, pd.DataFrame, dict[str, str]]:
    """ori and syn with the scored columns under their names as text, and their sdtypes."""
    real, syn = aligned.ori.copy(), aligned.syn.copy()
    real.columns = syn.columns = aligned.columns
    return real, syn, aligned.sdtypes()


def _columnwise(details: pd.DataFrame, prop: str, aligned: Aligned) -> pd.DataFrame:
    """One row per ori column in its order, then syn's extra columns: scored ones from the
    property's details, set-aside ones with a missing score and the reason as Error."""
    rows = {
        str(r["Column"]): {"column": str(r["Column"]), "Property": prop, "Metric": r["Metric"],
                           "Score": float(r["Score"]), "Error": r.get("Error")}
        for r in details.to_dict("records")}
    for name, reason in aligned.notes.items():
        rows.setdefault(name, {"column": name, "Property": prop, "Metric": None,
                               "Score": np.nan, "Error": reason})
    table = pd.DataFrame([rows[n] for n in aligned.every if n in rows],
                         columns=["column", "Property", "Metric", "Score", "Error"])
    return _errors_if_any(table)


def _pairwise(details: pd.DataFrame, thresholds: bool) -> pd.DataFrame:
    columns = PAIR_COLUMNS + (THRESHOLD_COLUMNS if thresholds else []) + ["Error"]
    table = details.rename(columns={"Column 1": "column_1", "Column 2": "column_2"})
    table["Property"] = "Column Pair Trends"
    return _errors_if_any(table.reindex(columns=columns))


def _errors_if_any(table: pd.DataFrame) -> pd.DataFrame:
    """Error is kept when some row has one (as sdmetrics' details do), with None elsewhere."""
    errors = table["Error"].astype(object).where(table["Error"].notna(), None)
    if errors.isna().all():
        return table.drop(columns="Error")
    return table.assign(Error=errors)


def _global(report: Report, names: tuple[str, ...]) -> pd.DataFrame:
    return one_row({"Score": report.score, **{n: report.properties[n] for n in names}})


def _info(engine: str, aligned: Aligned) -> dict[str, object]:
    return {"engine": engine, "rows_ori": len(aligned.ori), "rows_syn": len(aligned.syn),
            "columns_scored": len(aligned.columns),
            "notes": aligned.note_lines()}


class QualityReportEvaluator(EvaluatorMethod):
    """Fidelity: Column Shapes (KS / TV complement per column) and Column Pair Trends
    (correlation / contingency similarity per pair); Score is their mean.

    ``all_pairs: true`` (the default) scores every pair, as PETsARD 1.10.1 did (it ran
    sdmetrics 0.24, which had no thresholds); ``false`` applies sdmetrics 0.32's defaults
    (pairs whose real correlation is at most 0.5, or association at most 0.3, are left out
    of the average; the pairwise table then says which pairs met them).
    """

    measures = "fidelity"

    def __init__(self, *, engine: Engine = "native", all_pairs: bool = True) -> None:
        self.engine = engine
        self.all_pairs = all_pairs

    def evaluate(self, data: EvaluationData) -> dict[str, pd.DataFrame]:
        aligned = align(data)
        thresholds = ({name: 0.0 for name in SDMETRICS_THRESHOLDS} if self.all_pairs
                      else dict(SDMETRICS_THRESHOLDS))
        larger = max(len(aligned.ori), len(aligned.syn))
        self.info_ = {**_info(self.engine, aligned), "all_pairs": self.all_pairs, **thresholds,
                      # sdmetrics counts pairs with a category on this many rows of each table
                      "pair_rows_subsampled": SUBSAMPLE_ROWS if larger > SUBSAMPLE_ROWS else None}
        settings = {"correlation_threshold": thresholds["real_correlation_threshold"],
                    "association_threshold": thresholds["real_association_threshold"],
                    "seed": seed_of(None, data)}
        compute = (sdmetrics_engine.quality_report if self.engine == "sdmetrics"
                   else native_quality_report)
        report = compute(*_scored(aligned), **settings)
        return {
            "global": _global(report, ("Column Shapes", "Column Pair Trends")),
            "columnwise": _columnwise(report.details["Column Shapes"], "Column Shapes", aligned),
            "pairwise": _pairwise(report.details["Column Pair Trends"], not self.all_pairs),
        }


class DiagnosticReportEvaluator(EvaluatorMethod):
    """Validity: Data Validity (boundary / category adherence per column) and Data Structure
    (shared column names and dtypes of the full tables); Score is their mean."""

    measures = "validity"

    def __init__(self, *, engine: Engine = "native") -> None:
        self.engine = engine

    def evaluate(self, data: EvaluationData) -> dict[str, pd.DataFrame]:
        aligned = align(data)
        self.info_ = _info(self.engine, aligned)
        if self.engine == "sdmetrics":
            report = sdmetrics_engine.diagnostic_report(*_scored(aligned),
                                                        structure_of=(data.ori, data.syn))
        else:
            report = native_diagnostic_report(*_scored(aligned),
                                              structure_of=(data.ori, data.syn))
        return {"global": _global(report, ("Data Validity", "Data Structure")),
                "columnwise": _columnwise(report.details["Data Validity"], "Data Validity",
                                          aligned)}
