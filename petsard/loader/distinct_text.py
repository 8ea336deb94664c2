"""A text column held as its distinct values and, for each row, which of them it holds.

The Loader strips, matches and parses each distinct value once, with pyarrow's vectorised
string kernels, then spreads the results over the rows with numpy: no Python work per cell,
and a million rows of a few hundred distinct values cost little more than the values do.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

# What Python's str.strip() removes (no character above U+3000 is whitespace).
SPACES = "".join(c for c in map(chr, range(0x3001)) if c.isspace())


@dataclass(frozen=True)
class TextColumn:
    """``values``: distinct strings, each held by at least one row; ``codes``: per row, the
    position of its value in ``values``, -1 where the cell is missing."""

    name: str
    codes: np.ndarray
    values: pa.Array

    @classmethod
    def from_arrow(cls, name: str, column: pa.ChunkedArray) -> TextColumn:
        """From dictionary-encoded strings (as pyarrow's CSV reader gives them)."""
        column = column.unify_dictionaries()
        if not column.num_chunks:
            return cls(name, np.empty(0, dtype=np.int32), pa.array([], type=pa.string()))
        codes = np.concatenate([pc.coalesce(chunk.indices, pa.scalar(-1, pa.int32()),
                                            memory_pool=pa.system_memory_pool()).to_numpy()
                                for chunk in column.chunks])
        return _compact(name, codes, column.chunk(0).dictionary)

    @classmethod
    def from_objects(cls, series: pd.Series) -> TextColumn:
        """From cells that are strings or missing; TypeError if one is anything else."""
        codes, uniques = pd.factorize(series, use_na_sentinel=True)
        uniques = np.asarray(uniques, dtype=object)
        if len(uniques) and pd.api.types.infer_dtype(uniques, skipna=False) != "string":
            raise TypeError(f"column '{series.name}' holds values that are not text")
        values = pa.array(uniques, type=pa.string())
        return cls(str(series.name), codes.astype(np.int32), values)

    def __len__(self) -> int:
        return len(self.codes)

    @property
    def missing(self) -> np.ndarray:
        return self.codes < 0

    def stripped(self) -> pa.Array:
        """The distinct values without surrounding spaces (as Python's str.strip)."""
        return pc.utf8_trim(self.values, characters=SPACES)

    def rows(self, flagged: np.ndarray | pa.Array) -> np.ndarray:
        """Rows whose value is flagged (a bool per distinct value); never a missing row."""
        flagged = _numpy(flagged, bool)
        return np.append(flagged, False)[self.codes]

    def spread(self, per_value: np.ndarray | pa.Array, fill: object) -> np.ndarray:
        """One result per distinct value, as one per row (``fill`` where missing)."""
        per_value = _numpy(per_value)
        return np.append(per_value, np.array([fill], dtype=per_value.dtype))[self.codes]

    def without(self, flagged: np.ndarray | pa.Array) -> TextColumn:
        """The column with the cells holding a flagged value made missing."""
        flagged = _numpy(flagged, bool)
        if not flagged.any():
            return self
        codes = np.where(np.append(flagged, True)[self.codes], -1, self.codes)
        return _compact(self.name, codes, self.values)

    def to_objects(self, values: pa.Array | None = None) -> pd.Series:
        """The cells as Python strings (NaN where missing), as pandas reads text; ``values``
        replaces the distinct values (e.g. padded ones) position by position."""
        strings = (self.values if values is None else values).to_numpy(zero_copy_only=False)
        return pd.Series(self.spread(strings.astype(object, copy=False), np.nan),
                         name=self.name)


def _numpy(values: np.ndarray | pa.Array, dtype: type | None = None) -> np.ndarray:
    if isinstance(values, (pa.Array, pa.ChunkedArray)):
        values = values.to_numpy(zero_copy_only=False)
    return values if dtype is None else values.astype(dtype, copy=False)


def _compact(name: str, codes: np.ndarray, values: pa.Array) -> TextColumn:
    """Drop the values no row holds (after slicing or marking cells missing)."""
    held = np.bincount(codes + 1, minlength=len(values) + 1)[1:] > 0
    if held.all():
        return TextColumn(name, codes, values)
    position = np.append(np.cumsum(held) - 1, -1).astype(np.int32)
    codes = position[codes]
    return TextColumn(name, codes, values.filter(pa.array(held)))
