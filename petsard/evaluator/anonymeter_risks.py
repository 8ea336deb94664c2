"""Privacy risks measured by anonymeter's attacks: singling out, linkability, inference.

Each attack is run on ori (the synthesizer's training rows) and on control (real rows it
never saw); the risk is the attack's excess success on ori over control, with a confidence
interval. So every method needs control data: a Splitter in the config (checked before the
run by ``check_pipeline``) and at least MIN_CONTROL_ROWS control rows (checked at evaluate
time). When ori or control has fewer rows than ``n_attacks``, the attacks are reduced to the
smaller size and ``info['notes']`` says so.

Seeding: anonymeter draws targets with numpy's global generator (seeded here and restored
afterwards), singling out takes a seed, and the linkability baseline (unseeded in anonymeter
1.1) is redrawn here with the seed.
"""

from __future__ import annotations

import warnings
from typing import Annotated, Any, ClassVar, Literal

import numpy as np
import pandas as pd
from pydantic import Field

from petsard.evaluator.anonymeter_shims import (
    SINGLING_OUT_MODULE,
    anonymeter_evaluators,
    logged,
    numpy_seed,
    ordered_singling_out,
    seed_linkability_baseline,
)
from petsard.evaluator.base import EvaluatorMethod
from petsard.evaluator.evaluation_data import (
    MIN_CONTROL_ROWS,
    Aligned,
    EvaluationData,
    EvaluatorError,
    align,
    as_text,
    one_row,
    require,
    seed_of,
)

PositiveInt = Annotated[int, Field(ge=1)]
ConfidenceLevel = Annotated[float, Field(gt=0, lt=1)]
Seed = Annotated[int, Field(ge=0)] | None
ROLES = ("attack", "baseline", "control")


def _attack_table(table: pd.DataFrame, aligned: Aligned) -> pd.DataFrame:
    """anonymeter's type detection must agree across tables: numbers as floats (datetimes as
    days since 1970), everything else as text."""
    out = {}
    for name in table.columns:
        series = table[name]
        kind = aligned.logical.get(str(name), "categorical")
        if kind == "numerical":
            out[name] = series.astype(float)
        elif kind == "datetime":
            out[name] = (series - pd.Timestamp(0)) / pd.Timedelta(days=1)
        else:
            out[name] = as_text(series)
    return pd.DataFrame(out, index=table.index)


def _empty_result(reason: str) -> dict[str, pd.DataFrame]:
    """NaN scores with the reason, for data the attack cannot run on."""
    nan = float("nan")
    return {
        "global": one_row({"risk": nan, "risk_ci_low": nan, "risk_ci_high": nan,
                           "attack_rate": nan, "attack_rate_err": nan, "baseline_rate": nan,
                           "baseline_rate_err": nan, "control_rate": nan,
                           "control_rate_err": nan}),
        "details": pd.DataFrame({"attacker": list(ROLES), "n_attacks": [np.nan] * 3,
                                 "n_success": [np.nan] * 3, "rate": [np.nan] * 3,
                                 "error": [np.nan] * 3, "note": [reason] * 3}),
    }


