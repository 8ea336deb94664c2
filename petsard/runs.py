"""Finding runs in a runs folder: by id, unique prefix, 'latest', or a folder path."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from petsard.exceptions import StoreError
from petsard.status.records import RunInfo
from petsard.status.sqlite_store import RECORD_FILE, SQLiteStore


@dataclass(frozen=True)
class RunRow:
    """One line of ``petsard runs``."""

    info: RunInfo
    done: int
    failed: int
    path: Path

    @property
    def duration(self) -> float | None:
        if self.info.ended_at is None:
            return None
        return (self.info.ended_at - self.info.started_at).total_seconds()


def run_folders(runs_dir: str | Path) -> list[Path]:
    base = Path(runs_dir)
    if not base.is_dir():
        return []
    return sorted(p for p in base.iterdir() if (p / RECORD_FILE).is_file())


def resolve_run(runs_dir: str | Path, ref: str) -> Path:
    """The run folder ``ref`` names: 'latest', a run id, a unique prefix, or a folder."""
    as_path = Path(ref)
    if (as_path / RECORD_FILE).is_file():
        return as_path
    if as_path.name == RECORD_FILE and as_path.is_file():
        return as_path.parent
    folders = run_folders(runs_dir)
    if not folders:
        raise StoreError(f"no runs in '{runs_dir}': run a config first, or give the runs folder "
                         "(Executor.runs_dir / --runs-dir)")
    if ref == "latest":
        return folders[-1]
    exact = [p for p in folders if p.name == ref]
    if exact:
        return exact[0]
    matches = [p for p in folders if p.name.startswith(ref)]
    if len(matches) == 1:
        return matches[0]
    if not matches:
        raise StoreError(f"no run '{ref}' in '{runs_dir}'; the latest is '{folders[-1].name}' "
                         "(petsard runs lists them)")
    raise StoreError(f"'{ref}' is the start of {len(matches)} run ids "
                     f"({', '.join(p.name for p in matches[:5])}...): give more of it")


def list_runs(runs_dir: str | Path) -> list[RunRow]:
    rows = []
    for folder in run_folders(runs_dir):
        try:
            store = SQLiteStore(folder / RECORD_FILE, create=False)
        except StoreError:
            continue
        try:
            info = store.run_info()
            states = [n.state for n in store.nodes()]
        finally:
            store.close()
        if info is not None:
            rows.append(RunRow(info, states.count("done"), states.count("failed"), folder))
    return rows
