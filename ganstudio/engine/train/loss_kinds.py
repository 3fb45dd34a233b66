"""What the window needs to know about each loss, without the loss functions (and torch).

The plots draw reference lines from these facts before torch has loaded; losses.py imports them.
"""

from __future__ import annotations

PROBABILITY_LOSSES = ("minimax", "nonsaturating")

# Loss values at the theoretical equilibrium D = 1/2 everywhere, drawn as reference lines.
EQUILIBRIUM = {
    "minimax": (2 * 0.6931471805599453, -0.6931471805599453),
    "nonsaturating": (2 * 0.6931471805599453, 0.6931471805599453),
}


def outputs_are_probabilities(kind: str) -> bool:
    """BCE losses read D's output through a sigmoid; the others show raw scores."""
    return kind in PROBABILITY_LOSSES


def instance_noise_at(loss, step: int) -> float:
    """The instance noise σ at ``step`` for a LossConfig: ``loss.instance_noise`` throughout, or,
    annealed (``instance_noise_steps`` > 0), fading linearly from it to ``instance_noise_final``
    over that many steps and staying there. Sønderby et al. (2017) anneal it so that early on the
    noisy real and fake distributions overlap, giving G a gradient towards every part of the data
    (a mode it misses included), while late on D sees the data sharp again."""
    start, steps = loss.instance_noise, loss.instance_noise_steps
    if steps <= 0 or step >= steps:
        return start if steps <= 0 else loss.instance_noise_final
    return start + (loss.instance_noise_final - start) * step / steps
