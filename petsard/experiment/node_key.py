"""Node keys (``Loader[a]_Splitter[s]_Synthesizer[b]``): formatted and parsed here only.

A key names a node by the experiments on its path, root first. Experiment names may hold
any character, brackets and underscores included (``split_[10-01]``), so parsing relies on
the module names, which come in canonical order, each at most once.
"""

from __future__ import annotations

from dataclasses import dataclass

from petsard.exceptions import PetsardError
from petsard.experiment.module_order import MODULE_ORDER


@dataclass(frozen=True, slots=True)
class NodeKey:
    """(module, experiment) pairs from the root to one node."""

    pairs: tuple[tuple[str, str], ...]

    @classmethod
    def of(cls, module: str, experiment: str) -> NodeKey:
        return cls(((module, experiment),))

    @classmethod
    def parse(cls, text: str) -> NodeKey:
        """The key a string spells; PetsardError if it is not one."""
        pairs: list[tuple[str, str]] = []
        position, later = 0, MODULE_ORDER
        while position < len(text):
            module = next((m for m in later if text.startswith(f"{m}[", position)), None)
            if module is None:
                raise PetsardError(f"'{text}' is not a node key (Module[experiment]_...)")
            start = position + len(module) + 1
            later = later[later.index(module) + 1:]
            end = _closing(text, start, later)
            if end is None:
                raise PetsardError(f"'{text}' is not a node key: no ']' closes {module}[")
            pairs.append((module, text[start:end]))
            position = end + 2  # past ']_'
        if not pairs:
            raise PetsardError("an empty string is not a node key")
        return cls(tuple(pairs))

    def __str__(self) -> str:
        return "_".join(f"{module}[{experiment}]" for module, experiment in self.pairs)

    @property
    def module(self) -> str:
        return self.pairs[-1][0]

    @property
    def experiment(self) -> str:
        return self.pairs[-1][1]

    @property
    def label(self) -> str:
        """This node's own 'Module[experiment]'."""
        return str(NodeKey(self.pairs[-1:]))

    @property
    def parent(self) -> NodeKey | None:
        return NodeKey(self.pairs[:-1]) if len(self.pairs) > 1 else None

    def child(self, module: str, experiment: str) -> NodeKey:
        return NodeKey((*self.pairs, (module, experiment)))

    def up_to(self, module: str) -> NodeKey:
        """The key of this path's node of ``module`` (the whole key if it has none)."""
        for end, (name, _) in enumerate(self.pairs, start=1):
            if name == module:
                return NodeKey(self.pairs[:end])
        return self

    def renamed(self, experiment: str) -> NodeKey:
        """The same path with this node's experiment named ``experiment``."""
        return NodeKey((*self.pairs[:-1], (self.module, experiment)))

    def is_below(self, other: NodeKey) -> bool:
        """True when ``other`` is a proper ancestor of this key."""
        return len(other.pairs) < len(self.pairs) and self.pairs[:len(other.pairs)] == other.pairs


def _closing(text: str, start: int, later: tuple[str, ...]) -> int | None:
    """The ']' ending the experiment name that starts at ``start``: the first one followed by
    the end of the text or by '_' and a later module's '['."""
    end = text.find("]", start)
    while end != -1:
        rest = end + 1
        if rest == len(text) or (text.startswith("_", rest) and any(
                text.startswith(f"{m}[", rest + 1) for m in later)):
            return end
        end = text.find("]", end + 1)
    return None
