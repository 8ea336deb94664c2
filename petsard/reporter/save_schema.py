"""``method: save_schema``: the schema at source modules, as PETsARD writes it: one CSV
summary for the run and, with ``yaml_output``, one YAML per source node."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

import pandas as pd
import yaml

from petsard.experiment.source_ref import SPLITTER_PARTS, base_experiment
from petsard.logs import get_logger
from petsard.output_files import atomic_write
from petsard.reporter.base import ReporterMethod
from petsard.reporter.output import Source, check_source_modules, run_view, sources, target
from petsard.schema.attribute import Attribute
from petsard.schema.schema import Schema
from petsard.status.queries import RecordQueries

Property = Literal["type", "category", "dtype", "nullable", "unique_count", "precision", "min",
                   "max", "mean", "std", "categories"]
STATISTICS = ("min", "max", "mean", "std")
MAX_LISTED_CATEGORIES = 10
log = get_logger("reporter")


class SaveSchema(ReporterMethod):
    """For every node of a ``source`` module (``Module`` or ``Module.experiment``), its
    fields' properties: ``<output>_schema_<sources>_summary.csv`` holds one row per node
    (``source`` = its experiment key, then ``[field]_property`` columns); ``yaml_output``
    adds ``<output>_schema_<experiment key>.yaml`` per node. ``properties`` keeps some of
    type, category, dtype, nullable, unique_count, precision, min, max, mean, std, categories
    (default: all). Written once after the tree, from the run record."""

    def __init__(self, *, source: Source, output: str = "petsard", output_dir: str = ".",
                 yaml_output: bool = False, properties: Property | list[Property] | None = None,
                 overwrite: bool = False) -> None:
        self.source = source
        self.output = output
        self.output_dir = output_dir
        self.yaml_output = yaml_output
        self.properties = properties
        self.overwrite = overwrite

    check_pipeline = staticmethod(check_source_modules)
    scope = "run"  # every path's schemas in one summary

    def report_run(self, record: RecordQueries) -> list[Path]:
        wanted = None if self.properties is None else set(sources(self.properties))
        described: dict[str, dict[str, Any]] = {}
        for snapshot in record.get_snapshots():
            schema, key = snapshot.metadata_after, snapshot.node_key
            if schema is None or key is None or key in described or not self._wanted(
                    snapshot.module_name, snapshot.experiment_name):
                continue
            described[key] = _describe(schema, wanted)
        run = run_view(record)
        written = []
        for key, description in described.items() if self.yaml_output else ():
            text = yaml.safe_dump(description, sort_keys=False, allow_unicode=True)
            path = target(run, self.output_dir, self.output, f"_schema_{key}.yaml",
                          self.overwrite)
            written.append(atomic_write(path, lambda p, t=text: p.write_text(t, "utf-8")))
        if described:
            summary = _summary(described)
            name = f"_schema_{'-'.join(sources(self.source))}_summary.csv"
            path = target(run, self.output_dir, self.output, name, self.overwrite)
            written.append(atomic_write(path, lambda p: summary.to_csv(p, index=False)))
        return written

    def _wanted(self, module: str, experiment: str) -> bool:
        """Whether a node of ``module`` running ``experiment`` is a source."""
        for text in sources(self.source):
            name, _, key = text.partition(".")
            if name != module:
                continue
            if not key or base_experiment(experiment) == key:
                return True
            if name == "Splitter" and key in SPLITTER_PARTS:
                if SPLITTER_PARTS[key] != "train":
                    log.warning("save_schema: the record keeps the Splitter's training "
                                "schema, which describes '%s'", text)
                return True
        return False


def _describe(schema: Schema, wanted: set[str] | None) -> dict[str, Any]:
    """PETsARD's schema description: per field its properties, and the table's shape."""
    def keep(name: str) -> bool:
        return wanted is None or name in wanted

    columns = {}
    for attr in schema:
        info: dict[str, Any] = {}
        for name, value in (("type", attr.type), ("category", attr.type_attr.category),
                            ("dtype", attr.dtype), ("precision", attr.type_attr.precision),
                            ("nullable", attr.type_attr.nullable),
                            ("unique_count", _stat(attr, "unique_count"))):
            if keep(name) and not (name == "precision" and value is None):
                info[name] = value
        statistics = {name: _rounded(attr, _stat(attr, name)) for name in STATISTICS
                      if keep(name)} if attr.kind == "numerical" else {}
        if statistics:
            info["statistics"] = statistics
        if keep("categories") and attr.categories is not None and attr.kind in (
                "categorical", "boolean", "text") and len(attr.categories) <= \
                MAX_LISTED_CATEGORIES:
            info["categories"] = [str(v) for v in attr.categories]
        columns[attr.name] = info
    return {"columns": columns,
            "shape": {"rows": schema.stats.row_count, "columns": len(schema)}}


def _stat(attr: Attribute, name: str) -> Any:
    return getattr(attr.stats, name) if attr.stats is not None else None


def _rounded(attr: Attribute, value: Any) -> Any:
    """Integers as integers; other numbers to the field's precision (2 decimals if unknown)."""
    if value is None:
        return None
    if attr.type == "int":
        return round(value)
    return round(float(value), attr.type_attr.precision or 2)


def _summary(described: dict[str, dict[str, Any]]) -> pd.DataFrame:
    """One row per source node: ``source``, then ``[field]_property`` columns, sorted."""
    rows = []
    for key, description in described.items():
        row: dict[str, Any] = {"source": key}
        for column, info in description["columns"].items():
            for name, value in info.items():
                if name == "statistics":
                    row.update({f"[{column}]_{k}": v for k, v in value.items()})
                elif name == "categories":
                    row[f"[{column}]_categories"] = "|".join(value)
                else:
                    row[f"[{column}]_{name}"] = value
        rows.append(row)
    frame = pd.DataFrame(rows)
    return frame[["source", *sorted(c for c in frame.columns if c != "source")]]
