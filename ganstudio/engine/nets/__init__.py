"""Builders for G and D: the one door through which the trainer gets its networks.

``data_shape`` is (2,) for 2-D points or (C, H, W) for images. D returns raw scores (logits),
never probabilities: each loss applies its own sigmoid or none. With ``n_classes > 0`` both nets
are conditional and take ``labels`` (B,) int64 as a second forward argument.
"""

from __future__ import annotations

from contextlib import contextmanager

from torch import nn

from ganstudio.engine.train.config import DiscConfig, GenConfig
from ganstudio.engine.nets.dcgan import dcgan_discriminator, dcgan_generator
from ganstudio.engine.nets.mlp import mlp_discriminator, mlp_generator

_GENERATORS = {"mlp": mlp_generator, "dcgan": dcgan_generator}
_DISCRIMINATORS = {"mlp": mlp_discriminator, "dcgan": dcgan_discriminator}


def _builder(table: dict, kind: str, data_shape: tuple[int, ...]):
    if kind not in table:
        raise ValueError(f"net kind must be one of {', '.join(table)} (got {kind!r})")
    if len(data_shape) not in (1, 3):
        raise ValueError(f"data shape must be (features,) or (C, H, W) (got {tuple(data_shape)})")
    return table[kind]


def build_generator(cfg: GenConfig, data_shape: tuple[int, ...], n_classes: int = 0) -> nn.Module:
    """forward(z (B, noise_dim)[, labels]) -> (B, *data_shape); images in [-1, 1] by tanh."""
    return _builder(_GENERATORS, cfg.kind, data_shape)(cfg, tuple(data_shape), n_classes)


def build_discriminator(cfg: DiscConfig, data_shape: tuple[int, ...], n_classes: int = 0) -> nn.Module:
    """forward(x (B, *data_shape)[, labels]) -> logits (B // cfg.pack,); B must divide by pack."""
    return _builder(_DISCRIMINATORS, cfg.kind, data_shape)(cfg, tuple(data_shape), n_classes)


def count_params(module: nn.Module) -> int:
    """Number of parameter values; a spectral-normed weight counts once (its unnormalised original)."""
    return sum(p.numel() for p in module.parameters())


@contextmanager
def eval_mode(*nets: nn.Module):
    """Put ``nets`` in eval mode for the block, then restore every submodule's own flag."""
    saved = [(m, m.training) for net in nets for m in net.modules()]
    for net in nets:
        net.eval()
    try:
        yield
    finally:
        for module, training in saved:
            module.training = training
