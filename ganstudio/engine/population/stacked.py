"""K copies of one network, run as one batched computation over stacked weights.

``StackedNet(nets)`` takes K lone networks of one architecture (as ``engine/nets`` builds them) and
holds their parameters side by side in one flat (K, P) tensor, each lone parameter a slice of it.
A forward pass maps (K, B, ...) to (K, B, ...): member k's batch through member k's weights, with
the same operations the lone layer runs (a Linear is one ``baddbmm`` for all K). Keeping every
parameter in one flat leaf means an optimizer step is a handful of (K, P) operations whatever
the depth, and a member's gradient norm is one row norm; the per-layer views cost a slice each.

Buffers (batch-norm running statistics, spectral norm's power-iteration vectors) are stacked
(K, ...) tensors updated in place as the lone layers update theirs. Every layer keeps the lone
layer's order of operations, so member k computes what the lone net would, to float rounding.

Written by hand rather than with ``torch.func.vmap`` over ``functional_call``
(``benchmarks/bench_population.py --vmap``, 2-core CPU, member-steps/s against one lone Trainer):
ring8-tiny K = 16, 8.55× here and 6.54× through vmap (its per-operation dispatch is most of a
small step); ring8 K = 8, 1.45× and 1.46× (the matmuls are the step). vmap also cannot update
batch-norm statistics in place, and its fused Adam takes one learning rate for all members.
Layers it does not know (convolutions: DCGAN) raise ``PopulationError`` naming them.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import torch
import torch.nn.functional as F
from torch import Tensor, nn
from torch.nn.utils import parametrize

from ganstudio.engine.nets.mlp import OneHotInput
from ganstudio.engine.nets.remedies import MinibatchDiscrimination, MinibatchStdDev, Pack


class PopulationError(ValueError):
    """Members that cannot train as one population, or a setting a population cannot take."""


Op = Callable[[Tensor, dict, dict, bool], Tensor]  # (x, params, buffers, training) -> x


class StackedNet:
    """See the module docstring. ``flat`` (K, P) holds the parameters, in the lone net's
    ``named_parameters`` order; ``buffers`` maps the lone buffer names to stacked tensors."""

    def __init__(self, nets: list[nn.Module]):
        first = nets[0]
        self.k = len(nets)
        self.n_classes = first.n_classes if isinstance(first, OneHotInput) else 0
        named = [dict(net.named_parameters()) for net in nets]
        self.names = list(named[0])
        self.shapes: dict[str, tuple[int, ...]] = {}
        self.spans: dict[str, tuple[int, int]] = {}
        start = 0
        for name in self.names:
            shape = tuple(named[0][name].shape)
            self.shapes[name] = shape
            self.spans[name] = (start, start + math.prod(shape))
            start += math.prod(shape)
        self.size = start
        self._sizes = [b - a for a, b in self.spans.values()]
        with torch.no_grad():
            self.flat = torch.stack([self.flatten_params(p) for p in named]).requires_grad_(True)
            self.buffers = {name: torch.stack([dict(net.named_buffers())[name] for net in nets]).clone()
                            for name, _ in first.named_buffers()}
        body = first.net if isinstance(first, OneHotInput) else first
        if not isinstance(body, nn.Sequential):
            raise PopulationError(f"a population needs nets built as one nn.Sequential, not {type(body).__name__}")
        prefix = "net." if isinstance(first, OneHotInput) else ""
        self.ops: list[Op] = [_op(layer, f"{prefix}{i}.") for i, layer in enumerate(body)]

    def flatten_params(self, params: dict[str, Tensor]) -> Tensor:
        """One lone net's parameters (by name) as a flat row, in this net's order."""
        return torch.cat([params[name].detach().reshape(-1) for name in self.names])

    def views(self, flat: Tensor | None = None) -> dict[str, Tensor]:
        """Each parameter as a (K, *shape) view of ``flat`` (default: the trained weights)."""
        flat = self.flat if flat is None else flat
        # One split, not a slice per parameter: a slice's backward fills a whole (K, P) gradient
        # of zeros and adds it (ring8's 8 slices: 15 % of a population step); a split's is one cat.
        parts = flat.split(self._sizes, dim=1)
        return {name: part.view(self.k, *self.shapes[name]) for name, part in zip(self.names, parts)}

    def __call__(self, x: Tensor, labels: Tensor | None = None, *, flat: Tensor | None = None,
                 buffers: dict[str, Tensor] | None = None, training: bool = True) -> Tensor:
        """x (K, B, ...) [and labels (K, B)] -> (K, B, ...); ``flat``/``buffers``: another set of
        weights of this shape (the weight average, or D's weights detached for G's update)."""
        params = self.views(flat)
        buffers = self.buffers if buffers is None else buffers
        if self.n_classes:
            onehot = F.one_hot(labels, self.n_classes).to(x.dtype)
            x = torch.cat([x.flatten(2), onehot], 2)
        for op in self.ops:
            x = op(x, params, buffers, training)
        return x

    # ------------------------------------------------------------ one member in and out

    def member_state(self, k: int, flat: Tensor | None = None,
                     buffers: dict[str, Tensor] | None = None) -> dict[str, Tensor]:
        """Member k as a lone net's parameters and buffers, by name (views: copy before keeping)."""
        flat = self.flat if flat is None else flat
        buffers = self.buffers if buffers is None else buffers
        state = {name: flat[k, a:b].view(self.shapes[name]) for name, (a, b) in self.spans.items()}
        state.update({name: value[k] for name, value in buffers.items()})
        return state

    @torch.no_grad()
    def load_member(self, k: int, net: nn.Module, flat: Tensor | None = None,
                    buffers: dict[str, Tensor] | None = None) -> None:
        """Member k's weights and buffers from a lone net of this architecture."""
        flat = self.flat if flat is None else flat
        buffers = self.buffers if buffers is None else buffers
        flat[k].copy_(self.flatten_params(dict(net.named_parameters())))
        for name, value in net.named_buffers():
            buffers[name][k].copy_(value)

    @torch.no_grad()
    def store_member(self, k: int, net: nn.Module, flat: Tensor | None = None,
                     buffers: dict[str, Tensor] | None = None) -> None:
        """Member k's weights and buffers into a lone net of this architecture."""
        state = self.member_state(k, flat, buffers)
        for name, value in list(net.named_parameters()) + list(net.named_buffers()):
            value.copy_(state[name])


