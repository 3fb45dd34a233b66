"""Waiting in a test for a signal that another thread emits (the training worker's, an export's).

Why not ``qtbot.waitSignal(worker.some_signal)``: pytest-qt's blocker is a plain Python object,
so PySide calls its slot *in the emitting thread*. There the slot stops the blocker's QTimer from
the wrong thread — Qt refuses ("QObject::killTimer: Timers cannot be stopped from another
thread") but the QTimer forgets its id, so when the timer fires it no longer recognises it and
never emits ``timeout`` — and calls ``QEventLoop.quit()``, which is lost when it lands before the
GUI thread has entered ``exec()`` (exec starts by clearing the quit flag). With both lost, the
wait has no way out: issue 18's hangs in test_window_runs.py, 6 runs in 10 beside busy processes.

``worker_signal`` relays the signal through a QObject that lives in the GUI thread, so Qt queues
it there and pytest-qt's slot runs where its timer and loop live. conftest.py turns any
``qtbot.waitSignal`` whose slot is called from another thread into a test failure naming this
helper (and routes the call to the GUI thread, so the failing test ends instead of hanging).
"""

from __future__ import annotations

from contextlib import contextmanager

# How long a test waits for training to get somewhere: a bound for a stuck test, not a speed
# claim. Beside two busy processes on 2 cores, torch's two OpenMP threads can fall to a few steps
# a second (issue 22), so waits for a few hundred steps allow minutes.
TRAINING_MS = 180_000

from PySide6.QtCore import QObject, Signal


class Relay(QObject):
    """Re-emits what it ``take``s as ``fired(args)``. Created in the GUI thread, so a signal from
    another thread connected to ``take`` is delivered there, queued."""

    fired = Signal(object)

    def take(self, *args) -> None:
        self.fired.emit(args)


@contextmanager
def worker_signal(qtbot, signal, timeout: int = 10000):
    """``with worker_signal(qtbot, worker.open_failed, 20000) as blocker:`` — like
    ``qtbot.waitSignal``, safe for signals emitted in another thread; ``blocker.args[0]`` holds
    the signal's arguments as a tuple."""
    relay = Relay()
    signal.connect(relay.take)
    try:
        with qtbot.waitSignal(relay.fired, timeout=timeout) as blocker:
            yield blocker
    finally:
        signal.disconnect(relay.take)


def run_steps(qtbot, win, n: int) -> None:
    """Run N from the window's run bar, as a user does, and wait until the worker has paused there."""
    target = win.step + n
    win.run_bar.run_n_count.setValue(n)
    win.run_bar.run_n.click()
    qtbot.waitUntil(lambda: win.step >= target and win.state == "paused", timeout=TRAINING_MS)
