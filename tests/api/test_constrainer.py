"""Constrainer(config): apply, validate, resample_until_satisfy and register, as PETsARD's
docs call them."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from petsard import Constrainer, Metadater, Processor, Synthesizer
from petsard.constrainer.constrainer_base import BaseConstrainer
from petsard.exceptions import ConfigError, ConstraintError

STAFF = pd.DataFrame({"age": [25, 15, 45, 70, 35], "performance": [5, 3, 4, 2, 5],
                      "education": ["PhD", "Bachelor", "Master", "Bachelor", "PhD"]})
RULES = {"field_constraints": ["age >= 18 & age <= 65", "performance >= 4"]}


def test_apply_keeps_the_rows_satisfying_every_constraint() -> None:
    result = Constrainer(RULES).apply(STAFF)
    assert result["age"].tolist() == [25, 45, 35]
    assert list(result.index) == [0, 1, 2] and len(STAFF) == 5  # a copy


def test_apply_runs_nan_groups_then_constraints_then_combinations() -> None:
    people = pd.DataFrame({"name": ["Ann", None, "Cid", "Dee", "Eve"],
                           "age": [25, 30, 45, 55, 33],
                           "salary": [50000, 60000, 80000, 90000, 40000],
                           "education": ["Bachelor", "Master", "PhD", "Master", "PhD"]})
    config = {"nan_groups": {"name": "delete"},
              "field_constraints": ["age >= 20 & age <= 50"],
              "field_combinations": [({"education": "salary"},
                                      {"PhD": [70000, 80000, 90000],
                                       "Master": [50000, 60000, 70000]})]}
    assert Constrainer(config).apply(people)["name"].tolist() == ["Ann", "Cid"]


def test_apply_with_target_rows_keeps_category_shares() -> None:
    skewed = pd.DataFrame({"category": ["A"] * 80 + ["B"] * 15 + ["C"] * 5,
                           "value": range(100)})
    config = {"field_proportions": [{"fields": "category", "mode": "all", "tolerance": 0.1}]}
    constrainer = Constrainer(config)
    assert len(constrainer.apply(skewed)) == 100  # no target: nothing to pick
    picked = constrainer.apply(skewed, target_rows=50)
    assert len(picked) == 50
    assert picked["category"].value_counts().to_dict() == {"A": 40, "B": 8, "C": 2}


def test_validate_reports_without_changing_the_data() -> None:
    constrainer = Constrainer(RULES)
    result = constrainer.validate(STAFF, max_examples_per_rule=1)
    assert {k: result[k] for k in ("total_rows", "passed_rows", "failed_rows", "pass_rate",
                                   "is_fully_compliant")} == {
        "total_rows": 5, "passed_rows": 3, "failed_rows": 2, "pass_rate": 0.6,
        "is_fully_compliant": False}
    assert result["constraint_violations"] == {"field_constraints": {
        "Rule 1: age >= 18 & age <= 65": {"failed_count": 2, "fail_rate": 0.4,
                                          "violation_examples": [1]},
        "Rule 2: performance >= 4": {"failed_count": 2, "fail_rate": 0.4,
                                     "violation_examples": [1]}}}
    details = result["violation_details"]
    assert details.index.tolist() == [1, 3]
    assert details["__violated_field_constraints_rule0__"].all()
    assert constrainer.validation_result is result
    assert "violation_details" not in constrainer.validate(STAFF, return_details=False)


def test_resample_until_satisfy_draws_until_the_target_is_reached(
        adult_small: pd.DataFrame) -> None:
    synthesizer = Synthesizer(method="default", random_state=1)
    synthesizer.create(metadata=Metadater.from_data(adult_small))
    synthesizer.fit(adult_small)
    constrainer = Constrainer({"field_constraints": ["age >= 25 & age <= 50",
                                                     "hours-per-week >= 40"]})
    result = constrainer.resample_until_satisfy(data=pd.DataFrame(), target_rows=100,
                                                synthesizer=synthesizer, sampling_ratio=2.0)
    assert len(result) == 100 and constrainer.resample_trails >= 1
    assert result["age"].between(25, 50).all() and (result["hours-per-week"] >= 40).all()


def test_resample_until_satisfy_inverts_draws_with_the_postprocessor() -> None:
    rng = np.random.default_rng(2)
    data = pd.DataFrame({"age": rng.integers(18, 80, 300),
                         "category": rng.choice(["A", "B", "C"], 300)})
    schema = Metadater.from_data(data)
    processor = Processor(metadata=schema, config={"outlier": {"age": None}})
    processor.fit(data)
    synthesizer = Synthesizer(method="default", random_state=0)
    synthesizer.create(metadata=schema)
    synthesizer.fit(processor.transform(data))
    constrainer = Constrainer({"field_constraints": ["age >= 20 & age <= 50"],
                               "field_proportions": [{"fields": "category", "mode": "all",
                                                      "tolerance": 0.1}]})
    result = constrainer.resample_until_satisfy(data=pd.DataFrame(), target_rows=60,
                                                synthesizer=synthesizer,
                                                postprocessor=processor)
    assert len(result) == 60 and result["age"].between(20, 50).all()
    assert set(result["category"]) == {"A", "B", "C"}


def test_resampling_that_cannot_succeed_warns_and_returns_the_rows_found(
        adult_small: pd.DataFrame) -> None:
    synthesizer = Synthesizer(method="default", random_state=0)
    synthesizer.create()
    synthesizer.fit(adult_small)
    constrainer = Constrainer({"field_constraints": ["age > 500"]})
    with pytest.warns(UserWarning, match="returning the 0 rows found"):
        result = constrainer.resample_until_satisfy(
            data=adult_small.iloc[:10], target_rows=20, synthesizer=synthesizer, max_trials=2)
    assert result.empty and constrainer.resample_trails <= 2
    other = Constrainer({"field_constraints": ["performance >= 4"]})
    with pytest.raises(ConstraintError, match=r"the synthesizer's rows lack \['performance'\]"):
        other.resample_until_satisfy(data=pd.DataFrame({"performance": [5]}), target_rows=5,
                                     synthesizer=synthesizer)


class KeepFirstOfEachName(BaseConstrainer):
    """Rows whose name appeared earlier break it (a type written for PETsARD's register)."""

    def __init__(self, config: list) -> None:
        self.fields = config

    def validate_config(self, df: pd.DataFrame) -> bool:
        return self._check_columns_exist(df, self.fields)

    def apply(self, df: pd.DataFrame) -> pd.DataFrame:
        return df.drop_duplicates(subset=self.fields)


def test_a_registered_type_applies_after_the_built_in_rules_and_is_validated() -> None:
    Constrainer.register("unique_values", KeepFirstOfEachName)
    rows = pd.DataFrame({"name": ["a", "b", "a", "c"], "age": [20, 30, 40, 10]})
    constrainer = Constrainer({"field_constraints": ["age >= 18"], "unique_values": ["name"]})
    assert constrainer.apply(rows)["age"].tolist() == [20, 30]
    result = constrainer.validate(rows)
    assert result["constraint_violations"]["unique_values"]["unique_values"][
        "violation_examples"] == [2]
    assert result["failed_rows"] == 2
    with pytest.raises(ValueError, match=r"must inherit from .*BaseConstrainer"):
        Constrainer.register("plain", dict)


def test_config_problems_raise_one_config_error_listing_each() -> None:
    with pytest.raises(ConfigError) as raised:
        Constrainer({"field_constraint": ["age > 1"],
                     "field_proportions": [{"fields": "x", "mode": "every"}]})
    assert raised.value.problems[0].startswith(
        "Constrainer.field_constraint: unknown constraint type; did you mean "
        "'field_constraints'?")
    assert "Constrainer.field_proportions.0.mode: expected 'all' or 'missing'" in (
        raised.value.problems[1])
    with pytest.raises(ConfigError, match=r"Constrainer.field_constraints.0: unknown field "
                                          r"'agee' \(did you mean 'age'\?\)"):
        Constrainer({"field_constraints": ["agee > 1"]}).apply(STAFF)
    with pytest.raises(ConfigError, match=r"unknown field 'agee'"):
        Constrainer({"field_constraints": ["agee > 1"]},
                    metadata=Metadater.from_data(STAFF))
