"""One member of a population on the wall: its samples, settings, coverage and a loss sparkline.

Painted with QPainter on a picture rasterised by numpy (``picture``): a 2-D member's fixed-noise
points over the real data, or a 4×4 grid of an image member's first 16 samples. No scene graph and
no per-point Python, so a wall of 64 tiles costs 64 small images a refresh, and a tile scrolled
out of sight is not redrawn at all (``MemberTile.show_view`` only stores what arrives then).

The border says the collapse meter's verdict: green while the member covers every mode or
class, amber when it misses some, red when the alarm is up, grey when stopped.
"""

from __future__ import annotations

from collections import deque

import numpy as np
from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QImage, QPainter, QPen, QPolygonF
from PySide6.QtWidgets import QFrame, QSizePolicy

from ganstudio.population_worker import MemberView

PICTURE = 150  # px, the samples' square
SPARK_H = 26
SPARK_N = 120  # loss readings kept for the sparkline (~24 s at 5 a second)
REAL_RGB = (150, 150, 150)
FAKE_RGB = (0, 114, 178)
BORDER = {"healthy": QColor(0, 158, 115), "partial": QColor(230, 159, 0), "collapse": QColor(213, 94, 0),
          "stopped": QColor(140, 140, 140), "unknown": QColor(170, 170, 170)}


def verdict(view: MemberView) -> str:
    """healthy, partial, collapse, stopped or unknown (no reading yet)."""
    if view.status in ("stopped", "interrupted"):
        return "stopped"
    r = view.reading
    if not r:
        return "unknown"
    if r.get("collapse"):
        return "collapse"
    covered, total = coverage(r)
    return "healthy" if covered is not None and covered >= total else "partial"


def coverage(reading: dict | None) -> tuple[int | None, int]:
    """(modes or classes covered, out of how many) from a meter row."""
    if not reading:
        return None, 0
    if reading.get("kind") == "classes":
        return _int(reading.get("classes")), 10
    return _int(reading.get("modes")), int(reading.get("n_modes") or 0)


