"""Slow motion for one training call: the same update as ``Trainer.step`` / ``step_d`` /
``step_g``, paused after each teaching phase so a teacher can show what just happened.

``run_phases(trainer, kind)`` (also ``Trainer.phases(kind)``) is a generator. It yields a ``Phase``
after each of these, and returns (as ``StopIteration.value``) the ``StepStats`` the plain call
would have returned:

    d_real    D scores a real batch                      } d_steps times for "both",
    d_fake    D scores G's fake batch                    } once for "d",
    d_update  D's optimizer step                         } not at all for "g"
    g_update  G's optimizer step through a frozen D        (not for "d")

Run to the end it is bit-identical to the plain call: both call the trainer's own update pieces
(``d_batch``, ``d_apply``, ``g_apply``) in the same order, so weights, optimizer state, random
streams and counters come out the same. The extra numbers are read so that they change nothing:
the "after" scores are computed under ``no_grad`` with G and D in eval mode for the call (no
dropout draw from the global RNG, no batch-norm statistics update, no spectral-norm power
iteration) and every module's own mode restored, and no random number is drawn for them.

Which inputs the "after" scores use, so that before and after compare like with like:

* ``d_update``: D is re-scored on exactly the tensors it was trained on in this round, i.e. with
  the instance noise of that round when its σ (``Trainer.instance_noise``) is above 0.
* ``g_update``: G(z) is recomputed for the same z, and D scores it with the same instance noise G
  was trained through.

In a conditional run every batch keeps its labels: the real batch's own and, for the fakes, the
ones G drew for, both in the "before" and the "after" scores.

Eval mode means a D or G with dropout or batch norm scores "after" slightly differently from the
training-mode "before", beyond the effect of the update itself; the plain MLPs of the presets have
neither. The point arrays are the clean batches (no instance noise), as the 2-D view draws them.

A call abandoned part way (the generator closed or dropped) keeps the updates it already made and
the random numbers it already drew; ``step_count`` and ``train_s`` count only finished calls. Time
spent while the generator is paused is not training time and is left out of ``train_s``.
Hyper-parameters must not change between phases of one call.
"""

from __future__ import annotations

import math
import time
from collections.abc import Generator
from dataclasses import dataclass

import numpy as np
import torch
from torch import Tensor

from ganstudio.engine.nets import eval_mode
from ganstudio.engine.train.trainer import StepStats, Trainer

PHASE_NAMES = ("d_real", "d_fake", "d_update", "g_update")
KINDS = ("both", "d", "g")


@dataclass
class Phase:
    """One paused moment of a training call.

    ``numbers`` by phase (floats; scores are probabilities for the BCE losses, raw otherwise):

    * d_real: d_real = mean D(x) on the real batch.
    * d_fake: d_fake = mean D(G(z)) on the fake batch.
    * d_update: loss_d, grad_norm_d, d_real and d_fake (before, repeated for a self-contained
      before/after display), d_real_after and d_fake_after (D's mean scores of the same inputs
      after its update).
    * g_update: d_fake_before (D(G(z)) as G saw it, before G moved; this is StepStats.d_fake_after,
      "after D's update"), loss_g, grad_norm_g, d_fake_after (D(G(z)) for the same z after G's
      update).

    Point arrays are float32 (batch, 2) copies for 2-D data and None for images: d_real carries
    ``real``; d_fake and d_update carry ``real`` and ``fake``; g_update carries ``fake`` (before
    G's update) and ``fake_after``.
    """

    name: str
    index: int  # 0-based position in this call
    numbers: dict[str, float]
    real: np.ndarray | None = None
    fake: np.ndarray | None = None
    fake_after: np.ndarray | None = None
    d_round: int = 0  # which of the d_steps D updates (0-based); 0 for g_update


PhaseGen = Generator[Phase, None, StepStats]


def run_phases(trainer: Trainer, kind: str = "both") -> PhaseGen:
    """One training call of ``kind`` ("both", "d" or "g", as step / step_d / step_g) in phases.

    A plain function returning the generator, so a bad ``kind`` fails at the call, not at the
    first ``next``."""
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {', '.join(KINDS)}, not {kind!r}")
    return _timed(trainer, kind, _phases(trainer, kind))


def _timed(trainer: Trainer, kind: str, inner: Generator[Phase, None, list[Tensor]]) -> PhaseGen:
    """Pass the phases on, counting as training time only what runs between the pauses."""
    busy = 0.0
    start = time.perf_counter()
    while True:
        try:
            phase = next(inner)
        except StopIteration as stop:
            values = stop.value
            break
        busy += time.perf_counter() - start
        yield phase
        start = time.perf_counter()
    return trainer._finish(kind, values, start - busy)


