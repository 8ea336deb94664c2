"""sdmetrics' DCR metrics on real adult-income rows (small subsamples: sdmetrics compares
every pair of rows in pandas)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from petsard.evaluator import (
    DCRBaselineProtectionEvaluator,
    DCROverfittingProtectionEvaluator,
    EvaluatorError,
)

COST = ["num_rows_subsample", "num_iterations", "seed"]
BASELINE = ["score", "median_DCR_to_real_data.synthetic_data",
            "median_DCR_to_real_data.random_data_baseline", *COST]
OVERFITTING = ["score", "synthetic_data_percentages.closer_to_training",
               "synthetic_data_percentages.closer_to_holdout", *COST]


@pytest.fixture(scope="module")
def small_eval(adult_split, make_data):
    """150 training, 150 synthetic and 150 control rows: small enough to compare in full."""
    ori, control, syn = adult_split
    return make_data(ori.head(150), syn.head(150), control.head(150))


@pytest.fixture(scope="module")
def copied_eval(adult_split, make_data):
    """A 'synthesizer' that releases its training rows."""
    ori, control, _ = adult_split
    return make_data(ori.head(150), ori.head(150).copy(), control.head(150))


def test_baseline_protection_reports_its_medians_beside_the_cost_settings(adult_eval) -> None:
    evaluator = DCRBaselineProtectionEvaluator(num_rows_subsample=120, num_iterations=2)
    table = evaluator.evaluate(adult_eval)["global"]
    assert list(table.columns) == BASELINE
    [row] = table.to_dict("records")
    assert 0 < row["median_DCR_to_real_data.synthetic_data"] < row[
        "median_DCR_to_real_data.random_data_baseline"] <= 1
    assert 0 < row["score"] < 1
    assert (row["num_rows_subsample"], row["num_iterations"], row["seed"]) == (120, 2, 7)
    assert evaluator.info_ == {
        "num_rows_subsample": 120, "num_iterations": 2, "seed": 7, "rows_ori": 1200,
        "rows_syn": 1200, "rows_control": 300, "columns_scored": 15, "notes": []}


def test_one_full_comparison_scores_the_ratio_of_the_medians(small_eval) -> None:
    evaluator = DCRBaselineProtectionEvaluator()
    [row] = evaluator.evaluate(small_eval)["global"].to_dict("records")
    ratio = (row["median_DCR_to_real_data.synthetic_data"]
             / row["median_DCR_to_real_data.random_data_baseline"])
    assert row["score"] == pytest.approx(min(ratio, 1.0))
    assert np.isnan(row["num_rows_subsample"]) and row["num_iterations"] == 1
    assert evaluator.info_["num_rows_subsample"] is None


def test_overfitting_protection_reports_the_share_closer_to_training(adult_eval) -> None:
    evaluator = DCROverfittingProtectionEvaluator(num_rows_subsample=150, num_iterations=2)
    table = evaluator.evaluate(adult_eval)["global"]
    assert list(table.columns) == OVERFITTING
    [row] = table.to_dict("records")
    share = row["synthetic_data_percentages.closer_to_training"]
    assert share + row["synthetic_data_percentages.closer_to_holdout"] == pytest.approx(1)
    assert 0.3 < share < 0.7  # a Gaussian copula does not memorise rows
    assert row["score"] == pytest.approx(min(2 * (1 - share), 1))
    assert evaluator.info_["notes"] == []  # equal subsamples: no size warning


def test_released_training_rows_have_no_protection(copied_eval) -> None:
    baseline = DCRBaselineProtectionEvaluator().evaluate(copied_eval)["global"]
    assert baseline["median_DCR_to_real_data.synthetic_data"].iloc[0] == 0
    assert baseline["score"].iloc[0] == 0
    overfitting = DCROverfittingProtectionEvaluator().evaluate(copied_eval)["global"]
    assert overfitting["synthetic_data_percentages.closer_to_training"].iloc[0] == 1
    assert overfitting["score"].iloc[0] == 0


@pytest.mark.parametrize("make", [
    lambda seed: DCRBaselineProtectionEvaluator(num_rows_subsample=100, random_state=seed),
    lambda seed: DCROverfittingProtectionEvaluator(num_rows_subsample=100, random_state=seed),
], ids=["baseline", "overfitting"])
def test_the_same_seed_gives_the_same_scores_and_another_seed_other_draws(make,
                                                                          adult_eval) -> None:
    first = make(None).evaluate(adult_eval)["global"]
    pd.testing.assert_frame_equal(first, make(None).evaluate(adult_eval)["global"])
    other = make(8).evaluate(adult_eval)["global"]
    assert other["seed"].iloc[0] == 8
    assert not other.drop(columns="seed").equals(first.drop(columns="seed"))


def test_the_random_baseline_without_subsampling_is_seeded_too(small_eval) -> None:
    first = DCRBaselineProtectionEvaluator().evaluate(small_eval)["global"]
    again = DCRBaselineProtectionEvaluator().evaluate(small_eval)["global"]
    pd.testing.assert_frame_equal(first, again)


def test_numpy_global_random_state_is_restored(adult_eval) -> None:
    np.random.seed(123)
    expected = np.random.random()
    np.random.seed(123)
    DCROverfittingProtectionEvaluator(num_rows_subsample=50).evaluate(adult_eval)
    assert np.random.random() == expected


def test_a_subsample_larger_than_a_table_is_reduced_with_a_note(adult_eval) -> None:
    evaluator = DCROverfittingProtectionEvaluator(num_rows_subsample=500)
    table = evaluator.evaluate(adult_eval)["global"]
    assert table["num_rows_subsample"].iloc[0] == 300
    assert evaluator.info_["notes"] == [
        "num_rows_subsample reduced from 500 to 300 (the rows of control)"]


def test_comparing_all_rows_of_unequal_tables_notes_the_share_expected_by_chance(
        adult_split, make_data) -> None:
    ori, control, syn = adult_split
    evaluator = DCROverfittingProtectionEvaluator()
    evaluator.evaluate(make_data(ori.head(160), syn.head(100), control.head(40)))
    [note] = evaluator.info_["notes"]
    assert note.startswith("all rows compared: ori has 160 rows and control 40, so even "
                           "without memorisation a synthetic row's nearest real row is in ori "
                           "for about 80% of rows")
    assert note.endswith("set num_rows_subsample (at most 40) to compare as many rows of each")


def test_direct_identifiers_are_not_compared(small_eval, make_data) -> None:
    keyed = {name: table.assign(customer_id=range(1000, 1000 + len(table)))
             for name, table in (("ori", small_eval.ori), ("syn", small_eval.syn),
                                 ("control", small_eval.control))}
    evaluator = DCROverfittingProtectionEvaluator(num_rows_subsample=50)
    evaluator.evaluate(make_data(keyed["ori"], keyed["syn"], keyed["control"]))
    assert evaluator.info_["columns_scored"] == 15
    assert "customer_id: direct identifier (id): not scored" in evaluator.info_["notes"]


def _typed_table(rows: int, shift: int) -> pd.DataFrame:
    """Categories, datetimes and pandas' nullable dtypes (as the Loader reads declared
    integers and booleans with missing values), shifted between tables."""
    return pd.DataFrame({
        "kind": pd.Categorical(np.roll(["a", "b", "c"] * (rows // 3), shift)),
        "when": pd.date_range("2024-01-01", periods=rows, freq="D") + pd.Timedelta(days=shift),
        "count": pd.array([None if i % 7 == shift else i for i in range(rows)], dtype="Int64"),
        "flag": pd.array(np.roll([True, False, None] * (rows // 3), shift), dtype="boolean"),
        "label": pd.array(np.roll(["x", None, "z"] * (rows // 3), shift), dtype="string")})


def test_categories_datetimes_and_nullable_columns_are_compared(make_data) -> None:
    data = make_data(_typed_table(60, 0), _typed_table(60, 1), _typed_table(30, 2))
    for evaluator in (DCRBaselineProtectionEvaluator(), DCROverfittingProtectionEvaluator()):
        score = evaluator.evaluate(data)["global"]["score"].iloc[0]
        assert 0 <= score <= 1, type(evaluator).__name__
        assert evaluator.info_["columns_scored"] == 5


def test_without_control_data_overfitting_cannot_be_measured(adult_split, make_data) -> None:
    ori, _, syn = adult_split
    with pytest.raises(EvaluatorError, match=r"needs control data.*add a Splitter"):
        DCROverfittingProtectionEvaluator().evaluate(make_data(ori, syn))


def test_without_a_comparable_column_nothing_is_scored(make_data) -> None:
    ori = pd.DataFrame({"a": [1, 2, 3]})
    with pytest.raises(EvaluatorError, match="no column of ori can be compared with syn "
                                             r"\(a: missing from syn: not scored; b: only in syn"):
        DCRBaselineProtectionEvaluator().evaluate(make_data(ori, pd.DataFrame({"b": [1]})))


@pytest.mark.parametrize("params, problem", [
    ({"num_iterations": 3},
     "Evaluator.dcr.num_iterations: more than 1 iteration needs num_rows_subsample"),
    ({"num_rows_subsample": 0}, "Evaluator.dcr.num_rows_subsample: must be >= 1, got 0"),
    ({"num_rows_subsample": 100, "num_iterations": 0},
     "Evaluator.dcr.num_iterations: must be >= 1, got 0"),
    ({"random_state": -1}, "Evaluator.dcr.random_state: must be >= 0, got -1"),
    ({"n_rows": 100}, "Evaluator.dcr.n_rows: unknown parameter"),
])
@pytest.mark.parametrize("cls", [DCRBaselineProtectionEvaluator,
                                 DCROverfittingProtectionEvaluator])
def test_settings_are_checked_before_the_run_with_their_yaml_path(cls, params,
                                                                  problem) -> None:
    _, problems = cls.validate_params(params, "Evaluator.dcr")
    assert any(p.startswith(problem) for p in problems), problems


def test_sdmetrics_settings_validate_as_written() -> None:
    params = {"num_rows_subsample": 1000, "num_iterations": 5}
    for cls in (DCRBaselineProtectionEvaluator, DCROverfittingProtectionEvaluator):
        assert cls.validate_params(params, "Evaluator.dcr") == (params, [])


def test_overfitting_asks_for_a_splitter_before_the_run() -> None:
    cls = DCROverfittingProtectionEvaluator
    assert cls.check_pipeline({}, "Evaluator.dcr", ["Loader", "Synthesizer", "Evaluator"]) == [
        "Evaluator.dcr: sdmetrics-dcroverfittingprotection needs control data (real rows the "
        "synthesizer did not see): add a Splitter before it"]
    assert cls.check_pipeline({}, "Evaluator.dcr", ["Loader", "Splitter", "Evaluator"]) == []
    assert DCRBaselineProtectionEvaluator.check_pipeline({}, "Evaluator.dcr", ["Loader"]) == []
