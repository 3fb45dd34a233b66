"""The latent explorer's engine: interpolation, arithmetic, directions, and a G copy that leaves
training alone."""

import numpy as np
import pytest
import torch
from training_state import assert_same, small_trainer, snapshot

from ganstudio.engine import latent
from ganstudio.engine.nets import build_generator


@pytest.fixture(scope="module")
def mnist():
    return small_trainer("mnist-mlp", 5)


def _pair(d=100, seed=0, scale1=1.0):
    rng = np.random.default_rng(seed)
    z0, z1 = rng.standard_normal((2, d)).astype(np.float32)
    return z0, z1 * np.float32(scale1)


# ------------------------------------------------------------ interpolation


@pytest.mark.parametrize("path", [latent.lerp, latent.slerp])
def test_interpolation_endpoints_are_the_chosen_vectors(path):
    z0, z1 = _pair(scale1=1.7)
    rows = path(z0, z1, 9)
    assert rows.shape == (9, 100) and rows.dtype == np.float32
    assert np.array_equal(rows[0], z0) and np.array_equal(rows[-1], z1)
    z0, z1 = (z.astype(np.float64) for z in (z0, z1))
    assert np.array_equal(path(z0, z1, 2), np.stack([z0, z1]))
    with pytest.raises(ValueError):
        path(z0, z1, 1)
    with pytest.raises(ValueError):
        path(z0, z1[:50], 4)


def test_lerp_walks_the_straight_line():
    z0, z1 = _pair(d=5)
    rows = latent.lerp(z0, z1, 5)
    np.testing.assert_allclose(rows[2], (z0 + z1) / 2, rtol=1e-6)
    np.testing.assert_allclose(np.diff(rows, axis=0), np.tile((z1 - z0) / 4, (4, 1)), rtol=1e-5, atol=1e-6)


