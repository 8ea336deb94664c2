"""A Preprocessor resolved against a table's schema: which step runs on which field, the
schema it will produce (predicted before any data is touched), and the fitted steps that
the Postprocessor inverts."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from petsard.processor.base import Step
from petsard.processor.spec import DEFAULTS, ProcessingSpec, StepSpec
from petsard.schema.attribute import Attribute
from petsard.schema.casting import conform
from petsard.schema.inference import infer_schema
from petsard.schema.schema import FieldChange, Schema


@dataclass
class PlannedStep:
    kind: str
    column: str
    step: Step
    inputs: Attribute  # the field as this step receives it
    outputs: list[Attribute] = field(default_factory=list)

    @property
    def names(self) -> list[str]:
        return [a.name for a in self.outputs]


class ProcessingPipeline:
    """Steps per field in sequence order; ``problems`` lists what cannot run, with paths."""

    def __init__(self, spec: ProcessingSpec, schema: Schema, path: str) -> None:
        self.spec = spec
        self.schema = schema
        self.problems: list[str] = []
        self.steps: list[PlannedStep] = []
        self._plan(path)

    def _plan(self, path: str) -> None:
        for kind, chosen in self.spec.overrides.items():
            for column in chosen:
                if column not in self.schema:
                    self.problems.append(
                        f"{self.spec.path_of(kind, column, path)}: unknown field '{column}'; "
                        f"the data has {', '.join(self.schema.columns)}")
        current = dict(self.schema.attributes)
        order = list(self.schema.columns)
        for kind in self.spec.sequence:
            for original in self.schema:
                choice = step_for(self.spec.overrides, kind, original)
                if choice is None:
                    continue
                where = self.spec.path_of(kind, original.name, path)
                attr = current.get(original.name)
                if attr is None:
                    if original.name in self.spec.overrides.get(kind, {}):
                        self.problems.append(f"{where}: '{original.name}' no longer exists at "
                                             f"the {kind} step (an earlier step replaced it)")
                    continue
                step = choice.build()
                problem = step.check(original) or _missing_reference(step, current)
                if problem:
                    self.problems.append(f"{where}: {problem}")
                    continue
                planned = PlannedStep(kind, original.name, step, attr,
                                      step.predict(attr, current))
                self.steps.append(planned)
                position = order.index(original.name)
                order[position:position + 1] = planned.names
                del current[original.name]
                current.update((a.name, a) for a in planned.outputs)
        self._predicted = self.schema.with_attributes([current[name] for name in order])

    # ----- prediction -----

    def predict(self) -> Schema:
        """The output schema's structure (names, order, types, nullability)."""
        return self._predicted

    def changes(self) -> list[FieldChange]:
        """One record per field created, updated or deleted by each step."""
        records = []
        for planned in self.steps:
            before, outputs = planned.inputs, planned.outputs
            what = planned.step.describe()
            if len(outputs) == 1 and outputs[0].name == before.name:
                after = outputs[0]
                records.append(FieldChange(
                    "update", "field", before.name, before.to_dict(), after.to_dict(),
                    f"{before.name}: {before.kind} → {after.kind} ({what})"))
                continue
            records.append(FieldChange(
                "delete", "field", before.name, before.to_dict(), None,
                f"{before.name}: {before.kind} → {len(outputs)} {_fields(what)}"))
            records += [FieldChange("create", "field", a.name, None, a.to_dict(),
                                    f"{a.name}: created from {before.name} ({what})")
                        for a in outputs]
        return records

    # ----- running -----

    def fit_transform(self, data: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
        """Fit every step on ``data`` as it stands at that step, and transform it."""
        self.dtypes_ = data.dtypes.copy()
        return self._run(data, rng, fit=True)

    def transform(self, data: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
        """Apply the fitted steps to other rows with the same fields (rows whose value is
        missing under missing_drop, or an outlier, are removed as when fitting)."""
        return self._run(data, rng, fit=False)

    def _run(self, data: pd.DataFrame, rng: np.random.Generator, fit: bool) -> pd.DataFrame:
        frame = data
        for kind in self.spec.sequence:
            steps = [s for s in self.steps if s.kind == kind]
            if fit:
                for planned in steps:
                    planned.step.fit(frame[planned.column], frame)
            keep = np.ones(len(frame), dtype=bool)
            for planned in steps:
                if planned.step.drops_rows:
                    keep &= np.asarray(planned.step.keep_rows(frame[planned.column]))
            if not keep.all():
                frame = frame.loc[keep]
            frame = _replace(frame, {p.column: p.step.transform(frame[p.column], frame, rng)
                                     for p in steps})
        return frame.reset_index(drop=True)

    def inverse_transform(self, data: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
        """Undo the steps in reverse order and restore the original columns and dtypes."""
        frame = data.reset_index(drop=True)
        for kind in reversed(self.spec.sequence):
            steps = [s for s in self.steps if s.kind == kind]
            # Steps that read another field go last, once that field is back in its form.
            for group in ([s for s in steps if not s.step.references()],
                          [s for s in steps if s.step.references()]):
                restored = {}
                for planned in group:
                    names = planned.names
                    part = frame[names[0]] if names == [planned.column] else frame[names]
                    restored[tuple(names)] = planned.step.inverse_transform(part, frame, rng)
                frame = _restore(frame, restored)
        return conform(frame, self.dtypes_, self.schema)


def step_for(overrides: dict[str, dict[str, StepSpec | None]], kind: str,
             attr: Attribute) -> StepSpec | None:
    """The step of ``kind`` a field gets: the one configured for it (None: skipped), else its
    type's default."""
    chosen = overrides.get(kind, {})
    if attr.name in chosen:
        return chosen[attr.name]
    default = DEFAULTS[kind].get(attr.kind)
    return StepSpec(default) if default else None


def _fields(what: str) -> str:
    return "one-hot fields" if "one-hot" in what else f"fields ({what})"


def _missing_reference(step: Step, current: dict[str, Attribute]) -> str | None:
    absent = [r for r in step.references() if r not in current]
    return f"{step.name()} refers to unknown field(s) {absent}" if absent else None


def _replace(frame: pd.DataFrame, outputs: dict[str, pd.Series | pd.DataFrame]) -> pd.DataFrame:
    """Columns of ``frame`` with each processed field swapped for its output(s), in place."""
    if not outputs:
        return frame
    parts = []
    for column in frame.columns:
        result = outputs.get(column)
        if result is None:
            parts.append(frame[column])
        elif isinstance(result, pd.DataFrame):
            parts.extend(result[c] for c in result.columns)
        else:
            parts.append(result.rename(column))
    return pd.concat(parts, axis=1)


def _restore(frame: pd.DataFrame, restored: dict[tuple[str, ...], pd.Series]) -> pd.DataFrame:
    """Swap each group of step outputs back for the one field they came from."""
    if not restored:
        return frame
    first = {names[0]: (names, series) for names, series in restored.items()}
    dropped = {name for names in restored for name in names[1:]}
    parts = []
    for column in frame.columns:
        if column in first:
            names, series = first[column]
            parts.append(series.rename(_origin(names, series)))
        elif column not in dropped:
            parts.append(frame[column])
    return pd.concat(parts, axis=1)


def _origin(names: tuple[str, ...], series: pd.Series) -> str:
    return str(series.name) if series.name is not None else names[0]


def check_prediction(predicted: Schema, data: pd.DataFrame) -> list[str]:
    """Fields where the produced data differs from the prediction (should be none)."""
    actual = infer_schema(data, predicted.name)
    if actual.signature() == predicted.signature():
        return []
    got = {a.name: a.signature() for a in actual}
    want = {a.name: a.signature() for a in predicted}
    if list(got) != list(want):
        return [f"fields {list(got)} differ from predicted {list(want)}"]
    return [f"{name}: predicted {want[name][1:]} got {got[name][1:]}" for name in want
            if want[name] != got[name]]
