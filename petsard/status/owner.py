"""Which process owns a run, so a reader can tell a live run from one whose process died.

A run's record names its owner: the host, the process id and what makes that process unique
on the host (the boot, the PID namespace, the process's start time), so a process id reused
after a reboot or by a later process is not taken for the owner. Only the owner's own host
can check it; a run owned by another host (or another PID namespace, e.g. a container) is
never declared dead: a live run must never be shown dead.
"""

from __future__ import annotations

import os
import socket
from dataclasses import dataclass
from functools import cache
from pathlib import Path

_active: set[str] = set()  # runs this process is running now


def claim(run_id: str) -> None:
    """This process runs ``run_id`` from now on."""
    _active.add(run_id)


def release(run_id: str) -> None:
    """This process has stopped running ``run_id`` (it ended, or could not record so)."""
    _active.discard(run_id)


@dataclass(frozen=True)
class Owner:
    host: str
    pid: int
    process: str  # "boot id/PID namespace/start time" where the OS tells them, else ""

    @classmethod
    def current(cls) -> Owner:
        return _current(os.getpid())

    @classmethod
    def of(cls, pid: int) -> Owner:
        """The owner record a process of this host would write."""
        return cls(socket.gethostname(), pid, _identity(pid))

    def describe(self) -> str:
        return f"process {self.pid} on {self.host}"

    def alive(self, run_id: str) -> bool | None:
        """Whether this owner still runs ``run_id``: True or False when this host can tell;
        None when it cannot (another host or PID namespace)."""
        here = Owner.current()
        if self == here:
            return run_id in _active
        if self.host != here.host:
            return None
        boot, namespace, _ = _parts(self.process)
        my_boot, my_namespace, _ = _parts(here.process)
        if boot and my_boot and boot != my_boot:
            return False  # the machine restarted since: every process of then is gone
        if namespace != my_namespace:
            return None
        if self.pid == here.pid:
            return False  # our process id, reused: the owner is gone
        return _running(self.pid, self.process)


@cache
def _current(pid: int) -> Owner:  # keyed by pid: a forked child is another process
    return Owner.of(pid)


def _parts(process: str) -> tuple[str, str, str]:
    boot, namespace, started = [*process.split("/"), "", "", ""][:3]
    return boot, namespace, started


def _read(path: str) -> str:
    try:
        return Path(path).read_text().strip()
    except OSError:
        return ""


def _stat(pid: int) -> tuple[str, str] | None:
    """(state, start time in clock ticks since boot) of a process, from Linux's /proc."""
    text = _read(f"/proc/{pid}/stat")
    if not text:
        return None
    fields = text[text.rfind(")") + 2:].split()  # the name, in parentheses, may hold spaces
    return fields[0], fields[19]


def _identity(pid: int) -> str:
    stat = _stat(pid)
    if stat is None:
        return ""
    try:
        namespace = os.readlink("/proc/self/ns/pid")
    except OSError:
        namespace = ""
    return f"{_read('/proc/sys/kernel/random/boot_id')}/{namespace}/{stat[1]}"


def _running(pid: int, process: str) -> bool:
    if Path("/proc/self/stat").exists():
        stat = _stat(pid)
        if stat is None or stat[0] in ("Z", "X"):  # gone, or dead and not yet reaped
            return False
        started = _parts(process)[2]
        return not started or stat[1] == started
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # exists, owned by another user
    return True
