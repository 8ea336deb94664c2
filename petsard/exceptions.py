"""One hierarchy for every error a user can see; each message says what, where and what to do."""

from __future__ import annotations


class PetsardError(Exception):
    """Base of every error petsard raises on purpose."""


class ConfigError(PetsardError):
    """The configuration is invalid; raised before any module runs.

    ``problems`` holds one line per problem, each starting with its YAML path.
    """

    def __init__(self, message: str, problems: list[str] | None = None) -> None:
        super().__init__(message)
        self.problems = list(problems or [])

    @classmethod
    def from_problems(cls, problems: list[str]) -> ConfigError:
        head = f"invalid config ({len(problems)} problem{'s' if len(problems) != 1 else ''}):"
        return cls("\n  ".join([head, *problems]), problems)


class LoaderError(PetsardError):
    """An input file cannot be read as a table (missing, empty, undecodable, malformed)."""


class SchemaError(PetsardError):
    """A schema (inferred or user-given) does not fit the data."""


class NodeError(PetsardError):
    """A node of the experiment tree failed; ``node_key`` names it."""

    def __init__(self, message: str, node_key: str | None = None) -> None:
        super().__init__(message)
        self.node_key = node_key


class SplitterError(PetsardError):
    """No train/validation split satisfies the requested constraints."""


class ConstraintError(PetsardError):
    """Constraints cannot be met (resampling gave up) or cannot be applied to the data."""


class ExpressionError(ConstraintError):
    """A ``field_constraints`` expression is malformed or does not fit the data's fields.

    ``start``/``end`` delimit the offending characters, so the message can point at them.
    """

    def __init__(self, message: str, expression: str, start: int, end: int | None = None) -> None:
        self.message = message
        self.expression = expression
        self.start = max(0, min(start, len(expression)))
        self.end = max(self.start + 1, end if end is not None else self.start + 1)
        super().__init__(self.render())

    def render(self, indent: str = "    ") -> str:
        """The message, the expression and a caret line under the offending part."""
        width = min(self.end, max(len(self.expression), self.start + 1)) - self.start
        carets = " " * self.start + "^" * max(1, width)
        return f"{self.message}\n{indent}{self.expression}\n{indent}{carets}"


class EvaluatorError(PetsardError):
    """An evaluation cannot run on the data it was given (e.g. too little control data)."""


class ProcessorError(PetsardError):
    """A processing step cannot fit or apply (e.g. log scaling of non-positive values)."""


class SynthesizerError(PetsardError):
    """A synthesizer could not fit or sample."""


class ReporterError(PetsardError):
    """A report could not be written."""


class StatusError(PetsardError):
    """A query on the status record cannot be answered (e.g. a module that has not run)."""


class StoreError(PetsardError):
    """The persistent run record cannot be opened or written."""


class ExecutorError(PetsardError):
    """The Executor was used out of order (e.g. run twice)."""


class UncreatedError(PetsardError):
    """A Python API object was used before ``create()`` (PETsARD's name)."""


class UnfittedError(PetsardError):
    """A Python API object was asked to transform or sample before ``fit()`` (PETsARD's
    name)."""


class MissingDependencyError(PetsardError, ImportError):
    """An optional extra is needed; the message names the pip command to run."""

    def __init__(self, package: str, extra: str, purpose: str) -> None:
        super().__init__(
            f"{purpose} needs the optional package '{package}', which is not installed: "
            f"run pip install 'petsard[{extra}]'"
        )
        self.package = package
        self.extra = extra


class ConfigWarning(UserWarning):
    """Something in the config is accepted but will do nothing, or less than it reads."""
