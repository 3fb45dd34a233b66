"""Windows that open no larger than the screen they open on."""

from __future__ import annotations

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

SCREEN_SHARE = 0.95  # of the screen's free area, leaving its edges (and a task bar) visible


def resize_within_screen(widget: QWidget, width: int, height: int) -> None:
    """``widget.resize(width, height)``, or smaller where the screen is: a comparison window of
    1100 × 850 ran off a 1280 × 720 projector (issue 19)."""
    screen = screen_of(widget)
    if screen is not None:
        free = screen.availableGeometry()
        width = min(width, round(free.width() * SCREEN_SHARE))
        height = min(height, round(free.height() * SCREEN_SHARE))
    widget.resize(width, height)


def screen_of(widget: QWidget):
    """The screen ``widget`` is on, asked of QGuiApplication. Never ``widget.screen()``: PySide then
    makes the widget the parent of the screen's wrapper, and when the widget is freed in a reference
    cycle the garbage collector hands that wrapper ownership of Qt's QScreen and deletes it; the
    next widget to look up its screen reads freed memory (a segfault, issue 18)."""
    centre = widget.mapToGlobal(widget.rect().center()) if widget.isVisible() else widget.geometry().center()
    return QGuiApplication.screenAt(centre) or QGuiApplication.primaryScreen()
