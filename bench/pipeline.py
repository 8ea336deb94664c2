"""The default pipeline as a user runs it, in a fresh process: wall time, peak memory, and the
time of each module and step.

Loader (adult-income, '?' missing) -> Preprocessor default -> Synthesizer default ->
Postprocessor default -> Evaluator default -> Reporter save_report (global, columnwise).

    .venv/bin/python bench/pipeline.py [--rows N] [--repeat 3]

``--rows`` resamples adult-income to N rows (with replacement, seed 0) in a temporary folder.
Wall time and peak RSS are the child process's, imports included. petsard's bytecode is
compiled first, as installing a package does (where PYTHONDONTWRITEBYTECODE is set, every
process would otherwise compile ~130 modules: 0.05-0.15 s here); ``--no-bytecode`` skips it.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd
import yaml

ROOT = Path(__file__).parents[1]
ADULT = ROOT / "petsard" / "datasets" / "adult-income.csv.gz"
CHILD = """
import json, sys
from petsard import Executor
executor = Executor(sys.argv[1])
executor.run()
timing = executor.get_timing()
print(json.dumps(timing[["module_name", "step_name", "duration_seconds"]]
                 .to_dict("records")))
"""


def config(data: Path, folder: Path) -> dict:
    return {
        "Executor": {"random_state": 0, "store": "memory", "log_level": "WARNING"},
        "Loader": {"data": {"filepath": str(data), "na_values": "?"}},
        "Preprocessor": {"pre": {"method": "default"}},
        "Synthesizer": {"syn": {"method": "default"}},
        "Postprocessor": {"post": {"method": "default"}},
        "Evaluator": {"quality": {"method": "default"}},
        "Reporter": {"report": {"method": "save_report", "granularity": ["global", "columnwise"],
                                "output_dir": str(folder), "overwrite": True}},
    }


def data_file(rows: int | None, folder: Path) -> Path:
    if rows is None:
        return ADULT
    path = folder / f"adult-{rows}.csv"
    table = pd.read_csv(ADULT, dtype=str, keep_default_na=False)
    table.sample(rows, replace=True, random_state=0).to_csv(path, index=False)
    return path


def compile_petsard() -> None:
    """Write the bytecode of the petsard the child imports into its __pycache__ folders."""
    spec = importlib.util.find_spec("petsard")
    assert spec is not None and spec.submodule_search_locations, "petsard is not importable"
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    subprocess.run([sys.executable, "-m", "compileall", "-q",
                    *spec.submodule_search_locations], env=env, check=True)


def run_once(config_path: Path) -> dict:
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", CHILD, str(config_path)], capture_output=True,
                          text=True, check=True, cwd=config_path.parent)
    wall = time.perf_counter() - started
    peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    steps = json.loads(done.stdout.strip().splitlines()[-1])
    return {"wall": wall, "peak_mb": max(peak_kb, before) / 1024, "steps": steps}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=None)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--no-bytecode", action="store_true",
                        help="do not compile petsard's bytecode first "
                             "(bytecode already there is used)")
    args = parser.parse_args()
    if not args.no_bytecode:
        compile_petsard()
    with tempfile.TemporaryDirectory() as temp:
        folder = Path(temp)
        path = folder / "pipeline.yaml"
        path.write_text(yaml.safe_dump(config(data_file(args.rows, folder), folder)))
        runs = [run_once(path) for _ in range(args.repeat)]
    best = min(runs, key=lambda r: r["wall"])
    print(f"default pipeline on {args.rows or 32561:,} rows, {args.repeat} fresh processes"
          + (", petsard from source (no bytecode)" if args.no_bytecode else ""))
    print(f"wall: best {best['wall']:.2f} s, all " +
          ", ".join(f"{r['wall']:.2f}" for r in runs))
    print(f"peak RSS of a run: {max(r['peak_mb'] for r in runs):.0f} MB "
          "(children's maximum: every run's peak is at most this)")
    print("\nseconds per module and step (best run):")
    for row in best["steps"]:
        print(f"  {row['module_name']:14} {row['step_name']:18} {row['duration_seconds']:.3f}")


if __name__ == "__main__":
    main()
