"""The three live training plots: losses, D's outputs, gradient norms.

Items are made once. A redraw first settles the axes (RangeFollower), then gives each curve the
min/max envelope of its column clipped to the visible steps (envelope.py), so its cost is bounded
by the plot's width in pixels, not by the run's length. The curves are painted by Qt without the
GIL (canvas.py), so the worker trains on while they are drawn.
"""

from __future__ import annotations

import math
from html import escape

import pyqtgraph as pg
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import QCheckBox, QVBoxLayout, QWidget

from ganstudio.engine.train import loss_kinds
from ganstudio.ui.settings.appearance import DEFAULT_STYLE, PlotStyle, css_colour, coloured, style_plot
from ganstudio.ui.plotting.canvas import Canvas, PathCurve, cache
from ganstudio.ui.plotting.envelope import envelope
from ganstudio.ui.plotting.history import SMOOTHED, History
from ganstudio.ui.plotting.plot_range import RECENT_STEPS, RangeFollower
from ganstudio.ui.widgets.tooltip_text import tip

D_COLOR = (40, 110, 210)
G_COLOR = (230, 110, 30)
REF_COLOR = (120, 120, 120)
MARK_COLOR = (150, 60, 170)
# Heights of markers' labels near each other, as fractions of the plot's height from its bottom.
LABEL_HEIGHTS = (0.85, 0.2, 0.5)
LABEL_GAP_PX = 16
CURSOR_COLOR = (30, 150, 90)  # the timeline's step
# 1 px takes Qt's cosmetic fast path; wider pens go through the path stroker, which on ring8 cost
# ~3 % of training speed (bench_gui, 7 rounds). Thick lines for a projector are presentation mode's job.
PEN_WIDTH = 1
FONT_PT = 11
TITLE_MIN_SCALE = 0.7  # a title too wide for its plot is drawn down to this share of its size


def _pen(rgb, style=Qt.PenStyle.SolidLine, width=PEN_WIDTH):
    return pg.mkPen(rgb, width=width, style=style)


class _HLine(PathCurve):
    """A horizontal reference line across the visible steps (a path, so Qt paints it alone)."""

    def __init__(self, pen, view_box: pg.ViewBox, value: float = 0.0):
        super().__init__(pen, view_box)
        self.value = value
        self._drawn = None

    def span(self, x_range: tuple[float, float]) -> None:
        """Redraw only when the view or the value moved: most frames change neither."""
        vb = self._view_box
        key = (tuple(x_range), tuple(vb.viewRange()[1]), self.value, vb.width(), vb.height())
        if key != self._drawn:
            self._drawn = key
            self.set_points([x_range[0], x_range[1]], [self.value, self.value])


