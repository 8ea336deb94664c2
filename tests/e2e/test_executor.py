"""Executor behaviour around the happy path: failures, reruns, seeds, stores, logs."""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd
import pytest

from petsard import Executor, Status
from petsard.exceptions import ExecutorError, LoaderError, MissingDependencyError, NodeError


def test_failing_node_is_named_recorded_and_keeps_earlier_records(adult_csv: Path) -> None:
    executor = Executor({
        "Loader": {"good": {"filepath": str(adult_csv)}, "bad": {"filepath": "absent.csv"}},
        "Synthesizer": {"copy": {"method": "custom_data", "filepath": str(adult_csv)}},
    })
    with pytest.raises(LoaderError, match=r"node Loader\[bad\] failed: file not found") as caught:
        executor.run()
    assert caught.value.node_key == "Loader[bad]"
    assert executor.is_execution_completed() is False
    assert list(executor.get_result()) == ["Loader[good]_Synthesizer[copy]"]
    states = {n.node_key: n for n in executor.status.get_node_states()}
    assert states["Loader[bad]"].state == "failed"
    assert "file not found" in states["Loader[bad]"].error
    assert states["Loader[bad]"].duration_seconds is not None
    failed_steps = executor.get_timing().query("status == 'failed'")
    assert set(failed_steps["step_name"]) == {"run", "load"}
    reopened = Status.open(executor.run_dir)
    assert reopened.get_status_summary()["state"] == "failed"
    assert reopened.get_status_summary()["nodes"]["failed"] == 1


def test_library_errors_become_node_errors_naming_the_node(adult_csv: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    from petsard.loader.file_loader import FileLoader

    def explode(self: FileLoader, name: str) -> None:
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr(FileLoader, "load", explode)
    executor = Executor({"Loader": {"x": {"filepath": str(adult_csv)}}})
    with pytest.raises(NodeError, match=r"node Loader\[x\] failed: ZeroDivisionError"):
        executor.run()


def test_an_executor_runs_once(adult_csv: Path) -> None:
    executor = Executor({"Loader": {"x": {"filepath": str(adult_csv)}},
                         "Executor": {"store": "memory"}})
    executor.run()
    with pytest.raises(ExecutorError, match="already ran"):
        executor.run()


def test_memory_store_writes_no_run_folder(tmp_path: Path, adult_csv: Path) -> None:
    executor = Executor({"Loader": {"x": {"filepath": str(adult_csv)}},
                         "Executor": {"store": "memory"}})
    summary = executor.run()
    assert summary.run_dir is None and summary.state == "completed"
    assert not (tmp_path / "petsard_runs").exists()
    assert executor.status.get_status_summary()["total_snapshots"] == 1


def test_same_random_state_gives_the_same_synthetic_data(adult_csv: Path) -> None:
    def synthesize(seed: int) -> pd.DataFrame:
        executor = Executor({"Loader": {"x": {"filepath": str(adult_csv)}},
                             "Synthesizer": {"s": {"method": "sdv", "num_samples": 50}},
                             "Executor": {"random_state": seed, "store": "memory"}})
        executor.run()
        return next(iter(executor.get_result().values()))["data"]

    pd.testing.assert_frame_equal(synthesize(7), synthesize(7))
    assert not synthesize(7).equals(synthesize(8))


def test_log_file_name_takes_a_timestamp(tmp_path: Path, adult_csv: Path) -> None:
    Executor({"Loader": {"x": {"filepath": str(adult_csv)}},
              "Executor": {"log_output_type": "file", "log_dir": "logs",
                           "log_filename": "run_{timestamp}.log", "log_level": "debug"}}).run()
    [log] = (tmp_path / "logs").glob("run_*.log")
    text = log.read_text()
    assert "Loader[x]: done" in text
    assert "Private" not in text  # no data values in logs


def test_missing_sdv_extra_names_the_pip_command(adult_csv: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "sdv", None)
    monkeypatch.setitem(sys.modules, "sdv.single_table", None)
    executor = Executor({"Loader": {"x": {"filepath": str(adult_csv)}},
                         "Synthesizer": {"s": {"method": "sdv"}},
                         "Executor": {"store": "memory"}})
    with pytest.raises(MissingDependencyError, match=r"pip install 'petsard\[sdv\]'"):
        executor.run()
