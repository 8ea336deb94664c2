"""Write a Constrainer's validation tables (summary, proportions, failing rows) as CSV files."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from petsard.output_files import atomic_write, output_path


def write_validation(tables: dict[str, pd.DataFrame], output_dir: str | Path,
                     prefix: str) -> list[Path]:
    """``<prefix>_<table>.csv`` for every table, written atomically inside ``output_dir``."""
    written = []
    for name, table in tables.items():
        if table is None:
            continue
        target = output_path(output_dir, f"{prefix}_{name}.csv")
        written.append(atomic_write(target, lambda p, t=table: t.to_csv(p, index=False)))
    return written
