"""GraphStep: the training step recorded as a CUDA graph and replayed, its numbers read in batches.

Off CUDA, GraphStep runs the very step it would record (live values from device tensors, numbers
into the device ring) eagerly; those tests check it against the Trainer's own step. The replay
itself is checked where CUDA exists (the tests marked ``cuda``)."""

from __future__ import annotations

import math

import pytest
import torch

from ganstudio.engine.train.config import DataConfig, DiscConfig, GenConfig, OptimConfig, RunConfig
from ganstudio.engine.train.graph_step import GraphStep, why_not
from ganstudio.engine.train.trainer import Trainer

needs_cuda = pytest.mark.skipif(not torch.cuda.is_available(), reason="CUDA graphs need a CUDA GPU")


def _cfg(device: str = "cpu", **over) -> RunConfig:
    cfg = RunConfig(data=DataConfig(name="ring8", n_points=512),
                    gen=GenConfig(hidden=[16, 16], noise_dim=2),
                    disc=DiscConfig(hidden=[16, 16]),
                    opt_g=OptimConfig(lr=1e-3), opt_d=OptimConfig(lr=2e-3),
                    batch_size=32, fixed_noise_n=16, device=device, seed=3)
    for key, value in over.items():
        owner, _, attr = key.rpartition(".")
        setattr(getattr(cfg, owner) if owner else cfg, attr, value)
    return cfg


REMEDIES = {
    "plain": {},
    "weight average, fading noise, smoothing": {"gen.ema": 0.99, "loss.instance_noise": 0.5,
                                                 "loss.instance_noise_steps": 120, "loss.label_smoothing": 0.1},
    "d_steps 2, lsgan": {"d_steps": 2, "loss.kind": "lsgan"},
    "wgan clipping, sgd": {"loss.kind": "wgan", "opt_d.kind": "sgd", "opt_g.kind": "sgd", "opt_d.momentum": 0.5},
    # With batch norm, the bias before the norm has a gradient of pure float rounding; Adam would
    # scale any difference in it to a step of about lr (tests/test_population.py says more): SGD.
    "hinge, batch norm, dropout, sgd": {"loss.kind": "hinge", "gen.batch_norm": True, "disc.dropout": 0.2,
                                        "opt_d.kind": "sgd", "opt_g.kind": "sgd", "opt_g.lr": 1e-2},
}


def _same_state(a: Trainer, b: Trainer, tol: float) -> None:
    for name in ("G", "D", "G_avg"):
        x, y = getattr(a, name), getattr(b, name)
        if x is None:
            continue
        for (key, p), q in zip(x.state_dict().items(), y.state_dict().values()):
            assert torch.allclose(p.float(), q.float(), atol=tol, rtol=tol), f"{name}.{key}"
    for opt_a, opt_b in ((a.opt_g, b.opt_g), (a.opt_d, b.opt_d)):
        for sa, sb in zip(opt_a.state.values(), opt_b.state.values()):
            for key in sa:
                assert torch.allclose(torch.as_tensor(sa[key]).float().cpu(), torch.as_tensor(sb[key]).float().cpu(),
                                      atol=tol, rtol=tol), key
    assert (a.step_count, a.d_updates, a.g_updates) == (b.step_count, b.d_updates, b.g_updates)


def _same_numbers(rows, eager, tol: float) -> None:
    assert [r.step for r in rows] == [s.step for s in eager]
    for r, s in zip(rows, eager):
        for field in ("loss_d", "loss_g", "d_real", "d_fake", "d_fake_after", "grad_norm_d", "grad_norm_g"):
            assert math.isclose(getattr(r, field), getattr(s, field), rel_tol=tol, abs_tol=tol), (r.step, field)


@pytest.mark.parametrize("remedies", list(REMEDIES.values()), ids=list(REMEDIES))
def test_the_step_it_records_is_the_trainers_step(remedies):
    """200 steps of the recorded step (run eagerly here) against 200 of Trainer.step from the same
    seed: the same weights, optimizer state, counters and per-step numbers, read in batches."""
    eager = Trainer(_cfg(**remedies))
    expected = [eager.step() for _ in range(200)]
    graphed = Trainer(_cfg(**remedies))  # seeds the global stream dropout draws from, as eager's did
    graph = GraphStep(graphed, capacity=64)  # a ring smaller than the run: it fills and is read
    rows = []
    for i in range(200):
        graph.step()
        if i % 37 == 36:
            rows += graph.take()
    rows += graph.take()
    assert graph.pending == 0
    _same_state(eager, graphed, 1e-5)
    _same_numbers(rows, expected, 1e-5)
    assert rows[-1].wall_s == pytest.approx(graphed.train_s)
    assert all(a.wall_s < b.wall_s for a, b in zip(rows, rows[1:]))


