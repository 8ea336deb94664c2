"""Backends choose *how* node tasks run: in this process, in local processes, on Dask."""

from __future__ import annotations

from petsard.engine.backends.base import Backend, PoolBackend, check_picklable
from petsard.engine.backends.dask_cluster import DaskBackend
from petsard.engine.backends.processes import ProcessBackend
from petsard.engine.backends.sequential import SequentialBackend


def make_backend(name: str, max_workers: int | None, dask_address: str | None) -> Backend:
    """The backend the Executor section names (``backend``, ``max_workers``,
    ``dask_address``)."""
    if name == "sequential":
        return SequentialBackend()
    if name == "processes":
        return ProcessBackend(max_workers)
    return DaskBackend(max_workers, dask_address)


__all__ = ["Backend", "DaskBackend", "PoolBackend", "ProcessBackend", "SequentialBackend",
           "check_picklable", "make_backend"]
