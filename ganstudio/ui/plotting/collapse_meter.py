"""The mode-collapse meter under the training plots: modes (or MNIST classes) covered and the
reverse KL over the steps, and how G's samples spread over the modes right now.

Rows come from the worker's ``Meter`` (engine/metrics/meter.py) a few times a second; drawing follows
the window's plot cadence. Curves are PathCurves and the bars one filled path, so Qt paints them
without the GIL (canvas.py).
"""

from __future__ import annotations

import dataclasses
import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QPainterPath
from PySide6.QtWidgets import QGraphicsPathItem, QLabel, QVBoxLayout, QWidget

from ganstudio.engine.metrics.meter import KL_ALARM
from ganstudio.ui.settings.appearance import DEFAULT_STYLE, PlotStyle, style_plot
from ganstudio.ui.plotting.canvas import Canvas, PathCurve, cache
from ganstudio.ui.plotting.plot_range import StepTicks, grown_limit, nice_ceiling
from ganstudio.ui.widgets.tooltip_text import tip

COVER_COLOR = (30, 120, 60)
KL_COLOR = (150, 40, 120)
BAR_COLOR = (70, 110, 200, 200)
REF_COLOR = (120, 120, 120)
ALARM_COLOR = (200, 30, 30)
RECOVER_COLOR = (30, 140, 60)
TITLE_SCALE_MAX = 1.2
TICK_HEADROOM = 1.2  # y ranges end this far above their top tick: its label stays under the title
PLOT_MIN_WIDTH = 80  # px, each of the three plots, or more for its title


class _Bars(QGraphicsPathItem):
    """Bars of given heights at x = 0, 1, …, as one filled path in the view box's data coordinates."""

    def __init__(self, view_box: pg.ViewBox):
        super().__init__()
        self.setBrush(pg.mkBrush(BAR_COLOR))
        self.setPen(pg.mkPen(None))
        view_box.addItem(self)
        self.heights = np.empty(0)

    def set_heights(self, heights) -> None:
        self.heights = np.asarray(heights, dtype=float)
        path = QPainterPath()
        for i, h in enumerate(self.heights):
            if h > 0:
                path.addRect(i - 0.4, 0.0, 0.8, float(h))
        self.setPath(path)


