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

GLOBAL = ["risk", "risk_CI_btm", "risk_CI_top", "attack_rate", "attack_rate_err",
          "baseline_rate", "baseline_rate_err", "control_rate", "control_rate_err"]
AUX = [["age", "gender", "race"], ["education", "occupation"]]


@pytest.fixture(scope="module")
def leaky_eval(adult_split, make_data):
    """syn holds ori's first 200 rows: attacks on them succeed."""
    ori, control, syn = adult_split
    syn = pd.concat([ori.head(200), syn.iloc[200:]], ignore_index=True)
    return make_data(ori, syn, control)


def assert_global_scores(tables: dict[str, pd.DataFrame]) -> None:
    assert list(tables["global"].columns) == GLOBAL
    [row] = tables["global"].to_dict("records")
    assert 0 <= row["risk_CI_btm"] <= row["risk"] <= row["risk_CI_top"] <= 1
    for rate in ("attack_rate", "baseline_rate", "control_rate"):
        assert 0 <= row[rate] <= 1


@pytest.mark.parametrize("evaluator", [
    SinglingOutEvaluator(n_attacks=40, mode="univariate"),
    SinglingOutEvaluator(n_attacks=20, max_attempts=2000),
    LinkabilityEvaluator(aux_cols=AUX, max_n_attacks=False, n_attacks=60),
    InferenceEvaluator(secret="income", max_n_attacks=False, n_attacks=60),
    InferenceEvaluator(secret="age", aux_cols=["education", "gender", "hours-per-week"],
                       max_n_attacks=False, n_attacks=60),
], ids=["singling-univariate", "singling-multivariate", "linkability", "inference",
        "inference-regression"])
def test_risks_are_in_range_and_record_their_cost_settings(evaluator, adult_eval) -> None:
    tables = evaluator.evaluate(adult_eval)
    assert_global_scores(tables)
    assert evaluator.info_["seed"] == adult_eval.seed
    assert evaluator.info_["n_attacks"] == evaluator.n_attacks
    assert evaluator.info_["attacks"]["attack"]["n_attacks"] == evaluator.n_attacks


def test_defaults_are_petsards() -> None:
    singling = SinglingOutEvaluator()
    assert (singling.n_attacks, singling.n_cols, singling.max_attempts, singling.mode) == (
        2000, 3, 500_000, "multivariate")
    for evaluator in (LinkabilityEvaluator(aux_cols=AUX), InferenceEvaluator(secret="income")):
        assert evaluator.max_n_attacks is True and evaluator.n_attacks is None
    assert LinkabilityEvaluator(aux_cols=AUX).n_neighbors == 1


def test_singling_out_details_list_the_successful_queries(leaky_eval) -> None:
    evaluator = SinglingOutEvaluator(n_attacks=40, mode="univariate")
    details = evaluator.evaluate(leaky_eval)["details"]
    assert list(details.columns) == ["query_type", "query"]
    attacks = evaluator.info_["attacks"]
    counts = details["query_type"].value_counts()
    assert counts.get("attack", 0) == attacks["attack"]["n_success"] > 0
    assert counts.get("baseline", 0) == attacks["baseline"]["n_success"]
    assert details["query"].str.contains("col(", regex=False).all()


def test_linkability_details_list_each_link_found(leaky_eval) -> None:
    evaluator = LinkabilityEvaluator(aux_cols=AUX, max_n_attacks=False, n_attacks=150)
    details = evaluator.evaluate(leaky_eval)["details"]
    assert list(details.columns) == ["attack_type", "attack_number", "syn_idx"]
    for role in ("attack", "baseline", "control"):
        linked = details.loc[details["attack_type"] == role, "attack_number"].nunique()
        assert linked == evaluator.info_["attacks"][role]["n_success"], role
    assert evaluator.info_["attacks"]["attack"]["n_success"] > 0
    assert details["syn_idx"].isin(leaky_eval.syn.index).all()


def test_inference_has_no_details_as_in_petsard(adult_eval) -> None:
    tables = InferenceEvaluator(secret="income", max_n_attacks=False,
                                n_attacks=30).evaluate(adult_eval)
    assert set(tables) == {"global"}


