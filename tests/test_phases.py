"""Slow-motion training (Trainer.phases): bit-identical to the plain calls, phases in order, the
"after" numbers really are D's scores after the update, 2-D point copies, NaN reporting, timing."""

import math
import time
from pathlib import Path

import numpy as np
import pytest
import torch

from ganstudio.engine.nets import eval_mode
from ganstudio.engine.train.phases import PHASE_NAMES, Phase
from ganstudio.engine.train.presets import preset
from ganstudio.engine.train.trainer import STAT_FIELDS, Trainer
from test_trainer import small_ring8
from training_state import assert_same, snapshot

PLAIN = {"both": Trainer.step, "d": Trainer.step_d, "g": Trainer.step_g}
CONFIGS = [
    {},
    {"d_steps": 2},
    # RNG draws for instance noise, dropout's global-RNG draws, batch-norm statistics, power iteration
    {"d_steps": 2, "loss.instance_noise": 0.05, "gen.batch_norm": True, "disc.dropout": 0.2,
     "disc.spectral_norm": True},
    {"loss.kind": "wgan-gp", "opt_d.kind": "rmsprop", "opt_g.kind": "sgd", "d_steps": 2},  # GP's draws
]
MNIST = Path(__file__).resolve().parents[1] / "resources" / "mnist_5k.npz"


def run(trainer: Trainer, kind: str = "both") -> tuple[list[Phase], object]:
    """All phases of one call and its StepStats."""
    gen, phases = trainer.phases(kind), []
    while True:
        try:
            phases.append(next(gen))
        except StopIteration as stop:
            return phases, stop.value


def state(trainer: Trainer) -> dict:
    """snapshot() without train_s, which is measured time, and with NaN gradients comparable."""
    snap = snapshot(trainer)
    snap["counters"] = snap["counters"][:3]
    snap["grads"] = [g if g is None else torch.nan_to_num(g, nan=-12345.0) for g in snap["grads"]]
    snap["fake"] = trainer._fake is None
    return snap


def numbers(stats) -> tuple:
    """StepStats without wall_s; NaN made comparable."""
    values = tuple(-12345.0 if math.isnan(v) else v for v in
                   (getattr(stats, k) for k in STAT_FIELDS if k != "wall_s"))
    return values + (stats.kind, stats.nonfinite)


def side_by_side(kind: str, changes: dict, patch=lambda trainer: None) -> list[tuple]:
    """The same trained state advanced once by ``phases(kind)`` and once by the plain call, then
    by one more plain step each. Dropout draws from the process-wide RNG, so each trainer runs
    from the same global RNG state in turn."""
    trainers = [Trainer(small_ring8(**changes)), Trainer(small_ring8(**changes))]
    start = torch.get_rng_state()
    results = []
    for trainer, phased in zip(trainers, (True, False)):
        torch.set_rng_state(start)
        for _ in range(3):
            trainer.step()
        patch(trainer)
        stats = run(trainer, kind)[1] if phased else PLAIN[kind](trainer)
        after_call = state(trainer)
        results.append((numbers(stats), after_call, numbers(trainer.step()), state(trainer)))
    return results


@pytest.mark.parametrize("changes", CONFIGS)
@pytest.mark.parametrize("kind", ["both", "d", "g"])
def test_phases_equal_the_plain_call(kind, changes):
    got, expected = side_by_side(kind, changes)
    assert got[0] == expected[0]  # StepStats
    assert_same(got[1], expected[1])  # the whole state right after the call
    assert_same(got[2:], expected[2:])  # and the run goes on the same


@pytest.mark.parametrize("kind, expected", [
    ("both", ["d_real", "d_fake", "d_update"] * 2 + ["g_update"]),
    ("d", ["d_real", "d_fake", "d_update"]),  # step_d is one D update whatever d_steps says
    ("g", ["g_update"]),
])
def test_phase_sequence(kind, expected):
    phases, stats = run(Trainer(small_ring8(d_steps=2)), kind)
    assert [p.name for p in phases] == expected
    assert [p.index for p in phases] == list(range(len(expected)))
    rounds = [0, 0, 0, 1, 1, 1, 0] if kind == "both" else [0] * len(expected)
    assert [p.d_round for p in phases] == rounds
    assert stats.kind == kind and stats.step == 1
    assert set(p.name for p in phases) <= set(PHASE_NAMES)


@torch.no_grad()
def score(trainer: Trainer, points: np.ndarray) -> float:
    """D's mean score of ``points`` as the phases compute it (eval mode, nothing changed)."""
    with eval_mode(trainer.D):
        out = trainer.D(torch.from_numpy(points))
    return float(torch.sigmoid(out).mean() if trainer.probabilities else out.mean())


