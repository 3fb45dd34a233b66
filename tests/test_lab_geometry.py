"""Geometry for the 2-D lab view: marching-squares contour, scaled gradient arrows, joined
manifold polylines and the drawing brush, all as NaN-separated float32 polylines."""

import math

import numpy as np
import pytest

from ganstudio.engine.lab import geometry as geo
from ganstudio.engine.lab.fields import cell_centres


def segments(out):
    """(M, 2, 2) segment endpoints from contour's p0, p1, NaN layout (checking the layout)."""
    assert out.dtype == np.float32 and out.ndim == 2 and out.shape[1] == 2
    assert len(out) % 3 == 0
    triples = out.reshape(-1, 3, 2)
    assert np.isnan(triples[:, 2]).all()
    assert np.isfinite(triples[:, :2]).all()
    return triples[:, :2]


def arrow_parts(out):
    """(K, 7, 2) from arrows' layout, checking where the NaN rows are."""
    assert out.dtype == np.float32 and len(out) % 7 == 0
    parts = out.reshape(-1, 7, 2).astype(np.float64)
    assert np.isnan(parts[:, [2, 6]]).all()
    assert np.isfinite(parts[:, [0, 1, 3, 4, 5]]).all()
    return parts


# ------------------------------------------------------------------------------------ contour

def grid(n=64, bound=2.0):
    return cell_centres((-bound, bound, -bound, bound), n)


def test_contour_of_a_radial_function_is_a_closed_circle():
    x, y = grid()
    values = np.hypot(x[None, :].astype(np.float64), y[:, None])
    for r in (0.5, 1.0, 1.7):
        seg = segments(geo.contour(values, x, y, level=r))
        pts = seg.reshape(-1, 2).astype(np.float64)
        assert np.abs(np.hypot(pts[:, 0], pts[:, 1]) - r).max() < 1e-2
        angles = np.arctan2(pts[:, 1], pts[:, 0])
        assert (np.histogram(angles, bins=36, range=(-math.pi, math.pi))[0] > 0).all()
        # closed: neighbouring cells compute their shared crossing identically, so every
        # endpoint is used by exactly two segments
        _, counts = np.unique(pts, axis=0, return_counts=True)
        assert (counts == 2).all()


def test_contour_of_a_linear_ramp_is_a_straight_line_in_the_right_place():
    x = np.linspace(-1.0, 1.0, 21)
    y = np.linspace(0.0, 3.0, 31)
    along_x = np.broadcast_to(x[None, :], (len(y), len(x)))  # values[row, col] = x[col]
    seg = segments(geo.contour(along_x, x, y, level=0.33))
    assert len(seg) == len(y) - 1
    np.testing.assert_allclose(seg[..., 0], 0.33, atol=1e-6)
    assert seg[..., 1].min() == pytest.approx(y[0]) and seg[..., 1].max() == pytest.approx(y[-1])

    along_y = np.broadcast_to(y[:, None], (len(y), len(x)))  # row 0 is the bottom (smallest y)
    seg = segments(geo.contour(along_y, x, y, level=1.234))
    assert len(seg) == len(x) - 1
    np.testing.assert_allclose(seg[..., 1], 1.234, atol=1e-6)


def test_contour_uneven_spacing_interpolates_in_world_coordinates():
    x = np.array([0.0, 1.0, 10.0])
    y = np.array([0.0, 1.0])
    values = np.broadcast_to(np.array([0.0, 1.0, 2.0]), (2, 3))
    seg = segments(geo.contour(values, x, y, level=1.5))
    np.testing.assert_allclose(seg[..., 0], 5.5)


@pytest.mark.parametrize("value", [0.0, 0.5, 1.0])
def test_contour_of_a_constant_field_is_empty(value):
    x, y = grid(16)
    out = geo.contour(np.full((16, 16), value), x, y, level=0.5)
    assert out.shape == (0, 2) and out.dtype == np.float32


def corner_nearest(seg, corners):
    """Index of the corner each segment's midpoint is nearest to."""
    mid = seg.mean(axis=1)
    return sorted(int(np.argmin(np.hypot(*(corners - m).T))) for m in mid)


# corners in order bl, br, tr, tl for x = y = [0, 1]
CORNERS = np.array([[0.0, 0.0], [1.0, 0.0], [1.0, 1.0], [0.0, 1.0]])


