"""method: stats — per-column statistics of ori vs syn and their change."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from petsard.evaluator import StatsEvaluator
from petsard.evaluator.stats import js_divergence


def test_statistics_and_pct_change_per_column(make_data) -> None:
    ori = pd.DataFrame({"x": [1.0, 2.0, 3.0, 4.0], "c": ["a", "a", "b", "b"]})
    syn = pd.DataFrame({"x": [2.0, 4.0, 6.0, 8.0], "c": ["a", "a", "a", "b"]})
    evaluator = StatsEvaluator()
    tables = evaluator.evaluate(make_data(ori, syn))
    rows = tables["columnwise"].set_index("column")
    assert rows.loc["x", "mean_ori"] == 2.5 and rows.loc["x", "mean_syn"] == 5.0
    assert rows.loc["x", "mean_pct_change"] == pytest.approx(1.0)
    assert rows.loc["x", "max_pct_change"] == pytest.approx(1.0)
    assert rows.loc["x", "nunique_pct_change"] == 0
    assert np.isnan(rows.loc["x", "jsdivergence"])
    assert np.isnan(rows.loc["c", "mean_ori"])
    assert 0 < rows.loc["c", "jsdivergence"] < 1
    [summary] = tables["global"].to_dict("records")
    assert summary["mean_pct_change"] == pytest.approx(1.0)
    assert summary["jsdivergence"] == pytest.approx(rows.loc["c", "jsdivergence"])
    assert evaluator.info_["compare_method"] == "pct_change"


def test_diff_and_a_subset_of_statistics(make_data) -> None:
    ori = pd.DataFrame({"x": [0.0, 0.0, 2.0]})
    syn = pd.DataFrame({"x": [1.0, 1.0, 1.0]})
    tables = StatsEvaluator(stats_method=["min", "max"], compare_method="diff").evaluate(
        make_data(ori, syn))
    assert list(tables["columnwise"].columns) == [
        "column", "logical_type", "min_ori", "min_syn", "min_diff", "max_ori", "max_syn",
        "max_diff", "note"]
    row = tables["columnwise"].iloc[0]
    assert (row["min_diff"], row["max_diff"]) == (1.0, -1.0)


def test_pct_change_from_zero_is_nan_with_the_reason(make_data) -> None:
    ori = pd.DataFrame({"x": [0.0, 0.0, 2.0]})
    syn = pd.DataFrame({"x": [1.0, 1.0, 1.0]})
    row = StatsEvaluator(stats_method=["min"]).evaluate(make_data(ori, syn))["columnwise"]
    assert np.isnan(row.loc[0, "min_pct_change"])
    assert "pct_change undefined (base value is 0)" in row.loc[0, "note"]


def test_degenerate_columns_are_described_not_failed(make_data) -> None:
    ori = pd.DataFrame({"empty": [np.nan] * 3, "constant": [1.0] * 3, "gone": [1, 2, 3],
                        "num": [1.0, 2.0, 3.0]})
    syn = pd.DataFrame({"empty": [np.nan] * 3, "constant": [1.0] * 3, "num": ["a", "b", "c"]})
    rows = StatsEvaluator().evaluate(make_data(ori, syn))["columnwise"].set_index("column")
    assert "all values missing in ori" in rows.loc["empty", "note"]
    assert rows.loc["constant", "std_pct_change"] == 0
    assert "missing from syn" in rows.loc["gone", "note"]
    assert "type mismatch" in rows.loc["num", "note"] and np.isnan(rows.loc["num", "mean_syn"])


def test_js_divergence_bounds() -> None:
    same = pd.Series(["a", "b", "b", None])
    assert js_divergence(same, same) == 0
    assert js_divergence(pd.Series(["a", "a"]), pd.Series(["b", "b"])) == pytest.approx(1.0)
