"""The population trainer against lone Trainers: same start, same update, same numbers."""

from __future__ import annotations

import pytest
import torch

from ganstudio.engine.population.population import PER_MEMBER, Population
from ganstudio.engine.population.stacked import PopulationError
from ganstudio.engine.train.config import DataConfig, DiscConfig, GenConfig, OptimConfig, RunConfig
from ganstudio.engine.train.trainer import Trainer


def _cfg(**over) -> RunConfig:
    cfg = RunConfig(data=DataConfig(name="ring8", n_points=512),
                    gen=GenConfig(hidden=[16, 16], noise_dim=2),
                    disc=DiscConfig(hidden=[16, 16]),
                    opt_g=OptimConfig(lr=1e-3), opt_d=OptimConfig(lr=2e-3),
                    batch_size=32, fixed_noise_n=16, device="cpu")
    for key, value in over.items():
        owner, _, attr = key.rpartition(".")
        setattr(getattr(cfg, owner) if owner else cfg, attr, value)
    return cfg


def _members(base: dict, per_member: list[dict]) -> list[RunConfig]:
    cfgs = []
    for k, extra in enumerate(per_member):
        cfg = _cfg(**base, **extra)
        cfg.seed = extra.get("seed", k)
        cfgs.append(cfg)
    return cfgs


class Recorded:
    """Wraps a population's random draws so the same inputs can be fed to lone trainers."""

    def __init__(self, pop: Population):
        self.calls: list[tuple[str, object]] = []
        for name in ("_real", "_latent", "_input_noise", "mix_weights"):
            original = getattr(pop, name)

            def wrapped(*args, _name=name, _original=original):
                out = _original(*args)
                self.calls.append((_name, out))
                return out

            setattr(pop, name, wrapped)

    def feed(self, lone: Trainer, k: int) -> None:
        """Make ``lone`` draw member k's slice of the recorded inputs, in the same order."""
        queue = {name: [out for n, out in self.calls if n == name] for name in
                 ("_real", "_latent", "_input_noise", "mix_weights")}

        def pair(name):
            def take(n):
                x, labels = queue[name].pop(0)
                return x[k], None if labels is None else labels[k]
            return take

        def noise(x):
            out = queue["_input_noise"].pop(0)
            return None if out is None or not lone.instance_noise else out[k]

        lone._real = pair("_real")
        lone._latent = pair("_latent")
        lone._input_noise = noise
        lone.mix_weights = lambda real: queue["mix_weights"].pop(0)[k]
        self.calls = []


def _close(a: torch.Tensor, b: torch.Tensor, what: str) -> None:
    assert torch.allclose(a.float(), b.float(), rtol=1e-5, atol=1e-5), \
        f"{what}: max diff {(a.float() - b.float()).abs().max().item():.3g}"


def _compare(pop: Population, lone: list[Trainer]) -> None:
    for k, t in enumerate(lone):
        shell = pop.sync(k)
        for mine, theirs, net in ((shell.G, t.G, "G"), (shell.D, t.D, "D")):
            for (name, a), (_, b) in zip(list(mine.state_dict().items()), list(theirs.state_dict().items())):
                _close(a, b, f"member {k} {net}.{name}")
        if t.G_avg is not None:
            for (name, a), (_, b) in zip(shell.G_avg.state_dict().items(), t.G_avg.state_dict().items()):
                _close(a, b, f"member {k} G_avg.{name}")
        for which in ("opt_g", "opt_d"):
            mine, theirs = getattr(shell, which).state_dict()["state"], getattr(t, which).state_dict()["state"]
            assert mine.keys() == theirs.keys(), f"member {k} {which} state keys"
            for i in theirs:
                assert mine[i].keys() == theirs[i].keys()
                for key, value in theirs[i].items():
                    if value is not None:
                        _close(mine[i][key], value, f"member {k} {which}[{i}].{key}")
        assert (shell.step_count, shell.d_updates, shell.g_updates) == (t.step_count, t.d_updates, t.g_updates)


def _step_alongside(pop: Population, lone: list[Trainer], steps: int) -> None:
    """``steps`` population steps, each member's lone Trainer fed the same draws; every step's
    numbers must agree to 1e-5."""
    rec = Recorded(pop)
    for _ in range(steps):
        pop.step()
        calls = list(rec.calls)
        for k, t in enumerate(lone):
            rec.calls = list(calls)
            rec.feed(t, k)
            stats = t.step()
            rows = pop._rows[-1][2][k].tolist()
            for got, want in zip(rows[:7], [stats.loss_d, stats.loss_g, stats.d_real, stats.d_fake,
                                            stats.d_fake_after, stats.grad_norm_d, stats.grad_norm_g]):
                assert got == pytest.approx(want, rel=1e-5, abs=1e-6)
        rec.calls = []


