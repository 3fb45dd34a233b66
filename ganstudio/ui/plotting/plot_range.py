"""Keep a live plot's axes still between frames.

Measured (ring8, 2 cores): letting pyqtgraph auto-range every redraw re-lays out the axes each
time and cut training in the window from ~250 to ~190 steps/s. Here the x range grows in jumps to
round numbers (``grown_limit``), the y range widens at once when new values leave it and narrows only every few seconds
from a percentile of recent steps, so most redraws move no axis at all. A user who zooms or pans
takes over; the plot's "A" button hands the range back.
"""

from __future__ import annotations

import math
import time

import numpy as np
import pyqtgraph as pg
from PySide6.QtGui import QFontMetrics

RECENT_STEPS = 5000
SHRINK_INTERVAL_S = 3.0
MARGIN = 0.08
GROW_MARGIN = 4  # × MARGIN of headroom when new values leave the range


# Round axis limits: fine enough that a growing curve fills 70-100 % of the width (a jump is at most
# ×1.33), coarse enough that an axis moves ~10 times per tenfold growth, not with every frame.
MANTISSAS = (1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 7.5, 10)
TICK_MANTISSAS = (1, 2, 2.5, 5, 10)  # tick spacings: fewer, rounder than axis limits
TICK_GAP_PX = 12  # between two step labels
HEADROOM = 1.05  # a limit is chosen only once the data pass it, with this much room to grow


def nice_ceiling(x: float, floor: float = 10.0) -> float:
    """The smallest round number (MANTISSAS × 10^k) that is ≥ x (at least ``floor``; ``floor`` for NaN too)."""
    if not x > floor:
        return floor
    k = 10.0 ** math.floor(math.log10(x))
    return next(m * k for m in MANTISSAS if m * k >= x)


def grown_limit(value: float, current: float) -> float:
    """An axis limit that only grows: ``current`` while ``value`` fits, else the next round one."""
    return current if value <= current else nice_ceiling(value * HEADROOM)


class StepTicks:
    """Up to three short labels on a narrow step axis running 0 to a limit, at multiples of a round
    spacing (2.5k 5k 7.5k; 100 200): as many as fit at the axis's font and the plot's width, with a
    gap between them, refitted when the plot is resized or its font changes (``refit``).
    pyqtgraph's own labels ran into each other there ("2000400060008000"), and a fixed guess of
    34 px a label still did in a narrow KL plot ("5001k1.5k", issue 19)."""

    def __init__(self, plot: pg.PlotItem):
        self.plot = plot
        self.x1: float | None = None
        plot.vb.sigResized.connect(self.refit)

    def set_limit(self, x1: float) -> None:
        self.x1 = x1
        self.refit()

    def refit(self, *_) -> None:
        if self.x1 is None:
            return
        axis = self.plot.getAxis("bottom")
        metrics = QFontMetrics(axis.style.get("tickFont") or axis.font())
        (x0, x1), width = self.plot.vb.viewRange()[0], self.plot.vb.width()
        ticks: list[float] = []
        for most in (3, 2, 1):
            ticks = step_ticks(self.x1, most)
            if _labels_fit(ticks, metrics, x0, x1, width):
                break
        axis.setTicks([[(t, compact_step(t)) for t in ticks]])


def _labels_fit(ticks: list[float], metrics: QFontMetrics, x0: float, x1: float, width: float) -> bool:
    """The tick labels, centred on their ticks, lie inside the axis with TICK_GAP_PX between them."""
    if x1 <= x0 or width <= 0:
        return False
    spans = []
    for t in ticks:
        centre = (t - x0) / (x1 - x0) * width
        half = metrics.horizontalAdvance(compact_step(t)) / 2
        spans.append((centre - half, centre + half))
    inside = all(left >= 0 and right <= width for left, right in spans)
    return inside and all(b[0] - a[1] >= TICK_GAP_PX for a, b in zip(spans, spans[1:]))


