"""While training runs, no plot or picture is resized: the layout holds still frame after frame.

A resized pyqtgraph view re-fits its scene (GraphicsView.updateMatrix → setTransform), and Qt then
replays the last mouse event over it: with the pointer resting on a view (a real display, never
offscreen) every resize hit-tests the items under the pointer, the long curve paths included
(QGraphicsPathItem::shape strokes the whole path). A layout that changed at every frame (a status
field growing, a size hint that follows the data) would make that a per-frame cost, the shape of
issue 21's slow launches. This test counts resize events on every view while training, in both
modes, with the views side by side and as tabs. (Measured offscreen at 1920 × 1080 with the views
re-laid out at every frame: ring8 trained at 49 steps/s instead of 210.)
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QGraphicsView

from ganstudio.engine.train.presets import preset
from thread_waits import TRAINING_MS


class ResizeCount(QObject):
    def __init__(self):
        super().__init__()
        self.resized: dict[str, int] = {}

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 (Qt's name)
        if event.type() == QEvent.Type.Resize:
            name = f"{type(obj.parent()).__name__}.{type(obj).__name__}"
            self.resized[name] = self.resized.get(name, 0) + 1
        return False


@pytest.mark.parametrize("size", [(1280, 720), (1900, 1000)], ids=["tabs", "side-by-side"])
@pytest.mark.parametrize("presentation", [False, True], ids=["normal", "presentation"])
@pytest.mark.parametrize("name", ["ring8", "mnist-mlp"])
def test_no_view_is_resized_while_training(qtbot, open_window, name, presentation, size):
    win = open_window(preset(name))
    win.set_presentation(presentation)
    win.resize(*size)
    qtbot.waitUntil(lambda: win.column.tabbed == (size[0] < 1400), timeout=5000)
    win.toggle_running()
    qtbot.waitUntil(lambda: win.step >= 100, timeout=TRAINING_MS)
    qtbot.wait(500)  # the first frames may still settle the layout (axes, titles)
    counter = ResizeCount()
    views = win.findChildren(QGraphicsView)
    assert views
    for view in views:
        view.installEventFilter(counter)
        view.viewport().installEventFilter(counter)
    start = win.step
    qtbot.waitUntil(lambda: win.step >= start + 300, timeout=TRAINING_MS)
    qtbot.wait(1000)  # several redraws of plots, meter and samples
    win.toggle_running()
    assert win.step > start
    assert counter.resized == {}, f"views resized while training: {counter.resized}"
