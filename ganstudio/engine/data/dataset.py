"""The one shape every data source is loaded into, and the error they raise.

The trainer, the metrics and the canvases only ever see a ``Dataset``: a float32 CPU tensor plus
what the metrics need to know about it (mixture means and σ for the 2-D mode metrics, class labels
for the MNIST classifier metrics). Loaders raise ``DataError`` with a message naming the file and
the problem, because the reader is a student who picked that file in a dialog.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import torch


class DataError(ValueError):
    """Data that cannot be loaded; the message names the file, line or key and what is wrong."""


@dataclass
class Dataset:
    name: str  # "ring8", "mnist", "csv:/path/points.csv", "folder:/path", "drawn", ...
    x: torch.Tensor  # float32, CPU, contiguous: (N, 2) points or (N, C, H, W) images in [-1, 1]
    labels: torch.Tensor | None  # int64 (N,) class labels, or None
    means: np.ndarray | None = None  # (K, 2) mixture means, 2-D mixture sets only
    sigma: float | None = None  # std of each mixture component
    n_classes: int = 0  # 10 for MNIST-like labelled data, else 0
    skipped: int = 0  # unreadable files skipped (image folder)

    @property
    def is_2d(self) -> bool:
        return self.x.ndim == 2

    @property
    def shape(self) -> tuple[int, ...]:
        """Shape of one sample: (2,) or (C, H, W); what the networks are built for."""
        return tuple(self.x.shape[1:])

    def bounds(self, margin: float = 0.15) -> tuple[float, float, float, float]:
        """A square view (xmin, xmax, ymin, ymax) around every point, ``margin`` × span each side.

        Square so the 2-D canvas shows circles as circles; fixed per dataset so the view does not
        jump while G's samples wander.
        """
        if not self.is_2d:
            raise ValueError(f"bounds() needs 2-D points; {self.name} holds images")
        lo = self.x.min(dim=0).values.tolist()
        hi = self.x.max(dim=0).values.tolist()
        span = max(hi[0] - lo[0], hi[1] - lo[1]) or 2.0  # all points equal: still a usable view
        half = span * (0.5 + margin)
        cx, cy = (lo[0] + hi[0]) / 2, (lo[1] + hi[1]) / 2
        return cx - half, cx + half, cy - half, cy + half


def existing_path(path: str | Path, what: str) -> Path:
    """``path`` as a Path that exists, or a DataError saying which ``what`` is missing."""
    if not str(path).strip():
        raise DataError(f"no {what} chosen: data.path is empty")
    resolved = Path(path).expanduser()
    if not resolved.exists():
        raise DataError(f"{what} not found: {resolved}")
    return resolved
