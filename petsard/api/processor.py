"""PETsARD's ``Processor`` for notebooks: ``Processor(metadata, config)``, ``fit`` /
``transform`` / ``inverse_transform``, and the per-field configuration (``get_config``,
``update_config``, ``get_changes``), over the processing steps the YAML Preprocessor and
Postprocessor run."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from petsard.api.building import require_frame
from petsard.exceptions import ConfigError, UnfittedError
from petsard.processor.base import KINDS, STEPS, Step
from petsard.processor.pipeline import ProcessingPipeline, step_for
from petsard.processor.spec import (
    DEFAULT_SEQUENCE,
    KIND_ALIASES,
    ProcessingSpec,
    StepSpec,
    parse_spec,
)
from petsard.registry import did_you_mean
from petsard.schema.attribute import Attribute
from petsard.schema.schema import Schema

PATH = "Processor"
Choice = str | dict[str, Any] | None  # a field's method as written


class Processor:
    """Processing per field: each field gets its type's default step of each kind (missing,
    outlier, encoder, scaler, discretizing) unless ``config`` (``{kind: {field: method}}``,
    a method as its name, ``{method: name, **parameters}``, or None / 'none' to skip) says
    otherwise. ``fit`` learns from a table, ``transform`` applies the steps,
    ``inverse_transform`` undoes them (putting missing values back at their learned rates:
    ``random_state`` seeds that)."""

    def __init__(self, metadata: Schema, config: dict[str, Any] | None = None, *,
                 random_state: int | None = None) -> None:
        if not isinstance(metadata, Schema):
            raise ConfigError(f"{PATH}: metadata must be the data's Schema (as Loader.load() "
                              f"or Metadater.from_data() give it), got {type(metadata).__name__}")
        self._metadata = metadata
        self._config: dict[str, dict[str, Choice]] = {}  # kind -> field -> choice as written
        self._joint: dict[str, str] = {}  # kind -> the step judging every numerical field
        self._rng = np.random.default_rng(random_state)
        self._pipeline: ProcessingPipeline | None = None
        if config is not None:
            self.update_config(config)

    def update_config(self, config: dict[str, Any]) -> None:
        """Set the step of some fields (others keep theirs), or one joint step for every
        numerical field (``{'outlier': 'outlier_isolationforest'}``); every problem (an
        unknown kind, method or field, a bad parameter) raises one ConfigError. Fit again
        afterwards."""
        if not isinstance(config, dict):
            raise ConfigError(f"{PATH}.config: expected {{kind: {{field: method}}}}, "
                              f"got {type(config).__name__}")
        problems: list[str] = []
        accepted: list[tuple[str, dict[str, Choice] | str]] = []
        for kind, section in config.items():
            if isinstance(section, dict):
                section = {field: None if _skips(choice) else choice
                           for field, choice in section.items()}
            found = parse_spec({"config": {kind: section}}, PATH)[1]
            if isinstance(section, dict):  # a field only skipped need not exist, as in PETsARD
                found += [f"{PATH}.config.{kind}.{field}: unknown field '{field}'"
                          f"{did_you_mean(str(field), self._metadata.columns)}"
                          for field, choice in section.items()
                          if field not in self._metadata and choice is not None]
            problems += found
            if not found and section is not None:
                accepted.append((KIND_ALIASES[kind], section))
        if problems:
            raise ConfigError.from_problems(problems)
        for kind, section in accepted:
            if isinstance(section, dict):
                self._config.setdefault(kind, {}).update(section)
            else:
                self._joint[kind] = section
        self._pipeline = None

    def fit(self, data: pd.DataFrame, sequence: list[str] | None = None) -> None:
        """Learn every step from ``data``, in ``sequence`` order (default: missing, outlier,
        encoder, scaler; discretizing replaces encoder and comes last)."""
        frame = require_frame(data, f"{PATH}.fit: data")
        sequence = list(DEFAULT_SEQUENCE) if sequence is None else sequence
        kinds = {KIND_ALIASES.get(k, k) for k in sequence} if isinstance(sequence, list) else set()
        spec, problems = parse_spec({"sequence": sequence, **self._written(kinds)}, PATH)
        if spec is None:
            raise ConfigError.from_problems(problems)
        pipeline = ProcessingPipeline(spec, self._metadata, PATH)
        if pipeline.problems:
            raise ConfigError.from_problems(pipeline.problems)
        pipeline.fit_transform(frame, self._rng)
        self._pipeline = pipeline

    def transform(self, data: pd.DataFrame) -> pd.DataFrame:
        """``data`` processed by the fitted steps (a copy; rows missing_drop or an outlier
        step rejects are removed, one-hot encoding adds fields)."""
        return self._fitted("transform").transform(
            require_frame(data, f"{PATH}.transform: data"), self._rng)

    def inverse_transform(self, data: pd.DataFrame) -> pd.DataFrame:
        """Processed (or synthetic) data back in the original fields and dtypes, the steps
        undone in reverse order; removed outliers are not restored."""
        return self._fitted("inverse_transform").inverse_transform(
            require_frame(data, f"{PATH}.inverse_transform: data"), self._rng)

    def get_config(self, col: list[str] | None = None) -> dict[str, dict[str, Step | None]]:
        """{kind: {field: step or None}} for ``col`` (default: every field; unknown names are
        left out). Steps are instances (fitted ones once the Processor is fitted)."""
        columns = self._metadata.columns if col is None else [c for c in col
                                                              if c in self._metadata]
        fitted = {} if self._pipeline is None else {
            (p.kind, p.column): p.step for p in self._pipeline.steps}
        spec_all = self._spec()
        config: dict[str, dict[str, Step | None]] = {}
        for kind in KINDS:
            config[kind] = {}
            for column in columns:
                spec = _choice(spec_all, kind, self._metadata[column])
                config[kind][column] = fitted.get((kind, column)) or (
                    spec.build() if spec is not None else None)
        return config

    def get_changes(self) -> pd.DataFrame:
        """One row per field and kind whose step differs from its type's default:
        processor, col, current, default (class names; NoneType for no step)."""
        spec_all = self._spec()
        rows = []
        for kind in KINDS:
            for attr in self._metadata:
                current = _class_name(_choice(spec_all, kind, attr))
                default = _class_name(step_for({}, kind, attr))
                if current != default:
                    rows.append({"processor": kind, "col": attr.name, "current": current,
                                 "default": default})
        return pd.DataFrame(rows, columns=["processor", "col", "current", "default"])

    def _written(self, kinds: set[str] | None = None) -> dict[str, Any]:
        """The configuration of ``kinds`` (default: all) as parse_spec reads it: per-field
        choices in the long form, joint steps in the short form."""
        return {"config": {k: v for k, v in self._config.items() if kinds is None or k in kinds},
                **{k: v for k, v in self._joint.items() if kinds is None or k in kinds}}

    def _spec(self) -> ProcessingSpec:
        """Every configured choice, parsed (each was checked when set)."""
        overrides: dict[str, dict[str, StepSpec | None]] = {}
        joint: dict[str, StepSpec] = {}
        for kind in KINDS:  # one kind at a time: encoder and discretizing may both be set
            spec, _ = parse_spec(self._written({kind}), PATH)
            if spec is not None:
                overrides.update(spec.overrides)
                joint.update(spec.joint)
        return ProcessingSpec(DEFAULT_SEQUENCE, overrides, joint=joint)

    def _fitted(self, action: str) -> ProcessingPipeline:
        if self._pipeline is None:
            raise UnfittedError(f"{PATH}: call fit(data) before {action}() (and again after "
                                "update_config)")
        return self._pipeline


def _skips(choice: Any) -> bool:
    return choice is None or (isinstance(choice, str) and choice.strip().lower() == "none")


def _choice(spec: ProcessingSpec, kind: str, attr: Attribute) -> StepSpec | None:
    """The step of ``kind`` a field gets: a joint step for every numerical field, else its
    own or its type's default."""
    if kind in spec.joint and attr.kind == "numerical":
        return spec.joint[kind]
    return step_for(spec.overrides, kind, attr)


def _class_name(spec: StepSpec | None) -> str:
    return "NoneType" if spec is None else STEPS.get(spec.name).__name__
