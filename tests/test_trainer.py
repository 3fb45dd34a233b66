"""The Trainer: exact checkpoint round trip, live hyper-parameters, real learning, NaN reporting."""

import io
import math

import numpy as np
import pytest
import torch

from ganstudio.engine.train.config import ConfigError, set_field
from ganstudio.engine.train.presets import preset
from ganstudio.engine.train.trainer import STAT_FIELDS, Trainer, resolve_device


def small_ring8(**changes):
    cfg = preset("ring8")
    cfg.gen.hidden = [32, 32]
    cfg.disc.hidden = [32, 32]
    cfg.batch_size = 64
    cfg.data.n_points = 2000
    for key, value in changes.items():
        set_field(cfg, key, value)
    return cfg


def rows(stats):
    return [tuple(getattr(s, k) for k in STAT_FIELDS if k != "wall_s") for s in stats]


@pytest.mark.parametrize("changes", [
    {},
    {"gen.batch_norm": True, "disc.dropout": 0.2, "d_steps": 2, "loss.instance_noise": 0.05},
    {"loss.kind": "wgan-gp", "opt_d.kind": "rmsprop", "opt_g.kind": "sgd", "opt_g.momentum": 0.5},
    {"gen.ema": 0.99, "gen.batch_norm": True},
    {"loss.instance_noise": 0.3, "loss.instance_noise_steps": 150, "loss.instance_noise_final": 0.01},
])
def test_save_load_continue_equals_one_run(changes):
    straight = Trainer(small_ring8(**changes))
    expected = rows([straight.step() for _ in range(200)])

    first = Trainer(small_ring8(**changes))
    got = rows([first.step() for _ in range(100)])
    buf = io.BytesIO()
    torch.save(first.state_dict(), buf)
    buf.seek(0)
    state = torch.load(buf, weights_only=True)

    second = Trainer(small_ring8(**changes))
    second.load_state_dict(state)
    got += rows([second.step() for _ in range(100)])
    assert got == expected
    for a, b in zip(straight.G.parameters(), second.G.parameters()):
        assert torch.equal(a, b)
    if straight.G_avg is not None:
        for a, b in zip(straight.G_avg.state_dict().values(), second.G_avg.state_dict().values()):
            assert torch.equal(a, b)
        assert np.array_equal(straight.samples(), second.samples())
    assert second.step_count == 200


def test_annealed_instance_noise_added_to_d_inputs_follows_the_schedule(monkeypatch):
    """The spread is measured on the noise tensors drawn for D's inputs, not read from the schedule."""
    t = Trainer(small_ring8(**{"loss.instance_noise": 0.4, "loss.instance_noise_steps": 100,
                               "loss.instance_noise_final": 0.1, "batch_size": 512}))
    drawn = []
    real_input_noise = t._input_noise
    monkeypatch.setattr(t, "_input_noise", lambda x: drawn.append(n := real_input_noise(x)) or n)
    spreads = {}
    for step in range(120):
        drawn.clear()
        t.step()
        if step in (0, 50, 100, 119):
            spreads[step] = float(torch.cat(drawn).std())
            assert len(drawn) == 3  # real and fake for D, fake for G: each through its own noise
    assert spreads[0] == pytest.approx(0.4, rel=0.05)
    assert spreads[50] == pytest.approx(0.25, rel=0.05)
    assert spreads[100] == pytest.approx(0.1, rel=0.05) and spreads[119] == pytest.approx(0.1, rel=0.05)
    assert t.instance_noise == pytest.approx(0.1)