class _AnonymeterRisk(EvaluatorMethod):
    """Shared steps: control checks, type alignment, seeding, result tables."""

    name: ClassVar[str]
    n_attacks: int
    confidence_level: float
    random_state: int | None

    @classmethod
    def check_pipeline(cls, params: dict[str, Any], path: str, modules: list[str]) -> list[str]:
        if "Splitter" not in modules:
            return [f"{path}: {cls.name} needs control data (real rows the synthesizer did "
                    "not see): add a Splitter before it"]
        return []

    def _prepare(self, data: EvaluationData) -> tuple[Aligned, list[str]]:
        """Aligned tables (as anonymeter expects them) and notes on set-aside columns."""
        if data.control is None:
            raise EvaluatorError(f"{self.name} needs control data (real rows the synthesizer "
                                 "did not see): add a Splitter before the Synthesizer")
        if len(data.control) < MIN_CONTROL_ROWS:
            raise EvaluatorError(f"{self.name} needs at least {MIN_CONTROL_ROWS} control rows, "
                                 f"got {len(data.control)}: lower the Splitter's "
                                 "train_split_ratio or use more data")
        aligned = align(data)
        notes = [f"{column}: {reason}" for column, reason in aligned.notes.items()]
        aligned.ori = _attack_table(aligned.ori, aligned)
        aligned.syn = _attack_table(aligned.syn, aligned)
        aligned.control = _attack_table(aligned.control, aligned)
        return aligned, notes

    def _bounded_attacks(self, aligned: Aligned, notes: list[str]) -> int:
        """Targets are drawn without replacement from ori and control: at most their size."""
        smallest = min(len(aligned.ori), len(aligned.control), len(aligned.syn))
        if smallest < self.n_attacks:
            notes.append(f"n_attacks reduced from {self.n_attacks} to {smallest} (rows in the "
                         f"smallest of ori, syn, control)")
            return smallest
        return self.n_attacks

    def _unscored(self, reason: str, notes: list[str]) -> dict[str, pd.DataFrame]:
        self.info_["notes"] = [reason, *notes]
        return _empty_result("; ".join([reason, *notes]))

    def _tables(self, evaluator: Any, notes: list[str]) -> dict[str, pd.DataFrame]:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            results = evaluator.results(confidence_level=self.confidence_level)
            risk = results.risk()
        notes = notes + [str(w.message) for w in caught]
        rates = {"attack": results.attack_rate, "baseline": results.baseline_rate,
                 "control": results.control_rate}
        attempts = {"attack": results.n_attacks_ori, "baseline": results.n_attacks_baseline,
                    "control": results.n_attacks_control}
        successes = {"attack": results.n_success, "baseline": results.n_baseline,
                     "control": results.n_control}
        note = "; ".join(notes) or None
        details = pd.DataFrame({
            "attacker": list(ROLES),
            "n_attacks": [attempts[r] for r in ROLES],
            "n_success": [float(successes[r]) for r in ROLES],
            "rate": [float(rates[r].value) for r in ROLES],
            "error": [float(rates[r].error) for r in ROLES],
            "note": [note] * len(ROLES),
        })
        self.info_["notes"] = notes
        return {
            "global": one_row({
                "risk": float(risk.value), "risk_ci_low": float(risk.ci[0]),
                "risk_ci_high": float(risk.ci[1]),
                "attack_rate": float(rates["attack"].value),
                "attack_rate_err": float(rates["attack"].error),
                "baseline_rate": float(rates["baseline"].value),
                "baseline_rate_err": float(rates["baseline"].error),
                "control_rate": float(rates["control"].value),
                "control_rate_err": float(rates["control"].error),
            }),
            "details": details,
        }


