"""Windows that open no larger than the screen they open on, and stay inside it."""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

TITLE_BAR_PX = 32  # what a window manager's frame usually adds above the window
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


def offscreen_platform(folder: Path, width: int, height: int) -> str:
    """``QT_QPA_PLATFORM`` for Qt's offscreen platform with one screen of ``width`` × ``height``
    (the screen file goes into ``folder``): tests, benchmarks and the gallery size their screen so,
    as the window fits itself to it."""
    screen = Path(folder) / f"screen-{width}x{height}.json"
    screen.write_text(json.dumps({"screens": [{"name": "screen", "x": 0, "y": 0, "width": width, "height": height,
                                               "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1}]}))
    return f"offscreen:configfile={screen}"


def fit_window(window: QWidget) -> None:
    """Keep a top-level window, frame included, inside its screen's free area: no larger (a default
    size, or one saved on a larger screen, is cut down to it) and not hanging over an edge. A
    maximised or full-screen window is the window manager's to place."""
    if window.isMaximized() or window.isFullScreen():
        return
    screen = screen_of(window)
    if screen is None:
        return
    free = screen.availableGeometry()
    frame, inner = window.frameGeometry(), window.geometry()
    # Before the first show the frame is not known yet: reserve a title bar.
    extra_w = frame.width() - inner.width() if window.isVisible() else 0
    extra_h = frame.height() - inner.height() if window.isVisible() else TITLE_BAR_PX
    width = min(window.width(), free.width() - extra_w)
    height = min(window.height(), free.height() - extra_h)
    if (width, height) != (window.width(), window.height()):
        window.resize(max(width, window.minimumWidth()), max(height, window.minimumHeight()))
    frame = window.frameGeometry()
    x = min(max(frame.x(), free.x()), free.x() + max(0, free.width() - frame.width()))
    y = min(max(frame.y(), free.y()), free.y() + max(0, free.height() - frame.height()))
    if (x, y) != (frame.x(), frame.y()):
        window.move(x, y)


def screen_of(widget: QWidget):
    """The screen ``widget`` is on, asked of QGuiApplication. Never ``widget.screen()``: PySide then
    makes the widget the parent of the screen's wrapper, and when the widget is freed in a reference
    cycle the garbage collector hands that wrapper ownership of Qt's QScreen and deletes it; the
    next widget to look up its screen reads freed memory (a segfault, issue 18)."""
    centre = widget.mapToGlobal(widget.rect().center()) if widget.isVisible() else widget.geometry().center()
    return QGuiApplication.screenAt(centre) or QGuiApplication.primaryScreen()
