"""One hierarchy for every error a user can see; each message says what, where and what to do.

PETsARD's class names and error codes are kept, so a user's ``except UnableToLoadError:`` or a
log search for ``[CONFIG_002]`` works as before: ``str(error)`` starts with the class's code
(``[DATA_001] 'adult.csv' has a header but no rows...``), and each of our classes derives
from the PETsARD class it stands for (LoaderError is an UnableToLoadError).
"""

from __future__ import annotations

import errno
import re
from typing import ClassVar

# A code embedded in a message (an error re-raised inside another) is dropped: one code, the
# outer error's, leads the text.
_EMBEDDED_CODE = re.compile(r"\[[A-Z]+_\d{3}\] ")


class PETsARDError(Exception):
    """Base of every error petsard raises on purpose. ``error_code``: PETsARD's code of the
    class (None for classes PETsARD gives none); ``message``: the text without it."""

    error_code: ClassVar[str | None] = None

    def __init__(self, message: str = "", *args: object) -> None:
        super().__init__(_EMBEDDED_CODE.sub("", str(message)), *args)

    @property
    def message(self) -> str:
        return str(self.args[0]) if self.args else ""

    def __str__(self) -> str:
        text = super().__str__()
        return f"[{self.error_code}] {text}" if self.error_code else text


PetsardError = PETsARDError  # the name petsard's own code uses


# --- configuration ------------------------------------------------------------------------

class ConfigurationError(PETsARDError):
    """A configuration problem."""


class NoConfigError(ConfigurationError):
    """No configuration was given where one is needed."""

    error_code = "CONFIG_001"


class ConfigError(ConfigurationError):
    """The configuration is invalid; raised before any module runs.

    ``problems`` holds one line per problem, each starting with its YAML path.
    """

    error_code = "CONFIG_002"

    def __init__(self, message: str, problems: list[str] | None = None) -> None:
        super().__init__(message)
        self.problems = list(problems or [])

    @classmethod
    def from_problems(cls, problems: list[str]) -> ConfigError:
        head = f"invalid config ({len(problems)} problem{'s' if len(problems) != 1 else ''}):"
        return cls("\n  ".join([head, *problems]), problems)


# --- data ---------------------------------------------------------------------------------

class DataProcessingError(PETsARDError):
    """Data cannot be read or does not fit its description."""


class UnableToLoadError(DataProcessingError):
    """PETsARD's error for data that cannot be loaded."""

    error_code = "DATA_001"


class LoaderError(UnableToLoadError):
    """An input file cannot be read as a table (missing, empty, undecodable, malformed)."""


class BenchmarkDatasetsError(LoaderError):
    """A ``benchmark://`` dataset is unknown or not available offline."""

    error_code = "DATA_004"


class MetadataError(DataProcessingError):
    """PETsARD's error for a schema that is invalid or does not fit."""

    error_code = "DATA_002"


class SchemaError(MetadataError):
    """A schema (inferred or user-given) does not fit the data."""


class UnableToFollowMetadataError(DataProcessingError):
    """Data cannot be brought to the form its schema describes."""

    error_code = "DATA_003"


# --- operation order ----------------------------------------------------------------------

class OperationStateError(PETsARDError):
    """Something was used before the step it needs."""


class UncreatedError(OperationStateError):
    """An object was used before it was created."""

    error_code = "STATE_001"


class UnfittedError(OperationStateError):
    """A method was asked to transform or sample before it was fitted."""

    error_code = "STATE_002"


class UnexecutedError(OperationStateError):
    """Results were asked for before the work that makes them ran."""

    error_code = "STATE_003"


class ExecutorError(OperationStateError):
    """The Executor was used out of order (e.g. run twice)."""


class NothingToResume(ExecutorError):
    """The run asked to resume has already completed."""


# --- execution ----------------------------------------------------------------------------

class ExecutionError(PETsARDError):
    """A module failed while running."""


class NodeError(ExecutionError):
    """A node of the experiment tree failed; ``node_key`` names it."""

    def __init__(self, message: str, node_key: str | None = None) -> None:
        super().__init__(message)
        self.node_key = node_key


class UnableToSynthesizeError(ExecutionError):
    """PETsARD's error for a synthesizer that cannot fit or sample."""

    error_code = "EXEC_001"


class SynthesizerError(UnableToSynthesizeError):
    """A synthesizer could not fit or sample."""


class UnableToEvaluateError(ExecutionError):
    """PETsARD's error for an evaluation that cannot run."""

    error_code = "EXEC_002"


class EvaluatorError(UnableToEvaluateError):
    """An evaluation cannot run on the data it was given (e.g. too little control data)."""


class UnsupportedMethodError(ExecutionError):
    """A method name that no module offers."""

    error_code = "EXEC_003"


