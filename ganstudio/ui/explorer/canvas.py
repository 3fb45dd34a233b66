"""The latent explorer's two canvases: a grid or strip of G's samples, and a pad to drag z on.

``SampleGrid`` shows samples as an image grid (images) or as points over the faint real data
(2-D data), frames chosen samples in colour, and reports which sample a click hit. ``NoisePad``
is the first two noise dimensions with one draggable point. Both follow canvas.py: items are made
once per dataset and only their data changes; frames are one path item per colour in view
coordinates, drawn by Qt.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPoint, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QPainterPath, QPixmap
from PySide6.QtWidgets import QGraphicsPathItem

from ganstudio.engine.export.render import FAKE_RGB, REAL_RGB, image_grid, scatter_image
from ganstudio.ui.settings.appearance import PlotStyle, style_plot
from ganstudio.ui.plotting.canvas import Canvas, ImageTile, PathCurve, PointCloud

PAD = 2  # pixels between tiles (render.image_grid's default)
POINT_SIZE = 5
MARK_SIZE = 12  # a marked point in 2-D
MARK_WIDTH = 3  # a tile's frame, screen pixels
HANDLE_RGB = (200, 30, 120)  # the dragged point: visible on light and dark backgrounds
EXPORT_MIN_PX = 128  # exported pictures are scaled up by a whole factor to at least this height


def enlarge(pixels: np.ndarray, min_px: int = EXPORT_MIN_PX) -> np.ndarray:
    """(H, W, C) scaled by the smallest whole factor that makes H ≥ ``min_px``, pixels kept square."""
    factor = max(1, math.ceil(min_px / max(pixels.shape[0], 1)))
    return pixels if factor == 1 else pixels.repeat(factor, axis=0).repeat(factor, axis=1)


def _mark_item(rgb: tuple, box: pg.ViewBox) -> QGraphicsPathItem:
    pen = pg.mkPen(rgb, width=MARK_WIDTH)
    pen.setCosmetic(True)
    item = QGraphicsPathItem()
    item.setPen(pen)
    item.setZValue(10)
    box.addItem(item, ignoreBounds=True)
    return item



def _still_square_plot(canvas):
    """A plot with equal x and y scales that only the code moves (no mouse pan or zoom)."""
    plot = canvas.add_plot(row=0, col=0)
    plot.setAspectLocked(True)
    plot.disableAutoRange()
    plot.hideButtons()
    plot.setMouseEnabled(False, False)
    plot.vb.setFlag(plot.vb.GraphicsItemFlag.ItemHasNoContents)
    return plot

class SampleGrid(Canvas):
    """G's samples as a grid of images or as points; ``clicked(index)`` when a click hits one.

    ``fit``: the images take the number of columns that shows them largest in the canvas's shape,
    and again after each resize. An interpolation strip of 8 images on one row was ~25 px an image
    in a docked explorer at 1366 × 768 (issue 19): too small to tell a 3 from an 8."""

    clicked = Signal(int)
    fit = False  # class defaults: Qt resizes the canvas while it is being built
    is_2d: bool | None = None

    def __init__(self, clickable: bool = False, connect: bool = False, fit: bool = False, parent=None):
        super().__init__(parent)
        self.setBackground("w")
        self.clickable = clickable
        self.fit = fit
        self._connect = connect  # 2-D: a line through the samples in order (an interpolation path)
        self.is_2d: bool | None = None
        self.samples = np.empty((0, 1, 1, 1), dtype=np.float32)
        self.cols = 1
        self.real = np.empty((0, 2), dtype=np.float32)
        self.bounds = (-1.0, 1.0, -1.0, 1.0)
        self._tile_shape = (0, 0)
        self._marks: dict[tuple, object] = {}
        self._marked: dict[tuple, list[int]] = {}
        self._scale = 1.0  # presentation mode's size factor for points
        self._style: PlotStyle | None = None  # the last style, for items made after it
        self.set_mode(False)

    # ------------------------------------------------------------ items, once per dataset

    def set_mode(self, is_2d: bool, real: np.ndarray | None = None, bounds: tuple | None = None) -> None:
        """Images or 2-D points; for points also the real data and the fixed view range."""
        if is_2d != self.is_2d:
            self.clear()
            self._marks = {}
            self.is_2d = is_2d
            self.samples = np.empty((0, 2) if is_2d else (0, 1, 1, 1), dtype=np.float32)
            if is_2d:
                self._build_plot()
            else:
                self._build_box()
            if self._style is not None:
                self.apply_style(self._style)
        if is_2d:
            self.real = np.asarray(real if real is not None else np.empty((0, 2)), dtype=np.float32)
            self.bounds = tuple(bounds or (-1.0, 1.0, -1.0, 1.0))
            self.real_points.set_points(self.real[:, 0], self.real[:, 1])
            xmin, xmax, ymin, ymax = self.bounds
            self.plot.setRange(xRange=(xmin, xmax), yRange=(ymin, ymax), padding=0)

    def _build_box(self) -> None:
        self.box = box = self.addViewBox(lockAspect=True, invertY=True, enableMouse=False)
        box.setFlag(box.GraphicsItemFlag.ItemHasNoContents)
        self.tile = ImageTile()
        box.addItem(self.tile)
        self._tile_shape = (0, 0)

    def _build_plot(self) -> None:
        self.plot = plot = _still_square_plot(self)
        vb = plot.vb
        self.real_points = PointCloud((*REAL_RGB, 60), 3, vb)
        self.path = PathCurve(pg.mkPen((*FAKE_RGB, 160), width=1), vb)
        self.points = PointCloud((*FAKE_RGB, 220), POINT_SIZE, vb)
        self._curves = [self.real_points, self.path, self.points]
        for z, item in enumerate(self._curves, start=1):
            self._follow_view(item, z)

    def _follow_view(self, curve: PathCurve, z: float) -> None:
        curve.setZValue(z)
        vb = self.plot.vb
        vb.sigRangeChanged.connect(lambda *_, c=curve: c.refresh())
        vb.sigResized.connect(lambda *_, c=curve: c.refresh())

    # ------------------------------------------------------------ data

    def set_samples(self, samples: np.ndarray, cols: int | None = None) -> None:
        """Images (N, C, H, W) in [−1, 1] in ``cols`` columns, or points (N, 2). Frames stay on their
        indices."""
        self.samples = np.asarray(samples, dtype=np.float32)
        if self.is_2d:
            pts = self.samples.reshape(-1, 2)
            self.points.set_points(pts[:, 0], pts[:, 1])
            if self._connect:
                self.path.set_points(pts[:, 0], pts[:, 1])
        elif len(self.samples):
            self.cols = cols or self._fitting_cols() or int(math.ceil(math.sqrt(len(self.samples))))
            pixels = image_grid(self.samples, cols=self.cols, pad=PAD)
            self.tile.set_image(pixels)
            if pixels.shape[:2] != self._tile_shape:  # fit once per layout; later updates keep the view
                self._tile_shape = pixels.shape[:2]
                self.box.setRange(self.tile.boundingRect(), padding=0.02)
        else:
            self.tile.setPixmap(QPixmap())
        self.set_marks(self._marked)

    def _fitting_cols(self) -> int | None:
        """With ``fit``: the columns that show the images largest in this canvas; else None."""
        if not self.fit or self.is_2d is not False or not len(self.samples) or self.width() <= 0 or self.height() <= 0:
            return None
        n = len(self.samples)
        h, w = self.samples.shape[2:]

        def scale(cols: int) -> float:
            rows = math.ceil(n / cols)
            return min(self.width() / (cols * (w + PAD) + PAD), self.height() / (rows * (h + PAD) + PAD))

        return max(range(1, n + 1), key=lambda cols: (scale(cols), cols))

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        super().resizeEvent(event)
        cols = self._fitting_cols()
        if cols is not None and cols != self.cols:
            self.set_samples(self.samples)
        elif self.fit and not self.is_2d and len(self.samples):
            self.box.setRange(self.tile.boundingRect(), padding=0.02)

    def set_marks(self, marks: Mapping[tuple, Sequence[int]]) -> None:
        """Frame (images) or enlarge (points) the samples at the given indices, one colour each."""
        self._marked = {rgb: [i for i in idx if 0 <= i < len(self.samples)] for rgb, idx in marks.items()}
        for rgb in set(self._marks) | set(self._marked):
            indices = self._marked.get(rgb, [])
            if rgb not in self._marks:
                if not indices:
                    continue
                self._marks[rgb] = self._new_mark(rgb)
            self._draw_mark(self._marks[rgb], indices)

    def _new_mark(self, rgb: tuple):
        if not self.is_2d:
            return _mark_item(rgb, self.box)
        cloud = PointCloud(rgb, round(MARK_SIZE * self._scale), self.plot.vb)
        self._curves.append(cloud)
        self._follow_view(cloud, 5)
        return cloud

    def _draw_mark(self, item, indices: list[int]) -> None:
        if self.is_2d:
            pts = self.samples.reshape(-1, 2)[indices]
            item.set_points(pts[:, 0], pts[:, 1])
            return
        path = QPainterPath()
        for i in indices:
            path.addRect(self._tile_rect(i))
        item.setPath(path)

    def _tile_rect(self, i: int) -> QRectF:
        """Tile ``i`` and half the padding around it, in the view box's (pixel) coordinates."""
        h, w = self.samples.shape[2:]
        row, col = divmod(i, self.cols)
        return QRectF(col * (w + PAD) + PAD / 2, row * (h + PAD) + PAD / 2, w + PAD, h + PAD)

    def picture(self) -> np.ndarray | None:
        """What is shown, unframed, as (H, W, C) uint8 for export; None when empty."""
        if not len(self.samples):
            return None
        if self.is_2d:
            return scatter_image(self.real, self.samples.reshape(-1, 2), self.bounds)
        return image_grid(self.samples, cols=self.cols, pad=PAD)

    def apply_style(self, style: PlotStyle) -> None:
        self.setBackground(style.background)
        self._style, self._scale = style, style.scale
        if self.is_2d:
            style_plot(self.plot, None, 10, style)
            self.points.set_pen_width(round(POINT_SIZE * style.scale))
            for cloud in self._marks.values():
                cloud.set_pen_width(round(MARK_SIZE * style.scale))

    # ------------------------------------------------------------ clicks

    def index_at(self, position: QPointF) -> int | None:
        """The sample under a viewport position: the tile that holds it, or the nearest point."""
        n = len(self.samples)
        if not n:
            return None
        scene = self.mapToScene(position.toPoint())
        if self.is_2d:
            p = self.plot.vb.mapSceneToView(scene)
            pts = self.samples.reshape(-1, 2)
            dist = np.nan_to_num(np.hypot(pts[:, 0] - p.x(), pts[:, 1] - p.y()), nan=np.inf)
            return int(dist.argmin()) if np.isfinite(dist.min()) else None
        p = self.box.mapSceneToView(scene)
        h, w = self.samples.shape[2:]
        col = math.floor((p.x() - PAD / 2) / (w + PAD))
        row = math.floor((p.y() - PAD / 2) / (h + PAD))
        index = row * self.cols + col
        return index if 0 <= col < self.cols and 0 <= row and index < n else None

    def position_of(self, index: int) -> QPoint:
        """Viewport position of a sample's centre (where a click picks it)."""
        if self.is_2d:
            x, y = self.samples.reshape(-1, 2)[index]
            scene = self.plot.vb.mapViewToScene(QPointF(float(x), float(y)))
        else:
            scene = self.box.mapViewToScene(self._tile_rect(index).center())
        return self.mapFromScene(scene)

    def mousePressEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        if self.clickable and event.button() == Qt.MouseButton.LeftButton:
            index = self.index_at(event.position())
            if index is not None:
                self.clicked.emit(index)
            event.accept()
            return
        super().mousePressEvent(event)


