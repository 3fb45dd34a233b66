"""Walking G's noise space: interpolation, vector arithmetic, directions, and a private copy of G.

The latent explorer looks at G while it trains, so it never touches the training G: the worker
hands over a *snapshot* (``snapshot_generator``: detached CPU clones of G's weights plus what it
takes to rebuild G) and the explorer runs its own ``GeneratorCopy`` of it, in eval mode, on the CPU.
Building the copy draws nothing from torch's global random stream (the modules are made on the
meta device and then filled with the snapshot), because training's dropout draws from that stream.

Everything here is numpy in, numpy out: rows of an (n, noise_dim) array are noise vectors z.
"""

from __future__ import annotations

from typing import Mapping

import numpy as np
import torch

from ganstudio.engine.nets import build_generator
from ganstudio.engine.train.trainer import draw_noise

# Radford et al. 2016, sec. 6.3.2: the arithmetic's result "Y" plus uniform noise of ±0.25 per
# dimension gave their eight neighbouring samples.
NEIGHBOURHOOD_RADIUS = 0.25
GROUPS = ("A", "B", "C")
_PARALLEL_SIN = 1e-6  # |sin(angle)| below this: the two directions count as (anti)parallel


def _pair(z0, z1) -> tuple[np.ndarray, np.ndarray, np.dtype]:
    z0, z1 = np.asarray(z0), np.asarray(z1)
    if z0.ndim != 1 or z0.shape != z1.shape:
        raise ValueError(f"z0 and z1 must be vectors of one length (got {z0.shape} and {z1.shape})")
    return z0, z1, np.promote_types(np.result_type(z0, z1), np.float32)


def _steps(n: int) -> np.ndarray:
    if n < 2:
        raise ValueError(f"an interpolation needs at least 2 steps (got {n})")
    return np.linspace(0.0, 1.0, n)


def lerp(z0, z1, n: int) -> np.ndarray:
    """(n, d): z(t) = (1 − t)·z0 + t·z1 at t = 0, 1/(n−1), …, 1. Row 0 is z0 and row n−1 is z1, exactly."""
    z0, z1, dtype = _pair(z0, z1)
    t = _steps(n)[:, None]
    out = ((1.0 - t) * z0.astype(np.float64) + t * z1.astype(np.float64)).astype(dtype)
    out[0], out[-1] = z0, z1
    return out


def slerp(z0, z1, n: int) -> np.ndarray:
    """(n, d): the direction turns at constant speed along the great circle, the length changes linearly.

    With u0 = z0/|z0|, u1 = z1/|z1| and Ω = angle(u0, u1):
        z(t) = ((1 − t)·|z0| + t·|z1|) · (sin((1 − t)Ω)·u0 + sin(tΩ)·u1) / sin Ω.
    The bracket is a unit vector for every t, so |z(t)| goes linearly from |z0| to |z1|. Plain lerp
    cuts the chord instead: between two typical Gaussian z of length ≈ √d its midpoint is ≈ √(d/2)
    long, a length G never saw in training, which is why interpolations through it fade (White 2016,
    "Sampling generative networks"). When z0 or z1 is zero, or the two point the same or opposite
    ways (|sin Ω| < 1e-6), there is no unique great circle and this returns ``lerp``. Row 0 is z0
    and row n−1 is z1, exactly.
    """
    z0, z1, dtype = _pair(z0, z1)
    t = _steps(n)[:, None]
    a, b = z0.astype(np.float64), z1.astype(np.float64)
    norm0, norm1 = np.linalg.norm(a), np.linalg.norm(b)
    if norm0 == 0.0 or norm1 == 0.0:
        return lerp(z0, z1, n)
    u0, u1 = a / norm0, b / norm1
    omega = np.arccos(np.clip(u0 @ u1, -1.0, 1.0))
    sin_omega = np.sin(omega)
    if abs(sin_omega) < _PARALLEL_SIN:
        return lerp(z0, z1, n)
    direction = (np.sin((1.0 - t) * omega) * u0 + np.sin(t * omega) * u1) / sin_omega
    out = (((1.0 - t) * norm0 + t * norm1) * direction).astype(dtype)
    out[0], out[-1] = z0, z1
    return out


