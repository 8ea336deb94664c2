"""References to a module's output, as configs write them in ``source:``.

``Synthesizer`` names the module's output on each path; ``Synthesizer.ctgan`` only the paths
through its experiment ``ctgan``; ``Splitter.ori`` / ``.train`` the Splitter's training
table and ``Splitter.control`` / ``.validation`` / ``.test`` its held-out table (PETsARD's
aliases). Reporters, the Describer and the Constrainer share this one reading.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from petsard.registry import did_you_mean

# Expanded experiments (Splitter samples) are named '<base>_[k-n]'; configs refer to the base.
EXPANDED_SUFFIX = re.compile(r"_\[[^\]]*\]$")
SPLITTER_PARTS = {"ori": "train", "train": "train", "control": "validation",
                  "validation": "validation", "test": "validation"}

# Module name -> experiment names as the config writes them, in run order.
ConfigModules = Mapping[str, Sequence[str]]


def base_experiment(name: str) -> str:
    """The experiment name a config wrote: 'split_[2-3]' -> 'split'."""
    return EXPANDED_SUFFIX.sub("", name)


@dataclass(frozen=True)
class SourceRef:
    """One reference: a module, optionally one of its experiments or a Splitter part."""

    module: str
    experiment: str | None = None
    part: str | None = None  # 'train' | 'validation': a Splitter table

    @classmethod
    def parse(cls, text: str, modules: ConfigModules) -> SourceRef:
        """The reference ``text`` makes in a config with ``modules``; ValueError saying what
        is wrong otherwise. An experiment name wins over a Splitter alias it spells."""
        module, _, key = text.partition(".")
        if module not in modules:
            raise ValueError(f"module '{module}' is not in this config (modules: "
                             f"{', '.join(modules)})")
        if not key:
            return cls(module)
        experiments = list(modules[module])
        if key in experiments:
            return cls(module, experiment=key)
        if module == "Splitter" and key in SPLITTER_PARTS:
            return cls(module, part=SPLITTER_PARTS[key])
        valid = experiments + (sorted(SPLITTER_PARTS) if module == "Splitter" else [])
        raise ValueError(f"'{key}' is not an experiment of {module}{did_you_mean(key, valid)}")

    def __str__(self) -> str:
        key = self.experiment or next((k for k, v in SPLITTER_PARTS.items() if v == self.part),
                                      None)
        return f"{self.module}.{key}" if key else self.module

    def matches(self, experiment: str) -> bool:
        """True when a path whose node of this module runs ``experiment`` is referred to."""
        return self.experiment is None or base_experiment(experiment) == self.experiment


def check_sources(sources: str | Sequence[str], path: str, modules: ConfigModules,
                  before: str) -> list[str]:
    """Problems with references in ``path``: unknown modules or experiments, and modules
    that do not run before ``before`` (the referring module)."""
    problems = []
    listed = [sources] if isinstance(sources, str) else list(sources)
    order = list(modules)
    for text in listed:
        try:
            ref = SourceRef.parse(str(text), modules)
        except ValueError as exc:
            problems.append(f"{path}: {exc}")
            continue
        if before in order and order.index(ref.module) >= order.index(before):
            problems.append(f"{path}: '{text}' does not run before the {before} (choose a "
                            "module earlier in the pipeline)")
    return problems