def divergence(reading: dict | None) -> float:
    """The reading's KL (reverse KL of the modes, or of the class histogram); inf when unknown."""
    if not reading:
        return float("inf")
    value = reading.get("class_kl") if reading.get("kind") == "classes" else reading.get("reverse_kl")
    try:
        value = float(value)
    except (TypeError, ValueError):
        return float("inf")
    return value if value == value else float("inf")


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def picture(view: MemberView, real: np.ndarray | None, bounds, size: int = PICTURE) -> QImage | None:
    """The member's samples as an RGB QImage of ``size``×``size``."""
    x = view.samples
    if x is None:
        if view.picture:  # a followed member's newest sample grid, as its run folder holds it
            image = QImage(view.picture)
            return None if image.isNull() else image.scaled(size, size)
        return None
    if x.ndim == 2 and x.shape[1] == 2:
        rgb = np.full((size, size, 3), 255, np.uint8)
        for points, colour in ((real, REAL_RGB), (x, FAKE_RGB)):
            if points is None:
                continue
            xmin, xmax, ymin, ymax = bounds
            cols = ((points[:, 0] - xmin) / (xmax - xmin) * (size - 1)).round()
            rows = ((ymax - points[:, 1]) / (ymax - ymin) * (size - 1)).round()
            ok = np.isfinite(cols) & np.isfinite(rows) & (cols >= 0) & (cols < size) & (rows >= 0) & (rows < size)
            r, c = rows[ok].astype(np.intp), cols[ok].astype(np.intp)
            spread = ((0, 0), (0, 1), (1, 0), (1, 1)) if points is x else ((0, 0), (0, 1), (1, 0), (1, 1), (0, 2), (2, 0),
                                                                         (1, 2), (2, 1), (2, 2))
            for dr, dc in spread:  # 2×2 dots for G's samples, 3×3 for the real ones behind them
                rgb[np.minimum(r + dr, size - 1), np.minimum(c + dc, size - 1)] = colour
    else:
        images = x[:16]
        n, c, h, w = images.shape
        grid = np.full((4 * h, 4 * w, c), 0.0, np.float32)
        for i in range(n):
            grid[(i // 4) * h:(i // 4 + 1) * h, (i % 4) * w:(i % 4 + 1) * w] = images[i].transpose(1, 2, 0)
        grid = ((np.clip(grid, -1, 1) + 1) * 127.5).astype(np.uint8)
        rgb = np.repeat(grid, 3, axis=2) if c == 1 else grid
    rgb = np.ascontiguousarray(rgb)
    image = QImage(rgb.data, rgb.shape[1], rgb.shape[0], 3 * rgb.shape[1], QImage.Format.Format_RGB888).copy()
    return image


class MemberTile(QFrame):
    clicked = Signal(str)  # member name
    opened = Signal(str)  # double click: the member's full views

    def __init__(self, name: str, parent=None):
        super().__init__(parent)
        self.name = name
        self.view: MemberView | None = None
        self.selected = False
        self._image: QImage | None = None
        self._dirty = False
        self._losses: deque = deque(maxlen=SPARK_N)
        self._real = self._bounds = None
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        # No tooltip: one resting over a tile would hide its neighbours (the help panel says what a
        # click does).

    def sizeHint(self) -> QSize:
        metrics = self.fontMetrics()
        return QSize(PICTURE + 12, PICTURE + SPARK_H + 3 * metrics.height() + 18)

    def minimumSizeHint(self) -> QSize:
        return self.sizeHint()

    def set_data(self, real, bounds) -> None:
        self._real, self._bounds = real, bounds

    def show_view(self, view: MemberView) -> None:
        """Keep the member's latest numbers; repaint only if the tile is on screen."""
        same_picture = (self.view is not None and view.samples is None and view.picture == self.view.picture
                        and self._image is not None)
        self.view = view
        if view.losses is not None and view.status == "training":
            self._losses.append(view.losses[1])
        self._dirty = self._dirty or not same_picture
        if self.isVisible() and not self.visibleRegion().isEmpty():
            self.update()

    def set_selected(self, on: bool) -> None:
        self.selected = on
        self.update()

    def mousePressEvent(self, event) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self.clicked.emit(self.name)
        super().mousePressEvent(event)

    def mouseDoubleClickEvent(self, event) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self.opened.emit(self.name)

    def paintEvent(self, event) -> None:
        view = self.view
        if self._dirty:
            self._image = picture(view, self._real, self._bounds) if view is not None else None
            self._dirty = False
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        palette = self.palette()
        p.fillRect(self.rect(), palette.base())
        state = verdict(view) if view is not None else "unknown"
        pen = QPen(BORDER[state], 6 if self.selected else 3)
        p.setPen(pen)
        p.drawRect(QRectF(self.rect()).adjusted(1.5, 1.5, -1.5, -1.5))
        x0 = (self.width() - PICTURE) // 2
        if self._image is not None:
            p.drawImage(QRectF(x0, 6, PICTURE, PICTURE), self._image)
        else:
            p.setPen(palette.text().color())
            p.drawText(QRectF(x0, 6, PICTURE, PICTURE), Qt.AlignmentFlag.AlignCenter, self.tr("waiting…"))
        y = 6 + PICTURE + 2
        self._sparkline(p, QRectF(x0, y, PICTURE, SPARK_H))
        y += SPARK_H + 2
        line = self.fontMetrics().height()
        p.setPen(palette.text().color())
        text_rect = QRectF(6, y, self.width() - 12, line)
        label = view.label if view is not None else self.name
        p.drawText(text_rect, Qt.AlignmentFlag.AlignLeft, self.fontMetrics().elidedText(
            label, Qt.TextElideMode.ElideRight, int(text_rect.width())))
        bold = QFont(self.font())
        bold.setBold(True)
        p.setFont(bold)
        p.setPen(BORDER[state] if state != "unknown" else palette.text().color())
        for i, text in enumerate(self._state_lines(view)[:2]):
            p.drawText(QRectF(6, y + (i + 1) * line, self.width() - 12, line), Qt.AlignmentFlag.AlignLeft,
                       self.fontMetrics().elidedText(text, Qt.TextElideMode.ElideRight, self.width() - 12))
        p.end()

    def _state_lines(self, view: MemberView | None) -> list[str]:
        """Coverage, then KL and the alarm: two short lines that fit a tile in presentation mode."""
        if view is None:
            return []
        covered, total = coverage(view.reading)
        if covered is None:
            first = self.tr("no reading yet") if view.status == "training" else ""
            return [first, self.tr("stopped") if view.status == "stopped" else ""]
        kind = self.tr("classes") if view.reading.get("kind") == "classes" else self.tr("modes")
        kl = divergence(view.reading)
        second = "KL " + (f"{kl:.2f}" if kl < float("inf") else "–")
        if view.status == "stopped":
            second += " · " + self.tr("stopped")
        elif view.reading.get("collapse"):
            second += " · " + self.tr("COLLAPSE")
        return [self.tr("{0}/{1} {2}").format(covered, total, kind), second]

    def _sparkline(self, p: QPainter, rect: QRectF) -> None:
        values = [v for v in self._losses if v == v and abs(v) < 1e30]
        p.setPen(QPen(self.palette().mid().color(), 1))
        p.drawRect(rect)
        if len(values) < 2:
            return
        lo, hi = min(values), max(values)
        span = (hi - lo) or 1.0
        step = rect.width() / (SPARK_N - 1)
        x0 = rect.right() - step * (len(values) - 1)
        poly = QPolygonF([QPointF(x0 + i * step, rect.bottom() - 2 - (v - lo) / span * (rect.height() - 4))
                          for i, v in enumerate(values)])
        p.setPen(QPen(QColor(*FAKE_RGB), 1.5))
        p.drawPolyline(poly)
