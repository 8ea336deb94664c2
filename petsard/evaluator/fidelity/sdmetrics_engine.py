"""``engine: sdmetrics``: the same reports from the sdmetrics library itself.

The unified reports (``sdmetrics.reports.QualityReport`` / ``DiagnosticReport``, a dict of
one table in) with metadata made of the given sdtypes. sdmetrics subsamples large tables
with numpy's global generator; it is seeded with ``seed`` for the call and restored after,
so a run is repeatable and draws the rows the native engine draws.
"""

from __future__ import annotations

import warnings
from typing import Any

import pandas as pd

from petsard.evaluator.evaluation_data import (
    SDMETRICS_TABLE,
    numpy_seed,
    require,
    sdmetrics_metadata,
)
from petsard.evaluator.fidelity.details import Report


def _generate(report: Any, real: pd.DataFrame, syn: pd.DataFrame, sdtypes: dict[str, str],
              seed: int) -> None:
    metadata = sdmetrics_metadata(sdtypes)
    with warnings.catch_warnings(), numpy_seed(seed):
        warnings.simplefilter("ignore")  # sdmetrics' deprecation and pandas notices
        report.generate({SDMETRICS_TABLE: real}, {SDMETRICS_TABLE: syn}, metadata, verbose=False)


def _scores(report: Any, names: tuple[str, ...]) -> dict[str, float]:
    scores = report.get_properties().set_index("Property")["Score"]
    return {name: float(scores[name]) for name in names}


def _details(report: Any, name: str) -> pd.DataFrame:
    return report.get_details(name, SDMETRICS_TABLE).drop(columns="Table").reset_index(drop=True)


def quality_report(real: pd.DataFrame, syn: pd.DataFrame, sdtypes: dict[str, str], *,
                   correlation_threshold: float = 0.0, association_threshold: float = 0.0,
                   seed: int = 0) -> Report:
    """sdmetrics' QualityReport: Column Shapes and Column Pair Trends."""
    reports = require("sdmetrics.reports", "sdmetrics", "the sdmetrics quality report")
    report = reports.QualityReport()
    report.real_correlation_threshold = correlation_threshold
    report.real_association_threshold = association_threshold
    _generate(report, real, syn, sdtypes, seed)
    names = ("Column Shapes", "Column Pair Trends")
    return Report.of({n: _details(report, n) for n in names}, _scores(report, names))


def diagnostic_report(real: pd.DataFrame, syn: pd.DataFrame, sdtypes: dict[str, str], *,
                      structure_of: tuple[pd.DataFrame, pd.DataFrame] | None = None
                      ) -> Report:
    """sdmetrics' DiagnosticReport: Data Validity of ``real`` and ``syn``, and Data
    Structure (sdmetrics' TableStructure) of ``structure_of``, the full tables."""
    reports = require("sdmetrics.reports", "sdmetrics", "the sdmetrics diagnostic report")
    single_table = require("sdmetrics.single_table", "sdmetrics", "sdmetrics' TableStructure")
    report = reports.DiagnosticReport()
    _generate(report, real, syn, sdtypes, seed=0)  # nothing drawn at random
    structure = float(single_table.TableStructure.compute(*(structure_of or (real, syn))))
    details = {"Data Validity": _details(report, "Data Validity"),
               "Data Structure": pd.DataFrame({"Metric": "TableStructure", "Score": structure},
                                              index=[0])}
    return Report.of(details, {**_scores(report, ("Data Validity",)),
                               "Data Structure": structure})
