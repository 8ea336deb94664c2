"""The native reports give sdmetrics 0.32's numbers to 1e-9: every property, column and pair
score, every correlation and association, the same metric names and the same errors — on
every bundled and test dataset and on generated edge cases, through the evaluator (as a
run computes them) and through the engines directly (on what ``align`` would set aside)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from petsard.evaluator import DiagnosticReportEvaluator, QualityReportEvaluator
from petsard.evaluator.fidelity import Report, diagnostic_report, quality_report, sdmetrics_engine

TOLERANCE = 1e-9
NUMBERS = ("Score", "Column Shapes", "Column Pair Trends", "Data Validity", "Data Structure",
           "Real Correlation", "Synthetic Correlation", "Real Association")


def _plain(value: object) -> object:
    return None if value is None or value is pd.NA or (
        isinstance(value, float) and np.isnan(value)) else value


def assert_tables_equal(ours: pd.DataFrame, theirs: pd.DataFrame, where: str) -> float:
    """Same columns and labels, numbers within TOLERANCE (NaN where theirs is NaN); the
    largest absolute difference."""
    assert list(ours.columns) == list(theirs.columns), where
    assert len(ours) == len(theirs), where
    largest = 0.0
    for column in ours.columns:
        if column in NUMBERS:
            a, b = ours[column].to_numpy(np.float64), theirs[column].to_numpy(np.float64)
            np.testing.assert_array_equal(np.isnan(a), np.isnan(b), err_msg=f"{where} {column}")
            if len(a) and not np.isnan(a).all():
                gap = float(np.nanmax(np.abs(a - b)))
                assert gap <= TOLERANCE, f"{where} {column}: differs by {gap}"
                largest = max(largest, gap)
        else:
            assert list(map(_plain, ours[column])) == list(map(_plain, theirs[column])), (
                f"{where} {column}")
    return largest


def assert_reports_equal(ours: Report, theirs: Report, where: str) -> None:
    assert list(ours.details) == list(theirs.details) == list(ours.properties)
    for name in ours.details:
        assert_tables_equal(ours.details[name], theirs.details[name], f"{where} {name}")
    summary = pd.DataFrame([{"Score": ours.score, **ours.properties}])
    assert_tables_equal(summary, pd.DataFrame([{"Score": theirs.score, **theirs.properties}]),
                        where)


@pytest.mark.parametrize("all_pairs", [True, False], ids=["all pairs", "sdmetrics thresholds"])
def test_quality_report_equals_sdmetrics(dataset, all_pairs: bool) -> None:
    name, data = dataset
    ours = QualityReportEvaluator(all_pairs=all_pairs).evaluate(data)
    theirs = QualityReportEvaluator(engine="sdmetrics", all_pairs=all_pairs).evaluate(data)
    assert list(ours) == list(theirs) == ["global", "columnwise", "pairwise"]
    for granularity in ours:
        assert_tables_equal(ours[granularity], theirs[granularity], f"{name} {granularity}")
    assert ours["pairwise"]["Score"].notna().any(), name


def test_diagnostic_report_equals_sdmetrics(dataset) -> None:
    name, data = dataset
    ours = DiagnosticReportEvaluator().evaluate(data)
    theirs = DiagnosticReportEvaluator(engine="sdmetrics").evaluate(data)
    assert list(ours) == list(theirs) == ["global", "columnwise"]
    for granularity in ours:
        assert_tables_equal(ours[granularity], theirs[granularity], f"{name} {granularity}")


EDGE_SDTYPES = {"number": "numerical", "number_missing": "numerical", "count": "numerical",
                "nullable_count": "numerical", "constant": "numerical", "day": "datetime",
                "moment_missing": "datetime", "local_time": "datetime", "hour_us": "datetime",
                "binary": "numerical", "colour": "categorical", "same_text": "categorical",
                "flag": "boolean", "flag_missing": "boolean", "code": "categorical",
                "mostly_missing": "numerical"}


@pytest.mark.parametrize("case", ["mixed", "two and three rows", "one row each",
                                  "categories unused in the real table",
                                  "an unused first category, no missing values",
                                  "a column with no values", "infinite values"])
@pytest.mark.parametrize("thresholds", [(0.0, 0.0), (0.5, 0.3)], ids=["all pairs", "thresholds"])
def test_engines_agree_on_tables_the_evaluator_would_set_aside(edge_cases, case,
                                                                thresholds) -> None:
    real, syn = edge_cases[case]
    settings = {"correlation_threshold": thresholds[0], "association_threshold": thresholds[1],
                "seed": 5}
    assert_reports_equal(quality_report(real, syn, EDGE_SDTYPES, **settings),
                         sdmetrics_engine.quality_report(real, syn, EDGE_SDTYPES, **settings),
                         case)
    assert_reports_equal(diagnostic_report(real, syn, EDGE_SDTYPES),
                         sdmetrics_engine.diagnostic_report(real, syn, EDGE_SDTYPES), case)


@pytest.mark.parametrize("thresholds", [(0.0, 0.0), (0.5, 0.3)], ids=["all pairs", "thresholds"])
def test_subsampling_draws_the_rows_sdmetrics_draws_from_the_same_seed(large_pair,
                                                                       thresholds) -> None:
    real, syn = large_pair
    sdtypes = {c: EDGE_SDTYPES[c] for c in real.columns}
    settings = {"correlation_threshold": thresholds[0], "association_threshold": thresholds[1],
                "seed": 2024}
    ours = quality_report(real, syn, sdtypes, **settings)
    assert_reports_equal(ours, sdmetrics_engine.quality_report(real, syn, sdtypes, **settings),
                         "over 50,000 rows")
    scores = ours.details["Column Pair Trends"]["Score"]
    assert scores.notna().any()
    full = quality_report(real, syn, sdtypes, subsample_rows=None, **settings)
    assert not scores.equals(full.details["Column Pair Trends"]["Score"])  # rows were drawn


def test_two_way_tables_too_large_to_count_densely_give_the_same_scores(edge_cases,
                                                                        monkeypatch) -> None:
    from petsard.evaluator.fidelity import pair_trends

    monkeypatch.setattr(pair_trends, "DENSE_CELLS", 16)  # every table counted sparsely
    real, syn = edge_cases["mixed"]
    settings = {"correlation_threshold": 0.5, "association_threshold": 0.3, "seed": 5}
    assert_reports_equal(quality_report(real, syn, EDGE_SDTYPES, **settings),
                         sdmetrics_engine.quality_report(real, syn, EDGE_SDTYPES, **settings),
                         "sparse counts")
    every_pair = {**settings, "association_threshold": 0.0}
    assert_reports_equal(quality_report(real, syn, EDGE_SDTYPES, **every_pair),
                         sdmetrics_engine.quality_report(real, syn, EDGE_SDTYPES, **every_pair),
                         "sparse counts, every pair")
