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
