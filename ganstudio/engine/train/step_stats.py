"""The numbers of one training call, as plain floats: what the worker buffers and the window plots.

Kept apart from trainer.py (which imports torch) so the window's history and plots can be built
before torch has loaded.
"""

from __future__ import annotations

from dataclasses import dataclass, fields


@dataclass
class StepStats:
    """Numbers of one training call. NaN marks a value the call did not produce (loss_g of a
    D-only step). ``nonfinite`` names the losses or gradients that came out NaN/Inf; such an
    update is skipped so the weights stay usable after the user lowers the learning rate."""

    step: int
    loss_d: float
    loss_g: float
    d_real: float  # mean D(x) on the real batch (a probability for BCE losses, else raw score)
    d_fake: float  # mean D(G(z)) on the fake batch, before D's update
    d_fake_after: float  # mean D(G(z)) as G sees it, after D's update
    grad_norm_d: float
    grad_norm_g: float
    wall_s: float  # training seconds since the run began (pauses not counted)
    kind: str = "both"  # "both", "d" or "g": which networks this call updated
    nonfinite: str = ""


STAT_FIELDS = tuple(f.name for f in fields(StepStats) if f.name not in ("kind", "nonfinite"))