class SinglingOutEvaluator(_AnonymeterRisk):
    """Singling out: queries built on syn that match exactly one ori row.

    n_attacks: queries to generate; max_attempts: cap on generation tries (multivariate
    queries on rich data may be found slowly: fewer queries than n_attacks are then used and
    noted); mode: univariate (one column per query) or multivariate (``n_cols`` columns).
    """

    name = "anonymeter-singlingout"

    def __init__(
        self,
        *,
        n_attacks: PositiveInt = 200,
        mode: Literal["univariate", "multivariate"] = "multivariate",
        n_cols: PositiveInt = 3,
        max_attempts: PositiveInt | None = 20_000,
        confidence_level: ConfidenceLevel = 0.95,
        random_state: Seed = None,
    ) -> None:
        self.n_attacks = n_attacks
        self.mode = mode
        self.n_cols = n_cols
        self.max_attempts = max_attempts
        self.confidence_level = confidence_level
        self.random_state = random_state

    def evaluate(self, data: EvaluationData) -> dict[str, pd.DataFrame]:
        evaluators = anonymeter_evaluators()
        aligned, notes = self._prepare(data)
        n_attacks = self.n_attacks
        seed = seed_of(self.random_state, data)
        self.info_: dict[str, Any] = {
            "n_attacks": n_attacks, "mode": self.mode, "n_cols": self.n_cols,
            "max_attempts": self.max_attempts, "confidence_level": self.confidence_level,
            "seed": seed, "rows_ori": len(aligned.ori), "rows_syn": len(aligned.syn),
            "rows_control": len(aligned.control)}
        n_cols = min(self.n_cols, len(aligned.columns))
        if self.mode == "multivariate" and n_cols < self.n_cols:
            notes.append(f"n_cols reduced from {self.n_cols} to {n_cols} (columns scored)")
        if n_cols < 1:
            return self._unscored("no column can be attacked", notes)
        evaluator = evaluators.SinglingOutEvaluator(
            ori=aligned.ori, syn=aligned.syn, control=aligned.control, n_attacks=n_attacks,
            n_cols=n_cols, max_attempts=self.max_attempts, seed=seed)
        module = require(SINGLING_OUT_MODULE, "anonymeter", "anonymeter privacy evaluation")
        with (numpy_seed(seed), warnings.catch_warnings(), logged(SINGLING_OUT_MODULE) as logs,
              ordered_singling_out(module) as ordered):
            warnings.simplefilter("ignore")
            evaluator.evaluate(mode=self.mode)
        self.info_["deterministic"] = ordered
        # e.g. "Attack `multivariate` could generate only 120 singling out queries out of
        # the requested 200": max_attempts reached, the risk may be underestimated.
        notes += [m for m in logs if "could generate only" in m]
        self.info_["queries_succeeded"] = len(evaluator.queries())
        return self._tables(evaluator, notes)


class LinkabilityEvaluator(_AnonymeterRisk):
    """Linkability: can two partial views of a record (``aux_cols``: two lists of columns)
    be linked through their nearest synthetic neighbours?

    Without ``aux_cols`` the columns scored are split into two halves in ori's order.
    n_neighbors: a link counts if the views share one of this many nearest neighbours.
    """

    name = "anonymeter-linkability"

    def __init__(
        self,
        *,
        aux_cols: Annotated[list[Annotated[list[str], Field(min_length=1)]],
                            Field(min_length=2, max_length=2)] | None = None,
        n_attacks: PositiveInt = 500,
        n_neighbors: PositiveInt = 1,
        n_jobs: int = 1,
        confidence_level: ConfidenceLevel = 0.95,
        random_state: Seed = None,
    ) -> None:
        self.aux_cols = aux_cols
        self.n_attacks = n_attacks
        self.n_neighbors = n_neighbors
        self.n_jobs = n_jobs
        self.confidence_level = confidence_level
        self.random_state = random_state

    def _aux(self, data: EvaluationData, aligned: Aligned, notes: list[str]) -> list[list[str]]:
        if self.aux_cols is None:
            half = (len(aligned.columns) + 1) // 2
            return [aligned.columns[:half], aligned.columns[half:]]
        known = [str(c) for c in data.ori.columns]
        unknown = [c for group in self.aux_cols for c in group if c not in known]
        if unknown:
            raise EvaluatorError(f"{self.name}: aux_cols name columns not in the data: "
                                 f"{unknown} (columns: {', '.join(known)})")
        groups = []
        for group in self.aux_cols:
            kept = [c for c in group if c in aligned.columns]
            if len(kept) < len(group):
                notes.append(f"aux_cols: {[c for c in group if c not in kept]} set aside "
                             "(see the column notes)")
            groups.append(kept)
        return groups

    def evaluate(self, data: EvaluationData) -> dict[str, pd.DataFrame]:
        evaluators = anonymeter_evaluators()
        aligned, notes = self._prepare(data)
        n_attacks = self._bounded_attacks(aligned, notes)
        seed = seed_of(self.random_state, data)
        aux = self._aux(data, aligned, notes)
        self.info_: dict[str, Any] = {
            "n_attacks": n_attacks, "n_neighbors": self.n_neighbors, "aux_cols": aux,
            "n_jobs": self.n_jobs, "confidence_level": self.confidence_level, "seed": seed,
            "rows_ori": len(aligned.ori), "rows_syn": len(aligned.syn),
            "rows_control": len(aligned.control)}
        if not all(aux):
            return self._unscored("an aux_cols group has no column that can be attacked",
                                  notes)
        n_neighbors = min(self.n_neighbors, len(aligned.syn))
        evaluator = evaluators.LinkabilityEvaluator(
            ori=aligned.ori, syn=aligned.syn, control=aligned.control, n_attacks=n_attacks,
            aux_cols=(aux[0], aux[1]), n_neighbors=n_neighbors)
        with numpy_seed(seed), warnings.catch_warnings():
            warnings.simplefilter("ignore")
            evaluator.evaluate(n_jobs=self.n_jobs)
        seed_linkability_baseline(evaluator, seed, len(aligned.syn), n_neighbors, n_attacks)
        return self._tables(evaluator, notes)


