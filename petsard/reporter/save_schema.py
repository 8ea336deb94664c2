"""``method: save_schema``: the schema at source modules, as YAML."""

from __future__ import annotations

from pathlib import Path

import yaml

from petsard.engine.context import PathContext
from petsard.output_files import atomic_write
from petsard.reporter.base import ReporterMethod
from petsard.reporter.output import (
    Source,
    check_source_modules,
    key_up_to,
    references_on_path,
    target,
)


class SaveSchema(ReporterMethod):
    """The schema at each source module, as YAML: ``<output>_schema_<experiment key>.yaml``."""

    def __init__(self, *, source: Source, output: str = "petsard", output_dir: str = ".",
                 overwrite: bool = False) -> None:
        self.source = source
        self.output = output
        self.output_dir = output_dir
        self.overwrite = overwrite

    check_pipeline = staticmethod(check_source_modules)

    def report(self, ctx: PathContext) -> list[Path]:
        written = []
        for ref in references_on_path(ctx, self.source):
            module = ref.module
            result = ctx.output_of(module)
            if result is None or result.schema is None or not ctx.tables_of(ref):
                continue
            text = yaml.safe_dump(result.schema.to_dict(), sort_keys=False, allow_unicode=True)
            path = target(ctx.run, self.output_dir, self.output,
                          f"_schema_{key_up_to(ctx, module)}.yaml", self.overwrite)
            written.append(atomic_write(path, lambda p, t=text: p.write_text(t, "utf-8")))
        return written
