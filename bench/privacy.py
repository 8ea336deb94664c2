"""Benchmark privacy on adult-income: the record-level privacy evaluators, the default
synthesizer's nearest-record share, and the differentially private synthesizers.

Run: OMP_NUM_THREADS=1 .venv/bin/python bench/privacy.py [--part all|evaluators|dp]
         evaluators: [--eval-rows N] [--subsample 1000] [--iterations 5]
         dp:         [--rows 5000] [--full] [--methods smartnoise-mst,smartnoise-aim]
                     [--timeout 900]

Evaluators: the data of bench/evaluation.py, full adult-income (32,561 rows) split 80/20 with
a fixed seed, synthetic data from our GaussianCopula (the default synthesizer) fitted on the
train part, as many rows as train. sdmetrics compares every pair of rows in pandas, so the DCR
metrics run on subsamples (``--subsample`` rows of each table per iteration, averaged over
``--iterations``; all 26,048 x 26,048 pairs would take over half an hour per comparison
here). The disclosure attack: an attacker knowing age (in 10 bins), gender, race and marital
status guesses income; the exact metric, then the estimate at sdmetrics' defaults (1,000
rows, 10 iterations). mpuccs runs at its defaults (every column combination, entropy
pruning). Also checks the issue's target for the default synthesizer: the share of synthetic
rows closer to a training row than to an unseen one (DCROverfittingProtection's
closer_to_training) within 0.5 +/- 0.05.

DP: each smartnoise method fits at ε=1 (preprocessor_eps 0.1 for the two numerical columns'
ranges) on ``--rows`` rows × 8 columns of adult-income, then samples as many rows; ``--full``
adds the whole table (32,561 rows). Every run is its own process, so each pays its imports and
jax's compilation as a user's first run would, and a run past ``--timeout`` is stopped and
reported.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("XDG_DATA_HOME", tempfile.mkdtemp(prefix="petsard-bench-"))

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

# -- evaluators ---------------------------------------------------------------------------

ATTACK = {"known_column_names": ["age", "gender", "race", "marital-status"],
          "sensitive_column_names": ["income"], "continuous_column_names": ["age"]}
SHARE_TARGET, SHARE_TOLERANCE = 0.5, 0.05
CLOSER_TO_TRAINING = "synthetic_data_percentages.closer_to_training"
SETTINGS = ("num_rows_subsample", "num_iterations", "seed", "computation_method",
            "max_baseline_cols", "min_entropy_delta", "notes")


def evaluators(rows: int | None, subsample: int, iterations: int) -> None:
    from evaluation import SEED, evaluation_data  # bench/evaluation.py: the same data

    from petsard.evaluator import (
        DCRBaselineProtectionEvaluator,
        DCROverfittingProtectionEvaluator,
        DisclosureProtectionEstimateEvaluator,
        DisclosureProtectionEvaluator,
        MPUCCsEvaluator,
    )

    data = evaluation_data(rows)
    print(f"adult-income: ori {len(data.ori)} rows, syn {len(data.syn)}, "
          f"control {len(data.control)}; seed {SEED}\n")
    start = time.perf_counter()
    import sdmetrics.single_table  # noqa: F401  (timed apart: the first user pays it)

    print(f"import sdmetrics.single_table: {time.perf_counter() - start:.2f} s\n")
    dcr = {"num_rows_subsample": subsample, "num_iterations": iterations}
    methods = [
        ("sdmetrics-dcrbaselineprotection", DCRBaselineProtectionEvaluator(**dcr)),
        ("sdmetrics-dcroverfittingprotection", DCROverfittingProtectionEvaluator(**dcr)),
        ("sdmetrics-disclosureprotection", DisclosureProtectionEvaluator(**ATTACK)),
        ("sdmetrics-disclosureprotectionestimate",
         DisclosureProtectionEstimateEvaluator(**ATTACK)),
        ("mpuccs", MPUCCsEvaluator()),
    ]

    results, share = [], None
    for name, evaluator in methods:
        start, cpu = time.perf_counter(), time.process_time()
        scores = evaluator.evaluate(data)["global"].iloc[0]
        seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
        headline = ", ".join(f"{k}={v:.4f}" for k, v in list(scores.items())[:3])
        settings = {k: v for k, v in evaluator.info_.items() if k in SETTINGS}
        results.append((name, seconds, cpu, headline, settings))
        if CLOSER_TO_TRAINING in scores:
            share = float(scores[CLOSER_TO_TRAINING])

    width = max(len(r[0]) for r in results)
    print(f"{'evaluator':<{width}}  {'seconds':>8}  {'cpu s':>8}  scores")
    for name, seconds, cpu, headline, _ in results:
        print(f"{name:<{width}}  {seconds:8.2f}  {cpu:8.2f}  {headline}")
    print("\n(cpu s: this process's CPU time, the wall time of an idle machine; the scores are "
          "single-threaded)\nsettings used:")
    for name, _, _, _, settings in results:
        print(f"  {name}: {settings}")
    if share is not None:
        within = abs(share - SHARE_TARGET) <= SHARE_TOLERANCE
        print(f"\nnearest-record share (closer to training than to control): {share:.4f} "
              f"(target {SHARE_TARGET} +/- {SHARE_TOLERANCE}: {'met' if within else 'NOT met'})")


# -- differentially private synthesizers ---------------------------------------------------

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
    start = time.perf_counter()
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return {"error": f"stopped after {timeout:.0f} s"}
    wall = time.perf_counter() - start
    if done.returncode != 0:
        return {"error": (done.stderr.strip().splitlines() or ["?"])[-1][:160]}
    return {**json.loads(done.stdout.strip().splitlines()[-1]), "wall_s": wall}


def dp_methods(rows: int, full: bool, methods: str | None, timeout: float) -> None:
    wanted = set(methods.split(",")) if methods else None
    sizes = [rows] + ([32_561] if full else [])
    print(f"adult-income × {len(COLUMNS)} columns, ε=1 (preprocessor_eps 0.1), "
          f"OMP_NUM_THREADS={os.environ.get('OMP_NUM_THREADS', 'unset')}, "
          f"{os.cpu_count()} cores; wall and CPU include the process's imports (CPU time is "
          "the steadier figure on a shared machine)\n")
    print(f"{'method':32} {'rows':>6} {'fit s':>8} {'sample s':>9} {'wall s':>8} "
          f"{'CPU s':>7} {'peak MiB':>9}  δ")
    for label, method, params in RUNS:
        if wanted and not wanted & {label, method}:
            continue
        for size in sizes:
            result = measure(method, params, size, timeout)
            if "error" in result:
                print(f"{label:32} {size:>6}  {result['error']}", flush=True)
                continue
            print(f"{label:32} {size:>6} {result['fit_s']:>8.1f} {result['sample_s']:>9.1f} "
                  f"{result['wall_s']:>8.1f} {result['cpu_s']:>7.1f} {result['peak_mib']:>9.0f}  "
                  f"{result['budget']['delta'] or '— (pure ε-DP)'}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--part", choices=("all", "evaluators", "dp"), default="all")
    parser.add_argument("--eval-rows", type=int, default=None,
                        help="evaluators: sample this many rows of adult-income first")
    parser.add_argument("--subsample", type=int, default=1000,
                        help="DCR metrics: rows drawn from each table per iteration")
    parser.add_argument("--iterations", type=int, default=5,
                        help="DCR metrics: iterations averaged")
    parser.add_argument("--rows", type=int, default=5000, help="DP: rows each method fits on")
    parser.add_argument("--full", action="store_true", help="DP: also the whole table")
    parser.add_argument("--methods", help="DP: comma-separated labels or methods to run")
    parser.add_argument("--timeout", type=float, default=900, help="DP: seconds per run")
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        method, params, rows = args.child
        print(json.dumps(child(method, json.loads(params), int(rows))))
        return
    if args.part in ("all", "evaluators"):
        evaluators(args.eval_rows, args.subsample, args.iterations)
    if args.part == "all":
        print()
    if args.part in ("all", "dp"):
        dp_methods(args.rows, args.full, args.methods, args.timeout)


if __name__ == "__main__":
    main()
