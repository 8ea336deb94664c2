"""The Describer's tables, as PETsARD 1.10.1 writes them: granularities, column names, what
applies to which column, and the numbers."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from petsard.describer.statistics import (
    DEFAULT_DESCRIBE,
    compare_tables,
    describe_table,
    js_divergence,
)
from petsard.schema.inference import infer_schema


@pytest.fixture(scope="module")
def small() -> pd.DataFrame:
    return pd.DataFrame({
        "age": [20, 30, 40, None, 60],
        "colour": pd.Series(["red", "blue", "red", None, "green"], dtype="category"),
        "member": [True, False, True, True, False],
        "joined": pd.to_datetime(["2020-01-01", "2021-01-01", None, "2022-01-01",
                                  "2023-01-01"]),
        "income": [1.0, 2.0, 3.0, 4.0, 5.0],
    })


def test_describe_by_default_writes_three_granularities_with_petsards_names(small) -> None:
    tables = describe_table(small, infer_schema(small, "s"), list(DEFAULT_DESCRIBE))
    assert tables["global"].to_dict("records") == [
        {"row_count": 5, "col_count": 5, "na_count": 2}]  # rows with a missing value
    columnwise = tables["columnwise"]
    assert list(columnwise.columns) == ["column", "mean", "median", "std", "min", "max",
                                        "kurtosis", "skew", "q1", "q3", "na_count", "nunique"]
    rows = columnwise.set_index("column")
    assert list(rows.index) == ["age", "colour", "member", "joined", "income"]
    assert rows.loc["age", "mean"] == pytest.approx(37.5)
    assert rows.loc["age", "q1"] == pytest.approx(27.5)
    assert rows.loc["member", "mean"] == pytest.approx(0.6)  # booleans as 0/1
    assert rows.loc["member", "nunique"] == 2
    assert rows.loc["colour", "nunique"] == 3
    assert pd.isna(rows.loc["age", "nunique"]) and pd.isna(rows.loc["colour", "mean"])
    assert rows.loc["joined", "na_count"] == 1 and pd.isna(rows.loc["joined", "mean"])
    assert list(tables["pairwise"].columns) == ["column1", "column2", "corr"]


def test_pairwise_holds_the_lower_triangle_sorted_by_column_names(small) -> None:
    pairs = describe_table(small, infer_schema(small, "s"), ["corr", "cov"])["pairwise"]
    assert list(pairs.columns) == ["column1", "column2", "corr", "cov"]
    assert [tuple(p) for p in pairs[["column1", "column2"]].to_numpy()] == [
        ("age", "age"), ("income", "age"), ("income", "income"), ("income", "member"),
        ("member", "age"), ("member", "member")]  # column1 comes later in the table
    numbers = small[["age", "income"]].dropna()
    found = pairs.set_index(["column1", "column2"])
    assert found.loc[("income", "age"), "corr"] == pytest.approx(
        np.corrcoef(numbers["age"], numbers["income"])[0, 1])
    assert found.loc[("income", "income"), "cov"] == pytest.approx(small["income"].var())


def test_only_the_granularities_asked_for_and_a_named_percentile(small) -> None:
    tables = describe_table(small, infer_schema(small, "s"), ["percentile", "col_na_count"],
                            percentile=0.9)
    assert list(tables) == ["columnwise"]
    assert list(tables["columnwise"].columns) == ["column", "90.0 th percentile", "na_count"]
    assert tables["columnwise"].loc[4, "90.0 th percentile"] == pytest.approx(4.6)


def test_compare_puts_base_target_and_change_side_by_side() -> None:
    base = pd.DataFrame({"x": [1.0, 2.0, 3.0], "zero": [0.0, 0.0, 0.0],
                         "kind": ["a", "b", "b"], "only_base": [1, 2, 3]})
    target = pd.DataFrame({"x": [2.0, 4.0, 6.0], "zero": [1.0, 1.0, 1.0],
                           "kind": ["a", "c", "d"]})
    tables = compare_tables(base, target, infer_schema(base, "b"),
                            ["mean", "nunique", "jsdivergence"], "pct_change")
    columnwise = tables["columnwise"].set_index("column")
    assert list(columnwise.index) == ["x", "zero", "kind"]  # columns both tables have
    assert list(columnwise.columns) == [
        "mean_base", "mean_target", "mean_pct_change", "nunique_base", "nunique_target",
        "nunique_pct_change", "jsdivergence"]
    assert columnwise.loc["x", "mean_pct_change"] == pytest.approx(1.0)
    assert math.isnan(columnwise.loc["zero", "mean_pct_change"])  # undefined for base 0
    assert columnwise.loc["kind", "nunique_pct_change"] == pytest.approx(0.5)
    assert math.isnan(columnwise.loc["x", "nunique_pct_change"])  # nunique: categories only
    glob = tables["global"]
    assert list(glob.columns) == ["Score", "mean_pct_change", "nunique_pct_change",
                                  "jsdivergence"]
    means = [glob.loc[0, c] for c in glob.columns[1:]]
    assert glob.loc[0, "mean_pct_change"] == pytest.approx(1.0)
    assert glob.loc[0, "Score"] == pytest.approx(np.mean(means))


def test_diff_is_target_minus_base_even_for_a_base_of_zero() -> None:
    base = pd.DataFrame({"x": [0.0, 0.0], "y": [5.0, 7.0]})
    target = pd.DataFrame({"x": [1.0, 3.0], "y": [1.0, 1.0]})
    tables = compare_tables(base, target, infer_schema(base, "b"), ["mean"], "diff")
    assert tables["columnwise"]["mean_diff"].tolist() == [2.0, -5.0]
    # Signed, as PETsARD's aggregated_method 'mean': changes of opposite sign offset.
    assert tables["global"].to_dict("records") == [{"Score": -1.5, "mean_diff": -1.5}]


def test_jsdivergence_is_petsards_squared_distance_in_natural_log() -> None:
    base = pd.Series(["a", "a", "b", "b", None])
    target = pd.Series(["a", "a", "a", "b"])
    p, q = np.array([0.5, 0.5]), np.array([0.75, 0.25])  # missing values left out
    m = (p + q) / 2
    expected = (np.sum(p * np.log(p / m)) + np.sum(q * np.log(q / m))) / 2
    assert js_divergence(base, target) == pytest.approx(expected)
    assert js_divergence(pd.Series([1, 2]), pd.Series([3, 4])) == pytest.approx(np.log(2))
    assert math.isnan(js_divergence(pd.Series([None, None]), target))


def test_jsdivergence_compares_categories_of_different_sets_and_skips_datetimes() -> None:
    base = pd.DataFrame({"c": pd.Categorical(["a", "b"]),
                         "d": pd.to_datetime(["2020-01-01", "2020-01-02"])})
    target = pd.DataFrame({"c": pd.Categorical(["b", "z"]),
                           "d": pd.to_datetime(["2020-01-01", "2020-01-02"])})
    rows = compare_tables(base, target, infer_schema(base, "b"), ["jsdivergence"],
                          "pct_change")["columnwise"].set_index("column")
    assert rows.loc["c", "jsdivergence"] == pytest.approx(
        js_divergence(pd.Series(["a", "b"]), pd.Series(["b", "z"])))
    assert math.isnan(rows.loc["d", "jsdivergence"])