def _phases(t: Trainer, kind: str) -> Generator[Phase, None, list[Tensor]]:
    """The phases; returns the seven StepStats tensors in ``Trainer._finish``'s order."""
    nan = torch.tensor(math.nan, device=t.device)  # the numbers this kind does not produce
    if kind == "g":
        t.forget_fake()  # as step_g
        z, labels = t._latent(t.cfg.batch_size)
        loss_g, d_before, gn_g = yield from _g_phase(t, z, labels, t._gen(z, labels), index=0)
        return [nan, loss_g, nan, nan, d_before, nan, gn_g]
    rounds = t.cfg.d_steps if kind == "both" else 1
    for r in range(rounds):
        keep = kind == "both" and r == rounds - 1  # the last round's fake batch feeds G's update
        loss_d, d_real, d_fake, gn_d, z, labels, fake = yield from _d_phases(t, r, keep)
    if kind == "d":
        return [loss_d, nan, d_real, d_fake, nan, gn_d, nan]
    t.forget_fake()  # as _update_g: the fake batch is used here and dropped
    loss_g, d_before, gn_g = yield from _g_phase(t, z, labels, fake, index=3 * rounds)
    return [loss_d, loss_g, d_real, d_fake, d_before, gn_d, gn_g]


def _d_phases(t: Trainer, r: int, keep_fake: bool) -> Generator[Phase, None, tuple[Tensor, ...]]:
    """d_real, d_fake and d_update of D round ``r``: ``Trainer._update_d`` with pauses.
    Returns loss, D(x), D(G(z)), gradient norm, z, the labels G drew for (None unless
    conditional) and the fake batch."""
    real, z, fake, real_labels, labels = t.d_batch(keep_fake)
    t.drop_d_grads()
    x_real = t._d_input(real)
    out_real = t._disc(x_real, real_labels)
    d_real = _score(t, out_real)
    real_np = _points(t, real)
    yield Phase("d_real", 3 * r, {"d_real": d_real.item()}, real=real_np, d_round=r)

    x_fake = t._d_input(fake.detach())
    out_fake = t._disc(x_fake, labels)
    d_fake = _score(t, out_fake)
    fake_np = _points(t, fake)
    yield Phase("d_fake", 3 * r + 1, {"d_fake": d_fake.item()}, real=real_np, fake=fake_np, d_round=r)

    loss, norm = t.d_apply(real, fake, out_real, out_fake, real_labels)
    with torch.no_grad(), eval_mode(t.D):
        real_after = _score(t, t._disc(x_real, real_labels))
        fake_after = _score(t, t._disc(x_fake, labels))
    numbers = _floats(loss_d=loss, grad_norm_d=norm, d_real=d_real, d_fake=d_fake,
                      d_real_after=real_after, d_fake_after=fake_after)
    yield Phase("d_update", 3 * r + 2, numbers, real=real_np, fake=fake_np, d_round=r)
    return loss, d_real, d_fake, norm, z, labels, fake


def _g_phase(t: Trainer, z: Tensor, labels: Tensor | None, fake: Tensor,
             index: int) -> Generator[Phase, None, tuple[Tensor, Tensor, Tensor]]:
    """g_update: ``Trainer._update_g`` on ``fake`` = G(z, labels), then G(z, labels) and D's
    score after it. Returns loss, D(G(z)) before G's update and G's gradient norm."""
    loss, out, norm, noise = t.g_apply(fake, labels)
    before = _score(t, out)
    with torch.no_grad(), eval_mode(t.G, t.D):
        moved = t._gen(z, labels)
        after = _score(t, t._disc(moved if noise is None else moved + noise, labels))
    numbers = _floats(d_fake_before=before, loss_g=loss, grad_norm_g=norm, d_fake_after=after)
    yield Phase("g_update", index, numbers, fake=_points(t, fake), fake_after=_points(t, moved))
    return loss, before, norm


def _score(t: Trainer, out: Tensor) -> Tensor:
    with torch.no_grad():
        return t._score(out)


def _floats(**values: Tensor) -> dict[str, float]:
    """0-d tensors to floats in one device-to-host transfer."""
    return dict(zip(values, torch.stack(list(values.values())).tolist()))


def _points(t: Trainer, x: Tensor) -> np.ndarray | None:
    """A float32 CPU copy of a batch of 2-D points (the caller may keep it); None for images."""
    if not t.dataset.is_2d:
        return None
    return x.detach().to(device="cpu", dtype=torch.float32, copy=True).numpy()
