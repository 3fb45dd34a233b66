"""GAN losses on D's raw outputs (logits for the BCE losses, scores or critic values otherwise).

One small function per loss and side. Written on logits with ``softplus`` so a saturated D gives
large finite numbers, not ``log(0)``: with D(x) = sigmoid(l), ``-log D = softplus(-l)`` and
``-log(1 - D) = softplus(l)``. ``real_target`` is the one-sided label smoothing target (1 - s).
"""

from __future__ import annotations

import torch
import torch.nn.functional as F
from torch import Tensor

from ganstudio.engine.train.loss_kinds import (  # noqa: F401 (re-exported: callers read them here)
    EQUILIBRIUM, PROBABILITY_LOSSES, outputs_are_probabilities,
)


def _bce(logits: Tensor, target: float) -> Tensor:
    """Mean binary cross-entropy of sigmoid(logits) against a constant target."""
    if target == 1.0:
        return F.softplus(-logits).mean()
    if target == 0.0:
        return F.softplus(logits).mean()
    return (target * F.softplus(-logits) + (1.0 - target) * F.softplus(logits)).mean()


# ---- discriminator / critic losses: minimised by D

def d_loss_bce(real: Tensor, fake: Tensor, real_target: float = 1.0) -> Tensor:
    """Goodfellow et al.: maximise log D(x) + log(1 - D(G(z))). 2 ln 2 at the equilibrium."""
    return _bce(real, real_target) + _bce(fake, 0.0)


def d_loss_lsgan(real: Tensor, fake: Tensor, real_target: float = 1.0) -> Tensor:
    """Mao et al. 2017 (a=0, b=1): ½ E[(D(x) - b)²] + ½ E[D(G(z))²]."""
    return 0.5 * ((real - real_target) ** 2).mean() + 0.5 * (fake ** 2).mean()


def d_loss_wgan(real: Tensor, fake: Tensor, real_target: float = 1.0) -> Tensor:
    """Arjovsky et al. 2017: the critic maximises E[D(x)] - E[D(G(z))]."""
    return fake.mean() - real.mean()


def d_loss_hinge(real: Tensor, fake: Tensor, real_target: float = 1.0) -> Tensor:
    """Lim & Ye 2017 / Miyato et al. 2018: E[relu(1 - D(x))] + E[relu(1 + D(G(z)))]."""
    return F.relu(1.0 - real).mean() + F.relu(1.0 + fake).mean()


# ---- generator losses: minimised by G

def g_loss_minimax(fake: Tensor) -> Tensor:
    """The original, saturating objective: minimise log(1 - D(G(z))). -ln 2 at the equilibrium."""
    return -F.softplus(fake).mean()


def g_loss_nonsaturating(fake: Tensor) -> Tensor:
    """The usual practice: maximise log D(G(z)), i.e. minimise -log D(G(z)). ln 2 at equilibrium."""
    return F.softplus(-fake).mean()


def g_loss_lsgan(fake: Tensor) -> Tensor:
    """½ E[(D(G(z)) - 1)²] (c = 1)."""
    return 0.5 * ((fake - 1.0) ** 2).mean()


def g_loss_critic(fake: Tensor) -> Tensor:
    """WGAN and hinge: maximise the critic's score of the fakes."""
    return -fake.mean()


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

def gradient_penalty(disc, real: Tensor, fake: Tensor, generator: torch.Generator | None = None) -> Tensor:
    """Gulrajani et al. 2017: E[(||∇D(x̂)||₂ - 1)²] on random interpolates of real and fake.

    ``generator`` keeps the interpolation weights on the trainer's own RNG stream.
    """
    shape = (real.shape[0],) + (1,) * (real.dim() - 1)
    eps = torch.rand(shape, device=real.device, generator=generator)
    mixed = (eps * real + (1.0 - eps) * fake).requires_grad_(True)
    out = disc(mixed)
    (grad,) = torch.autograd.grad(out.sum(), mixed, create_graph=True)
    return ((grad.flatten(1).norm(2, dim=1) - 1.0) ** 2).mean()
