"""``method: save_data``: the tables of source modules, as CSV."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from petsard.engine.context import PathContext
from petsard.experiment import NodeKey
from petsard.output_files import atomic_write
from petsard.reporter.base import ReporterMethod
from petsard.reporter.output import Source, check_source_modules, references_on_path, target

NamingStrategy = Literal["traditional", "compact"]


class SaveData(ReporterMethod):
    """One CSV per source and path. ``source`` takes modules (``Synthesizer``), experiments
    (``Synthesizer.ctgan``) and Splitter parts (``Splitter.ori``, ``.control``). Names:
    traditional ``<output>_<experiment key>.csv`` (``petsard_Loader[a]_Synthesizer[b].csv``),
    compact ``<output>_Loader_a_Synthesizer_b.csv``; a Splitter's tables end in
    ``_train``/``_validation``. A file from an earlier run is kept (the new one gets the run
    id as suffix) unless ``overwrite: true``."""

    def __init__(self, *, source: Source, output: str = "petsard", output_dir: str = ".",
                 naming_strategy: NamingStrategy = "traditional",
                 overwrite: bool = False) -> None:
        self.source = source
        self.output = output
        self.output_dir = output_dir
        self.naming_strategy = naming_strategy
        self.overwrite = overwrite

    check_pipeline = staticmethod(check_source_modules)

    def report(self, ctx: PathContext) -> list[Path]:
        key = NodeKey.parse(ctx.node_key)
        files = {}  # one file per table, however many references name it
        for ref in references_on_path(ctx, self.source):
            for name, table in ctx.tables_of(ref).items():
                rest = key_name(key.up_to(ref.module), self.naming_strategy)
                suffix = f"_{name}" if name else ""
                files[f"_{rest}{suffix}.csv"] = table
        return [atomic_write(target(ctx.run, self.output_dir, self.output, rest, self.overwrite),
                             lambda p, t=table: t.to_csv(p, index=False))
                for rest, table in files.items()]


def key_name(key: NodeKey, naming_strategy: NamingStrategy) -> str:
    """An experiment key as file names spell it: traditional ``Loader[a]_Synthesizer[b]``,
    compact ``Loader_a_Synthesizer_b``."""
    if naming_strategy == "traditional":
        return str(key)
    return "_".join(f"{module}_{experiment}" for module, experiment in key.pairs)