def arithmetic(groups: Mapping[str, np.ndarray]) -> np.ndarray:
    """mean(A) − mean(B) + mean(C) over the rows of each group ("glasses man − man + woman").

    Radford et al. averaged three z per concept: one sample's quirks cancel out in a mean.
    """
    means = {}
    for name in GROUPS:
        rows = np.asarray(groups.get(name, ()), dtype=np.float64)
        if rows.ndim != 2 or len(rows) == 0:
            raise ValueError(f"group {name} needs at least one noise vector")
        means[name] = rows.mean(axis=0)
    dtype = np.promote_types(np.result_type(*(np.asarray(groups[g]) for g in GROUPS)), np.float32)
    return (means["A"] - means["B"] + means["C"]).astype(dtype)


def neighbourhood(z, n: int, radius: float = NEIGHBOURHOOD_RADIUS, seed: int = 0) -> np.ndarray:
    """(n, d): z itself, then n − 1 copies nudged by uniform noise in [−radius, radius] per dimension.

    Shows whether an arithmetic result is a region of noise space that means something, or one lucky
    point. Seeded, so the neighbours stay put while the user watches G change under them.
    """
    z = np.asarray(z)
    if z.ndim != 1 or n < 1:
        raise ValueError(f"neighbourhood needs a vector z and n ≥ 1 (got shape {z.shape}, n = {n})")
    rng = np.random.default_rng(seed)
    nudges = rng.uniform(-radius, radius, size=(n - 1, z.shape[0]))
    dtype = np.promote_types(z.dtype, np.float32)
    return np.concatenate([z[None].astype(dtype), (z + nudges).astype(dtype)])


def principal_directions(z_pool, k: int, outputs=None) -> np.ndarray:
    """(k, d) orthonormal directions in noise space, most important first.

    With ``outputs`` = G(z_pool): the directions in which G's output changes most. G is fitted by
    least squares with its best linear model over the pool, G(z) ≈ G̅ + (z − z̅)·W (W is d × p);
    moving z by a unit vector v then moves the output by vᵀW, so the directions are the
    eigenvectors of W·Wᵀ by falling eigenvalue. For Gaussian noise PCA of the pool alone says
    nothing (every direction has variance 1); this ranks directions by what they do to the picture.
    Without ``outputs``: plain PCA of the pool (eigenvectors of its covariance), for a pool that is
    itself structured, such as a few picked samples.

    Eigenvalues that tie (a rank-deficient W: a 2-D G has at most 2 informative directions) are
    completed with an orthonormal basis of the rest of the space. Each direction's sign is chosen
    so its largest component is positive, so the result does not flip between refreshes.
    """
    z = np.asarray(z_pool, dtype=np.float64)
    if z.ndim != 2 or len(z) < 2:
        raise ValueError(f"z_pool must hold at least 2 noise vectors as rows (got shape {z.shape})")
    d = z.shape[1]
    if not 1 <= k <= d:
        raise ValueError(f"k must be in [1, {d}] (got {k})")
    zc = z - z.mean(axis=0)
    if outputs is None:
        m = zc.T @ zc / len(z)
    else:
        x = np.asarray(outputs, dtype=np.float64).reshape(len(z), -1)
        w, *_ = np.linalg.lstsq(zc, x - x.mean(axis=0), rcond=None)
        m = w @ w.T
    values, vectors = np.linalg.eigh((m + m.T) / 2)
    directions = vectors[:, np.argsort(values)[::-1][:k]].T
    signs = np.sign(directions[np.arange(k), np.abs(directions).argmax(axis=1)])
    return (directions * signs[:, None]).astype(np.float32)


def first_dims(k: int, d: int) -> np.ndarray:
    """(k, d): the first k axes of noise space, the plain sliders' directions."""
    if not 1 <= k <= d:
        raise ValueError(f"k must be in [1, {d}] (got {k})")
    return np.eye(d, dtype=np.float32)[:k]


# ---------------------------------------------------------------- G, away from training