@pytest.mark.parametrize("batch_norm", [False, True])
def test_weight_average_follows_g_and_leaves_training_alone(batch_norm):
    """gen.ema: pictures come from an average of G's weights, updated after each G step with a
    decay that ramps up to gen.ema; training (G, D, every number) is what it is without it. With
    batch norm in G its statistics are averaged the same way (the counts are G's)."""
    plain = Trainer(small_ring8(**{"gen.ema": 0.0, "gen.batch_norm": batch_norm}))
    averaged = Trainer(small_ring8(**{"gen.ema": 0.9, "gen.batch_norm": batch_norm}))
    assert plain.G_avg is None and plain.shown_G is plain.G
    expected = {k: v.clone() for k, v in averaged.G.state_dict().items()}
    plain_rows, averaged_rows = [], []
    for updates in range(1, 32):  # the ramp counts G updates, this one included
        plain_rows += rows([plain.step()])
        averaged_rows += rows([averaged.step()])
        beta = min(0.9, (1 + updates) / (10 + updates))
        for k, v in averaged.G.state_dict().items():
            expected[k] = expected[k] + (1 - beta) * (v - expected[k]) if v.is_floating_point() else v.clone()
    assert plain_rows == averaged_rows  # the same training numbers, step for step
    state = averaged.G_avg.state_dict()
    assert any("running_var" in k for k in state) == batch_norm
    for k, v in state.items():
        torch.testing.assert_close(v, expected[k], rtol=1e-5, atol=1e-6)
        if "running_" in k:  # not G's own statistics: they belong to other weights
            assert not torch.allclose(v, averaged.G.state_dict()[k])
    for a, b in zip(plain.G.parameters(), averaged.G.parameters()):
        assert torch.equal(a, b)  # the trained G is untouched by the average
    assert averaged.shown_G is averaged.G_avg
    z = averaged.fixed_noise
    with torch.no_grad():
        assert np.allclose(averaged.samples(), averaged.G_avg.eval()(z).numpy())
        assert not np.allclose(averaged.samples(), averaged.G(z).numpy())
    assert not any(p.requires_grad for p in averaged.G_avg.parameters())


def test_weight_average_decay_must_be_below_one():
    with pytest.raises(ConfigError, match="gen.ema"):
        Trainer(small_ring8(**{"gen.ema": 1.0}))


def test_set_hparams_keeps_adam_moments():
    trainer = Trainer(small_ring8())
    for _ in range(5):
        trainer.step()
    p = trainer._d_params[0]
    moments = trainer.opt_d.state[p]["exp_avg"].clone()
    step_before = trainer.opt_d.state[p]["step"].clone()
    changed = trainer.set_hparams({"opt_d.lr": 3e-3, "opt_d.beta1": 0.9, "loss.kind": "lsgan", "d_steps": 2})
    assert sorted(changed) == ["d_steps", "loss.kind", "opt_d.beta1", "opt_d.lr"]
    group = trainer.opt_d.param_groups[0]
    assert group["lr"] == 3e-3 and group["betas"] == (0.9, 0.999)
    assert torch.equal(trainer.opt_d.state[p]["exp_avg"], moments)
    assert torch.equal(trainer.opt_d.state[p]["step"], step_before)
    assert trainer.opt_g.param_groups[0]["lr"] == pytest.approx(1e-3)  # ring8's own G lr
    before = trainer.d_updates
    trainer.step()
    assert trainer.d_updates == before + 2
    assert trainer.opt_d.state[p]["step"].item() == step_before.item() + 2


def test_set_hparams_rejects_structural_and_bad_values():
    trainer = Trainer(small_ring8())
    with pytest.raises(ConfigError, match="batch_size cannot change while training"):
        trainer.set_hparams({"batch_size": 32})
    with pytest.raises(ConfigError, match="opt_d.lr must be"):
        trainer.set_hparams({"opt_d.lr": -1.0})
    assert trainer.cfg.opt_d.lr == pytest.approx(1e-3)
    assert trainer.opt_d.param_groups[0]["lr"] == pytest.approx(1e-3)


def test_ring8_training_moves_fakes_onto_the_ring():
    """A genuine learning check: fakes start near the origin and must end near radius 2."""
    trainer = Trainer(preset("ring8"))

    def ring_distance():
        fake = trainer.samples()
        return float(np.abs(np.linalg.norm(fake, axis=1) - 2.0).mean())

    before = ring_distance()
    for _ in range(1500):
        trainer.step()
    after = ring_distance()
    assert before > 1.0
    assert after < 0.25 * before and after < 0.3, (before, after)


