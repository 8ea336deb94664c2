"""Datasets bundled with petsard, reachable as ``benchmark://<name>`` without network.

As PETsARD does, loading one also leaves a copy in ``benchmark/<file>`` of the working folder,
so tutorials that then read ``filepath: benchmark/adult-income.csv`` find it. A benchmark
PETsARD hosts that is not bundled here is read from that folder when a copy is there.
"""

from __future__ import annotations

import gzip
import logging
from dataclasses import dataclass, field
from pathlib import Path

from petsard.exceptions import BenchmarkDatasetsError
from petsard.output_files import atomic_write
from petsard.registry import did_you_mean

SCHEME = "benchmark://"
HERE = Path(__file__).parent
CACHE = Path("benchmark")  # in the working folder, as PETsARD's
log = logging.getLogger("petsard.datasets")


@dataclass(frozen=True)
class Benchmark:
    name: str
    file: str  # bundled file, beside this module
    cached_as: str  # the file PETsARD's tutorials read from benchmark/
    description: str
    na_values: tuple[str, ...] = field(default=())

    @property
    def path(self) -> Path:
        return HERE / self.file

    @property
    def is_schema(self) -> bool:
        return self.cached_as.endswith(".yaml")

    def text(self) -> bytes:
        data = self.path.read_bytes()
        return gzip.decompress(data) if self.file.endswith(".gz") else data


_ADULT = "UCI Adult census income, 32,561 rows × 15 columns (CC BY 4.0; PETsARD's has 48,842)"
BENCHMARKS = {b.name: b for b in (
    Benchmark("adult-income", "adult-income.csv.gz", "adult-income.csv", f"{_ADULT}; '?' marks "
              "missing", na_values=("?",)),
    Benchmark("adult-income_schema", "adult-income_schema.yaml", "adult-income_schema.yaml",
              "schema of adult-income in PETsARD's Schema YAML form"),
    Benchmark("adult-income_ori", "adult-income_ori.csv.gz", "adult-income_ori.csv",
              "80% of adult-income's rows (26,049), a fixed split (seed 42)", na_values=("?",)),
    Benchmark("adult-income_control", "adult-income_control.csv.gz",
              "adult-income_control.csv", "the other 20% (6,512 rows)", na_values=("?",)),
    Benchmark("adult-income_syn", "adult-income_syn.csv.gz", "adult-income_syn.csv",
              "26,049 rows by petsard's default synthesizer fitted on adult-income_ori "
              "(seed 42)", na_values=("?",)),
)}
# PETsARD hosts these for download; petsard runs offline and does not bundle them.
NOT_BUNDLED = {
    "taiwan-salary-statistics-300k": "taiwan_salary_statistics_300k.csv",
    "taiwan-salary-statistics-300k_schema": "taiwan_salary_statistics_300k_schema.yaml",
    "taiwan-salary-statistics-300k-no-di": "taiwan_salary_statistics_300k_no_di.csv",
    "taiwan-salary-statistics-300k-no-di_schema":
        "taiwan_salary_statistics_300k_no_di_schema.yaml",
    "best-practices_multi-table_companies": "best-practices_multi-table_companies.csv",
    "best-practices_multi-table_applications": "best-practices_multi-table_applications.csv",
    "best-practices_multi-table_tracking": "best-practices_multi-table_tracking.csv",
    "best-practices_multi-table": "best-practices_multi-table.csv",
    "best-practices_categorical_high-cardinality":
        "best-practices_categorical_high-cardinality.csv",
}


def is_benchmark(filepath: str) -> bool:
    return str(filepath).lower().startswith(SCHEME)


def benchmark_name(filepath: str) -> str:
    name = str(filepath)[len(SCHEME):].strip().lower()
    return name.removesuffix(".csv").removesuffix(".yaml")


def check(filepath: str) -> str | None:
    """What is wrong with a ``benchmark://`` name, for config validation (None: nothing).
    PETsARD's hosted names pass: a copy may be in benchmark/ when the run starts."""
    name = benchmark_name(filepath)
    if name in BENCHMARKS or name in NOT_BUNDLED:
        return None
    return (f"unknown benchmark dataset '{name}'"
            f"{did_you_mean(name, sorted(BENCHMARKS) + sorted(NOT_BUNDLED))}")


def resolve(filepath: str) -> Benchmark:
    """The bundled dataset a ``benchmark://name`` path names; LoaderError otherwise."""
    name = benchmark_name(filepath)
    if name in BENCHMARKS:
        return BENCHMARKS[name]
    problem = check(filepath)
    if problem:
        raise BenchmarkDatasetsError(problem)
    raise BenchmarkDatasetsError(
        f"benchmark dataset '{name}' is one PETsARD downloads; petsard runs offline and "
        f"bundles only {', '.join(sorted(BENCHMARKS))}. Download {NOT_BUNDLED[name]} from "
        f"PETsARD's benchmark bucket into {CACHE}/ beside your config, or point filepath at "
        "your own copy")


def local_path(filepath: str, leave_copy: bool = True) -> Path:
    """The file to read for ``filepath``: a bundled benchmark, a PETsARD benchmark copied
    into benchmark/, or the path itself. With ``leave_copy`` (when data is loaded, not when a
    config is checked), a bundled benchmark leaves its copy in benchmark/, and a path
    ``benchmark/<bundled file>`` that does not exist yet is written from the bundle, as
    PETsARD's tutorials expect after loading ``benchmark://`` once."""
    if is_benchmark(filepath):
        name = benchmark_name(filepath)
        if name in BENCHMARKS:
            if leave_copy:
                cache(BENCHMARKS[name])
            return BENCHMARKS[name].path
        copy = CACHE / NOT_BUNDLED.get(name, "")
        if name in NOT_BUNDLED and copy.is_file():
            return copy
        resolve(filepath)  # raises, saying why
    path = Path(filepath)
    if not path.exists() and path.parent.name == CACHE.name:
        bundled = next((b for b in BENCHMARKS.values() if b.cached_as == path.name), None)
        if bundled is not None:
            return cache(bundled, path.parent) if leave_copy else bundled.path
    return path


def cache(benchmark: Benchmark, folder: Path = CACHE) -> Path:
    """Leave ``benchmark``'s file in ``folder`` (kept if already there): written whole
    through a temporary file, so a reader never sees part of it."""
    target = folder / benchmark.cached_as
    if target.exists():
        return target
    try:
        atomic_write(target, lambda path: path.write_bytes(benchmark.text()))
    except OSError as exc:  # a read-only working folder: the data is still read from the bundle
        log.warning("could not leave a copy of benchmark '%s' in %s: %s", benchmark.name,
                    folder, exc)
        return benchmark.path
    log.info("benchmark '%s' copied to %s", benchmark.name, target)
    return target
