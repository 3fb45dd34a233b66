"""pyqtgraph canvases that paint without holding Python's GIL.

The training worker is a Python thread; whenever the GUI thread holds the GIL, training stops.
PySide6 keeps the GIL through every C++ call made from Python, and pyqtgraph overrides
``GraphicsView.paintEvent`` in Python, so normally the whole scene is rasterised with the GIL held
(measured on ring8: painting three plots at 10 Hz cost the worker a quarter of its speed).

``Canvas`` removes that override, so Qt's event loop (which runs with the GIL released) paints the
scene in C++. What pyqtgraph did in the override, ``prepareForPaint``, now runs from an event filter
that sees the paint event first and returns at once. Curves are ``PathCurve``s, plain
``QGraphicsPathItem``s whose paint is Qt's own (no Python ``paint``), and the items that rarely
change (axes, legends, titles) are cached as pixmaps, so a normal frame runs almost no Python.
"""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QFontMetricsF, QImage, QPainterPath, QPixmap
from PySide6.QtWidgets import QApplication, QGraphicsItem, QGraphicsPathItem, QGraphicsPixmapItem, QGraphicsView

from ganstudio.ui.plotting.native_items import use_native_geometry

use_native_geometry()  # before any canvas is painted: see native_items.py

# Points further than this many view sizes outside the view are pulled in: Qt's raster engine
# drops lines whose device coordinates overflow, and an exploding gradient norm reaches 1e30.
_CLAMP_VIEWS = 1000.0


