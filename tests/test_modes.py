"""The 2-D mode metrics (docs/METRICS.md) on hand-made point sets with known answers, and
``evaluate`` on a real trainer: a report for mixture sets, None for the others, the run untouched."""

import math

import numpy as np
import pytest
import torch

from ganstudio.engine.metrics import modes
from ganstudio.engine.data.toy2d import grid25, ring8

import training_state
from training_state import assert_same, snapshot

RING8 = ring8(16, np.random.default_rng(0))
MEANS, SIGMA = modes.mixture_of(RING8)


def test_ring8_mixture_is_eight_distinct_means_at_radius_2():
    assert MEANS.shape == (8, 2) and SIGMA == 0.02
    np.testing.assert_allclose(np.hypot(MEANS[:, 0], MEANS[:, 1]), 2.0)
    assert len(np.unique(np.round(MEANS, 9), axis=0)) == 8  # not linspace(0, 2π, 8)


def test_points_on_every_mean_capture_all_modes_perfectly():
    points = np.repeat(MEANS, 10, axis=0)
    report = modes.mode_metrics(points, MEANS, SIGMA)
    assert report.modes == 8 and report.n_modes == 8 and report.n == 80
    assert report.hq_pct == 100.0 and report.hq == 80
    assert report.reverse_kl == pytest.approx(0.0, abs=1e-12)
    assert report.counts.tolist() == [10] * 8 and report.hq_counts.tolist() == [10] * 8


def test_all_points_on_one_mode_give_one_mode_and_ln_k():
    points = np.repeat(MEANS[3:4], 50, axis=0)
    report = modes.mode_metrics(points, MEANS, SIGMA)
    assert report.modes == 1 and report.hq_pct == 100.0
    # p = (0, 0, 0, 1, 0, ...): the one term 1 · ln(1 · 8); empty modes add 0 ln 0 = 0.
    assert report.reverse_kl == pytest.approx(math.log(8))
    assert report.hq_counts.tolist() == [0, 0, 0, 50, 0, 0, 0, 0]


def test_uneven_split_over_two_modes():
    points = np.concatenate([np.repeat(MEANS[:1], 30, axis=0), np.repeat(MEANS[5:6], 10, axis=0)])
    report = modes.mode_metrics(points, MEANS, SIGMA)
    # p = 3/4 and 1/4: 0.75 ln(0.75 · 8) + 0.25 ln(0.25 · 8) = 0.75 ln 6 + 0.25 ln 2
    assert report.modes == 2
    assert report.reverse_kl == pytest.approx(0.75 * math.log(6) + 0.25 * math.log(2))


def test_points_far_from_every_mean_are_not_high_quality():
    points = np.array([[0.0, 0.0], [0.5, 0.5], [10.0, -3.0], [-1.0, 0.2]])  # centre, off the ring
    report = modes.mode_metrics(points, MEANS, SIGMA)
    assert report.hq_pct == 0.0 and report.hq == 0 and report.modes == 0
    assert math.isnan(report.reverse_kl)  # no high-quality sample: p is undefined
    assert report.counts.sum() == 4  # still assigned to their nearest mean


def test_high_quality_means_strictly_within_three_sigma():
    inside = MEANS[2] + [0.0, 2.9 * SIGMA]
    outside = MEANS[2] + [3.1 * SIGMA, 0.0]
    report = modes.mode_metrics(np.array([inside, outside]), MEANS, SIGMA)
    assert report.hq_counts[2] == 1 and report.counts[2] == 2 and report.hq_pct == 50.0


def test_mode_with_no_high_quality_sample_is_not_captured():
    # Mode 6 is the nearest mean of 20 points, but all lie 4σ out: docs/METRICS.md needs count_j ≥ 1.
    near_miss = np.repeat(MEANS[6:7] * (1 + 4 * SIGMA / 2.0), 20, axis=0)
    points = np.concatenate([np.repeat(MEANS[:2], 5, axis=0), near_miss])
    report = modes.mode_metrics(points, MEANS, SIGMA)
    assert report.counts[6] == 20 and report.hq_counts[6] == 0
    assert report.modes == 2 and report.hq_pct == pytest.approx(100 * 10 / 30)


