"""A run killed at any moment resumes to the results of an uninterrupted run, with a record
that has every node once; unchanged work is reused; failures can be isolated."""

from __future__ import annotations

import contextlib
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest
import yaml

from petsard import Executor, Status

CONFIG = {
    "Executor": {"random_state": 11, "runs_dir": "runs", "log_level": "WARNING"},
    "Loader": {"adult": {"filepath": "benchmark://adult-income", "nrows": 3000}},
    "Splitter": {"split": {"num_samples": 2, "train_split_ratio": 0.7}},
    "Synthesizer": {"gc": {"method": "sdv", "model": "GaussianCopula"},
                    "fast": {"method": "default"}},
    "Reporter": {"out": {"method": "save_data", "source": "Synthesizer", "output_dir": "out"}},
}
NODES = 1 + 2 + 4 + 4


def node_events(runs: Path) -> int:
    records = list(runs.glob("*/record.sqlite"))
    if not records:
        return -1
    try:
        with sqlite3.connect(f"file:{records[0]}?mode=ro", uri=True, timeout=1) as db:
            return db.execute("SELECT COUNT(*) FROM node_events").fetchone()[0]
    except sqlite3.Error:
        return -1


def kill_after(folder: Path, events: int) -> None:
    """Start `petsard run` and SIGKILL it once ``events`` node events (started, done) are
    recorded: 1 is during the Loader, odd numbers during a node, even ones between nodes."""
    (folder / "config.yaml").write_text(yaml.safe_dump(CONFIG, sort_keys=False))
    process = subprocess.Popen([sys.executable, "-m", "petsard", "run", "config.yaml"],
                               cwd=folder, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                               env={**os.environ, "OMP_NUM_THREADS": "1"})
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and process.poll() is None:
        if node_events(folder / "runs") >= events:
            break
        time.sleep(0.01)
    process.send_signal(signal.SIGKILL)
    process.wait()


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory) -> dict[str, pd.DataFrame]:
    folder = tmp_path_factory.mktemp("reference")
    with contextlib.chdir(folder):
        executor = Executor(CONFIG)
        executor.run()
    return {key: value["data"] for key, value in executor.get_result().items()}


@pytest.mark.parametrize("events", [1, 4, 7, 12, 19])
def test_killed_run_resumes_to_the_uninterrupted_results(tmp_path: Path, events: int,
                                                         reference: dict) -> None:
    kill_after(tmp_path, events)
    executor = Executor(CONFIG, resume="latest")
    assert executor.run_dir is not None and executor.run_dir.parent.name == "runs"
    summary = executor.run()
    assert summary.state == "completed"
    assert summary.nodes_done + summary.nodes_resumed == NODES
    results = executor.get_result()
    assert list(results) == list(reference)
    for key, data in reference.items():
        pd.testing.assert_frame_equal(results[key]["data"], data)
    status = Status.open(executor.run_dir)
    nodes = status.get_node_states()
    assert len(nodes) == NODES and {n.state for n in nodes} == {"done"}
    done_snapshots = [s.node_key for s in status.get_snapshots()
                      if s.context["state"] == "done"]
    assert sorted(done_snapshots) == sorted(n.node_key for n in nodes)  # each node once
    assert status.get_status_summary()["state"] == "completed"
    assert len(list((tmp_path / "out").glob("*.csv"))) == 4


def test_reuse_reruns_only_the_changed_subtree(tmp_path: Path) -> None:
    first = Executor(CONFIG)
    first.run()
    changed = {**CONFIG, "Synthesizer": {**CONFIG["Synthesizer"],
                                         "fast": {"method": "default", "max_categories": 5}}}
    changed["Executor"] = {**CONFIG["Executor"], "reuse": first.run_id}
    second = Executor(changed)
    summary = second.run()
    # Loader, two splits, two 'gc' synthesizers and their reporters are unchanged: 7 reused.
    assert (summary.nodes_reused, summary.nodes_done) == (7, 4)
    reused = [s for s in second.status.get_snapshots() if s.context["state"] == "reused"]
    assert {s.context["info"]["reused_from"] for s in reused} == {first.run_id}
    assert list(second.get_result()) == list(first.get_result())


def test_a_changed_input_file_reruns_everything(tmp_path: Path, adult_csv: Path) -> None:
    config = {"Executor": {"random_state": 1, "runs_dir": "runs"},
              "Loader": {"a": {"filepath": str(adult_csv)}},
              "Synthesizer": {"s": {"method": "default"}}}
    first = Executor(config)
    first.run()
    adult_csv.write_text(adult_csv.read_text().replace("Private", "Privat", 1))
    second = Executor({**config, "Executor": {**config["Executor"], "reuse": "latest"}})
    assert second.run().nodes_reused == 0


def test_on_error_continue_skips_the_failed_subtree_and_resume_retries_it(
    tmp_path: Path, adult_csv: Path
) -> None:
    config = {"Executor": {"random_state": 1, "runs_dir": "runs", "on_error": "continue"},
              "Loader": {"a": {"filepath": str(adult_csv)}},
              "Synthesizer": {"ok": {"method": "default"},
                              "broken": {"method": "custom_data", "filepath": "later.csv"}},
              "Reporter": {"t": {"method": "save_timing"}}}
    executor = Executor(config)
    summary = executor.run()
    assert summary.state == "failed" and executor.is_execution_completed() is False
    assert summary.failed_nodes == ("Loader[a]_Synthesizer[broken]",)
    assert summary.nodes_skipped == 1
    assert list(executor.get_result()) == ["Loader[a]_Synthesizer[ok]_Reporter[t]"]
    states = {n.node_key: n.state for n in executor.status.get_node_states()}
    assert states["Loader[a]_Synthesizer[broken]_Reporter[t]"] == "skipped"
    pd.read_csv(adult_csv).to_csv("later.csv", index=False)
    resumed = Executor(config, resume=executor.run_id[:17])  # a unique prefix
    second = resumed.run()
    assert second.state == "completed" and second.nodes_done == 2  # broken + its reporter
    assert second.nodes_resumed == 2 and "2 done before" in str(second)  # Loader, ok
    assert len(resumed.get_result()) == 2
