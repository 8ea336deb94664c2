"""Real and generated tables the native reports are held equal to sdmetrics on.

Real: every bundled and test dataset, loaded by our Loader (so dtypes and schemas are what
users get), each compared with synthetic rows from our GaussianCopula or a held-out part.
Generated: frames built to hit what the metrics treat specially — missing values in every
kind of column, constant columns, datetimes, booleans, nullable integers, high cardinality,
categories and values only one table has.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from petsard.evaluator.evaluation_data import EvaluationData, schema_for
from petsard.loader.file_loader import FileLoader
from petsard.schema.schema import Schema
from petsard.synthesizer.gaussian_copula import GaussianCopula

ROOT = Path(__file__).resolve().parents[3]
BUNDLED = ROOT / "petsard" / "datasets"
DATA = ROOT / "tests" / "data"


def load(path: Path, **options: object) -> tuple[pd.DataFrame, Schema]:
    return FileLoader(filepath=str(path), **options).load("data")


def synthetic_for(data: pd.DataFrame) -> pd.DataFrame:
    return GaussianCopula(random_state=0).fit(data).sample(len(data))


def generated(rng: np.random.Generator, rows: int, shift: float = 0.0) -> pd.DataFrame:
    """Every special case in one frame (datetimes also with a time zone and in
    microseconds); ``shift`` moves the synthetic side's numbers."""
    start = pd.Timestamp("2020-01-01")
    missing = rng.random(rows) < 0.15
    number = rng.normal(shift, 1, rows)
    frame = pd.DataFrame({
        "number": number,
        "number_missing": np.where(missing, np.nan, number + rng.normal(0, 0.5, rows)),
        "count": rng.integers(0, 40, rows),
        "nullable_count": pd.array(np.where(rng.random(rows) < 0.1, None,
                                            rng.integers(0, 9, rows)), dtype="Int64"),
        "constant": 5.0,
        "day": start + pd.to_timedelta(rng.integers(0, 900, rows), "D"),
        "moment_missing": (start + pd.to_timedelta(rng.integers(0, 90_000, rows), "min")
                           ).where(~missing),
        "local_time": (start + pd.to_timedelta(rng.integers(0, 90_000, rows), "min")
                       ).tz_localize("Asia/Taipei"),
        "hour_us": (start + pd.to_timedelta(rng.integers(0, 9_000, rows), "h")
                    ).astype("datetime64[us]"),
        "binary": rng.integers(0, 2, rows),
        "colour": rng.choice(np.array(["red", "green", "blue", None], dtype=object), rows,
                             p=[0.4, 0.3, 0.2, 0.1]),
        "same_text": "same",
        "flag": rng.random(rows) > 0.3 + shift / 10,
        "flag_missing": pd.Series(rng.choice(np.array([True, False, None], dtype=object),
                                             rows), dtype=object),
        "code": [f"id-{v}" for v in rng.integers(0, rows * 2, rows)],
        "mostly_missing": np.where(rng.random(rows) < 0.95, np.nan, rng.normal(size=rows)),
    })
    # trends strong enough to pass sdmetrics' thresholds: flag follows colour, and
    # number_missing follows number
    frame["flag"] = (frame["colour"] == "red") ^ (rng.random(rows) < 0.1 + shift / 10)
    return frame


