"""What a GAN Lab-style 2-D view shows, computed without Qt: D's heatmap, G's gradient arrows, the
manifold (G's image of a grid in noise space) and grid-based KL / JS divergences.

The training worker calls these about ten times a second between steps, so each is one batched
forward (and at most one backward) pass with no Python loop over points. None of them may change a
run: G and D go into eval mode only for the call and every module's mode is restored afterwards
(eval mode is what keeps spectral norm's power iteration, batch-norm running statistics and
dropout's random draws out of it), nothing is written to a parameter's ``.grad``, no optimizer is
touched and no random number is drawn. D is evaluated on clean points: instance noise, which
training adds to D's inputs, is left out.

Grid convention, shared by ``heatmap`` and ``histogram`` so the divergences are measured on the
very cells the heatmap paints: ``bounds = (xmin, xmax, ymin, ymax)`` is cut into
``resolution × resolution`` equal cells; array[row, col] belongs to the cell whose centre is
(x[col], y[row]); row 0 is the bottom (ymin) row, so an image view with y upwards must not flip it.

D layers that look at the whole batch (minibatch discrimination, minibatch stddev) make D's score
of a point depend on the points scored with it; here those are the grid points (heatmap) or the
batch ``z`` (arrows), not a training batch, so for such a D the picture is only indicative.
"""

from __future__ import annotations

import math

import numpy as np
import torch

from ganstudio.engine.nets import eval_mode

Bounds = tuple[float, float, float, float]

KL_EPS = 1e-6  # smoothing added to every bin's probability before KL (see ``divergences``)


def _check_2d(trainer) -> None:
    if not trainer.dataset.is_2d or trainer.dataset.shape != (2,):
        raise ValueError(f"the 2-D view needs 2-D points; {trainer.dataset.name} has samples of "
                         f"shape {trainer.dataset.shape}")


def _pack(trainer) -> int:
    return trainer.cfg.disc.pack


def cell_centres(bounds: Bounds, resolution: int) -> tuple[np.ndarray, np.ndarray]:
    """x (resolution,) and y (resolution,) float32 coordinates of the grid's cell centres."""
    xmin, xmax, ymin, ymax = bounds
    steps = np.arange(resolution, dtype=np.float64) + 0.5
    x = xmin + steps * ((xmax - xmin) / resolution)
    y = ymin + steps * ((ymax - ymin) / resolution)
    return x.astype(np.float32), y.astype(np.float32)


def heatmap(trainer, bounds: Bounds, resolution: int = 64) -> dict:
    """D's output at the centre of every grid cell.

    Returns ``{"values": (resolution, resolution) float32, "x": (resolution,), "y": (resolution,),
    "bounds": bounds, "probabilities": bool}``: values[row, col] = D at (x[col], y[row]). With a
    BCE loss (``trainer.probabilities``) the values are sigmoid(logit) in [0, 1], else the raw
    critic score. A packing D (PacGAN, m = disc.pack) scores each grid point as a pack of m copies
    of itself.
    """
    _check_2d(trainer)
    x, y = cell_centres(bounds, resolution)
    gx = torch.from_numpy(x).to(trainer.device)
    gy = torch.from_numpy(y).to(trainer.device)
    rows_y, cols_x = torch.meshgrid(gy, gx, indexing="ij")
    points = torch.stack([cols_x, rows_y], dim=-1).reshape(-1, 2)  # row-major: row = y, col = x
    m = _pack(trainer)
    if m > 1:
        points = points.repeat_interleave(m, dim=0)
    with torch.no_grad(), eval_mode(trainer.D):
        out = trainer.D(points)
        if trainer.probabilities:
            out = torch.sigmoid(out)
    values = out.reshape(resolution, resolution).float().cpu().numpy()
    return {"values": values, "x": x, "y": y, "bounds": tuple(bounds),
            "probabilities": bool(trainer.probabilities)}


def generator_gradients(trainer, z) -> tuple[np.ndarray, np.ndarray]:
    """Where G's loss pushes each fake sample: (points, directions), float32 (N, 2) each.

    points = G(z); directions[i] = −∂ℓ/∂x_i at x = points, the gradient with respect to the sample
    itself (not G's weights) of ℓ = Σ over D outputs of the per-output G loss, i.e. N × the
    trainer's batch-mean G loss, so an arrow's length does not depend on how many are drawn.
    This is the direction the G update tries to move that sample (before backpropagation through
    G turns it into weight changes). With packing (m = disc.pack) D scores consecutive groups of
    m samples; the last ``N mod m`` noise rows are dropped, so N may shrink.
    """
    _check_2d(trainer)
    z = torch.as_tensor(z, dtype=torch.float32, device=trainer.device)
    z = z[: len(z) - len(z) % _pack(trainer)]
    with eval_mode(trainer.shown_G, trainer.D):
        with torch.no_grad():
            x = trainer.shown_G(z)
        x.requires_grad_(True)
        with torch.enable_grad():
            out = trainer.D(x)
            loss = trainer.g_loss(out) * out.numel()
            (grad,) = torch.autograd.grad(loss, x)  # only x's gradient: no parameter .grad touched
    return x.detach().float().cpu().numpy(), grad.neg().float().cpu().numpy()


def noise_half_width(noise: str) -> float:
    """Half-width of the noise grid: 2 (±2σ) for standard normal noise, 1 for uniform [-1, 1]."""
    return 1.0 if noise == "uniform" else 2.0


