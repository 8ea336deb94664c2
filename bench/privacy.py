"""Benchmark the differentially private synthesizers (``smartnoise-*``) on adult-income.

Run: OMP_NUM_THREADS=1 .venv/bin/python bench/privacy.py [--rows 5000] [--full]
         [--methods smartnoise-mst,smartnoise-aim] [--timeout 900]

Each method fits at ε=1 (preprocessor_eps 0.1 for the two numerical columns' ranges) on
``--rows`` rows × 8 columns of adult-income, then samples as many rows; ``--full`` adds the
whole table (32,561 rows). Every run is its own process, so each pays its imports and jax's
compilation as a user's first run would, and a run past ``--timeout`` is stopped and reported.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

COLUMNS = ["age", "workclass", "education", "marital-status", "race", "gender",
           "hours-per-week", "income"]
# (label, method, parameters beyond the budget)
RUNS = [
    ("mst", "smartnoise-mst", {}),
    ("aim", "smartnoise-aim", {}),
    ("mwem split_factor=3", "smartnoise-mwem", {"split_factor": 3}),
    ("mwem (default: one histogram)", "smartnoise-mwem", {}),
    ("dpctgan", "smartnoise-dpctgan", {}),
    ("patectgan", "smartnoise-patectgan", {}),
    ("dpgan", "smartnoise-dpgan", {}),
    ("pategan", "smartnoise-pategan", {}),
]
BUDGET = {"epsilon": 1.0, "preprocessor_eps": 0.1}


def child(method: str, params: dict, rows: int) -> dict:
    """One fit and sample, timed, in this process."""
    import pandas as pd

    from petsard.schema.inference import infer_schema
    from petsard.synthesizer import REGISTRY

    adult = pd.read_csv(ROOT / "petsard" / "datasets" / "adult-income.csv.gz", na_values=["?"])
    data = adult[COLUMNS] if rows >= len(adult) else adult[COLUMNS].sample(rows, random_state=0)
    data = data.reset_index(drop=True)
    cls = REGISTRY.get(method)
    clean, problems = cls.validate_params({**BUDGET, **params}, method)
    assert not problems, problems
    synthesizer = cls(**clean)
    start = time.perf_counter()
    synthesizer.fit(data, infer_schema(data, "adult"), seed=0)
    fitted = time.perf_counter()
    synthetic = synthesizer.sample(len(data), seed=0)
    sampled = time.perf_counter()
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return {"fit_s": fitted - start, "sample_s": sampled - fitted, "rows": len(synthetic),
            "cpu_s": usage.ru_utime + usage.ru_stime, "peak_mib": usage.ru_maxrss / 1024,
            "budget": synthesizer.info_["privacy"]}


def measure(method: str, params: dict, rows: int, timeout: float) -> dict:
    command = [sys.executable, __file__, "--child", method, json.dumps(params), str(rows)]
    env = {**os.environ, "OMP_NUM_THREADS": os.environ.get("OMP_NUM_THREADS", "1")}
    start = time.perf_counter()
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=timeout, env=env)
    except subprocess.TimeoutExpired:
        return {"error": f"stopped after {timeout:.0f} s"}
    wall = time.perf_counter() - start
    if done.returncode != 0:
        return {"error": (done.stderr.strip().splitlines() or ["?"])[-1][:160]}
    return {**json.loads(done.stdout.strip().splitlines()[-1]), "wall_s": wall}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=5000)
    parser.add_argument("--full", action="store_true", help="also the whole table")
    parser.add_argument("--methods", help="comma-separated labels or methods to run")
    parser.add_argument("--timeout", type=float, default=900)
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        method, params, rows = args.child
        print(json.dumps(child(method, json.loads(params), int(rows))))
        return
    wanted = set(args.methods.split(",")) if args.methods else None
    sizes = [args.rows] + ([32_561] if args.full else [])
    print(f"adult-income × {len(COLUMNS)} columns, ε=1 (preprocessor_eps 0.1), "
          f"OMP_NUM_THREADS={os.environ.get('OMP_NUM_THREADS', 'unset')}, "
          f"{os.cpu_count()} cores; wall and CPU include the process's imports (CPU time is "
          "the steadier figure on a shared machine)\n")
    print(f"{'method':32} {'rows':>6} {'fit s':>8} {'sample s':>9} {'wall s':>8} "
          f"{'CPU s':>7} {'peak MiB':>9}  δ")
    for label, method, params in RUNS:
        if wanted and not wanted & {label, method}:
            continue
        for rows in sizes:
            result = measure(method, params, rows, args.timeout)
            if "error" in result:
                print(f"{label:32} {rows:>6}  {result['error']}", flush=True)
                continue
            print(f"{label:32} {rows:>6} {result['fit_s']:>8.1f} {result['sample_s']:>9.1f} "
                  f"{result['wall_s']:>8.1f} {result['cpu_s']:>7.1f} {result['peak_mib']:>9.0f}  "
                  f"{result['budget']['delta'] or '— (pure ε-DP)'}", flush=True)


if __name__ == "__main__":
    main()
