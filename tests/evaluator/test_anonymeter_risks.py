"""anonymeter risks on real data (few attacks: numba compiles its kernels once per process)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from petsard.evaluator import (
    EvaluatorError,
    InferenceEvaluator,
    LinkabilityEvaluator,
    SinglingOutEvaluator,
)

GLOBAL = {"risk", "risk_ci_low", "risk_ci_high", "attack_rate", "attack_rate_err",
          "baseline_rate", "baseline_rate_err", "control_rate", "control_rate_err"}


def assert_risk_tables(tables: dict[str, pd.DataFrame]) -> None:
    assert set(tables) == {"global", "details"}
    [row] = tables["global"].to_dict("records")
    assert set(row) == GLOBAL
    assert 0 <= row["risk_ci_low"] <= row["risk"] <= row["risk_ci_high"] <= 1
    for rate in ("attack_rate", "baseline_rate", "control_rate"):
        assert 0 <= row[rate] <= 1
    assert list(tables["details"]["attacker"]) == ["attack", "baseline", "control"]


@pytest.mark.parametrize("evaluator", [
    SinglingOutEvaluator(n_attacks=40, mode="univariate"),
    SinglingOutEvaluator(n_attacks=20, max_attempts=2000),
    LinkabilityEvaluator(aux_cols=[["age", "gender", "race"], ["education", "occupation"]],
                         n_attacks=60),
    InferenceEvaluator(secret="income", n_attacks=60),
    InferenceEvaluator(secret="age", aux_cols=["education", "gender", "hours-per-week"],
                       n_attacks=60),
], ids=["singling-univariate", "singling-multivariate", "linkability", "inference",
        "inference-regression"])
def test_risks_are_in_range_and_record_their_cost_settings(evaluator, adult_eval) -> None:
    tables = evaluator.evaluate(adult_eval)
    assert_risk_tables(tables)
    assert evaluator.info_["seed"] == adult_eval.seed
    assert evaluator.info_["n_attacks"] == evaluator.n_attacks
    assert tables["details"]["n_attacks"].iloc[0] == evaluator.n_attacks


def test_inference_guesses_a_numerical_secret_as_a_regression(adult_eval) -> None:
    evaluator = InferenceEvaluator(secret="age", n_attacks=30)
    evaluator.evaluate(adult_eval)
    assert evaluator.info_["regression"] is True


@pytest.mark.parametrize("make", [
    lambda: SinglingOutEvaluator(n_attacks=30, mode="univariate"),
    lambda: SinglingOutEvaluator(n_attacks=15, max_attempts=1000),
    lambda: LinkabilityEvaluator(n_attacks=40),
    lambda: InferenceEvaluator(secret="income", n_attacks=40),
], ids=["singling-univariate", "singling-multivariate", "linkability", "inference"])
def test_same_seed_gives_the_same_risk(make, adult_eval) -> None:
    first, second = make().evaluate(adult_eval), make().evaluate(adult_eval)
    for name in first:
        pd.testing.assert_frame_equal(first[name], second[name])


def test_numpy_global_random_state_is_restored(adult_eval) -> None:
    np.random.seed(123)
    expected = np.random.random()
    np.random.seed(123)
    InferenceEvaluator(secret="income", n_attacks=20).evaluate(adult_eval)
    assert np.random.random() == expected


def test_without_control_data_the_risk_cannot_be_measured(adult_split, make_data) -> None:
    ori, _, syn = adult_split
    with pytest.raises(EvaluatorError, match=r"needs control data.*add a Splitter"):
        InferenceEvaluator(secret="income").evaluate(make_data(ori, syn))


def test_too_little_control_data_is_an_error(adult_split, make_data) -> None:
    ori, control, syn = adult_split
    with pytest.raises(EvaluatorError, match="at least 10 control rows, got 5"):
        LinkabilityEvaluator().evaluate(make_data(ori, syn, control.head(5)))


def test_attacks_are_reduced_to_the_control_size_with_a_note(adult_split, make_data) -> None:
    ori, control, syn = adult_split
    evaluator = InferenceEvaluator(secret="income", n_attacks=500)
    tables = evaluator.evaluate(make_data(ori, syn, control.head(50)))
    assert evaluator.info_["n_attacks"] == 50
    assert any("reduced from 500 to 50" in n for n in evaluator.info_["notes"])
    assert "reduced from 500 to 50" in tables["details"]["note"].iloc[0]


def test_a_secret_missing_from_syn_gives_nan_with_the_reason(adult_split, make_data) -> None:
    ori, control, syn = adult_split
    tables = InferenceEvaluator(secret="income").evaluate(
        make_data(ori, syn.drop(columns="income"), control))
    assert tables["global"].isna().all(axis=None)
    assert "secret 'income': missing from syn" in tables["details"]["note"].iloc[0]


def test_unknown_columns_in_the_settings_are_errors(adult_eval) -> None:
    with pytest.raises(EvaluatorError, match="not in the data: \\['salary'\\]"):
        InferenceEvaluator(secret="salary").evaluate(adult_eval)
    with pytest.raises(EvaluatorError, match="not in the data: \\['sex'\\]"):
        LinkabilityEvaluator(aux_cols=[["age"], ["sex"]]).evaluate(adult_eval)


@pytest.mark.parametrize("cls", [SinglingOutEvaluator, LinkabilityEvaluator,
                                 InferenceEvaluator])
def test_check_sources_asks_for_a_splitter(cls) -> None:
    problems = cls.check_pipeline({}, "Evaluator.risk", ["Loader", "Synthesizer", "Evaluator"])
    assert problems == [f"Evaluator.risk: {cls.name} needs control data (real rows the "
                        "synthesizer did not see): add a Splitter before it"]
    assert cls.check_pipeline({}, "Evaluator.risk", ["Loader", "Splitter", "Evaluator"]) == []
