"""Small real data for evaluator tests: an adult-income sample, its split, and synthetic rows
from our GaussianCopula."""

from __future__ import annotations

import pandas as pd
import pytest

from petsard.evaluator.evaluation_data import EvaluationData, schema_for
from petsard.synthesizer.gaussian_copula import GaussianCopula


def _make_data(ori: pd.DataFrame, syn: pd.DataFrame, control: pd.DataFrame | None = None,
               seed: int = 7) -> EvaluationData:
    return EvaluationData(ori=ori, syn=syn, control=control, schema=schema_for(ori, None),
                          seed=seed)


@pytest.fixture(scope="session")
def make_data():
    """EvaluationData from tables: ``make_data(ori, syn, control=None, seed=7)``."""
    return _make_data


@pytest.fixture(scope="session")
def adult_split(adult: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """(ori 1,200 rows, control 300 rows, syn 1,200 rows)."""
    sample = adult.sample(1500, random_state=3).reset_index(drop=True)
    ori, control = sample.iloc[:1200], sample.iloc[1200:]
    syn = GaussianCopula(random_state=0).fit(ori).sample(len(ori))
    return ori, control, syn


@pytest.fixture(scope="session")
def adult_eval(adult_split: tuple) -> EvaluationData:
    ori, control, syn = adult_split
    return _make_data(ori, syn, control)
