"""save_validation writes PETsARD's validation files: summary, violations and details, named
after the Constrainer experiment (and source), or after a custom output."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from petsard import Executor

RULES = {"nan_groups": {"workclass": "delete"},
         "field_constraints": ["age >= 25", "hours-per-week >= 0"]}
STEM = "petsard_[Validation]_Constrainer[rules]"


def run(adult_csv: Path, constrainer: dict | None = None, synthesizers: int = 0,
        **reporter: object) -> Executor:
    config = {"Executor": {"store": "memory"},
              "Loader": {"a": {"filepath": str(adult_csv), "na_values": "?"}},
              "Constrainer": {"rules": {"method": "validate", **(constrainer or RULES)}},
              "Reporter": {"v": {"method": "save_validation", **reporter}}}
    if synthesizers:
        config["Synthesizer"] = {f"s{i}": {"method": "custom_data", "filepath": str(adult_csv),
                                           "na_values": "?", "nrows": 100 * i}
                                 for i in range(1, synthesizers + 1)}
    executor = Executor(config)
    executor.run()
    return executor


def test_petsards_three_files_and_their_columns(adult_csv: Path, tmp_path: Path) -> None:
    data = pd.read_csv(adult_csv, na_values="?")
    run(adult_csv)
    assert sorted(p.name for p in tmp_path.glob("*.csv") if "Validation" in p.name) == [
        f"{STEM}_details.csv", f"{STEM}_summary.csv", f"{STEM}_violations.csv"]
    summary = pd.read_csv(tmp_path / f"{STEM}_summary.csv", dtype=str)
    failed = (data["workclass"].isna() | (data["age"] < 25)).sum()
    assert summary.to_dict("list") == {
        "Metric": ["total_rows", "passed_rows", "failed_rows", "pass_rate", "is_fully_compliant"],
        "Value": ["600", str(600 - failed), str(failed), f"{(600 - failed) / 600:.6f}", "False"]}
    violations = pd.read_csv(tmp_path / f"{STEM}_violations.csv", keep_default_na=False)
    assert list(violations.columns) == ["Constraint Type", "Rule", "Failed Count", "Fail Rate",
                                        "Violation Examples", "Error Message"]
    assert violations["Constraint Type"].tolist() == ["nan_groups", "field_constraints"]
    assert violations["Rule"].iloc[1] == "Rule 1: age >= 25"  # the rule that never fails: none
    assert violations["Failed Count"].iloc[1] == (data["age"] < 25).sum()
    assert violations["Fail Rate"].iloc[1] == round((data["age"] < 25).sum() / 600, 6)
    examples = [int(i) for i in violations["Violation Examples"].iloc[1].split(", ")]
    assert examples == data.index[data["age"] < 25][:6].tolist()
    details = pd.read_csv(tmp_path / f"{STEM}_details.csv")
    assert list(details.columns) == ["Constraint Type", "Rule", "Violation Index",
                                     *data.columns]
    young = details[details["Rule"] == "Rule 1: age >= 25"]
    assert young["Violation Index"].tolist() == list(range(1, 11))
    assert (young["age"] < 25).all()


def test_without_details_and_with_nothing_failing(adult_csv: Path, tmp_path: Path) -> None:
    run(adult_csv, include_details=False, naming_strategy="compact")  # names stay
    assert not (tmp_path / f"{STEM}_details.csv").exists()
    run(adult_csv, {"field_constraints": ["age >= 0"]}, overwrite=True)
    violations = pd.read_csv(tmp_path / f"{STEM}_violations.csv")
    assert violations.empty and len(violations.columns) == 6
    assert not (tmp_path / f"{STEM}_details.csv").exists()


def test_a_custom_output_names_the_files_alone(adult_csv: Path, tmp_path: Path) -> None:
    run(adult_csv, output="checks/adult")
    assert sorted(p.name for p in (tmp_path / "checks").iterdir()) == [
        "adult_details.csv", "adult_summary.csv", "adult_violations.csv"]


def test_a_second_path_replaces_the_first_ones_files_and_says_so(
        adult_csv: Path, tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    run(adult_csv, synthesizers=2, include_details=False)
    assert sorted(p.name for p in tmp_path.glob("*Validation*")) == [
        f"{STEM}_summary.csv", f"{STEM}_violations.csv"]
    summary = pd.read_csv(tmp_path / f"{STEM}_summary.csv")
    assert summary["Value"].iloc[0] == "200"  # the last path's (s2: 200 rows), as PETsARD
    assert "replacing petsard_[Validation]_Constrainer[rules]_summary.csv" in (
        capsys.readouterr().out)


def test_an_earlier_runs_files_are_kept(adult_csv: Path, tmp_path: Path) -> None:
    run(adult_csv, include_details=False)
    second = run(adult_csv, include_details=False)
    assert (tmp_path / f"{STEM}_summary_{second.run_id}.csv").exists()


def test_resampling_writes_no_validation(adult_csv: Path, tmp_path: Path) -> None:
    Executor({"Executor": {"store": "memory"},
              "Loader": {"a": {"filepath": str(adult_csv), "na_values": "?"}},
              "Synthesizer": {"s": {"method": "default"}},
              "Constrainer": {"rules": {"field_constraints": ["age >= 25"]}},
              "Reporter": {"v": {"method": "save_validation"}}}).run()
    assert not list(tmp_path.glob("*Validation*"))