@pytest.mark.parametrize("values, level, cut_off", [
    ([[1.0, 0.0], [0.0, 1.0]], 0.4, [1, 3]),  # case 5 (bl, tr above), centre 0.5 above: cut br, tl
    ([[1.0, 0.0], [0.0, 1.0]], 0.6, [0, 2]),  # case 5, centre below: cut bl, tr
    ([[0.0, 1.0], [1.0, 0.0]], 0.4, [0, 2]),  # case 10 (br, tl above), centre above: cut bl, tr
    ([[0.0, 1.0], [1.0, 0.0]], 0.6, [1, 3]),  # case 10, centre below: cut br, tl
])
def test_contour_saddle_is_resolved_by_the_cell_centre(values, level, cut_off):
    xy = np.array([0.0, 1.0])
    seg = segments(geo.contour(values, xy, xy, level=level))
    assert len(seg) == 2
    assert corner_nearest(seg, CORNERS) == cut_off


def test_contour_single_corner_cases():
    xy = np.array([0.0, 1.0])
    for corner, (row, col) in enumerate([(0, 0), (0, 1), (1, 1), (1, 0)]):
        values = np.zeros((2, 2))
        values[row, col] = 1.0
        for level, expected in ((0.25, corner), (0.75, corner)):
            seg = segments(geo.contour(values, xy, xy, level=level))
            assert len(seg) == 1
            assert corner_nearest(seg, CORNERS) == [expected]
        # and the complement: only that corner below
        seg = segments(geo.contour(1.0 - values, xy, xy, level=0.5))
        assert corner_nearest(seg, CORNERS) == [corner]


def test_contour_skips_cells_with_a_nan_corner():
    xy = np.array([0.0, 1.0])
    assert geo.contour([[np.nan, 0.0], [0.0, 1.0]], xy, xy).shape == (0, 2)
    x, y = grid(16)
    values = np.broadcast_to(x[None, :], (16, 16)).astype(np.float64).copy()
    full = segments(geo.contour(values, x, y, level=0.0))
    values[5, 7] = np.nan  # column 7 is just left of the line: the two cells beside it are lost
    values[9, 3] = np.inf  # far from the line: costs nothing
    holed = segments(geo.contour(values, x, y, level=0.0))
    assert len(holed) == len(full) - 2
    assert np.isfinite(holed).all()


def test_contour_rejects_mismatched_axes_and_handles_tiny_grids():
    x, y = grid(8)
    with pytest.raises(ValueError):
        geo.contour(np.zeros((8, 7)), x, y)
    assert geo.contour(np.zeros((1, 1)), [0.0], [0.0]).shape == (0, 2)


def test_contour_on_a_fine_grid_follows_the_level():
    """A 128 x 128 grid, as a large heatmap: every end point lies where the smooth field is 0.5
    (to the grid's interpolation error) and inside the grid. Its time is in benchmarks/bench_lab.py."""
    x, y = grid(128)
    xx, yy = np.meshgrid(x, y)

    def field(px, py):
        return 1.0 / (1.0 + np.exp(-(np.sin(3 * px) * np.cos(2 * py) + 0.3 * px)))

    ends = segments(geo.contour(field(xx, yy), x, y)).reshape(-1, 2).astype(np.float64)
    assert len(ends) > 200
    assert np.abs(field(ends[:, 0], ends[:, 1]) - 0.5).max() < 0.01
    assert (ends >= [x[0], y[0]]).all() and (ends <= [x[-1], y[-1]]).all()


# ------------------------------------------------------------------------------------ arrows

def test_arrows_keep_direction_and_sign():
    rng = np.random.default_rng(0)
    p = rng.normal(size=(50, 2))
    d = rng.normal(size=(50, 2)) * rng.lognormal(size=(50, 1))
    parts = arrow_parts(geo.arrows(p, d, 0.2))
    assert len(parts) == 50
    np.testing.assert_allclose(parts[:, 0], p, atol=1e-6)
    shaft = parts[:, 1] - parts[:, 0]
    cross = shaft[:, 0] * d[:, 1] - shaft[:, 1] * d[:, 0]
    np.testing.assert_allclose(cross / np.hypot(*d.T), 0.0, atol=1e-5)
    assert (np.einsum("ij,ij->i", shaft, d) > 0).all()
    assert (np.hypot(*shaft.T) <= 0.2 + 1e-6).all()


