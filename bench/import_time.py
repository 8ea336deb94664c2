"""What petsard adds to a fresh process before any data is read: ``import petsard`` plus
building an Executor from the default pipeline's config (bench/pipeline.py), against a
process that imports only numpy and pandas. Best of ``--repeat`` fresh processes each; the
target is a difference of at most 0.15 s.

    .venv/bin/python bench/import_time.py [--repeat 7]

Each child times itself (wall and CPU) from its first line, so interpreter start-up is left
out of both; on a busy machine the CPU times are the steadier figure. petsard's bytecode is
written first, as an install does (see bench/pipeline.py; ``--no-bytecode`` skips it).
It also lists the heavy libraries the petsard process loaded (a default run needs none).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).parent))
from pipeline import ADULT, compile_petsard, config

HEAVY = ["scipy", "sklearn", "sdmetrics", "sdv", "torch", "anonymeter", "dask", "distributed",
         "plotly", "xgboost", "faker"]
BASELINE = """
import time; started, cpu = time.perf_counter(), time.process_time()
import json, sys
import numpy, pandas
print(json.dumps([time.perf_counter() - started, time.process_time() - cpu, []]))
"""
PETSARD = """
import time; started, cpu = time.perf_counter(), time.process_time()
import json, sys
import petsard
petsard.Executor(sys.argv[1])
wall, cpu = time.perf_counter() - started, time.process_time() - cpu
print(json.dumps([wall, cpu, sorted({m.split(".")[0] for m in sys.modules} & set(sys.argv[2:]))]))
"""


def best(code: str, repeat: int, *args: str) -> tuple[float, float, list[str]]:
    """(best wall time, best CPU time, heavy libraries loaded) over fresh processes."""
    runs = [json.loads(subprocess.run([sys.executable, "-c", code, *args], capture_output=True,
                                      text=True, check=True).stdout.strip().splitlines()[-1])
            for _ in range(repeat)]
    return (min(run[0] for run in runs), min(run[1] for run in runs),
            sorted({name for run in runs for name in run[2]}))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--no-bytecode", action="store_true",
                        help="do not compile petsard's bytecode first")
    args = parser.parse_args()
    if not args.no_bytecode:
        compile_petsard()
    with tempfile.TemporaryDirectory() as temp:
        path = Path(temp) / "pipeline.yaml"
        path.write_text(yaml.safe_dump(config(ADULT, Path(temp))))
        base_wall, base_cpu, _ = best(BASELINE, args.repeat)
        wall, cpu, heavy = best(PETSARD, args.repeat, str(path), *HEAVY)
    print(f"best of {args.repeat} fresh processes (load average {os.getloadavg()[0]:.2f})")
    print("                                             wall      CPU")
    print(f"  import numpy, pandas                     {base_wall:6.3f} s {base_cpu:6.3f} s")
    print(f"  import petsard + Executor(default config) {wall:6.3f} s {cpu:6.3f} s")
    print(f"  petsard adds (target 0.150 s)             {wall - base_wall:6.3f} s "
          f"{cpu - base_cpu:6.3f} s")
    print(f"  heavy libraries loaded: {', '.join(heavy) or 'none'}")


if __name__ == "__main__":
    main()