class InferenceEvaluator(_AnonymeterRisk):
    """Inference: guess the ``secret`` column of a record from its ``aux_cols`` (default:
    every other column) using the nearest synthetic record.

    regression: whether the secret is a quantity (a guess within 5% counts); by default
    true when the secret is numerical in ori's schema.
    """

    name = "anonymeter-inference"

    def __init__(
        self,
        *,
        secret: str,
        aux_cols: Annotated[list[str], Field(min_length=1)] | None = None,
        regression: bool | None = None,
        n_attacks: PositiveInt = 500,
        n_jobs: int = 1,
        confidence_level: ConfidenceLevel = 0.95,
        random_state: Seed = None,
    ) -> None:
        self.secret = secret
        self.aux_cols = aux_cols
        self.regression = regression
        self.n_attacks = n_attacks
        self.n_jobs = n_jobs
        self.confidence_level = confidence_level
        self.random_state = random_state

    def evaluate(self, data: EvaluationData) -> dict[str, pd.DataFrame]:
        evaluators = anonymeter_evaluators()
        known = [str(c) for c in data.ori.columns]
        named = [self.secret, *(self.aux_cols or [])]
        unknown = [c for c in named if c not in known]
        if unknown:
            raise EvaluatorError(f"{self.name}: secret/aux_cols name columns not in the data: "
                                 f"{unknown} (columns: {', '.join(known)})")
        aligned, notes = self._prepare(data)
        n_attacks = self._bounded_attacks(aligned, notes)
        seed = seed_of(self.random_state, data)
        aux = [c for c in (self.aux_cols or aligned.columns)
               if c != self.secret and c in aligned.columns]
        if self.aux_cols and len(aux) < len(self.aux_cols):
            notes.append(f"aux_cols: {[c for c in self.aux_cols if c not in aux]} set aside")
        regression = (self.regression if self.regression is not None
                      else aligned.logical.get(self.secret) == "numerical")
        self.info_: dict[str, Any] = {
            "n_attacks": n_attacks, "secret": self.secret, "aux_cols": aux,
            "regression": regression, "n_jobs": self.n_jobs,
            "confidence_level": self.confidence_level, "seed": seed,
            "rows_ori": len(aligned.ori), "rows_syn": len(aligned.syn),
            "rows_control": len(aligned.control)}
        if self.secret not in aligned.columns:
            reason = aligned.notes.get(self.secret, "cannot be compared")
            return self._unscored(f"secret '{self.secret}': {reason}", notes)
        if not aux:
            return self._unscored("no auxiliary column can be used", notes)
        evaluator = evaluators.InferenceEvaluator(
            ori=aligned.ori, syn=aligned.syn, control=aligned.control, aux_cols=aux,
            secret=self.secret, regression=regression, n_attacks=n_attacks)
        with numpy_seed(seed), warnings.catch_warnings():
            warnings.simplefilter("ignore")
            evaluator.evaluate(n_jobs=self.n_jobs)
        return self._tables(evaluator, notes)