def test_arrow_scale_is_the_95th_percentile():
    norms = np.arange(1.0, 101.0)  # p95 (linear) = 95.05
    angles = np.linspace(0, 2 * math.pi, 100, endpoint=False)
    d = norms[:, None] * np.stack([np.cos(angles), np.sin(angles)], -1)
    p = np.zeros_like(d)
    parts = arrow_parts(geo.arrows(p, d, 1.0))
    drawn = np.hypot(*(parts[:, 1] - parts[:, 0]).T)
    reference = np.percentile(norms, 95)
    expected = np.minimum(norms / reference, 1.0)
    np.testing.assert_allclose(drawn, expected, rtol=1e-5)
    assert (norms > reference).sum() == 5  # the top 5 % are clipped to length, not longer
    np.testing.assert_allclose(drawn[norms > reference], 1.0, rtol=1e-6)
    assert drawn.max() <= 1.0 + 1e-6


def test_one_outlier_does_not_shrink_the_others():
    d = np.tile([[1.0, 0.0]], (100, 1))
    d[17] = [0.0, 1e6]
    parts = arrow_parts(geo.arrows(np.zeros((100, 2)), d, 0.5))
    drawn = np.hypot(*(parts[:, 1] - parts[:, 0]).T)
    np.testing.assert_allclose(drawn, 0.5, rtol=1e-6)
    np.testing.assert_allclose(parts[17, 1], [0.0, 0.5], atol=1e-6)  # clipped, direction kept


def test_arrows_skip_zero_and_non_finite_directions():
    p = np.arange(12.0).reshape(6, 2)
    d = np.array([[1.0, 0.0], [0.0, 0.0], [np.nan, 1.0], [0.0, 2.0], [np.inf, 0.0], [3.0, 3.0]])
    parts = arrow_parts(geo.arrows(p, d, 1.0))
    np.testing.assert_allclose(parts[:, 0], p[[0, 3, 5]])
    # the skipped ones do not count towards the scale either
    alone = arrow_parts(geo.arrows(p[[0, 3, 5]], d[[0, 3, 5]], 1.0))
    np.testing.assert_array_equal(parts, alone)


@pytest.mark.parametrize("d", [np.zeros((5, 2)), np.full((3, 2), np.nan), np.zeros((0, 2))])
def test_arrows_with_nothing_to_draw_are_empty(d):
    out = geo.arrows(np.zeros_like(d), d, 1.0)
    assert out.shape == (0, 2) and out.dtype == np.float32


def test_arrow_head_barbs():
    parts = arrow_parts(geo.arrows([[1.0, 1.0]], [[2.0, 0.0]], 0.5, head=0.3))
    (p, tip, _, left, tip2, right, _), = parts
    np.testing.assert_allclose(tip, [1.5, 1.0], atol=1e-6)
    np.testing.assert_allclose(tip2, tip)
    barb = 0.3 * 0.5
    c, s = math.cos(math.radians(25)), math.sin(math.radians(25))
    np.testing.assert_allclose(left, tip + barb * np.array([-c, s]), atol=1e-6)  # left of travel
    np.testing.assert_allclose(right, tip + barb * np.array([-c, -s]), atol=1e-6)


def test_arrow_length_follows_the_view():
    assert geo.scale_length((-2.0, 2.0, -1.0, 1.0)) == pytest.approx(0.12)
    assert geo.scale_length((0.0, 10.0, 0.0, 50.0), fraction=0.1) == pytest.approx(1.0)


# ------------------------------------------------------------------------------------ polylines

def test_polylines_join_with_nan_rows():
    lines = [np.ones((3, 2)), np.zeros((0, 2)), np.arange(4.0).reshape(2, 2)]
    out = geo.polylines(lines)
    assert out.dtype == np.float32 and out.shape == (3 + 0 + 2 + 3, 2)
    assert np.isnan(out[[3, 4, 7]]).all()
    np.testing.assert_array_equal(out[:3], 1.0)
    np.testing.assert_array_equal(out[5:7], lines[2])
    assert geo.polylines([]).shape == (0, 2)
    with pytest.raises(ValueError):
        geo.polylines([np.zeros((3, 3))])


# ------------------------------------------------------------------------------------ brush

