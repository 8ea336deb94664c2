"""Benchmark the native fidelity metrics against sdmetrics 0.32: speed and equality.

Run: .venv/bin/python bench/fidelity_metrics.py [--repeats N]

Speed, on adult-income (32,561 rows, '?' as missing) against as many rows from our
GaussianCopula: each engine runs in fresh processes that first import petsard and load the
tables (what every PETsARD process has done before it evaluates); then the engine's import
and its QualityReport and DiagnosticReport (all pairs scored) are timed. sdmetrics' import is
timed by the clock around ``import sdmetrics.reports``; the native package is imported by
petsard itself, so its import is read from ``python -X importtime`` (the cumulative time of
``petsard.evaluator.fidelity``, submodules included). Medians over ``--repeats`` processes.
Target: native >= 20x faster than sdmetrics, imports included.

Equality: both engines through the evaluators, as a run calls them, on every bundled and
test dataset (each against our GaussianCopula's rows, or the bundled synthetic / control
split), quality report with all pairs and with sdmetrics' thresholds, and the diagnostic
report: the largest absolute difference of any score, correlation or association.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

SEED = 0
TARGET_SPEEDUP = 20.0
BUNDLED = ROOT / "petsard" / "datasets"
DATA = ROOT / "tests" / "data"
NUMBERS = ("Score", "Column Shapes", "Column Pair Trends", "Data Validity", "Data Structure",
           "Real Correlation", "Synthetic Correlation", "Real Association")


def load(path: Path, **options: object) -> tuple[pd.DataFrame, object]:
    from petsard.loader.file_loader import FileLoader

    return FileLoader(filepath=str(path), **options).load("data")


def synthetic_for(data: pd.DataFrame) -> pd.DataFrame:
    from petsard.synthesizer.gaussian_copula import GaussianCopula

    return GaussianCopula(random_state=SEED).fit(data).sample(len(data))


# ---- speed: one engine in a fresh process -------------------------------------------------

def child(engine: str, tables: Path) -> None:
    """Run in a fresh process: print the engine's import and compute seconds as JSON."""
    import petsard.evaluator  # noqa: F401 - what any PETsARD process has imported

    real = pd.read_pickle(tables / "real.pkl")
    syn = pd.read_pickle(tables / "syn.pkl")
    sdtypes = json.loads((tables / "sdtypes.json").read_text(encoding="utf-8"))
    result = {}
    if engine == "sdmetrics":
        start = time.perf_counter()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            import sdmetrics.reports  # noqa: F401
        result["import"] = time.perf_counter() - start
        from petsard.evaluator.fidelity import sdmetrics_engine as reports
    else:
        from petsard.evaluator.fidelity import reports
    start = time.perf_counter()
    reports.quality_report(real, syn, sdtypes, seed=SEED)
    result["quality"] = time.perf_counter() - start
    start = time.perf_counter()
    reports.diagnostic_report(real, syn, sdtypes)
    result["diagnostic"] = time.perf_counter() - start
    print(json.dumps(result))


def _fidelity_import_seconds(stderr: str) -> float:
    """The cumulative import time of the native package, from -X importtime's lines."""
    for line in stderr.splitlines():
        if line.startswith("import time:") and line.split("|")[-1].strip() == (
                "petsard.evaluator.fidelity"):
            return int(line.split("|")[1]) / 1e6
    raise RuntimeError("petsard.evaluator.fidelity was not in -X importtime's output")


def time_engine(engine: str, tables: Path) -> dict[str, float]:
    command = [sys.executable, *(["-X", "importtime"] if engine == "native" else []),
               __file__, "--child", engine, "--tables", str(tables)]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(command, capture_output=True, text=True, check=True, env=env)
    result = json.loads(done.stdout.strip().splitlines()[-1])
    if engine == "native":
        result["import"] = _fidelity_import_seconds(done.stderr)
    return result