class TrainingPlots(QWidget):
    def __init__(self, history: History, parent: QWidget | None = None):
        super().__init__(parent)
        self.history = history
        self.smooth = QCheckBox(self.tr("Smooth losses (moving average)"))
        self.smooth.setToolTip(tip(self.tr("Draw an exponential moving average of the losses so the trend "
                                       "shows through the step-to-step noise.")))
        self.smooth.toggled.connect(self._on_smooth_toggled)

        self.canvas = Canvas()
        self.canvas.setBackground("w")
        self.plot_style = DEFAULT_STYLE
        self._titles: dict[pg.PlotItem, str] = {}
        # Each title names its two curves in their colours: a legend inside the plot covered the
        # curves (the newest steps at first, the oldest later) and the markers' labels (issue 19).
        d, g = coloured("D", D_COLOR), coloured("G", G_COLOR)
        self.loss_plot = self._add_plot(0, self.tr("Loss of {0} and {1}").format(d, g))
        self.health_plot = self._add_plot(1, self.tr("{0} on real and {1} on fake").format(
            coloured("D(x)", D_COLOR), coloured("D(G(z))", G_COLOR)))
        self.grad_plot = self._add_plot(2, self.tr("Gradient norm of {0} and {1}").format(d, g))
        self.grad_plot.setLabel("bottom", self.tr("step"))
        self.loss_plot.setToolTip(tip(self.tr(
            "D's (blue) and G's (orange) losses at every step. With the minimax and non-saturating "
            "losses the dashed lines are their values at the equilibrium, where D outputs 0.5 everywhere.")))
        self.health_plot.setToolTip(tip(self.tr(
            "D's mean output on a real batch, D(x) (blue), and on a generated batch, D(G(z)) (orange). "
            "When G imitates the data perfectly D can only guess: both meet at the dashed 0.5 line.")))
        self.grad_plot.setToolTip(tip(self.tr(
            "How large each network's gradient is, D's blue and G's orange: spikes mean unstable "
            "training, a G gradient near zero means D wins so clearly that G learns nothing.")))
        for plot in (self.health_plot, self.grad_plot):
            plot.setXLink(self.loss_plot)

        self.curves: dict[str, PathCurve] = {}
        self._curve_plot: dict[str, pg.PlotItem] = {}
        for name, plot, color in (
            ("loss_d", self.loss_plot, D_COLOR), ("loss_g", self.loss_plot, G_COLOR),
            ("d_real", self.health_plot, D_COLOR), ("d_fake", self.health_plot, G_COLOR),
            ("grad_norm_d", self.grad_plot, D_COLOR), ("grad_norm_g", self.grad_plot, G_COLOR),
        ):
            self.curves[name] = PathCurve(_pen(color), plot.vb)
            self._curve_plot[name] = plot
        dash = Qt.PenStyle.DashLine
        self.ref_d = _HLine(_pen(D_COLOR, dash, 1.5), self.loss_plot.vb)
        self.ref_g = _HLine(_pen(G_COLOR, dash, 1.5), self.loss_plot.vb)
        self.ref_half = _HLine(_pen(REF_COLOR, dash, 1.5), self.health_plot.vb, 0.5)
        self._markers: list[tuple[pg.PlotItem, pg.InfiniteLine]] = []
        self._labels: list[tuple[float, int, float]] = []  # (step, slot, width in steps) of each label
        self._step_labels: dict[float, tuple] = {}  # step → (its label item, [(text, colour)])
        # The timeline's step: one dashed line per plot, made once and moved (hidden when live).
        self.cursors = []
        for plot in (self.loss_plot, self.health_plot, self.grad_plot):
            line = pg.InfiniteLine(pos=0, angle=90, pen=_pen(CURSOR_COLOR, dash, 1.5))
            line.setVisible(False)
            plot.addItem(line, ignoreBounds=True)
            self.cursors.append(line)
        # A pan, zoom or resize needs the envelope of the newly visible steps; the three x-linked
        # plots report one change each, so the work waits for the event loop and runs once.
        self._rebuild = QTimer(self)
        self._rebuild.setSingleShot(True)
        self._rebuild.setInterval(0)
        self._rebuild.timeout.connect(self._draw_curves)
        self._title_fit = QTimer(self)
        self._title_fit.setSingleShot(True)
        self._title_fit.setInterval(0)
        self._title_fit.timeout.connect(self._fit_titles)
        for plot in (self.loss_plot, self.health_plot, self.grad_plot):
            plot.vb.sigRangeChanged.connect(self._rebuild.start)
            plot.vb.sigResized.connect(self._rebuild.start)
        self._groups = [
            (RangeFollower(self.loss_plot, follow_x=True), ("loss_d", "loss_g")),
            (RangeFollower(self.health_plot, follow_x=False), ("d_real", "d_fake")),
            (RangeFollower(self.grad_plot, follow_x=False), ("grad_norm_d", "grad_norm_g")),
        ]
        self._drawn_n = 0

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.smooth)
        layout.addWidget(self.canvas, 1)
        self.set_loss_kind("nonsaturating")
        self._measure_titles()

    def _add_plot(self, row: int, title: str) -> pg.PlotItem:
        plot = self.canvas.add_plot(row=row)
        self._titles[plot] = title
        plot.setTitle(title, size=f"{FONT_PT + 2}pt", color="k")
        plot.vb.setFlag(plot.vb.GraphicsItemFlag.ItemHasNoContents)  # no border: skip its Python paint
        font = QFont()
        font.setPointSize(FONT_PT)
        for axis in ("left", "bottom"):
            plot.getAxis(axis).setTickFont(font)
            plot.getAxis(axis).setTextPen("k")
        plot.getAxis("left").setWidth(56)
        return plot

    def apply_style(self, style: PlotStyle) -> None:
        """Theme colours and presentation sizes: background, titles, ticks, legends, line widths."""
        self.plot_style = style
        self.canvas.setBackground(style.background)
        for plot, title in self._titles.items():
            style_plot(plot, title, FONT_PT + 2, style, tick_pt=FONT_PT)
            plot.getAxis("left").setWidth(round(56 * style.scale))
        for curve in self.curves.values():
            curve.set_pen_width(style.line_width(PEN_WIDTH))
        for line in (self.ref_d, self.ref_g, self.ref_half):
            line.set_pen_width(style.line_width(1.5))
        self._measure_titles()
        for _, line in self._markers:
            line.setPen(_pen(line.pen.color(), Qt.PenStyle.SolidLine, style.line_width(1)))
        self._rebuild.start()

    def title_width(self) -> int:
        """The width at which every title is whole, at full size, beside its value axis. RunColumn
        turns the views into tabs below it ("真实样本上的 D(x) 与生成样本上的" was cut with the help panel
        open at 1366 × 768). Not a minimum width: that would push the window off the screen."""
        return math.ceil(max(natural + self._title_margin(plot) for plot, natural in self._title_natural.items()))

    def cut_titles(self) -> list[str]:
        """The titles wider than their room now (none, unless the canvas is below TITLE_MIN_SCALE)."""
        return [title for plot, title in self._titles.items()
                if plot.titleLabel.minimumWidth() > self.canvas.width() - self._title_margin(plot)]

    def _title_margin(self, plot: pg.PlotItem) -> float:
        """What the canvas spends beside ``plot``'s title: the value axis, the plot's and the
        layout's margins and spacing. Read off the laid-out scene (the title's column against the
        scene's width); before the first layout, estimated from the axis."""
        scene_w, title_w = self.canvas.ci.geometry().width(), plot.titleLabel.geometry().width()
        if scene_w > 0 and title_w > 0:
            return scene_w - title_w
        return plot.getAxis("left").width() + 2 * self.canvas.frameWidth() + 20

    def _measure_titles(self) -> None:
        """Each title's width at its full size (called once the titles have their style's size)."""
        self._title_natural = {plot: plot.titleLabel.minimumWidth() for plot in self._titles}
        self._title_scale = dict.fromkeys(self._titles, 1.0)
        self._fit_titles()

    def _fit_titles(self) -> None:
        """Where even a tab of its own leaves a title too little width (1280 × 720 in presentation
        mode with the help panel open), the title is drawn smaller, in steps of 5 % down to
        TITLE_MIN_SCALE of its size, rather than cut at both ends. Text does not shrink in
        proportion to its point size (hinting, bold runs), so each step is measured."""
        changed = False
        for plot, title in self._titles.items():
            room = self.canvas.width() - self._title_margin(plot)
            natural = self._title_natural[plot]
            scale = 1.0 if natural <= room else max(TITLE_MIN_SCALE, int(20 * room / natural) / 20)
            changed |= self._set_title_scale(plot, title, scale)
            while plot.titleLabel.minimumWidth() > room and scale > TITLE_MIN_SCALE:
                scale = max(TITLE_MIN_SCALE, round(scale - 0.05, 2))
                changed |= self._set_title_scale(plot, title, scale)
        if changed:  # once the layout has taken in the titles' new widths
            QTimer.singleShot(0, self, self.canvas.fit_scene)

    def _set_title_scale(self, plot: pg.PlotItem, title: str, scale: float) -> bool:
        if scale == self._title_scale[plot]:
            return False
        self._title_scale[plot] = scale
        style = self.plot_style
        plot.setTitle(title, size=style.pt((FONT_PT + 2) * scale), color=style.foreground)
        return True

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        """The titles are fitted once the resize has settled: on this event the canvas may not
        have its new width yet (a title was left at 95 % on a canvas wide enough for it whole)."""
        super().resizeEvent(event)
        self._title_fit.start()

    def _on_smooth_toggled(self) -> None:
        self._groups[0][0].y = None  # the smoothed curve has its own range
        self.redraw()

    def set_loss_kind(self, kind: str) -> None:
        """Reference lines only mean something for the BCE losses: equilibrium values and D = ½."""
        equilibrium = loss_kinds.EQUILIBRIUM.get(kind)
        self.ref_d.setVisible(equilibrium is not None)
        self.ref_g.setVisible(equilibrium is not None)
        if equilibrium is not None:
            self.ref_d.value, self.ref_g.value = equilibrium
        self._rebuild.start()
        self.ref_half.setVisible(loss_kinds.outputs_are_probabilities(kind))

    def _keys(self) -> dict[str, str]:
        """History column drawn by each curve: the moving average when smoothing is on."""
        smooth = self.smooth.isChecked()
        return {name: name + "_ema" if smooth and name in SMOOTHED else name for name in self.curves}

    def redraw(self) -> None:
        h = self.history
        keys = self._keys()
        if h.n:
            start = max(0, h.n - RECENT_STEPS)
            fresh_from = min(self._drawn_n, h.n - 1)
            for follower, names in self._groups:
                columns = [h.column(keys[n]) for n in names]
                follower.update(h.last("step"), [c[start:] for c in columns],
                                [c[fresh_from:] for c in columns])
        self._drawn_n = h.n
        self._draw_curves()

    def _draw_curves(self) -> None:
        """Each curve's envelope over the steps now visible, and the reference lines across them."""
        self._rebuild.stop()
        h = self.history
        step = h.column("step")
        for name, key in self._keys().items():
            vb = self._curve_plot[name].vb
            x0, x1 = vb.viewRange()[0]
            x, y = envelope(step, h.column(key), h.pyramid(key), (x0, x1), vb.width())
            self.curves[name].set_points(x, y)
        for line, plot in ((self.ref_d, self.loss_plot), (self.ref_g, self.loss_plot),
                           (self.ref_half, self.health_plot)):
            line.span(plot.vb.viewRange()[0])

    def add_marker(self, step: int, text: str, color=MARK_COLOR) -> None:
        """A thin vertical line with a short label: a hyper-parameter changed, or the collapse
        alarm fired. Changes at one step share one label, each part in its colour ("lr_D
        1e-3→5e-3 · loss nonsaturating→hinge"): two labels there were drawn over each other. A
        label sits on the side of its line toward the middle of the plot, at the highest of
        LABEL_HEIGHTS that no label near this step uses."""
        shared = self._step_labels.get(step)
        label = None
        if shared is None:
            height = LABEL_HEIGHTS[self._label_slot(step, text)]
            x0, x1 = self.loss_plot.vb.viewRange()[0]
            anchor = (1.0, 0.5) if step > (x0 + x1) / 2 else (0.0, 0.5)  # the text's right or left end
            label = {"position": height, "anchors": [anchor, anchor], "color": color, "fill": (255, 255, 255, 200)}
        for i, plot in enumerate((self.loss_plot, self.health_plot, self.grad_plot)):
            line = pg.InfiniteLine(
                pos=step, angle=90, pen=_pen(color, Qt.PenStyle.SolidLine, self.plot_style.line_width(1)),
                label=text if i == 0 and label else None, labelOpts=label or {})
            plot.addItem(line, ignoreBounds=True)
            cache(line)
            self._markers.append((plot, line))
            if i == 0 and label:
                self._step_labels[step] = (line.label, [(text, color)])
        if shared is not None:
            item, parts = shared
            parts.append((text, color))
            item.setHtml(" · ".join(f"<span style='color: {css_colour(rgb)}'>{escape(t)}</span>" for t, rgb in parts))
            cache(item)

    def _label_slot(self, step: float, text: str) -> int:
        vb = self.loss_plot.vb
        x0, x1 = vb.viewRange()[0]
        steps_per_px = max(x1 - x0, 1e-9) / max(vb.width(), 1.0)
        font = self.plot_style.font(FONT_PT)
        width = (QFontMetrics(font).horizontalAdvance(text) + LABEL_GAP_PX) * steps_per_px
        taken = {slot for s, slot, w in self._labels if abs(s - step) < max(w, width)}
        slot = next((i for i in range(len(LABEL_HEIGHTS)) if i not in taken), len(self._labels) % len(LABEL_HEIGHTS))
        self._labels.append((step, slot, width))
        return slot

    def set_cursor(self, step: float | None) -> None:
        """Mark the step the timeline shows on every plot; None hides the mark (following live)."""
        for line in self.cursors:
            if step is not None:
                line.setValue(step)
            line.setVisible(step is not None)

    def clear(self) -> None:
        for follower, _ in self._groups:
            follower.reset()
        self._drawn_n = 0
        for plot, line in self._markers:
            plot.removeItem(line)
        self._markers.clear()
        self._labels.clear()
        self._step_labels.clear()
        self.redraw()
