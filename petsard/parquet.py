"""Tables to and from Parquet, exactly as pandas held them: dtypes, index, every digit."""

from __future__ import annotations

from typing import IO

import numpy as np
import pandas as pd

# What pandas raises when Arrow cannot hold a table (mixed-type object columns, non-string
# column names, integers too large): callers then keep the table another way.
UNSUPPORTED = (ValueError, TypeError, ImportError, OverflowError)


def write(table: pd.DataFrame, target: str | IO[bytes]) -> None:
    """Parquet with the index; raises one of UNSUPPORTED when Arrow cannot hold ``table``."""
    table.to_parquet(target, index=True)


def read(source: str | IO[bytes]) -> pd.DataFrame:
    table = pd.read_parquet(source)
    for column in table.columns:
        if table[column].dtype == object:  # Arrow gives None where pandas had NaN
            table[column] = table[column].where(table[column].notna(), np.nan)
    return table
