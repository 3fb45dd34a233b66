"""Geometry the 2-D lab view draws, computed without Qt: D's decision contour, G's gradient arrows,
the manifold lines joined into one array, and the "draw your own distribution" brush.

Numpy only, so it is testable without a display and cheap enough to run on every frame (nothing
here loops over cells or points in Python).

Polylines are returned in one "NaN-separated" float32 array of shape (N, 2): consecutive finite
rows are joined by straight lines and a row of NaN ends the current line, so one array holds any
number of lines and the UI draws it with a single path. Every line is followed by its NaN row,
including the last one.

Grid convention (the one of ``lab.heatmap``): values[row, col] is the sample at (x[col], y[row]),
row 0 is the bottom (smallest y) row.
"""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import ArrayLike

Bounds = tuple[float, float, float, float]

ARROW_HEAD_ANGLE = math.radians(25.0)  # angle between a barb and the shaft, at the tip
ARROW_SCALE_PERCENTILE = 95.0  # which |d| is drawn at full ``length`` (see ``arrows``)


def _empty() -> np.ndarray:
    return np.empty((0, 2), dtype=np.float32)


# ------------------------------------------------------------------------------------ contour

# Cell edges as (row0, col0, row1, col1) corner offsets from the cell's bottom-left sample. Each
# runs towards larger x or y, so the two cells sharing an edge interpolate it from the same end
# and compute bit-identical crossing points: the segments join up exactly.
_BOTTOM, _RIGHT, _TOP, _LEFT = range(4)
_EDGES = np.array([[0, 0, 0, 1],   # bottom: bottom-left → bottom-right
                   [0, 1, 1, 1],   # right: bottom-right → top-right
                   [1, 0, 1, 1],   # top: top-left → top-right
                   [0, 0, 1, 0]])  # left: bottom-left → top-left

# Case = 1·bl + 2·br + 4·tr + 8·tl, a bit set where that corner is at or above the level. Each
# case lists up to two segments as pairs of the edges they join. The saddles 5 (bl, tr above) and
# 10 (br, tl above) are ambiguous; the entry under the case is the one for a cell whose centre
# (mean of its corners) is above the level, so the two above corners connect through the middle
# and the segments cut off the two below corners. 16 and 17 are cases 5 and 10 with the centre
# below: the segments cut off the two above corners instead.
_CASE_SEGMENTS = {
    1: [(_LEFT, _BOTTOM)], 2: [(_BOTTOM, _RIGHT)], 3: [(_LEFT, _RIGHT)], 4: [(_RIGHT, _TOP)],
    5: [(_BOTTOM, _RIGHT), (_TOP, _LEFT)], 6: [(_BOTTOM, _TOP)], 7: [(_LEFT, _TOP)],
    8: [(_TOP, _LEFT)], 9: [(_BOTTOM, _TOP)], 10: [(_LEFT, _BOTTOM), (_RIGHT, _TOP)],
    11: [(_RIGHT, _TOP)], 12: [(_LEFT, _RIGHT)], 13: [(_BOTTOM, _RIGHT)], 14: [(_LEFT, _BOTTOM)],
    16: [(_LEFT, _BOTTOM), (_RIGHT, _TOP)], 17: [(_BOTTOM, _RIGHT), (_TOP, _LEFT)],
}
_SADDLE_CENTRE_BELOW = {5: 16, 10: 17}
_SEGMENTS = np.full((18, 2, 2), -1, dtype=np.int64)  # [case, slot, end] → edge, −1: no segment
for _case, _segments in _CASE_SEGMENTS.items():
    _SEGMENTS[_case, : len(_segments)] = _segments


