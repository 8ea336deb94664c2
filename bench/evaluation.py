"""Benchmark the default evaluation of one synthetic table of adult-income.

Run: .venv/bin/python bench/evaluation.py [--rows N] [--with-stats]

Full adult-income (32,561 rows) split 80/20 with a fixed seed (the Splitter's method);
synthetic data = our GaussianCopula fitted on the train part, as many rows as train.
Each evaluator runs with its default settings, which are PETsARD 1.10.1's (inference:
secret=income; linkability: the two column groups of PETsARD's demo; mlutility:
classification of income) in this one process, in the order listed, so the first
sdmetrics / anonymeter / scikit-learn user pays that package's import (and anonymeter's
numba compilation, ~5 s): the total is what one Evaluator run of a fresh process costs.
Target: the total under 120 s on this machine.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("XDG_DATA_HOME", tempfile.mkdtemp(prefix="petsard-bench-"))

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from petsard.evaluator import (  # noqa: E402
    DiagnosticReportEvaluator,
    InferenceEvaluator,
    LinkabilityEvaluator,
    MLUtilityEvaluator,
    MPUCCsEvaluator,
    QualityReportEvaluator,
    SinglingOutEvaluator,
    StatsEvaluator,
)
from petsard.evaluator.evaluation_data import EvaluationData  # noqa: E402
from petsard.schema.inference import infer_schema  # noqa: E402
from petsard.splitter.methods import RandomSplitter  # noqa: E402
from petsard.synthesizer.gaussian_copula import GaussianCopula  # noqa: E402

SEED = 0
TARGET_SECONDS = 120.0
ADULT = ROOT / "petsard" / "datasets" / "adult-income.csv.gz"
LINKABILITY_COLUMNS = [["workclass", "education", "occupation", "race", "gender"],
                       ["age", "marital-status", "relationship", "native-country", "income"]]


def evaluation_data(rows: int | None) -> EvaluationData:
    data = pd.read_csv(ADULT, na_values=["?"])
    if rows:
        data = data.sample(rows, random_state=SEED).reset_index(drop=True)
    split = RandomSplitter(train_split_ratio=0.8).split(data, SEED, 1)
    train, control = split["train"], split["validation"]
    synthetic = GaussianCopula(random_state=SEED).fit(train).sample(len(train))
    return EvaluationData(ori=train, syn=synthetic, control=control,
                          schema=infer_schema(train, "adult-income"), seed=SEED)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=None, help="sample this many rows first")
    parser.add_argument("--with-stats", action="store_true", help="also time method: stats")
    args = parser.parse_args()

    data = evaluation_data(args.rows)
    print(f"adult-income: ori {len(data.ori)} rows, syn {len(data.syn)}, "
          f"control {len(data.control)}; seed {SEED}\n")
    evaluators = [
        ("default (sdmetrics-qualityreport)", QualityReportEvaluator()),
        ("sdmetrics-diagnosticreport", DiagnosticReportEvaluator()),
        ("anonymeter-singlingout", SinglingOutEvaluator()),
        ("anonymeter-linkability", LinkabilityEvaluator(aux_cols=LINKABILITY_COLUMNS)),
        ("anonymeter-inference (secret=income)", InferenceEvaluator(secret="income")),
        ("mpuccs", MPUCCsEvaluator()),
        ("mlutility (classification of income)",
         MLUtilityEvaluator(task_type="classification", target="income")),
    ]
    if args.with_stats:
        evaluators.append(("stats", StatsEvaluator()))

    rows = []
    for name, evaluator in evaluators:
        start = time.perf_counter()
        tables = evaluator.evaluate(data)
        seconds = time.perf_counter() - start
        table = tables["global"]
        scores = (table.set_index("metric").iloc[:, 0] if "metric" in table  # one row a metric
                  else table.iloc[0])
        headline = ", ".join(f"{k}={v:.3f}" for k, v in list(scores.items())[:3])
        settings = {k: v for k, v in evaluator.info_.items()
                    if k not in ("notes", "aux_cols", "metrics", "dropped_columns",
                                 "column_order")}
        rows.append((name, seconds, headline, settings))

    width = max(len(r[0]) for r in rows)
    print(f"{'evaluator':<{width}}  {'seconds':>8}  scores (first three)")
    for name, seconds, headline, _ in rows:
        print(f"{name:<{width}}  {seconds:8.2f}  {headline}")
    total = sum(r[1] for r in rows)
    print(f"{'total':<{width}}  {total:8.2f}  (target < {TARGET_SECONDS:.0f} s: "
          f"{'met' if total < TARGET_SECONDS else 'NOT met'})\n")
    print("settings used:")
    for name, _, _, settings in rows:
        print(f"  {name}: {settings}")


if __name__ == "__main__":
    main()
