"""Run folders: listing them survives a damaged record; the resume command fits the folder."""

from __future__ import annotations

from pathlib import Path

from petsard import Executor
from petsard.run_folders import list_runs, resume_command


def test_a_damaged_record_beside_a_healthy_run_leaves_the_healthy_one_listed(
    tmp_path: Path, adult_csv: Path
) -> None:
    # Setup: one finished run; a copy of it whose record is cut in half; one of garbage.
    executor = Executor({"Executor": {"runs_dir": "runs", "log_level": "WARNING"},
                         "Loader": {"a": {"filepath": str(adult_csv)}}})
    executor.run()
    executor.status.close()
    healthy = executor.run_dir
    assert healthy is not None
    record = (healthy / "record.sqlite").read_bytes()
    for name, damaged in (("cut", record[: len(record) // 2]), ("junk", b"x" * 5000)):
        (tmp_path / "runs" / name).mkdir()
        (tmp_path / "runs" / name / "record.sqlite").write_bytes(damaged)
    # Run
    rows = list_runs(tmp_path / "runs")
    # Assert
    assert [(row.path.name, row.info.state) for row in rows] == [(healthy.name, "completed")]


def test_the_resume_command_names_the_runs_folder_unless_it_is_the_default(
    tmp_path: Path
) -> None:
    assert resume_command(tmp_path / "petsard_runs" / "r1") == "petsard resume r1"
    assert resume_command(tmp_path / "my runs" / "r1") == "petsard resume r1 --runs-dir 'my runs'"
    elsewhere = Path("/somewhere/else/r1")
    assert resume_command(elsewhere) == "petsard resume r1 --runs-dir /somewhere/else"