def contour(values: ArrayLike, x: ArrayLike, y: ArrayLike, level: float = 0.5) -> np.ndarray:
    """The iso-line ``values == level`` by marching squares, as NaN-separated segments.

    Returns float32 (3·M, 2): p0, p1, NaN for each of the M segments, one segment per crossing of
    a cell (a saddle cell gives two); (0, 2) where the level is never crossed. Segments are not
    chained into longer lines: the UI draws them all in one path anyway and chaining would need
    a Python loop. The cells are the squares between four neighbouring samples; a crossing is
    placed on a cell edge by linear interpolation between the samples at its ends (a sample
    equal to the level counts as above it). Saddle cells (opposite corners above) are resolved
    by the mean of the four corners, the usual estimate of the value at the cell's centre, so
    the result does not depend on the direction the grid is read in. A cell with a NaN (or
    infinite) corner draws nothing, so masked-out samples leave a gap instead of a wrong line.

    ``values`` is (len(y), len(x)) with values[row, col] at (x[col], y[row]); x and y need not be
    evenly spaced. With the default level 0.5 and ``lab.heatmap``'s probabilities this is D's
    decision boundary.
    """
    v = np.asarray(values, dtype=np.float64)
    x = np.asarray(x, dtype=np.float64).reshape(-1)
    y = np.asarray(y, dtype=np.float64).reshape(-1)
    if v.ndim != 2 or v.shape != (len(y), len(x)):
        raise ValueError(f"values must have shape (len(y), len(x)) = ({len(y)}, {len(x)}), "
                         f"got {v.shape}")
    if v.shape[0] < 2 or v.shape[1] < 2:
        return _empty()
    case = _cell_cases(v, level)
    rows, cols, slots = np.nonzero(_SEGMENTS[case][..., 0] >= 0)
    if not len(rows):
        return _empty()
    edges = _SEGMENTS[case[rows, cols], slots]  # (M, 2): the two edges each segment joins
    out = np.full((len(rows), 3, 2), np.nan)
    out[:, 0] = _crossings(v, x, y, level, rows, cols, edges[:, 0])
    out[:, 1] = _crossings(v, x, y, level, rows, cols, edges[:, 1])
    return out.reshape(-1, 2).astype(np.float32)


def _cell_cases(v: np.ndarray, level: float) -> np.ndarray:
    """Each cell's row in ``_SEGMENTS``: (rows − 1, cols − 1) ints, 0 where a corner is NaN."""
    bl, br, tr, tl = v[:-1, :-1], v[:-1, 1:], v[1:, 1:], v[1:, :-1]
    case = ((bl >= level) * 1 + (br >= level) * 2 + (tr >= level) * 4
            + (tl >= level) * 8).astype(np.int64)
    finite = np.isfinite(bl) & np.isfinite(br) & np.isfinite(tr) & np.isfinite(tl)
    case[~finite] = 0
    saddle = np.nonzero((case == 5) | (case == 10))
    if len(saddle[0]):
        centre = (bl[saddle] + br[saddle] + tr[saddle] + tl[saddle]) / 4.0
        below = ~(centre >= level)
        case[saddle] = np.where(below & (case[saddle] == 5), _SADDLE_CENTRE_BELOW[5],
                                np.where(below, _SADDLE_CENTRE_BELOW[10], case[saddle]))
    return case


def _crossings(v: np.ndarray, x: np.ndarray, y: np.ndarray, level: float, rows: np.ndarray,
               cols: np.ndarray, edges: np.ndarray) -> np.ndarray:
    """(M, 2) points where the level crosses edge ``edges[i]`` of cell (rows[i], cols[i])."""
    offsets = _EDGES[edges]
    r0, c0 = rows + offsets[:, 0], cols + offsets[:, 1]
    r1, c1 = rows + offsets[:, 2], cols + offsets[:, 3]
    a, b = v[r0, c0], v[r1, c1]
    t = (level - a) / (b - a)  # b ≠ a: one end is at or above the level, the other below
    return np.stack([x[c0] + t * (x[c1] - x[c0]), y[r0] + t * (y[r1] - y[r0])], axis=-1)


