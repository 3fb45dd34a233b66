"""Each loss against values computed by hand from D's raw outputs."""

import math

import pytest
import torch

from ganstudio.engine.train import losses as L

REAL = torch.tensor([2.0, -1.0])  # raw D outputs (logits for the BCE losses)
FAKE = torch.tensor([0.5, -3.0])


def sig(x):
    return 1 / (1 + math.exp(-x))


def mean(xs):
    return sum(xs) / len(xs)


def test_bce_discriminator_by_hand():
    want = mean([-math.log(sig(2.0)), -math.log(sig(-1.0))]) + mean(
        [-math.log(1 - sig(0.5)), -math.log(1 - sig(-3.0))])
    assert L.d_loss_bce(REAL, FAKE).item() == pytest.approx(want, rel=1e-6)


def test_one_sided_label_smoothing_by_hand():
    t = 0.9
    real_part = mean([-(t * math.log(sig(r)) + (1 - t) * math.log(1 - sig(r))) for r in (2.0, -1.0)])
    fake_part = mean([-math.log(1 - sig(f)) for f in (0.5, -3.0)])
    assert L.d_loss_bce(REAL, FAKE, 0.9).item() == pytest.approx(real_part + fake_part, rel=1e-6)


def test_minimax_and_nonsaturating_generator_by_hand():
    assert L.g_loss_minimax(FAKE).item() == pytest.approx(
        mean([math.log(1 - sig(0.5)), math.log(1 - sig(-3.0))]), rel=1e-6)
    assert L.g_loss_nonsaturating(FAKE).item() == pytest.approx(
        mean([-math.log(sig(0.5)), -math.log(sig(-3.0))]), rel=1e-6)


def test_equilibrium_values():
    zero = torch.zeros(4)
    assert L.d_loss_bce(zero, zero).item() == pytest.approx(2 * math.log(2))
    assert L.g_loss_nonsaturating(zero).item() == pytest.approx(math.log(2))
    assert L.g_loss_minimax(zero).item() == pytest.approx(-math.log(2))
    assert L.EQUILIBRIUM["nonsaturating"] == pytest.approx((2 * math.log(2), math.log(2)))


def test_lsgan_by_hand():
    want_d = 0.5 * mean([(2.0 - 1) ** 2, (-1.0 - 1) ** 2]) + 0.5 * mean([0.5 ** 2, 3.0 ** 2])
    assert L.d_loss_lsgan(REAL, FAKE).item() == pytest.approx(want_d)
    assert L.g_loss_lsgan(FAKE).item() == pytest.approx(0.5 * mean([(0.5 - 1) ** 2, (-3.0 - 1) ** 2]))


def test_wgan_by_hand():
    assert L.d_loss_wgan(REAL, FAKE).item() == pytest.approx(mean([0.5, -3.0]) - mean([2.0, -1.0]))
    assert L.g_loss_critic(FAKE).item() == pytest.approx(-mean([0.5, -3.0]))


def test_hinge_by_hand():
    want = mean([max(0, 1 - 2.0), max(0, 1 + 1.0)]) + mean([max(0, 1 + 0.5), max(0, 1 - 3.0)])
    assert L.d_loss_hinge(REAL, FAKE).item() == pytest.approx(want)


def test_saturated_d_gives_finite_losses():
    huge = torch.tensor([1e4, -1e4])
    for d_loss in set(L.D_LOSSES.values()):
        assert math.isfinite(d_loss(huge, -huge).item())
    for g_loss in set(L.G_LOSSES.values()):
        assert math.isfinite(g_loss(huge).item())


def test_gradient_penalty_by_hand():
    """D(x) = w·x has gradient w everywhere, so the penalty is (||w|| - 1)²."""
    w = torch.tensor([3.0, 4.0])
    disc = lambda x: x @ w  # noqa: E731
    real, fake = torch.randn(8, 2), torch.randn(8, 2)
    assert L.gradient_penalty(disc, real, fake, L.mix_weights(real)).item() == pytest.approx((5.0 - 1.0) ** 2)


def test_every_configured_loss_has_both_sides():
    from ganstudio.engine.train.config import LOSSES

    assert set(L.D_LOSSES) == set(LOSSES) == set(L.G_LOSSES)


def test_annealed_instance_noise_fades_in_a_straight_line_then_stays():
    from ganstudio.engine.train.config import LossConfig
    from ganstudio.engine.train.loss_kinds import instance_noise_at

    constant = LossConfig(instance_noise=0.2)
    assert [instance_noise_at(constant, s) for s in (0, 10, 10**6)] == [0.2, 0.2, 0.2]
    fading = LossConfig(instance_noise=0.5, instance_noise_steps=8000, instance_noise_final=0.03)
    got = [instance_noise_at(fading, s) for s in (0, 2000, 4000, 7999, 8000, 50_000)]
    assert got == pytest.approx([0.5, 0.3825, 0.265, 0.03 + 0.47 / 8000, 0.03, 0.03])
    assert instance_noise_at(LossConfig(instance_noise=0.5, instance_noise_steps=100), 100) == 0.0