def test_slerp_norm_goes_linearly_from_one_end_to_the_other():
    z0, z1 = _pair(scale1=1.6)
    n = 11
    rows = latent.slerp(z0, z1, n).astype(np.float64)
    norms = np.linalg.norm(rows, axis=1)
    np.testing.assert_allclose(norms, np.linspace(np.linalg.norm(z0), np.linalg.norm(z1), n), rtol=1e-5)
    # the direction turns at constant speed, in the plane of z0 and z1
    units = rows / norms[:, None]
    steps = np.arccos(np.clip((units[:-1] * units[1:]).sum(axis=1), -1, 1))
    np.testing.assert_allclose(steps, steps.mean(), rtol=1e-3)
    basis, _ = np.linalg.qr(np.stack([z0, z1]).T.astype(np.float64))
    np.testing.assert_allclose(rows - rows @ basis @ basis.T, 0.0, atol=1e-4)
    # where lerp sags toward the origin (the typical-z length G trained on), slerp does not
    assert np.linalg.norm(latent.lerp(z0, z1, n)[n // 2]) < 0.85 * norms[n // 2]


def test_slerp_without_a_unique_great_circle_is_lerp():
    z = np.array([1.0, 2.0, -0.5], dtype=np.float32)
    for other in (3 * z, -2 * z, np.zeros(3, dtype=np.float32)):
        np.testing.assert_array_equal(latent.slerp(z, other, 6), latent.lerp(z, other, 6))
    assert np.isfinite(latent.slerp(z, z, 4)).all()


# ------------------------------------------------------------ arithmetic and neighbourhood


def test_arithmetic_is_mean_a_minus_mean_b_plus_mean_c():
    e = np.eye(4, dtype=np.float32)
    groups = {"A": np.stack([2 * e[0], 4 * e[0]]),  # mean 3·e0
              "B": np.stack([e[1]]),  # mean e1
              "C": np.stack([5 * e[2], 7 * e[2], 9 * e[2] + 3 * e[3]])}  # mean 7·e2 + e3
    result = latent.arithmetic(groups)
    np.testing.assert_allclose(result, [3.0, -1.0, 7.0, 1.0], rtol=1e-6)
    assert result.dtype == np.float32
    swapped = latent.arithmetic({"A": groups["B"], "B": groups["A"], "C": groups["C"]})
    np.testing.assert_allclose(swapped, [-3.0, 1.0, 7.0, 1.0], rtol=1e-6)
    with pytest.raises(ValueError, match="group B"):
        latent.arithmetic({"A": groups["A"], "B": np.empty((0, 4)), "C": groups["C"]})
    with pytest.raises(ValueError, match="group C"):
        latent.arithmetic({"A": groups["A"], "B": groups["B"]})


def test_neighbourhood_is_z_and_small_seeded_nudges():
    z = np.arange(6, dtype=np.float32)
    rows = latent.neighbourhood(z, 8, radius=0.25, seed=3)
    assert rows.shape == (8, 6) and np.array_equal(rows[0], z)
    offsets = np.abs(rows[1:] - z)
    assert offsets.max() <= 0.25 + 1e-6 and offsets.min() > 0 and len(np.unique(rows, axis=0)) == 8
    assert np.array_equal(rows, latent.neighbourhood(z, 8, radius=0.25, seed=3))
    assert not np.array_equal(rows, latent.neighbourhood(z, 8, radius=0.25, seed=4))
    assert np.array_equal(latent.neighbourhood(z, 1), z[None])


# ------------------------------------------------------------ directions


def _orthonormal(rows):
    np.testing.assert_allclose(rows @ rows.T, np.eye(len(rows)), atol=1e-5)


def test_principal_directions_of_gs_response_rank_what_moves_the_output():
    rng = np.random.default_rng(0)
    d = 10
    pool = rng.standard_normal((400, d))
    strong = np.zeros(d)
    strong[[2, 5]] = [0.6, 0.8]  # moving z along this changes the output most
    weak = np.zeros(d)
    weak[7] = 1.0
    readout = 10 * np.outer(strong, rng.standard_normal(30)) + np.outer(weak, rng.standard_normal(30))
    outputs = np.tanh(0.01 * pool @ readout)  # nearly linear in z
    dirs = latent.principal_directions(pool, 4, outputs)
    assert dirs.shape == (4, d) and dirs.dtype == np.float32
    _orthonormal(dirs)
    assert dirs[0] @ strong > 0.999  # and the sign: its largest component is positive
    assert dirs[1] @ weak > 0.99
    # a 2-D output has 2 informative directions; the rest completes an orthonormal basis
    _orthonormal(latent.principal_directions(pool, d, outputs[:, :2]))


def test_principal_directions_of_the_pool_itself_and_first_dims():
    rng = np.random.default_rng(1)
    pool = rng.standard_normal((500, 6)) * [1, 1, 1, 5, 1, 2]
    dirs = latent.principal_directions(pool, 3)
    _orthonormal(dirs)
    np.testing.assert_allclose(np.abs(dirs[:2]), np.eye(6)[[3, 5]], atol=0.05)
    assert np.array_equal(latent.first_dims(3, 6), np.eye(6, dtype=np.float32)[:3])
    for bad in (0, 7):
        with pytest.raises(ValueError):
            latent.principal_directions(pool, bad)


# ------------------------------------------------------------ the copy of G


def test_copy_makes_what_the_training_g_makes(mnist):
    snap = latent.snapshot_generator(mnist)
    copy = latent.GeneratorCopy(snap)
    z = mnist.noise(40, seed=7)
    np.testing.assert_array_equal(copy.generate(z), mnist.generate(z))  # batch norm in eval mode, both
    np.testing.assert_array_equal(copy.generate(z[3]), mnist.generate(z[3:4]))
    assert copy.noise_dim == 100 and copy.data_shape == (1, 28, 28) and not copy.is_2d
    assert snap["step"] == 5 and snap["n_classes"] == 0 and snap["fixed_labels"] is None
    np.testing.assert_array_equal(snap["fixed_noise"], mnist.fixed_noise.numpy())
    assert "real" not in snap


def test_copy_of_a_dcgan_generator():
    """Convolutions and 2-D batch norm, built on the meta device and filled from the snapshot."""
    trainer = small_trainer("mnist-dcgan", 2, batch=16, **{"gen.base_channels": 8, "disc.base_channels": 8})
    before = snapshot(trainer)
    copy = latent.GeneratorCopy(latent.snapshot_generator(trainer))
    z = trainer.noise(5, seed=1)
    np.testing.assert_array_equal(copy.generate(z), trainer.generate(z))
    assert_same(before, snapshot(trainer))


def test_snapshot_of_2d_data_has_the_real_points_and_bounds():
    trainer = small_trainer("ring8", 3)
    snap = latent.snapshot_generator(trainer)
    np.testing.assert_array_equal(snap["real"], trainer.real_samples())
    assert snap["bounds"] == trainer.dataset.bounds()
    copy = latent.GeneratorCopy(snap)
    assert copy.is_2d
    z = trainer.noise(16, seed=1)
    np.testing.assert_array_equal(copy.generate(z), trainer.generate(z))


def test_using_the_copy_never_changes_training():
    trainer = small_trainer("mnist-mlp", 3)
    before = snapshot(trainer)
    snap = latent.snapshot_generator(trainer)
    copy = latent.GeneratorCopy(snap)
    pool = copy.noise(64, seed=0)
    latent.principal_directions(pool, 8, copy.generate(pool))
    copy.generate(latent.slerp(pool[0], pool[1], 8))
    with torch.no_grad():  # even writing into the copy's weights reaches nothing of training
        for p in copy.net.parameters():
            p.add_(1.0)
    assert_same(before, snapshot(trainer))  # weights, buffers, grads, modes, optimizers, every RNG

    kept = {k: v.clone() for k, v in snap["state"].items()}
    for _ in range(3):
        trainer.step()
    assert_same(kept, snap["state"])  # the snapshot is a copy, not a view of the live weights
    before = snapshot(trainer)
    newer = latent.snapshot_generator(trainer)
    copy.refresh(newer)
    z = trainer.noise(8, seed=2)
    np.testing.assert_array_equal(copy.generate(z), trainer.generate(z))
    assert copy.step == 6
    assert_same(before, snapshot(trainer))


def test_refresh_needs_the_same_architecture(mnist):
    copy = latent.GeneratorCopy(latent.snapshot_generator(mnist))
    other = latent.snapshot_generator(small_trainer("mnist-mlp", 0, hidden=(8, 8)))
    assert not copy.matches(other)
    with pytest.raises(ValueError):
        copy.refresh(other)


def test_noise_is_seeded_and_draws_nothing_from_the_global_stream(mnist):
    state = torch.get_rng_state().clone()
    copy = latent.GeneratorCopy(latent.snapshot_generator(mnist))
    a, b = copy.noise(5, seed=1), copy.noise(5, seed=1)
    assert a.shape == (5, 100) and a.dtype == np.float32 and np.array_equal(a, b)
    assert not np.array_equal(a, copy.noise(5, seed=2))
    assert torch.equal(state, torch.get_rng_state())


def conditional_snapshot(trainer, n_classes=10) -> dict:
    """A conditional G's snapshot, built by hand for a Trainer that may not train one yet."""
    cfg = trainer.cfg.copy()
    torch.manual_seed(5)
    net = build_generator(cfg.gen, trainer.dataset.shape, n_classes)
    return {"config": cfg, "data_shape": trainer.dataset.shape, "n_classes": n_classes,
            "state": {k: v.clone() for k, v in net.state_dict().items()}, "step": 0,
            "fixed_noise": trainer.fixed_noise.numpy().copy(),
            "fixed_labels": np.arange(len(trainer.fixed_noise)) % n_classes}


def test_conditional_copy_takes_one_label_or_one_per_row(mnist):
    snap = conditional_snapshot(mnist)
    copy = latent.GeneratorCopy(snap)
    net = build_generator(snap["config"].gen, snap["data_shape"], 10).eval()
    net.load_state_dict(snap["state"])
    z = mnist.noise(4, seed=3)
    with torch.no_grad():
        expected = net(torch.from_numpy(z), torch.full((4,), 3)).numpy()
    np.testing.assert_array_equal(copy.generate(z, 3), expected)
    np.testing.assert_array_equal(copy.generate(z, np.array([3, 3, 3, 3])), expected)
    assert not np.allclose(copy.generate(z, 4), expected)
    with pytest.raises(ValueError, match="conditional"):
        copy.generate(z)