class CustomMethodEvaluatorError(EvaluatorError):
    """A user's evaluator class failed."""

    error_code = "EXEC_004"


class MissingDependencyError(ExecutionError, ImportError):
    """An optional extra is needed; the message names the pip command to run."""

    error_code = "EXEC_005"

    def __init__(self, package: str, extra: str, purpose: str) -> None:
        super().__init__(
            f"{purpose} needs the optional package '{package}', which is not installed: "
            f"run pip install 'petsard[{extra}]'"
        )
        self.package = package
        self.extra = extra


class SplitterError(ExecutionError):
    """No train/validation split satisfies the requested constraints."""


class ConstraintError(ExecutionError):
    """Constraints cannot be met (resampling gave up) or cannot be applied to the data."""


class ExpressionError(ConstraintError):
    """A ``field_constraints`` expression is malformed or does not fit the data's fields.

    ``start``/``end`` delimit the offending characters, so the message can point at them.
    """

    def __init__(self, message: str, expression: str, start: int, end: int | None = None) -> None:
        self.expression = expression
        self.start = max(0, min(start, len(expression)))
        self.end = max(self.start + 1, end if end is not None else self.start + 1)
        self.problem = message
        super().__init__(self.render())

    def render(self, indent: str = "    ") -> str:
        """The message, the expression and a caret line under the offending part."""
        width = min(self.end, max(len(self.expression), self.start + 1)) - self.start
        carets = " " * self.start + "^" * max(1, width)
        return f"{self.problem}\n{indent}{self.expression}\n{indent}{carets}"


class ProcessorError(ExecutionError):
    """A processing step cannot fit or apply (e.g. log scaling of non-positive values)."""


class ReporterError(ExecutionError):
    """A report could not be written."""


class WriteError(ExecutionError):
    """A file could not be written (an output, a checkpoint, the run record): the disk is full,
    a file-size limit was reached, the folder is read-only or not ours. The message names the
    file and the cause; what finished before stays recorded, so the run can be resumed."""

    error_code = "IO_001"

    @classmethod
    def of(cls, what: str, error: BaseException) -> WriteError:
        """``what`` (e.g. "the output file 'out/a.csv'") could not be written because of
        ``error``, with what to do about it."""
        return cls(f"could not write {what}: {_write_cause(error)}")


class RunInterrupted(ExecutionError, KeyboardInterrupt):
    """The run was stopped by Ctrl-C (SIGINT) or SIGTERM. Finished nodes and their checkpoints
    are kept and the record says 'interrupted'; the message says how to resume. It is also a
    KeyboardInterrupt, so code that stops on Ctrl-C stops on it."""

    error_code = "RUN_001"

    def __init__(self, message: str, run_id: str | None = None, signum: int = 2) -> None:
        super().__init__(message)
        self.run_id = run_id
        self.signum = signum

    @property
    def exit_code(self) -> int:
        """What a shell reports for a process ended by the signal: 130 (SIGINT), 143 (SIGTERM)."""
        return 128 + self.signum


# --- the run record -----------------------------------------------------------------------

class StatusError(PETsARDError):
    """A query on the status record cannot be answered (e.g. a module that has not run)."""


class SnapshotError(StatusError):
    """A snapshot cannot be found or restored."""

    error_code = "STATUS_001"


class TimingError(StatusError):
    """Timing records cannot be kept or read."""

    error_code = "STATUS_002"


class StoreError(StatusError):
    """The persistent run record cannot be opened or written."""


class CheckpointError(StoreError):
    """A checkpoint is missing, truncated or altered (its checksum differs from the one the
    record keeps): it is not read, and its node is computed again."""


_WRITE_ADVICE = {
    errno.ENOSPC: "free some space",
    errno.EDQUOT: "free some space",
    errno.EFBIG: "this process's file-size limit is reached; raise it with ulimit -f",
    errno.EROFS: "write elsewhere, or make the file system writable",
    errno.EACCES: "make the folder writable, or write elsewhere",
    errno.EPERM: "make the folder writable, or write elsewhere",
}


def is_write_failure(error: BaseException | None) -> bool:
    """A WriteError, or an OS error only a write can raise (disk full, file too large,
    read-only file system): the run stops there whatever ``on_error`` says."""
    if isinstance(error, WriteError):
        return True
    return isinstance(error, OSError) and error.errno in (
        errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EROFS)


def _write_cause(error: BaseException) -> str:
    """The OS's reason, and what to do about it."""
    number = getattr(error, "errno", None)
    text = getattr(error, "strerror", None) or str(error)
    advice = _WRITE_ADVICE.get(number) if isinstance(number, int) else None
    return f"{text} ({advice})" if advice else text


class ConfigWarning(UserWarning):
    """Something in the config is accepted but will do nothing, or less than it reads."""
