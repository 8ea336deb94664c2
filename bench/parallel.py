"""1 Loader x 4 SDV GaussianCopula synthesizers (each its own seed) on adult-income:
sequential vs processes(2) vs dask(2) wall time. Dask is measured twice: with a LocalCluster
the run starts itself (cluster start and shutdown included), and against an already running
cluster (``dask_address``) whose workers have imported SDV in earlier work, as a user with a
cluster would run it.

    .venv/bin/python bench/parallel.py
"""

from __future__ import annotations

import importlib
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parents[1]))

from petsard import Executor


def config(backend: str, address: str | None = None) -> dict:
    return {
        "Executor": {"random_state": 0, "backend": backend, "max_workers": 2, "store": "memory",
                     "log_level": "WARNING", **({"dask_address": address} if address else {})},
        "Loader": {"adult": {"filepath": "benchmark://adult-income"}},
        "Synthesizer": {f"gc{i}": {"method": "sdv", "model": "GaussianCopula"}
                        for i in range(1, 5)},
    }


def timed(label: str, settings: dict, baseline: float | None) -> float:
    started = time.perf_counter()
    summary = Executor(settings).run()
    wall = time.perf_counter() - started
    speed = f"{baseline / wall:.2f}x" if baseline else "1.00x"
    print(f"{label:22} wall {wall:6.1f} s   node time summed {summary.node_seconds:6.1f} s   "
          f"speed-up {speed}", flush=True)
    return wall


def _import_sdv() -> None:
    importlib.import_module("sdv")


def main() -> None:
    os.chdir(tempfile.mkdtemp())
    base = timed("sequential", config("sequential"), None)
    timed("processes (2)", config("processes"), base)
    timed("dask (2), own cluster", config("dask"), base)
    import dask
    from distributed import Client, LocalCluster

    with dask.config.set({"distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_": None}), \
            LocalCluster(n_workers=2, threads_per_worker=1, dashboard_address=None) as cluster, \
            Client(cluster) as client:
        client.run(importlib.import_module, "sdv")  # a running cluster has worked before
        timed("dask (2), running", config("dask", cluster.scheduler_address), base)

if __name__ == "__main__":
    main()