@pytest.mark.parametrize("loss", ["nonsaturating", "wgan"])
def test_after_numbers_are_the_scores_after_the_update(loss):
    # no instance noise (ring8 fades some in): D's numbers are its scores of the inputs it saw, and
    # ``score`` reads D on the clean points
    trainer = Trainer(small_ring8(**{"loss.kind": loss, "opt_d.lr": 1e-2, "loss.instance_noise": 0.0}))
    trainer.step()
    gen = trainer.phases()
    real = next(gen)
    assert real.numbers["d_real"] == pytest.approx(score(trainer, real.real), rel=1e-6)
    fake = next(gen)
    assert fake.numbers["d_fake"] == pytest.approx(score(trainer, fake.fake), rel=1e-6)
    d_before = [p.clone() for p in trainer.D.parameters()]
    update = next(gen)
    assert update.numbers["d_real_after"] == pytest.approx(score(trainer, update.real), rel=1e-6)
    assert update.numbers["d_fake_after"] == pytest.approx(score(trainer, update.fake), rel=1e-6)
    assert update.numbers["d_real_after"] != update.numbers["d_real"]  # D did move
    assert update.numbers["d_real"] == real.numbers["d_real"]
    assert not all(torch.equal(a, b) for a, b in zip(d_before, trainer.D.parameters()))
    g = next(gen)
    # the same fake batch and D as d_update's "after": what G sees before it moves
    assert g.numbers["d_fake_before"] == pytest.approx(update.numbers["d_fake_after"], rel=1e-6)
    assert np.array_equal(g.fake, update.fake)
    assert g.numbers["d_fake_after"] == pytest.approx(score(trainer, g.fake_after), rel=1e-6)
    assert not np.array_equal(g.fake_after, g.fake)
    with pytest.raises(StopIteration) as stop:
        next(gen)
    stats = stop.value.value  # the generator's return value
    assert stats.d_fake_after == g.numbers["d_fake_before"]
    assert stats.loss_g == g.numbers["loss_g"] and stats.loss_d == update.numbers["loss_d"]


def test_point_arrays_are_float32_copies_of_the_batch():
    trainer = Trainer(small_ring8(**{"disc.pack": 2}))
    phases, _ = run(trainer)
    by_name = {p.name: p for p in phases}
    b = trainer.cfg.batch_size
    for name, attrs in [("d_real", ("real",)), ("d_fake", ("real", "fake")),
                        ("d_update", ("real", "fake")), ("g_update", ("fake", "fake_after"))]:
        phase = by_name[name]
        for attr in ("real", "fake", "fake_after"):
            points = getattr(phase, attr)
            if attr in attrs:
                assert isinstance(points, np.ndarray) and points.shape == (b, 2)
                assert points.dtype == np.float32
            else:
                assert points is None, (name, attr)
    real = by_name["d_real"].real
    assert not np.shares_memory(real, trainer.dataset.x.numpy())
    assert np.isin(real.view(np.complex64), trainer.dataset.x.numpy().view(np.complex64)).all()


@pytest.mark.skipif(not MNIST.exists(), reason="bundled MNIST subset missing")
def test_image_data_has_no_point_arrays():
    cfg = preset("mnist-mlp")
    cfg.data.limit = 256
    cfg.gen.hidden = [32]
    cfg.disc.hidden = [32]
    cfg.batch_size = 16
    phases, stats = run(Trainer(cfg))
    assert [p.name for p in phases] == ["d_real", "d_fake", "d_update", "g_update"]
    assert all(p.real is None and p.fake is None and p.fake_after is None for p in phases)
    assert not stats.nonfinite and all(math.isfinite(v) for p in phases for v in p.numbers.values())


@pytest.mark.parametrize("side, kind", [("g", "both"), ("g", "g"), ("d", "d"), ("d", "both")])
def test_nonfinite_loss_is_reported_like_step(side, kind):
    def poison(trainer):
        if side == "g":
            trainer._g_loss = lambda out: out.mean() * float("nan")
        else:
            trainer._d_loss = lambda real, fake, target: (real.mean() + fake.mean()) * float("nan")

    got, expected = side_by_side(kind, {}, poison)
    assert_same(got, expected)
    assert got[0][-1] == f"loss_{side}"  # StepStats.nonfinite

    trainer = Trainer(small_ring8())
    poison(trainer)
    net = trainer.G if side == "g" else trainer.D
    weights = [p.clone() for p in net.parameters()]
    phases, stats = run(trainer, kind)
    update = [p for p in phases if p.name == f"{side}_update"][-1]
    assert stats.nonfinite == f"loss_{side}" and math.isnan(update.numbers[f"loss_{side}"])
    assert all(torch.equal(a, b) for a, b in zip(weights, net.parameters()))  # update skipped


def test_paused_time_is_not_training_time(monkeypatch):
    clock = [100.0]
    monkeypatch.setattr(time, "perf_counter", lambda: clock[0])
    trainer = Trainer(small_ring8())
    gen = trainer.phases()
    for _ in range(4):
        next(gen)
        clock[0] += 60.0  # the teacher talks for a minute at every phase
    with pytest.raises(StopIteration) as stop:
        next(gen)
    assert stop.value.value.wall_s == trainer.train_s == 0.0  # StopIteration.value: the StepStats


def test_bad_kind_fails_at_the_call():
    with pytest.raises(ValueError, match="kind must be one of"):
        Trainer(small_ring8()).phases("both-twice")


def test_an_abandoned_call_leaves_a_usable_trainer():
    trainer = Trainer(small_ring8())
    gen = trainer.phases()
    for _ in range(3):
        next(gen)
    gen.close()
    assert (trainer.step_count, trainer.d_updates, trainer.g_updates) == (0, 1, 0)
    assert all(p.requires_grad for p in trainer.D.parameters())
    assert trainer._fake is None
    assert not trainer.step().nonfinite and trainer.step_count == 1
