"""The current path: the result and schema of the latest execution of each module, as
PETsARD's Status exposes them (``get_result``, ``get_full_expt``, ``get_metadata``).

Depth-first order makes the latest execution of each module one path of the tree: when a
module runs again, every later module's entry belongs to an old path and is dropped.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from petsard.exceptions import StatusError
from petsard.schema.schema import Schema


@dataclass
class PathEntry:
    experiment: str
    node_key: str
    data: Any
    schema: Schema | None


class CurrentPath:
    """Entries per module in ``sequence`` order; metadata per module (settable, as upstream's
    ``set_metadata`` and ``restore_from_snapshot``), predicted schemas and training rows."""

    def __init__(self, sequence: list[str]) -> None:
        self.sequence = sequence
        self.entries: dict[str, PathEntry] = {}
        self.metadata: dict[str, Schema] = {}
        self.inferred: dict[str, Schema] = {}
        self.train_indices: list[set[Any]] = []

    def enter(self, module: str, experiment: str, node_key: str, data: Any,
              schema: Schema | None) -> None:
        """``module``'s latest execution; later modules' entries are dropped."""
        if module not in self.sequence:
            self.sequence.append(module)
        for later in self.sequence[self.sequence.index(module):]:
            self.entries.pop(later, None)
        self.entries[module] = PathEntry(experiment, node_key, data, schema)
        if schema is not None:
            self.metadata[module] = schema
        if module == "Splitter" and isinstance(data, dict) and "train" in data:
            self.train_indices.append(set(data["train"].index.tolist()))

    def before(self, module: str) -> list[tuple[str, PathEntry]]:
        """Entries of the modules that run before ``module``, in order."""
        position = (self.sequence.index(module) if module in self.sequence
                    else len(self.sequence))
        return [(m, e) for m, e in self.entries.items() if m in self.sequence[:position]]

    def result(self, module: str) -> Any:
        entry = self.entries.get(module)
        if entry is None:
            raise StatusError(f"module '{module}' has no result on the current path; "
                              f"modules with results: {', '.join(self.entries) or 'none'}")
        return entry.data

    def full_expt(self, module: str | None = None) -> dict[str, str]:
        """{module: experiment} along the path, up to and including ``module``."""
        result: dict[str, str] = {}
        for name, entry in self.entries.items():
            result[name] = entry.experiment
            if name == module:
                break
        return result

    def schema_of(self, module: str) -> Schema:
        schema = self.metadata.get(module)
        if schema is None:
            known = ", ".join(self.metadata) or "none yet"
            raise StatusError(f"no metadata for module '{module}'; modules with metadata: {known}")
        return schema
