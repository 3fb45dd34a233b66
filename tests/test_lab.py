"""The 2-D lab view: heatmap = D on the grid, arrows = −∇ of G's loss, manifold through G(0),
grid divergences, and a training run left bit-identical by all of them."""

import copy
import math

import numpy as np
import pytest
import torch

from ganstudio.engine.lab import fields as lab
from ganstudio.engine.train import losses
from ganstudio.engine.train.config import set_field
from ganstudio.engine.train.presets import preset
from ganstudio.engine.train.trainer import STAT_FIELDS, Trainer

from training_state import assert_same, snapshot


def tiny_cfg(**changes):
    cfg = preset("ring8-tiny")
    cfg.fixed_noise_n = 32
    cfg.data.n_points = 800
    for key, value in changes.items():
        set_field(cfg, key, value)
    return cfg


def tiny(steps=3, **changes):
    trainer = Trainer(tiny_cfg(**changes))
    for _ in range(steps):
        trainer.step()
    return trainer


def run_lab_calls(trainer):
    bounds = trainer.dataset.bounds()
    lab.heatmap(trainer, bounds, 16)
    fake, _ = lab.generator_gradients(trainer, trainer.fixed_noise)
    lab.manifold(trainer, 5, 7)
    lab.divergences(trainer.real_samples(), fake, bounds, 16)


# ------------------------------------------------------------ training state untouched





# Spectral norm (power iteration), batch norm (running stats) and dropout (global RNG) all change
# state if a forward pass runs in training mode, so they make the check bite.
STATEFUL = {"disc.spectral_norm": True, "disc.dropout": 0.2, "gen.batch_norm": True,
            "gen.dropout": 0.2}


@pytest.mark.parametrize("changes", [{}, STATEFUL, {"disc.pack": 2, "loss.kind": "wgan-gp"}])
def test_lab_calls_leave_training_state_untouched(changes):
    trainer = tiny(**changes)
    trainer.D.eval()  # a mixed mode must come back as it was, module by module
    trainer.D.train()
    trainer.G[0].eval()
    before = snapshot(trainer)
    run_lab_calls(trainer)
    assert_same(before, snapshot(trainer))


def test_training_continues_bit_identically():
    rows = lambda stats: [tuple(getattr(s, k) for k in STAT_FIELDS if k != "wall_s") for s in stats]
    plain = tiny(**STATEFUL)
    global_rng = torch.get_rng_state()  # dropout draws from it: both trainers must start alike
    watched = tiny(**STATEFUL)
    run_lab_calls(watched)
    got = rows(watched.step() for _ in range(5))
    torch.set_rng_state(global_rng)
    assert got == rows(plain.step() for _ in range(5))
    for a, b in zip(plain.G.parameters(), watched.G.parameters()):
        assert torch.equal(a, b)


# ------------------------------------------------------------ heatmap

def grid_points(bounds, res):
    xmin, xmax, ymin, ymax = bounds
    xs = [xmin + (i + 0.5) * (xmax - xmin) / res for i in range(res)]
    ys = [ymin + (i + 0.5) * (ymax - ymin) / res for i in range(res)]
    return xs, ys, np.array([[x, y] for y in ys for x in xs], dtype=np.float32)


def d_direct(trainer, points):
    D = copy.deepcopy(trainer.D).eval()
    with torch.no_grad():
        return D(torch.as_tensor(points))


@pytest.mark.parametrize("kind", ["nonsaturating", "wgan"])
def test_heatmap_is_d_on_the_grid(kind):
    trainer = tiny(**{"loss.kind": kind, "disc.spectral_norm": True})
    bounds, res = (-3.0, 2.5, -1.0, 4.0), 12
    result = lab.heatmap(trainer, bounds, res)
    xs, ys, points = grid_points(bounds, res)
    expected = d_direct(trainer, points)
    if kind == "nonsaturating":
        expected = torch.sigmoid(expected)
    assert result["probabilities"] is (kind == "nonsaturating")
    assert result["values"].dtype == np.float32 and result["values"].shape == (res, res)
    np.testing.assert_allclose(result["x"], xs, rtol=0, atol=1e-6)
    np.testing.assert_allclose(result["y"], ys, rtol=0, atol=1e-6)
    np.testing.assert_allclose(result["values"], expected.reshape(res, res).numpy(), rtol=1e-5, atol=1e-6)
    # row = y, col = x: one cell checked on its own
    one = d_direct(trainer, np.array([[xs[2], ys[9]]], dtype=np.float32))
    one = torch.sigmoid(one) if kind == "nonsaturating" else one
    assert result["values"][9, 2] == pytest.approx(one.item(), rel=1e-5, abs=1e-6)
    if kind == "nonsaturating":
        assert 0.0 <= result["values"].min() and result["values"].max() <= 1.0


