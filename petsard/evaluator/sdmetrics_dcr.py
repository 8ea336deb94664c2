"""``sdmetrics-dcrbaselineprotection`` and ``sdmetrics-dcroverfittingprotection``: how close
synthetic rows are to real ones, by sdmetrics' distance to closest record (DCR).

The distance between two rows is the mean over the scored columns of: for numbers and
datetimes, the absolute difference over the reference column's range (at most 1); for
categories, 0 if equal, else 1. A row's DCR is its distance to the nearest reference row.

- DCRBaselineProtection: the median DCR of synthetic rows to ori, over the median DCR of
  random rows (drawn uniformly within ori's ranges and categories) to ori; 1 = the
  synthetic rows are no closer to the real ones than random data.
- DCROverfittingProtection: the share of synthetic rows closer to ori (the training rows)
  than to control (real rows the synthesizer did not see); 0.5 is what a synthesizer that
  does not memorise gives, and the score is ``min(2 * (1 - share), 1)``. It needs control
  data (a Splitter). Without subsampling, a larger ori favours "closer to training" by
  chance alone (0.8 after an 80/20 split, which is noted); subsampling draws the same
  number of rows from each.

Cost: sdmetrics compares every pair of rows in pandas, about 3 s of CPU per million pairs
here (two comparisons per metric and iteration). All of adult-income's 26,048 training rows
against as many synthetic rows is ~680 million pairs, over half an hour per comparison:
``num_rows_subsample`` (rows drawn from each table per iteration, as sdmetrics does) and
``num_iterations`` (scores averaged) bound it. Both default to sdmetrics' (no subsampling,
one iteration); a ``num_rows_subsample`` larger than a table it draws from is reduced to that
table's rows, with a note. The effective settings and the seed are in the ``global`` table
beside the scores (``num_rows_subsample`` NaN: all rows) and in ``info``.

Seeding: subsamples and the random baseline's missing values come from numpy's global
generator (seeded, then restored); the random baseline's values from the generator sdmetrics
seeds with its ``_seed`` class attribute, set on a subclass made for the call (sdmetrics'
class is not changed).
"""

from __future__ import annotations

from typing import Any, ClassVar

import pandas as pd

from petsard.evaluator.base import EvaluatorMethod
from petsard.evaluator.evaluation_data import (
    SDMETRICS_TABLE,
    Aligned,
    EvaluationData,
    EvaluatorError,
    align,
    control_in_pipeline,
    numpy_seed,
    require_control,
    sdmetrics_metadata,
    seed_of,
)
from petsard.evaluator.sdmetrics_privacy import (
    PositiveInt,
    Seed,
    plain_dtypes,
    privacy_metrics,
    quiet,
)

SMALL_VALIDATION_WARNING = "Your real_validation_data contains"


def _breakdown_row(breakdown: dict[str, Any], **settings: Any) -> pd.DataFrame:
    """sdmetrics' breakdown as one row, nested keys joined with dots in sdmetrics' order
    (``median_DCR_to_real_data.synthetic_data``), then the settings it was computed with."""
    return pd.json_normalize(breakdown).astype(float).assign(**settings)


def _require_columns(aligned: Aligned, name: str) -> None:
    """EvaluatorError when no column of ori can be compared with syn."""
    if not aligned.columns:
        raise EvaluatorError(f"{name}: no column of ori can be compared with syn "
                             f"({'; '.join(aligned.note_lines()) or 'no columns'})")


class _DCRProtection(EvaluatorMethod):
    """Settings, subsample checks and the result tables both DCR metrics share."""

    measures = "privacy"
    name: ClassVar[str]

    def __init__(self, *, num_rows_subsample: PositiveInt | None = None,
                 num_iterations: PositiveInt = 1, random_state: Seed = None) -> None:
        self.num_rows_subsample = num_rows_subsample
        self.num_iterations = num_iterations
        self.random_state = random_state

    @classmethod
    def validate_params(cls, params: dict[str, Any], path: str
                        ) -> tuple[dict[str, Any], list[str]]:
        params, problems = super().validate_params(params, path)
        if (not problems and params.get("num_rows_subsample") is None
                and params.get("num_iterations", 1) > 1):
            problems.append(f"{path}.num_iterations: more than 1 iteration needs "
                            "num_rows_subsample (each iteration draws a new subsample)")
        return params, problems

    def _subsample(self, tables: dict[str, pd.DataFrame], notes: list[str]) -> int | None:
        """num_rows_subsample, at most the rows of the smallest table it draws from."""
        wanted = self.num_rows_subsample
        if wanted is None:
            return None
        smallest = min(tables, key=lambda name: len(tables[name]))
        if len(tables[smallest]) < wanted:
            notes.append(f"num_rows_subsample reduced from {wanted} to "
                         f"{len(tables[smallest])} (the rows of {smallest})")
            return len(tables[smallest])
        return wanted

    def _prepare(self, data: EvaluationData) -> tuple[Aligned, list[str]]:
        aligned = align(data)
        _require_columns(aligned, self.name)
        aligned.ori, aligned.syn = plain_dtypes(aligned.ori), plain_dtypes(aligned.syn)
        if aligned.control is not None:
            aligned.control = plain_dtypes(aligned.control)
        return aligned, aligned.note_lines()

    def _tables(self, breakdown: dict[str, Any], aligned: Aligned, subsample: int | None,
                seed: int, notes: list[str]) -> dict[str, pd.DataFrame]:
        self.info_: dict[str, Any] = {
            "num_rows_subsample": subsample, "num_iterations": self.num_iterations,
            "seed": seed,
            "rows_ori": len(aligned.ori), "rows_syn": len(aligned.syn),
            "rows_control": None if aligned.control is None else len(aligned.control),
            "columns_scored": len(aligned.columns), "notes": notes}
        # No subsampling is NaN in the table (a missing number, the same in every store).
        return {"global": _breakdown_row(
            breakdown, num_rows_subsample=float("nan") if subsample is None else subsample,
            num_iterations=self.num_iterations, seed=seed)}


