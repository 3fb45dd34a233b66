"""The plots' min/max envelope: what it keeps, and that growing it piece by piece changes nothing."""

import numpy as np
import pytest

from ganstudio.ui.plotting.envelope import BLOCK, MinMaxPyramid, envelope


def _brute_force_columns(x, y, x_range, width):
    """Min and max of y per group of steps, computed the slow way from the raw values."""
    keep = (x >= x_range[0]) & (x <= x_range[1])
    return np.nanmin(y[keep]), np.nanmax(y[keep])


@pytest.mark.parametrize("chunks", [[1_000_000], [7, 64, 1, 4095, 200_000, 795_833]])
def test_pyramid_grown_in_chunks_equals_one_pass(chunks):
    rng = np.random.default_rng(0)
    y = rng.normal(size=sum(chunks))
    y[rng.integers(0, len(y), 500)] = np.nan  # D-only steps have no G loss
    grown, n = MinMaxPyramid(), 0
    for c in chunks:
        n += c
        grown.update(y[:n])
    whole = MinMaxPyramid()
    whole.update(y)
    for level in range(2):
        for a, b in zip(grown.level(level), whole.level(level)):
            np.testing.assert_array_equal(a, b)
    lo, hi = whole.level(0)
    assert len(lo) == -(-len(y) // BLOCK)
    assert lo[3] == np.nanmin(y[3 * BLOCK:4 * BLOCK]) and hi[3] == np.nanmax(y[3 * BLOCK:4 * BLOCK])


def test_few_points_come_back_unchanged():
    x = np.arange(1, 301, dtype=float)
    y = np.sin(x)
    xs, ys = envelope(x, y, None, (50, 100), 800)
    assert xs[0] == 49 and xs[-1] == 101  # one point beyond each edge so the line reaches it
    np.testing.assert_array_equal(ys, y[48:101])


@pytest.mark.parametrize("n", [5_000, 300_000, 2_000_000])
def test_envelope_keeps_every_spike_and_stays_small(n):
    rng = np.random.default_rng(1)
    x = np.arange(1, n + 1, dtype=float)
    y = rng.normal(size=n)
    spikes = rng.choice(n, 5, replace=False)
    y[spikes] = 100.0 + np.arange(5)  # one-step spikes must survive decimation
    y[7] = -50.0
    pyramid = MinMaxPyramid()
    pyramid.update(y)
    width = 600
    xs, ys = envelope(x, y, pyramid, (1, n), width)
    assert len(xs) <= 2 * width + 4
    assert np.all(np.diff(xs) >= 0)
    for s in spikes:
        assert y[s] in ys
    assert -50.0 in ys
    lo, hi = _brute_force_columns(x, y, (1, n), width)
    assert np.nanmin(ys) == lo and np.nanmax(ys) == hi


def test_zoomed_view_reads_only_the_visible_steps():
    n = 1_000_000
    x = np.arange(1, n + 1, dtype=float)
    y = np.zeros(n)
    y[10] = 9.0  # outside the view: must not show
    y[500_000] = 5.0
    pyramid = MinMaxPyramid()
    pyramid.update(y)
    xs, ys = envelope(x, y, pyramid, (400_000, 600_000), 500)
    assert xs.min() >= 400_000 - BLOCK ** 2 and xs.max() <= 600_000 + BLOCK ** 2
    assert 5.0 in ys and 9.0 not in ys


def test_empty_column():
    xs, ys = envelope(np.empty(0), np.empty(0), MinMaxPyramid(), (0, 10), 100)
    assert len(xs) == len(ys) == 0
