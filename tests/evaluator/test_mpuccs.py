"""method: mpuccs on frames small enough to check by hand, and on an adult-income sample."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from petsard import Executor
from petsard.evaluator import REGISTRY, EvaluatorError, MPUCCsEvaluator
from petsard.evaluator.mpuccs_search import renyi_entropy_normalised, search_order
from petsard.exceptions import ConfigError

GLOBAL = ["privacy_risk_score", "overall_protection", "main_protection", "baseline_protection",
          "identification_rate", "total_identified", "total_syn_records"]
TREE = ["check_order", "field_combo", "combo_size", "is_pruned", "mpuccs_cnt",
        "mpuccs_collision_cnt", "baseline_protection", "overall_protection", "entropy_gain"]
DETAILS = ["risk_level", "syn_idx", "ori_idx", "combo_size", "field_combo", "value_combo",
           "baseline_protection"]


def test_a_synthetic_row_unique_on_a_combination_that_is_unique_in_ori_is_identified(
        make_data) -> None:
    # Setup: on (a, b), syn's (1, y) and (2, x) occur once, and once in ori (rows 1 and 2);
    # (2, y) and (5, x) are not in ori; a alone singles out syn's 1 and 5, but ori has two
    # 1s and no 5.
    ori = pd.DataFrame({"a": [1, 1, 2, 3], "b": ["x", "y", "x", "x"]})
    syn = pd.DataFrame({"a": [1, 2, 2, 5], "b": ["y", "x", "y", "x"]})
    # Run
    tables = MPUCCsEvaluator().evaluate(make_data(ori, syn))
    # Assert
    assert set(tables) == {"global", "details", "tree"}
    tree = tables["tree"]
    assert list(tree.columns) == TREE
    assert list(tree["field_combo"]) == ["('a',)", "('b',)", "('a', 'b')"]
    assert list(tree["mpuccs_cnt"]) == [2, 0, 4]
    assert list(tree["mpuccs_collision_cnt"]) == [0, 0, 2]
    assert not tree["is_pruned"].any()
    # H2 of a's counts (1, 2, 1) over log2(3 values); (a, b) is uniform, so 1.
    assert tree["entropy_gain"].iloc[2] == pytest.approx(1 + math.log2(0.375) / math.log2(3))
    baseline = 1 - 1 / (3 * 2)  # a has 3 values in ori, b has 2
    assert tree["baseline_protection"].iloc[2] == pytest.approx(baseline)
    assert tree["overall_protection"].iloc[2] == pytest.approx(0.5 / baseline)
    [scores] = tables["global"].to_dict("records")
    assert list(tables["global"].columns) == GLOBAL
    assert scores["total_identified"] == 2 and scores["total_syn_records"] == 4
    assert scores["identification_rate"] == 0.5 and scores["main_protection"] == 0.5
    assert scores["baseline_protection"] == pytest.approx(baseline)
    assert scores["overall_protection"] == pytest.approx(0.6)
    assert scores["privacy_risk_score"] == pytest.approx(0.4)
    details = tables["details"]
    assert list(details.columns) == DETAILS
    assert details[["syn_idx", "ori_idx", "field_combo", "value_combo"]].values.tolist() == [
        [0, 1, "('a', 'b')", "(1, 'y')"], [1, 2, "('a', 'b')", "(2, 'x')"]]
    assert list(details["risk_level"]) == ["high", "high"]  # two columns suffice


def test_each_synthetic_row_is_counted_once_with_its_smallest_combination(make_data) -> None:
    # Setup: syn's row 3 is unique on (f1, f2) = (2, q), checked before f3, and on
    # f3 = v alone; ori has (2, q) and v once each, in its row 0. Row 0, (1, p, u), is
    # unique in ori only on all three columns.
    ori = pd.DataFrame({"f1": [2, 1, 1], "f2": ["q", "p", "p"], "f3": ["v", "u", "w"]})
    syn = pd.DataFrame({"f1": [1, 1, 2, 2], "f2": ["p", "q", "p", "q"],
                        "f3": ["u", "u", "u", "v"]})
    # Run (no entropy pruning, to follow every combination)
    tables = MPUCCsEvaluator(min_entropy_delta=-1).evaluate(make_data(ori, syn))
    # Assert
    tree = tables["tree"].set_index("field_combo")
    assert tree.loc["('f1', 'f2')", "mpuccs_collision_cnt"] == 1
    assert tree.loc["('f3',)", "mpuccs_collision_cnt"] == 1
    assert tree.loc["('f1', 'f2', 'f3')", "mpuccs_collision_cnt"] == 1
    details = tables["details"]
    assert details[["syn_idx", "ori_idx", "field_combo"]].values.tolist() == [
        [3, 0, "('f3',)"], [0, 1, "('f1', 'f2', 'f3')"]]
    assert tables["global"]["total_identified"].iloc[0] == 2


def test_a_row_identified_by_a_smaller_combination_is_not_counted_again(make_data) -> None:
    # a = 1 singles out syn's row 0 (and ori's row 0); (a, b) then adds only row 2.
    ori = pd.DataFrame({"a": [1, 2, 2], "b": ["x", "x", "y"]})
    syn = pd.DataFrame({"a": [1, 2, 2], "b": ["x", "y", "x"]})
    tables = MPUCCsEvaluator().evaluate(make_data(ori, syn))
    tree = tables["tree"]
    assert list(tree["field_combo"]) == ["('a',)", "('b',)", "('a', 'b')"]
    assert list(tree["mpuccs_cnt"]) == [1, 1, 3]
    assert list(tree["mpuccs_collision_cnt"]) == [1, 1, 1]
    assert tables["details"][["syn_idx", "ori_idx", "combo_size"]].values.tolist() == [
        [0, 0, 1], [1, 2, 1], [2, 1, 2]]


def test_a_combination_adding_no_entropy_is_pruned_with_what_grows_from_it(make_data) -> None:
    # b repeats a's partition, so (a, b) adds nothing: pruned, and (a, b, c) with it.
    ori = pd.DataFrame({"a": [1, 1, 2, 3], "b": ["x", "x", "y", "z"], "c": [0, 1, 0, 1]})
    syn = ori.copy()
    tree = MPUCCsEvaluator().evaluate(make_data(ori, syn))["tree"].set_index("field_combo")
    assert tree.loc["('a', 'b')", "is_pruned"]
    assert tree.loc["('a', 'b')", "entropy_gain"] == 0
    assert tree.loc["('a', 'b', 'c')", "is_pruned"]
    assert math.isnan(tree.loc["('a', 'b', 'c')", "entropy_gain"])  # not computed
    assert not tree.loc["('a', 'c')", "is_pruned"]


def test_missing_values_match_missing_values(make_data) -> None:
    ori = pd.DataFrame({"a": ["x", None]})
    syn = pd.DataFrame({"a": [np.nan, "y"]})
    tables = MPUCCsEvaluator().evaluate(make_data(ori, syn))
    assert tables["details"][["syn_idx", "ori_idx"]].values.tolist() == [[0, 1]]


def test_floats_are_compared_at_the_precision_ori_shows(make_data) -> None:
    ori = pd.DataFrame({"x": [1.2, 3.4, 7.5]})
    syn = pd.DataFrame({"x": [1.23, 3.41, 3.56]})
    evaluator = MPUCCsEvaluator()
    tables = evaluator.evaluate(make_data(ori, syn))
    assert evaluator.info_["numeric_precision"] == 1
    assert tables["details"]["value_combo"].tolist() == ["(1.2,)", "(3.4,)"]
    exact = MPUCCsEvaluator(numeric_precision=2).evaluate(make_data(ori, syn))
    assert exact["global"]["total_identified"].iloc[0] == 0


def test_datetimes_are_floored_to_the_unit_ori_uses(make_data) -> None:
    ori = pd.DataFrame({"t": pd.to_datetime(["2024-01-01", "2024-01-02"])})
    syn = pd.DataFrame({"t": pd.to_datetime(["2024-01-01 10:30", "2024-01-03 05:00"])})
    evaluator = MPUCCsEvaluator()
    assert evaluator.evaluate(make_data(ori, syn))["global"]["total_identified"].iloc[0] == 1
    assert evaluator.info_["datetime_precision"] == "D"
    hourly = MPUCCsEvaluator(datetime_precision="H")
    assert hourly.evaluate(make_data(ori, syn))["global"]["total_identified"].iloc[0] == 0
    assert hourly.info_["datetime_precision"] == "h"


def test_duplicate_rows_are_dropped_first_and_indexes_are_the_tables_labels(
        make_data) -> None:
    ori = pd.DataFrame({"a": [1, 3]}, index=[100, 101])
    syn = pd.DataFrame({"a": [1, 1, 2]}, index=[10, 11, 12])
    evaluator = MPUCCsEvaluator()
    tables = evaluator.evaluate(make_data(ori, syn))
    assert tables["details"][["syn_idx", "ori_idx"]].values.tolist() == [[10, 100]]
    assert tables["global"]["total_syn_records"].iloc[0] == 2
    assert evaluator.info_["duplicates_dropped"] == {"ori": 0, "syn": 1}


def test_without_the_baseline_the_tables_are_simpler(make_data) -> None:
    ori = pd.DataFrame({"a": [1, 1, 2, 3], "b": ["x", "y", "x", "x"]})
    syn = pd.DataFrame({"a": [1, 2, 2, 5], "b": ["y", "x", "y", "x"]})
    tables = MPUCCsEvaluator(calculate_baseline=False).evaluate(make_data(ori, syn))
    assert list(tables["global"].columns) == ["identification_rate", "main_protection",
                                              "total_identified", "total_syn_records"]
    assert "baseline_protection" not in tables["tree"]
    assert list(tables["details"].columns) == DETAILS[:-1]


def test_non_default_settings_show_the_technical_columns(make_data) -> None:
    ori = pd.DataFrame({"a": [1, 1, 2, 3], "b": ["x", "y", "x", "x"]})
    syn = pd.DataFrame({"a": [1, 2, 2, 5], "b": ["y", "x", "y", "x"]})
    tree = MPUCCsEvaluator(field_decay_factor=0.25).evaluate(make_data(ori, syn))["tree"]
    assert list(tree.columns) == [*TREE, "entropy", "field_weight", "weighted_collision"]
    assert list(tree["field_weight"]) == [1, 1, 0.25]
    assert list(tree["weighted_collision"]) == [0, 0, 0.5]


def test_max_baseline_cols_limits_the_combinations_checked(make_data) -> None:
    ori = pd.DataFrame({c: range(5) for c in "abcd"})
    tables = MPUCCsEvaluator(max_baseline_cols=2).evaluate(make_data(ori, ori.copy()))
    assert tables["tree"]["combo_size"].max() == 2
    assert len(tables["tree"]) == 4 + 6


def test_a_search_too_large_asks_for_max_baseline_cols(make_data) -> None:
    wide = pd.DataFrame({f"c{i}": [0, 1] for i in range(21)})
    with pytest.raises(EvaluatorError, match=r"2,097,151 combinations of up to 21 columns.*"
                                             r"set max_baseline_cols"):
        MPUCCsEvaluator().evaluate(make_data(wide, wide.copy()))


def test_search_order_follows_the_columns_one_at_a_time() -> None:
    assert list(search_order(3, 3)) == [(0,), (1,), (0, 1), (2,), (0, 2), (1, 2), (0, 1, 2)]
    assert list(search_order(3, 1)) == [(0,), (1,), (2,)]


@pytest.mark.parametrize("alpha, expected", [
    (0, 1.0), (1, 1.5 / math.log2(3)), (2, -math.log2(0.375) / math.log2(3)),
    (math.inf, 1 / math.log2(3)),
])
def test_renyi_entropy_of_each_order(alpha, expected) -> None:
    counts = np.array([2, 1, 1])  # probabilities 1/2, 1/4, 1/4
    assert renyi_entropy_normalised(counts, alpha) == pytest.approx(expected)
    assert renyi_entropy_normalised(np.array([5]), alpha) == 0.0


def test_the_result_is_the_same_on_every_run_and_seed(adult_split, make_data) -> None:
    ori, _, syn = adult_split
    first = MPUCCsEvaluator(max_baseline_cols=3).evaluate(make_data(ori, syn, seed=1))
    again = MPUCCsEvaluator(max_baseline_cols=3).evaluate(make_data(ori, syn, seed=2))
    for name in ("global", "details", "tree"):
        pd.testing.assert_frame_equal(first[name], again[name])
    assert first["global"]["total_identified"].iloc[0] > 0


def test_cost_settings_are_recorded_beside_the_scores(adult_eval) -> None:
    evaluator = MPUCCsEvaluator(max_baseline_cols=2, min_entropy_delta=0.01)
    tables = evaluator.evaluate(adult_eval)
    info = evaluator.info_
    assert info["max_baseline_cols"] == 2 and info["min_entropy_delta"] == 0.01
    assert info["combinations_checked"] == len(tables["tree"]) == 15 + 105
    assert info["combinations_pruned"] == int(tables["tree"]["is_pruned"].sum())
    assert info["column_order"][0] == "fnlwgt"  # most distinct values first
    assert (info["renyi_alpha"], info["field_decay_factor"]) == (2.0, 0.5)


@pytest.mark.parametrize("params, problem", [
    ({"max_baseline_cols": 0}, "Evaluator.risk.max_baseline_cols: must be >= 1, got 0"),
    ({"renyi_alpha": -1}, "Evaluator.risk.renyi_alpha: must be >= 0, got -1"),
    ({"field_decay_factor": 1.5}, "Evaluator.risk.field_decay_factor: must be <= 1, got 1.5"),
    ({"numeric_precision": 1.5}, "Evaluator.risk.numeric_precision: expected an integer"),
    ({"datetime_precision": "week"}, "Evaluator.risk.datetime_precision: expected one of D, "
                                     "H, T, s, ms, us, ns (any case), got 'week'"),
    ({"calculate_baseline": "yes"}, "Evaluator.risk.calculate_baseline: expected true or "
                                    "false, got 'yes'"),
    ({"n_cols": 3}, "Evaluator.risk.n_cols: unknown parameter"),
])
def test_settings_are_checked_with_their_yaml_path(params, problem) -> None:
    _, problems = MPUCCsEvaluator.validate_params(params, "Evaluator.risk")
    assert any(p.startswith(problem) for p in problems), problems


def test_petsards_demo_settings_validate_as_written() -> None:
    demo = {"max_baseline_cols": 2, "min_entropy_delta": 0.01, "field_decay_factor": 0.5,
            "renyi_alpha": 2.0, "numeric_precision": None, "datetime_precision": None,
            "calculate_baseline": True}
    assert MPUCCsEvaluator.validate_params(demo, "Evaluator.risk") == (demo, [])
    assert REGISTRY.get("mpuccs") is MPUCCsEvaluator


def test_a_bad_setting_in_a_config_is_reported_before_the_run() -> None:
    config = {"Loader": {"data": {"filepath": "benchmark://adult-income", "nrows": 50}},
              "Evaluator": {"risk": {"method": "mpuccs", "renyi_alpha": -2,
                                     "max_baseline_cols": 0}}}
    with pytest.raises(ConfigError) as raised:
        Executor(config)
    assert raised.value.problems == ["Evaluator.risk.max_baseline_cols: must be >= 1, got 0",
                                     "Evaluator.risk.renyi_alpha: must be >= 0, got -2"]
