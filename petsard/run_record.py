"""Creating a run: its id, owner-only folder, record store and the facts it records."""

from __future__ import annotations

import hashlib
import os
import platform
import secrets
from datetime import datetime
from importlib import metadata
from pathlib import Path

from petsard.exceptions import StoreError
from petsard.status.sqlite_store import RECORD_FILE, SQLiteStore
from petsard.status.store import MemoryStore, StatusStore

PACKAGES = ("petsard", "pandas", "numpy", "pyarrow", "scipy", "sdv", "sdmetrics", "anonymeter")


def new_run_id() -> str:
    """Sortable and unique: 20261126-074512-3fa9c1."""
    return f"{datetime.now().strftime('%Y%m%d-%H%M%S')}-{secrets.token_hex(3)}"


def versions() -> dict[str, str]:
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
    try:
        base.mkdir(parents=True, exist_ok=True)
        run_dir = base / run_id
        run_dir.mkdir(mode=0o700)
        os.chmod(run_dir, 0o700)  # mkdir's mode is filtered by the umask
    except OSError as exc:
        raise StoreError(f"cannot create the run folder under '{base}': {exc}; set "
                         "Executor.runs_dir to a writable folder") from exc
    return run_dir.resolve()


def open_store(kind: str, runs_dir: str, run_id: str) -> tuple[StatusStore, Path | None]:
    if kind == "memory":
        return MemoryStore(), None
    run_dir = create_run_dir(runs_dir, run_id)
    return SQLiteStore(run_dir / RECORD_FILE), run_dir
