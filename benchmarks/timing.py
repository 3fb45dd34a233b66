"""Shared by the benchmark scripts: a trainer past its first steps, and repeated timing of a call."""

from __future__ import annotations

import time

WARMUP = 3


def times_ms(call, reps: int) -> list[float]:
    """Milliseconds of ``reps`` calls of ``call`` (after WARMUP untimed ones)."""
    for _ in range(WARMUP):
        call()
    out = []
    for _ in range(reps):
        t0 = time.perf_counter()
        call()
        out.append((time.perf_counter() - t0) * 1e3)
    return out


def warm_trainer(name: str, threads: int):
    """The preset's Trainer after 20 steps (optimizer state exists); ``threads`` 0 keeps the preset's."""
    from ganstudio.engine.train.presets import preset
    from ganstudio.engine.train.trainer import Trainer

    cfg = preset(name)
    if threads:
        cfg.threads = threads
    trainer = Trainer(cfg)
    for _ in range(20):
        trainer.step()
    return trainer
