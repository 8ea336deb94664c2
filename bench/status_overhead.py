"""Executor + Status overhead per node, and memory per snapshot.

A tree of 1 Loader × N (default 200) ``custom_data`` synthesizers on a 1,000-row file, run
sequentially with the SQLite and the memory store. Overhead per node is the run's wall time
minus the time spent inside operators (their 'run' timing rows), divided by the node count.
Memory per snapshot is measured with tracemalloc while Status records 1,000 snapshots of
distinct 15-column schemas.

    .venv/bin/python bench/status_overhead.py [--experiments 200]
"""

from __future__ import annotations

import argparse
import gc
import sys
import tempfile
import time
import tracemalloc
import weakref
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).parents[1]))

from petsard import Executor, Status
from petsard.schema import infer_schema
from petsard.status.events import NodeEvent, NodeFacts
from petsard.status.sqlite_store import SQLiteStore

ADULT = Path(__file__).parents[1] / "petsard" / "datasets" / "adult-income.csv.gz"


def tree_run(folder: Path, experiments: int, store: str, checkpoint: bool) -> dict[str, float]:
    data = folder / "data.csv"
    if not data.exists():
        pd.read_csv(ADULT, na_values=["?"]).head(1000).to_csv(data, index=False)
    config = {
        "Executor": {"store": store, "runs_dir": str(folder / "runs"), "random_state": 0,
                     "log_level": "WARNING", "checkpoint": checkpoint},
        "Loader": {"data": {"filepath": str(data)}},
        "Synthesizer": {f"s{i:03d}": {"method": "custom_data", "filepath": str(data)}
                        for i in range(experiments)},
    }
    executor = Executor(config)
    started = time.perf_counter()
    executor.run()
    wall = time.perf_counter() - started
    timing = executor.get_timing()
    inside = timing.loc[timing["step_name"] == "run", "duration_seconds"].sum()
    nodes = experiments + 1
    # Data kept alive: the leaves' results only (the Loader's output is freed after its subtree).
    loader_output = weakref.ref(executor.status._path.entries["Loader"].data)  # current path
    kept = len(executor.get_result())
    del executor
    gc.collect()
    return {"nodes": nodes, "wall_s": wall, "nodes_per_s": nodes / wall,
            "overhead_ms_per_node": (wall - inside) / nodes * 1000,
            "results_kept": kept, "loader_frame_freed": loader_output() is None}


def snapshot_memory(folder: Path, count: int = 1000) -> dict[str, float]:
    """Bytes held per snapshot, counting its distinct 15-field schema (each node's output
    schema differs in its statistics, so none is shared)."""
    frame = pd.read_csv(ADULT, na_values=["?"]).head(1000)
    results = {}
    for kind in ("sqlite", "memory"):
        store = SQLiteStore(folder / f"mem-{kind}.sqlite") if kind == "sqlite" else None
        gc.collect()
        tracemalloc.start()
        status = Status(None, store=store) if store else Status(None)
        base = tracemalloc.get_traced_memory()[0]
        before = infer_schema(frame, "t")
        for i in range(count):
            schema = infer_schema(frame.sample(200, random_state=i), "t")  # frame not kept
            status.record(NodeEvent("done", NodeFacts(f"Synthesizer[s{i}]", "Synthesizer",
                                                      f"s{i}"), schema=schema,
                                    input_schema=before))
        gc.collect()
        results[kind] = (tracemalloc.get_traced_memory()[0] - base) / count
        tracemalloc.stop()
        status.close()
    return {"sqlite_bytes_per_snapshot": results["sqlite"],
            "memory_bytes_per_snapshot": results["memory"]}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--experiments", type=int, default=200)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        print(f"tree: 1 Loader x {args.experiments} custom_data synthesizers, 1,000 rows\n")
        print(f"{'store':20} {'nodes':>6} {'wall s':>8} {'nodes/s':>8} {'overhead ms/node':>17}"
              f" {'results':>8} {'Loader frame freed':>19}")
        for store, checkpoint in (("sqlite", False), ("sqlite", True), ("memory", False)):
            row = tree_run(folder, args.experiments, store, checkpoint)
            label = f"{store}{' + checkpoints' if checkpoint else ''}"
            print(f"{label:20} {row['nodes']:>6} {row['wall_s']:>8.2f} {row['nodes_per_s']:>8.1f}"
                  f" {row['overhead_ms_per_node']:>17.2f} {row['results_kept']:>8}"
                  f" {row['loader_frame_freed']!s:>19}")
        memory = snapshot_memory(folder)
        print("\nmemory per snapshot (15-column schemas, 1,000 snapshots, tracemalloc):")
        print(f"  SQLite store (Status caches + store):       "
              f"{memory['sqlite_bytes_per_snapshot'] / 1024:.1f} KB")
        print(f"  memory store (everything in this process): "
              f"{memory['memory_bytes_per_snapshot'] / 1024:.1f} KB")


if __name__ == "__main__":
    main()
