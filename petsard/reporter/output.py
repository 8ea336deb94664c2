"""Where reporters write: inside the configured folder, beside files of earlier runs, and
file names led by the experiment key of the path."""

from __future__ import annotations

from pathlib import Path

from petsard.engine.context import PathContext, RunView
from petsard.experiment import NodeKey
from petsard.output_files import fresh_path, output_path
from petsard.status.queries import RecordQueries

Source = str | list[str]


def sources(source: Source) -> list[str]:
    return [source] if isinstance(source, str) else list(source)


def check_source_modules(params: dict, path: str, modules: list[str]) -> list[str]:
    """Every module named in ``source`` must be in the config, before the Reporter."""
    return [f"{path}.source: module '{m}' is not in this config (modules: {', '.join(modules)})"
            for m in sources(params.get("source", [])) if m not in modules]


def key_up_to(ctx: PathContext, module: str) -> str:
    """The experiment key of the path up to and including ``module``."""
    return str(NodeKey.parse(ctx.node_key).up_to(module))


def target(run: RunView | None, folder: str, name: str, overwrite: bool) -> Path:
    """Where to write ``name``: inside ``folder``, and beside any file from an earlier run."""
    path = output_path(folder, name)
    if run is None:
        return path
    return fresh_path(path, overwrite, run.run_id, run.started)


def run_view(record: RecordQueries) -> RunView | None:
    """The run's identity and start, for whole-run reporters reading the record."""
    info = record.get_run_info()
    if info is None:
        return None
    return RunView(info.run_id, info.run_dir, info.started_at.timestamp())