def test_brush_points_are_uniform_in_the_disc():
    centre, radius = np.array([0.5, -1.0]), 0.2
    pts = geo.brush(centre, radius, 20000, np.random.default_rng(1))
    assert pts.shape == (20000, 2) and pts.dtype == np.float32
    r2 = ((pts - centre) ** 2).sum(axis=1)
    assert r2.max() <= radius ** 2 * (1 + 1e-5)
    assert r2.mean() == pytest.approx(radius ** 2 / 2, rel=0.03)  # uniform by area
    np.testing.assert_allclose(pts.mean(axis=0), centre, atol=0.01)
    assert geo.brush(centre, radius, 0, np.random.default_rng(1)).shape == (0, 2)


def test_brush_and_stroke_are_reproducible():
    a = geo.brush((0, 0), 1.0, 30, np.random.default_rng(7))
    b = geo.brush((0, 0), 1.0, 30, np.random.default_rng(7))
    c = geo.brush((0, 0), 1.0, 30, np.random.default_rng(8))
    np.testing.assert_array_equal(a, b)
    assert not np.array_equal(a, c)
    s1 = geo.stroke((0, 0), (3, 1), 0.5, 4.0, np.random.default_rng(7))
    s2 = geo.stroke((0, 0), (3, 1), 0.5, 4.0, np.random.default_rng(7))
    np.testing.assert_array_equal(s1, s2)


@pytest.mark.parametrize("p1, radius, density", [
    ((0.0, 0.0), 0.1, 5.0), ((1.0, 0.0), 0.1, 5.0), ((0.3, -0.4), 0.25, 2.6),
    ((5.0, 5.0), 1.0, 0.0), ((0.001, 0.0), 1.0, 0.2),
])
def test_stroke_count_rule(p1, radius, density):
    pts = geo.stroke((0.0, 0.0), p1, radius, density, np.random.default_rng(0))
    expected = max(1, round(density * (math.hypot(*p1) / radius + 1)))
    assert pts.shape == (expected, 2) and pts.dtype == np.float32


def distance_to_segment(pts, a, b):
    ab = b - a
    t = np.clip(((pts - a) @ ab) / max(ab @ ab, 1e-300), 0.0, 1.0)
    return np.hypot(*(pts - (a + t[:, None] * ab)).T)


def test_stroke_fills_the_capsule_uniformly():
    a, b, radius = np.array([-1.0, 0.5]), np.array([2.0, 2.5]), 0.3
    pts = geo.stroke(a, b, radius, 3000.0, np.random.default_rng(2)).astype(np.float64)
    assert (distance_to_segment(pts, a, b) <= radius * (1 + 1e-5)).all()
    # the share in the rectangle part matches its share of the area
    length = np.hypot(*(b - a))
    t = ((pts - a) @ (b - a)) / length ** 2
    rect = 2 * radius * length
    share = rect / (rect + math.pi * radius ** 2)
    assert ((t >= 0) & (t <= 1)).mean() == pytest.approx(share, abs=0.01)
    # no gaps along a fast drag: every stretch of radius/2 along the segment has points
    along = np.clip(t, 0, 1) * length
    bins = np.histogram(along, bins=int(length / (radius / 2)), range=(0, length))[0]
    assert (bins > 0).all()
    # uniform across the shaft: as many on each side of the segment
    side = np.sign((pts - a) @ np.array([-(b - a)[1], (b - a)[0]]))
    assert abs(side.mean()) < 0.05


def test_stroke_of_zero_length_is_a_brush_dab():
    pts = geo.stroke((1.0, 1.0), (1.0, 1.0), 0.5, 2000.0, np.random.default_rng(3))
    assert len(pts) == 2000
    r2 = ((pts - 1.0) ** 2).sum(axis=1)
    assert r2.max() <= 0.25 * (1 + 1e-5)
    assert r2.mean() == pytest.approx(0.125, rel=0.05)


def test_brush_rejects_bad_input():
    rng = np.random.default_rng(0)
    with pytest.raises(ValueError):
        geo.brush((0.0, 0.0), -1.0, 3, rng)
    with pytest.raises(ValueError):
        geo.brush((0.0, np.nan), 1.0, 3, rng)
    with pytest.raises(ValueError):
        geo.stroke((0.0, 0.0), (1.0, 0.0), 0.0, 3.0, rng)
