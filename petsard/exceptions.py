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


class MissingDependencyError(PetsardError, ImportError):
    """An optional extra is needed; the message names the pip command to run."""

    def __init__(self, package: str, extra: str, purpose: str) -> None:
        super().__init__(
            f"{purpose} needs the optional package '{package}', which is not installed: "
            f"run pip install 'petsard[{extra}]'"
        )
        self.package = package
        self.extra = extra
