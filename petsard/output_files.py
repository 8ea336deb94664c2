"""Writing output files safely: atomically, and only under the configured folder."""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
from collections.abc import Callable
from pathlib import Path

from petsard import interrupts
from petsard.exceptions import ReporterError, WriteError

_UNSAFE = re.compile(r"[^A-Za-z0-9._\-\[\]()+=,@ ]")
MAX_NAME = 180


def safe_filename(name: str) -> str:
    """A file name built from experiment keys that cannot leave its folder or hide itself."""
    cleaned = _UNSAFE.sub("_", name).strip(" .") or "unnamed"
    cleaned = cleaned.replace("..", "_")
    if len(cleaned) > MAX_NAME:
        import hashlib

        digest = hashlib.sha256(name.encode()).hexdigest()[:10]
        cleaned = f"{cleaned[:MAX_NAME - 11]}_{digest}"
    return cleaned


def output_path(folder: str | Path, filename: str) -> Path:
    """``folder/filename`` after checking the result stays inside ``folder``."""
    base = Path(folder).resolve()
    target = (base / safe_filename(filename)).resolve()
    if base != target.parent:
        raise ReporterError(f"refusing to write '{filename}' outside the output folder '{base}'")
    return target


def fresh_path(target: Path, overwrite: bool, run_id: str, run_started: float = 0.0) -> Path:
    """``target``, or beside it with the run id as a suffix when a file from before this run
    is already there: earlier outputs are never silently replaced."""
    if overwrite or not target.exists() or target.stat().st_mtime >= run_started:
        return target
    return target.with_name(f"{target.stem}_{run_id}{target.suffix}")


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


def atomic_write(target: Path, write: Callable[[Path], None],
                 what: str = "the output file") -> Path:
    """Write through a temporary file in the same folder, then rename: readers never see a
    half-written file, and a failure (a full disk, a file-size limit, a read-only folder,
    Ctrl-C) leaves nothing behind. An OS error becomes a WriteError naming ``what`` and
    ``target``."""
    temp: str | None = None
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        # a stop signal (Ctrl-C, a worker's SIGTERM) waits until the file is known, so the
        # clean-up below always has it
        with interrupts.blocked():
            handle, temp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp",
                                            dir=target.parent)
            os.close(handle)
        write(Path(temp))
        os.chmod(temp, 0o666 & ~_umask())  # mkstemp makes 0600; outputs follow the umask
        os.replace(temp, target)
    except BaseException as exc:
        if temp is not None:
            with contextlib.suppress(OSError):
                os.unlink(temp)
        if isinstance(exc, OSError):
            raise WriteError.of(f"{what} '{target}'", exc) from exc
        raise
    return target
