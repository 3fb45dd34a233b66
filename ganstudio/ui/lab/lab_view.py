"""The 2-D lab view: real and generated points over D's heatmap, G's gradient arrows and manifold,
a small view of the noise space, the KL / JS meter, and a brush to draw a dataset by hand.

What the worker computes (heatmap, arrows, manifold, divergences) arrives as plain arrays in a
lab frame (ganstudio.engine.lab.frame); this widget only turns them into Qt items made once. Lines
are ``PathCurve``s and the heatmap a pixmap, so Qt paints them without the GIL (canvas.py). The
plot's range is set from the data once per reset; after that only the user moves it, and every
move is reported (``view_changed``) so the worker computes the heatmap for what is visible.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication, QEvent, QObject, QPointF, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox, QHBoxLayout, QLabel, QPushButton, QSpinBox, QToolButton, QVBoxLayout, QWidget,
)

from ganstudio.engine.lab import geometry as lab_geometry
from ganstudio.engine.export.render import FAKE_RGB, REAL_RGB
from ganstudio.protocol import PhaseInfo, ResetInfo
from ganstudio.ui.settings.appearance import DEFAULT_STYLE, PlotStyle, style_plot
from ganstudio.ui.plotting.canvas import Canvas, ImageTile, PathCurve, PointCloud, cache
from ganstudio.ui.widgets.flow_layout import FlowLayout
from ganstudio.ui.plotting.plot_range import StepTicks, grown_limit, nice_ceiling
from ganstudio.ui.widgets.tooltip_text import tip

POINT_SIZE = 5
HIGHLIGHT_SIZE = 9
DRAWN_RGB = (40, 150, 70)
MIN_DRAWN_POINTS = 20
BRUSH_DENSITY = 6  # points per brush radius travelled
VIEW_REPORT_MS = 60  # a pan sends at most one view change per this many ms
DIVERGENCE_MAX_POINTS = 4000  # longer meter histories are thinned to about this many points
HEAT_OPACITY = 0.85
NOISE_SIDE, BOTTOM_HEIGHT = 160, 170  # px at normal size: the noise view's width, the bottom row's height
BOTTOM_GROW_MAX = 1.35  # presentation mode grows the bottom row at most this much,
BOTTOM_SHARE = 0.3  # and to at most this share of the lab view's height


def heat_colors(values: np.ndarray, probabilities: bool, level: float) -> tuple[np.ndarray, tuple]:
    """RGB uint8 (rows, cols, 3) for D's heatmap and the (low, high) range its colours span.

    Orange where D says "generated", white at the decision boundary, blue where it says "real" —
    the colours of the points themselves, lightened so the points stay visible on top. A
    probability spans [0, 1]; a raw critic score spans ±max|value − level| around the boundary.
    """
    if probabilities:
        low, high = 0.0, 1.0
    else:
        finite = np.abs(values[np.isfinite(values)] - level)
        half = float(finite.max()) if finite.size and finite.max() > 0 else 1.0
        low, high = level - half, level + half
    t = np.clip((np.nan_to_num(values, nan=level) - low) / (high - low), 0.0, 1.0)[..., None]
    white = np.array([255.0, 255.0, 255.0])
    fake = white + 0.55 * (np.array(FAKE_RGB) - white)
    real = white + 0.55 * (np.array(REAL_RGB) - white)
    below = fake + (white - fake) * (2 * t)  # t in [0, ½]: fake → white
    above = white + (real - white) * (2 * t - 1)  # t in [½, 1]: white → real
    rgb = np.where(t < 0.5, below, above)
    return rgb.round().astype(np.uint8), (low, high)


class _ColorBar:
    """A vertical strip of the heatmap's colours with an axis beside it."""

    def __init__(self, canvas: Canvas, row: int, col: int):
        self.plot = plot = canvas.add_plot(row=row, col=col)
        plot.setMaximumWidth(70)
        plot.hideAxis("bottom")
        plot.hideAxis("left")
        plot.showAxis("right")
        cache(plot.getAxis("right"))
        plot.setMouseEnabled(False, False)
        plot.hideButtons()
        plot.vb.setFlag(plot.vb.GraphicsItemFlag.ItemHasNoContents)
        self.tile = ImageTile()
        self.tile.setTransformationMode(Qt.TransformationMode.SmoothTransformation)
        plot.vb.addItem(self.tile)
        self.range: tuple | None = None

    def set_range(self, probabilities: bool, low: float, high: float) -> None:
        if self.range == (probabilities, low, high):
            return
        self.range = (probabilities, low, high)
        ramp = np.linspace(low, high, 256, dtype=np.float32)[:, None]  # row 0 = low, drawn at the bottom
        rgb, _ = heat_colors(ramp, probabilities, (low + high) / 2)
        self.tile.set_image(rgb)
        self.tile.setTransform(pg.QtGui.QTransform.fromScale(1.0, (high - low) / 256))
        self.tile.setPos(0, low)
        self.plot.setRange(xRange=(0, 1), yRange=(low, high), padding=0)
        self.plot.getAxis("right").setLabel(
            "D(x)" if probabilities else QCoreApplication.translate("LabView", "critic score"))