class CollapseMeter(QWidget):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.kind: str | None = None
        self.n_modes = 0
        self.conditional = False
        self._ranges: dict = {}  # the (plot, axis) ranges last set, so an unchanged axis is not redrawn
        self._steps: list[float] = []
        self._covered: list[float] = []
        self._kl: list[float] = []
        self._last: dict | None = None
        self._dirty = False
        self.alarm_steps: list[int] = []

        self.canvas = Canvas()
        self.canvas.setBackground("w")
        self.plot_style = DEFAULT_STYLE
        self._titles: dict = {}  # plot → its title, set per kind of meter
        self.cover_plot = self.canvas.add_plot(row=0, col=0, title_over_axis=True)
        self.kl_plot = self.canvas.add_plot(row=0, col=1, title_over_axis=True)
        self.bar_plot = self.canvas.add_plot(row=0, col=2, title_over_axis=True)
        layout = self.canvas.ci.layout
        for col, stretch in enumerate((3, 3, 2)):  # the bar chart needs less room than the curves
            layout.setColumnStretchFactor(col, stretch)
        for plot in (self.cover_plot, self.kl_plot, self.bar_plot):
            plot.setMinimumWidth(PLOT_MIN_WIDTH)
            plot.titleLabel.setMaximumHeight(18)
            plot.setMouseEnabled(False, False)
            plot.hideButtons()
            plot.vb.setFlag(plot.vb.GraphicsItemFlag.ItemHasNoContents)
        self.cover_curve = PathCurve(pg.mkPen(COVER_COLOR, width=1), self.cover_plot.vb)
        self.kl_curve = PathCurve(pg.mkPen(KL_COLOR, width=1), self.kl_plot.vb)
        self.kl_line = PathCurve(pg.mkPen(REF_COLOR, width=1, style=Qt.PenStyle.DashLine), self.kl_plot.vb)
        self._step_ticks = {plot: StepTicks(plot) for plot in (self.cover_plot, self.kl_plot)}
        self.bars = _Bars(self.bar_plot.vb)
        self.bar_plot.hideAxis("bottom")  # modes in the dataset's order; 25 tick labels would not fit
        self.uniform_line = PathCurve(pg.mkPen(REF_COLOR, width=1, style=Qt.PenStyle.DashLine),
                                      self.bar_plot.vb)
        for plot, curves in ((self.cover_plot, [self.cover_curve]), (self.kl_plot, [self.kl_curve, self.kl_line]),
                             (self.bar_plot, [self.uniform_line])):
            for c in curves:
                plot.vb.sigRangeChanged.connect(lambda *_, c=c: c.refresh())
                plot.vb.sigResized.connect(lambda *_, c=c: c.refresh())
        self.details = QLabel()
        self.details.setWordWrap(True)
        self.canvas.setToolTip(tip(self.tr(
            "Left: how many modes (or digit classes) G's samples cover. Middle: KL divergence of G's "
            "spread over them from an even spread; the dashed line, ln 2, is where the collapse alarm "
            "fires. Right: the share of samples on each mode now; dashed: an even share.")))
        self.details.setToolTip(tip(self.tr(
            "MNIST: the Fréchet distance is measured in the features of the bundled digit classifier, "
            "so it is not comparable with Inception FID figures from papers.")))
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.canvas, 1)
        column.addWidget(self.details)
        self._markers: list[tuple] = []
        self.set_kind(None, 0)

    def set_kind(self, kind: str | None, n_modes: int, conditional: bool = False) -> None:
        """On reset: what is measured ("modes", "classes" or None) and of how many. For a
        conditional GAN the bars show, per digit, how often the classifier reads the digit G was
        asked for (the dashed line is chance, 1/10) instead of the share of samples per class."""
        self.kind, self.n_modes = kind, n_modes
        self.conditional = conditional and kind == "classes"
        self._steps, self._covered, self._kl = [], [], []
        self._last, self._dirty = None, True
        self._ranges: dict = {}  # the (plot, axis) ranges last set, so an unchanged axis is not redrawn
        self.alarm_steps = []
        for plot, line in self._markers:
            plot.removeItem(line)
        self._markers.clear()
        self.setVisible(kind is not None)
        if kind is None:
            return
        unit = self.tr("classes") if kind == "classes" else self.tr("modes")
        self._titles = {
            self.cover_plot: self.tr("{0} covered").format(unit),
            self.kl_plot: self.tr("KL to uniform"),
            self.bar_plot: self.tr("share per {0}").format(self.tr("class") if kind == "classes" else self.tr("mode")),
        }
        if self.conditional:
            self._titles[self.bar_plot] = self.tr("asked digit drawn")
        self._style_titles()
        for plot, top in ((self.cover_plot, n_modes), (self.kl_plot, math.log(max(n_modes, 2)))):
            plot.setXRange(0, 1, padding=0.05)
            plot.setYRange(0, top * TICK_HEADROOM, padding=0)
        self.bar_plot.setRange(xRange=(-0.6, n_modes - 0.4), yRange=(0, TICK_HEADROOM * 1.5 / max(n_modes, 1)),
                               padding=0)
        self.bars.set_heights(np.zeros(n_modes))
        self.uniform_line.set_points([-0.6, n_modes - 0.4], [1 / max(n_modes, 1)] * 2)
        for c in (self.cover_curve, self.kl_curve, self.kl_line):
            c.set_points([], [])
        self.details.setText("")

    def _style_titles(self) -> None:
        # Three titles share the plots' column: at presentation size they would run into each other.
        style = dataclasses.replace(self.plot_style, scale=min(self.plot_style.scale, TITLE_SCALE_MAX))
        for plot, title in self._titles.items():
            style_plot(plot, title, 9, style, title_height=18)
            cache(plot.titleLabel)
            plot.setMinimumWidth(max(PLOT_MIN_WIDTH, plot.titleLabel.minimumWidth()))  # the title stays whole
        self.canvas.hold_minimum_width()  # all three plots stay whole in a narrow window

    def apply_style(self, style: PlotStyle) -> None:
        """Theme colours and presentation sizes (titles, axes, line widths)."""
        self.plot_style = style
        self.canvas.setBackground(style.background)
        for plot in (self.cover_plot, self.kl_plot, self.bar_plot):
            style_plot(plot, None, 9, style)
        self._style_titles()
        for ticks in self._step_ticks.values():
            ticks.refit()  # the labels' font changed
        for curve in (self.cover_curve, self.kl_curve, self.kl_line, self.uniform_line):
            curve.set_pen_width(style.line_width(1))

    def add(self, row: dict) -> None:
        self._steps.append(row["step"])
        cover_key = "classes" if self.kind == "classes" else "modes"
        kl_key = "class_kl" if self.kind == "classes" else "reverse_kl"
        self._covered.append(row[cover_key])
        self._kl.append(row[kl_key])
        self._last = row
        self._dirty = True

    def load_history(self, metrics: dict, upto: float | None = None) -> None:
        """The readings stored in a run folder's metrics.csv columns (steps ≤ ``upto``), so an
        opened run's meter shows its past; the bars wait for the next live reading."""
        if self.kind is None:
            return
        cover_key, kl_key = ("classes", "class_kl") if self.kind == "classes" else ("modes", "reverse_kl")
        if cover_key not in metrics:
            return
        step, covered, kl = metrics["step"], metrics[cover_key], metrics[kl_key]
        keep = np.isfinite(covered) & (step <= (np.inf if upto is None else upto))
        self._steps[:0] = step[keep].tolist()
        self._covered[:0] = covered[keep].tolist()
        self._kl[:0] = kl[keep].tolist()
        self._dirty = True

    def mark_alarm(self, step: int, text: str) -> None:
        self.alarm_steps.append(step)
        for plot in (self.cover_plot, self.kl_plot):
            line = pg.InfiniteLine(pos=step, angle=90, pen=pg.mkPen(ALARM_COLOR, width=1))
            plot.addItem(line, ignoreBounds=True)
            cache(line)
            self._markers.append((plot, line))

    def redraw(self) -> None:
        if not self._dirty or self.kind is None or not self._steps:
            return
        self._dirty = False
        steps = np.asarray(self._steps, dtype=float)
        x1 = grown_limit(float(steps[-1]), self._ranges.get("x1", 0.0))
        if x1 != self._ranges.get("x1"):  # jumps to round numbers: each axis move is Python work
            self._ranges["x1"] = x1
            for plot in (self.cover_plot, self.kl_plot):
                plot.setXRange(0, x1, padding=0.02)
                self._step_ticks[plot].set_limit(x1)
        kl = np.asarray(self._kl, dtype=float)
        top = math.log(max(self.n_modes, 2))
        if np.isfinite(kl).any() and np.nanmax(kl) > top:
            top = nice_ceiling(float(np.nanmax(kl)), floor=top)
        self._set_y(self.kl_plot, 0, top * TICK_HEADROOM, 0)
        self.cover_curve.set_points(steps, self._covered)
        self.kl_curve.set_points(steps, kl)
        self.kl_line.set_points([0, x1], [KL_ALARM, KL_ALARM])
        row = self._last
        if row is None:  # only readings loaded from a run folder so far
            return
        if self.conditional and row.get("label_acc_per_class") is not None:
            self._set_y(self.bar_plot, 0, TICK_HEADROOM, 0)
            self.bars.set_heights(np.nan_to_num(np.asarray(row["label_acc_per_class"], dtype=float)))
        else:
            mass = np.asarray(row["mass"], dtype=float)
            top = max(1.5 / max(self.n_modes, 1), float(mass.max(initial=0)) * 1.1)
            # In 0.05 steps, a still axis, with headroom: a tick at the very top put half its label
            # into the title over the axis ("share per mode" under "0.20", issue 19).
            self._set_y(self.bar_plot, 0, math.ceil(top * 20) / 20 * TICK_HEADROOM, 0)
            self.bars.set_heights(mass)
        self.details.setText(self._details(row))

    def _set_y(self, plot: pg.PlotItem, low: float, high: float, padding: float) -> None:
        if self._ranges.get(plot) != (low, high):
            self._ranges[plot] = (low, high)
            plot.setYRange(low, high, padding=padding)

    def _details(self, row: dict) -> str:
        if self.kind == "classes":
            text = self.tr("{0} of 10 classes · KL {1:.3f} · classifier FD {2:.2f} (not Inception FID) · "
                           "diversity {3:.2f} · coverage {4:.2f}").format(
                row["classes"], row["class_kl"], row["fd"], row["diversity"], row["coverage"])
            acc = row.get("label_acc")
            if self.conditional and isinstance(acc, float) and math.isfinite(acc):
                text += self.tr(" · asked digit drawn {0:.0f} % (chance 10 %)").format(100 * acc)
            return text
        kl = row["reverse_kl"]
        kl_text = f"{kl:.3f}" if math.isfinite(kl) else "–"
        return self.tr("{0} of {1} modes · {2:.1f} % high quality · reverse KL {3}").format(
            row["modes"], self.n_modes, row["hq_pct"], kl_text)

    def history(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        return np.asarray(self._steps), np.asarray(self._covered), np.asarray(self._kl)

