"""Fully connected G and D: every 2-D toy model and the seed article's MNIST model.

Each net is one flat ``nn.Sequential``. The GUI thread shares the GIL with training, and for a
GAN Lab-size 1x8 MLP the Python cost of calling modules is most of a step, so nothing is wrapped
unless a conditional net needs its labels.
"""

from __future__ import annotations

import math

import torch
import torch.nn.functional as F
from torch import nn

from ganstudio.engine.train.config import DiscConfig, GenConfig, NetConfig
from ganstudio.engine.nets.remedies import (MinibatchDiscrimination, MinibatchStdDev, Pack,
                                            apply_spectral_norm)


def activation(name: str) -> nn.Module:
    """The hidden-layer nonlinearity named in the config; leaky ReLU uses DCGAN's slope 0.2."""
    if name == "relu":
        return nn.ReLU()
    if name == "leaky_relu":
        return nn.LeakyReLU(0.2)
    if name == "tanh":
        return nn.Tanh()
    raise ValueError(f"activation must be one of relu, leaky_relu, tanh (got {name!r})")


def after_layer(width: int, cfg: NetConfig, norm: type[nn.Module] | None) -> list[nn.Module]:
    """What follows a hidden Linear or conv: [norm] -> activation -> [dropout]."""
    layers = [norm(width)] if norm is not None and cfg.batch_norm else []
    layers.append(activation(cfg.activation))
    if cfg.dropout > 0:
        layers.append(nn.Dropout(cfg.dropout))
    return layers


class OneHotInput(nn.Module):
    """Conditional net (Mirza & Osindero 2014): the one-hot label is appended to the flat input.

    forward(x (B, ...), labels (B,) int64) -> net(cat(x.flatten(1), one_hot(labels))).
    """

    def __init__(self, net: nn.Module, n_classes: int):
        super().__init__()
        self.net = net
        self.n_classes = n_classes

    def forward(self, x: torch.Tensor, labels: torch.Tensor) -> torch.Tensor:
        onehot = F.one_hot(labels, self.n_classes).to(x.dtype)
        return self.net(torch.cat([x.flatten(1), onehot], 1))


def _hidden(in_features: int, cfg: NetConfig) -> tuple[list[nn.Module], int]:
    layers = []
    for width in cfg.hidden:
        layers += [nn.Linear(in_features, width), *after_layer(width, cfg, nn.BatchNorm1d)]
        in_features = width
    return layers, in_features


def mlp_generator(cfg: GenConfig, data_shape: tuple[int, ...], n_classes: int) -> nn.Module:
    """z (B, noise_dim) -> (B, *data_shape); images end in tanh, 2-D points are left unbounded."""
    layers, width = _hidden(cfg.noise_dim + n_classes, cfg)
    layers.append(nn.Linear(width, math.prod(data_shape)))
    if len(data_shape) > 1:
        layers += [nn.Tanh(), nn.Unflatten(1, data_shape)]
    net = nn.Sequential(*layers)
    return OneHotInput(net, n_classes) if n_classes else net


def mlp_discriminator(cfg: DiscConfig, data_shape: tuple[int, ...], n_classes: int) -> nn.Module:
    """x (B, *data_shape) -> logits (B // pack,): [pack] -> hidden -> [stddev] -> [MBD] -> Linear."""
    layers: list[nn.Module] = []
    if cfg.pack > 1 or len(data_shape) > 1:
        layers.append(Pack(cfg.pack, flatten=True))
    hidden, width = _hidden(cfg.pack * (math.prod(data_shape) + n_classes), cfg)
    layers += hidden
    if cfg.minibatch_stddev:
        layers.append(MinibatchStdDev())
        width += 1
    if cfg.minibatch_disc:
        layers.append(MinibatchDiscrimination(width, cfg.mbd_kernels, cfg.mbd_kernel_dim))
        width += cfg.mbd_kernels
    layers += [nn.Linear(width, 1), nn.Flatten(0)]
    net = nn.Sequential(*layers)
    if cfg.spectral_norm:
        apply_spectral_norm(net)
    return OneHotInput(net, n_classes) if n_classes else net