class _DrawFilter(QObject):
    """Turns left-button drags on the canvas into brush strokes. Installed only while drawing is
    on, so the canvas's other events (a paint 10 times a second) never pass through Python here."""

    def __init__(self, view: "LabView"):
        super().__init__(view)
        self._view = view
        self._last: np.ndarray | None = None

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 (Qt's name)
        view = self._view
        kind = event.type()
        if kind == QEvent.Type.MouseButtonPress and event.button() == Qt.MouseButton.LeftButton:
            self._last = view.to_data(event.position())
            view.paint_brush(self._last, self._last)
            return True
        if kind == QEvent.Type.MouseMove and self._last is not None:
            here = view.to_data(event.position())
            view.paint_brush(self._last, here)
            self._last = here
            return True
        if kind == QEvent.Type.MouseButtonRelease and self._last is not None:
            self._last = None
            return True
        return False


class LabView(QWidget):
    layers_changed = Signal(object)  # frozenset of the layer names that are on
    view_changed = Signal(object)  # (xmin, xmax, ymin, ymax) now visible
    drawn_applied = Signal(object)  # float64 (N, 2): the drawn points, to train on
    export_requested = Signal()
    import_requested = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._rng = np.random.default_rng(0)
        self._drawn = np.empty((0, 2))
        self._div_steps: list[float] = []
        self._div_kl: list[float] = []
        self._div_js: list[float] = []
        self._div_x1 = self._div_kl1 = 0.0
        self._data_bounds = (-1.0, 1.0, -1.0, 1.0)
        self.real: np.ndarray = np.empty((0, 2), dtype=np.float32)
        self.fake: np.ndarray = np.empty((0, 2), dtype=np.float32)
        self.last_heat: dict | None = None  # the last heatmap drawn, as the worker sent it

        self.toggles: dict[str, QCheckBox] = {}
        tools = FlowLayout()  # the layer toggles, then the drawing tools: wraps instead of cutting labels
        for name, text, hint, on in (
            ("real", self.tr("Real"), self.tr("The training data (blue)."), True),
            ("fake", self.tr("Generated"), self.tr("G's output for a fixed noise batch (orange): each dot "
                                                   "is the same z every frame, so it can be followed."), True),
            ("heatmap", self.tr("Heatmap"), self.tr("D's verdict everywhere: blue where it says real, "
                                                      "orange where it says generated; the line is 0.5."), True),
            ("arrows", self.tr("Gradients"), self.tr("Where G's loss pushes each generated point: the "
                                                       "direction the next G update tries to move it."), False),
            ("manifold", self.tr("Manifold"), self.tr("A grid in noise space bent by G: how G stretches "
                                                      "and folds the noise to make its points."), False),
            ("noise", self.tr("Noise"), self.tr("The fixed noise batch and its grid, before G."), False),
            ("divergence", self.tr("KL / JS"), self.tr("Divergence between the real and generated "
                                                       "histograms over the steps: 0 when they match."), True),
        ):
            box = QCheckBox(text)
            box.setToolTip(tip(hint))
            box.setChecked(on)
            box.toggled.connect(self._on_toggled)
            self.toggles[name] = box
            tools.addWidget(box)

        self.draw_button = QToolButton()
        self.draw_button.setText(self.tr("Draw data"))
        self.draw_button.setCheckable(True)
        self.draw_button.setToolTip(tip(self.tr("Paint your own distribution on the canvas with the mouse, "
                                            "then press Train on drawing.")))
        self.draw_button.toggled.connect(self._on_draw_toggled)
        self.brush = QSpinBox()
        self.brush.setRange(2, 80)
        self.brush.setValue(12)
        self.brush.setSuffix(" px")
        self.brush.setToolTip(tip(self.tr("Brush radius on screen: a wider brush paints a wider spread.")))
        self.clear_button = QPushButton(self.tr("Clear"))
        self.clear_button.setToolTip(tip(self.tr("Remove every drawn point.")))
        self.clear_button.clicked.connect(self.clear_drawing)
        self.apply_button = QPushButton(self.tr("Train on drawing"))
        self.apply_button.setToolTip(tip(self.tr("Save the drawn points to a CSV file and reset training on them.")))
        self.apply_button.clicked.connect(self._apply_drawing)
        self.drawn_label = QLabel()
        self.import_button = QPushButton(self.tr("Import CSV…"))
        self.import_button.setToolTip(tip(self.tr("Train on x,y points from a CSV file (a bad row is reported "
                                              "by its line number; the current run stays as it is).")))
        self.import_button.clicked.connect(self.import_requested)
        self.export_button = QPushButton(self.tr("Export points…"))
        self.export_button.setToolTip(tip(self.tr("Write the real and generated points shown now to a CSV file.")))
        self.export_button.clicked.connect(self.export_requested)
        for w in (self.draw_button, self.brush, self.clear_button, self.apply_button, self.drawn_label,
                  self.import_button, self.export_button):
            tools.addWidget(w)

        self.canvas = Canvas()
        self.canvas.setBackground("w")
        self.plot = plot = self.canvas.add_plot(row=0, col=0)
        plot.setAspectLocked(True)
        plot.disableAutoRange()
        plot.hideButtons()
        vb = plot.vb
        vb.setFlag(vb.GraphicsItemFlag.ItemHasNoContents)
        self.colorbar = _ColorBar(self.canvas, row=0, col=1)

        self.heat = ImageTile()
        self.heat.setTransformationMode(Qt.TransformationMode.SmoothTransformation)
        self.heat.setZValue(-10)
        self._heat_under = np.array(DEFAULT_STYLE.background, dtype=float)  # what the heatmap is blended on
        vb.addItem(self.heat, ignoreBounds=True)
        self.contour = PathCurve(pg.mkPen((60, 60, 60), width=1, style=Qt.PenStyle.DashLine), vb)
        self.manifold = PathCurve(pg.mkPen((90, 90, 90, 150), width=1), vb)
        self.real_points = PointCloud((*REAL_RGB, 140), POINT_SIZE, vb)
        self.fake_points = PointCloud((*FAKE_RGB, 200), POINT_SIZE, vb)
        self.arrows = PathCurve(pg.mkPen((120, 50, 0), width=1), vb)
        self.moves = PathCurve(pg.mkPen((120, 50, 0), width=1), vb)
        self.real_highlight = PointCloud((20, 50, 140), HIGHLIGHT_SIZE, vb)
        self.fake_highlight = PointCloud((150, 60, 0), HIGHLIGHT_SIZE, vb)
        self.drawn_points = PointCloud((*DRAWN_RGB, 170), 4, vb)
        self._curves = (self.contour, self.manifold, self.real_points, self.fake_points, self.arrows,
                        self.moves, self.real_highlight, self.fake_highlight, self.drawn_points)
        for z, item in enumerate(self._curves, start=1):
            item.setZValue(z)
            vb.sigRangeChanged.connect(lambda *_, c=item: c.refresh())
            vb.sigResized.connect(lambda *_, c=item: c.refresh())
        # No legend: its title says which colour is which, and a legend covered the data's corner.
        self._layer_items = {
            "real": (self.real_points,), "fake": (self.fake_points,),
            "heatmap": (self.heat, self.contour, self.colorbar.plot), "arrows": (self.arrows,),
            "manifold": (self.manifold,),
        }

        self.noise_canvas = Canvas()
        self.noise_canvas.setBackground("w")
        self.noise_plot = self.noise_canvas.add_plot(row=0, col=0)
        self.noise_plot.setAspectLocked(True)
        self.noise_plot.setMouseEnabled(False, False)
        self.noise_plot.hideButtons()
        self.noise_grid = PathCurve(pg.mkPen((90, 90, 90, 150), width=1), self.noise_plot.vb)
        self.noise_points = PointCloud((*FAKE_RGB, 200), 3, self.noise_plot.vb)
        self.div_canvas = Canvas()
        self.div_canvas.setBackground("w")
        self.js_plot = self.div_canvas.add_plot(row=0, col=0, title_over_axis=True)
        self.kl_plot = self.div_canvas.add_plot(row=0, col=1, title_over_axis=True)
        self.kl_plot.setXLink(self.js_plot)
        self._step_ticks = [StepTicks(self.js_plot), StepTicks(self.kl_plot)]
        for p, title in self._titles().items():
            p.setTitle(title, size="12pt" if p is plot else "10pt", color="k")
        self.div_canvas.hold_minimum_width()
        self.js_curve = PathCurve(pg.mkPen((120, 40, 160), width=1), self.js_plot.vb)
        self.kl_curve = PathCurve(pg.mkPen((30, 120, 120), width=1), self.kl_plot.vb)
        for p, c in ((self.noise_plot, self.noise_grid), (self.noise_plot, self.noise_points),
                     (self.js_plot, self.js_curve), (self.kl_plot, self.kl_curve)):
            p.vb.sigRangeChanged.connect(lambda *_, c=c: c.refresh())
            p.vb.sigResized.connect(lambda *_, c=c: c.refresh())
        bottom = QHBoxLayout()
        bottom.setContentsMargins(0, 0, 0, 0)
        bottom.addWidget(self.noise_canvas)
        bottom.addWidget(self.div_canvas, 1)
        self._scale = 1.0  # the presentation font scale the bottom row is sized for
        self._size_bottom_row(1.0)

        self.column = QVBoxLayout(self)
        self.column.setContentsMargins(0, 0, 0, 0)
        self.column.addLayout(tools)
        self.column.addWidget(self.canvas, 1)
        self.column.addLayout(bottom)

        self._draw_filter = _DrawFilter(self)
        self._view_timer = QTimer(self)
        self._view_timer.setSingleShot(True)
        self._view_timer.timeout.connect(self._report_view)
        vb.sigRangeChanged.connect(lambda *_: self._view_timer.isActive() or self._view_timer.start(VIEW_REPORT_MS))
        self._on_draw_toggled(False)
        self._apply_visibility()
        self.plot.setToolTip(tip(self.tr(
            "Blue: real data. Orange: G's output for a fixed noise batch. Behind them D's verdict: blue "
            "where it says real, orange where it says generated; the dashed line is where it cannot "
            "tell (0.5). Drag to pan, wheel to zoom.")))
        self.colorbar.plot.setToolTip(tip(self.tr("The colours of the heatmap and the D values they stand for.")))
        self.noise_plot.setToolTip(tip(self.tr(
            "What G starts from: the fixed noise batch and a grid in noise space (first two dimensions). "
            "The manifold layer shows this grid after G has bent it.")))
        self.js_plot.setToolTip(tip(self.tr(
            "Jensen–Shannon divergence between the real and generated histograms, 0 to 1 bit: 0 when "
            "they match.")))
        self.kl_plot.setToolTip(tip(self.tr(
            "KL divergence of the generated histogram from the real one, in nats: large when G misses "
            "places where real data lies (e.g. lost modes).")))

    def _titles(self) -> dict:
        """Each plot's title. The small ones are short enough that both divergence plots fit beside the
        noise view in a lab 420 px wide (a 1100-px window); their tooltips say what they compare, and
        in which unit."""
        return {self.plot: self.tr("Real (blue) and generated (orange) points"),
                self.noise_plot: self.tr("Noise space z"),
                self.js_plot: self.tr("JS divergence"),
                self.kl_plot: self.tr("KL divergence")}

    def _size_bottom_row(self, scale: float) -> None:
        """The noise view (about square: its plot keeps z's aspect ratio) and the divergence plots'
        height, grown with presentation mode's larger text, though less, and only while the row
        stays under BOTTOM_SHARE of the view's height: the canvas comes first on a short screen."""
        self._scale = scale
        grow = min(scale, BOTTOM_GROW_MAX)
        height = max(BOTTOM_HEIGHT, min(round(BOTTOM_HEIGHT * grow), round(self.height() * BOTTOM_SHARE)))
        self.noise_canvas.setFixedSize(round(NOISE_SIDE * grow), height)
        self.div_canvas.setFixedHeight(height)

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        super().resizeEvent(event)
        if event.size().height() != event.oldSize().height():
            self._size_bottom_row(self._scale)

    def apply_style(self, style: PlotStyle) -> None:
        """Theme colours and presentation sizes: titles, axes, line widths, dot sizes."""
        self._size_bottom_row(style.scale)
        for canvas in (self.canvas, self.noise_canvas, self.div_canvas):
            canvas.setBackground(style.background)
        self._heat_under = np.array(style.background[:3], dtype=float)
        if self.last_heat is not None:
            self._set_heatmap(self.last_heat)
        for plot, title in self._titles().items():
            style_plot(plot, title, 12 if plot is self.plot else 10, style)
        for ticks in self._step_ticks:
            ticks.refit()  # the labels' font changed
        self.div_canvas.hold_minimum_width()
        style_plot(self.colorbar.plot, None, 10, style)
        for curve in (self.contour, self.manifold, self.arrows, self.moves, self.noise_grid, self.js_curve,
                      self.kl_curve):
            curve.set_pen_width(style.line_width(1))
        for points, size in ((self.real_points, POINT_SIZE), (self.fake_points, POINT_SIZE),
                             (self.real_highlight, HIGHLIGHT_SIZE), (self.fake_highlight, HIGHLIGHT_SIZE),
                             (self.drawn_points, 4), (self.noise_points, 3)):
            points.set_pen_width(round(size * style.scale))

    # ------------------------------------------------------------ layers

    def layers(self) -> frozenset:
        return frozenset(name for name, box in self.toggles.items() if box.isChecked())

    def _on_toggled(self) -> None:
        self._apply_visibility()
        self.layers_changed.emit(self.layers())

    def _apply_visibility(self) -> None:
        on = self.layers()
        for name, items in self._layer_items.items():
            for item in items:
                item.setVisible(name in on)
        self.noise_canvas.setVisible("noise" in on)
        self.div_canvas.setVisible("divergence" in on)

    def visible_bounds(self) -> tuple[float, float, float, float]:
        (x0, x1), (y0, y1) = self.plot.vb.viewRange()
        return (float(x0), float(x1), float(y0), float(y1))

    def _report_view(self) -> None:
        self.view_changed.emit(self.visible_bounds())

    # ------------------------------------------------------------ data in

    def set_dataset(self, info: ResetInfo) -> None:
        """On reset: the real points, the range fitted to the data once, meters emptied."""
        self.real = np.asarray(info.real, dtype=np.float32)
        self.real_points.set_points(self.real[:, 0], self.real[:, 1])
        self._data_bounds = xmin, xmax, ymin, ymax = info.bounds
        self.plot.setRange(xRange=(xmin, xmax), yRange=(ymin, ymax), padding=0)
        from ganstudio.engine.lab.frame import noise_grid  # torch: loaded by now, not when the window opens

        cfg = info.config
        grid = noise_grid(cfg.gen.noise_dim, cfg.gen.noise)
        self.noise_grid.set_points(grid[:, 0], grid[:, 1])
        r = 1.15 * float(np.nanmax(np.abs(grid)))
        self.noise_plot.setRange(xRange=(-r, r), yRange=(-r, r), padding=0)
        self._div_steps, self._div_kl, self._div_js = [], [], []
        self._div_x1, self._div_kl1 = 0.0, 0.0
        for curve in (self.js_curve, self.kl_curve, self.arrows, self.manifold, self.contour, self.moves,
                      self.real_highlight, self.fake_highlight, self.noise_points):
            curve.set_points([], [])
        self.heat.setPixmap(pg.QtGui.QPixmap())
        self.last_heat = None
        self.set_samples(info.samples)

    def set_samples(self, samples: np.ndarray) -> None:
        self.fake = np.asarray(samples, dtype=np.float32)
        self.fake_points.set_points(self.fake[:, 0], self.fake[:, 1])

    def set_lab(self, frame: dict) -> None:
        """Draw one lab frame from the worker: only the keys it carries change."""
        if "heatmap" in frame:
            self._set_heatmap(frame["heatmap"])
        if "arrows" in frame:
            self.arrows.set_points(frame["arrows"][:, 0], frame["arrows"][:, 1])
        if "manifold" in frame:
            self.manifold.set_points(frame["manifold"][:, 0], frame["manifold"][:, 1])
        if "noise" in frame:
            self.noise_points.set_points(frame["noise"][:, 0], frame["noise"][:, 1])
        if "divergence" in frame:
            kl, js = frame["divergence"]
            self._div_steps.append(frame["step"])
            self._div_kl.append(kl)
            self._div_js.append(js)
            self._draw_divergence()

    def _set_heatmap(self, heat: dict) -> None:
        values = heat["values"]
        self.last_heat = heat
        rgb, (low, high) = heat_colors(values, heat["probabilities"], heat["level"])
        # 85 % opaque over the background, mixed here once per picture instead of by Qt on every
        # paint (one A/B run of ring8 in the window: ~4 % more training steps with it opaque)
        self.heat.set_image((HEAT_OPACITY * rgb + (1 - HEAT_OPACITY) * self._heat_under).round().astype(np.uint8))
        xmin, xmax, ymin, ymax = heat["bounds"]
        rows, cols = values.shape
        # image row r covers y in [ymin + r·dy, ymin + (r+1)·dy]: row 0 at the bottom, as lab.py lays it out
        self.heat.setTransform(pg.QtGui.QTransform.fromScale((xmax - xmin) / cols, (ymax - ymin) / rows))
        self.heat.setPos(xmin, ymin)
        self.colorbar.set_range(heat["probabilities"], low, high)
        contour = heat["contour"]
        self.contour.set_points(contour[:, 0], contour[:, 1])

    def _draw_divergence(self) -> None:
        steps = np.asarray(self._div_steps, dtype=float)
        kl, js = np.asarray(self._div_kl), np.asarray(self._div_js)
        stride = max(1, len(steps) // DIVERGENCE_MAX_POINTS)
        if stride > 1:
            steps, kl, js = steps[::stride], kl[::stride], js[::stride]
        # The axes grow in jumps to round numbers, so they repaint a few times a minute, not with every
        # frame: an axis repaint is Python work the training thread waits for.
        x1 = grown_limit(float(steps[-1]), self._div_x1)
        y1 = max(nice_ceiling(float(np.nanmax(kl)), floor=0.1), self._div_kl1)
        if (x1, y1) != (self._div_x1, self._div_kl1):
            self._div_x1, self._div_kl1 = x1, y1
            self.js_plot.setRange(xRange=(0, x1), yRange=(0, 1), padding=0.02)
            self.kl_plot.setRange(yRange=(0, y1), padding=0.02)
            for ticks in self._step_ticks:
                ticks.set_limit(x1)
        self.js_curve.set_points(steps, js)
        self.kl_curve.set_points(steps, kl)

    def divergence_history(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        return (np.asarray(self._div_steps), np.asarray(self._div_kl), np.asarray(self._div_js))

    # ------------------------------------------------------------ slow motion highlights

    def show_phase(self, phase: PhaseInfo) -> None:
        """Highlight what the phase is about: the real batch, the fake batch, or G's moves."""
        name = phase.name
        empty = np.empty((0, 2), dtype=np.float32)
        real = phase.real if name in ("d_real", "d_update") else None
        fake = phase.fake if name in ("d_fake", "d_update", "g_update") else None
        real = empty if real is None else real
        fake = empty if fake is None else fake
        self.real_highlight.set_points(real[:, 0], real[:, 1])
        after = phase.fake_after if name == "g_update" else None
        if after is not None and len(fake):
            moves = np.full((3 * len(fake), 2), np.nan, dtype=np.float32)
            moves[0::3], moves[1::3] = fake, after
            self.moves.set_points(moves[:, 0], moves[:, 1])
            self.fake_highlight.set_points(after[:, 0], after[:, 1])
        else:
            self.moves.set_points([], [])
            self.fake_highlight.set_points(fake[:, 0], fake[:, 1])

    def clear_phase(self) -> None:
        for curve in (self.real_highlight, self.fake_highlight, self.moves):
            curve.set_points([], [])

    # ------------------------------------------------------------ drawing your own data

    def to_data(self, position: QPointF) -> np.ndarray:
        """A viewport position (pixels) → data coordinates of the main plot."""
        scene = self.canvas.mapToScene(position.toPoint())
        p = self.plot.vb.mapSceneToView(scene)
        return np.array([p.x(), p.y()])

    def brush_radius(self) -> float:
        """The brush's radius in data units at the current zoom."""
        px, py = self.plot.vb.viewPixelSize()
        return self.brush.value() * float(min(abs(px), abs(py)))

    def paint_brush(self, p0: np.ndarray, p1: np.ndarray) -> None:
        new = lab_geometry.stroke(p0, p1, self.brush_radius(), BRUSH_DENSITY, self._rng)
        self._drawn = np.concatenate([self._drawn, np.asarray(new, dtype=np.float64)])
        self._show_drawn()

    def drawn(self) -> np.ndarray:
        return self._drawn.copy()

    def clear_drawing(self) -> None:
        self._drawn = np.empty((0, 2))
        self._show_drawn()

    def _show_drawn(self) -> None:
        self.drawn_points.set_points(self._drawn[:, 0], self._drawn[:, 1])
        n = len(self._drawn)
        self.drawn_label.setText(self.tr("{0} points drawn").format(n) if n else "")
        self.apply_button.setEnabled(n >= MIN_DRAWN_POINTS)
        self.clear_button.setEnabled(n > 0)

    def _on_draw_toggled(self, on: bool) -> None:
        viewport = self.canvas.viewport()
        if on:
            viewport.installEventFilter(self._draw_filter)
        else:
            viewport.removeEventFilter(self._draw_filter)
        self.plot.setMouseEnabled(not on, not on)  # while drawing, a drag paints instead of panning
        self.brush.setEnabled(on)
        viewport.setCursor(Qt.CursorShape.CrossCursor if on else Qt.CursorShape.ArrowCursor)
        self._show_drawn()

    def _apply_drawing(self) -> None:
        if len(self._drawn) >= MIN_DRAWN_POINTS:
            self.draw_button.setChecked(False)
            self.drawn_applied.emit(self.drawn())
