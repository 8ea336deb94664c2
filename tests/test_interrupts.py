"""SIGINT and SIGTERM stop a run as an exception, except inside sections that must finish."""

from __future__ import annotations

import os
import signal

import pytest

from petsard import interrupts


def send(signum: int) -> None:
    os.kill(os.getpid(), signum)  # delivered to this (main) thread before kill returns


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
def test_a_signal_raises_interrupted_with_its_exit_code(signum: int) -> None:
    with interrupts.stop_on_signals(), pytest.raises(interrupts.Interrupted) as raised:
        send(signum)
    assert raised.value.exit_code == 128 + signum
    assert isinstance(raised.value, KeyboardInterrupt)


def test_handlers_are_restored_and_a_users_own_handler_is_kept() -> None:
    seen = []
    previous = signal.signal(signal.SIGTERM, lambda number, frame: seen.append(number))
    try:
        with interrupts.stop_on_signals():
            assert signal.getsignal(signal.SIGINT) is not signal.default_int_handler
            send(signal.SIGTERM)  # the user's handler, not ours
        assert seen == [signal.SIGTERM]
        assert signal.getsignal(signal.SIGINT) is signal.default_int_handler
    finally:
        signal.signal(signal.SIGTERM, previous)


def test_a_held_section_finishes_before_the_signal_is_raised() -> None:
    steps = []
    with interrupts.stop_on_signals(), pytest.raises(interrupts.Interrupted):
        with interrupts.held():
            send(signal.SIGINT)
            steps.append("finished")
        steps.append("after")  # not reached: raised at the end of the held section
    assert steps == ["finished"]


def test_cleanup_ignores_further_signals_and_a_swallowed_one_is_raised_again() -> None:
    with interrupts.stop_on_signals():
        with interrupts.ignored():
            send(signal.SIGTERM)
        with pytest.raises(interrupts.Interrupted) as raised:  # e.g. a library caught it
            interrupts.check()
        assert raised.value.signum == signal.SIGTERM
