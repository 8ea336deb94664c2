"""PETsARD's ``Synthesizer`` for notebooks: ``Synthesizer(method=..., **parameters)``, then
``create(metadata)``, ``fit(data)``, ``sample()`` or ``fit_sample(data)``, over the
Synthesizer methods the YAML config runs."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from petsard.api.building import method_params, require_frame
from petsard.exceptions import ConfigError, UncreatedError, UnfittedError
from petsard.schema.attribute import Attribute
from petsard.schema.inference import infer_schema
from petsard.schema.schema import Schema
from petsard.synthesizer import REGISTRY, CustomDataSynthesizer
from petsard.synthesizer.identifiers import IdentifierPlan, IdentifierSettings
from petsard.synthesizer.operator import FittedSynthesizer, conformed

PATH = "Synthesizer"


class Synthesizer:
    """``method``: any Synthesizer method of the YAML config (``default`` /
    ``petsard-gaussian_copula``, ``sdv-single_table-<model>``, ``custom_method``,
    ``custom_data``); the other keyword arguments are its parameters, checked at once
    (ConfigError). Rows sampled: ``sample_num_rows`` if given, else the row count of the
    schema given to ``create``, else as many as ``fit`` saw. ``random_state`` (where the
    method takes one) makes every fit and sample repeatable; without it each draw differs.
    The synthetic data keeps the training data's columns and dtypes, and is kept in
    ``data_syn``. Direct identifiers are handled as in a YAML run (``identifiers``,
    ``surrogate_locale``): not learnt, given surrogate values by default."""

    def __init__(self, method: str, sample_num_rows: int | None = None, *,
                 identifiers: dict[str, str] | None = None, surrogate_locale: str | None = None,
                 **kwargs: Any) -> None:
        self.method = method
        params = dict(kwargs) if sample_num_rows is None else {
            **kwargs, "sample_num_rows": sample_num_rows}
        self._cls, self._params = method_params(REGISTRY, method, params, PATH)
        self._identifiers = IdentifierSettings(identifiers=identifiers,  # type: ignore[arg-type]
                                               surrogate_locale=surrogate_locale)
        self.data_syn: pd.DataFrame | None = None
        self._impl: Any = None
        self._rows: int | None = None
        self._schema: Schema | None = None
        # what fit() learnt (custom_data: the training data's schema) and the training data
        self._fitted: tuple[FittedSynthesizer | Schema | None, pd.DataFrame] | None = None

    def create(self, metadata: Schema | None = None) -> None:
        """Make the synthesizer (again: a repeated call starts afresh). ``metadata`` is the
        training data's schema (a one-table Metadata from Metadater works too)."""
        self._schema = _one_schema(metadata)
        self._impl = self._cls(**self._params)
        own = getattr(self._impl, "random_state", None)
        self._rng = np.random.default_rng(own)
        stated = self._schema.stats.row_count if self._schema is not None else 0
        self._rows = getattr(self._impl, "num_samples", None) or stated or None
        self._fitted = None

    def fit(self, data: pd.DataFrame) -> None:
        """Learn ``data``; fitting again replaces what was learnt."""
        if self._impl is None:
            raise UncreatedError(f"{PATH}: call create() before fit()")
        frame = require_frame(data, f"{PATH}.fit: data")
        schema = _schema_for(frame, self._schema)
        seed = self._next_seed()
        if isinstance(self._impl, CustomDataSynthesizer):  # a file: nothing to learn
            self._fitted = (schema, frame)
            return
        plan = IdentifierPlan.of(frame, schema, self._identifiers, PATH, seed=seed)
        self._fitted = (FittedSynthesizer.trained(self._impl, frame, schema, plan, seed, PATH),
                        frame)

    def sample(self, sample_num_rows: int | None = None, *,
               num_rows: int | None = None) -> pd.DataFrame:
        """Synthetic rows (``sample_num_rows`` or ``num_rows`` of them, else the configured
        count), with the training data's columns and dtypes."""
        if self._impl is None:
            raise UncreatedError(f"{PATH}: call create() and fit(data) before sample()")
        if self._fitted is None:
            raise UnfittedError(f"{PATH}: call fit(data) before sample()")
        fitted, frame = self._fitted
        rows = sample_num_rows or num_rows or self._rows or len(frame)
        if not isinstance(rows, int) or isinstance(rows, bool) or rows < 1:
            raise ConfigError(f"{PATH}.sample: the number of rows must be an integer >= 1, "
                              f"got {rows!r}")
        if isinstance(fitted, FittedSynthesizer):
            synthetic = fitted.sample(rows, self._next_seed())
        else:  # custom_data: the file's rows, in the training data's form (``fitted``: schema)
            synthetic = conformed(self._impl.load(frame)[0], frame.dtypes, fitted, PATH)
        self.data_syn = synthetic.reset_index(drop=True)
        return self.data_syn

    def fit_sample(self, data: pd.DataFrame, sample_num_rows: int | None = None
                   ) -> pd.DataFrame:
        """``fit(data)`` then ``sample()``."""
        self.fit(data)
        return self.sample(sample_num_rows)

    def _next_seed(self) -> int:
        return int(self._rng.integers(2**32))


def _one_schema(metadata: Any) -> Schema | None:
    """The schema in ``metadata``: a Schema, or the only one of a Metadata's schemas."""
    if metadata is None or isinstance(metadata, Schema):
        return metadata
    schemas = getattr(metadata, "schemas", None)
    if isinstance(schemas, dict) and len(schemas) == 1:
        return next(iter(schemas.values()))
    raise ConfigError(f"{PATH}.create: metadata must be the training data's Schema, got "
                      f"{type(metadata).__name__}" + (" with several tables" if schemas else ""))


def _schema_for(data: pd.DataFrame, given: Schema | None) -> Schema:
    """The schema the method learns with: ``given``'s field where it still describes the
    data, inferred otherwise (data preprocessed after the schema was made has other types,
    and scaled values more decimals than the original's precision)."""
    inferred = infer_schema(data, given.name if given is not None else "data")
    if given is None:
        return inferred
    return inferred.with_attributes(
        given[a.name] if a.name in given and _describes(given[a.name], a) else a
        for a in inferred)


def _describes(given: Attribute, seen: Attribute) -> bool:
    if given.type != seen.type:
        return False
    precision = given.type_attr.precision
    if given.type != "float" or precision is None:
        return True
    return seen.type_attr.precision is not None and seen.type_attr.precision <= precision