def generated_pair(seed: int = 0, rows: tuple[int, int] = (600, 450)
                   ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(real, synthetic): the synthetic side also has unseen categories, out-of-range
    numbers and dates, and a column that is constant only there."""
    rng = np.random.default_rng(seed)
    real, syn = generated(rng, rows[0]), generated(rng, rows[1], shift=0.4)
    syn["colour"] = rng.choice(np.array(["red", "purple", None], dtype=object), rows[1])
    syn["count"] = syn["count"] * 2
    syn["day"] = syn["day"] + pd.Timedelta(days=200)
    syn["number_missing"] = 1.5
    syn["binary"] = syn["binary"].astype(bool)  # a numerical column synthesised as booleans
    return real, syn


DATASETS = ("adult-income ori vs syn", "adult-income ori vs control",
            "adult-income sample vs copula", "insurance.csv", "titanic-train.csv",
            "california_housing_sample.csv", "generated edge cases")


@cache
def _datasets() -> dict[str, EvaluationData]:
    schema_file = str(BUNDLED / "adult-income_schema.yaml")
    ori, schema = load(BUNDLED / "adult-income_ori.csv.gz", schema=schema_file)
    # 5,000 rows of each (the benchmark compares them whole); rare categories go unused
    ori, syn, control = (table.sample(5000, random_state=1).reset_index(drop=True)
                         for table in (ori, *(load(BUNDLED / f"adult-income_{part}.csv.gz",
                                                   schema=schema_file)[0]
                                              for part in ("syn", "control"))))
    adult, adult_schema = load(BUNDLED / "adult-income.csv.gz", na_values="?")
    adult = adult.sample(3000, random_state=5).reset_index(drop=True)
    found = {
        "adult-income ori vs syn": (ori, syn, schema),
        "adult-income ori vs control": (ori, control, schema),
        "adult-income sample vs copula": (adult, synthetic_for(adult), adult_schema),
    }
    for name in ("insurance.csv", "titanic-train.csv", "california_housing_sample.csv"):
        data, data_schema = load(DATA / name)
        found[name] = (data, synthetic_for(data), data_schema)
    found["generated edge cases"] = (*generated_pair(), None)
    return {name: EvaluationData(ori=ori, syn=syn, control=None,
                                 schema=schema_for(ori, schema), seed=11)
            for name, (ori, syn, schema) in found.items()}


@pytest.fixture(scope="session", params=DATASETS)
def dataset(request: pytest.FixtureRequest) -> tuple[str, EvaluationData]:
    """(name, data) for each dataset in turn."""
    return request.param, _datasets()[request.param]


@pytest.fixture(scope="session")
def edge_cases() -> dict[str, tuple[pd.DataFrame, pd.DataFrame]]:
    """(real, synthetic) tables the evaluator's alignment would partly set aside."""
    real, syn = generated_pair(seed=3)
    all_missing, infinite = real.copy(), real.copy()
    all_missing["mostly_missing"] = np.nan
    infinite.loc[[3, 8], "number"] = [np.inf, -np.inf]
    # pandas groups by every category, used or not; both tables categorical, as the
    # evaluator's alignment hands the engines one dtype per column
    categorical, categorical_syn = (table.assign(
        colour=pd.Categorical(table["colour"], categories=categories),
        flag_missing=pd.Categorical(table["flag_missing"], categories=[False, True]))
        for table, categories in ((real, ["blue", "red", "green", "black"]),
                                  (syn, ["red", "purple", "blue"])))
    unused_first = categorical.assign(colour=pd.Categorical(
        real["colour"].fillna("red"), categories=["white", "blue", "red", "green"]))
    return {"mixed": (real, syn), "two and three rows": (real.head(2), syn.head(3)),
            "categories unused in the real table": (categorical, categorical_syn),
            "an unused first category, no missing values": (unused_first, categorical_syn),
            "one row each": (real.head(1), syn.head(1)),
            "a column with no values": (all_missing, syn),
            "infinite values": (infinite, syn)}


@pytest.fixture(scope="session")
def large_pair() -> tuple[pd.DataFrame, pd.DataFrame]:
    """Over sdmetrics' 50,000-row subsampling limit (without the high-cardinality column,
    whose pairs take sdmetrics minutes at this size)."""
    columns = ["number", "number_missing", "colour", "flag", "day"]
    return (generated(np.random.default_rng(1), 60_000)[columns],
            generated(np.random.default_rng(2), 52_000, shift=0.2)[columns])