def test_every_control_row_is_attacked_by_default(adult_split, make_data) -> None:
    ori, control, syn = adult_split
    data = make_data(ori, syn, control.head(40))
    for evaluator in (LinkabilityEvaluator(aux_cols=AUX), InferenceEvaluator(secret="income")):
        evaluator.evaluate(data)
        assert evaluator.info_["n_attacks"] == 40
        assert evaluator.info_["attacks"]["control"]["n_attacks"] == 40
        assert not any("n_attacks" in note for note in evaluator.info_["notes"])


def test_n_attacks_is_ignored_with_a_note_while_max_n_attacks_is_on(adult_split,
                                                                      make_data) -> None:
    ori, control, syn = adult_split
    evaluator = InferenceEvaluator(secret="income", n_attacks=500)
    evaluator.evaluate(make_data(ori, syn, control.head(30)))
    assert evaluator.info_["n_attacks"] == 30
    assert evaluator.info_["notes"] == [
        "n_attacks 500 ignored: max_n_attacks is true, so each of the 30 control rows is "
        "attacked"]


def test_attacks_are_reduced_to_the_smallest_table_with_a_note(adult_split, make_data) -> None:
    ori, control, syn = adult_split
    evaluator = InferenceEvaluator(secret="income", max_n_attacks=False, n_attacks=500)
    evaluator.evaluate(make_data(ori, syn, control.head(50)))
    assert evaluator.info_["n_attacks"] == 50
    assert any("reduced from 500 to 50" in n for n in evaluator.info_["notes"])


def test_a_missing_secret_counts_as_guessed_when_its_synthetic_twin_is_missing_too(
        make_data) -> None:
    # Setup: every original row has an exact synthetic twin; half the secrets are missing.
    rows = 40
    ori = pd.DataFrame({"key": [f"k{i}" for i in range(rows)],
                        "secret": [None if i % 2 else f"s{i % 4}" for i in range(rows)]})
    control = ori.copy()
    # Run
    evaluator = InferenceEvaluator(secret="secret", aux_cols=["key"])
    tables = evaluator.evaluate(make_data(ori, ori.copy(), control))
    # Assert: missing is filled as "missing" (PETsARD's rule), so all 40 guesses succeed.
    assert evaluator.info_["attacks"]["attack"]["n_success"] == rows
    assert tables["global"]["attack_rate"].iloc[0] > 0.9


@pytest.mark.parametrize("make", [
    lambda: SinglingOutEvaluator(n_attacks=30, mode="univariate"),
    lambda: SinglingOutEvaluator(n_attacks=15, max_attempts=1000),
    lambda: LinkabilityEvaluator(aux_cols=AUX, max_n_attacks=False, n_attacks=40),
    lambda: InferenceEvaluator(secret="income", max_n_attacks=False, n_attacks=40),
], ids=["singling-univariate", "singling-multivariate", "linkability", "inference"])
def test_same_seed_gives_the_same_risk(make, adult_eval) -> None:
    first, second = make().evaluate(adult_eval), make().evaluate(adult_eval)
    assert set(first) == set(second)
    for name in first:
        pd.testing.assert_frame_equal(first[name], second[name])


def test_numpy_global_random_state_is_restored(adult_eval) -> None:
    np.random.seed(123)
    expected = np.random.random()
    np.random.seed(123)
    InferenceEvaluator(secret="income", max_n_attacks=False, n_attacks=20).evaluate(adult_eval)
    assert np.random.random() == expected


def test_without_control_data_the_risk_cannot_be_measured(adult_split, make_data) -> None:
    ori, _, syn = adult_split
    with pytest.raises(EvaluatorError, match=r"needs control data.*add a Splitter"):
        InferenceEvaluator(secret="income").evaluate(make_data(ori, syn))


def test_too_little_control_data_is_an_error(adult_split, make_data) -> None:
    ori, control, syn = adult_split
    with pytest.raises(EvaluatorError, match="at least 10 control rows, got 5"):
        LinkabilityEvaluator(aux_cols=AUX).evaluate(make_data(ori, syn, control.head(5)))


