"""GAN losses on D's raw outputs (logits for the BCE losses, scores or critic values otherwise).

One small function per loss and side. Written on logits with ``softplus`` so a saturated D gives
large finite numbers, not ``log(0)``: with D(x) = sigmoid(l), ``-log D = softplus(-l)`` and
``-log(1 - D) = softplus(l)``. ``real_target`` is the one-sided label smoothing target (1 - s).

Each loss averages over the last axis, the batch: a lone run's outputs (B,) give one number, a
population's (K, B) give one per member (engine/population/), and ``real_target`` may then be a
(K, 1) tensor of per-member targets.
"""

from __future__ import annotations

import torch
import torch.nn.functional as F
from torch import Tensor

from ganstudio.engine.train.loss_kinds import (  # noqa: F401 (re-exported: callers read them here)
    EQUILIBRIUM, PROBABILITY_LOSSES, outputs_are_probabilities,
)


def _bce(logits: Tensor, target: float | Tensor) -> Tensor:
    """Mean binary cross-entropy of sigmoid(logits) against a constant target (or per-member targets)."""
    if isinstance(target, float) and target == 1.0:
        return F.softplus(-logits).mean(-1)
    if isinstance(target, float) and target == 0.0:
        return F.softplus(logits).mean(-1)
    return (target * F.softplus(-logits) + (1.0 - target) * F.softplus(logits)).mean(-1)


# ---- discriminator / critic losses: minimised by D

def d_loss_bce(real: Tensor, fake: Tensor, real_target: float = 1.0) -> Tensor:
    """Goodfellow et al.: maximise log D(x) + log(1 - D(G(z))). 2 ln 2 at the equilibrium."""
    return _bce(real, real_target) + _bce(fake, 0.0)


def d_loss_lsgan(real: Tensor, fake: Tensor, real_target: float = 1.0) -> Tensor:
    """Mao et al. 2017 (a=0, b=1): ½ E[(D(x) - b)²] + ½ E[D(G(z))²]."""
    return 0.5 * ((real - real_target) ** 2).mean(-1) + 0.5 * (fake ** 2).mean(-1)


def d_loss_wgan(real: Tensor, fake: Tensor, real_target: float = 1.0) -> Tensor:
    """Arjovsky et al. 2017: the critic maximises E[D(x)] - E[D(G(z))]."""
    return fake.mean(-1) - real.mean(-1)


def d_loss_hinge(real: Tensor, fake: Tensor, real_target: float = 1.0) -> Tensor:
    """Lim & Ye 2017 / Miyato et al. 2018: E[relu(1 - D(x))] + E[relu(1 + D(G(z)))]."""
    return F.relu(1.0 - real).mean(-1) + F.relu(1.0 + fake).mean(-1)


# ---- generator losses: minimised by G

def g_loss_minimax(fake: Tensor) -> Tensor:
    """The original, saturating objective: minimise log(1 - D(G(z))). -ln 2 at the equilibrium."""
    return -F.softplus(fake).mean(-1)


def g_loss_nonsaturating(fake: Tensor) -> Tensor:
    """The usual practice: maximise log D(G(z)), i.e. minimise -log D(G(z)). ln 2 at equilibrium."""
    return F.softplus(-fake).mean(-1)


def g_loss_lsgan(fake: Tensor) -> Tensor:
    """½ E[(D(G(z)) - 1)²] (c = 1)."""
    return 0.5 * ((fake - 1.0) ** 2).mean(-1)


def g_loss_critic(fake: Tensor) -> Tensor:
    """WGAN and hinge: maximise the critic's score of the fakes."""
    return -fake.mean(-1)


D_LOSSES = {
    "minimax": d_loss_bce,
    "nonsaturating": d_loss_bce,
    "lsgan": d_loss_lsgan,
    "wgan": d_loss_wgan,
    "wgan-gp": d_loss_wgan,
    "hinge": d_loss_hinge,
}
G_LOSSES = {
    "minimax": g_loss_minimax,
    "nonsaturating": g_loss_nonsaturating,
    "lsgan": g_loss_lsgan,
    "wgan": g_loss_critic,
    "wgan-gp": g_loss_critic,
    "hinge": g_loss_critic,
}

def mix_weights(real: Tensor, generator: torch.Generator | None = None, batch_dims: int = 1) -> Tensor:
    """The interpolation weights of ``gradient_penalty``: one uniform number per sample, shaped to
    broadcast over the sample's own axes. ``generator``: the trainer's own RNG stream."""
    shape = real.shape[:batch_dims] + (1,) * (real.dim() - batch_dims)
    return torch.rand(shape, device=real.device, generator=generator)


def gradient_penalty(disc, real: Tensor, fake: Tensor, eps: Tensor, batch_dims: int = 1) -> Tensor:
    """Gulrajani et al. 2017: E[(||∇D(x̂)||₂ - 1)²] on interpolates x̂ = eps·real + (1 - eps)·fake
    (``eps`` from ``mix_weights``). The first ``batch_dims`` axes index samples (2 for a population's
    (K, B, ...)); the mean is over the last of them."""
    mixed = (eps * real + (1.0 - eps) * fake).requires_grad_(True)
    out = disc(mixed)
    (grad,) = torch.autograd.grad(out.sum(), mixed, create_graph=True)
    return ((grad.flatten(batch_dims).norm(2, dim=batch_dims) - 1.0) ** 2).mean(-1)