def snapshot_generator(trainer) -> dict:
    """What a GeneratorCopy needs, as CPU copies that training can never change afterwards.

    Runs in the worker thread, between two steps. Keys: ``config`` (RunConfig copy), ``data_shape``,
    ``n_classes`` (0 when unconditional), ``state`` (the shown G's state_dict, cloned to the CPU:
    the weight average when gen.ema is on), ``step``,
    ``fixed_noise`` (float32 numpy), ``fixed_labels`` (int64 numpy or None), and for 2-D data
    ``real`` (the fixed real batch) and ``bounds`` (xmin, xmax, ymin, ymax).
    """
    fixed_labels = getattr(trainer, "fixed_labels", None)
    snapshot = {
        "config": trainer.cfg.copy(),
        "data_shape": tuple(trainer.dataset.shape),
        "n_classes": int(getattr(trainer, "n_classes", 0) or 0),
        "state": {k: v.detach().to("cpu", copy=True)
                  for k, v in getattr(trainer, "shown_G", trainer.G).state_dict().items()},
        "step": int(trainer.step_count),
        "fixed_noise": trainer.fixed_noise.detach().cpu().numpy().astype(np.float32, copy=True),
        "fixed_labels": None if fixed_labels is None else fixed_labels.detach().cpu().numpy().copy(),
    }
    if trainer.dataset.is_2d:
        snapshot["real"] = np.array(trainer.real_samples(), dtype=np.float32, copy=True)
        snapshot["bounds"] = tuple(float(b) for b in trainer.dataset.bounds())
    return snapshot


def _architecture(snapshot: Mapping) -> tuple:
    return snapshot["config"].gen, tuple(snapshot["data_shape"]), int(snapshot.get("n_classes", 0))


class GeneratorCopy:
    """G rebuilt from a snapshot: eval mode, no gradients, CPU, its own weights.

    ``generate`` runs in the GUI thread, so keep each call small: one z for a slider move, a strip
    of a dozen for an interpolation.
    """

    def __init__(self, snapshot: Mapping):
        self._architecture = _architecture(snapshot)
        gen_cfg, self.data_shape, self.n_classes = self._architecture
        self.noise_dim = gen_cfg.noise_dim
        self.noise_kind = gen_cfg.noise
        with torch.device("meta"):  # no initialisation, no draw from torch's global stream
            net = build_generator(gen_cfg, self.data_shape, self.n_classes)
        self.net = net.to_empty(device="cpu").eval().requires_grad_(False)
        self.refresh(snapshot)

    @property
    def is_2d(self) -> bool:
        return len(self.data_shape) == 1

    def matches(self, snapshot: Mapping) -> bool:
        """True when ``refresh`` can take this snapshot: the same G architecture, data and classes."""
        return _architecture(snapshot) == self._architecture

    def refresh(self, snapshot: Mapping) -> None:
        """Copy newer weights into the same module (the architecture must match)."""
        if not self.matches(snapshot):
            raise ValueError("the snapshot is of another G architecture: build a new GeneratorCopy")
        self.net.load_state_dict(snapshot["state"])
        self.step = int(snapshot.get("step", 0))

    @torch.no_grad()
    def generate(self, z, labels=None) -> np.ndarray:
        """G(z) as float32 numpy: (n, 2) points or (n, C, H, W) images in [−1, 1].

        ``labels``: for a conditional G, one class for every row (an int) or one per row; required.
        """
        zt = torch.as_tensor(np.asarray(z, dtype=np.float32).reshape(-1, self.noise_dim))
        if not self.n_classes:
            return self.net(zt).numpy()
        if labels is None:
            raise ValueError("this G is conditional: pass the class label(s) to generate")
        lt = torch.as_tensor(np.asarray(labels, dtype=np.int64))
        lt = lt.expand(len(zt)) if lt.ndim == 0 else lt
        return self.net(zt, lt).numpy()

    def noise(self, n: int, seed: int) -> np.ndarray:
        """(n, noise_dim) float32 drawn as training draws its noise, from a private seeded stream."""
        generator = torch.Generator().manual_seed(int(seed))
        return draw_noise(n, self.noise_dim, self.noise_kind, generator).numpy()
