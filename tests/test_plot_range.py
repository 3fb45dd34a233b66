"""Axis limits that move rarely but keep a growing curve filling most of the plot."""

import math

import numpy as np

from ganstudio.ui.plotting.plot_range import HEADROOM, compact_step, grown_limit, nice_ceiling, step_ticks


def test_nice_ceiling_is_round_and_not_below():
    assert nice_ceiling(3) == 10.0  # the floor
    assert nice_ceiling(float("nan"), floor=0.1) == 0.1
    assert nice_ceiling(101) == 120.0
    assert nice_ceiling(2000) == 2000.0
    assert nice_ceiling(2001) == 2500.0
    assert nice_ceiling(0.33, floor=0.1) == 0.4


def test_growing_limit_moves_rarely_and_keeps_the_curve_wide():
    limit, moves, fills = 0.0, 0, []
    for step in np.arange(20, 100_000, 7):
        new = grown_limit(float(step), limit)
        assert new >= step
        if new != limit:
            moves += 1
            limit = new
        fills.append(step / limit)
    # about ten moves per tenfold growth, not one per frame
    assert moves <= 10 * math.ceil(math.log10(100_000 / 20)) + 2
    assert min(fills[100:]) >= 1 / (1.34 * HEADROOM)
    assert grown_limit(50.0, 60.0) == 60.0  # never shrinks while the data fit


def test_the_meters_narrow_step_axes_carry_three_short_labels(qtbot):
    from ganstudio.ui.plotting.collapse_meter import CollapseMeter

    meter = CollapseMeter()
    qtbot.addWidget(meter)
    meter.set_kind("modes", 25)
    for step in range(250, 9001, 250):
        meter.add({"step": step, "modes": 25, "reverse_kl": 0.01, "hq_pct": 95.0,
                   "mass": [0.04] * 25})
    meter.redraw()
    for plot in (meter.cover_plot, meter.kl_plot):
        ticks = plot.getAxis("bottom")._tickLevels
        assert [label for _, label in ticks[0]] == ["2.5k", "5k", "7.5k"]  # the limit grew to 10,000


def test_compact_step_labels():
    assert [compact_step(v) for v in (2.5, 750, 2500, 12000, 1.5e6)] == ["2.5", "750", "2.5k", "12k", "1.5M"]


def test_step_ticks_are_few_round_whole_steps_inside_the_axis():
    assert step_ticks(250) == [100, 200]  # not 62.5 125 187.5: those ran together ("62.5125188")
    assert step_ticks(1500) == [500, 1000]
    assert step_ticks(10_000) == [2500, 5000, 7500]
    assert step_ticks(17_304) == [5000, 10_000, 15_000]
    for x1 in (3, 10, 37, 250, 999, 1500, 4321, 10_000, 123_456):
        ticks = step_ticks(x1)
        assert 1 <= len(ticks) <= 3
        assert all(0 < t < x1 and float(t).is_integer() for t in ticks)
