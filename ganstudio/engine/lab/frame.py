"""Everything the 2-D lab view draws in one frame, computed between training steps.

The training worker owns one ``Lab`` per run of 2-D data. The window says which layers it shows
and which part of the plane is visible (``set_layers``, ``set_view``); ``frame()`` then returns
plain numpy arrays for exactly those layers, so a hidden layer costs nothing. Lines come as
NaN-separated polylines (ganstudio.engine.lab.geometry), ready to become one path each.

The divergence meter does not follow the view: it bins on a fixed grid over the dataset's bounds,
at the heatmap's resolution, with 2,500 generated points from a fixed noise batch against up to
10,000 real points, so its curve compares like with like over the whole run whatever the user
zooms to. (With the default view, the dataset's bounds, the grid is exactly the heatmap's.)
"""

from __future__ import annotations

import numpy as np
import torch

from ganstudio.engine.lab import fields as lab
from ganstudio.engine.lab import geometry as lab_geometry
from ganstudio.engine.lab import COMPUTED, LAYERS
# 32² cells: D on 1,024 points is ~0.9 ms on ring8 (48²: 2.5 ms, 64²: 8 ms, 1 thread); the window
# scales the picture up smoothly, so the colours stay smooth and only the 0.5 contour gets coarser.
HEATMAP_RESOLUTION = 32
DIVERGENCE_FAKE_N = 2500
DIVERGENCE_REAL_MAX = 10_000
MANIFOLD_LINES = 11  # noise-grid lines per direction, in both the manifold and the noise view
MANIFOLD_POINTS = 31  # points along each line (11 × 31 × 2 = 682 through G: ~0.5 ms on ring8)
ARROW_FRACTION = 0.06  # the longest usual arrow: this share of the view's smaller side
# The meter is a curve over steps, not a picture that must move smoothly: every third lab frame
# (~4 a second) is plenty, and saves the 2,500-point G pass on the other two (~1.3 ms each on ring8).
DIVERGENCE_EVERY = 3


def contour_level(trainer) -> float:
    """D's decision boundary: 0.5 for probabilities and for LSGAN's 0/1 targets, else 0 (the sign
    of a WGAN critic or hinge score)."""
    return 0.5 if trainer.probabilities or trainer.cfg.loss.kind == "lsgan" else 0.0


class Lab:
    """The lab view's computations for one Trainer on 2-D data (call only from its thread)."""

    def __init__(self, trainer, resolution: int = HEATMAP_RESOLUTION):
        lab._check_2d(trainer)
        self.trainer = trainer
        self.resolution = resolution
        self.data_bounds = trainer.dataset.bounds()
        self.view = self.data_bounds
        self.layers: frozenset[str] = frozenset()
        self._frames = 0
        x = trainer.dataset.x
        keep = min(len(x), DIVERGENCE_REAL_MAX)
        index = torch.randperm(len(x), generator=torch.Generator().manual_seed(trainer.cfg.seed + 3))[:keep]
        self._real = x[index].numpy()
        self._eval_noise = torch.from_numpy(trainer.noise(DIVERGENCE_FAKE_N, seed=trainer.cfg.seed + 4))

    @property
    def active(self) -> bool:
        return bool(self.layers & set(COMPUTED))

    def set_layers(self, layers) -> None:
        unknown = set(layers) - set(LAYERS)
        if unknown:
            raise ValueError(f"unknown lab layer(s) {sorted(unknown)}; known: {', '.join(LAYERS)}")
        self.layers = frozenset(layers)

    def set_view(self, bounds) -> None:
        xmin, xmax, ymin, ymax = (float(v) for v in bounds)
        if not (np.isfinite([xmin, xmax, ymin, ymax]).all() and xmax > xmin and ymax > ymin):
            raise ValueError(f"bad view bounds {bounds!r}: need finite xmin < xmax, ymin < ymax")
        self.view = (xmin, xmax, ymin, ymax)

    def frame(self, divergence: bool = False) -> dict:
        """The requested layers' data, plus ``step``; each key only when its layer is on (and the
        divergence on every ``DIVERGENCE_EVERY``-th frame, or when ``divergence`` is forced)."""
        t = self.trainer
        self._frames += 1
        out: dict = {"step": t.step_count}
        layers = self.layers
        if "heatmap" in layers:
            heat = lab.heatmap(t, self.view, self.resolution)
            heat["level"] = level = contour_level(t)
            heat["contour"] = lab_geometry.contour(heat["values"], heat["x"], heat["y"], level)
            out["heatmap"] = heat
        if "arrows" in layers:
            points, directions = lab.generator_gradients(t, t.fixed_noise)
            length = lab_geometry.scale_length(self.view, ARROW_FRACTION)
            out["arrows"] = lab_geometry.arrows(points, directions, length)
        if "manifold" in layers:
            out["manifold"] = lab_geometry.polylines(lab.manifold(t, MANIFOLD_LINES, MANIFOLD_POINTS))
        if "noise" in layers:
            out["noise"] = self.noise_points()
        if "divergence" in layers and (divergence or self._frames % DIVERGENCE_EVERY == 1):
            fake = t.generate(self._eval_noise)
            out["divergence"] = lab.divergences(self._real, fake, self.data_bounds, self.resolution)
        return out

    def noise_points(self) -> np.ndarray:
        """The fixed noise batch in the plane of its first two dimensions, float32 (N, 2);
        1-D noise lies on the x axis."""
        z = self.trainer.fixed_noise[:, :2].float().cpu().numpy()
        if z.shape[1] == 1:
            z = np.column_stack([z[:, 0], np.zeros(len(z), dtype=np.float32)])
        return z


def noise_grid(noise_dim: int, noise: str, lines: int = MANIFOLD_LINES) -> np.ndarray:
    """The straight grid that ``lab.manifold`` bends through G, drawn in noise space: a polyline.
    1-D noise: one segment along the x axis."""
    r = lab.noise_half_width(noise)
    if noise_dim == 1:
        return lab_geometry.polylines([np.array([[-r, 0.0], [r, 0.0]], dtype=np.float32)])
    levels = np.linspace(-r, r, lines, dtype=np.float32)
    ends = np.array([-r, r], dtype=np.float32)
    rows = [np.column_stack([ends, [v, v]]) for v in levels]
    cols = [np.column_stack([[v, v], ends]) for v in levels]
    return lab_geometry.polylines(rows + cols)
