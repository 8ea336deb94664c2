"""1 Loader x 4 SDV GaussianCopula synthesizers (each its own seed) on adult-income:
sequential vs processes(2) vs dask(2) wall time.

    .venv/bin/python bench/parallel.py
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parents[1]))

from petsard import Executor


def config(backend: str) -> dict:
    return {
        "Executor": {"random_state": 0, "backend": backend, "max_workers": 2, "store": "memory",
                     "log_level": "WARNING"},
        "Loader": {"adult": {"filepath": "benchmark://adult-income"}},
        "Synthesizer": {f"gc{i}": {"method": "sdv", "model": "GaussianCopula"}
                        for i in range(1, 5)},
    }


def main() -> None:
    os.chdir(tempfile.mkdtemp())
    times = {}
    for backend in ("sequential", "processes", "dask"):
        started = time.perf_counter()
        summary = Executor(config(backend)).run()
        times[backend] = time.perf_counter() - started
        print(f"{backend:11} wall {times[backend]:6.1f} s   node time summed "
              f"{summary.node_seconds:6.1f} s   speed-up "
              f"{times['sequential'] / times[backend]:.2f}x", flush=True)


if __name__ == "__main__":
    main()
