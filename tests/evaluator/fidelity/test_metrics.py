"""The native metrics' building blocks against the scipy functions sdmetrics calls, and the
native package's promise: numpy and pandas only."""

from __future__ import annotations

import ast
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from scipy.stats import ks_2samp, pearsonr
from scipy.stats.contingency import association

from petsard.evaluator.fidelity.column_shapes import ks_complement
from petsard.evaluator.fidelity.columns import Codes, Grouped
from petsard.evaluator.fidelity.pair_trends import (
    Pearson,
    _cramers_v,
    _sparse_cramers_v,
    contingency_similarity,
)


@pytest.mark.parametrize("seed", range(4))
def test_ks_complement_is_one_minus_scipys_two_sample_statistic(seed: int) -> None:
    rng = np.random.default_rng(seed)
    real = rng.integers(0, 30, 400).astype(float)  # ties on both sides
    syn = np.concatenate([rng.integers(5, 40, 250), [np.inf]]).astype(float)
    assert ks_complement(real, syn) == pytest.approx(1 - ks_2samp(real, syn).statistic,
                                                     abs=1e-15)


def test_ks_complement_keeps_datetime_nanoseconds_exact() -> None:
    base = 1_600_000_000_000_000_000  # 100 ns apart: equal once made floats
    real = np.array([base, base + 100], dtype=np.int64)
    syn = np.array([base + 100], dtype=np.int64)
    assert ks_complement(real, syn) == 1 - ks_2samp(real, syn).statistic == 0.5


def test_pearson_takes_complete_columns_at_once_and_others_on_shared_rows() -> None:
    rng = np.random.default_rng(0)
    x, y = rng.normal(size=300), rng.normal(size=300)
    z = np.where(rng.random(300) < 0.2, np.nan, x + rng.normal(size=300))
    pearson = Pearson({"x": x, "y": y, "z": z})
    assert pearson.complete == ["x", "y"]
    assert pearson("x", "y") == pytest.approx(pearsonr(x, y).statistic, abs=1e-15)
    both = ~np.isnan(z)
    assert pearson("x", "z") == pytest.approx(pearsonr(x[both], z[both]).statistic, abs=1e-15)


def test_cramers_v_is_scipys_association_densely_and_from_observed_cells() -> None:
    rng = np.random.default_rng(1)
    first = rng.integers(0, 6, 2000)
    second = (first + rng.integers(0, 3, 2000)) % 5
    table = np.zeros((6, 5), dtype=np.int64)
    np.add.at(table, (first, second), 1)
    expected = association(table, method="cramer")
    assert _cramers_v(table) == pytest.approx(expected, abs=1e-12)
    assert _sparse_cramers_v(first, second) == pytest.approx(expected, abs=1e-12)


def test_contingency_similarity_is_one_minus_half_the_l1_distance_of_joint_shares() -> None:
    first = Grouped(real=np.array([0, 0, 1, 1]), syn=np.array([0, 0]), size=2)
    second = Grouped(real=np.array([0, 1, 0, 1]), syn=np.array([0, 0]), size=2)
    score, association_ = contingency_similarity(first, second, threshold=0.0)
    assert score == pytest.approx(1 - (0.75 + 0.25 * 3) / 2)
    assert np.isnan(association_)  # only computed when a threshold asks for it


def test_the_native_metrics_import_only_numpy_pandas_and_each_other() -> None:
    package = Path(__file__).resolve().parents[3] / "petsard" / "evaluator" / "fidelity"
    allowed = {"__future__", "collections", "dataclasses", "functools", "itertools", "math",
               "typing", "warnings", "numpy", "pandas", "petsard"}
    for file in package.glob("*.py"):
        if file.name == "sdmetrics_engine.py":  # runs the library (imported when called)
            continue
        for node in ast.walk(ast.parse(file.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            elif isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            else:
                continue
            for name in names:
                assert name.split(".")[0] in allowed, f"{file.name} imports {name}"
                if name.startswith("petsard"):
                    assert name.startswith("petsard.evaluator.fidelity"), file.name


def test_both_tables_share_one_code_space_in_order_of_appearance_missing_apart() -> None:
    codes = Codes.of(pd.Series(["a", None, "b"]), pd.Series(["c", "a", None]))
    assert codes.real.tolist() == [0, -1, 1] and codes.syn.tolist() == [2, 0, -1]
    assert codes.size == 3
