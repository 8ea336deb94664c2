"""Status records one snapshot per module execution, field changes, timings; bounded caches."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

from petsard import Executor, Status
from petsard.exceptions import StatusError
from petsard.schema import infer_schema
from petsard.status.events import NodeEvent, NodeFacts
from petsard.status.records import TimingRecord, now
from petsard.status.sqlite_store import SQLiteStore

FRAME = pd.DataFrame({"age": [30, 40, 50], "city": ["a", "b", "a"]})


class LegacyOperator:
    """The shape of PETsARD's adapters, for ``Status.put``."""

    def __init__(self, data: pd.DataFrame) -> None:
        self.data = data

    def get_result(self) -> pd.DataFrame:
        return self.data


class Sequence:
    sequence = ("Loader", "Synthesizer", "Reporter")


def test_put_records_a_snapshot_and_changes_like_petsards_status() -> None:
    status = Status(Sequence())
    status.put("Loader", "load", LegacyOperator(FRAME))
    status.put("Synthesizer", "gen", LegacyOperator(FRAME.assign(age=FRAME.age * 1.5)))
    snapshots = status.get_snapshots()
    assert [s.module_name for s in snapshots] == ["Loader", "Synthesizer"]
    assert re.fullmatch(r"snapshot_000001_\d{8}_\d{6}", snapshots[0].snapshot_id)
    assert snapshots[1].metadata_before == snapshots[0].metadata_after
    assert status.get_full_expt() == {"Loader": "load", "Synthesizer": "gen"}
    assert status.get_full_expt("Loader") == {"Loader": "load"}
    [update] = status.get_change_history("Synthesizer")
    assert (update.change_type, update.target_type, update.target_id) == ("update", "field", "age")
    assert update.description == "age: numerical → numerical (int64 → float64)"
    assert update.module_context == "Synthesizer[gen]"
    assert status.get_result("Synthesizer")["age"].tolist() == [45.0, 60.0, 75.0]


def test_summary_has_the_seed_keys_and_true_totals() -> None:
    status = Status(Sequence())
    status.put("Loader", "load", LegacyOperator(FRAME))
    summary = status.get_status_summary()
    for key in ("sequence", "active_modules", "metadata_modules", "total_snapshots",
                "total_changes", "total_diffs", "last_snapshot", "last_change"):
        assert key in summary
    assert summary["sequence"] == ["Loader", "Synthesizer", "Reporter"]
    assert summary["active_modules"] == ["Loader"]
    assert summary["metadata_modules"] == ["Loader"]
    assert summary["total_snapshots"] == 1
    assert summary["total_changes"] == 3  # the schema and its two fields
    assert summary["total_diffs"] == 0  # a Loader has no schema before it
    assert summary["last_snapshot"] == status.get_snapshots()[-1].snapshot_id
    assert summary["last_change"] == status.get_change_history()[-1].change_id


def test_bounded_memory_evicts_from_caches_but_the_store_keeps_everything(tmp_path: Path) -> None:
    status = Status(Sequence(), max_snapshots=5, max_changes=5, max_timings=5,
                    store=SQLiteStore(tmp_path / "r.sqlite"))
    for number in range(20):
        status.record(NodeEvent(
            "done", NodeFacts(f"Loader[l{number}]", "Loader", f"l{number}"), data=FRAME,
            schema=infer_schema(FRAME), input_schema=None,
            timings=(TimingRecord("", "Loader", f"l{number}", "run", now(), now(), 0.0,
                                  "completed"),)))
    assert len(status._recent.snapshots) == 5 and len(status._recent.timings) == 5
    summary = status.get_status_summary()
    assert summary["total_snapshots"] == 20 and summary["total_changes"] == 60
    assert len(status.get_snapshots()) == 20
    assert len(status.get_timing_records()) == 20
    assert status.get_snapshot_by_id(status.get_snapshots()[0].snapshot_id) is not None


def test_unknown_snapshot_gives_none_and_restore_false() -> None:
    status = Status(Sequence())
    assert status.get_snapshot_by_id("snapshot_999999_20260101_000000") is None
    assert status.restore_from_snapshot("snapshot_999999_20260101_000000") is False


def test_restore_from_snapshot_brings_back_that_metadata() -> None:
    status = Status(Sequence())
    status.put("Loader", "a", LegacyOperator(FRAME))
    first = status.get_snapshots()[0]
    status.put("Loader", "b", LegacyOperator(FRAME.drop(columns="city")))
    assert status.get_metadata("Loader").columns == ["age"]
    assert status.restore_from_snapshot(first.snapshot_id) is True
    assert status.get_metadata("Loader").columns == ["age", "city"]
    evolution = status.get_metadata_evolution("Loader")
    assert [s.columns for s in evolution] == [["age", "city"], ["age"]]


def test_queries_about_modules_that_did_not_run_say_so() -> None:
    status = Status(Sequence())
    with pytest.raises(StatusError, match="no metadata for module 'Synthesizer'"):
        status.get_metadata("Synthesizer")
    with pytest.raises(StatusError, match="module 'Synthesizer' has no result"):
        status.get_result("Synthesizer")


def test_a_finished_run_reopens_with_the_same_summary_snapshots_changes_and_timing(
    adult_csv: Path,
) -> None:
    executor = Executor({
        "Loader": {"a": {"filepath": str(adult_csv)}, "b": {"filepath": str(adult_csv),
                                                            "nrows": 100}},
        "Synthesizer": {"c": {"method": "custom_data", "filepath": str(adult_csv)}},
        "Executor": {"random_state": 1},
    })
    executor.run()
    reopened = Status.open(executor.run_dir)
    assert reopened.get_status_summary() == executor.status.get_status_summary()
    assert reopened.get_snapshots() == executor.status.get_snapshots()
    assert reopened.get_change_history() == executor.status.get_change_history()
    pd.testing.assert_frame_equal(reopened.get_timing_report_data(), executor.get_timing())
    assert reopened.get_metadata("Synthesizer") == executor.status.get_metadata("Synthesizer")
    info = reopened.get_run_info()
    assert info.seed == 1 and info.state == "completed" and str(adult_csv) in info.input_hashes
    assert {"python", "pandas", "petsard"} <= set(info.versions)
    assert (executor.run_dir.stat().st_mode & 0o777) == 0o700


def test_metadata_evolution_lists_each_schema_before_and_after_once(adult_csv: Path) -> None:
    executor = Executor({"Executor": {"store": "memory"},
                         "Loader": {"a": {"filepath": str(adult_csv), "na_values": "?"}},
                         "Preprocessor": {"p": {"method": "default"}},
                         "Synthesizer": {"s1": {"method": "default"},
                                         "s2": {"method": "default"}}})
    executor.run()
    status = executor.status

    evolution = status.get_metadata_evolution("Preprocessor")
    assert evolution == [status.get_metadata("Loader"), status.get_metadata("Preprocessor")]
    assert len(status.get_metadata_evolution("Synthesizer")) == 3  # one input, two outputs
    assert status.get_status_summary()["total_diffs"] == 3  # Preprocessor and two syntheses
