"""Faults injected into real `petsard run` processes — Ctrl-C, SIGTERM, SIGKILL, damaged
checkpoints, a file-size limit, a read-only output folder — end without a traceback, leave
a true state in the record, and `petsard resume` then gives the outputs of an undisturbed
run."""

from __future__ import annotations

import contextlib
import ctypes
import os
import resource
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest
import yaml

from petsard import Executor, Status
from petsard.exceptions import ExecutorError
from petsard.html_report import write_report
from petsard.run_folders import list_runs

SLOW = '''
import time

import numpy as np


class Slow:
    """Draws rows from its training data, taking its time: a stand-in for a long fit."""

    def __init__(self, config, metadata):
        self.config = config

    def fit(self, data):
        for _ in range(int(self.config["seconds"] * 20)):
            time.sleep(0.05)
        self.data = data

    def sample(self):
        rows = np.random.choice(len(self.data), self.config["sample_num_rows"])
        return self.data.iloc[rows].reset_index(drop=True)
'''
# Sequentially: Loader, split 1, fast, its Reporter, slow, its Reporter, split 2, ...; every
# node records 'started' then 'done', so 9 events means the first slow node is running.
SLOW_RUNNING = 9


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory, adult: pd.DataFrame) -> dict:
    """Input files, a config, and the outputs of an undisturbed run of it."""
    inputs = tmp_path_factory.mktemp("inputs")
    adult.sample(800, random_state=3).to_csv(inputs / "adult.csv", index=False)
    (inputs / "slow.py").write_text(SLOW)
    config = {
        "Executor": {"random_state": 5, "runs_dir": "runs", "log_level": "WARNING",
                     "max_workers": 2},
        "Loader": {"adult": {"filepath": str(inputs / "adult.csv")}},
        "Splitter": {"split": {"num_samples": 2, "train_split_ratio": 0.7}},
        "Synthesizer": {"fast": {"method": "default"},
                        "slow": {"method": "custom_method", "module_path": str(inputs / "slow.py"),
                                 "class_name": "Slow", "seconds": 1.0}},
        "Reporter": {"out": {"method": "save_data", "source": "Synthesizer",
                             "output_dir": "out"}},
    }
    reference = tmp_path_factory.mktemp("reference")
    with contextlib.chdir(reference):
        Executor(config).run()
    return {"config": config, "outputs": outputs(reference), "inputs": inputs,
            "record_bytes": sum(f.stat().st_size for f in reference.glob("runs/*/record*"))}


def outputs(folder: Path) -> dict[str, bytes]:
    return {f.name: f.read_bytes() for f in sorted((folder / "out").glob("*"))}


def with_backend(config: dict, backend: str) -> dict:
    return {**config, "Executor": {**config["Executor"], "backend": backend}}


def start(folder: Path, config: dict, before: Callable[[], None] | None = None
          ) -> subprocess.Popen:
    """`petsard run` in its own session (as a terminal runs it: Ctrl-C reaches the group)."""
    (folder / "config.yaml").write_text(yaml.safe_dump(config, sort_keys=False))
    return subprocess.Popen([sys.executable, "-m", "petsard", "run", "config.yaml"],
                            cwd=folder, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, start_new_session=True, preexec_fn=before,
                            env={**os.environ, "OMP_NUM_THREADS": "1"})


def petsard(folder: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "petsard", *args], cwd=folder, text=True,
                          capture_output=True, timeout=180,
                          env={**os.environ, "OMP_NUM_THREADS": "1"})


def run_dir(folder: Path) -> Path:
    [found] = (folder / "runs").iterdir()
    return found


def node_events(folder: Path) -> int:
    records = list(folder.glob("runs/*/record.sqlite"))
    if not records:
        return -1
    try:
        with sqlite3.connect(f"file:{records[0]}?mode=ro", uri=True, timeout=1) as db:
            return db.execute("SELECT COUNT(*) FROM node_events").fetchone()[0]
    except sqlite3.Error:
        return -1