def speed(repeats: int) -> None:
    from petsard.evaluator.evaluation_data import EvaluationData, align, schema_for

    adult, schema = load(BUNDLED / "adult-income.csv.gz", na_values="?")
    syn = synthetic_for(adult)
    aligned = align(EvaluationData(adult, syn, None, schema_for(adult, schema), SEED))
    sdtypes = aligned.sdtypes()
    print(f"speed: adult-income {len(adult):,} rows x {len(sdtypes)} columns against "
          f"{len(syn):,} GaussianCopula rows; median of {repeats} fresh processes each\n")
    with tempfile.TemporaryDirectory(prefix="petsard-bench-") as folder:
        tables = Path(folder)
        aligned.ori.to_pickle(tables / "real.pkl")
        aligned.syn.to_pickle(tables / "syn.pkl")
        (tables / "sdtypes.json").write_text(json.dumps(sdtypes), encoding="utf-8")
        runs = {engine: [time_engine(engine, tables) for _ in range(repeats)]
                for engine in ("sdmetrics", "native")}
    medians = {engine: {k: statistics.median(r[k] for r in results)
                        for k in ("import", "quality", "diagnostic")}
               for engine, results in runs.items()}
    print(f"{'engine':<10} {'import s':>9} {'quality s':>10} {'diagnostic s':>13} {'total s':>8}")
    for engine, m in medians.items():
        print(f"{engine:<10} {m['import']:9.3f} {m['quality']:10.3f} {m['diagnostic']:13.3f} "
              f"{sum(m.values()):8.3f}")
    total = {engine: sum(m.values()) for engine, m in medians.items()}
    compute = {engine: m["quality"] + m["diagnostic"] for engine, m in medians.items()}
    speedup = total["sdmetrics"] / total["native"]
    print(f"\nnative is {speedup:.0f}x faster including imports (target >= "
          f"{TARGET_SPEEDUP:.0f}x: {'met' if speedup >= TARGET_SPEEDUP else 'NOT met'}), "
          f"{compute['sdmetrics'] / compute['native']:.0f}x on the reports alone\n")


# ---- equality: both engines on every dataset ----------------------------------------------

def datasets() -> dict[str, tuple[pd.DataFrame, pd.DataFrame, object]]:
    schema_file = str(BUNDLED / "adult-income_schema.yaml")
    ori, schema = load(BUNDLED / "adult-income_ori.csv.gz", schema=schema_file)
    found = {
        "adult-income_ori vs _syn": (ori, load(BUNDLED / "adult-income_syn.csv.gz",
                                               schema=schema_file)[0], schema),
        "adult-income_ori vs _control": (ori, load(BUNDLED / "adult-income_control.csv.gz",
                                                   schema=schema_file)[0], schema),
    }
    adult, adult_schema = load(BUNDLED / "adult-income.csv.gz", na_values="?")
    found["adult-income vs copula"] = (adult, synthetic_for(adult), adult_schema)
    for name in ("insurance.csv", "titanic-train.csv", "california_housing_sample.csv"):
        data, data_schema = load(DATA / name)
        found[f"{name} vs copula"] = (data, synthetic_for(data), data_schema)
    return found


def largest_difference(ours: dict[str, pd.DataFrame], theirs: dict[str, pd.DataFrame]
                       ) -> float:
    largest = 0.0
    for name, table in ours.items():
        other = theirs[name]
        assert list(table.columns) == list(other.columns), name
        for column in (c for c in table.columns if c in NUMBERS):
            a, b = table[column].to_numpy(np.float64), other[column].to_numpy(np.float64)
            assert (np.isnan(a) == np.isnan(b)).all(), (name, column)
            if not np.isnan(a).all():
                largest = max(largest, float(np.nanmax(np.abs(a - b))))
    return largest


def equality() -> None:
    from petsard.evaluator import DiagnosticReportEvaluator, QualityReportEvaluator
    from petsard.evaluator.evaluation_data import EvaluationData, schema_for

    evaluators = {"quality, all pairs": lambda e: QualityReportEvaluator(engine=e),
                  "quality, thresholds": lambda e: QualityReportEvaluator(engine=e,
                                                                          all_pairs=False),
                  "diagnostic": lambda e: DiagnosticReportEvaluator(engine=e)}
    print("equality: largest |native - sdmetrics| over every score, correlation, association")
    overall = 0.0
    for name, (ori, syn, schema) in datasets().items():
        data = EvaluationData(ori, syn, None, schema_for(ori, schema), SEED)
        gaps = {label: largest_difference(make("native").evaluate(data),
                                          make("sdmetrics").evaluate(data))
                for label, make in evaluators.items()}
        overall = max(overall, *gaps.values())
        shown = ", ".join(f"{label} {gap:.1e}" for label, gap in gaps.items())
        print(f"  {name:<40} {len(ori):>6,} rows: {shown}")
    print(f"largest difference over all datasets: {overall:.2e} (tolerance 1e-9: "
          f"{'met' if overall <= 1e-9 else 'NOT met'})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3, help="fresh processes per engine")
    parser.add_argument("--child", choices=["native", "sdmetrics"], help=argparse.SUPPRESS)
    parser.add_argument("--tables", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child, args.tables)
        return
    warnings.simplefilter("ignore")
    speed(args.repeats)
    equality()


if __name__ == "__main__":
    main()