# ---------------------------------------------------------------- the layers

def _op(layer: nn.Module, prefix: str) -> Op:
    if isinstance(layer, nn.Linear):
        return _linear(layer, prefix)
    if isinstance(layer, (nn.ReLU, nn.LeakyReLU, nn.Tanh, nn.Sigmoid)):
        return lambda x, p, b, training: layer(x)
    if isinstance(layer, nn.Dropout):
        rate = layer.p
        return lambda x, p, b, training: F.dropout(x, rate, training)
    if isinstance(layer, nn.BatchNorm1d):
        return _batch_norm(layer, prefix)
    if isinstance(layer, Pack):
        if not layer.flatten:
            raise PopulationError("a population packs flat samples only (an MLP D)")
        m = layer.m
        return lambda x, p, b, training: _pack(x, m)
    if isinstance(layer, MinibatchStdDev):
        return lambda x, p, b, training: _stddev(x)
    if isinstance(layer, MinibatchDiscrimination):
        return _minibatch_disc(layer, prefix)
    if isinstance(layer, nn.Unflatten):
        dim, shape = layer.dim, tuple(layer.unflattened_size)
        return lambda x, p, b, training: x.unflatten(dim + 1, shape)
    if isinstance(layer, nn.Flatten):
        start, end = layer.start_dim + 1, layer.end_dim if layer.end_dim < 0 else layer.end_dim + 1
        return lambda x, p, b, training: x.flatten(start, end)
    raise PopulationError(f"a population cannot run a {type(layer).__name__} layer yet: use MLP G and D")


