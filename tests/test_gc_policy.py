"""The window's garbage-collection policy (ui/gc_policy.py): collections run in the GUI thread and,
once the first model is built, over what was made since, not the whole process."""

from __future__ import annotations

import gc
import weakref

from ganstudio.engine.presets import preset


class _Node:
    pass


def test_after_the_first_model_the_startup_heap_is_out_of_the_collectors_reach(qtbot, open_window, tmp_path,
                                                                               monkeypatch):
    monkeypatch.setenv("GANSTUDIO_HOME", str(tmp_path / "home"))
    open_window(preset("ring8"))
    assert not gc.isenabled(), "collections run from the GUI thread's timer, not wherever allocation is"
    assert gc.get_freeze_count() > 50_000  # torch, pyqtgraph, the window: ~350,000 objects
    # What is made later is still collected: a cycle, dropped.
    a, b = _Node(), _Node()
    a.other, b.other = b, a
    gone = weakref.ref(a)
    del a, b
    allocations = [[] for _ in range(2 * gc.get_threshold()[0])]  # past the threshold, as a running app is
    qtbot.waitUntil(lambda: gone() is None, timeout=10_000)  # the GUI-thread collector's next round
    del allocations
