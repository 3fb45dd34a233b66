"""The three live training plots: losses, D's outputs, gradient norms.

Items are made once; a redraw is one ``setData`` per curve on views of the History arrays.
pyqtgraph's peak downsampling and clip-to-view keep a redraw's cost bounded by the screen's width,
not by the run's length.
"""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QCheckBox, QVBoxLayout, QWidget

from ganstudio.engine import losses
from ganstudio.ui.history import History
from ganstudio.ui.plot_range import RECENT_STEPS, RangeFollower

D_COLOR = (40, 110, 210)
G_COLOR = (230, 110, 30)
REF_COLOR = (120, 120, 120)
MARK_COLOR = (150, 60, 170)
PEN_WIDTH = 2
FONT_PT = 11


def _pen(rgb, style=Qt.PenStyle.SolidLine, width=PEN_WIDTH):
    return pg.mkPen(rgb, width=width, style=style)


class TrainingPlots(QWidget):
    def __init__(self, history: History, parent: QWidget | None = None):
        super().__init__(parent)
        self.history = history
        self.smooth = QCheckBox(self.tr("Smooth losses (moving average)"))
        self.smooth.setToolTip(self.tr("Draw an exponential moving average of the losses so the trend "
                                       "shows through the step-to-step noise."))
        self.smooth.toggled.connect(self._on_smooth_toggled)

        self.canvas = pg.GraphicsLayoutWidget()
        self.canvas.setBackground("w")
        self.loss_plot = self._add_plot(0, self.tr("Loss"))
        self.health_plot = self._add_plot(1, self.tr("D(x) and D(G(z))"))
        self.grad_plot = self._add_plot(2, self.tr("Gradient norm"))
        self.grad_plot.setLabel("bottom", self.tr("step"))
        for plot in (self.health_plot, self.grad_plot):
            plot.setXLink(self.loss_plot)

        self.curves = {
            "loss_d": self.loss_plot.plot(pen=_pen(D_COLOR), name=self.tr("D loss")),
            "loss_g": self.loss_plot.plot(pen=_pen(G_COLOR), name=self.tr("G loss")),
            "d_real": self.health_plot.plot(pen=_pen(D_COLOR), name=self.tr("D(x) on real")),
            "d_fake": self.health_plot.plot(pen=_pen(G_COLOR), name=self.tr("D(G(z)) on fake")),
            "grad_norm_d": self.grad_plot.plot(pen=_pen(D_COLOR), name=self.tr("‖∇D‖")),
            "grad_norm_g": self.grad_plot.plot(pen=_pen(G_COLOR), name=self.tr("‖∇G‖")),
        }
        dash = Qt.PenStyle.DashLine
        self.ref_d = pg.InfiniteLine(angle=0, pen=_pen(D_COLOR, dash, 1.5))
        self.ref_g = pg.InfiniteLine(angle=0, pen=_pen(G_COLOR, dash, 1.5))
        self.ref_half = pg.InfiniteLine(pos=0.5, angle=0, pen=_pen(REF_COLOR, dash, 1.5))
        self.loss_plot.addItem(self.ref_d, ignoreBounds=True)
        self.loss_plot.addItem(self.ref_g, ignoreBounds=True)
        self.health_plot.addItem(self.ref_half, ignoreBounds=True)
        self._markers: list[tuple[pg.PlotItem, pg.InfiniteLine]] = []
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

    def _add_plot(self, row: int, title: str) -> pg.PlotItem:
        plot = self.canvas.addPlot(row=row, col=0)
        plot.setTitle(title, size=f"{FONT_PT + 2}pt", color="k")
        plot.setDownsampling(auto=True, mode="peak")
        plot.setClipToView(True)
        font = QFont()
        font.setPointSize(FONT_PT)
        for axis in ("left", "bottom"):
            plot.getAxis(axis).setTickFont(font)
            plot.getAxis(axis).setTextPen("k")
        legend = plot.addLegend(offset=(-10, 10), labelTextSize=f"{FONT_PT}pt", labelTextColor="k",
                                brush=(255, 255, 255, 230))
        legend.setParentItem(plot.vb)
        plot.getAxis("left").setWidth(56)
        return plot

    def _on_smooth_toggled(self) -> None:
        self._groups[0][0].y = None  # the smoothed curve has its own range
        self.redraw()

    def set_loss_kind(self, kind: str) -> None:
        """Reference lines only mean something for the BCE losses: equilibrium values and D = ½."""
        equilibrium = losses.EQUILIBRIUM.get(kind)
        self.ref_d.setVisible(equilibrium is not None)
        self.ref_g.setVisible(equilibrium is not None)
        if equilibrium is not None:
            self.ref_d.setValue(equilibrium[0])
            self.ref_g.setValue(equilibrium[1])
        self.ref_half.setVisible(losses.outputs_are_probabilities(kind))

    def redraw(self) -> None:
        h = self.history
        step = h.column("step")
        smooth = self.smooth.isChecked()
        keys = {name: name + "_ema" if smooth and name in ("loss_d", "loss_g") else name for name in self.curves}
        for name, curve in self.curves.items():
            curve.setData(step, h.column(keys[name]), connect="finite")
        if h.n:
            start = max(0, h.n - RECENT_STEPS)
            fresh_from = min(self._drawn_n, h.n - 1)
            for follower, names in self._groups:
                columns = [h.column(keys[n]) for n in names]
                follower.update(float(step[-1]), [c[start:] for c in columns], [c[fresh_from:] for c in columns])
        self._drawn_n = h.n

    def add_marker(self, step: int, text: str) -> None:
        """A thin vertical line with a short label where a hyper-parameter changed."""
        for i, plot in enumerate((self.loss_plot, self.health_plot, self.grad_plot)):
            line = pg.InfiniteLine(
                pos=step, angle=90, pen=_pen(MARK_COLOR, Qt.PenStyle.SolidLine, 1),
                label=text if i == 0 else None,
                labelOpts={"position": 0.92, "color": MARK_COLOR, "fill": (255, 255, 255, 200)})
            plot.addItem(line, ignoreBounds=True)
            self._markers.append((plot, line))

    def clear(self) -> None:
        for follower, _ in self._groups:
            follower.reset()
        self._drawn_n = 0
        for plot, line in self._markers:
            plot.removeItem(line)
        self._markers.clear()
        self.redraw()
