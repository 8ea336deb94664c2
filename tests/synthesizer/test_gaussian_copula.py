"""Acceptance tests of the default synthesizer on real, messy tables."""

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from petsard.synthesizer.gaussian_copula import GaussianCopula

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "tests" / "data"
ADULT = ROOT / "petsard" / "datasets" / "adult-income.csv.gz"


@pytest.fixture(scope="module")
def adult() -> pd.DataFrame:
    return pd.read_csv(ADULT, na_values=["?"])


@pytest.fixture(scope="module")
def titanic() -> pd.DataFrame:
    return pd.read_csv(DATA / "titanic-train.csv")


@pytest.fixture(scope="module")
def insurance() -> pd.DataFrame:
    return pd.read_csv(DATA / "insurance.csv")


@pytest.fixture(scope="module")
def adult_synthetic(adult) -> pd.DataFrame:
    return GaussianCopula(random_state=0).fit(adult).sample(len(adult))


def every_type_frame(n: int = 4000) -> pd.DataFrame:
    """One column of each kind the synthesizer must round-trip, with missing values."""
    rng = np.random.default_rng(7)
    x = rng.normal(size=n)
    gaps = rng.random(n) < 0.15
    frame = pd.DataFrame(
        {
            "float": x * 3 + 10,
            "float_nan": np.where(gaps, np.nan, np.round(x + rng.normal(size=n), 2)),
            "float_inf": np.where(rng.random(n) < 0.03, np.inf, x),
            "float_tiny": x * 1e-12,
            "int": (x * 20).astype(np.int64) + 100,
            "int32": rng.integers(0, 500, n).astype(np.int32),
            "nullable_int": pd.array(np.where(gaps, None, (x * 9).astype(int)), dtype="Int64"),
            "nullable_float": pd.array(np.where(gaps, None, x.round(1)), dtype="Float64"),
            "object": np.where(rng.random(n) < 0.1, None, rng.choice(["a", "b", "c"], n)),
            "string": pd.array(rng.choice(["x", "y", None], n), dtype="string"),
            "arrow_string": pd.array(rng.choice(["p", "q", None], n), dtype="string[pyarrow]"),
            "category": pd.Categorical(
                rng.choice(["lo", "mid", None], n), categories=["lo", "mid", "hi", "unused"]
            ),
            "bool": x > 0.5,
            "boolean": pd.array(np.where(gaps, None, x > 0), dtype="boolean"),
            "datetime": pd.Series(
                pd.Timestamp("2020-01-01") + pd.to_timedelta(rng.integers(0, 900, n), unit="D")
            ).where(rng.random(n) > 0.1),
            "timestamp": pd.Timestamp("2021-01-01")
            + pd.to_timedelta(rng.integers(0, 10**8, n), unit="s"),
            "high_cardinality": [f"name{k}" for k in rng.integers(0, 5000, n)],
            "all_nan": np.full(n, np.nan),
            "all_none": pd.Series([None] * n, dtype=object),
            "all_na_int": pd.array([None] * n, dtype="Int64"),
            "all_nat": pd.Series(pd.NaT, index=range(n), dtype="datetime64[ns]"),
            "constant": 7,
            "constant_text": "same",
            "constant_with_nan": np.where(gaps, np.nan, 1.5),
        }
    )
    frame["missing_with_float_nan"] = np.where(gaps & (rng.random(n) < 0.9), np.nan, x)
    return frame


def assert_faithful(real: pd.DataFrame, synthetic: pd.DataFrame) -> None:
    """Same columns and dtypes, values inside the real ranges, no invented categories."""
    assert list(synthetic.columns) == list(real.columns)
    assert synthetic.dtypes.equals(real.dtypes)
    for name in real.columns:
        column, made = real[name], synthetic[name].dropna()
        if column.isna().all():
            assert synthetic[name].isna().all()
        elif isinstance(column.dtype, pd.CategoricalDtype):
            assert list(synthetic[name].cat.categories) == list(column.cat.categories)
            assert set(made) <= set(column.dropna())
        elif pd.api.types.is_bool_dtype(column.dtype) or not (
            pd.api.types.is_numeric_dtype(column.dtype)
            or pd.api.types.is_datetime64_any_dtype(column.dtype)
        ):
            assert set(made) <= set(column.dropna())
        else:
            assert made.min() >= column.min() and made.max() <= column.max()
        if not column.isna().any():
            assert not synthetic[name].isna().any(), name


def test_adult_income_keeps_columns_dtypes_ranges_and_categories(adult, adult_synthetic):
    assert_faithful(adult, adult_synthetic)


def test_adult_income_missing_rates_match_within_two_points(adult, adult_synthetic):
    gap = (adult_synthetic.isna().mean() - adult.isna().mean()).abs()
    assert gap.max() <= 0.02


def test_workclass_and_occupation_go_missing_together_as_in_adult_income(adult, adult_synthetic):
    def together(frame):
        return (frame["workclass"].isna() & frame["occupation"].isna()).mean()

    assert together(adult) > 0.05
    assert together(adult_synthetic) == pytest.approx(together(adult), rel=0.15)


def test_education_lines_up_with_educational_num(adult, adult_synthetic):
    """Categories are ordered along their partner, so a 1:1 mapping mostly survives."""
    mapping = adult.groupby("education")["educational-num"].agg(lambda s: s.mode()[0])
    agree = adult_synthetic["educational-num"] == adult_synthetic["education"].map(mapping)
    assert agree.mean() > 0.8


def test_same_random_state_gives_identical_output_and_another_differs(insurance):
    model = GaussianCopula(random_state=3).fit(insurance)
    first, again = model.sample(500), model.sample(500)
    pd.testing.assert_frame_equal(first, again)
    refit = GaussianCopula(random_state=3).fit(insurance).sample(500)
    pd.testing.assert_frame_equal(first, refit)
    assert not first.equals(model.sample(500, random_state=4))


