"""A Preprocessor resolved against a table's schema: which step runs on which field, the
schema it will produce (predicted before any data is touched), and the fitted steps that
the Postprocessor inverts."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from petsard.processor.base import Step
from petsard.processor.spec import DEFAULTS, ProcessingSpec, StepSpec
from petsard.registry import did_you_mean
from petsard.schema.attribute import Attribute
from petsard.schema.casting import conform
from petsard.schema.inference import infer_schema
from petsard.schema.logical_types import DIRECT_IDENTIFIERS
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
        self.notes: list[str] = list(spec.notes)  # for the run's log
        self.steps: list[PlannedStep] = []
        self._plan(path)

    def _check_fields(self, path: str) -> None:
        """Every field the config names exists; a field it only skips (null) is not worth
        stopping for (PETsARD's own examples skip a field the data does not have)."""
        for kind, chosen in self.spec.overrides.items():
            for column, choice in chosen.items():
                if column in self.schema:
                    continue
                where = self.spec.path_of(kind, column, path)
                hint = did_you_mean(column, self.schema.columns)
                if choice is None:
                    self.notes.append(f"{where}: no field '{column}' to skip{hint}")
                else:
                    self.problems.append(f"{where}: unknown field '{column}'{hint}")

    def _plan(self, path: str) -> None:
        self._check_fields(path)
        current = dict(self.schema.attributes)
        order = list(self.schema.columns)
        for kind in self.spec.sequence:
            # All steps of a kind read the table as it was before any of them ran.
            before = dict(current)
            if kind in self.spec.joint:
                self._plan_joint(kind, current)
                continue
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
                problem = step.check(original) or _missing_reference(step, before)
                if problem:
                    self.problems.append(f"{where}: {problem}")
                    continue
                planned = PlannedStep(kind, original.name, step, attr, step.predict(attr, before))
                taken = [n for n in planned.names if n != original.name and n in current]
                if taken:
                    self.problems.append(f"{where}: {step.name()} would create {taken}, which "
                                         "the table already has; rename those fields")
                    continue
                self.steps.append(planned)
                position = order.index(original.name)
                if step.outputs_at_end:
                    order[position:position + 1] = []
                    order += planned.names
                else:
                    order[position:position + 1] = planned.names
                del current[original.name]
                current.update((a.name, a) for a in planned.outputs)
        self._predicted = self.schema.with_attributes([current[name] for name in order])

    def _plan_joint(self, kind: str, current: dict[str, Attribute]) -> None:
        """One step over every numerical field of the table at this point, planned on each."""
        spec = self.spec.joint[kind]
        fields = [name for name, attr in current.items() if attr.kind == "numerical"]
        if not fields:
            self.problems.append(f"{self.spec.joint_paths[kind]}: {spec.name} needs numerical "
                                 "fields and the table has none at this step")
            return
        step = spec.build().over(fields)
        for name in fields:
            attr = current[name]
            planned = PlannedStep(kind, name, step, attr, step.predict(attr, current))
            self.steps.append(planned)
            current[name] = planned.outputs[0]

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
            fitted: list[Step] = []
            for planned in steps:
                if fit and not any(planned.step is step for step in fitted):  # joint: once
                    planned.step.fit(frame[planned.column], frame)
                    fitted.append(planned.step)
            keep = np.ones(len(frame), dtype=bool)
            for planned in steps:
                if planned.step.drops_rows:
                    keep &= np.asarray(planned.step.keep_rows(frame[planned.column]))
            if not keep.all():
                frame = frame.loc[keep]
            frame = _replace(frame, {p.column: p.step.transform(frame[p.column], frame, rng)
                                     for p in steps},
                             {p.column for p in steps if p.step.outputs_at_end})
        return _renumbered(frame)

    def inverse_transform(self, data: pd.DataFrame, rng: np.random.Generator,
                          untouched: Collection[str] = ()) -> pd.DataFrame:
        """Undo the steps in reverse order and restore the original columns and dtypes.
        Fields in ``untouched`` (identifiers a synthesizer replaced or dropped) are left as
        they are, or absent."""
        frame = _renumbered(data)
        for kind in reversed(self.spec.sequence):
            steps = [s for s in self.steps if s.kind == kind and s.column not in untouched]
            # Steps that read another field go last, once that field is back in its form.
            for group in ([s for s in steps if not s.step.references()],
                          [s for s in steps if s.step.references()]):
                restored = []
                for planned in group:
                    names = planned.names
                    part = frame[names[0]] if names == [planned.column] else frame[names]
                    back = planned.step.inverse_transform(part, frame, rng)
                    restored.append((names, back.rename(planned.column)))
                frame = _restore(frame, restored)
        dtypes = self.dtypes_[[c for c in self.dtypes_.index
                               if c not in untouched or c in frame.columns]]
        return conform(frame, dtypes, self.schema)


def step_for(overrides: dict[str, dict[str, StepSpec | None]], kind: str,
             attr: Attribute) -> StepSpec | None:
    """The step of ``kind`` a field gets: the one configured for it (None: skipped), else its
    type's default."""
    chosen = overrides.get(kind, {})
    if attr.name in chosen:
        return chosen[attr.name]
    if attr.logical_type in DIRECT_IDENTIFIERS:
        return None  # synthesizers never learn them: they pass through untouched
    default = DEFAULTS[kind].get(attr.kind)
    return StepSpec(default) if default else None


def _fields(what: str) -> str:
    return "one-hot fields" if "one-hot" in what else f"fields ({what})"


def _missing_reference(step: Step, current: dict[str, Attribute]) -> str | None:
    absent = [r for r in step.references() if r not in current]
    return f"{step.name()} refers to unknown field(s) {absent}" if absent else None


def _renumbered(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with rows numbered 0..n-1, its columns not copied."""
    return frame.set_axis(pd.RangeIndex(len(frame)), axis=0, copy=False)


def _replace(frame: pd.DataFrame, outputs: dict[str, pd.Series | pd.DataFrame],
             at_end: set[str]) -> pd.DataFrame:
    """Columns of ``frame`` with each processed field swapped for its output(s): in place, or
    at the end of the table for fields in ``at_end``."""
    if not outputs:
        return frame
    parts: list[pd.Series] = []
    tail: list[pd.Series] = []
    for column in frame.columns:
        result = outputs.get(column)
        target = tail if column in at_end else parts
        if result is None:
            parts.append(frame[column])
        elif isinstance(result, pd.DataFrame):
            target.extend(result[c] for c in result.columns)
        else:
            target.append(result.rename(column))
    # copy=False: the columns are joined as they are, not copied into 2-D blocks
    return pd.concat(parts + tail, axis=1, copy=False) if parts or tail else frame.iloc[:, :0]


def _restore(frame: pd.DataFrame, restored: list[tuple[list[str], pd.Series]]
             ) -> pd.DataFrame:
    """Swap each group of step outputs back for the field they came from, in the place of
    the first output (at the end when a step left no output field)."""
    if not restored:
        return frame
    first = {names[0]: series for names, series in restored if names}
    dropped = {name for names, _ in restored for name in names[1:]}
    parts = [first.get(column, frame[column]) for column in frame.columns
             if column not in dropped]
    parts += [series for names, series in restored if not names]
    return pd.concat(parts, axis=1, copy=False)


def produced_schema(predicted: Schema, data: pd.DataFrame) -> Schema:
    """The processed data's schema. A field predicted nullable stays nullable when another
    field's step dropped every row that held its missing values: nullable says the field may
    hold missing values (synthetic data can), not that these rows do."""
    actual = infer_schema(data, predicted.name)
    return actual.with_attributes(
        attr.with_changes(nullable=True)
        if not attr.type_attr.nullable and _nullable(predicted.get(attr.name)) else attr
        for attr in actual)


def _nullable(attr: Attribute | None) -> bool:
    return attr is not None and attr.type_attr.nullable


def check_prediction(predicted: Schema, produced: Schema) -> list[str]:
    """Fields where the produced schema differs from the prediction (should be none)."""
    if produced.signature() == predicted.signature():
        return []
    got = {a.name: a.signature() for a in produced}
    want = {a.name: a.signature() for a in predicted}
    if list(got) != list(want):
        return [f"fields {list(got)} differ from predicted {list(want)}"]
    return [f"{name}: predicted {want[name][1:]} got {got[name][1:]}" for name in want
            if want[name] != got[name]]
