"""A min/max envelope of a growing column: a million steps drawn as a few thousand points.

A plot W pixels wide cannot show more than the lowest and the highest value of each pixel column.
``MinMaxPyramid`` keeps, as a column grows, the min and max of every block of 64 values and of every
block of 64×64, touching only the blocks that new values fall in. ``envelope()`` clips to the
visible x range and reads the coarsest level that still has a block per pixel, so one redraw reads
at most about 64·W numbers per curve whether the run has two thousand steps or ten million.
NaN (a D-only step has no G loss) is skipped by the envelope and breaks the line at full resolution.
"""

from __future__ import annotations

import math

import numpy as np

BLOCK = 64
LEVELS = 2


def _blocks(lo: np.ndarray, hi: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """Min of ``lo`` and max of ``hi`` over consecutive groups of ``k`` (the last one may be short)."""
    pad = -len(lo) % k
    if pad:
        lo = np.concatenate([lo, np.full(pad, np.nan)])
        hi = np.concatenate([hi, np.full(pad, np.nan)])
    return np.fmin.reduce(lo.reshape(-1, k), axis=1), np.fmax.reduce(hi.reshape(-1, k), axis=1)


class MinMaxPyramid:
    """Block minima and maxima of one column, at block sizes 64 and 4096."""

    def __init__(self):
        self.clear()

    def clear(self) -> None:
        self._lo = [np.empty(256) for _ in range(LEVELS)]
        self._hi = [np.empty(256) for _ in range(LEVELS)]
        self.count = [0] * LEVELS  # blocks per level, the last one possibly partial

    def level(self, index: int) -> tuple[np.ndarray, np.ndarray]:
        n = self.count[index]
        return self._lo[index][:n], self._hi[index][:n]

    def update(self, column: np.ndarray) -> None:
        """Bring the levels up to ``column`` (the whole column, of which only the tail is new)."""
        src_lo = src_hi = column
        for i in range(LEVELS):
            n = len(src_lo)
            first = max(0, self.count[i] - 1)  # the last block may have been partial: redo it
            lo, hi = _blocks(src_lo[first * BLOCK:], src_hi[first * BLOCK:], BLOCK)
            end = first + len(lo)
            if end > len(self._lo[i]):
                size = max(end, 2 * len(self._lo[i]))
                for arrays in (self._lo, self._hi):
                    grown = np.empty(size)
                    grown[: self.count[i]] = arrays[i][: self.count[i]]
                    arrays[i] = grown
            self._lo[i][first:end] = lo
            self._hi[i][first:end] = hi
            self.count[i] = end if n else 0
            src_lo, src_hi = self.level(i)


def envelope(x: np.ndarray, y: np.ndarray, pyramid: MinMaxPyramid | None, x_range: tuple[float, float],
             width_px: float) -> tuple[np.ndarray, np.ndarray]:
    """Points to draw for ``y`` over ``x`` (increasing) in ``x_range`` on ``width_px`` pixels.

    With at most two points per pixel the visible points come back as they are (plus one on each
    side, so the line runs to the edge). Otherwise each pixel column becomes two points, its
    minimum and its maximum, so a one-step spike still shows.
    """
    n = len(x)
    if n == 0:
        return np.empty(0), np.empty(0)
    width = max(1, int(width_px))
    i0 = max(0, int(np.searchsorted(x, x_range[0], "left")) - 1)
    i1 = min(n, int(np.searchsorted(x, x_range[1], "right")) + 1)
    count = i1 - i0
    if count <= 2 * width:
        return x[i0:i1].copy(), y[i0:i1].copy()
    per_px = count / width
    block, lo, hi = 1, y, y
    for i in range(LEVELS):
        if pyramid is None or block * BLOCK > per_px:
            break
        block *= BLOCK
        lo, hi = pyramid.level(i)
    j0, j1 = i0 // block, -(-i1 // block)
    k = max(1, math.ceil(per_px / block))  # units of this level per pixel column (≤ width columns)
    col_lo, col_hi = _blocks(lo[j0:j1], hi[j0:j1], k)
    starts = np.minimum((j0 + np.arange(len(col_lo)) * k) * block, n - 1)
    xs = np.repeat(x[starts], 2)
    ys = np.empty(2 * len(col_lo))
    ys[0::2] = col_lo
    ys[1::2] = col_hi
    return xs, ys
