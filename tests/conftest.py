"""Shared fixtures: every test runs in its own folder; SDV writes nothing to the real home."""

from __future__ import annotations

import os
import tempfile
from collections import Counter
from pathlib import Path
from typing import ClassVar

import pandas as pd
import pytest

from petsard.loader import REGISTRY, FileLoader
from petsard.schema.schema import Schema

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("XDG_DATA_HOME", tempfile.mkdtemp(prefix="petsard-tests-xdg-"))

DATA = Path(__file__).parent / "data"
ADULT = Path(__file__).parents[1] / "petsard" / "datasets" / "adult-income.csv.gz"


@pytest.fixture(autouse=True)
def _in_tmp_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)


@pytest.fixture(scope="session")
def adult() -> pd.DataFrame:
    """The bundled UCI Adult table, '?' as missing."""
    return pd.read_csv(ADULT, na_values=["?"])


@pytest.fixture
def adult_csv(tmp_path: Path, adult: pd.DataFrame) -> Path:
    """A 600-row adult-income CSV as a user would have it ('?' for missing)."""
    path = tmp_path / "adult.csv"
    adult.sample(600, random_state=0).to_csv(path, index=False, na_rep="?")
    return path



class CountingLoader(FileLoader):
    """The default Loader, counting its reads per experiment name (``counting_loader``)."""

    reads: ClassVar[Counter[str]] = Counter()

    def load(self, name: str) -> tuple[pd.DataFrame, Schema]:
        CountingLoader.reads[name] += 1
        return super().load(name)


@pytest.fixture
def counting_loader(monkeypatch: pytest.MonkeyPatch) -> Counter[str]:
    """Registers CountingLoader as the Loader method ``counting``; returns its counts."""
    monkeypatch.setitem(REGISTRY._entries, "counting", CountingLoader)
    monkeypatch.setitem(REGISTRY._display, "counting", "counting")
    monkeypatch.setattr(CountingLoader, "reads", Counter())
    return CountingLoader.reads
