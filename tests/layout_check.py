"""What a user would see as broken in a laid-out window: widgets drawn over each other, cut off by
their parent, or showing text that does not fit (issue 19).

``layout_problems(window)`` walks every visible widget and compares each with its visible
siblings (they must not overlap) and with its parent (it must lie inside it); a label, button,
check box, group box or combo box whose text is wider than the widget, and a word-wrapped label
shorter than its text, count as clipped; so does a plot title wider than its plot. Each problem is
one sentence naming the widgets by their class, object name and text.

What is allowed to lie outside its parent is what scrolls: the contents of a scroll area's
viewport, and a tab bar's own tabs (it scrolls them with arrow buttons, which Qt lays one pixel
over each other).
"""

from __future__ import annotations

from itertools import combinations

from PySide6.QtCore import QRect
from PySide6.QtWidgets import (
    QAbstractButton, QAbstractScrollArea, QComboBox, QGroupBox, QLabel, QStyle, QStyleOptionComboBox,
    QTabBar, QToolButton, QWidget,
)



def describe(widget: QWidget) -> str:
    name = type(widget).__name__
    if widget.objectName():
        name += f"#{widget.objectName()}"
    text = _text(widget)
    if text:
        name += f" {text[:40]!r}"
    return name


def _text(widget: QWidget) -> str:
    if isinstance(widget, (QLabel, QAbstractButton)):
        return widget.text()
    if isinstance(widget, QGroupBox):
        return widget.title()
    if isinstance(widget, QComboBox):
        return widget.currentText()
    return ""


def _shown(widget: QWidget) -> bool:
    return widget.isVisible() and not widget.isWindow() and widget.width() > 0 and widget.height() > 0


def _scrolls(parent: QWidget) -> bool:
    """Children of a scroll area's viewport, or of a tab bar, may be larger than it: they scroll."""
    owner = parent.parent()
    return (isinstance(owner, QAbstractScrollArea) and owner.viewport() is parent) or isinstance(parent, QTabBar)


def text_problems(widget: QWidget) -> list[str]:
    """Text that does not fit the widget that shows it."""
    if isinstance(widget, QLabel) and widget.text() and widget.pixmap().isNull():
        hint = widget.sizeHint()
        if widget.wordWrap():
            need = widget.heightForWidth(widget.width())
            if need > widget.height() + 1:
                return [f"{describe(widget)} needs {need} px of height, has {widget.height()}"]
        elif hint.width() > widget.width() + 1:
            return [f"{describe(widget)} needs {hint.width()} px, has {widget.width()}"]
    elif isinstance(widget, QAbstractButton) and widget.text():
        hint = widget.sizeHint()
        if hint.width() > widget.width() + 1:
            return [f"{describe(widget)} needs {hint.width()} px, has {widget.width()}"]
    elif isinstance(widget, QGroupBox) and widget.title():
        need = widget.fontMetrics().horizontalAdvance(widget.title()) + 8
        if need > widget.width():
            return [f"{describe(widget)}'s title needs {need} px, has {widget.width()}"]
    elif isinstance(widget, QComboBox) and widget.currentText():
        option = QStyleOptionComboBox()
        widget.initStyleOption(option)
        field = widget.style().subControlRect(QStyle.ComplexControl.CC_ComboBox, option,
                                              QStyle.SubControl.SC_ComboBoxEditField, widget)
        need = widget.fontMetrics().boundingRect(widget.currentText()).width()  # the ink, not the advance
        if need > field.width() + 1:
            return [f"{describe(widget)}'s text needs {need} px, its field has {field.width()}"]
    return []


def canvas_problems(widget: QWidget) -> list[str]:
    """pyqtgraph canvases: a plot title wider than its plot; tick labels that run into each other
    ("5001k1.5k") or into the title; markers' labels drawn over each other."""
    import pyqtgraph as pg
    from pyqtgraph.graphicsItems.InfiniteLine import InfLineLabel
    from PySide6.QtGui import QImage, QPainter

    if not isinstance(widget, pg.GraphicsView):
        return []
    problems = []
    image = QImage(8, 8, QImage.Format.Format_ARGB32)
    painter = QPainter(image)
    try:
        for item in widget.items():
            if not isinstance(item, pg.PlotItem) or not item.isVisible():
                continue
            where = f"{describe(widget)} plot {_plain(item.titleLabel.text)[:30]!r}"
            title = None
            if item.titleLabel.isVisible() and item.titleLabel.text:
                need = item.titleLabel.item.boundingRect().width()
                have = item.titleLabel.boundingRect().width()
                if need > have + 1:
                    problems.append(f"plot title {item.titleLabel.text[:40]!r} in {describe(widget)} needs "
                                    f"{need:.0f} px, has {have:.0f}")
                title = _shrunk(item.titleLabel.item.sceneBoundingRect())
            for name in ("left", "bottom"):
                axis = item.getAxis(name)
                if not axis.isVisible() or not axis.style["showValues"]:
                    continue
                labels = [(_shrunk(axis.mapRectToScene(rect)), text)
                          for rect, _, text in axis.generateDrawSpecs(painter)[2]]
                for (a, ta), (b, tb) in combinations(labels, 2):
                    if a.intersects(b):
                        problems.append(f"{name} tick labels {ta!r} and {tb!r} run together in {where}")
                for rect, text in labels:
                    if title is not None and rect.intersects(title):
                        problems.append(f"tick label {text!r} overlaps the title in {where}")
            marks = [(_shrunk(i.sceneBoundingRect()), i.toPlainText()) for i in item.vb.allChildren()
                     if isinstance(i, InfLineLabel) and i.isVisible()]
            for (a, ta), (b, tb) in combinations(marks, 2):
                if a.intersects(b):
                    problems.append(f"marker labels {ta!r} and {tb!r} overlap in {where}")
    finally:
        painter.end()
    return problems


def _plain(html: str) -> str:
    import re

    return re.sub(r"<[^>]+>", "", html)


def _shrunk(rect, px: float = 2.0):
    """A text's rectangle less the font's leading: touching lines of text are not an overlap."""
    return rect.adjusted(px, px, -px, -px)


def layout_problems(root: QWidget) -> list[str]:
    problems: list[str] = []
    for widget in [root, *root.findChildren(QWidget)]:
        if not widget.isVisible() or widget.width() <= 0 or widget.height() <= 0:
            continue
        problems += text_problems(widget)
        problems += canvas_problems(widget)
        children = [c for c in widget.children() if isinstance(c, QWidget) and _shown(c)]
        if not _scrolls(widget):
            inside = QRect(0, 0, widget.width(), widget.height())
            for child in children:
                if not inside.contains(child.geometry()):
                    problems.append(f"{describe(child)} is cut off by {describe(widget)} "
                                    f"({_rect(child.geometry())} outside {_rect(inside)})")
        for a, b in combinations(children, 2):
            if _qt_scroll_arrows(widget, a, b):
                continue
            if a.geometry().intersects(b.geometry()):
                problems.append(f"{describe(a)} and {describe(b)} overlap in {describe(widget)} "
                                f"({_rect(a.geometry())}, {_rect(b.geometry())})")
    return problems


def _qt_scroll_arrows(parent: QWidget, a: QWidget, b: QWidget) -> bool:
    """A tab bar's two scroll arrows: Qt places them one pixel over each other, by design."""
    return isinstance(parent, QTabBar) and all(isinstance(w, QToolButton) for w in (a, b))


def _rect(r: QRect) -> str:
    return f"{r.width()}×{r.height()}+{r.x()}+{r.y()}"
