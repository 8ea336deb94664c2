"""The optional ``Executor:`` section of a config: logging, seed, record store and folders."""

from dataclasses import dataclass
from typing import Annotated, Literal

from pydantic import Field


@dataclass(frozen=True)
class ExecutorSettings:
    """Run-wide settings; every field is optional."""

    log_output_type: Literal["stdout", "file", "both"] = "stdout"
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"] = "INFO"
    log_dir: str = "."
    log_filename: str = "PETsARD_{timestamp}.log"
    random_state: Annotated[int, Field(ge=0)] | None = None
    store: Literal["sqlite", "memory"] = "sqlite"
    runs_dir: str = "./petsard_runs"
    # Write each finished node's output beside the record, so a killed run can resume.
    checkpoint: bool = True
    # stop: the first failing node ends the run; continue: its subtree is skipped, the rest runs.
    on_error: Literal["stop", "continue"] = "stop"
    # A run id, unique prefix or 'latest' whose unchanged checkpointed nodes are reused.
    reuse: str | None = None
    # How nodes run: in this process depth-first, in local processes, or on Dask.
    backend: Literal["sequential", "processes", "dask"] = "sequential"
    max_workers: Annotated[int, Field(ge=1)] | None = None
    dask_address: str | None = None  # omit for a local Dask cluster of max_workers workers
    # disk: leaf results are dropped from memory once checkpointed; get_result() reads them.
    keep_results: Literal["memory", "disk"] = "memory"