# ------------------------------------------------------------------------------------ arrows

def arrows(points: ArrayLike, directions: ArrayLike, length: float,
           head: float = 0.3) -> np.ndarray:
    """Arrows from ``points`` along ``directions``, scaled for display, as NaN-separated polylines.

    Gradients span orders of magnitude, so their raw size cannot be drawn. All arrows share one
    scale s = length / L, with L the 95th percentile (linear interpolation) of |d| over the
    arrows that are drawn: the typical large arrow is ``length`` long and relative sizes below
    it stay visible, while a few outliers (fewer than 5 %) cannot shrink the rest to dots —
    they are clipped to ``length`` instead, keeping their direction. So no arrow is longer than
    ``length``. A point whose direction is zero or not finite, or which is itself not finite,
    draws nothing and does not count towards L; ``length`` ≤ 0 draws nothing at all.

    Each drawn arrow is 7 rows: shaft (p, tip, NaN), then the head (left barb, tip, right barb,
    NaN), the barbs ``head`` × the arrow's length long at ±25° to the shaft (left as seen looking
    along the arrow). Returns float32 (7·K, 2) for K drawn arrows, (0, 2) for none.
    """
    p = np.asarray(points, dtype=np.float64).reshape(-1, 2)
    d = np.asarray(directions, dtype=np.float64).reshape(-1, 2)
    if p.shape != d.shape:
        raise ValueError(f"points {p.shape} and directions {d.shape} differ in shape")
    if not math.isfinite(length) or not math.isfinite(head) or head < 0:
        raise ValueError(f"length must be finite and head ≥ 0, got {length}, {head}")
    norm = np.hypot(d[:, 0], d[:, 1])  # hypot: no overflow for huge components
    keep = np.isfinite(norm) & (norm > 0) & np.isfinite(p).all(axis=1)
    if length <= 0 or not keep.any():
        return _empty()
    p, d, norm = p[keep], d[keep], norm[keep]
    unit = d / norm[:, None]
    drawn = np.minimum(norm * _arrow_scale(norm, length), length)
    tip = p + unit * drawn[:, None]
    back = -unit * (head * drawn)[:, None]
    out = np.full((len(p), 7, 2), np.nan)
    out[:, 0], out[:, 1] = p, tip
    out[:, 3], out[:, 4], out[:, 5] = (tip + _rotate(back, -ARROW_HEAD_ANGLE), tip,
                                       tip + _rotate(back, ARROW_HEAD_ANGLE))
    return out.reshape(-1, 2).astype(np.float32)


def _arrow_scale(norm: np.ndarray, length: float) -> float:
    """length / (95th percentile of the finite, positive ``norm``): the shared display scale."""
    reference = float(np.percentile(norm, ARROW_SCALE_PERCENTILE))
    with np.errstate(over="ignore"):  # a subnormal reference: s = inf, every arrow is clipped
        return float(np.float64(length) / reference)


def _rotate(v: np.ndarray, angle: float) -> np.ndarray:
    """(N, 2) vectors turned counter-clockwise by ``angle`` radians."""
    c, s = math.cos(angle), math.sin(angle)
    return np.stack([c * v[:, 0] - s * v[:, 1], s * v[:, 0] + c * v[:, 1]], axis=-1)


def scale_length(bounds: Bounds, fraction: float = 0.06) -> float:
    """``fraction`` of the view's smaller side: the arrow length that reads well at any zoom."""
    xmin, xmax, ymin, ymax = bounds
    return float(fraction * min(abs(xmax - xmin), abs(ymax - ymin)))


# ------------------------------------------------------------------------------------ polylines

