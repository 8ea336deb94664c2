"""Benchmark the default synthesizer (our GaussianCopula) against SDV's GaussianCopula.

Run: .venv/bin/python bench/default_synthesizer.py [--rows-multiplier 10] [--with-sdv-10x]

On adult-income it reports fit+sample time, peak traced memory (tracemalloc peak of a
separate, untimed run: numpy buffers are traced, memory outside Python's allocators is
not) and the sdmetrics QualityReport scores of both synthesizers, then times ours on the
table replicated `--rows-multiplier` times, and checks the targets of the default.
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
import tracemalloc
import warnings
from pathlib import Path

os.environ["XDG_DATA_HOME"] = tempfile.mkdtemp(prefix="petsard-bench-")  # before sdv import

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from petsard.synthesizer.gaussian_copula import GaussianCopula  # noqa: E402

ADULT_PATHS = (
    ROOT / "petsard" / "datasets" / "adult-income.csv.gz",
    ROOT / "tests" / "data" / "adult-income.csv.gz",
    ROOT.parent / "shared" / "datasets" / "adult-income.csv",
)
SEED = 0


def load_adult() -> pd.DataFrame:
    path = next(p for p in ADULT_PATHS if p.exists())
    return pd.read_csv(path, na_values=["?"])


def sdtypes(data: pd.DataFrame) -> dict:
    """sdmetrics metadata from dtypes: the same column types for every synthesizer."""
    columns = {}
    for name, dtype in data.dtypes.items():
        if pd.api.types.is_bool_dtype(dtype):
            sdtype = "boolean"
        elif pd.api.types.is_datetime64_any_dtype(dtype):
            sdtype = "datetime"
        elif pd.api.types.is_numeric_dtype(dtype):
            sdtype = "numerical"
        else:
            sdtype = "categorical"
        columns[name] = {"sdtype": sdtype}
    return {"columns": columns}


def run_ours(data: pd.DataFrame, num_rows: int) -> tuple[pd.DataFrame, float]:
    start = time.perf_counter()
    synthetic = GaussianCopula(random_state=SEED).fit(data).sample(num_rows)
    return synthetic, time.perf_counter() - start


def run_sdv(data: pd.DataFrame, num_rows: int) -> tuple[pd.DataFrame, float]:
    from sdv.metadata import Metadata
    from sdv.single_table import GaussianCopulaSynthesizer

    start = time.perf_counter()
    metadata = Metadata.detect_from_dataframes({"t": data})
    synthesizer = GaussianCopulaSynthesizer(metadata)
    synthesizer.fit({"t": data})  # SDV 2.0 takes and returns {table name: DataFrame}
    synthetic = synthesizer.sample(num_rows)
    if isinstance(synthetic, dict):
        synthetic = synthetic["t"]
    return synthetic, time.perf_counter() - start


def peak_mib(run, data: pd.DataFrame) -> float:
    tracemalloc.start()
    run(data, len(data))
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak / 2**20


def quality(real: pd.DataFrame, synthetic: pd.DataFrame, all_pairs: bool) -> tuple[dict, str]:
    """Overall and property scores, and which pair thresholds were used.

    sdmetrics scores only pairs whose real correlation (association) passes a threshold
    by default; all_pairs sets the thresholds the report exposes to 0 to score every pair.
    """
    from sdmetrics.reports.single_table import QualityReport

    report = QualityReport()
    names = [
        n
        for n in ("real_correlation_threshold", "real_association_threshold")
        if hasattr(report, n)
    ]
    for name in names if all_pairs else ():
        setattr(report, name, 0)
    used = ", ".join(f"{n}={getattr(report, n)}" for n in names) or "sdmetrics defaults"
    report.generate(real, synthetic[real.columns], sdtypes(real), verbose=False)
    scores = report.get_properties().set_index("Property")["Score"].to_dict()
    return {"Overall": report.get_score(), **scores}, used


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows-multiplier", type=int, default=10)
    parser.add_argument("--with-sdv-10x", action="store_true", help="also scale SDV")
    parser.add_argument("--repeats", type=int, default=3, help="timed runs of ours (median)")
    args = parser.parse_args()
    warnings.filterwarnings("ignore")  # sdmetrics/SDV deprecation chatter

    adult = load_adult()
    print(f"adult-income: {adult.shape[0]} rows x {adult.shape[1]} columns")
    ours_times = []
    for _ in range(args.repeats):
        ours, elapsed = run_ours(adult, len(adult))
        ours_times.append(elapsed)
    ours_time = statistics.median(ours_times)
    sdv, sdv_time = run_sdv(adult, len(adult))
    ours_mem, sdv_mem = peak_mib(run_ours, adult), peak_mib(run_sdv, adult)

    for label, all_pairs in (("all pairs", True), ("default thresholds", False)):
        (q_ours, used), (q_sdv, _) = quality(adult, ours, all_pairs), quality(adult, sdv, all_pairs)
        print(f"\nQualityReport, {label} ({used})")
        if all_pairs:
            headline = (q_ours, q_sdv)
        for key in q_ours:
            print(f"  {key:<22} ours {q_ours[key]:.4f}   sdv {q_sdv[key]:.4f}")

    print("\npeak MiB: tracemalloc peak of a separate fit+sample run (numpy buffers included)")
    print(f"{'synthesizer':<24}{'fit+sample s':>14}{'peak MiB':>10}{'overall':>9}")
    for name, seconds, mib, scores in (
        ("ours GaussianCopula", ours_time, ours_mem, headline[0]),
        ("SDV GaussianCopula", sdv_time, sdv_mem, headline[1]),
    ):
        print(f"{name:<24}{seconds:>14.3f}{mib:>10.1f}{scores['Overall']:>9.4f}")

    k = args.rows_multiplier
    big = pd.concat([adult] * k, ignore_index=True)
    big_time = statistics.median(run_ours(big, len(big))[1] for _ in range(args.repeats))
    print(f"\nscaling x{k} rows ({len(big)}): ours {big_time:.3f} s = {big_time / ours_time:.1f}x")
    if args.with_sdv_10x:
        _, sdv_big = run_sdv(big, len(big))
        print(f"scaling x{k} rows: sdv {sdv_big:.3f} s = {sdv_big / sdv_time:.1f}x")

    speedup = sdv_time / ours_time
    targets = {
        ">= 20x faster than SDV": (f"{speedup:.0f}x", speedup >= 20),
        "overall >= 0.88": (f"{headline[0]['Overall']:.4f}", headline[0]["Overall"] >= 0.88),
        "overall >= SDV's": (
            f"{headline[0]['Overall']:.4f} vs {headline[1]['Overall']:.4f}",
            headline[0]["Overall"] >= headline[1]["Overall"],
        ),
        f"x{k} rows <= {1.2 * k:.0f}x time": (
            f"{big_time / ours_time:.1f}x",
            big_time / ours_time <= 1.2 * k,
        ),
    }
    print("\ntargets (all-pairs scores)")
    for name, (value, ok) in targets.items():
        print(f"  {'PASS' if ok else 'FAIL'}  {name:<24} {value}")


if __name__ == "__main__":
    main()
