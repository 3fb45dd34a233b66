"""Every training step's numbers, in preallocated numpy arrays that grow ×2 when full.

Appending a frame costs a few slice copies whatever the run's length, and the plots read views
(``column(name)``) without copying, so the GUI thread's work per frame does not grow with history.
A column that a plot asks about also gets a MinMaxPyramid for its envelope, made on the first request
and brought up to date only when a redraw asks (5 times a second), not on every frame (20).
"""

from __future__ import annotations

import math

import numpy as np

from ganstudio.engine.train.step_stats import STAT_FIELDS
from ganstudio.ui.plotting.envelope import MinMaxPyramid

SMOOTHED = ("loss_d", "loss_g")  # columns that also keep an exponential moving average
EMA_ALPHA = 0.02


def _dtype(name: str) -> type:
    """float32 halves the memory of a million-step run (11 columns: 92 → 50 MB); the step number
    stays float64 so it is exact far beyond float32's 16.7 million."""
    return np.float64 if name == "step" else np.float32


class History:
    def __init__(self, capacity: int = 4096):
        self._capacity = capacity
        self.clear()

    def clear(self) -> None:
        self.n = 0
        self._data = {name: np.empty(self._capacity, dtype=_dtype(name)) for name in STAT_FIELDS}
        for name in SMOOTHED:
            self._data[name + "_ema"] = np.empty(self._capacity, dtype=np.float32)
        self._ema_last = {name: math.nan for name in SMOOTHED}
        self._pyramids: dict[str, tuple[MinMaxPyramid, int]] = {}  # column → (pyramid, rows it has seen)

    def __len__(self) -> int:
        return self.n

    def column(self, name: str) -> np.ndarray:
        """A view of the first ``n`` values; valid until the next append."""
        return self._data[name][: self.n]

    def pyramid(self, name: str) -> MinMaxPyramid:
        """Block minima and maxima of a column, up to date with its last row."""
        pyramid, seen = self._pyramids.get(name) or (MinMaxPyramid(), 0)
        if seen != self.n:
            pyramid.update(self.column(name))
        self._pyramids[name] = (pyramid, self.n)
        return pyramid

    def last(self, name: str) -> float:
        return float(self._data[name][self.n - 1]) if self.n else math.nan

    def append(self, rows: dict) -> None:
        """Rows of steps: one array per STAT_FIELDS name (a worker Frame's ``rows``, or a run's metrics)."""
        k = len(rows["step"])
        if not k:
            return
        if self.n + k > len(self._data["step"]):
            size = len(self._data["step"])
            while size < self.n + k:
                size *= 2
            for name, arr in self._data.items():
                grown = np.empty(size, dtype=arr.dtype)
                grown[: self.n] = arr[: self.n]
                self._data[name] = grown
        lo, hi = self.n, self.n + k
        for name in STAT_FIELDS:
            self._data[name][lo:hi] = rows[name]
        for name in SMOOTHED:
            self._ema_into(name, rows[name], self._data[name + "_ema"][lo:hi])
        self.n = hi

    def _ema_into(self, name: str, values: np.ndarray, out: np.ndarray) -> None:
        """EMA that skips NaN (a D-only step has no loss_g). Loops over the new values only: a
        frame holds tens of steps, so this stays microseconds per frame."""
        ema = self._ema_last[name]
        a = EMA_ALPHA
        for i, v in enumerate(values.tolist()):
            if v == v and not math.isinf(v):
                ema = v if ema != ema else ema + a * (v - ema)
            out[i] = ema
        self._ema_last[name] = ema
