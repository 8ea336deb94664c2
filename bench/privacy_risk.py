"""Benchmark sdmetrics' record-level privacy evaluators on adult-income.

Run: .venv/bin/python bench/privacy_risk.py [--rows N] [--subsample N] [--iterations K]

The data of bench/evaluation.py: full adult-income (32,561 rows) split 80/20 with a fixed
seed, synthetic data from our GaussianCopula (the default synthesizer) fitted on the train
part, as many rows as train. sdmetrics compares every pair of rows in pandas, so the DCR
metrics run on subsamples (``--subsample`` rows of each table per iteration, averaged over
``--iterations``; all 26,048 x 26,048 pairs would take over half an hour per comparison
here).
The disclosure attack: an attacker knowing age (in 10 bins), gender, race and marital status
guesses income; the exact metric, then the estimate at sdmetrics' defaults (1,000 rows,
10 iterations).

Also checks the issue's target for the default synthesizer: the share of synthetic rows
closer to a training row than to an unseen one (DCROverfittingProtection's
closer_to_training) within 0.5 +/- 0.05.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("XDG_DATA_HOME", tempfile.mkdtemp(prefix="petsard-bench-"))

from evaluation import SEED, evaluation_data  # bench/evaluation.py: the same data

from petsard.evaluator import (
    DCRBaselineProtectionEvaluator,
    DCROverfittingProtectionEvaluator,
    DisclosureProtectionEstimateEvaluator,
    DisclosureProtectionEvaluator,
)

ATTACK = {"known_column_names": ["age", "gender", "race", "marital-status"],
          "sensitive_column_names": ["income"], "continuous_column_names": ["age"]}
SHARE_TARGET, SHARE_TOLERANCE = 0.5, 0.05
CLOSER_TO_TRAINING = "synthetic_data_percentages.closer_to_training"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=None, help="sample this many rows first")
    parser.add_argument("--subsample", type=int, default=1000,
                        help="DCR metrics: rows drawn from each table per iteration")
    parser.add_argument("--iterations", type=int, default=5,
                        help="DCR metrics: iterations averaged")
    args = parser.parse_args()

    data = evaluation_data(args.rows)
    print(f"adult-income: ori {len(data.ori)} rows, syn {len(data.syn)}, "
          f"control {len(data.control)}; seed {SEED}\n")
    start = time.perf_counter()
    import sdmetrics.single_table  # noqa: F401  (timed apart: the first user pays it)

    print(f"import sdmetrics.single_table: {time.perf_counter() - start:.2f} s\n")
    dcr = {"num_rows_subsample": args.subsample, "num_iterations": args.iterations}
    evaluators = [
        ("sdmetrics-dcrbaselineprotection", DCRBaselineProtectionEvaluator(**dcr)),
        ("sdmetrics-dcroverfittingprotection", DCROverfittingProtectionEvaluator(**dcr)),
        ("sdmetrics-disclosureprotection", DisclosureProtectionEvaluator(**ATTACK)),
        ("sdmetrics-disclosureprotectionestimate",
         DisclosureProtectionEstimateEvaluator(**ATTACK)),
    ]

    rows, share = [], None
    for name, evaluator in evaluators:
        start, cpu = time.perf_counter(), time.process_time()
        table = evaluator.evaluate(data)["global"]
        seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
        scores = table.iloc[0]
        headline = ", ".join(f"{k}={v:.4f}" for k, v in list(scores.items())[:3])
        settings = {k: v for k, v in evaluator.info_.items()
                    if k in ("num_rows_subsample", "num_iterations", "seed",
                             "computation_method", "notes")}
        rows.append((name, seconds, cpu, headline, settings))
        if CLOSER_TO_TRAINING in scores:
            share = float(scores[CLOSER_TO_TRAINING])

    width = max(len(r[0]) for r in rows)
    print(f"{'evaluator':<{width}}  {'seconds':>8}  {'cpu s':>8}  scores")
    for name, seconds, cpu, headline, _ in rows:
        print(f"{name:<{width}}  {seconds:8.2f}  {cpu:8.2f}  {headline}")
    print("\n(cpu s: this process's CPU time, the wall time of an idle machine; the scores are "
          "single-threaded)\nsettings used:")
    for name, _, _, _, settings in rows:
        print(f"  {name}: {settings}")
    if share is not None:
        within = abs(share - SHARE_TARGET) <= SHARE_TOLERANCE
        print(f"\nnearest-record share (closer to training than to control): {share:.4f} "
              f"(target {SHARE_TARGET} +/- {SHARE_TOLERANCE}: {'met' if within else 'NOT met'})")


if __name__ == "__main__":
    main()
