"""sdmetrics' disclosure protection (CAP attack) on real adult-income rows."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from petsard.evaluator import (
    DisclosureProtectionEstimateEvaluator,
    DisclosureProtectionEvaluator,
    EvaluatorError,
)

SCORES = ["score", "cap_protection", "baseline_protection"]
ATTACK = {"known_column_names": ["age", "gender", "race"],
          "sensitive_column_names": ["income"]}


def estimate(**settings) -> DisclosureProtectionEstimateEvaluator:
    return DisclosureProtectionEstimateEvaluator(
        **ATTACK, **{"num_rows_subsample": 200, "num_iterations": 3, **settings})


def test_disclosure_protection_scores_cap_against_the_random_baseline(adult_eval) -> None:
    evaluator = DisclosureProtectionEvaluator(**ATTACK, continuous_column_names=["age"])
    table = evaluator.evaluate(adult_eval)["global"]
    assert list(table.columns) == SCORES
    [row] = table.to_dict("records")
    assert row["baseline_protection"] == 0.5  # income has two values
    assert 0 < row["cap_protection"] < 1
    assert row["score"] == pytest.approx(min(row["cap_protection"] / 0.5, 1))
    assert evaluator.info_ == {
        "known_column_names": ["age", "gender", "race"], "sensitive_column_names": ["income"],
        "computation_method": "cap", "continuous_column_names": ["age"],
        "num_discrete_bins": 10, "rows_ori": 1200, "rows_syn": 1200, "notes": []}


@pytest.mark.parametrize("method", ["zero_cap", "generalized_cap"])
def test_every_computation_method_runs(method, adult_split, make_data) -> None:
    ori, _, syn = adult_split
    evaluator = DisclosureProtectionEvaluator(**ATTACK, computation_method=method,
                                              continuous_column_names=["age"])
    score = evaluator.evaluate(make_data(ori.head(300), syn.head(300)))["global"]["score"]
    assert 0 <= score.iloc[0] <= 1


def test_released_training_rows_disclose_the_sensitive_values(adult_split, make_data) -> None:
    ori = adult_split[0].head(300)
    known = [c for c in ori.columns if c != "income"]
    table = DisclosureProtectionEvaluator(
        known_column_names=known, sensitive_column_names=["income"],
    ).evaluate(make_data(ori, ori.copy()))["global"]
    assert table["cap_protection"].iloc[0] == 0


def test_the_estimate_records_its_cost_settings_beside_the_scores(adult_eval) -> None:
    evaluator = estimate()
    table = evaluator.evaluate(adult_eval)["global"]
    assert list(table.columns) == [*SCORES, "num_rows_subsample", "num_iterations", "seed"]
    assert table[["num_rows_subsample", "num_iterations", "seed"]].iloc[0].tolist() == [
        200, 3, 7]
    assert 0 < table["score"].iloc[0] <= 1
    assert {k: evaluator.info_[k] for k in ("num_rows_subsample", "num_iterations",
                                            "seed")} == {"num_rows_subsample": 200,
                                                         "num_iterations": 3, "seed": 7}


def test_the_estimate_with_the_same_seed_gives_the_same_scores(adult_eval) -> None:
    first = estimate().evaluate(adult_eval)["global"]
    pd.testing.assert_frame_equal(first, estimate().evaluate(adult_eval)["global"])
    other = estimate(random_state=8).evaluate(adult_eval)["global"]
    assert other["cap_protection"].iloc[0] != first["cap_protection"].iloc[0]


def test_numpy_global_random_state_is_restored(adult_eval) -> None:
    np.random.seed(123)
    expected = np.random.random()
    np.random.seed(123)
    estimate(num_iterations=1).evaluate(adult_eval)
    assert np.random.random() == expected


def test_numbers_compared_value_by_value_are_noted(adult_eval) -> None:
    evaluator = estimate(num_iterations=1)
    evaluator.evaluate(adult_eval)
    assert evaluator.info_["notes"] == [
        "age: numerical with 65 distinct values compared exactly; list it in "
        "continuous_column_names to bin it"]


def test_nullable_columns_are_attacked_with_missing_as_a_value(make_data) -> None:
    # Setup: the sensitive label follows the known flag exactly, missing with missing.
    rows = 90
    flags = pd.array([True, False, None] * (rows // 3), dtype="boolean")
    table = pd.DataFrame({
        "flag": flags, "count": pd.array([None if i % 9 == 0 else i for i in range(rows)],
                                         dtype="Int64"),
        "label": pd.array(["yes", "no", None] * (rows // 3), dtype="string")})
    # Run
    evaluator = DisclosureProtectionEvaluator(
        known_column_names=["flag", "count"], sensitive_column_names=["label"],
        continuous_column_names=["count"], num_discrete_bins=3)
    [row] = evaluator.evaluate(make_data(table, table.copy()))["global"].to_dict("records")
    # Assert: three values (missing is one), every guess right.
    assert row["baseline_protection"] == pytest.approx(2 / 3)
    assert row["cap_protection"] == 0


def test_unknown_columns_are_errors_naming_them(adult_eval) -> None:
    with pytest.raises(EvaluatorError, match=r"not in the data: \['sex', 'salary'\]"):
        DisclosureProtectionEvaluator(known_column_names=["age", "sex"],
                                      sensitive_column_names=["salary"]).evaluate(adult_eval)


def test_only_numbers_can_be_binned(adult_eval) -> None:
    with pytest.raises(EvaluatorError, match="continuous_column_names must be numerical or "
                                             "datetime columns to be binned; 'gender' is "
                                             "categorical in ori's schema"):
        DisclosureProtectionEvaluator(**ATTACK, continuous_column_names=["gender"]
                                      ).evaluate(adult_eval)


def test_a_sensitive_direct_identifier_is_not_scored(adult_split, make_data) -> None:
    ori, _, syn = adult_split
    ori = ori.head(100).assign(email=[f"p{i}@example.org" for i in range(100)])
    syn = syn.head(100).assign(email=[f"s{i}@example.org" for i in range(100)])
    evaluator = DisclosureProtectionEvaluator(known_column_names=["age"],
                                              sensitive_column_names=["email"])
    table = evaluator.evaluate(make_data(ori, syn))["global"]
    assert list(table.columns) == SCORES and table.isna().all(axis=None)
    assert evaluator.info_["notes"][:2] == [
        "no sensitive column can be compared: not scored",
        "email: direct identifier (email): not scored"]


@pytest.mark.parametrize("params, problem", [
    ({"sensitive_column_names": ["income"]},
     "Evaluator.cap.known_column_names: required parameter is missing"),
    ({**ATTACK, "known_column_names": []},
     "Evaluator.cap.known_column_names: List should have at least 1 item"),
    ({**ATTACK, "sensitive_column_names": ["income", "race"]},
     "Evaluator.cap.sensitive_column_names: ['race'] are also known columns: the attacker "
     "would already know what it tries to learn"),
    ({**ATTACK, "continuous_column_names": ["age", "hours-per-week"]},
     "Evaluator.cap.continuous_column_names: ['hours-per-week'] are neither known nor "
     "sensitive columns"),
    ({**ATTACK, "computation_method": "gcap"}, "Evaluator.cap.computation_method:"),
    ({**ATTACK, "num_discrete_bins": 0}, "Evaluator.cap.num_discrete_bins: must be >= 1"),
])
def test_settings_are_checked_before_the_run_with_their_yaml_path(params, problem) -> None:
    for cls in (DisclosureProtectionEvaluator, DisclosureProtectionEstimateEvaluator):
        _, problems = cls.validate_params(params, "Evaluator.cap")
        assert any(p.startswith(problem) for p in problems), problems


def test_the_estimate_checks_its_cost_settings() -> None:
    _, problems = DisclosureProtectionEstimateEvaluator.validate_params(
        {**ATTACK, "num_rows_subsample": 0, "num_iterations": "ten"}, "Evaluator.cap")
    assert [p.split(":")[0] for p in problems] == ["Evaluator.cap.num_rows_subsample",
                                                   "Evaluator.cap.num_iterations"]


def test_the_computation_method_is_taken_in_any_case_as_sdmetrics_does() -> None:
    params, problems = DisclosureProtectionEvaluator.validate_params(
        {**ATTACK, "computation_method": "GENERALIZED_CAP"}, "Evaluator.cap")
    assert problems == [] and params["computation_method"] == "generalized_cap"
