"""How a Describer's ``source`` is written, as PETsARD reads it.

One source (``Loader``, ``[Loader]``) is described; two are compared, base against target:
``{base: Splitter.train, target: Synthesizer}`` (PETsARD's older ``{ori, syn}`` keys too) or a
list of two, base first. Each is a reference (petsard/experiment/source_ref.py): a module,
``Module.experiment`` or a Splitter part (``Splitter.ori`` / ``.control`` ...).
"""

from __future__ import annotations

from typing import Literal

from petsard.experiment.source_ref import ConfigModules, check_sources

Source = str | list[str] | dict[str, str]
Mode = Literal["describe", "compare"]

KEYS = {"base": "base", "ori": "base", "target": "target", "syn": "target"}
# Modules whose output is no table of their own: the Evaluator passes its input on, the
# Describer and Reporter run after (check_sources reports those).
NO_TABLE = ("Evaluator", "Describer", "Reporter")


def read_source(source: Source) -> dict[str, str]:
    """{where it is written ('source', 'source.0', 'source.base'...): reference} in role
    order (base first); ValueError saying what is wrong."""
    if isinstance(source, str):
        return {"source": source}
    if isinstance(source, list):
        if len(source) not in (1, 2):
            raise ValueError(f"a list names 1 source (describe) or 2 (compare: base, then "
                             f"target), got {len(source)}")
        return {f"source.{i}": text for i, text in enumerate(source)}
    roles = sorted((KEYS[key], key) for key in source if key in KEYS)
    if len(source) != 2 or [role for role, _ in roles] != ["base", "target"]:
        raise ValueError("a mapping names the two sources to compare: base and target (or "
                         f"ori and syn), got keys: {', '.join(map(str, source)) or 'none'}")
    return {f"source.{key}": source[key] for _, key in roles}


def mode_of(source: Source) -> Mode:
    """What ``method: default`` does: describe one source, compare two."""
    return "compare" if isinstance(source, dict) or (
        isinstance(source, list) and len(source) == 2) else "describe"


def check_source_refs(params: dict, path: str, modules: ConfigModules) -> list[str]:
    """Each reference names a module with a table of its own that runs before the Describer
    (and one of its experiments or a Splitter part, after a dot)."""
    try:
        written = read_source(params["source"])
    except (KeyError, ValueError):  # missing or misshapen: reported by validate_params
        return []
    problems = []
    for where, text in written.items():
        module = text.partition(".")[0]
        if module == "Evaluator" and module in modules:
            usable = [m for m in modules if m not in NO_TABLE]
            problems.append(f"{path}.{where}: '{module}' has no table of its own to describe "
                            f"(choose one of: {', '.join(usable)})")
            continue
        problems += check_sources(text, f"{path}.{where}", modules, before="Describer")
    return problems