class _PrepareOnPaint(QObject):
    """Event filter on a canvas's viewport: runs ``scene.prepareForPaint()`` before each paint."""

    def __init__(self, view: QGraphicsView):
        super().__init__(view)
        self._view = view

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 (Qt's name)
        if event.type() == QEvent.Type.Paint:
            self._view.scene().prepareForPaint()
        return False


class Canvas(pg.GraphicsLayoutWidget):
    """A GraphicsLayoutWidget whose scene is rasterised by Qt without the GIL."""

    paintEvent = QGraphicsView.paintEvent  # no Python override: Shiboken calls C++ directly

    def __init__(self, parent=None, **kwargs):
        super().__init__(parent, **kwargs)
        self.viewport().installEventFilter(_PrepareOnPaint(self))

    def fit_scene(self) -> None:
        """Size the scene to the view again, as the view's own resize does. After its items'
        least widths shrank (a title drawn smaller) the scene stays clamped to the wider minimum it
        had when it was last sized, and the plots run off the view's right edge."""
        pg.GraphicsView.setRange(self, self.range, padding=0, disableAutoPixel=False)

    def hold_minimum_width(self) -> None:
        """Keep at least the width its plots need now (titles, axes), so a narrow window squeezes
        other widgets before it cuts a plot off. Call after titles or fonts change: a live size hint
        instead would re-lay out the window whenever a tick label grew (see main_window's samples)."""
        self.setMinimumWidth(round(self.ci.effectiveSizeHint(Qt.SizeHint.MinimumSize).width())
                             + 2 * self.frameWidth())

    def add_plot(self, row: int, col: int = 0, title_over_axis: bool = False, **kwargs) -> pg.PlotItem:
        """A plot in the grid, its axes and title cached; ``title_over_axis`` centres the title over
        the y axis and the plot area together, for narrow plots with little room beside the axis.
        Its value axes space their labels by their font (SpacedAxis)."""
        kwargs.setdefault("axisItems", {"left": SpacedAxis("left")})
        plot = self.addPlot(row=row, col=col, **kwargs)
        for name in ("left", "bottom", "top", "right"):
            cache(plot.getAxis(name))
        cache(plot.titleLabel)
        if title_over_axis:
            plot.layout.removeItem(plot.titleLabel)
            plot.layout.addItem(plot.titleLabel, 0, 0, 1, 3)
        return plot


class SpacedAxis(pg.AxisItem):
    """A vertical axis whose labelled ticks are at least LABEL_LINES lines of its font apart, and
    which keeps at least one label.

    pyqtgraph picks the spacing from the axis's length alone and always draws the first level of
    labels; in a short plot with presentation mode's larger font they ran into each other
    ("0.2 0.4 0.6 0.8" on ~90 px). Here the major spacing grows through 1, 2, 5 × 10^k while two
    or more labels would be closer than that. It stops before the last label leaves the range:
    growing "while the step is shorter than the range" left D(x)'s plot (0.05–0.95, 60 px at
    1280 × 720 in presentation mode) with one tick at 1.0, outside it, and no number at all. Where
    the next round step has no multiple in the range, one tick of the current step (the one nearest
    the middle) stays as the label. The finer levels are kept for the unlabelled ticks between, and
    carry labels only where they too are that far apart."""

    LABEL_LINES = 1.6
    MAX_TEXT_LEVEL = 2  # pyqtgraph's default: the first level and two finer ones may carry labels

    def tickSpacing(self, minVal, maxVal, size):  # noqa: N802 (pyqtgraph's names)
        levels = super().tickSpacing(minVal, maxVal, size)
        if self._tickSpacing is not None or not levels or size <= 0:
            self.style["maxTextLevel"] = self.MAX_TEXT_LEVEL
            return levels
        lo, hi = min(minVal, maxVal), max(minVal, maxVal)
        span = hi - lo
        room = QFontMetricsF(self.style["tickFont"] or QApplication.font()).height() * self.LABEL_LINES
        major, offset = levels[0][0], 0.0
        while major / span * size < room and _ticks_in(lo, hi, major) >= 2:
            grown = _next_round(major)
            if _ticks_in(lo, hi, grown) == 0:
                offset = min(_multiples_in(lo, hi, major), key=lambda v: abs(v - (lo + hi) / 2))
                major = grown
                break
            major = grown
        finer = [level for level in levels if level[0] < major]
        # pyqtgraph labels the finer levels too while its labels fill less than a share of the
        # axis, and it measures that share, not where they fall: 0.5 alone on a 0.03–0.73 range at
        # 101 px got 0.4 and 0.6 printed over it. A finer level is labelled only with room of its own.
        self.style["maxTextLevel"] = min(self.MAX_TEXT_LEVEL, sum(s / span * size >= room for s, _ in finer))
        return [(major, offset)] + finer


def _multiples_in(lo: float, hi: float, step: float) -> list[float]:
    """The multiples of ``step`` in [lo, hi] (a little slack for rounding)."""
    eps = step * 1e-9
    first, last = math.ceil((lo - eps) / step), math.floor((hi + eps) / step)
    return [k * step for k in range(first, last + 1)]


def _ticks_in(lo: float, hi: float, step: float) -> int:
    eps = step * 1e-9
    return max(0, math.floor((hi + eps) / step) - math.ceil((lo - eps) / step) + 1)


def _next_round(x: float) -> float:
    """The next of 1, 2, 5 × 10^k above ``x`` (itself one of them)."""
    mantissa = x / 10.0 ** math.floor(math.log10(x) + 1e-9)
    return x * (2.5 if round(mantissa) == 2 else 2.0)


def cache(item: QGraphicsItem) -> QGraphicsItem:
    """Keep the item's rendering as a pixmap: Qt calls its Python ``paint`` only after ``update()``.
    A legend's entries are cached with it (call again after adding entries)."""
    item.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
    for sample, label in getattr(item, "items", ()) if isinstance(item, pg.LegendItem) else ():
        cache(sample)
        cache(label)
    return item


class PathCurve(QGraphicsPathItem):
    """A curve drawn by Qt itself: a path of separate segments, in the view box's pixels.

    Measured with 1,800 points and a 2-px pen: a path in data coordinates under the view's scaling
    takes 400 ms to paint, a connected path in pixels 230 ms (Qt fills the self-overlapping stroke
    outline), separate segments in pixels 1.3 ms. So the points are mapped to pixels here and each
    redraw, pan or resize rebuilds the path (``set_points``). The pen is cosmetic; ``opts`` lets
    pyqtgraph's LegendItem draw a sample of it and toggle it with a click.
    """

    _min_points = 2  # fewer points draw nothing

    def __init__(self, pen, view_box: pg.ViewBox):
        super().__init__(view_box)  # a child of the view box: clipped to it, in its pixel coordinates
        pen = pg.mkPen(pen)
        pen.setCosmetic(True)
        self.setPen(pen)
        self.opts = {"pen": pen}
        self._view_box = view_box
        self._x = self._y = np.empty(0)

    def getData(self) -> tuple[np.ndarray, np.ndarray]:  # noqa: N802 (pyqtgraph's name)
        """The points last given (after decimation), in data coordinates."""
        return self._x, self._y

    def set_points(self, x, y) -> None:
        """Replace the curve with the points (x, y) in data coordinates; NaN breaks the line."""
        x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
        self._x, self._y = x, y
        vb = self._view_box
        (x0, x1), (y0, y1) = vb.viewRange()
        w, h = vb.width(), vb.height()
        if len(x) < self._min_points or x1 <= x0 or y1 <= y0 or w <= 0 or h <= 0:
            self.setPath(QPainterPath())
            return
        px = (x - x0) * (w / (x1 - x0))
        py = (y1 - y) * (h / (y1 - y0))
        np.clip(px, -_CLAMP_VIEWS * w, (_CLAMP_VIEWS + 1) * w, out=px)
        np.clip(py, -_CLAMP_VIEWS * h, (_CLAMP_VIEWS + 1) * h, out=py)
        self.setPath(pg.arrayToQPath(*self._segments(px, py), connect="pairs"))

    @staticmethod
    def _segments(px: np.ndarray, py: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Endpoints of the segments between consecutive finite points, pair after pair."""
        ok = np.isfinite(px[:-1]) & np.isfinite(py[:-1]) & np.isfinite(px[1:]) & np.isfinite(py[1:])
        return (np.column_stack([px[:-1][ok], px[1:][ok]]).ravel(),
                np.column_stack([py[:-1][ok], py[1:][ok]]).ravel())

    def shape(self) -> QPainterPath:  # noqa: D401 (Qt's name)
        """The path's box widened by half the pen: what Qt needs to place and clip the curve.

        Qt's own ``shape`` strokes the whole path with the pen, and ``QGraphicsPathItem::
        boundingRect`` asks for it at the first paint after every path change (and pyqtgraph again on
        every hit-test under the pointer). A curve of 1,800 points took 0.44 ms to stroke, 1.3 ms at
        5,000, for each curve at each redraw and each resize; a curve takes no clicks, so its box
        serves both questions, at the cost of one short Python call per path change."""
        half = self.pen().widthF() / 2 + 1.0
        box = QPainterPath()
        box.addRect(self.path().controlPointRect().adjusted(-half, -half, half, half))
        return box

    def refresh(self) -> None:
        """Map the same points again after the view's range or size changed."""
        self.set_points(self._x, self._y)

    def set_pen_width(self, width: float) -> None:
        """Thicker lines for presentation mode (the legend's sample follows)."""
        pen = self.pen()
        pen.setWidthF(width)
        self.setPen(pen)
        self.opts["pen"] = pen


class PointCloud(PathCurve):
    """Points drawn as square dots by Qt itself: each point is a 0.05-px segment with a square cap
    as wide as the dot (Qt skips zero-length segments; round caps cost 20× more to fill)."""

    _min_points = 1

    def __init__(self, color, size: float, view_box: pg.ViewBox):
        pen = pg.mkPen(color, width=size)
        pen.setCapStyle(Qt.PenCapStyle.SquareCap)
        super().__init__(pen, view_box)
        self.opts = {"pen": None, "symbol": "s", "size": 2 * size, "brush": color}  # legend: a square

    def set_pen_width(self, width: float) -> None:
        """``width`` is the dot's size here."""
        pen = self.pen()
        pen.setWidthF(width)
        self.setPen(pen)
        self.opts["size"] = 2 * width

    @staticmethod
    def _segments(px: np.ndarray, py: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        ok = np.isfinite(px) & np.isfinite(py)
        x = np.repeat(px[ok], 2)
        x[1::2] += 0.05
        return x, np.repeat(py[ok], 2)


class ImageTile(QGraphicsPixmapItem):
    """A uint8 picture (H, W) grey or (H, W, 3) RGB, one data unit per pixel, painted by Qt alone.

    pyqtgraph's ImageItem scales its picture in a Python ``paint``, holding the GIL for the whole
    draw. Here the pixmap is made once per update and Qt scales it when painting, with nearest-
    neighbour sampling so each generated pixel stays a crisp square on a projector.
    """

    def __init__(self):
        super().__init__()
        self.setTransformationMode(Qt.TransformationMode.FastTransformation)

    def set_image(self, image: np.ndarray) -> None:
        image = np.ascontiguousarray(image, dtype=np.uint8)
        h, w = image.shape[:2]
        if image.ndim == 3 and image.shape[2] == 3:
            fmt, line = QImage.Format.Format_RGB888, 3 * w
        else:
            image = image.reshape(h, w)
            fmt, line = QImage.Format.Format_Grayscale8, w
        # The QImage borrows ``image``'s buffer; fromImage copies it before this function returns.
        self.setPixmap(QPixmap.fromImage(QImage(image.data, w, h, line, fmt)))
