"""sdmetrics quality and diagnostic reports on real data, and on degenerate data."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from petsard.evaluator import DiagnosticReportEvaluator, QualityReportEvaluator


@pytest.fixture(scope="module")
def quality(adult_eval) -> tuple[QualityReportEvaluator, dict[str, pd.DataFrame]]:
    evaluator = QualityReportEvaluator()
    return evaluator, evaluator.evaluate(adult_eval)


def test_quality_report_scores_every_column_and_every_pair(quality) -> None:
    evaluator, tables = quality
    assert list(tables) == ["global", "columnwise", "pairwise"]
    [row] = tables["global"].to_dict("records")
    assert set(row) == {"score", "column_shapes", "column_pair_trends"}
    assert all(0 <= v <= 1 for v in row.values())
    assert len(tables["columnwise"]) == 15
    assert len(tables["pairwise"]) == 15 * 14 // 2
    assert tables["pairwise"]["score"].between(0, 1).all()
    assert evaluator.info_["real_correlation_threshold"] == 0
    assert evaluator.info_["real_association_threshold"] == 0


def test_quality_report_is_deterministic(quality, adult_eval) -> None:
    _, first = quality
    second = QualityReportEvaluator().evaluate(adult_eval)
    for name in first:
        pd.testing.assert_frame_equal(first[name], second[name])


def test_quality_report_with_sdmetrics_default_thresholds_records_them(adult_eval) -> None:
    evaluator = QualityReportEvaluator(all_pairs=False)
    evaluator.evaluate(adult_eval)
    assert evaluator.info_["real_correlation_threshold"] == 0.5
    assert evaluator.info_["real_association_threshold"] == 0.3


def degenerate_tables() -> tuple[pd.DataFrame, pd.DataFrame]:
    rng = np.random.default_rng(0)
    n = 200
    ori = pd.DataFrame({
        "x": rng.normal(size=n), "y": rng.normal(size=n), "constant": 5.0, "empty": np.nan,
        "category": rng.choice(["a", "b"], n), "code": rng.choice([1, 2, 3], n),
        "gone": rng.normal(size=n), "kind": rng.choice(["p", "q"], n),
    })
    syn = ori.sample(frac=1, random_state=1).reset_index(drop=True)
    syn = syn.drop(columns="gone").assign(
        kind=rng.normal(size=n),                 # categorical in ori, numbers in syn: as text
        x=rng.choice(["u", "v"], n),             # numerical in ori, text in syn: mismatch
        code=lambda d: d["code"].astype(str),    # numerical in ori, text in syn: mismatch
        extra=1)
    return ori, syn


def test_degenerate_columns_get_nan_with_a_reason_instead_of_failing(make_data) -> None:
    ori, syn = degenerate_tables()
    tables = QualityReportEvaluator().evaluate(make_data(ori, syn))
    rows = tables["columnwise"].set_index("column")
    assert np.isnan(rows.loc["empty", "score"])
    assert "all values missing" in rows.loc["empty", "note"]
    assert "missing from syn" in rows.loc["gone", "note"]
    assert "type mismatch" in rows.loc["x", "note"] and np.isnan(rows.loc["x", "score"])
    assert "type mismatch" in rows.loc["code", "note"]
    assert "only in syn" in rows.loc["extra", "note"]
    assert rows.loc["constant", "score"] == 1.0
    assert 0 <= rows.loc["kind", "score"] <= 1
    pairs = tables["pairwise"]
    constant = pairs[(pairs["column_1"] == "constant") | (pairs["column_2"] == "constant")]
    assert constant["note"].notna().any()  # a correlation with a constant column is undefined
    assert 0 <= tables["global"].loc[0, "score"] <= 1


def test_nothing_comparable_gives_nan_scores(make_data) -> None:
    ori = pd.DataFrame({"a": [1.0, 2.0, 3.0]})
    syn = pd.DataFrame({"b": [1.0, 2.0, 3.0]})
    tables = QualityReportEvaluator().evaluate(make_data(ori, syn))
    assert tables["global"].isna().all(axis=None)
    assert list(tables["columnwise"]["column"]) == ["a", "b"]


def test_diagnostic_report_scores_validity_and_structure(adult_eval, make_data) -> None:
    tables = DiagnosticReportEvaluator().evaluate(adult_eval)
    [row] = tables["global"].to_dict("records")
    assert set(row) == {"score", "data_validity", "data_structure"}
    assert all(0 <= v <= 1 for v in row.values())
    assert len(tables["columnwise"]) == 15

    ori, syn = degenerate_tables()
    degenerate = DiagnosticReportEvaluator().evaluate(make_data(ori, syn))
    assert degenerate["global"].loc[0, "data_structure"] < 1
    assert degenerate["columnwise"].set_index("column").loc["gone", "note"]


def test_datetime_and_boolean_columns_are_scored(make_data) -> None:
    rng = np.random.default_rng(1)
    n = 150
    table = pd.DataFrame({
        "when": pd.Timestamp("2020-01-01") + pd.to_timedelta(rng.integers(0, 900, n), "D"),
        "flag": rng.random(n) > 0.4, "value": rng.normal(size=n)})
    syn = table.sample(frac=1, random_state=2).reset_index(drop=True)
    tables = QualityReportEvaluator().evaluate(make_data(table, syn))
    assert tables["columnwise"]["score"].notna().all()
    assert tables["global"].loc[0, "column_shapes"] == pytest.approx(1.0)