def test_live_changes_and_eager_calls_between_steps_follow_the_trainer():
    """A learning-rate change, a single D step and a label-smoothing change in the middle: the same
    as the trainer doing the same; the optimizers keep plain float rates between steps (what eager
    calls use and checkpoints save)."""
    cfg = _cfg(**{"gen.ema": 0.99, "loss.instance_noise": 0.3})
    eager, graphed = Trainer(cfg), Trainer(cfg)
    graph = GraphStep(graphed)
    for t, run in ((eager, eager.step), (graphed, graph.step)):
        for _ in range(30):
            run()
        if t is graphed:
            graph.take()
        t.set_hparams({"opt_d.lr": 5e-4, "opt_g.lr": 3e-3})
        for _ in range(20):
            run()
        if t is graphed:
            graph.take()
        t.step_d()
        t.set_hparams({"loss.label_smoothing": 0.2})
        for _ in range(20):
            run()
    assert [r.step for r in graph.take()] == list(range(52, 72))
    _same_state(eager, graphed, 1e-5)
    assert graphed.opt_d.param_groups[0]["lr"] == 5e-4 and graphed.opt_g.param_groups[0]["lr"] == 3e-3


def test_a_loaded_checkpoint_and_a_structural_change_start_a_new_recording():
    t = Trainer(_cfg())
    graph = GraphStep(t)
    graph.step()
    key = graph._key
    t.set_hparams({"opt_g.lr": 2e-3})
    graph.step()
    assert graph._key == key, "a learning rate is live: nothing to record again"
    t.set_hparams({"loss.kind": "hinge"})
    graph.step()
    assert graph._key != key
    key = graph._key
    t.load_state_dict(t.state_dict())
    graph.step()
    assert graph._key != key
    assert [r.step for r in graph.take()] == [1, 2, 3, 4]


def test_a_non_finite_step_is_named_and_skipped():
    """A real batch holding an Inf makes D's loss Inf: that update is skipped (D stays finite), the
    step is named, and the steps around it train."""
    t = Trainer(_cfg())
    t._x[:8] = math.inf  # 8 of 512 points: about 40 % of batches of 32 draw one
    graph = GraphStep(t)
    before = [p.clone() for p in t.D.parameters()]
    for _ in range(20):
        graph.step()
    rows = graph.take()
    bad = [r for r in rows if r.nonfinite]
    assert bad and len(bad) < len(rows) and {r.nonfinite for r in bad} == {"loss_d"}
    assert all(torch.isfinite(p).all() for p in t.D.parameters())
    assert not all(torch.equal(a, b) for a, b in zip(before, t.D.parameters())), "the finite steps moved D"


def test_what_cannot_be_recorded_is_named():
    assert "CUDA" in why_not(Trainer(_cfg()))
    if torch.cuda.is_available():
        assert why_not(Trainer(_cfg("cuda"))) is None
        assert "RMSprop" in why_not(Trainer(_cfg("cuda", **{"opt_d.kind": "rmsprop"})))
        assert "penalty" in why_not(Trainer(_cfg("cuda", **{"loss.kind": "wgan-gp"})))


@needs_cuda
@pytest.mark.parametrize("remedies", list(REMEDIES.values()), ids=list(REMEDIES))
def test_the_replay_equals_the_eager_step_on_cuda(remedies):
    """Issue 22: 200 replayed steps equal 200 eager ones from the same seed to 1e-5."""
    eager = Trainer(_cfg("cuda", **remedies))
    expected = [eager.step() for _ in range(200)]
    graphed = Trainer(_cfg("cuda", **remedies))
    graph = GraphStep(graphed)
    for _ in range(200):
        graph.step()
    rows = graph.take()
    assert graph.captured and graph.recordings == 1
    _same_state(eager, graphed, 1e-5)
    _same_numbers(rows, expected, 1e-5)


@needs_cuda
def test_live_changes_need_no_new_recording_on_cuda():
    cfg = _cfg("cuda", **{"gen.ema": 0.99, "loss.instance_noise": 0.5, "loss.instance_noise_steps": 50,
                          "loss.instance_noise_final": 0.05, "loss.label_smoothing": 0.1})
    eager, graphed = Trainer(cfg), Trainer(cfg)
    graph = GraphStep(graphed)
    for t, run in ((eager, eager.step), (graphed, graph.step)):
        for lr in (1e-3, 3e-4, 2e-3):
            t.set_hparams({"opt_d.lr": lr, "loss.label_smoothing": lr * 100})
            for _ in range(40):
                run()
    graph.take()
    assert graph.recordings == 1
    _same_state(eager, graphed, 1e-5)


@needs_cuda
def test_a_live_change_that_cannot_be_recorded_runs_eagerly_until_it_can_on_cuda():
    t = Trainer(_cfg("cuda"))
    graph = GraphStep(t)
    for _ in range(10):
        graph.step()
    t.set_hparams({"loss.kind": "wgan-gp"})
    for _ in range(10):
        graph.step()
    assert "penalty" in graph.fallback and graph.recordings == 1
    t.set_hparams({"loss.kind": "hinge"})
    for _ in range(10):
        graph.step()
    assert graph.fallback is None and graph.recordings == 2
    assert [r.step for r in graph.take()] == list(range(1, 31))
