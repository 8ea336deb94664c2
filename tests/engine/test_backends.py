"""Sequential, process and Dask backends give the same results and records for one seed;
a worker that dies fails its node with the cause recorded."""

from __future__ import annotations

import contextlib
import os
import signal
import threading
import time
from pathlib import Path

import dask
import pandas as pd
import psutil
import pytest

from petsard import Executor
from petsard.engine.context import worker_id

CONFIG = {
    "Loader": {"adult": {"filepath": "benchmark://adult-income", "nrows": 2000}},
    "Splitter": {"split": {"num_samples": 2, "train_split_ratio": 0.8}},
    "Preprocessor": {"pre": {"method": "default"}},
    "Synthesizer": {"a": {"method": "default"},
                    "b": {"method": "default", "marginals": "parametric"}},
    "Postprocessor": {"post": {"method": "default"}},
    "Reporter": {"out": {"method": "save_data", "source": "Postprocessor", "output_dir": "out"}},
}


def run(backend: str, **extra: object) -> Executor:
    executor = Executor({**CONFIG, "Executor": {"random_state": 9, "backend": backend,
                                                "max_workers": 2, "log_level": "WARNING",
                                                **extra}})
    executor.run()
    return executor


def fingerprint(executor: Executor) -> dict:
    status = executor.status
    return {
        "keys": list(executor.get_result()),
        "snapshots": sorted((s.module_name, s.experiment_name, s.context["node_key"])
                            for s in status.get_snapshots()),
        "changes": sorted((c.module_context, c.change_type, c.target_id, c.description,
                           c.node_key) for c in status.get_change_history()),
        "timing_rows": sorted((t.node_key, t.step_name) for t in status.get_timing_records()),
    }


@pytest.fixture(scope="module")
def sequential(tmp_path_factory: pytest.TempPathFactory) -> Executor:
    with contextlib.chdir(tmp_path_factory.mktemp("sequential")):
        return run("sequential")


@pytest.mark.parametrize("backend", ["processes", "dask"])
def test_parallel_backends_match_the_sequential_run(backend: str, sequential: Executor) -> None:
    parallel = run(backend)
    assert fingerprint(parallel) == fingerprint(sequential)
    for key, result in sequential.get_result().items():
        pd.testing.assert_frame_equal(parallel.get_result()[key]["data"], result["data"])
    workers = {t.worker for t in parallel.status.get_timing_records()}
    assert len(workers) >= 2  # nodes really ran in other processes


def test_a_second_dask_run_in_the_process_loads_the_methods_its_workers_lack(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Workers fork from a server started by the first run, which preloaded that run's
    methods only: the second run's SDV synthesizer is imported when its workers warm up."""
    monkeypatch.chdir(tmp_path)
    threads = os.environ.get("OMP_NUM_THREADS")
    for synthesizer in ({"method": "default"}, {"method": "sdv", "model": "GaussianCopula"}):
        executor = Executor({
            "Executor": {"random_state": 2, "backend": "dask", "max_workers": 2,
                         "log_level": "WARNING", "store": "memory"},
            "Loader": {"adult": {"filepath": "benchmark://adult-income", "nrows": 300}},
            "Synthesizer": {"s": synthesizer}})
        assert executor.run().state == "completed"
        # the methods named for the forkserver, and the cluster's Dask settings, do not stay
        # in this process: the user's environment and Dask config are as they were
        assert "PETSARD_DASK_PRELOAD" not in os.environ
        assert os.environ.get("OMP_NUM_THREADS") == threads
        assert dask.config.get("distributed.worker.multiprocessing-method") == "spawn"
        assert dask.config.get("distributed.worker.profile.enabled") is True


def test_keep_results_on_disk_reads_leaves_back_from_checkpoints(sequential: Executor) -> None:
    on_disk = run("sequential", keep_results="disk")
    assert all(not isinstance(r, dict) for r in on_disk.get_result().values())
    for key, result in sequential.get_result().items():
        pd.testing.assert_frame_equal(on_disk.get_result()[key]["data"], result["data"])


def test_a_killed_worker_fails_its_node_with_the_cause(tmp_path: Path, adult_csv: Path) -> None:
    config = {"Loader": {"a": {"filepath": str(adult_csv)}},
              "Synthesizer": {"slow": {"method": "sdv", "model": "CTGAN", "epochs": 300,
                                       "batch_size": 100}},
              "Executor": {"backend": "processes", "max_workers": 1, "on_error": "continue",
                           "log_level": "WARNING"}}
    executor = Executor(config)
    summary: dict = {}
    thread = threading.Thread(target=lambda: summary.update(result=executor.run()))
    thread.start()
    me = psutil.Process()
    deadline = time.monotonic() + 60
    killed = False
    while time.monotonic() < deadline and not killed:
        states = {n.node_key: n.state for n in executor.status.get_node_states()}
        if states.get("Loader[a]_Synthesizer[slow]") == "running":
            time.sleep(1.0)  # mid-fit
            for child in me.children(recursive=False):  # the pool's worker, not helpers
                if "resource_tracker" not in " ".join(child.cmdline()):
                    os.kill(child.pid, signal.SIGKILL)
                    killed = True
        time.sleep(0.05)
    thread.join(timeout=120)
    assert killed
    result = summary["result"]
    assert result.failed_nodes == ("Loader[a]_Synthesizer[slow]",)
    [failed] = [n for n in executor.status.get_node_states() if n.state == "failed"]
    assert "worker process running this node died" in failed.error


def test_dask_loads_in_the_driver_while_workers_start_and_runs_siblings_at_once(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The run's own cluster: the Loader runs in this process while the workers are being
    prepared, and its output is copied to both workers, so its two children start together
    instead of queueing where the one copy is."""
    monkeypatch.chdir(tmp_path)
    executor = Executor({
        "Executor": {"random_state": 2, "backend": "dask", "max_workers": 2,
                     "log_level": "WARNING", "store": "memory"},
        "Loader": {"adult": {"filepath": "benchmark://adult-income", "nrows": 3000}},
        "Synthesizer": {name: {"method": "sdv", "model": "GaussianCopula"}
                        for name in ("a", "b")}})
    assert executor.run().state == "completed"
    runs = {t.node_key: t for t in executor.status.get_timing_records() if t.step_name == "run"}
    assert runs["Loader[adult]"].worker == worker_id()
    a, b = runs["Loader[adult]_Synthesizer[a]"], runs["Loader[adult]_Synthesizer[b]"]
    assert a.worker != b.worker
    assert a.start_time < b.end_time and b.start_time < a.end_time
