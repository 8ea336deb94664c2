"""The Loader (FileLoader.load, which infers the schema too) and infer_schema alone on
adult-income and on it resampled to 100,000 and 1,000,000 rows; each size in a fresh process.

    .venv/bin/python bench/loader.py [--rows 32561 100000 1000000] [--nrows N] [--code CHECKOUT]

``--code`` measures another checkout (e.g. an export of main, for a before/after table). The
resampled files are written to a temporary folder (rows drawn with replacement, seed 0, as
text, so '?' markers and spacing stay as in the original) and removed afterwards; 32,561
rows is the bundled benchmark itself (``benchmark://adult-income``, gzipped). ``--nrows``
loads only the first N rows of each file (the Loader's ``nrows``).
Columns: the process's RSS once petsard's loader is imported, the load's wall and CPU
seconds and the process's peak RSS after it; infer_schema on the loaded table: wall seconds
and the peak of the memory it allocates (tracemalloc, in a second run).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ADULT = ROOT / "petsard/datasets/adult-income.csv.gz"
SIZES = [32561, 100_000, 1_000_000]


def _status_mb(key: str) -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(key + ":"):
            return int(line.split()[1]) / 1024
    raise KeyError(key)


def one(code: str, path: str, nrows: int | None) -> None:
    """Runs in the child process: one load, then infer_schema on its table."""
    sys.path.insert(0, code)
    from petsard.loader.file_loader import FileLoader
    from petsard.schema.inference import infer_schema

    imported_mb = _status_mb("VmRSS")
    filepath = "benchmark://adult-income" if path == "bundled" else path
    na_values = None if path == "bundled" else "?"
    wall, cpu = time.perf_counter(), time.process_time()
    data, _ = FileLoader(filepath=filepath, na_values=na_values, nrows=nrows).load("adult")
    load_s, load_cpu = time.perf_counter() - wall, time.process_time() - cpu
    peak_mb = _status_mb("VmHWM")
    wall = time.perf_counter()
    infer_schema(data, "adult")
    infer_s = time.perf_counter() - wall
    tracemalloc.start()
    infer_schema(data, "adult")
    infer_mb = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    print(json.dumps({"rows": len(data), "imported_mb": imported_mb, "load_s": load_s,
                      "load_cpu": load_cpu, "peak_mb": peak_mb, "infer_s": infer_s,
                      "infer_mb": infer_mb}))


def resampled(rows: int, folder: Path) -> Path:
    import pandas as pd

    text = pd.read_csv(ADULT, dtype=str, keep_default_na=False)
    path = folder / f"adult-{rows}.csv"
    text.sample(n=rows, replace=True, random_state=0).to_csv(path, index=False)
    return path


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, nargs="+", default=SIZES)
    parser.add_argument("--nrows", type=int, help="load only the first N rows")
    parser.add_argument("--code", default=str(ROOT), help="the petsard checkout to measure")
    parser.add_argument("--one", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        one(args.code, args.one, args.nrows)
        return
    print(f"petsard from {args.code}" + (f", nrows={args.nrows}" if args.nrows else ""))
    print(f"{'rows':>10} {'imported MB':>12} {'load s':>7} {'cpu s':>6} {'peak RSS MB':>12} "
          f"{'infer_schema s':>15} {'its MB':>7}")
    with tempfile.TemporaryDirectory() as folder:
        for rows in args.rows:
            source = "bundled" if rows == 32561 else str(resampled(rows, Path(folder)))
            nrows = ["--nrows", str(args.nrows)] if args.nrows else []
            out = subprocess.run([sys.executable, __file__, "--code", args.code, "--one",
                                  source, *nrows], capture_output=True, text=True, check=True,
                                 cwd=folder)  # a benchmark leaves its copy there
            r = json.loads(out.stdout.strip().splitlines()[-1])
            print(f"{r['rows']:>10,} {r['imported_mb']:>12.0f} {r['load_s']:>7.2f} "
                  f"{r['load_cpu']:>6.2f} {r['peak_mb']:>12.0f} {r['infer_s']:>15.3f} "
                  f"{r['infer_mb']:>7.0f}")


if __name__ == "__main__":
    main()