def test_heatmap_with_packing_scores_copies_of_each_point():
    trainer = tiny(**{"disc.pack": 3, "batch_size": 150})
    bounds, res = trainer.dataset.bounds(), 8
    _, _, points = grid_points(bounds, res)
    expected = d_direct(trainer, np.repeat(points, 3, axis=0))
    values = lab.heatmap(trainer, bounds, res)["values"]
    np.testing.assert_allclose(values, torch.sigmoid(expected).reshape(res, res).numpy(), rtol=1e-5, atol=1e-6)


# ------------------------------------------------------------ arrows

@pytest.mark.parametrize("kind", ["nonsaturating", "minimax", "lsgan", "wgan"])
def test_arrows_are_minus_the_gradient_of_the_g_loss(kind):
    trainer = tiny(steps=20, **{"loss.kind": kind})
    points, directions = lab.generator_gradients(trainer, trainer.fixed_noise)
    assert points.shape == directions.shape == (32, 2)
    assert points.dtype == directions.dtype == np.float32
    np.testing.assert_allclose(points, trainer.samples(), rtol=1e-6, atol=1e-6)

    D = copy.deepcopy(trainer.D).double().eval()
    g_loss = losses.G_LOSSES[kind]
    h = 1e-5
    for i in range(6):
        x = torch.as_tensor(points[i], dtype=torch.float64)
        numeric = []
        for k in range(2):
            step = torch.zeros(2, dtype=torch.float64)
            step[k] = h
            with torch.no_grad():
                up, down = g_loss(D((x + step)[None])), g_loss(D((x - step)[None]))
            numeric.append(-(up - down).item() / (2 * h))
        np.testing.assert_allclose(directions[i], numeric, rtol=1e-3, atol=1e-5)


def test_arrow_length_does_not_depend_on_batch_size():
    trainer = tiny()
    _, all_arrows = lab.generator_gradients(trainer, trainer.fixed_noise)
    _, few_arrows = lab.generator_gradients(trainer, trainer.fixed_noise[:4])
    np.testing.assert_allclose(few_arrows, all_arrows[:4], rtol=1e-5, atol=1e-7)


def test_arrows_with_packing_drop_the_incomplete_pack():
    trainer = tiny(**{"disc.pack": 3, "batch_size": 150})
    points, directions = lab.generator_gradients(trainer, trainer.fixed_noise)  # 32 = 3·10 + 2
    assert points.shape == directions.shape == (30, 2)


# ------------------------------------------------------------ manifold

def g_at(trainer, z):
    return trainer.generate(torch.tensor([z], dtype=torch.float32))[0]


@pytest.mark.parametrize("noise", ["normal", "uniform"])
def test_manifold_2d_noise_is_a_warped_grid_through_g0(noise):
    trainer = tiny(**{"gen.noise": noise})
    curves = lab.manifold(trainer, lines=5, points_per_line=9)
    assert len(curves) == 10
    assert all(c.shape == (9, 2) and c.dtype == np.float32 for c in curves)
    origin = g_at(trainer, [0.0, 0.0])
    np.testing.assert_allclose(curves[2][4], origin, atol=1e-6)  # middle line of constant z2
    np.testing.assert_allclose(curves[7][4], origin, atol=1e-6)  # middle line of constant z1
    r = 2.0 if noise == "normal" else 1.0
    np.testing.assert_allclose(curves[0][0], g_at(trainer, [-r, -r]), atol=1e-6)
    np.testing.assert_allclose(curves[0][-1], g_at(trainer, [r, -r]), atol=1e-6)
    np.testing.assert_allclose(curves[5][-1], g_at(trainer, [-r, r]), atol=1e-6)


