"""Benchmark the Constrainer: resample to 32,561 valid rows from the default synthesizer.

Run: .venv/bin/python bench/constrainer.py [--repeats 3]

Fits our GaussianCopula (the default synthesizer) on the full adult-income table, samples
32,561 rows as the Synthesizer node would, then runs the ConstrainerOperator in resample
mode with the issue's three field constraints, and again with all four constraint kinds.
Prints trials, rows drawn, pass rate and seconds (median of the repeats, seeds differ).
"""

import argparse
import statistics
import sys
import time
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from petsard.constrainer import REGISTRY, ConstrainerOperator  # noqa: E402
from petsard.constrainer.apply_rules import validate  # noqa: E402
from petsard.engine.context import NodeOutput, PathContext  # noqa: E402
from petsard.experiment import ExperimentSpec  # noqa: E402
from petsard.schema.inference import infer_schema  # noqa: E402
from petsard.synthesizer.gaussian_copula import GaussianCopula  # noqa: E402

ADULT = ROOT / "petsard" / "datasets" / "adult-income.csv.gz"
THREE = {"field_constraints": [
    "age >= 18 & age <= 65",
    "hours-per-week >= 20 & hours-per-week <= 60",
    "income == '<=50K' | (age > 50 & hours-per-week < 40)",
]}
ALL_KINDS = {
    **THREE,
    "nan_groups": {"workclass": "delete", "occupation": {"erase": ["income"]},
                   "age": {"copy": "educational-num"}},
    "field_combinations": [[{"education": "income"},
                            {"Doctorate": [">50K"], "Masters": [">50K", "<=50K"]}]],
    "field_proportions": [{"fields": "education", "mode": "all", "tolerance": 0.1},
                          {"fields": "native-country", "mode": "missing", "tolerance": 0.03}],
}


class Sampler:
    """What the Synthesizer node hands the Constrainer: ``.sample(num_rows, seed)``."""

    def __init__(self, model: GaussianCopula) -> None:
        self.model = model

    def sample(self, num_rows: int, seed: int) -> pd.DataFrame:
        return self.model.sample(num_rows, random_state=seed)


def run_once(adult: pd.DataFrame, model: GaussianCopula, rules: dict, seed: int
             ) -> tuple[float, NodeOutput]:
    synthetic = model.sample(len(adult), random_state=seed)
    ctx = PathContext(node_key="Constrainer[bench]", module="Constrainer", experiment="bench",
                      seed=seed, ancestors={
                          "Loader": ("adult", NodeOutput(data=adult, schema=infer_schema(adult))),
                          "Synthesizer": ("default", NodeOutput(
                              data=synthetic, schema=infer_schema(synthetic),
                              artifacts={"synthesizer": Sampler(model)},
                              info={"method": "default"}))})
    params, problems = REGISTRY.get("resample").validate_params(dict(rules), "Constrainer.bench")
    assert not problems, problems
    spec = ExperimentSpec("Constrainer", "bench", "resample", params, REGISTRY.get("resample"))
    started = time.perf_counter()
    output = ConstrainerOperator(spec).run(ctx)
    elapsed = time.perf_counter() - started
    check = validate(spec.method_cls(**params).rules(), output.data, adult)
    assert len(output.data) == len(adult) and check.summary["satisfied"].all()
    return elapsed, output


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    adult = pd.read_csv(ADULT, na_values=["?"])
    started = time.perf_counter()
    model = GaussianCopula(random_state=0).fit(adult)
    print(f"fit GaussianCopula on {len(adult):,} rows: {time.perf_counter() - started:.2f} s")
    for name, rules in (("three field constraints", THREE), ("all four kinds", ALL_KINDS)):
        runs = [run_once(adult, model, rules, seed) for seed in range(args.repeats)]
        seconds = statistics.median(r[0] for r in runs)
        info = runs[len(runs) // 2][1].info
        print(f"{name}: {info['rows_out']:,} valid rows in {seconds:.2f} s (median of "
              f"{args.repeats}); trials {[r[1].info['trials'] for r in runs]}, rows drawn "
              f"{info['rows_drawn']:,}, pass rate {info['pass_rate']:.1%}")


if __name__ == "__main__":
    main()