def test_mode_below_a_raised_capture_threshold_is_not_counted():
    points = np.concatenate([np.repeat(MEANS[:1], 20, axis=0), np.repeat(MEANS[1:2], 3, axis=0)])
    assert modes.mode_metrics(points, MEANS, SIGMA).modes == 2
    assert modes.mode_metrics(points, MEANS, SIGMA, min_count=5).modes == 1


def test_per_mode_counts_sum_to_n():
    points = np.random.default_rng(1).normal(0.0, 2.0, (1000, 2))
    report = modes.mode_metrics(points, MEANS, SIGMA)
    assert report.counts.sum() == report.n == 1000
    assert report.hq_counts.sum() == report.hq <= 1000
    assert np.all(report.hq_counts <= report.counts)


def test_non_finite_points_count_in_n_but_in_no_mode():
    points = np.array([MEANS[0], [np.nan, 0.0], [np.inf, 1.0], MEANS[1]])
    report = modes.mode_metrics(points, MEANS, SIGMA)
    assert report.n == 4 and report.counts.sum() == 2 and report.hq_pct == 50.0


def test_real_data_scores_like_an_exact_fit():
    """docs/METRICS.md: an exact fit has hq ≈ 98.9 % (1 − e^(−4.5) for a 2-D Gaussian within 3σ)."""
    for make in (ring8, grid25):
        data = make(2500, np.random.default_rng(2))
        report = modes.mode_metrics(data.x.numpy(), *modes.mixture_of(data))
        assert report.modes == report.n_modes
        assert report.hq_pct == pytest.approx(100 * (1 - math.exp(-4.5)), abs=1.0)
        assert report.reverse_kl < 0.01


def test_bad_input_is_refused():
    with pytest.raises(ValueError):
        modes.mode_metrics(np.zeros((0, 2)), MEANS, SIGMA)
    with pytest.raises(ValueError):
        modes.mode_metrics(np.zeros((5, 3)), MEANS, SIGMA)
    with pytest.raises(ValueError):
        modes.mode_metrics(np.zeros((5, 2)), MEANS, 0.0)


# ------------------------------------------------------------ evaluate() on a trainer

def small_trainer(data="ring8", steps=30, **changes):
    return training_state.small_trainer(data, steps, **{"data.n_points": 800, **changes})






# Batch norm (running stats) and dropout (global RNG) in G would change state if evaluate ran G in
# training mode, so the second case makes the check bite.
@pytest.mark.parametrize("changes", [{}, {"gen.batch_norm": True, "gen.dropout": 0.2}])
def test_evaluate_reports_and_leaves_the_run_untouched(changes):
    trainer = small_trainer(**changes)
    before = snapshot(trainer)
    report = modes.evaluate(trainer)
    again = modes.evaluate(trainer, n=2500)
    assert_same(before, snapshot(trainer))

    assert isinstance(report, modes.ModeReport)
    assert report.n == modes.EVAL_N == 2500 and report.n_modes == 8
    assert report.counts.sum() == 2500 and 0 <= report.modes <= 8
    assert np.array_equal(report.counts, again.counts)  # same noise batch, same G: same numbers
    assert report.hq_pct == again.hq_pct

    # Training continues exactly as if evaluate had never been called. The trainers share the
    # global RNG (dropout), so each steps from the state this run had before evaluate.
    twin = small_trainer(**changes)
    torch.set_rng_state(before["torch_rng"])
    loss_d = trainer.step().loss_d
    torch.set_rng_state(before["torch_rng"])
    assert_same(loss_d, twin.step().loss_d)
    assert_same(trainer.G.state_dict(), twin.G.state_dict())


def test_evaluate_seed_picks_the_noise_batch():
    trainer = small_trainer(steps=0)
    a = modes.evaluate(trainer, n=500, seed=1)
    b = modes.evaluate(trainer, n=500, seed=2)
    assert a.n == b.n == 500
    assert not np.array_equal(a.counts, b.counts) or a.hq_pct != b.hq_pct


@pytest.mark.parametrize("data", ["moons", "spiral"])
def test_evaluate_is_none_without_mixture_means(data):
    trainer = small_trainer(data, steps=0)
    assert modes.mixture_of(trainer.dataset) is None
    assert modes.evaluate(trainer) is None
