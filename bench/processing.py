"""Default Preprocessor (fit+transform) and Postprocessor on adult-income, at 1x and 10x rows,
next to the default synthesizer's fit time.

    .venv/bin/python bench/processing.py
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).parents[1]))

from petsard.loader.file_loader import FileLoader
from petsard.processor.preprocessor import plan_preprocessing
from petsard.synthesizer.gaussian_copula import GaussianCopula


def best_of(runs: int, work) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return min(times)


def measure(data: pd.DataFrame, schema) -> dict[str, float]:
    rng = np.random.default_rng(0)
    state = {}

    def pre() -> None:
        state["pipeline"] = plan_preprocessing({}, schema, "Preprocessor.bench")
        state["processed"] = state["pipeline"].fit_transform(data, rng)

    def post() -> None:
        state["pipeline"].inverse_transform(state["processed"], rng)

    def synth_fit() -> None:
        GaussianCopula(random_state=0).fit(data)

    return {"pre": best_of(3, pre), "post": best_of(3, post), "synth_fit": best_of(3, synth_fit)}


def main() -> None:
    data, schema = FileLoader(filepath="benchmark://adult-income").load("adult")
    rows = {}
    print(f"{'rows':>9} {'pre fit+transform s':>20} {'post s':>8} {'rows/s (pre)':>13} "
          f"{'default synth fit s':>20} {'(pre+post)/fit':>15}")
    for multiplier in (1, 10):
        frame = pd.concat([data] * multiplier, ignore_index=True)
        result = measure(frame, schema)
        rows[multiplier] = result
        share = (result["pre"] + result["post"]) / result["synth_fit"]
        print(f"{len(frame):>9,} {result['pre']:>20.3f} {result['post']:>8.3f} "
              f"{len(frame) / result['pre']:>13,.0f} {result['synth_fit']:>20.3f} {share:>15.2f}")
    ratio = (rows[10]["pre"] + rows[10]["post"]) / (rows[1]["pre"] + rows[1]["post"])
    print(f"\n10x rows take {ratio:.1f}x the time (target <= 12x)")


if __name__ == "__main__":
    main()
