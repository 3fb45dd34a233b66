"""DCGAN G and D (Radford et al. 2016), laid out as in pytorch/examples ``dcgan/main.py``.

A 4x4 or 7x7 seed is doubled n times by stride-2 convolutions, so one layout serves every size in
``config.dcgan_sizes()``: 28 = 7*2^2 (MNIST), 32 = 4*2^3, 64 = 4*2^4 (the example's). For 64x64
with ngf = ndf = 64 the nets are exactly the example's netG and netD.
"""

from __future__ import annotations

import torch
from torch import nn

from ganstudio.engine.train.config import DiscConfig, GenConfig, dcgan_sizes
from ganstudio.engine.nets.mlp import OneHotInput, after_layer
from ganstudio.engine.nets.remedies import (MinibatchDiscrimination, MinibatchStdDev, Pack,
                                            apply_spectral_norm)


def _layout(data_shape: tuple[int, ...]) -> tuple[int, int, int]:
    """(channels, seed size, number of doublings) for a (C, S, S) image."""
    allowed = dcgan_sizes()
    if len(data_shape) != 3 or data_shape[1] != data_shape[2] or data_shape[1] not in allowed:
        raise ValueError(f"DCGAN nets need square images of size {', '.join(map(str, allowed))} "
                         f"(got data shape {tuple(data_shape)})")
    size = data_shape[1]
    seed = 7 if size % 7 == 0 else 4
    return data_shape[0], seed, (size // seed).bit_length() - 1


def weights_init(m: nn.Module) -> None:
    """DCGAN paper, sec. 4: every weight from N(0, 0.02); batch-norm scale N(1, 0.02), shift 0."""
    if isinstance(m, (nn.Conv2d, nn.ConvTranspose2d, nn.Linear, nn.Embedding)):
        nn.init.normal_(m.weight, 0.0, 0.02)
        if getattr(m, "bias", None) is not None:
            nn.init.zeros_(m.bias)
    elif isinstance(m, nn.BatchNorm2d):
        nn.init.normal_(m.weight, 1.0, 0.02)
        nn.init.zeros_(m.bias)


def dcgan_generator(cfg: GenConfig, data_shape: tuple[int, ...], n_classes: int) -> nn.Module:
    """z (B, noise_dim) -> images (B, C, S, S) in [-1, 1].

    Channels halve as the size doubles; for S = 64: (ngf*8) x 4 x 4 -> (ngf*4) x 8 x 8 -> ...
    Convolutions carry a bias only when the net has no batch norm (BN's shift makes it redundant,
    and without BN a bias-free net could not shift its activations at all).
    """
    nc, seed, n = _layout(data_shape)
    nz, bias = cfg.noise_dim + n_classes, not cfg.batch_norm
    ch = cfg.base_channels * 2 ** (n - 1)
    # input is Z (and a one-hot label), going into a convolution
    layers = [nn.Unflatten(1, (nz, 1, 1)), nn.ConvTranspose2d(nz, ch, seed, 1, 0, bias=bias),
              *after_layer(ch, cfg, nn.BatchNorm2d)]
    # state size. (ngf*2^(n-1)) x seed x seed
    for _ in range(n - 1):
        layers += [nn.ConvTranspose2d(ch, ch // 2, 4, 2, 1, bias=bias),
                   *after_layer(ch // 2, cfg, nn.BatchNorm2d)]
        ch //= 2
        # state size. ch x size x size: channels halve as the size doubles
    # state size. ngf x (S/2) x (S/2)
    layers += [nn.ConvTranspose2d(ch, nc, 4, 2, 1, bias=bias), nn.Tanh()]
    # state size. nc x S x S
    net = nn.Sequential(*layers)
    net.apply(weights_init)
    return OneHotInput(net, n_classes) if n_classes else net


class Projection(nn.Module):
    """Projection discriminator (Miyato & Koyama 2018): score = final(h) + <embed(y), h>.

    h is the flattened input of D's last layer. With packing, a packed row holds m labels; each
    slot k in the pack has its own embedding table, so the term is sum_k <embed_k(y_k), h>.
    """

    def __init__(self, features: nn.Module, final: nn.Module, n_classes: int, feature_dim: int,
                 pack: int):
        super().__init__()
        self.features = features
        self.final = final
        self.pack = pack
        self.embed = nn.Embedding(pack * n_classes, feature_dim)
        self.register_buffer("slot_offset", torch.arange(pack) * n_classes, persistent=False)

    def forward(self, x: torch.Tensor, labels: torch.Tensor) -> torch.Tensor:
        h = self.features(x)
        y = labels.view(-1, self.pack) + self.slot_offset
        # embed(y) is (B/pack) x pack x feature_dim, summed over the pack
        proj = (self.embed(y).sum(1) * h.flatten(1)).sum(1)
        return self.final(h).flatten() + proj


def dcgan_discriminator(cfg: DiscConfig, data_shape: tuple[int, ...], n_classes: int) -> nn.Module:
    """images (B, C, S, S) -> logits (B // pack,); the mirror image of the generator.

    No BN on the first block (as in the paper). The last layer is a seed x seed convolution to
    one score, or, with minibatch discrimination, flatten -> MBD -> Linear. Biases follow the
    generator's rule.
    """
    nc, seed, n = _layout(data_shape)
    m, bias, ch = cfg.pack, not cfg.batch_norm, cfg.base_channels
    layers: list[nn.Module] = [Pack(m, flatten=False)] if m > 1 else []
    # input is (pack*nc) x S x S
    layers += [nn.Conv2d(m * nc, ch, 4, 2, 1, bias=bias), *after_layer(ch, cfg, None)]
    # state size. ndf x (S/2) x (S/2)
    for _ in range(n - 1):
        layers += [nn.Conv2d(ch, ch * 2, 4, 2, 1, bias=bias),
                   *after_layer(ch * 2, cfg, nn.BatchNorm2d)]
        ch *= 2
        # state size. ch x size x size: channels double as the size halves
    # state size. (ndf*2^(n-1)) x seed x seed
    if cfg.minibatch_stddev:
        layers.append(MinibatchStdDev())
        ch += 1
        # state size. (ndf*2^(n-1) + 1) x seed x seed
    feature_dim = ch * seed * seed
    if cfg.minibatch_disc:
        mbd = MinibatchDiscrimination(feature_dim, cfg.mbd_kernels, cfg.mbd_kernel_dim)
        layers += [nn.Flatten(), mbd]
        # state size. (feature_dim + mbd_kernels)
        feature_dim += cfg.mbd_kernels
        final = nn.Linear(feature_dim, 1)
    else:
        final = nn.Conv2d(ch, 1, seed, 1, 0, bias=bias)
    if n_classes:
        net = Projection(nn.Sequential(*layers), final, n_classes, feature_dim, m)
    else:
        net = nn.Sequential(*layers, final, nn.Flatten(0))
    net.apply(weights_init)
    return apply_spectral_norm(net) if cfg.spectral_norm else net