CASES = {
    "nonsaturating, per-member lr and betas": ({}, [
        {"opt_g.lr": 1e-3}, {"opt_g.lr": 3e-4, "opt_d.beta1": 0.9}, {"opt_d.lr": 5e-3, "opt_g.beta2": 0.99}]),
    "minimax, label smoothing per member, weight average": ({"loss.kind": "minimax", "gen.ema": 0.99}, [
        {"loss.label_smoothing": 0.0}, {"loss.label_smoothing": 0.2}]),
    "lsgan, annealed instance noise per member, d_steps 2": (
        {"loss.kind": "lsgan", "d_steps": 2, "loss.instance_noise_steps": 10, "loss.instance_noise_final": 0.05},
        [{"loss.instance_noise": 0.0}, {"loss.instance_noise": 0.5}]),
    "wgan (clipping), sgd with momentum": (
        {"loss.kind": "wgan", "opt_g.kind": "sgd", "opt_d.kind": "sgd"},
        [{"opt_g.momentum": 0.0}, {"opt_g.momentum": 0.9, "opt_d.momentum": 0.5}]),
    "wgan-gp, rmsprop": ({"loss.kind": "wgan-gp", "opt_g.kind": "rmsprop", "opt_d.kind": "rmsprop"},
                         [{}, {"opt_d.momentum": 0.5}]),
    "hinge, spectral norm": ({"loss.kind": "hinge", "disc.spectral_norm": True}, [{}, {}, {}]),
    # (Not with hinge: early on every output sits inside the margins, so the weight of the stddev
    # feature, a constant over the batch, gets -1 + 1 = a rounding residue, which Adam turns into a step.)
    "minibatch stddev": ({"disc.minibatch_stddev": True}, [{}, {}, {}]),
    # A bias just before batch norm has a gradient of float rounding only (the norm removes it), and
    # Adam scales any gradient to a step of ~lr: summed in another order, that noise moves the bias
    # by 1e-4 in a lone run too. SGD keeps it at the size of the noise, so the norm itself is checked.
    # The weight average averages G's batch-norm statistics too.
    "batch norm in G and D, sgd, weight average": (
        {"gen.batch_norm": True, "disc.batch_norm": True, "opt_g.kind": "sgd", "opt_d.kind": "sgd",
         "opt_g.lr": 0.05, "opt_d.lr": 0.05, "gen.ema": 0.99},
        [{}, {"opt_g.momentum": 0.5}, {}]),
    "pack 2, minibatch discrimination": (
        {"disc.pack": 2, "disc.minibatch_disc": True, "disc.mbd_kernels": 6, "disc.mbd_kernel_dim": 3},
        [{}, {"opt_d.lr": 1e-4}]),
}


def test_a_conditional_population_step_is_each_members_lone_step():
    """Labels (one-hot on G's z and D's input) and image data with batch norm and dropout off."""
    cfgs = []
    for seed, lr in ((0, 1e-3), (1, 3e-4)):
        cfg = RunConfig(data=DataConfig(name="mnist", limit=96), gen=GenConfig(hidden=[32], noise_dim=8),
                        disc=DiscConfig(hidden=[32]), opt_g=OptimConfig(lr=lr), batch_size=16,
                        conditional=True, fixed_noise_n=16, device="cpu", seed=seed)
        cfgs.append(cfg)
    lone = [Trainer(c) for c in cfgs]
    pop = Population([Trainer(c) for c in cfgs])
    _step_alongside(pop, lone, 3)
    _compare(pop, lone)
    assert pop.samples().shape == (2, 16, 1, 28, 28)


@pytest.mark.parametrize("case", list(CASES))
def test_a_population_step_is_each_members_lone_step(case):
    base, per_member = CASES[case]
    cfgs = _members(base, per_member)
    lone = [Trainer(c) for c in cfgs]
    pop = Population([Trainer(c) for c in cfgs])
    _compare(pop, lone)  # the same start: a member is the lone run of its seed
    _step_alongside(pop, lone, 4)
    _compare(pop, lone)


def test_members_that_differ_in_a_shared_field_are_refused():
    a, b = _cfg(), _cfg(batch_size=64)
    with pytest.raises(PopulationError, match="batch_size"):
        Population([Trainer(a), Trainer(b)])
    dcgan = RunConfig(data=DataConfig(name="mnist", limit=64), gen=GenConfig(kind="dcgan", noise_dim=8, base_channels=4),
                      disc=DiscConfig(kind="dcgan", base_channels=4), device="cpu")
    with pytest.raises(PopulationError, match="MLP"):
        Population([Trainer(dcgan)])


def test_a_member_that_goes_non_finite_is_stopped_and_the_others_train_on():
    cfgs = _members({}, [{}, {}, {}])
    pop = Population([Trainer(c) for c in cfgs])
    for _ in range(3):
        pop.step()
    pop.take_rows()
    before = pop.sync(1).G.state_dict()
    before = {k: v.clone() for k, v in before.items()}
    with torch.no_grad():
        a, b = pop.D.spans[pop.D.names[0]]
        pop.D.flat[1, a:b] = float("nan")  # member 1's D breaks
    for _ in range(5):
        pop.step()
    rows = pop.take_rows()
    assert rows[1].stopped_at == 4 and rows[1].rows[-1].nonfinite
    assert len(rows[0].rows) == len(rows[2].rows) == 5 and rows[0].stopped_at is None
    assert 1 in pop.stopped and pop.active == [0, 2]
    shell = pop.members[1]
    assert shell.step_count == 4
    for name, value in shell.G.state_dict().items():
        assert torch.equal(value, before[name]), "a stopped member keeps its last good weights"
    pop.step()
    assert set(pop.take_rows()) == {0, 2}


def test_clone_copies_a_member_and_takes_new_settings():
    cfgs = _members({}, [{}, {"opt_g.lr": 5e-3}])
    pop = Population([Trainer(c) for c in cfgs])
    for _ in range(3):
        pop.step()
    pop.stop(1)
    pop.clone(0, 1, {"opt_g.lr": 2e-4})
    assert pop.active == [0, 1]
    a, b = pop.sync(0), pop.sync(1)
    for (name, x), (_, y) in zip(a.G.state_dict().items(), b.G.state_dict().items()):
        assert torch.equal(x, y), name
    assert b.cfg.opt_g.lr == 2e-4 and a.cfg.opt_g.lr == 1e-3
    assert pop.opt_g.lr[1].item() == pytest.approx(2e-4)
    with pytest.raises(PopulationError, match="loss.kind"):
        pop.set_member(0, {"loss.kind": "lsgan"})
    assert "seed" in PER_MEMBER