class NoisePad(Canvas):
    """Noise space's first two dimensions: faint reference points and one point to drag.

    ``moved(xy)`` is emitted on press and on every move while the left button is down.
    """

    moved = Signal(object)  # np.ndarray (2,): the point's new position

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setBackground("w")
        self.plot = plot = _still_square_plot(self)
        vb = plot.vb
        self.reference = PointCloud((120, 120, 120, 120), 3, vb)
        self.handle = PointCloud(HANDLE_RGB, MARK_SIZE, vb)
        for z, curve in enumerate((self.reference, self.handle), start=1):
            curve.setZValue(z)
            vb.sigRangeChanged.connect(lambda *_, c=curve: c.refresh())
            vb.sigResized.connect(lambda *_, c=curve: c.refresh())
        self._dragging = False
        self.set_extent(3.0)

    def set_extent(self, r: float) -> None:
        self.plot.setRange(xRange=(-r, r), yRange=(-r, r), padding=0)

    def set_reference(self, points: np.ndarray) -> None:
        self.reference.set_points(points[:, 0], points[:, 1])

    def set_handle(self, xy) -> None:
        self.handle.set_points([xy[0]], [xy[1]])

    def handle_position(self) -> np.ndarray:
        x, y = self.handle.getData()
        return np.array([x[0], y[0]]) if len(x) else np.zeros(2)

    def to_noise(self, position: QPointF) -> np.ndarray:
        p = self.plot.vb.mapSceneToView(self.mapToScene(position.toPoint()))
        return np.array([p.x(), p.y()])

    def to_viewport(self, xy) -> QPoint:
        return self.mapFromScene(self.plot.vb.mapViewToScene(QPointF(float(xy[0]), float(xy[1]))))

    def apply_style(self, style: PlotStyle) -> None:
        self.setBackground(style.background)
        style_plot(self.plot, None, 10, style)
        self.handle.set_pen_width(round(MARK_SIZE * style.scale))

    def mousePressEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        if event.button() == Qt.MouseButton.LeftButton:
            self._dragging = True
            self.moved.emit(self.to_noise(event.position()))
            event.accept()
            return
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        if self._dragging:
            self.moved.emit(self.to_noise(event.position()))
            event.accept()
            return
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        if self._dragging and event.button() == Qt.MouseButton.LeftButton:
            self._dragging = False
            event.accept()
            return
        super().mouseReleaseEvent(event)
