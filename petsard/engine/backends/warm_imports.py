"""Imported by the Dask forkserver before it forks any worker: the run's method classes and
their heavy libraries (SDV, torch...) are then loaded once, and every worker starts with them.

The classes are named in an environment variable, which the forkserver inherits when the run
starts it; a forkserver already running (an earlier run in the same process) keeps what it
has, and workers import the rest when the run warms them. Importing this module elsewhere
would load those libraries there: only the forkserver's preload list names it.
"""

from __future__ import annotations

import importlib
import os

from petsard.engine.backends.dask_cluster import METHODS_VARIABLE


def _preload(names: str) -> None:
    """Best effort: a class this server cannot load (a user's class from a file, a missing
    extra) is left to the workers, whose warm-up reports what fails; the server must start."""
    for name in filter(None, names.split(",")):
        module, _, qualname = name.partition(":")
        try:
            target: object = importlib.import_module(module)
            for part in qualname.split("."):
                target = getattr(target, part)
            preload = getattr(target, "preload", None)
            if callable(preload):
                preload()
        except Exception:  # see the docstring
            continue


_preload(os.environ.get(METHODS_VARIABLE, ""))
