"""Splitter methods: random train/validation splits (several, with bounded overlap), or
pre-split files."""

from __future__ import annotations

import random
from collections.abc import Sequence
from functools import lru_cache
from typing import Annotated, Any, ClassVar

import numpy as np
import pandas as pd
from pydantic import Field

from petsard.exceptions import SplitterError
from petsard.loader.file_loader import FileLoader
from petsard.loader.loader_options import check_loader_options, load_file, per_file
from petsard.method import Method
from petsard.schema.schema import Schema
from petsard.splitter.base import TRAIN, VALIDATION, SplitterMethod


def sample_name(base: str, index: int, total: int) -> str:
    """PETsARD's naming of expanded samples: split_[10-01] ... split_[10-10]."""
    return f"{base}_[{total}-{index:0{len(str(total))}d}]"


class RandomSplitter(SplitterMethod):
    """``num_samples`` random splits with ``train_split_ratio`` of the rows for training;
    the training sets overlap pairwise at most ``max_overlap_ratio`` (found within
    ``max_attempts`` draws per sample). Each sample becomes its own experiment, named
    ``<name>_[N-k]`` as in PETsARD (``split_[1-1]`` for one sample). ``random_state``: an
    integer or, as PETsARD takes it, a text (``exp_v1``) that seeds Python's generator."""

    def __init__(
        self,
        *,
        train_split_ratio: Annotated[float, Field(gt=0, lt=1)] = 0.8,
        num_samples: Annotated[int, Field(ge=1)] = 1,
        random_state: Annotated[int, Field(ge=0)] | str | None = None,
        max_overlap_ratio: Annotated[float, Field(ge=0, le=1)] = 1.0,
        max_attempts: Annotated[int, Field(ge=1)] = 30,
    ) -> None:
        self.train_split_ratio = train_split_ratio
        self.num_samples = num_samples
        self.random_state = random_state
        self.max_overlap_ratio = max_overlap_ratio
        self.max_attempts = max_attempts

    @classmethod
    def expand(cls, name: str, params: dict[str, Any]) -> list[tuple[str, int]]:
        total = params.get("num_samples", 1)
        return [(sample_name(name, k, total), k) for k in range(1, total + 1)]

    def train_indices(self, rows: int, seed: int | str,
                      existing: Sequence[np.ndarray] = ()) -> list[np.ndarray]:
        """All samples' training row positions, drawn together so overlaps can be checked;
        each also overlaps the ``existing`` training sets (of earlier splits) at most
        ``max_overlap_ratio``."""
        size = round(rows * self.train_split_ratio)
        if size < 1 or size >= rows:
            raise SplitterError(f"train_split_ratio {self.train_split_ratio} of {rows} rows "
                                f"leaves {size} training and {rows - size} validation rows; "
                                "both need at least one")
        # Python's generator, drawn as PETsARD draws: the same random_state gives the same
        # training rows as PETsARD 1.10.
        rng = random.Random(seed)
        chosen: list[np.ndarray] = []
        for number in range(1, self.num_samples + 1):
            for _ in range(self.max_attempts):
                candidate = np.sort(np.fromiter(rng.sample(range(rows), size), np.int64, size))
                if all(_overlap(candidate, other) <= self.max_overlap_ratio
                       for other in [*existing, *chosen]):
                    chosen.append(candidate)
                    break
            else:
                raise SplitterError(
                    f"could not draw training set {number} of {self.num_samples} overlapping "
                    f"the others at most {self.max_overlap_ratio:.0%} in {self.max_attempts} "
                    "attempts: raise max_overlap_ratio or max_attempts, or lower num_samples")
        return chosen

    def split(self, data: pd.DataFrame, seed: int | str, index: int
              ) -> dict[str, pd.DataFrame]:
        train = _drawn(self.train_split_ratio, self.num_samples, self.max_overlap_ratio,
                       self.max_attempts, len(data), seed)[index - 1]
        mask = np.zeros(len(data), dtype=bool)
        mask[train] = True
        return {TRAIN: data.iloc[mask], VALIDATION: data.iloc[~mask]}


@lru_cache(maxsize=4)
def _drawn(ratio: float, samples: int, overlap: float, attempts: int, rows: int,
           seed: int | str) -> list[np.ndarray]:
    """Every sample's training rows, drawn once per process for the nodes of one Splitter
    experiment (each node takes its own sample from them)."""
    splitter = RandomSplitter(train_split_ratio=ratio, num_samples=samples,
                              max_overlap_ratio=overlap, max_attempts=attempts)
    return splitter.train_indices(rows, seed)


def _overlap(first: np.ndarray, second: np.ndarray) -> float:
    return len(np.intersect1d(first, second, assume_unique=True)) / len(first)


class CustomDataSplitter(Method):
    """Pre-split files: ``filepath: {ori: a.csv, control: b.csv}`` (or ``train`` and
    ``validation``). Every Loader setting (``schema``, ``na_values``, ``column_types``...)
    applies to both files, or to each as ``{ori: ..., control: ...}``."""

    KEYS: ClassVar[dict[str, str]] = {"train": TRAIN, "ori": TRAIN, "validation": VALIDATION,
                                      "control": VALIDATION}

    def __init__(self, *, filepath: dict[str, str], **loader: Any) -> None:
        self.filepath = filepath
        self.loader = loader

    @classmethod
    def validate_params(cls, params: dict[str, Any], path: str) -> tuple[dict, list[str]]:
        clean, problems = super().validate_params(params, path)
        if problems:
            return clean, problems
        roles = [cls.KEYS.get(key) for key in clean["filepath"]]
        if None in roles or sorted(roles) != [TRAIN, VALIDATION]:
            return clean, [f"{path}.filepath: expected exactly the keys ori and control (or "
                           f"train and validation), got {list(clean['filepath'])}"]
        options = {k: v for k, v in clean.items() if k != "filepath"}
        return clean, check_loader_options(options, clean["filepath"], path)

    @classmethod
    def expand(cls, name: str, params: dict[str, Any]) -> list[tuple[str, int]]:
        return [(sample_name(name, 1, 1), 1)]  # named as one sample, as in PETsARD

    @classmethod
    def input_files(cls, params: dict[str, Any]) -> list[str]:
        return [file for path in params["filepath"].values()
                for file in FileLoader.input_files({"filepath": path})]

    def load(self) -> tuple[dict[str, pd.DataFrame], Schema]:
        """The two tables, and the schema the Loader gives the training file."""
        tables, schemas = {}, {}
        for key, path in self.filepath.items():
            role = self.KEYS[key]
            tables[role], schemas[role] = load_file(
                path, per_file(self.loader, key, self.filepath), role)
        if list(tables[TRAIN].columns) != list(tables[VALIDATION].columns):
            raise SplitterError("the ori and control files have different columns: "
                                f"{list(tables[TRAIN].columns)} and "
                                f"{list(tables[VALIDATION].columns)}")
        return {TRAIN: tables[TRAIN], VALIDATION: tables[VALIDATION]}, schemas[TRAIN]