def polylines(lines: list[ArrayLike]) -> np.ndarray:
    """Join (M_i, 2) point lists into one NaN-separated float32 (Σ M_i + len(lines), 2) array.

    For G's manifold (``lab.manifold``), so its 2·lines curves go to the UI as a single path.
    Every line, even an empty one, is followed by its NaN row.
    """
    if not lines:
        return _empty()
    parts = []
    for line in lines:
        line = np.asarray(line, dtype=np.float32)
        if line.ndim != 2 or line.shape[1] != 2:
            raise ValueError(f"each line must be (M, 2), got {line.shape}")
        parts.extend((line, np.full((1, 2), np.nan, dtype=np.float32)))
    return np.concatenate(parts)


# ------------------------------------------------------------------------------------ brush

def brush(center: ArrayLike, radius: float, n: int, rng: np.random.Generator) -> np.ndarray:
    """``n`` points uniform in the disc of ``radius`` around ``center``: float32 (n, 2).

    What the "draw your own distribution" brush adds at the mouse. Uniform over the area, not
    over the radius (r = R·√u), so a dab is evenly filled instead of piled up in the middle.
    Draws exactly 2·n numbers from ``rng``, so the same seed gives the same points.
    """
    centre = _point(center)
    if not radius >= 0 or n < 0:
        raise ValueError(f"radius must be ≥ 0 and n ≥ 0, got {radius}, {n}")
    return (centre + _disc(rng.random((int(n), 2)), radius)).astype(np.float32)


def stroke(p0: ArrayLike, p1: ArrayLike, radius: float, density: float,
           rng: np.random.Generator) -> np.ndarray:
    """Points uniform over the capsule swept by the brush from ``p0`` to ``p1``: float32 (n, 2).

    Mouse-move events arrive at a fixed rate, so a fast drag makes long jumps; filling the whole
    capsule (every point within ``radius`` of the segment) leaves no gaps. n = max(1,
    round(density · (|p1 − p0| / radius + 1))) (Python's round, halves to even): ``density``
    points per radius travelled, and for p0 = p1 exactly round(density) (at least 1) points in
    the disc — a click is a ``brush`` dab of that many points. The capsule is split into the
    rectangle along the segment and the two half discs at its ends (one disc in all), each point
    landing in one with probability proportional to area. Draws 3·n numbers from ``rng``.
    """
    a, b = _point(p0), _point(p1)
    if not (radius > 0 and math.isfinite(radius)) or not density >= 0:
        raise ValueError(f"radius must be finite and > 0, density ≥ 0, got {radius}, {density}")
    span = b - a
    travel = float(np.hypot(span[0], span[1]))
    n = max(1, round(density * (travel / radius + 1.0)))
    u = rng.random((n, 3))
    rect_area = 2.0 * radius * travel
    in_rect = u[:, 0] * (rect_area + math.pi * radius * radius) < rect_area
    along = span / travel if travel > 0 else np.array([1.0, 0.0])
    across = np.array([-along[1], along[0]])
    out = np.empty((n, 2))
    # rectangle: u₁ along the segment, u₂ across it
    t, w = u[in_rect, 1], (2.0 * u[in_rect, 2] - 1.0) * radius
    out[in_rect] = a + t[:, None] * span + w[:, None] * across
    # disc: its forward half sits on p1, its back half on p0
    offset = _disc(u[~in_rect, 1:], radius)
    forward = offset @ along >= 0
    out[~in_rect] = np.where(forward[:, None], b, a) + offset
    return out.astype(np.float32)


def _disc(u: np.ndarray, radius: float) -> np.ndarray:
    """Map (n, 2) uniforms in [0, 1) to points uniform in the disc of ``radius`` at the origin."""
    r = radius * np.sqrt(u[:, 0])
    angle = 2.0 * math.pi * u[:, 1]
    return np.stack([r * np.cos(angle), r * np.sin(angle)], axis=-1)


def _point(p: ArrayLike) -> np.ndarray:
    point = np.asarray(p, dtype=np.float64).reshape(-1)
    if point.shape != (2,) or not np.isfinite(point).all():
        raise ValueError(f"a point must be 2 finite numbers, got {p!r}")
    return point
