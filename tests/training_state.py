"""Snapshots of everything a run's future depends on, for tests that must prove they changed nothing."""

import copy

import numpy as np
import torch


def snapshot(trainer) -> dict:
    nets = (trainer.G, trainer.D)
    params = [p for net in nets for p in net.parameters()]
    return {
        "state": [copy.deepcopy(net.state_dict()) for net in nets],  # incl. batch-norm buffers
        "grads": [None if p.grad is None else p.grad.clone() for p in params],
        "requires_grad": [p.requires_grad for p in params],
        "training": [m.training for net in nets for m in net.modules()],
        "opt": [copy.deepcopy(opt.state_dict()) for opt in (trainer.opt_g, trainer.opt_d)],
        "rng": trainer.rng.get_state().clone(),
        "torch_rng": torch.get_rng_state().clone(),
        "np_rng": np.random.get_state()[1].copy(),
        "counters": (trainer.step_count, trainer.d_updates, trainer.g_updates, trainer.train_s),
    }


def assert_same(a, b, where="state") -> None:
    """Exact equality, walking dicts and lists, naming the first place that differs."""
    if isinstance(a, torch.Tensor):
        assert isinstance(b, torch.Tensor) and a.dtype == b.dtype and torch.equal(a, b), where
    elif isinstance(a, np.ndarray):
        assert np.array_equal(a, b), where
    elif isinstance(a, dict):
        assert a.keys() == b.keys(), where
        for key in a:
            assert_same(a[key], b[key], f"{where}.{key}")
    elif isinstance(a, (list, tuple)):
        assert len(a) == len(b), where
        for i, (x, y) in enumerate(zip(a, b)):
            assert_same(x, y, f"{where}[{i}]")
    else:
        assert a == b, where


def small_trainer(name: str, steps: int, hidden=(16, 16), batch: int = 64, fixed_noise_n: int = 32,
                  **changes):
    """A preset shrunk to run fast in a test (1 thread), trained ``steps`` iterations.
    ``changes`` are config fields by dotted name, e.g. ``**{"gen.batch_norm": True}``."""
    from ganstudio.engine.train.config import set_field
    from ganstudio.engine.train.presets import preset
    from ganstudio.engine.train.trainer import Trainer

    cfg = preset(name)
    cfg.gen.hidden = list(hidden)
    cfg.disc.hidden = list(hidden)
    cfg.batch_size = batch
    cfg.fixed_noise_n = fixed_noise_n
    cfg.threads = 1
    for key, value in changes.items():
        set_field(cfg, key, value)
    trainer = Trainer(cfg)
    for _ in range(steps):
        trainer.step()
    return trainer
