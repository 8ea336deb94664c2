"""Time surrogate identifiers over repeated draws from one fitted plan (the Constrainer's
resampling loop and the notebook Synthesizer sample again and again).

    .venv/bin/python bench/surrogates.py [--draws 20] [--rows 1000] [--real 5000]

A real table of ``--real`` rows with a name, an email and a phone field; one IdentifierPlan
completes ``--draws`` samples of ``--rows`` rows, each with its own seed. Prints the first
draw's seconds, the mean of the later ones and the total.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).parents[1]))

from petsard.schema import infer_schema
from petsard.synthesizer.identifiers import IdentifierPlan, IdentifierSettings


def real_table(rows: int) -> pd.DataFrame:
    from faker import Faker

    fake = Faker("en_US")
    fake.seed_instance(987654)
    rng = np.random.default_rng(0)
    return pd.DataFrame({
        "name": [fake.name() for _ in range(rows)],
        "email": [f"user{i}@example.org" for i in range(rows)],
        "phone": [f"0912-{rng.integers(100, 999)}-{rng.integers(100, 999)}"
                  for _ in range(rows)],
        "age": rng.integers(18, 90, rows)})


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--draws", type=int, default=20)
    parser.add_argument("--rows", type=int, default=1000)
    parser.add_argument("--real", type=int, default=5000)
    args = parser.parse_args()
    real = real_table(args.real)
    plan = IdentifierPlan.of(real, infer_schema(real), IdentifierSettings(), "bench", seed=0)
    print("identifier fields:", {k: v[0] for k, v in plan.fields.items()})
    rows = pd.DataFrame({"age": np.arange(args.rows)})
    seconds = []
    for seed in range(args.draws):
        start = time.perf_counter()
        plan.complete(rows, list(real.columns), seed)
        seconds.append(time.perf_counter() - start)
    print(f"{args.draws} draws of {args.rows} rows: first {seconds[0]:.3f} s, later mean "
          f"{np.mean(seconds[1:]):.3f} s, total {sum(seconds):.2f} s")


if __name__ == "__main__":
    main()
