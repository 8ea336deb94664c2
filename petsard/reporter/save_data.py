"""``method: save_data``: the tables of source modules, as CSV."""

from __future__ import annotations

from pathlib import Path

from petsard.engine.context import PathContext
from petsard.output_files import atomic_write
from petsard.reporter.base import ReporterMethod
from petsard.reporter.output import Source, check_source_modules, key_up_to, sources, target


class SaveData(ReporterMethod):
    """One CSV per source module and path: ``<output>_<experiment key>.csv``. A file from an
    earlier run is kept (the new one gets the run id as suffix) unless ``overwrite: true``."""

    def __init__(self, *, source: Source, output: str = "petsard", output_dir: str = ".",
                 overwrite: bool = False) -> None:
        self.source = source
        self.output = output
        self.output_dir = output_dir
        self.overwrite = overwrite

    check_pipeline = staticmethod(check_source_modules)

    def report(self, ctx: PathContext) -> list[Path]:
        written = []
        for module in sources(self.source):
            result = ctx.output_of(module)
            if result is None or result.data is None:
                continue
            tables = result.data if isinstance(result.data, dict) else {"": result.data}
            for name, table in tables.items():
                suffix = f"_{name}" if name else ""
                path = target(ctx.run, self.output_dir,
                              f"{self.output}_{key_up_to(ctx, module)}{suffix}.csv",
                              self.overwrite)
                written.append(atomic_write(path, lambda p, t=table: t.to_csv(p, index=False)))
        return written
