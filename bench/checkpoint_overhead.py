"""Wall time of the default pipeline on adult-income with checkpoints on and off.

    .venv/bin/python bench/checkpoint_overhead.py [--repeat 5]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parents[1]))

from petsard import Executor


def config(checkpoint: bool, runs: str) -> dict:
    return {
        "Executor": {"random_state": 0, "runs_dir": runs, "checkpoint": checkpoint,
                     "log_level": "WARNING"},
        "Loader": {"adult": {"filepath": "benchmark://adult-income"}},
        "Splitter": {"split": {"train_split_ratio": 0.8}},
        "Preprocessor": {"pre": {"method": "default"}},
        "Synthesizer": {"gc": {"method": "default"}},
        "Postprocessor": {"post": {"method": "default"}},
        "Reporter": {"data": {"method": "save_data", "source": "Postprocessor",
                              "output_dir": "out"}},
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        os.chdir(tmp)
        times: dict[bool, list[float]] = {True: [], False: []}
        Executor(config(False, "warmup")).run()  # imports and caches
        for _ in range(args.repeat):
            for checkpoint in (False, True):
                started = time.perf_counter()
                Executor(config(checkpoint, f"runs-{checkpoint}")).run()
                times[checkpoint].append(time.perf_counter() - started)
        size = sum(f.stat().st_size for f in Path("runs-True").rglob("*") if f.is_file())
    off, on = min(times[False]), min(times[True])
    print("default pipeline on adult-income (Loader, Splitter, Preprocessor, default "
          "Synthesizer, Postprocessor, Reporter), best of", args.repeat)
    print(f"  checkpoint off: {off:.3f} s")
    print(f"  checkpoint on:  {on:.3f} s   (+{(on / off - 1) * 100:.1f}%)")
    print(f"  run folders with checkpoints: {size / 1e6 / args.repeat:.1f} MB per run")


if __name__ == "__main__":
    main()
