"""When Python's cyclic garbage collector runs in the window's process.

Python collects in whichever thread crosses its allocation threshold. The training thread allocates
the most (pickling a checkpoint, say), and a collection there deletes the GUI's QObjects caught in
cycles from the wrong thread. So pyqtgraph's GarbageCollector turns the automatic collector off
and collects from a GUI-thread timer instead, one per process (``collect_in_gui_thread``).

Measured (issue 18's stress test): a full collection walks ~350,000 objects once torch, pyqtgraph
and the window are loaded, 145-150 ms on an idle machine. ``gc.freeze()`` after the first model
cut that to ~0.5 ms, but two of three long stress runs with it then showed the status bar's step
disagreeing with the trainer's after opening a run, and none without it; it stays out until that
is understood.
"""

from __future__ import annotations

_collector = None


def collect_in_gui_thread() -> None:
    """Start the GUI-thread collector (once per process); call from the GUI thread."""
    global _collector
    if _collector is None:
        from pyqtgraph.util.garbage_collector import GarbageCollector

        _collector = GarbageCollector(interval=1.0)
