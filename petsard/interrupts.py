"""Stopping a run on Ctrl-C (SIGINT) or SIGTERM without losing what finished.

While a run goes on, either signal raises ``Interrupted`` (a KeyboardInterrupt) in the main
thread, so the run stops where it is and closes its record. Sections that must not be cut in
two (recording one node) hold the signal and raise it when they end; cleanup ignores further
signals so it always finishes. Handlers a user installed are left alone, and nothing happens
outside the main thread (Python delivers signals there only).
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

SIGNALS = (signal.SIGINT, signal.SIGTERM)
NAMES = {signal.SIGINT: "SIGINT (Ctrl-C)", signal.SIGTERM: "SIGTERM"}

# "off": not stopping on signals; "raise": raise at once; "hold": note, raise when the held
# section ends; "ignore": note only (cleanup in progress).
_mode = "off"
_received: list[int] = []


class Interrupted(KeyboardInterrupt):
    """SIGINT or SIGTERM arrived; ``exit_code`` is what a shell reports for it (128 + n)."""

    def __init__(self, signum: int) -> None:
        super().__init__(f"stopped by {signal_name(signum)}")
        self.signum = signum

    @property
    def exit_code(self) -> int:
        return 128 + self.signum


def signal_name(signum: int) -> str:
    return NAMES.get(signum, signal.Signals(signum).name)


def _handler(signum: int, frame: Any) -> None:
    _received.append(signum)
    if _mode == "raise":
        raise Interrupted(signum)


def in_main_thread() -> bool:
    return threading.current_thread() is threading.main_thread()


@contextmanager
def stop_on_signals() -> Iterator[None]:
    """Inside, SIGINT and SIGTERM raise ``Interrupted``; nested use is harmless."""
    global _mode
    if not in_main_thread():
        yield
        return
    installed = {}
    for number in SIGNALS:
        current = signal.getsignal(number)
        if current in (signal.default_int_handler, signal.SIG_DFL):
            installed[number] = current
            signal.signal(number, _handler)
    previous = _mode
    _mode = "raise"
    _received.clear()
    try:
        yield
    finally:
        _mode = previous
        for number, handler in installed.items():
            signal.signal(number, handler)


@contextmanager
def held() -> Iterator[None]:
    """A section a signal must not cut in two: a signal arriving inside is raised at its end."""
    global _mode
    if _mode != "raise":
        yield
        return
    _mode = "hold"
    try:
        yield
    finally:
        _mode = "raise"
    check()


@contextmanager
def ignored() -> Iterator[None]:
    """Cleanup after a stop: further signals are noted, never raised, so it finishes."""
    global _mode
    previous = _mode
    if previous != "off":
        _mode = "ignore"
    try:
        yield
    finally:
        _mode = previous


def check() -> None:
    """Raise ``Interrupted`` if a signal came while signals stop the run, even if a library
    caught the first KeyboardInterrupt (some turn it into their own error)."""
    if _mode == "raise" and _received:
        raise Interrupted(_received[0])


def signal_of(error: BaseException | None) -> int:
    """The signal behind an interruption (a KeyboardInterrupt without one is Ctrl-C)."""
    return getattr(error, "signum", signal.SIGINT)


@contextmanager
def blocked(signals: tuple[int, ...] = SIGNALS) -> Iterator[None]:
    """Inside, ``signals`` wait at the OS level for this thread (threads and processes started
    inside are born with them blocked); they are delivered when it ends. A no-op where the OS
    has no signal masks (Windows)."""
    if not hasattr(signal, "pthread_sigmask"):
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, signals)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def worker_signals() -> None:
    """For a worker process the run started: Ctrl-C reaches the whole terminal process group,
    but only the run's own process decides, so workers ignore SIGINT; SIGTERM (the run
    stopping them) unwinds the task, removing its temporary files, then ends the process."""
    global _mode
    _mode = "off"
    _received.clear()
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, _exit_on_sigterm)
    if hasattr(signal, "pthread_sigmask"):  # born blocked (see ``blocked``): now ready
        signal.pthread_sigmask(signal.SIG_UNBLOCK, SIGNALS)


def _exit_on_sigterm(signum: int, frame: Any) -> None:
    raise SystemExit(128 + signum)
