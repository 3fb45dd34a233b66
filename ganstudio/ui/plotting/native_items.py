"""Let Qt answer pyqtgraph's geometry questions without Python.

Each paint of a canvas asks every item for its ``boundingRect`` (and widgets for their ``shape``).
pyqtgraph overrides these in Python, so each answer takes the GIL from the training thread: about
900 calls a second with the window training (ring8), each one a hand-over of the GIL that the
training loop waits for. Where pyqtgraph's answer equals Qt's own for the items we build, the
class attribute is pointed back at the C++ method; Shiboken then sees no Python override and
calls C++ directly, without the GIL.

- ``GraphicsWidget.boundingRect`` maps its geometry from the parent: the widget's rect when the
  widget is not rotated or scaled, which ours never are. ``shape`` is that rect as a path.
- ``GraphicsLayout`` and ``LegendItem`` return their rect (0, 0, width, height).
- ``ViewBox`` adds half a pixel for its border pen; our view boxes have no border.
- ``ItemSample`` (a legend's line sample) says 20 × 20; its layout gives it at least that
  (tests/test_window.py compares every answer on a real window).

``AxisItem`` keeps its own: it reaches past the widget for ticks and labels.
"""

from __future__ import annotations

import pyqtgraph as pg
from pyqtgraph.graphicsItems.LegendItem import ItemSample
from PySide6.QtWidgets import QGraphicsWidget

# (class, method name) -> pyqtgraph's Python function, kept so tests can compare the answers
REPLACED: dict[tuple[type, str], object] = {}


def use_native_geometry() -> None:
    if REPLACED:
        return
    for cls in (pg.GraphicsWidget, pg.GraphicsLayout, pg.LegendItem, pg.ViewBox, ItemSample):
        REPLACED[cls, "boundingRect"] = cls.__dict__["boundingRect"]
        cls.boundingRect = QGraphicsWidget.boundingRect
    REPLACED[pg.GraphicsWidget, "shape"] = pg.GraphicsWidget.__dict__["shape"]
    pg.GraphicsWidget.shape = QGraphicsWidget.shape
