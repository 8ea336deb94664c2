"""Where reporters write: inside the configured folder, beside files of earlier runs, and
file names led by the experiment key of the path; and the tree's order for whole-run
reports."""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterable
from pathlib import Path

import yaml

from petsard.engine.context import PathContext, RunView
from petsard.exceptions import ConfigWarning
from petsard.experiment import MODULE_ORDER, NodeKey
from petsard.experiment.source_ref import ConfigModules, SourceRef, base_experiment, check_sources
from petsard.output_files import fresh_path, output_path
from petsard.status.queries import RecordQueries

Source = str | list[str]


def sources(source: Source) -> list[str]:
    return [source] if isinstance(source, str) else list(source)


def check_source_modules(params: dict, path: str, modules: ConfigModules) -> list[str]:
    """Every reference in ``source`` must name a module of the config (and an experiment of
    it, or a Splitter part, after a dot). A module this config lacks writes nothing, as in
    PETsARD: a warning says so; a name that is no module at all is an error."""
    listed = sources(params.get("source", []))
    absent = [s for s in listed
              if s.partition(".")[0] in MODULE_ORDER and s.partition(".")[0] not in modules]
    for reference in absent:
        warnings.warn(f"{path}.source: '{reference}' is not in this config; nothing is written "
                      "for it", ConfigWarning, stacklevel=2)
    return check_sources([s for s in listed if s not in absent], f"{path}.source", modules,
                         before="Reporter")


def references_on_path(ctx: PathContext, source: Source) -> list[SourceRef]:
    """The references in ``source`` this path runs (others name another experiment, or a
    module the config lacks)."""
    return [ref for ref in map(ctx.reference, sources(source)) if ref is not None]


def target(run: RunView | None, folder: str, output: str, rest: str, overwrite: bool) -> Path:
    """Where to write ``<output><rest>``, beside any file from an earlier run. The user's
    ``output`` may name folders below ``folder`` ('reports/adult'; created); ``rest``, built
    from experiment names, is only ever part of the file name."""
    prefix = Path(output)
    path = output_path(Path(folder) / prefix.parent, prefix.name + rest)
    if run is None:
        return path
    return fresh_path(path, overwrite, run.run_id, run.started)


def run_view(record: RecordQueries) -> RunView | None:
    """The run's identity and start, for whole-run reporters reading the record."""
    info = record.get_run_info()
    if info is None:
        return None
    return RunView(info.run_id, info.run_dir, info.started_at.timestamp())


def in_run_order(keys: Iterable[str], record: RecordQueries) -> list[str]:
    """Node ``keys`` in the order PETsARD runs its paths (depth first, each module's
    experiments in config order), whatever order a parallel backend finished them in."""
    info = record.get_run_info()
    config = yaml.safe_load(info.config_text) if info is not None else None
    if not isinstance(config, dict):
        return list(keys)

    def position(module: str, experiment: str) -> tuple[int, tuple[int, ...]]:
        section = config.get(module)
        names = list(section) if isinstance(section, dict) else []
        base = base_experiment(experiment)
        sample = tuple(int(n) for n in re.findall(r"\d+", experiment[len(base):]))
        return (names.index(base) if base in names else len(names), sample)

    return sorted(keys, key=lambda key: [position(*pair) for pair in NodeKey.parse(key).pairs])
