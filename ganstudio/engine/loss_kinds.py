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
