"""Synthesizer → Constrainer (resample) → Reporter: every row obeys every rule, the row count
is the one asked for, and the counts in the record add up; validate mode reports per rule."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from petsard import Executor
from petsard.constrainer.conditions import evaluate
from petsard.constrainer.expression import parse

RULES = ["age >= 18 & age <= 65", "hours-per-week >= 20 & hours-per-week <= 60",
         "income == '<=50K' | (age > 30 & hours-per-week < 50)"]


def test_resampling_gives_the_rows_asked_for_and_each_obeys_every_rule(tmp_path: Path) -> None:
    executor = Executor({
        "Loader": {"a": {"filepath": "benchmark://adult-income", "nrows": 4000}},
        "Preprocessor": {"p": {"method": "default"}},
        "Synthesizer": {"s": {"method": "default"}},
        "Postprocessor": {"q": {"method": "default"}},
        "Constrainer": {"rules": {"method": "auto", "field_constraints": RULES,
                                  "target_rows": 3000}},
        "Reporter": {"v": {"method": "save_validation"}},
        "Executor": {"random_state": 4, "store": "memory"},
    })
    executor.run()
    [result] = executor.get_result().values()
    data = result["data"]
    assert len(data) == 3000
    for rule in RULES:
        assert evaluate(parse(rule), rule, data).all(), rule
    [info] = executor.status.get_validation_result().values()
    assert info["mode"] == "resample" and info["rows_out"] == 3000
    assert not list(tmp_path.glob("*Validation*"))  # as PETsARD: resampling validates nothing


def test_validate_mode_counts_passing_and_failing_rows_per_rule(tmp_path: Path,
                                                                adult: pd.DataFrame) -> None:
    adult.head(500).to_csv("syn.csv", index=False, na_rep="?")
    executor = Executor({
        "Loader": {"a": {"filepath": "benchmark://adult-income", "nrows": 500}},
        "Synthesizer": {"given": {"method": "custom_data", "filepath": "syn.csv",
                                  "na_values": "?"}},
        "Constrainer": {"rules": {"field_constraints": RULES[:1]}},
        "Executor": {"store": "memory"},
    })
    executor.run()
    [info] = executor.status.get_validation_result().values()
    assert info["mode"] == "validate"
    expected_fail = int((~adult.head(500)["age"].between(18, 65)).sum())
    assert info["rows_failed"] == expected_fail
    assert info["rows_in"] == info["rows_out"] == 500
