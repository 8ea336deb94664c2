"""``sdmetrics-disclosureprotection`` and ``sdmetrics-disclosureprotectionestimate``: can an
attacker who knows some columns of a real person (``known_column_names``) learn their
``sensitive_column_names`` from the synthetic rows?

sdmetrics' CAP attack: for each training row, the synthetic rows with the same known values
vote for the sensitive values; ``cap_protection`` is 1 - the share of correct votes (rows
without a synthetic match are skipped, or count as protected with ``zero_cap``, or vote by
the closest known values with ``generalized_cap``). ``baseline_protection`` is what random
guessing gives (1 - 1 / the number of sensitive value combinations), and ``score`` is
``cap_protection / baseline_protection``, at most 1. Values are compared exactly: numerical
columns listed in ``continuous_column_names`` are first cut into ``num_discrete_bins``
equal-width bins of ori's range; missing values are a value of their own.

The exact metric goes through every training row in Python (~75 s of CPU for adult-income's
26,048 rows here); the estimate averages ``num_iterations`` runs on ``num_rows_subsample``
rows drawn from ori and from syn (sdmetrics' defaults: 1,000 rows, 10 iterations: ~8 s),
drawn from numpy's global generator (seeded, then restored) and recorded with the seed beside
the scores. The exact metric draws nothing.
"""

from __future__ import annotations

import dataclasses
from typing import Annotated, Any, ClassVar, Literal

import pandas as pd
from pydantic import Field

from petsard.evaluator.base import EvaluatorMethod
from petsard.evaluator.evaluation_data import (
    Aligned,
    EvaluationData,
    EvaluatorError,
    align,
    numpy_seed,
    one_row,
    seed_of,
)
from petsard.evaluator.sdmetrics_privacy import (
    PositiveInt,
    Seed,
    plain_dtypes,
    privacy_metrics,
    quiet,
)

Columns = Annotated[list[str], Field(min_length=1)]
ComputationMethod = Literal["cap", "zero_cap", "generalized_cap"]
SCORES = ("score", "cap_protection", "baseline_protection")
BINNABLE = ("numerical", "datetime")


