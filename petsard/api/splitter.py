"""PETsARD's ``Splitter`` for notebooks: ``Splitter(num_samples=, train_split_ratio=, ...)``,
then ``split(data=, metadata=) -> (split_data, metadata, train_indices)`` in PETsARD's
shapes, over the Splitter method the YAML config runs."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import numpy as np
import pandas as pd

from petsard.api.building import configured, require_frame
from petsard.exceptions import ConfigError
from petsard.schema.inference import infer_schema
from petsard.schema.schema import Schema
from petsard.splitter import REGISTRY
from petsard.splitter.base import TRAIN, VALIDATION

Parts = dict[str, pd.DataFrame]


class Splitter:
    """``num_samples`` train/validation splits with ``train_split_ratio`` of the rows for
    training, pairwise overlapping at most ``max_overlap_ratio`` (``max_attempts`` draws per
    sample). ``random_state``: an integer, or a text (or a float, read as text) the seed is
    derived from; None draws a fresh seed at each split."""

    def __init__(self, num_samples: int = 1, train_split_ratio: float = 0.8,
                 random_state: int | float | str | None = None,
                 max_overlap_ratio: float = 1.0, max_attempts: int = 30) -> None:
        self.config = {"num_samples": num_samples, "train_split_ratio": train_split_ratio,
                       "random_state": random_state, "max_overlap_ratio": max_overlap_ratio,
                       "max_attempts": max_attempts}
        own = str(random_state) if isinstance(random_state, float) else random_state
        self._method = configured(REGISTRY, "default", {**self.config, "random_state": own},
                                  "Splitter")

    def split(self, data: pd.DataFrame | None = None, metadata: Schema | None = None,
              exist_train_indices: list[set[int]] | None = None
              ) -> tuple[dict[int, Parts], dict[int, dict[str, Schema]], list[set[int]]]:
        """({1: {'train': df, 'validation': df}, 2: ...}, the same shape of schemas,
        [training row positions of each sample]). Samples are numbered from 1; rows are
        numbered by position in ``data``, and each part is a copy with a fresh index. Each
        training set also overlaps every set of ``exist_train_indices`` at most
        ``max_overlap_ratio``. ``metadata`` (inferred when not given) is each part's schema,
        with its row count and the split in its description."""
        frame = require_frame(data, "Splitter.split: data").reset_index(drop=True)
        schema = metadata if metadata is not None else infer_schema(frame, "data")
        existing = [_positions(s, len(frame)) for s in exist_train_indices or ()]
        trains = self._method.train_indices(len(frame), self._seed(), existing)
        split_data, schemas, indices = {}, {}, []
        for number, train in enumerate(trains, start=1):
            mask = np.zeros(len(frame), dtype=bool)
            mask[train] = True
            parts = {TRAIN: frame.iloc[mask].reset_index(drop=True),
                     VALIDATION: frame.iloc[~mask].reset_index(drop=True)}
            note = f"Split info: train={mask.sum()} rows, validation={(~mask).sum()} rows"
            split_data[number] = parts
            schemas[number] = {role: _described(schema, len(part), note)
                               for role, part in parts.items()}
            indices.append({int(i) for i in train})
        return split_data, schemas, indices

    def _seed(self) -> int | str:
        """The method's own random_state as the YAML Splitter passes it (a text seeds
        Python's generator as PETsARD's does), else a fresh one."""
        own = self._method.random_state
        return int(np.random.default_rng().integers(2**32)) if own is None else own


def _positions(rows: Any, total: int) -> np.ndarray:
    positions = np.unique(np.fromiter((int(r) for r in rows), dtype=np.int64))
    if len(positions) and (positions[0] < 0 or positions[-1] >= total):
        raise ConfigError(f"Splitter.split: exist_train_indices holds row positions outside "
                          f"0..{total - 1} (the data has {total} rows)")
    return positions


def _described(schema: Schema, rows: int, note: str) -> Schema:
    description = f"{schema.description} | {note}" if schema.description else note
    return replace(schema, description=description, stats=replace(schema.stats, row_count=rows))