def step_ticks(x1: float, most: int = 3) -> list[float]:
    """At most ``most`` inner ticks of 0 … ``x1``: multiples of the smallest spacing 1, 2, 2.5 or
    5 × 10^k (whole steps) that is at least x1 / (most + 1), below x1."""
    least = x1 / (most + 1)
    k = 10.0 ** math.floor(math.log10(max(least, 1.0)))
    spacing = next(m * k for m in TICK_MANTISSAS if m * k >= least and (m * k).is_integer())
    return [n * spacing for n in range(1, most + 1) if n * spacing < x1]


def compact_step(step: float) -> str:
    """A step count short enough for a narrow axis: 750, 2.5k, 12k, 1.5M."""
    for size, suffix in ((1e6, "M"), (1e3, "k")):
        if step >= size:
            return f"{step / size:.3g}{suffix}"
    return f"{step:.3g}"


def _finite_bounds(arrays: list[np.ndarray]) -> tuple[float, float] | None:
    values = np.concatenate([a[np.isfinite(a)] for a in arrays]) if arrays else np.empty(0)
    if values.size == 0:
        return None
    return float(values.min()), float(values.max())


class RangeFollower:
    """Sets one plot's range; ``update(x_last, columns, fresh)`` is called once per redraw."""

    def __init__(self, plot: pg.PlotItem, follow_x: bool):
        self.plot = plot
        self.follow_x = follow_x
        self.following = True
        self.x_max = 0.0
        self.y = None  # (lo, hi) currently shown
        self._last_shrink = 0.0
        plot.disableAutoRange()
        plot.vb.sigRangeChangedManually.connect(self._on_user_range)
        plot.autoBtn.clicked.connect(self._on_auto_button)

    def reset(self) -> None:
        """A new run: the axes start over (the old run's range must not stay on an empty plot)."""
        self.x_max, self.y, self.following = 0.0, None, True
        if self.follow_x:
            self.plot.setXRange(0, 1, padding=0)

    def _on_user_range(self, *_) -> None:
        self.following = False

    def _on_auto_button(self) -> None:
        self.plot.disableAutoRange()  # the button turned pyqtgraph's own auto-range on
        self.reset()

    def update(self, x_last: float, recent: list[np.ndarray], fresh: list[np.ndarray]) -> None:
        if not self.following:
            return
        if self.follow_x and x_last > self.x_max:
            self.x_max = grown_limit(x_last, self.x_max)
            self.plot.setXRange(0, self.x_max, padding=0)
        now = time.monotonic()
        shrink = self.y is None or now - self._last_shrink >= SHRINK_INTERVAL_S
        bounds = _finite_bounds(recent if shrink else fresh)
        if bounds is None:
            return
        lo, hi = bounds
        if shrink:
            self._last_shrink = now
            lo, hi = self._robust(recent, lo, hi)
            target = (lo, hi)
        elif self.y[0] <= lo and hi <= self.y[1]:
            return
        else:  # widen with headroom on the side that grew, so a rising curve does not move it every frame
            target = (min(lo, self.y[0]), max(hi, self.y[1]))
        pad = max(target[1] - target[0], 1e-3) * MARGIN
        new = (target[0] - pad * (GROW_MARGIN if not shrink and lo < self.y[0] else 1),
               target[1] + pad * (GROW_MARGIN if not shrink and hi > self.y[1] else 1))
        if self.y is None or abs(new[0] - self.y[0]) + abs(new[1] - self.y[1]) > 0.1 * (new[1] - new[0]):
            self.y = new
            self.plot.setYRange(*new, padding=0)

    @staticmethod
    def _robust(recent: list[np.ndarray], lo: float, hi: float) -> tuple[float, float]:
        """Ignore the rare spike when narrowing: 0.2 to 99.8 percentile of recent steps."""
        values = np.concatenate([a[np.isfinite(a)] for a in recent])
        if values.size < 50:
            return lo, hi
        p_lo, p_hi = np.percentile(values, (0.2, 99.8))
        return float(p_lo), float(p_hi)
