"""Backends choose *how* node tasks run: in this process, in local processes, on Dask.

The process and Dask backends are imported by the run that asks for them (multiprocessing
and distributed's client cost a sequential run nothing)."""

from __future__ import annotations

from petsard.engine.backends.base import Backend, PoolBackend, check_picklable
from petsard.engine.backends.sequential import SequentialBackend
from petsard.plan import Plan


def make_backend(name: str, max_workers: int | None, dask_address: str | None,
                 plan: Plan) -> Backend:
    """The backend the Executor section names (``backend``, ``max_workers``,
    ``dask_address``), for ``plan``: a Dask backend that starts its own cluster starts
    preparing its workers at once."""
    if name == "sequential":
        return SequentialBackend()
    if name == "processes":
        from petsard.engine.backends.processes import ProcessBackend

        return ProcessBackend(max_workers)
    from petsard.engine.backends.dask_cluster import DaskBackend

    return DaskBackend(max_workers, dask_address, plan.method_classes())


__all__ = ["Backend", "PoolBackend", "SequentialBackend", "check_picklable", "make_backend"]