def wait_for(folder: Path, events: int, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + 120
    while node_events(folder) < events:
        assert process.poll() is None, process.communicate()
        assert time.monotonic() < deadline, "the run did not get that far"
        time.sleep(0.01)


def processes_in_session(session: int) -> list[int]:
    """Processes still alive in a session (zombies given a moment to be reaped)."""
    deadline = time.monotonic() + 5
    while True:
        found = []
        for entry in Path("/proc").iterdir():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            fields = stat[stat.rfind(")") + 2:].split()
            if fields[3] == str(session) and fields[0] != "Z":
                found.append(int(entry.name))
        if not found or time.monotonic() > deadline:
            return found
        time.sleep(0.1)


def assert_resume_completes(folder: Path, run_id: str, world: dict) -> None:
    resumed = petsard(folder, "resume", run_id, "--runs-dir", "runs")
    assert resumed.returncode == 0, resumed.stderr
    assert "Traceback" not in resumed.stdout + resumed.stderr
    assert Status.open(run_dir(folder)).get_run_info().state == "completed"
    assert outputs(folder) == world["outputs"]


@pytest.mark.parametrize(("backend", "signum", "whole_group"), [
    ("processes", signal.SIGINT, True),  # Ctrl-C in a terminal: every process gets it
    ("processes", signal.SIGTERM, False),
    ("sequential", signal.SIGINT, False),
    ("dask", signal.SIGINT, True),
])
def test_ctrl_c_or_sigterm_stops_the_run_cleanly_and_resume_finishes_it(
    tmp_path: Path, world: dict, backend: str, signum: int, whole_group: bool
) -> None:
    # Setup: a run with slow nodes running.
    process = start(tmp_path, with_backend(world["config"], backend))
    wait_for(tmp_path, SLOW_RUNNING, process)
    # Run
    if whole_group:
        os.killpg(process.pid, signum)
    else:
        process.send_signal(signum)
    stdout, stderr = process.communicate(timeout=120)
    # Assert: the exit code of the signal, no traceback, how to go on, no worker left.
    run_id = run_dir(tmp_path).name
    assert process.returncode == 128 + signum, stderr
    assert "Traceback" not in stdout + stderr
    assert f"[RUN_001] run {run_id} was stopped by {signal.Signals(signum).name}" in stderr
    assert f"petsard resume {run_id} --runs-dir runs" in stderr
    assert processes_in_session(process.pid) == []
    status = Status.open(run_dir(tmp_path))
    assert status.get_run_info().state == "interrupted"
    states = [n.state for n in status.get_node_states()]
    assert "interrupted" in states and "running" not in states
    assert_resume_completes(tmp_path, run_id, world)


def test_a_killed_run_reads_interrupted_everywhere_and_a_live_one_running(
    tmp_path: Path, world: dict
) -> None:
    process = start(tmp_path, with_backend(world["config"], "sequential"))
    wait_for(tmp_path, SLOW_RUNNING, process)
    folder = run_dir(tmp_path)
    try:
        assert [row.info.state for row in list_runs(tmp_path / "runs")] == ["running"]
        assert Status.open(folder).get_status_summary()["state"] == "running"
        with pytest.raises(ExecutorError, match=rf"run {folder.name} is still running "
                                                rf"\(process {process.pid} on "):
            Executor(resume=str(folder))
    finally:
        process.kill()
        process.communicate()
    runs = petsard(tmp_path, "runs", "--runs-dir", "runs")
    assert f"{folder.name}   interrupted" in runs.stdout
    status = petsard(tmp_path, "status", folder.name, "--runs-dir", "runs")
    assert "state             interrupted" in status.stdout
    assert f"petsard resume {folder.name} --runs-dir runs" in status.stdout
    assert "interrupted Loader[adult]_Splitter[split_[2-1]]_Synthesizer[slow]" in status.stdout
    summary = Status.open(folder).get_status_summary()
    assert (summary["state"], summary["nodes"]["running"]) == ("interrupted", 0)
    page = write_report(folder).read_text()
    assert "state-interrupted" in page and f"petsard resume {folder.name}" in page
    # Resume in this process, through the Python API.
    executor = Executor(resume=str(folder))
    assert executor.run().state == "completed"
    assert outputs(tmp_path) == world["outputs"]


def test_damaged_checkpoints_are_computed_again_with_one_warning_each(
    tmp_path: Path, world: dict
) -> None:
    # Setup: a killed run; then a checkpoint altered, one truncated and one deleted.
    process = start(tmp_path, with_backend(world["config"], "sequential"))
    wait_for(tmp_path, 15, process)  # the first split's subtree is done
    process.kill()
    process.communicate()
    folder = run_dir(tmp_path)
    with sqlite3.connect(folder / "record.sqlite") as db:
        identity = dict(db.execute("SELECT node_key, name FROM artifacts "
                                   "WHERE kind = 'checkpoint'").fetchall())
    loader, split = "Loader[adult]", "Loader[adult]_Splitter[split_[2-1]]"
    fast = f"{split}_Synthesizer[fast]"
    for file in (folder / "checkpoints" / identity[loader]).iterdir():
        file.unlink()
    pickle_file = folder / "checkpoints" / identity[split] / "output.pkl"
    data = bytearray(pickle_file.read_bytes())
    data[len(data) // 2] ^= 1
    pickle_file.write_bytes(bytes(data))
    table = folder / "checkpoints" / identity[fast] / "table0.parquet"
    table.write_bytes(table.read_bytes()[:100])
    # Run
    resumed = petsard(tmp_path, "resume", folder.name, "--runs-dir", "runs")
    # Assert
    assert resumed.returncode == 0, resumed.stderr
    assert "Traceback" not in resumed.stdout + resumed.stderr
    warnings = [line for line in resumed.stdout.splitlines() if "is damaged" in line]
    assert len(warnings) == 3
    for key, problem in ((loader, "output.pkl is missing"),
                         (split, "output.pkl was altered"),
                         (fast, "table0.parquet is truncated (100 of")):
        [line] = [w for w in warnings if f"checkpoint of node {key} is damaged" in w]
        assert "WARNING" in line and problem in line
    assert outputs(tmp_path) == world["outputs"]
    nodes = Status.open(folder).get_node_states()
    assert len(nodes) == 11 and {n.state for n in nodes} == {"done"}


def test_a_file_size_limit_on_the_record_ends_the_run_and_resume_completes_it(
    tmp_path: Path, world: dict
) -> None:
    # Setup: the record may grow to 60% of what the whole run writes to it.
    limit = int(world["record_bytes"] * 0.6)

    def file_size_limit() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    # Run
    process = start(tmp_path, with_backend(world["config"], "sequential"), file_size_limit)
    stdout, stderr = process.communicate(timeout=120)
    # Assert: one clear error; the record consistent and true; nothing half-written.
    folder = run_dir(tmp_path)
    assert process.returncode == 1, stderr
    assert "Traceback" not in stdout + stderr
    assert f"[IO_001] could not write the run record '{folder / 'record.sqlite'}'" in stderr
    assert "file-size limit" in stderr and f"petsard resume {folder.name}" in stderr
    status = Status.open(folder)
    assert status.get_run_info().state in ("failed", "interrupted")
    done = [n.node_key for n in status.get_node_states() if n.state == "done"]
    assert sorted(done) == sorted(s.node_key for s in status.get_snapshots())
    assert [p for p in tmp_path.rglob(".*") if p.is_file() or p.parent.name == "checkpoints"] \
        == []
    assert_resume_completes(tmp_path, folder.name, world)


def test_a_file_size_limit_on_an_output_names_the_file_and_leaves_no_part_of_it(
    tmp_path: Path, adult: pd.DataFrame
) -> None:
    # Setup: a large output (the loaded table, 20,000 rows) and room for the record only.
    adult.head(20_000).to_csv(tmp_path / "big.csv", index=False)
    config = {"Executor": {"random_state": 1, "runs_dir": "runs", "log_level": "WARNING"},
              "Loader": {"big": {"filepath": str(tmp_path / "big.csv")}},
              "Reporter": {"out": {"method": "save_data", "source": "Loader",
                                   "output_dir": "out"}}}

    def file_size_limit() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (1_000_000, 1_000_000))

    # Run
    process = start(tmp_path, config, file_size_limit)
    stdout, stderr = process.communicate(timeout=120)
    # Assert
    folder = run_dir(tmp_path)
    assert process.returncode == 1, stderr
    assert "Traceback" not in stdout + stderr
    assert "[IO_001] node Loader[big]_Reporter[out] failed: could not write the output file " \
           f"'{tmp_path / 'out' / 'petsard_Loader[big].csv'}': File too large" in stderr
    assert list((tmp_path / "out").iterdir()) == []
    status = Status.open(folder)
    assert status.get_run_info().state == "failed"
    assert {n.node_key: n.state for n in status.get_node_states()} == {
        "Loader[big]": "done", "Loader[big]_Reporter[out]": "failed"}
    resumed = petsard(tmp_path, "resume", folder.name, "--runs-dir", "runs")
    assert resumed.returncode == 0, resumed.stderr
    written = pd.read_csv(tmp_path / "out" / "petsard_Loader[big].csv")
    pd.testing.assert_frame_equal(written, pd.read_csv(tmp_path / "big.csv"))


def without_root_file_powers() -> None:
    """Run the child without the capabilities that let root write where modes forbid it."""
    if os.geteuid() != 0:
        return
    libc = ctypes.CDLL(None, use_errno=True)
    for capability in (1, 2, 3):  # CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH, CAP_FOWNER
        if libc.prctl(24, capability, 0, 0, 0) != 0:  # PR_CAPBSET_DROP
            raise OSError(ctypes.get_errno(), "cannot drop root's file capabilities")


def test_a_read_only_output_folder_ends_the_run_and_resume_completes_it(
    tmp_path: Path, world: dict
) -> None:
    probe = subprocess.run(["true"], preexec_fn=without_root_file_powers, check=False)
    if probe.returncode != 0:
        pytest.skip("this process may not give up root's file capabilities")
    (tmp_path / "out").mkdir(mode=0o555)
    process = start(tmp_path, with_backend(world["config"], "sequential"),
                    without_root_file_powers)
    stdout, stderr = process.communicate(timeout=120)
    run_id = run_dir(tmp_path).name
    assert process.returncode == 1, stderr
    assert "Traceback" not in stdout + stderr
    assert f"could not write the output file '{tmp_path / 'out'}/" in stderr
    assert "Permission denied (make the folder writable" in stderr
    assert Status.open(run_dir(tmp_path)).get_run_info().state == "failed"
    (tmp_path / "out").chmod(0o755)
    assert_resume_completes(tmp_path, run_id, world)