def test_a_secret_missing_from_syn_gives_nan_with_the_reason(adult_split, make_data) -> None:
    ori, control, syn = adult_split
    evaluator = InferenceEvaluator(secret="income")
    tables = evaluator.evaluate(make_data(ori, syn.drop(columns="income"), control))
    assert list(tables["global"].columns) == GLOBAL
    assert tables["global"].isna().all(axis=None)
    assert evaluator.info_["notes"][0] == "secret 'income': missing from syn: not scored"


def test_unknown_columns_in_the_settings_are_errors(adult_eval) -> None:
    with pytest.raises(EvaluatorError, match="not in the data: \\['salary'\\]"):
        InferenceEvaluator(secret="salary").evaluate(adult_eval)
    with pytest.raises(EvaluatorError, match="not in the data: \\['sex'\\]"):
        LinkabilityEvaluator(aux_cols=[["age"], ["sex"]]).evaluate(adult_eval)


def test_more_query_columns_than_the_data_has_is_an_error(adult_eval) -> None:
    with pytest.raises(EvaluatorError, match="n_cols is 20 but only 15 columns can be "
                                             "attacked: lower n_cols"):
        SinglingOutEvaluator(n_cols=20).evaluate(adult_eval)


@pytest.mark.parametrize("cls, params, problem", [
    (LinkabilityEvaluator, {}, "Evaluator.risk.aux_cols: required parameter is missing"),
    (LinkabilityEvaluator, {"aux_cols": [["age"], ["race"], ["sex"]]},
     "Evaluator.risk.aux_cols: List should have at most 2 items"),
    (LinkabilityEvaluator, {"aux_cols": [["age", "race"], ["race", "sex"]]},
     "Evaluator.risk.aux_cols: the two lists share ['race']: each column belongs to one "
     "side only"),
    (LinkabilityEvaluator, {"aux_cols": AUX, "max_n_attacks": False},
     "Evaluator.risk.n_attacks: required when max_n_attacks is false (or set "
     "max_n_attacks: true to attack every control row)"),
    (InferenceEvaluator, {"secret": "income", "n_jobs": 0},
     "Evaluator.risk.n_jobs: must be -2 (all cores but one), -1 (all cores) or a number >= 1, "
     "got 0"),
    (InferenceEvaluator, {"secret": "income", "aux_cols": ["age", "income"]},
     "Evaluator.risk.aux_cols: must not include the secret 'income' (the attacker tries to "
     "guess it)"),
    (InferenceEvaluator, {"secret": "income", "max_n_attacks": "yes"},
     "Evaluator.risk.max_n_attacks: expected true or false, got 'yes'"),
    (SinglingOutEvaluator, {"max_attempts": 0},
     "Evaluator.risk.max_attempts: must be >= 1, got 0"),
])
def test_settings_are_checked_before_the_run_with_their_yaml_path(cls, params,
                                                                  problem) -> None:
    _, problems = cls.validate_params(params, "Evaluator.risk")
    assert any(p.startswith(problem) for p in problems), problems


def test_upstream_settings_validate_as_written() -> None:
    for cls, params in [
        (SinglingOutEvaluator, {"n_attacks": 400, "n_cols": 3, "max_attempts": 4000}),
        (LinkabilityEvaluator, {"max_n_attacks": True, "n_neighbors": 1, "aux_cols": AUX}),
        (InferenceEvaluator, {"max_n_attacks": True, "secret": "income"}),
        (InferenceEvaluator, {"secret": "income", "n_jobs": -2}),
    ]:
        assert cls.validate_params(params, "Evaluator.risk") == (params, [])


@pytest.mark.parametrize("cls", [SinglingOutEvaluator, LinkabilityEvaluator,
                                 InferenceEvaluator])
def test_check_sources_asks_for_a_splitter(cls) -> None:
    problems = cls.check_pipeline({}, "Evaluator.risk", ["Loader", "Synthesizer", "Evaluator"])
    assert problems == [f"Evaluator.risk: {cls.name} needs control data (real rows the "
                        "synthesizer did not see): add a Splitter before it"]
    assert cls.check_pipeline({}, "Evaluator.risk", ["Loader", "Splitter", "Evaluator"]) == []
