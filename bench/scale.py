"""Driver memory as the tree grows: 1 Loader x N default synthesizers on a 200-row table,
``keep_results: disk``; each size runs in a fresh process, which reports its peak RSS.

    .venv/bin/python bench/scale.py [--sizes 100 1000]
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).parents[1]


def one(leaves: int, folder: str) -> None:
    sys.path.insert(0, str(ROOT))
    import pandas as pd

    from petsard import Executor

    data = Path(folder) / "tiny.csv"
    pd.read_csv(ROOT / "petsard/datasets/adult-income.csv.gz", na_values=["?"]).head(
        200).to_csv(data, index=False)
    config = {
        "Executor": {"random_state": 0, "runs_dir": f"{folder}/runs", "keep_results": "disk",
                     "log_level": "WARNING"},
        "Loader": {"tiny": {"filepath": str(data)}},
        "Synthesizer": {f"s{i:04d}": {"method": "default"} for i in range(leaves)},
    }
    started = time.perf_counter()
    executor = Executor(config)
    summary = executor.run()
    wall = time.perf_counter() - started
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"leaves": leaves, "nodes": summary.nodes_done, "wall_s": wall,
                      "peak_rss_mb": peak_kb / 1024}))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000])
    parser.add_argument("--one", type=int)
    parser.add_argument("--folder")
    args = parser.parse_args()
    if args.one:
        one(args.one, args.folder)
        return
    rows = []
    for size in args.sizes:
        with tempfile.TemporaryDirectory() as folder:
            out = subprocess.run([sys.executable, __file__, "--one", str(size), "--folder",
                                  folder], capture_output=True, text=True, check=True)
            rows.append(json.loads(out.stdout.strip().splitlines()[-1]))
    for row in rows:
        print(f"{row['leaves']:>6} leaves  {row['nodes']:>6} nodes  {row['wall_s']:7.1f} s  "
              f"peak RSS {row['peak_rss_mb']:7.1f} MB")
    if len(rows) >= 2:
        print(f"peak RSS ratio {rows[-1]['peak_rss_mb'] / rows[0]['peak_rss_mb']:.2f}x "
              "(target < 1.5x)")


if __name__ == "__main__":
    main()
