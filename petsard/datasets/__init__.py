"""Datasets bundled with petsard, reachable as ``benchmark://<name>`` without network."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from petsard.exceptions import LoaderError
from petsard.registry import did_you_mean

SCHEME = "benchmark://"
HERE = Path(__file__).parent


@dataclass(frozen=True)
class Benchmark:
    name: str
    file: str
    description: str
    na_values: tuple[str, ...] = field(default=())

    @property
    def path(self) -> Path:
        return HERE / self.file


BENCHMARKS = {
    "adult-income": Benchmark(
        "adult-income", "adult-income.csv.gz",
        "UCI Adult census income, 32,561 rows × 15 columns (CC BY 4.0); '?' marks missing",
        na_values=("?",),
    ),
}


def is_benchmark(filepath: str) -> bool:
    return filepath.lower().startswith(SCHEME)


def resolve(filepath: str) -> Benchmark:
    """The bundled dataset a ``benchmark://name`` path names; LoaderError listing known ones."""
    name = filepath[len(SCHEME):].strip().lower()
    if name.endswith(".csv"):
        name = name[:-4]
    try:
        return BENCHMARKS[name]
    except KeyError:
        raise LoaderError(
            f"unknown benchmark dataset '{name}'{did_you_mean(name, sorted(BENCHMARKS))}"
        ) from None
