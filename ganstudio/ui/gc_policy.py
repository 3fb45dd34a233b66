"""When Python's cyclic garbage collector runs in the window's process, and over what.

Python collects in whichever thread crosses its allocation threshold. The training thread allocates
the most (pickling a checkpoint, say), and a collection there deletes the GUI's QObjects caught in
cycles from the wrong thread. So pyqtgraph's GarbageCollector turns the automatic collector off
and collects from a GUI-thread timer instead, one per process (``collect_in_gui_thread``).

A full collection walks every tracked object: ~350,000 once torch, pyqtgraph and the window are
loaded, 145-150 ms on an idle machine and ~0.5 s beside two busy processes (the stress test saw
the GUI answer that late). Those objects live as long as the process, so once the first model is
built they are moved out of the collector's reach (``gc.freeze``); objects made later are
collected as before, and a full collection then takes well under a millisecond.
"""

from __future__ import annotations

import gc

_collector = None
_frozen = False


def collect_in_gui_thread() -> None:
    """Start the GUI-thread collector (once per process); call from the GUI thread."""
    global _collector
    if _collector is None:
        from pyqtgraph.util.garbage_collector import GarbageCollector

        _collector = GarbageCollector(interval=1.0)


def freeze_startup_heap() -> None:
    """Exclude everything alive now from later collections (once per process): call when the
    modules, the window and the first networks exist."""
    global _frozen
    if not _frozen:
        gc.collect()  # what is garbage already is freed, not frozen
        gc.freeze()
        _frozen = True