def test_sample_random_state_overrides_the_constructor_seed(insurance):
    model = GaussianCopula(random_state=1).fit(insurance)
    other = GaussianCopula(random_state=2).fit(insurance)
    pd.testing.assert_frame_equal(model.sample(200, random_state=2), other.sample(200))


def test_insurance_keeps_integers_decimals_and_the_smoker_effect(insurance):
    synthetic = GaussianCopula(random_state=0).fit(insurance).sample(4000)
    assert_faithful(insurance, synthetic)
    assert (synthetic["bmi"] == synthetic["bmi"].round(3)).all()
    assert not (synthetic["bmi"] == synthetic["bmi"].round(0)).all()
    assert set(synthetic["children"]) <= set(insurance["children"])
    freq = synthetic["children"].value_counts(normalize=True)
    real = insurance["children"].value_counts(normalize=True)
    assert (freq - real).abs().max() < 0.03
    assert synthetic["bmi"].isin(insurance["bmi"]).mean() < 0.9  # interpolated, not copied

    def smoker_premium(frame):
        return frame.groupby("smoker")["charges"].median().pipe(lambda m: m["yes"] / m["no"])

    assert smoker_premium(synthetic) > 2


def test_titanic_with_free_text_and_missing_values(titanic):
    synthetic = GaussianCopula(random_state=0).fit(titanic).sample(len(titanic) * 5)
    assert_faithful(titanic, synthetic)
    gap = (synthetic.isna().mean() - titanic.isna().mean()).abs()
    assert gap.max() <= 0.02
    ages = synthetic["Age"].dropna()
    assert (ages == ages.round(2)).all()


def test_every_column_type_round_trips():
    data = every_type_frame()
    synthetic = GaussianCopula(random_state=0).fit(data).sample(len(data))
    assert_faithful(data, synthetic)
    gap = (synthetic.isna().mean() - data.isna().mean()).abs()
    assert gap.max() <= 0.02
    assert (synthetic["constant"] == 7).all()
    assert (synthetic["constant_text"] == "same").all()
    assert set(synthetic["constant_with_nan"].dropna()) == {1.5}
    assert (synthetic["datetime"].dropna() == synthetic["datetime"].dropna().dt.normalize()).all()
    assert np.isinf(synthetic["float_inf"]).mean() == pytest.approx(0.03, abs=0.01)
    assert synthetic["float_tiny"].abs().min() > 0  # full precision, not rounded to 0


def test_missingness_co_occurs_across_columns_of_a_hand_built_frame():
    data = every_type_frame()
    synthetic = GaussianCopula(random_state=0).fit(data).sample(len(data))

    def both(frame):
        return (frame["float_nan"].isna() & frame["missing_with_float_nan"].isna()).mean()

    assert both(synthetic) == pytest.approx(both(data), abs=0.02)


def test_high_cardinality_column_is_sampled_by_frequency_without_new_values():
    data = every_type_frame()
    model = GaussianCopula(random_state=0, max_categories=1000).fit(data)
    names = model.sample(len(data))["high_cardinality"]
    assert set(names) <= set(data["high_cardinality"])
    assert names.nunique() > 1000


def test_zero_rows_give_an_empty_frame_with_the_same_dtypes(insurance):
    empty = GaussianCopula(random_state=0).fit(insurance).sample(0)
    assert empty.shape == (0, insurance.shape[1])
    assert empty.dtypes.equals(insurance.dtypes)


def test_ten_times_the_rows_works(titanic):
    synthetic = GaussianCopula(random_state=0).fit(titanic).sample(10 * len(titanic))
    assert len(synthetic) == 10 * len(titanic)
    assert_faithful(titanic, synthetic)


@pytest.mark.parametrize("rows", [1, 2])
def test_one_or_two_row_frames_fit_and_sample(rows):
    data = every_type_frame().iloc[:rows].reset_index(drop=True)
    synthetic = GaussianCopula(random_state=0).fit(data).sample(25)
    assert len(synthetic) == 25
    assert_faithful(data, synthetic)


def test_parametric_marginals_also_stay_in_range(adult):
    synthetic = GaussianCopula(random_state=0, marginals="parametric").fit(adult).sample(5000)
    assert_faithful(adult, synthetic)
    assert abs(synthetic["age"].mean() - adult["age"].mean()) < 2


def test_fitted_model_keeps_no_training_rows(adult):
    model = GaussianCopula(random_state=0).fit(adult)
    for column in model.column_models_:
        assert column.training_codes is None
        assert all(scores is None for scores in column.latents.values())


@pytest.mark.parametrize(
    ("params", "named"),
    [
        ({"marginals": "kde"}, "marginals"),
        ({"max_categories": 0}, "max_categories"),
        ({"random_state": "seed"}, "random_state"),
    ],
)
def test_invalid_parameters_raise_value_error_naming_them(insurance, params, named):
    with pytest.raises(ValueError, match=named):
        GaussianCopula(**params).fit(insurance)


def test_negative_num_rows_is_rejected(insurance):
    with pytest.raises(ValueError, match="num_rows"):
        GaussianCopula().fit(insurance).sample(-1)


def test_parametric_marginals_handle_a_constant_column_next_to_others() -> None:
    frame = pd.DataFrame({"constant": np.zeros(300), "x": np.random.default_rng(0).normal(
        size=300), "y": np.random.default_rng(1).lognormal(size=300)})
    out = GaussianCopula(random_state=0, marginals="parametric").fit(frame).sample(100)
    assert (out["constant"] == 0).all() and out.notna().all().all()
