"""Differentially private synthesizers from smartnoise-synth (the ``dp`` extra).

``method: smartnoise-<name>`` fits one of smartnoise's mechanisms within a privacy budget
``epsilon`` (and ``delta`` where the mechanism is (ε, δ)-DP). The budget is recorded in the
node's info (``info['privacy']``), which ``petsard status`` and the run's page show.

Randomness: the mechanism's noise is not seeded from the node's seed. That seed is written in
the run record, and noise an attacker can replay protects nothing; smartnoise draws the
Gaussian and Laplace noise of MST, AIM and MWEM from OpenDP (the OS's randomness), and fit
reseeds numpy's and torch's generators from the OS before it starts. Sampling from the fitted
model is post-processing, so it is seeded: one fitted model and one seed give the same rows.
"""

from __future__ import annotations

import contextlib
import importlib
import importlib.metadata
import inspect
import io
import sys
import warnings
from typing import Any, ClassVar

import numpy as np
import pandas as pd

from petsard.exceptions import MissingDependencyError, SynthesizerError
from petsard.logs import get_logger
from petsard.schema.schema import Schema
from petsard.synthesizer.base import SynthesizerMethod
from petsard.synthesizer.smartnoise_columns import (
    Column,
    Style,
    build_transformers,
    from_records,
    plan_columns,
    to_records,
)

log = get_logger("synthesizer")
PACKAGE = "smartnoise-synth"
# Parameters petsard uses itself; every other constructor parameter goes to smartnoise.
OWN_PARAMS = frozenset({"epsilon", "preprocessor_eps", "num_samples", "random_state", "bins"})


def import_smartnoise(method: str) -> Any:
    """snsynth's ``Synthesizer``; MissingDependencyError naming the extra when it is absent."""
    try:
        return importlib.import_module("snsynth").Synthesizer
    except ImportError as exc:
        raise MissingDependencyError(PACKAGE, "dp", f"Synthesizer method '{method}'") from exc


class SmartNoiseSynthesizer(SynthesizerMethod):
    """One smartnoise mechanism. Subclasses name it and list its parameters as the
    constructor; this class turns fields into smartnoise's columns, fits, samples and records
    the budget. ``random_state`` seeds the sampling only (see the module's docstring)."""

    #: smartnoise's name for the mechanism ('mst') and the name shown with the budget.
    mechanism: ClassVar[str]
    display_name: ClassVar[str]
    #: how fields are encoded: 'cube' (labels and bins) or 'gan' (one-hot and min-max).
    style: ClassVar[Style]
    #: where the mechanism's noise comes from, recorded beside the budget.
    noise: ClassVar[str]

    epsilon: float
    preprocessor_eps: float
    bins: int = 10

    @classmethod
    def method_name(cls) -> str:
        return f"smartnoise-{cls.mechanism}"

    @classmethod
    def validate_params(cls, params: dict[str, Any], path: str) -> tuple[dict, list[str]]:
        clean, problems = super().validate_params(params, path)
        epsilon, share = clean.get("epsilon"), clean.get("preprocessor_eps")
        if epsilon is not None and share is not None and share >= epsilon:
            problems.append(f"{path}.preprocessor_eps: must be less than epsilon ({epsilon:g}), "
                            f"which it is spent from; got {share:g}")
        return clean, problems

    @classmethod
    def preload(cls) -> None:
        """Import the mechanism (jax or torch) once, before worker processes start."""
        import_smartnoise(cls.method_name()).create(cls.mechanism, epsilon=1.0)

    def _keep(self, values: dict[str, Any]) -> None:
        """Store the constructor's arguments (its ``locals()``) unchanged."""
        for name, value in values.items():
            if name != "self":
                setattr(self, name, value)

    def data_problems(self, data: pd.DataFrame, columns: list[Column]) -> list[str]:
        """What this mechanism cannot fit in ``data``, its fields treated as ``columns`` say
        (smartnoise itself would fail with a message that does not say why)."""
        return []

    def mechanism_params(self) -> dict[str, Any]:
        """The constructor's parameters that smartnoise's mechanism takes."""
        names = inspect.signature(type(self).__init__).parameters
        return {name: getattr(self, name) for name in names
                if name not in OWN_PARAMS and name != "self"}

    def fit(self, data: pd.DataFrame, schema: Schema | None, seed: int) -> None:
        label = self.method_name()
        synthesizer = import_smartnoise(label)
        from snsynth.transform import TableTransformer

        columns = plan_columns(data, schema, label)
        problems = self.data_problems(data, columns)
        unbounded = [c.name for c in columns if not c.bounded]
        if unbounded and self.preprocessor_eps == 0:
            problems.append(
                f"numerical field(s) {', '.join(map(repr, unbounded))} need a range: set "
                "preprocessor_eps (a part of epsilon spent to find it privately, e.g. a tenth), "
                "or declare min and max for them in the schema (constraints)")
        if problems:
            raise SynthesizerError(f"{label} cannot fit this data: {'; '.join(problems)}")
        self._columns: list[Column] = columns
        transformer = TableTransformer(build_transformers(columns, self.style, self.bins))
        try:
            self._model = synthesizer.create(self.mechanism, epsilon=float(self.epsilon),
                                             **self.mechanism_params())
            _reseed_from_os()  # after create: it imports torch for the GAN mechanisms
            with _quiet():
                self._model.fit(to_records(data, columns), transformer=transformer,
                                preprocessor_eps=float(self.preprocessor_eps))
        except Exception as exc:  # smartnoise, jax, torch and opacus raise many types
            raise SynthesizerError(f"{label} failed to fit: {type(exc).__name__}: {exc}") \
                from exc
        spent, _ = transformer.odometer.spent
        self.info_ = {"privacy": self._budget(float(spent))}

    def sample(self, num_rows: int, seed: int) -> pd.DataFrame:
        np.random.seed(seed % 2**32)
        if "torch" in sys.modules:
            sys.modules["torch"].manual_seed(seed)
        try:
            with _quiet():
                rows = self._model.sample(num_rows)
        except Exception as exc:
            raise SynthesizerError(f"{self.method_name()} failed to sample: "
                                   f"{type(exc).__name__}: {exc}") from exc
        return from_records(pd.DataFrame(rows), self._columns, np.random.default_rng(seed))

    def _budget(self, spent_on_bounds: float) -> dict[str, Any]:
        """The privacy facts the record keeps: the budget as spent, and by what."""
        delta = getattr(self._model, "delta", None)  # a library default is set during fit
        return {"mechanism": self.display_name,
                "library": f"{PACKAGE} {importlib.metadata.version(PACKAGE)}",
                "epsilon": float(self.epsilon),
                "delta": float(delta) if delta is not None else None,
                "preprocessor_eps": spent_on_bounds,
                "noise": self.noise}


def _reseed_from_os() -> None:
    """Fresh OS entropy for the generators the mechanisms use besides OpenDP, so an earlier
    seeded step in this process does not make their draws predictable."""
    np.random.seed()
    if "torch" in sys.modules:
        sys.modules["torch"].seed()


@contextlib.contextmanager
def _quiet() -> Any:
    """smartnoise prints progress (budget split, sigma, epochs) on stdout: into the debug log.
    private-pgm's warning that smartnoise hands it a DataFrame is not the user's to act on."""
    buffer = io.StringIO()
    try:
        with contextlib.redirect_stdout(buffer), warnings.catch_warnings():
            warnings.filterwarnings("ignore", "Pandas dataframe inputs are deprecated")
            yield
    finally:
        for line in buffer.getvalue().splitlines():
            if line.strip():
                log.debug("smartnoise: %s", line.strip())