class DisclosureProtectionEvaluator(EvaluatorMethod):
    """Protection of ``sensitive_column_names`` against an attacker who knows
    ``known_column_names``: ``score``, ``cap_protection``, ``baseline_protection``.

    computation_method: ``cap``, ``zero_cap`` or ``generalized_cap`` (any case, as sdmetrics
    takes it); continuous_column_names: numerical (or datetime) columns to bin first, into
    num_discrete_bins bins. Needs no control data.
    """

    measures = "privacy"
    name: ClassVar[str] = "sdmetrics-disclosureprotection"

    def __init__(
        self,
        *,
        known_column_names: Columns,
        sensitive_column_names: Columns,
        computation_method: ComputationMethod = "cap",
        continuous_column_names: list[str] | None = None,
        num_discrete_bins: PositiveInt = 10,
    ) -> None:
        self.known_column_names = known_column_names
        self.sensitive_column_names = sensitive_column_names
        self.computation_method = computation_method
        self.continuous_column_names = continuous_column_names
        self.num_discrete_bins = num_discrete_bins

    @classmethod
    def validate_params(cls, params: dict[str, Any], path: str
                        ) -> tuple[dict[str, Any], list[str]]:
        method = params.get("computation_method")
        if isinstance(method, str):
            params = {**params, "computation_method": method.lower()}
        params, problems = super().validate_params(params, path)
        if problems:
            return params, problems
        known, sensitive = params["known_column_names"], params["sensitive_column_names"]
        shared = [c for c in sensitive if c in known]
        if shared:
            problems.append(f"{path}.sensitive_column_names: {shared} are also known columns: "
                            "the attacker would already know what it tries to learn")
        stray = [c for c in params.get("continuous_column_names") or []
                 if c not in known and c not in sensitive]
        if stray:
            problems.append(f"{path}.continuous_column_names: {stray} are neither known nor "
                            "sensitive columns: list only columns of the attack")
        return params, problems

    def _cost(self, data: EvaluationData) -> dict[str, Any]:
        """Settings that bound the cost and the draws, recorded beside the scores: none for
        the exact metric, which draws nothing."""
        return {}

    def _compute(self, metrics: Any, ori: pd.DataFrame, syn: pd.DataFrame,
                 settings: dict[str, Any], cost: dict[str, Any]
                 ) -> tuple[dict[str, Any], list[str]]:
        return quiet(lambda: metrics.DisclosureProtection.compute_breakdown(
            real_data=ori, synthetic_data=syn, **settings))

    def evaluate(self, data: EvaluationData) -> dict[str, pd.DataFrame]:
        metrics = privacy_metrics()
        columns = [*self.known_column_names, *self.sensitive_column_names]
        present = [str(c) for c in data.ori.columns]
        unknown = [c for c in columns if c not in present]
        if unknown:
            raise EvaluatorError(f"{self.name}: known/sensitive_column_names name columns not "
                                 f"in the data: {unknown} (columns: {', '.join(present)})")
        aligned = align(dataclasses.replace(data, control=None))
        notes = aligned.note_lines()
        known = [c for c in self.known_column_names if c in aligned.columns]
        sensitive = [c for c in self.sensitive_column_names if c in aligned.columns]
        continuous = [c for c in self.continuous_column_names or [] if c in aligned.columns]
        cost = self._cost(data)
        self.info_: dict[str, Any] = {
            "known_column_names": known, "sensitive_column_names": sensitive,
            "computation_method": self.computation_method,
            "continuous_column_names": continuous, "num_discrete_bins": self.num_discrete_bins,
            **cost, "rows_ori": len(aligned.ori), "rows_syn": len(aligned.syn),
            "notes": notes}
        set_aside = [c for c in columns if c not in aligned.columns]
        if set_aside:
            notes.append(f"{set_aside} set aside (see the column notes)")
        if not known or not sensitive:
            notes.insert(0, f"no {'known' if not known else 'sensitive'} column can be "
                            "compared: not scored")
            return {"global": one_row({**dict.fromkeys(SCORES, float("nan")), **cost})}
        self._check_binnable(continuous, aligned)
        notes += self._exact_numbers(known + sensitive, continuous, aligned)
        attack = list(dict.fromkeys(known + sensitive))
        ori, syn = plain_dtypes(aligned.ori[attack]), plain_dtypes(aligned.syn[attack])
        breakdown, warned = self._compute(metrics, ori, syn, {
            "known_column_names": known, "sensitive_column_names": sensitive,
            "computation_method": self.computation_method,
            "continuous_column_names": continuous or None,
            "num_discrete_bins": self.num_discrete_bins}, cost)
        notes += warned
        return {"global": one_row({**{k: float(breakdown[k]) for k in SCORES}, **cost})}

    def _check_binnable(self, continuous: list[str], aligned: Aligned) -> None:
        wrong = {c: aligned.logical[c] for c in continuous if aligned.logical[c] not in BINNABLE}
        if wrong:
            described = ", ".join(f"'{c}' is {kind}" for c, kind in wrong.items())
            raise EvaluatorError(f"{self.name}: continuous_column_names must be numerical or "
                                 f"datetime columns to be binned; {described} in ori's schema")

    def _exact_numbers(self, columns: list[str], continuous: list[str], aligned: Aligned
                       ) -> list[str]:
        """Notes on numerical columns compared value by value although they have more
        distinct values than bins: few synthetic rows will match a real row exactly."""
        notes = []
        for column in columns:
            if column in continuous or aligned.logical[column] not in BINNABLE:
                continue
            distinct = aligned.ori[column].nunique()
            if distinct > self.num_discrete_bins:
                notes.append(f"{column}: {aligned.logical[column]} with {distinct} distinct "
                             "values compared exactly; list it in continuous_column_names to "
                             "bin it")
        return notes


class DisclosureProtectionEstimateEvaluator(DisclosureProtectionEvaluator):
    """DisclosureProtection averaged over subsamples: faster on large data. Adds
    num_rows_subsample (rows drawn from ori and from syn per iteration), num_iterations and
    random_state (None: the node's seed), recorded beside the scores."""

    name = "sdmetrics-disclosureprotectionestimate"

    def __init__(
        self,
        *,
        known_column_names: Columns,
        sensitive_column_names: Columns,
        computation_method: ComputationMethod = "cap",
        continuous_column_names: list[str] | None = None,
        num_discrete_bins: PositiveInt = 10,
        num_rows_subsample: PositiveInt = 1000,
        num_iterations: PositiveInt = 10,
        random_state: Seed = None,
    ) -> None:
        super().__init__(known_column_names=known_column_names,
                         sensitive_column_names=sensitive_column_names,
                         computation_method=computation_method,
                         continuous_column_names=continuous_column_names,
                         num_discrete_bins=num_discrete_bins)
        self.num_rows_subsample = num_rows_subsample
        self.num_iterations = num_iterations
        self.random_state = random_state

    def _cost(self, data: EvaluationData) -> dict[str, Any]:
        return {"num_rows_subsample": self.num_rows_subsample,
                "num_iterations": self.num_iterations,
                "seed": seed_of(self.random_state, data)}

    def _compute(self, metrics: Any, ori: pd.DataFrame, syn: pd.DataFrame,
                 settings: dict[str, Any], cost: dict[str, Any]
                 ) -> tuple[dict[str, Any], list[str]]:
        with numpy_seed(cost["seed"]):
            return quiet(lambda: metrics.DisclosureProtectionEstimate.compute_breakdown(
                real_data=ori, synthetic_data=syn, num_rows_subsample=self.num_rows_subsample,
                num_iterations=self.num_iterations, verbose=False, **settings))