def test_step_d_and_step_g_update_only_their_network():
    trainer = Trainer(small_ring8())
    g0 = [p.clone() for p in trainer.G.parameters()]
    d0 = [p.clone() for p in trainer.D.parameters()]
    s = trainer.step_d()
    assert s.kind == "d" and math.isnan(s.loss_g) and math.isfinite(s.loss_d)
    assert all(torch.equal(a, b) for a, b in zip(g0, trainer.G.parameters()))
    assert not all(torch.equal(a, b) for a, b in zip(d0, trainer.D.parameters()))
    d1 = [p.clone() for p in trainer.D.parameters()]
    s = trainer.step_g()
    assert s.kind == "g" and math.isnan(s.loss_d) and math.isfinite(s.loss_g)
    assert all(torch.equal(a, b) for a, b in zip(d1, trainer.D.parameters()))
    assert not all(torch.equal(a, b) for a, b in zip(g0, trainer.G.parameters()))
    assert (trainer.d_updates, trainer.g_updates, trainer.step_count) == (1, 1, 2)
    assert all(p.requires_grad for p in trainer.D.parameters())


@pytest.mark.parametrize("optimizer", ["adam", "sgd", "rmsprop"])  # fused kernels and the plain one
def test_nonfinite_loss_is_reported_and_the_update_skipped(optimizer):
    trainer = Trainer(small_ring8(**{"opt_g.kind": optimizer}))
    trainer.step()
    g0 = [p.clone() for p in trainer.G.parameters()]
    trainer._g_loss = lambda out: out.mean() * float("nan")
    stats = trainer.step()
    assert stats.nonfinite == "loss_g"
    assert math.isnan(stats.loss_g)
    assert all(torch.equal(a, b) for a, b in zip(g0, trainer.G.parameters()))
    trainer._apply_loss()  # the next finite step updates G again
    assert not trainer.step().nonfinite
    assert not all(torch.equal(a, b) for a, b in zip(g0, trainer.G.parameters()))


@pytest.mark.parametrize("kind", ["minimax", "nonsaturating", "lsgan", "wgan", "wgan-gp", "hinge"])
def test_every_loss_trains_with_finite_numbers(kind):
    trainer = Trainer(small_ring8(**{"loss.kind": kind, "loss.label_smoothing": 0.1}))
    stats = [trainer.step() for _ in range(20)]
    assert all(not s.nonfinite for s in stats)
    if kind == "wgan":
        assert max(p.abs().max().item() for p in trainer.D.parameters()) <= trainer.cfg.loss.clip + 1e-7
    probabilities = kind in ("minimax", "nonsaturating")
    assert all(0 <= s.d_real <= 1 for s in stats) or not probabilities


def test_mnist_mlp_and_dcgan_steps():
    for name in ("mnist-mlp", "mnist-dcgan"):
        cfg = preset(name)
        cfg.data.limit = 512
        trainer = Trainer(cfg)
        stats = trainer.step()
        assert not stats.nonfinite
        samples = trainer.samples()
        assert samples.shape == (64, 1, 28, 28) and samples.dtype == np.float32
        assert samples.min() >= -1 and samples.max() <= 1
        assert trainer.real_samples().shape == (64, 1, 28, 28)


def test_missing_device_is_a_clear_error():
    if not torch.cuda.is_available():
        with pytest.raises(ConfigError, match="no CUDA GPU"):
            resolve_device("cuda")
    assert resolve_device("cpu").type == "cpu"


def test_samples_do_not_change_training():
    a, b = Trainer(small_ring8(**{"gen.batch_norm": True})), Trainer(small_ring8(**{"gen.batch_norm": True}))
    for _ in range(10):
        a.step()
        a.samples()
        b.step()
    assert rows([a.step()]) == rows([b.step()])
