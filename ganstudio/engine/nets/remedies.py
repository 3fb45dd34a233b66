"""Layers that change what D sees, each a published remedy for mode collapse.

A plain D scores one sample at a time, so it cannot notice that G makes the same sample over and
over. Packing, minibatch discrimination and the minibatch stddev feature all let D look at several
samples at once; spectral norm instead bounds how sharp D can get, which keeps G's gradients useful.
"""

from __future__ import annotations

import torch
from torch import nn
from torch.nn.utils.parametrizations import spectral_norm


class Pack(nn.Module):
    """PacGAN (Lin et al. 2018): D judges m samples at once, so a collapsed G is easy to spot.

    Samples are grouped consecutively: packed row i holds samples i*m ... i*m+m-1, concatenated
    in that order along the feature axis (``flatten=True``, MLP) or the channel axis (convolutional
    D). A single reshape does this, with no copy, and the trainer needs no extra bookkeeping as
    long as real and fake batches are packed separately.
    """

    def __init__(self, m: int, flatten: bool):
        super().__init__()
        self.m = m
        self.flatten = flatten

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        b = x.shape[0]
        if b % self.m:
            raise ValueError(f"a batch of {b} samples cannot be split into packs of disc.pack = "
                             f"{self.m}: use a batch size that is a multiple of {self.m}")
        if self.flatten:
            return x.reshape(b // self.m, -1)
        return x.reshape(b // self.m, self.m * x.shape[1], *x.shape[2:])


class MinibatchStdDev(nn.Module):
    """ProGAN (Karras et al. 2018, sec. 3): one extra feature, the batch's average spread.

    The std over the batch of every feature (and pixel), averaged to one number, is appended as an
    extra feature (B, F) -> (B, F+1) or an extra constant channel (B, C, H, W) -> (B, C+1, H, W).
    A collapsed batch has a spread near 0, which D can learn to call fake. The whole batch is one
    group. The 1e-8 inside the root (as in ProGAN) keeps the gradient finite when the spread is 0.
    """

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        std = torch.sqrt(x.var(0, correction=0) + 1e-8).mean()
        return torch.cat([x, std.expand(x.shape[0], 1, *x.shape[2:])], 1)


class MinibatchDiscrimination(nn.Module):
    """Salimans et al. 2016, sec. 3.2: per-sample features that measure closeness to the batch.

    f (B, A) is projected by T (A, kernels*kernel_dim) to M (B, kernels, kernel_dim);
    c_b(i, j) = exp(-||M_i,b - M_j,b||_1) and o_b(i) = sum over j != i of c_b(i, j). The self term
    c_b(i, i) = 1 carries no information, so it is left out: o_b(i) = 0 when every other sample is
    far away and B - 1 (its maximum) when all samples are identical. Returns cat(f, o): (B, A+kernels).
    """

    def __init__(self, in_features: int, kernels: int, kernel_dim: int):
        super().__init__()
        self.kernels = kernels
        self.kernel_dim = kernel_dim
        # std 1/sqrt(A) keeps the starting L1 distances near 1 whatever the width A, so c_b
        # starts neither at 0 for every pair (no gradient) nor at 1 (no information).
        self.T = nn.Parameter(torch.randn(in_features, kernels * kernel_dim) / in_features ** 0.5)

    def forward(self, f: torch.Tensor) -> torch.Tensor:
        m = (f @ self.T).view(-1, self.kernels, self.kernel_dim)
        # One kernel dimension at a time: a (B, B, kernels) buffer instead of (B, B, kernels,
        # kernel_dim) halves the time, and unlike torch.cdist it can be differentiated twice
        # (WGAN-GP's penalty backpropagates through D's input gradient).
        dist = (m[:, None, :, 0] - m[None, :, :, 0]).abs()
        for c in range(1, self.kernel_dim):
            dist = dist + (m[:, None, :, c] - m[None, :, :, c]).abs()
        # state size. B x B x kernels
        o = torch.exp(-dist).sum(1) - 1.0
        return torch.cat([f, o], 1)


def apply_spectral_norm(net: nn.Module) -> nn.Module:
    """Miyato et al. 2018: divide every weight by its largest singular value (one power iteration
    per training forward pass). Embeddings count as weights, as in the projection discriminator."""
    for module in list(net.modules()):
        if isinstance(module, (nn.Linear, nn.Conv2d, nn.Embedding)):
            spectral_norm(module)
    return net
