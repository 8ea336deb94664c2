"""save_timing writes PETsARD's timing file: one row per module run, its columns and units."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pandas as pd
import pytest

from petsard import Config, Executor
from petsard.exceptions import ConfigError

COLUMNS = ["record_id", "module_name", "experiment_name", "step_name", "start_time",
           "end_time", "duration_seconds", "source", "status"]


def run(adult_csv: Path, **timing: object) -> Executor:
    executor = Executor({
        "Executor": {"store": "memory"},
        "Loader": {"a": {"filepath": str(adult_csv)}},
        "Synthesizer": {"s": {"method": "default"}},
        "Reporter": {"timing": {"method": "save_timing", **timing}}})
    executor.run()
    return executor


def test_one_row_per_module_run_in_petsards_columns(adult_csv: Path, tmp_path: Path) -> None:
    executor = run(adult_csv)
    timing = pd.read_csv(tmp_path / "petsard_[Timing].csv")
    assert list(timing.columns) == COLUMNS
    assert timing["module_name"].tolist() == ["LoaderAdapter", "SynthesizerAdapter"]
    assert timing["experiment_name"].tolist() == ["a", "s"]
    assert set(timing["step_name"]) == {"run"} and set(timing["status"]) == {"completed"}
    assert set(timing["source"]) == {"logging"}
    recorded = [r for r in executor.status.get_timing_records() if r.step_name == "run"]
    assert timing["duration_seconds"].tolist() == [round(r.duration_seconds, 2)
                                                   for r in recorded[:2]]
    start = datetime.fromisoformat(timing["start_time"][0])  # local time, as PETsARD writes it
    assert start.tzinfo is None
    assert start == recorded[0].start_time.astimezone().replace(tzinfo=None)


def test_time_unit_replaces_the_seconds_column_in_its_place(adult_csv: Path,
                                                            tmp_path: Path) -> None:
    run(adult_csv, time_unit="minutes", naming_strategy="compact")  # one name for both
    timing = pd.read_csv(tmp_path / "petsard_[Timing].csv")
    assert list(timing.columns) == [*COLUMNS[:6], "duration_minutes", *COLUMNS[7:]]


@pytest.mark.parametrize("module", ["Synthesizer", ["SynthesizerAdapter"]])
def test_module_keeps_the_modules_named_either_way(adult_csv: Path, tmp_path: Path,
                                                   module: object) -> None:
    run(adult_csv, module=module, output="only", time_unit="hours")
    timing = pd.read_csv(tmp_path / "only_[Timing].csv")
    assert timing["module_name"].tolist() == ["SynthesizerAdapter"]
    assert "duration_hours" in timing.columns


def test_no_timing_left_writes_no_file(adult_csv: Path, tmp_path: Path) -> None:
    executor = run(adult_csv, module="Evaluator")
    assert executor.status.get_files() == []
    assert not list(tmp_path.glob("*Timing*"))


def test_a_module_name_that_is_none_is_a_config_problem() -> None:
    with pytest.raises(ConfigError, match=r"Reporter.t.module: 'Synthesiser' is not a module; "
                                          r"did you mean 'Synthesizer'"):
        Config({"Loader": {"a": {"filepath": "x.csv"}},
                "Reporter": {"t": {"method": "save_timing", "module": ["Synthesiser"]}}})
