"""Run folders: creating one (id, owner-only folder, record store, the facts it records),
finding one (by id, unique prefix, 'latest' or path) and listing them."""

from __future__ import annotations

import hashlib
import os
import platform
import secrets
import shlex
import shutil
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from petsard.exceptions import StoreError, WriteError
from petsard.executor_settings import ExecutorSettings
from petsard.status.memory_store import MemoryStore
from petsard.status.records import RunInfo
from petsard.status.sqlite_store import RECORD_FILE, SQLiteStore
from petsard.status.store import StatusStore

PACKAGES = ("petsard", "pandas", "numpy", "pyarrow", "scipy", "sdv", "sdmetrics", "anonymeter")


def new_run_id() -> str:
    """Sortable and unique: 20261126-074512-3fa9c1."""
    return f"{datetime.now().strftime('%Y%m%d-%H%M%S')}-{secrets.token_hex(3)}"


def versions() -> dict[str, str]:
    """Versions recorded with a run (importlib.metadata costs 30 ms: imported when a run
    starts, not with petsard)."""
    from importlib import metadata

    found = {"python": platform.python_version()}
    for package in PACKAGES:
        try:
            found[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            continue
    return found


def file_hash(path: str) -> str:
    digest = hashlib.sha256()
    try:
        with open(path, "rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
    except OSError:
        return "unreadable"
    return digest.hexdigest()


def create_run_dir(runs_dir: str, run_id: str) -> Path:
    """``runs_dir/run_id``, readable by its owner only (run records describe sensitive data)."""
    base = Path(runs_dir)
    run_dir = base / run_id
    try:
        base.mkdir(parents=True, exist_ok=True)
        run_dir.mkdir(mode=0o700)
        os.chmod(run_dir, 0o700)  # mkdir's mode is filtered by the umask
    except OSError as exc:
        raise WriteError.of(f"the run folder '{run_dir}' (Executor.runs_dir: '{runs_dir}')",
                            exc) from exc
    return run_dir.resolve()


def resume_command(run_dir: Path) -> str:
    """The command that continues the run in ``run_dir``, from the current folder."""
    runs = run_dir.parent.resolve()
    if runs == Path(ExecutorSettings().runs_dir).resolve():  # the default --runs-dir too
        return f"petsard resume {run_dir.name}"
    try:
        shown = runs.relative_to(Path.cwd().resolve())
    except ValueError:
        shown = runs
    return f"petsard resume {run_dir.name} --runs-dir {shlex.quote(str(shown))}"


def recorded_checkpoints(run_dir: Path) -> dict[str, dict]:
    """{identity: manifest} of the checkpoints the run's record says were written; none when
    the record cannot be read."""
    try:
        store = SQLiteStore(run_dir / RECORD_FILE, create=False, readonly=True)
    except StoreError:
        return {}
    try:
        return store.checkpoints()
    finally:
        store.close()


def open_store(kind: str, runs_dir: str, run_id: str) -> tuple[StatusStore, Path | None]:
    """A new run's store (and folder). A folder whose record cannot be made is removed: it
    would hold nothing to resume."""
    if kind == "memory":
        return MemoryStore(), None
    run_dir = create_run_dir(runs_dir, run_id)
    try:
        return SQLiteStore(run_dir / RECORD_FILE), run_dir
    except BaseException:
        shutil.rmtree(run_dir, ignore_errors=True)
        raise


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
            store = SQLiteStore(folder / RECORD_FILE, create=False, readonly=True)
        except StoreError:
            continue  # not a run record, or a damaged one: the others are still listed
        try:
            info = store.run_info()
            states = [n.state for n in store.nodes()]
        except sqlite3.DatabaseError:
            continue  # damaged inside
        finally:
            store.close()
        if info is not None:
            rows.append(RunRow(info, states.count("done"), states.count("failed"), folder))
    return rows