def test_manifold_1d_noise_is_one_curve_through_g0():
    trainer = tiny(**{"gen.noise_dim": 1})
    curves = lab.manifold(trainer, lines=5, points_per_line=9)
    assert len(curves) == 1 and curves[0].shape == (45, 2) and curves[0].dtype == np.float32
    np.testing.assert_allclose(curves[0][22], g_at(trainer, [0.0]), atol=1e-6)
    np.testing.assert_allclose(curves[0][0], g_at(trainer, [-2.0]), atol=1e-6)


def test_manifold_high_dim_noise_varies_the_first_two_dims():
    trainer = tiny(**{"gen.noise_dim": 4})
    curves = lab.manifold(trainer, lines=3, points_per_line=5)
    assert len(curves) == 6 and curves[0].shape == (5, 2)
    np.testing.assert_allclose(curves[1][2], g_at(trainer, [0.0] * 4), atol=1e-6)
    np.testing.assert_allclose(curves[0][0], g_at(trainer, [-2.0, -2.0, 0.0, 0.0]), atol=1e-6)


# ------------------------------------------------------------ histogram and divergences

BOUNDS = (-2.0, 2.0, -1.0, 3.0)


def test_histogram_cells_match_the_heatmap_layout():
    rng = np.random.default_rng(0)
    points = rng.uniform([-2.0, -1.0], [2.0, 3.0], size=(1000, 2))
    counts = lab.histogram(points, BOUNDS, 8)
    assert counts.shape == (65,) and counts[-1] == 0
    expected, _, _ = np.histogram2d(points[:, 1], points[:, 0], bins=8, range=[[-1, 3], [-2, 2]])
    np.testing.assert_array_equal(counts[:64].reshape(8, 8), expected)
    corner = lab.histogram([[-1.99, 2.99], [2.0, 3.0], [5.0, 0.0], [np.nan, 0.0]], BOUNDS, 8)
    assert corner[7 * 8 + 0] == 1  # top-left: last row, first column
    assert corner[63] == 1  # the top-right corner belongs to the last cell
    assert corner[64] == 2  # outside and NaN


def test_divergences_identical_sets_are_zero():
    pts = np.random.default_rng(1).normal(size=(500, 2))
    kl, js = lab.divergences(pts, pts.copy(), BOUNDS, 16)
    assert kl == pytest.approx(0.0, abs=1e-12) and js == pytest.approx(0.0, abs=1e-12)


def test_divergences_disjoint_sets():
    rng = np.random.default_rng(2)
    real = rng.uniform([-2, -1], [0, 1], size=(400, 2))
    fake = rng.uniform([0.5, 1.5], [2, 3], size=(300, 2))
    kl, js = lab.divergences(real, fake, BOUNDS, 16)
    assert js == pytest.approx(1.0, abs=1e-9)
    assert kl > 8.0  # bounded by about ln(1/eps) = 13.8
    off_view = fake + 10.0  # every fake outside: still disjoint, not ignored
    assert lab.divergences(real, off_view, BOUNDS, 16)[1] == pytest.approx(1.0, abs=1e-9)


def test_divergences_known_values():
    a, b, c = [-1.9, -0.9], [0.1, 0.1], [1.9, 2.9]  # three different cells
    real = [a, b]
    fake = [b, c]
    # p = (½, ½, 0), q = (0, ½, ½), m = (¼, ½, ¼): JS = ½ ln 2 nats = ½ bit
    assert lab.divergences(real, fake, BOUNDS, 4)[1] == pytest.approx(0.5, abs=1e-12)
    # without smoothing and q > 0 wherever p > 0: KL = ½ ln(½/¼) + ½ ln(½/¾)
    kl, _ = lab.divergences(real, [a, b, b, b], BOUNDS, 4, eps=0.0)
    assert kl == pytest.approx(0.5 * math.log(2) + 0.5 * math.log(2 / 3), abs=1e-12)
