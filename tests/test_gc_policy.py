"""The window's garbage-collection policy (ui/window/gc_policy.py): collections run from the GUI thread's
timer, never automatically in whichever thread allocates (the training thread would then delete
the GUI's QObjects), and cycles made while the window runs are still collected."""

from __future__ import annotations

import gc
import weakref

from ganstudio.engine.train.presets import preset


class _Node:
    pass


def test_the_window_collects_cycles_from_the_gui_thread(qtbot, open_window, tmp_path, monkeypatch):
    monkeypatch.setenv("GANSTUDIO_HOME", str(tmp_path / "home"))
    open_window(preset("ring8"))
    assert not gc.isenabled(), "collections run from the GUI thread's timer, not wherever allocation is"
    a, b = _Node(), _Node()
    a.other, b.other = b, a
    gone = weakref.ref(a)
    del a, b
    allocations = [[] for _ in range(2 * gc.get_threshold()[0])]  # past the threshold, as a running app is
    qtbot.waitUntil(lambda: gone() is None, timeout=10_000)  # the GUI-thread collector's next round
    del allocations