def _linear(layer: nn.Linear, prefix: str) -> Op:
    """x @ Wᵀ + b for all members at once; a spectrally normalised weight is divided by its
    largest singular value, estimated as the lone parametrization does (one power iteration per
    training forward, vectors kept in the buffers)."""
    has_bias = layer.bias is not None
    if parametrize.is_parametrized(layer, "weight"):
        w_key = prefix + "parametrizations.weight.original"
        u_key, v_key = prefix + "parametrizations.weight.0._u", prefix + "parametrizations.weight.0._v"
        sn = layer.parametrizations.weight[0]
        eps, iterations = sn.eps, sn.n_power_iterations

        def weight(p, b, training):
            return _spectral(p[w_key], b[u_key], b[v_key], training, eps, iterations)
    else:
        w_key = prefix + "weight"

        def weight(p, b, training):
            return p[w_key]

    b_key = prefix + "bias"

    def linear(x, p, b, training):
        w = weight(p, b, training).transpose(1, 2)
        return torch.baddbmm(p[b_key].unsqueeze(1), x, w) if has_bias else torch.bmm(x, w)

    return linear


def _spectral(w: Tensor, u: Tensor, v: Tensor, training: bool, eps: float, iterations: int) -> Tensor:
    """``torch.nn.utils.parametrizations.spectral_norm`` for (K, out, in) weights."""
    if training:
        with torch.no_grad():
            for _ in range(iterations):
                u.copy_(F.normalize(torch.bmm(w, v.unsqueeze(2)).squeeze(2), dim=1, eps=eps))
                v.copy_(F.normalize(torch.bmm(w.transpose(1, 2), u.unsqueeze(2)).squeeze(2), dim=1, eps=eps))
    u, v = u.clone(), v.clone()  # the next forward updates the buffers in place; backward needs these
    sigma = (u * torch.bmm(w, v.unsqueeze(2)).squeeze(2)).sum(1)
    return w / sigma.view(-1, 1, 1)


def _batch_norm(layer: nn.BatchNorm1d, prefix: str) -> Op:
    """Per member over its own batch: (K, B, F) is laid out as (B, K·F), so the one native kernel
    normalises each of the K·F columns and updates the stacked running statistics in place."""
    momentum, eps, affine = layer.momentum, layer.eps, layer.affine
    mean_key, var_key, count_key = prefix + "running_mean", prefix + "running_var", prefix + "num_batches_tracked"

    def batch_norm(x, p, b, training):
        k, n, f = x.shape
        flat = x.transpose(0, 1).reshape(n, k * f)
        weight = p[prefix + "weight"].reshape(-1) if affine else None
        bias = p[prefix + "bias"].reshape(-1) if affine else None
        out = F.batch_norm(flat, b[mean_key].view(-1), b[var_key].view(-1), weight, bias,
                           training, momentum, eps)
        if training:
            b[count_key].add_(1)
        return out.view(n, k, f).transpose(0, 1)

    return batch_norm


def _pack(x: Tensor, m: int) -> Tensor:
    k, n = x.shape[:2]
    if n % m:
        raise PopulationError(f"a batch of {n} samples cannot be split into packs of disc.pack = {m}")
    return x.reshape(k, n // m, -1)


def _stddev(x: Tensor) -> Tensor:
    """MinibatchStdDev per member: the spread of its own batch, one extra feature."""
    std = torch.sqrt(x.var(1, correction=0) + 1e-8).flatten(1).mean(1)
    return torch.cat([x, std.view(-1, 1, 1).expand(x.shape[0], x.shape[1], 1)], 2)


def _minibatch_disc(layer: MinibatchDiscrimination, prefix: str) -> Op:
    kernels, dim, key = layer.kernels, layer.kernel_dim, prefix + "T"

    def minibatch_disc(f, p, b, training):
        m = torch.bmm(f, p[key]).view(f.shape[0], f.shape[1], kernels, dim)
        dist = (m[:, :, None, :, 0] - m[:, None, :, :, 0]).abs()
        for c in range(1, dim):
            dist = dist + (m[:, :, None, :, c] - m[:, None, :, :, c]).abs()
        o = torch.exp(-dist).sum(2) - 1.0
        return torch.cat([f, o], 2)

    return minibatch_disc
