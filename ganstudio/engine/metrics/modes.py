"""The 2-D mode metrics (VEEGAN / PacGAN definitions, docs/METRICS.md): how many of a mixture's
modes G covers, how many of its samples land close to a mode, and how evenly they spread.

For a mixture with known means μ_j (j = 1..K) and per-component std σ, on N generated points x_i:

    dist_i     = min_j ||x_i − μ_j|| / σ         distance to the nearest mean, in std units
    hq_i       = dist_i < 3                      "high quality"
    count_j    = #{i : hq_i and nearest(i) = j}
    modes      = #{j : count_j ≥ 1}
    hq_pct     = 100 · Σ_j count_j / N
    p_j        = count_j / Σ count
    reverse_kl = Σ_j p_j ln(p_j · K)           KL(p ‖ uniform over K), 0 ln 0 = 0

A perfect G scores K modes, hq ≈ 98.9 % (a 2-D Gaussian puts 1 − e^(−4.5) of its mass within
3σ) and a reverse KL near 0; a G collapsed onto one mode scores 1 mode and ln K.

``mode_metrics`` is plain numpy (one (N, K) distance matrix, no Python loop over points: about a
millisecond for 2,500 points). ``evaluate`` scores a trainer's G on a fixed noise batch; like
``lab`` it leaves the run untouched: the noise comes from its own seeded generator (not the
training stream, not the global RNG) and ``Trainer.generate`` runs G under ``no_grad`` in eval
mode and restores the mode, so no weight, gradient, optimizer state, batch-norm statistic or
random state changes.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:  # the data package imports torch; the meter's arithmetic needs only numpy
    from ganstudio.engine.data import Dataset

HQ_SIGMAS = 3.0  # a sample is "high quality" when it lies within 3σ of its nearest mean
MIN_CAPTURE_COUNT = 1  # high-quality samples a mode needs to count as captured (count_j ≥ 1)
EVAL_N = 2500  # docs/METRICS.md: N = 2,500 samples
EVAL_SEED = 0  # one noise batch for every run, so curves of different runs compare


@dataclass(frozen=True)
class ModeReport:
    """The mode metrics of one set of generated points (see the module docstring).

    ``counts[j]`` counts every finite point whose nearest mean is μ_j (high quality or not), so it
    shows where off-mode samples sit; ``hq_counts[j]`` is docs/METRICS.md's count_j, the high-quality
    ones only. Arrays are int64 of length ``n_modes`` in the order of the dataset's means.
    """

    n: int  # points scored (N)
    n_modes: int  # K, the mixture's number of components
    modes: int  # modes captured: hq_counts[j] ≥ min_count
    hq_pct: float  # 100 · (high-quality points) / N
    reverse_kl: float  # KL(p ‖ uniform) in nats, p = hq_counts / hq; NaN when hq = 0
    counts: np.ndarray  # (K,) points nearest to each mean
    hq_counts: np.ndarray  # (K,) high-quality points nearest to each mean

    @property
    def hq(self) -> int:
        """Number of high-quality points."""
        return int(self.hq_counts.sum())


def mixture_of(dataset: Dataset) -> tuple[np.ndarray, float] | None:
    """(means (K, 2) float64, σ) of a 2-D mixture set (ring8, grid25, gauss2, blobs3), else None.

    Sets without a mixture model (moons, spiral, ring, line, a CSV file, drawn points) have no
    modes to count.
    """
    if dataset.means is None or dataset.sigma is None:
        return None
    return np.asarray(dataset.means, dtype=np.float64).reshape(-1, 2), float(dataset.sigma)


def mode_metrics(points: np.ndarray, means: np.ndarray, sigma: float, *,
                 hq_sigmas: float = HQ_SIGMAS, min_count: int = MIN_CAPTURE_COUNT) -> ModeReport:
    """Score (N, 2) generated ``points`` against a mixture with (K, 2) ``means`` and std ``sigma``.

    The defaults are docs/METRICS.md's: high quality means strictly closer than 3σ to the nearest mean
    (``dist < 3``), and a mode is captured with at least one high-quality sample.

    Edge cases:
    - Empty modes: a mode with no high-quality sample has p_j = 0 and adds 0 to the reverse KL
      (0 ln 0 = 0); the KL then stays finite, reaching ln K when all samples sit on one mode.
    - No high-quality point at all: p is undefined (0 / 0), so ``reverse_kl`` is NaN (a gap in a
      plot, never a misleading number); ``modes`` is 0 and ``hq_pct`` 0.
    - Non-finite points (a diverged G) are never high quality and are assigned to no mode, so
      ``counts.sum()`` is N minus their number; they still count in N, lowering ``hq_pct``.
    - A tie between two equally near means goes to the first of them.
    Raises ValueError for no points, shapes other than (N, 2) / (K, 2), or σ ≤ 0.
    """
    p = np.asarray(points, dtype=np.float64)
    mu = np.asarray(means, dtype=np.float64)
    if p.ndim != 2 or p.shape[1] != 2 or len(p) == 0:
        raise ValueError(f"points must be a non-empty (N, 2) array (got shape {p.shape})")
    if mu.ndim != 2 or mu.shape[1] != 2 or len(mu) == 0:
        raise ValueError(f"means must be a non-empty (K, 2) array (got shape {mu.shape})")
    if not sigma > 0:
        raise ValueError(f"sigma must be > 0 (got {sigma})")
    n, k = len(p), len(mu)

    finite = np.isfinite(p).all(axis=1)
    pf = p[finite]
    # Squared differences, not ||x||² − 2x·μ + ||μ||²: no cancellation near a mean, where 3σ can
    # be 0.06 on a ring of radius 2. (N, K, 2) is 125k numbers for grid25 at N = 2,500.
    diff = pf[:, None, :] - mu[None, :, :]
    d2 = np.einsum("nkc,nkc->nk", diff, diff)
    nearest = np.argmin(d2, axis=1)
    dist = np.sqrt(d2[np.arange(len(pf)), nearest]) / sigma
    hq = dist < hq_sigmas

    counts = np.bincount(nearest, minlength=k).astype(np.int64)
    hq_counts = np.bincount(nearest[hq], minlength=k).astype(np.int64)
    total_hq = int(hq_counts.sum())
    if total_hq:
        prob = hq_counts[hq_counts > 0] / total_hq  # 0 ln 0 = 0: empty modes drop out
        reverse_kl = max(float(np.sum(prob * np.log(prob * k))), 0.0)
    else:
        reverse_kl = math.nan
    captured = int(np.count_nonzero(hq_counts >= min_count))
    return ModeReport(n=n, n_modes=k, modes=captured, hq_pct=100.0 * total_hq / n,
                      reverse_kl=reverse_kl, counts=counts, hq_counts=hq_counts)


def evaluate(trainer, n: int = EVAL_N, seed: int = EVAL_SEED) -> ModeReport | None:
    """The mode metrics of ``n`` samples of the trainer's G, or None for a set without modes.

    The samples are G(z) on ``trainer.noise(n, seed)``: the same z at every call, so a change in
    the numbers is a change in G and not sampling noise, and nothing is drawn from the training
    stream or the global RNG. The run is left exactly as it was (see the module docstring).
    """
    mixture = mixture_of(trainer.dataset)
    if mixture is None:
        return None
    means, sigma = mixture
    return mode_metrics(trainer.generate(trainer.noise(n, seed)), means, sigma)