def noise_range(trainer) -> float:
    """``noise_half_width`` of the trainer's noise distribution."""
    return noise_half_width(trainer.cfg.gen.noise)


def manifold(trainer, lines: int = 21, points_per_line: int = 41) -> list[np.ndarray]:
    """G's image of a grid in noise space: a list of float32 (M, 2) polylines.

    2-D noise: ``lines`` lines of constant z₂ (z₁ varying), then ``lines`` of constant z₁, each of
    ``points_per_line`` points, over [−r, r]² with r from ``noise_range`` — 2·lines curves.
    noise_dim > 2: the same grid in the plane of the first two noise dimensions, every other
    dimension held at 0 (one slice through the noise space, the one through its centre).
    1-D noise: one curve of ``lines × points_per_line`` points over [−r, r].
    With odd ``lines`` and ``points_per_line`` (the defaults) the grid contains z = 0.
    """
    _check_2d(trainer)
    dim = trainer.cfg.gen.noise_dim
    r = noise_range(trainer)
    if dim == 1:
        z = torch.linspace(-r, r, lines * points_per_line).unsqueeze(1)
        return [_generate(trainer, z)]
    t = torch.linspace(-r, r, points_per_line).expand(lines, points_per_line)
    level = torch.linspace(-r, r, lines).unsqueeze(1).expand(lines, points_per_line)
    plane = torch.cat([torch.stack([t, level], -1), torch.stack([level, t], -1)])
    z = torch.zeros(2 * lines * points_per_line, dim)
    z[:, :2] = plane.reshape(-1, 2)
    return list(_generate(trainer, z).reshape(2 * lines, points_per_line, 2))


def _generate(trainer, z: torch.Tensor) -> np.ndarray:
    """``trainer.generate`` that restores each submodule's mode, not just G's."""
    with torch.no_grad(), eval_mode(trainer.shown_G):
        return trainer.shown_G(z.to(trainer.device)).float().cpu().numpy()


def histogram(points, bounds: Bounds, resolution: int = 64) -> np.ndarray:
    """Counts of ``points`` (N, 2) per grid cell: int64 (resolution² + 1,).

    Entry row·resolution + col counts the cell of ``heatmap``'s values[row, col] (the top and
    right edges belong to the last cells); the extra last entry counts points outside ``bounds``
    or not finite, so no point is silently lost.
    """
    p = np.asarray(points, dtype=np.float64)
    xmin, xmax, ymin, ymax = bounds
    fx = (p[:, 0] - xmin) * (resolution / (xmax - xmin))
    fy = (p[:, 1] - ymin) * (resolution / (ymax - ymin))
    inside = (fx >= 0) & (fx <= resolution) & (fy >= 0) & (fy <= resolution)  # NaN: outside
    col = np.minimum(fx[inside].astype(np.int64), resolution - 1)
    row = np.minimum(fy[inside].astype(np.int64), resolution - 1)
    index = np.full(len(p), resolution * resolution, dtype=np.int64)
    index[inside] = row * resolution + col
    return np.bincount(index, minlength=resolution * resolution + 1)


def divergences(real, fake, bounds: Bounds, resolution: int = 64,
                eps: float = KL_EPS) -> tuple[float, float]:
    """(KL(real ‖ fake) in nats, JS(real, fake) in bits ∈ [0, 1]) between grid histograms.

    Both point sets are binned by ``histogram`` (the heatmap's cells plus one "outside" bin, so a
    G that throws samples off the view is charged for them) and normalised to sum to 1: p (real),
    q (fake). JS = ½ Σ p ln(p/m) + ½ Σ q ln(q/m) with m = (p + q)/2 and 0 ln 0 = 0, divided by
    ln 2: 0 for equal histograms, 1 for disjoint ones; it needs no smoothing. KL would be infinite
    wherever fake has no sample and real has some, so ``eps`` (default 1e-6) is added to every
    bin of both and they are renormalised: p' = (p + ε) / (1 + Bε), B = resolution² + 1. KL is
    then 0 for equal histograms and at most about ln(1/ε) ≈ 13.8 nats. Values compare across runs
    only at the same bounds, resolution, ε and sample sizes: a histogram of a finite sample is
    noisy, so even a perfect G scores above 0, the more so the fewer points per cell.
    """
    counts_p = histogram(real, bounds, resolution).astype(np.float64)
    counts_q = histogram(fake, bounds, resolution).astype(np.float64)
    if not counts_p.sum() or not counts_q.sum():
        raise ValueError("divergences need at least one real and one fake point")
    p = counts_p / counts_p.sum()
    q = counts_q / counts_q.sum()

    bins = len(p)
    ps = (p + eps) / (1.0 + bins * eps)
    qs = (q + eps) / (1.0 + bins * eps)
    with np.errstate(divide="ignore", invalid="ignore"):
        kl = float(np.sum(np.where(ps > 0, ps * np.log(ps / qs), 0.0)))

    m = 0.5 * (p + q)
    both = np.flatnonzero(m)  # where m = 0, p and q are 0 too and the terms are 0
    p, q, m = p[both], q[both], m[both]
    with np.errstate(divide="ignore", invalid="ignore"):
        terms = np.where(p > 0, p * np.log(p / m), 0.0) + np.where(q > 0, q * np.log(q / m), 0.0)
    js = float(np.sum(terms)) / (2.0 * math.log(2.0))
    return max(kl, 0.0), min(max(js, 0.0), 1.0)