class DCRBaselineProtectionEvaluator(_DCRProtection):
    """Distance of synthetic rows to the training rows, relative to random data's:
    ``score``, ``median_DCR_to_real_data.synthetic_data`` and
    ``.random_data_baseline``. Needs no control data."""

    name = "sdmetrics-dcrbaselineprotection"

    def evaluate(self, data: EvaluationData) -> dict[str, pd.DataFrame]:
        metrics = privacy_metrics()
        aligned, notes = self._prepare(data)
        seed = seed_of(self.random_state, data)
        subsample = self._subsample({"ori": aligned.ori, "syn": aligned.syn}, notes)
        # sdmetrics seeds the random baseline's generator from the class attribute _seed.
        metric = type("SeededDCRBaselineProtection", (metrics.DCRBaselineProtection,),
                      {"_seed": seed})
        with numpy_seed(seed):
            breakdown, warned = quiet(lambda: metric.compute_breakdown(
                real_data=aligned.ori, synthetic_data=aligned.syn,
                metadata=sdmetrics_metadata(aligned.sdtypes()),
                table_name=SDMETRICS_TABLE,
                num_rows_subsample=subsample, num_iterations=self.num_iterations))
        return self._tables(breakdown, aligned, subsample, seed, notes + warned)


class DCROverfittingProtectionEvaluator(_DCRProtection):
    """Whether synthetic rows sit closer to the training rows than to unseen real rows:
    ``score``, ``synthetic_data_percentages.closer_to_training`` (the share; 0.5 is ideal)
    and ``.closer_to_holdout``. Needs control data (a Splitter)."""

    name = "sdmetrics-dcroverfittingprotection"

    @classmethod
    def check_pipeline(cls, params: dict[str, Any], path: str, modules: list[str]) -> list[str]:
        return control_in_pipeline(cls.name, path, modules)

    def evaluate(self, data: EvaluationData) -> dict[str, pd.DataFrame]:
        metrics = privacy_metrics()
        require_control(data, self.name)
        aligned, notes = self._prepare(data)
        seed = seed_of(self.random_state, data)
        subsample = self._subsample(
            {"ori": aligned.ori, "syn": aligned.syn, "control": aligned.control}, notes)
        with numpy_seed(seed):
            breakdown, warned = quiet(lambda: metrics.DCROverfittingProtection.compute_breakdown(
                real_training_data=aligned.ori, synthetic_data=aligned.syn,
                real_validation_data=aligned.control,
                metadata=sdmetrics_metadata(aligned.sdtypes()),
                table_name=SDMETRICS_TABLE, num_rows_subsample=subsample,
                num_iterations=self.num_iterations))
        # sdmetrics' warning on a small validation set, replaced by what it means here.
        warned = [w for w in warned if not w.startswith(SMALL_VALIDATION_WARNING)]
        if subsample is None and len(aligned.ori) != len(aligned.control):
            warned.append(_unequal_sizes(len(aligned.ori), len(aligned.control)))
        return self._tables(breakdown, aligned, subsample, seed, notes + warned)


def _unequal_sizes(training: int, control: int) -> str:
    chance = training / (training + control)
    return (f"all rows compared: ori has {training} rows and control {control}, so even "
            "without memorisation a synthetic row's nearest real row is in ori for about "
            f"{chance:.0%} of rows (closer_to_training is {chance:.2f} by chance alone); set "
            f"num_rows_subsample (at most {min(training, control)}) to compare as many rows "
            "of each")
