"""Turn samples into pictures with numpy alone: image grids and 2-D scatter plots as uint8 arrays.

Used for the PNGs a headless run writes and for the window's sample grid, so both show the same
picture of the same step.
"""

from __future__ import annotations

import math

import numpy as np

REAL_RGB = (70, 110, 200)
FAKE_RGB = (230, 110, 40)


def image_grid(images: np.ndarray, cols: int | None = None, pad: int = 2) -> np.ndarray:
    """(N, C, H, W) in [-1, 1] → (rows·(H+pad)+pad, cols·(W+pad)+pad, C) uint8, C in {1, 3}."""
    n, c, h, w = images.shape
    cols = cols or int(math.ceil(math.sqrt(n)))
    rows = int(math.ceil(n / cols))
    pixels = ((np.clip(images, -1.0, 1.0) + 1.0) * 127.5).round().astype(np.uint8)
    grid = np.full((rows * (h + pad) + pad, cols * (w + pad) + pad, c), 40, dtype=np.uint8)
    tiles = np.zeros((rows * cols, c, h, w), dtype=np.uint8)
    tiles[:n] = pixels
    # (rows, cols, C, H, W) → (rows, H, cols, W, C), then drop into the padded canvas
    tiles = tiles.reshape(rows, cols, c, h, w).transpose(0, 3, 1, 4, 2)
    body = np.full((rows, h + pad, cols, w + pad, c), 40, dtype=np.uint8)
    body[:, :h, :, :w, :] = tiles
    grid[pad:, pad:] = body.reshape(rows * (h + pad), cols * (w + pad), c)
    return grid


def scatter_image(real: np.ndarray, fake: np.ndarray, bounds: tuple[float, float, float, float],
                  size: int = 480) -> np.ndarray:
    """Real (blue) and fake (orange) 2-D points on a white square, (size, size, 3) uint8."""
    canvas = np.full((size, size, 3), 255, dtype=np.uint8)
    xmin, xmax, ymin, ymax = bounds
    for points, rgb in ((real, REAL_RGB), (fake, FAKE_RGB)):
        pts = np.asarray(points, dtype=np.float64)
        pts = pts[np.isfinite(pts).all(axis=1)]
        px = ((pts[:, 0] - xmin) / (xmax - xmin) * (size - 1)).round().astype(np.int64)
        py = ((ymax - pts[:, 1]) / (ymax - ymin) * (size - 1)).round().astype(np.int64)
        for dx in (-1, 0, 1):  # 3×3 dots, no Python loop over points
            for dy in (-1, 0, 1):
                x, y = px + dx, py + dy
                keep = (x >= 0) & (x < size) & (y >= 0) & (y < size)
                canvas[y[keep], x[keep]] = rgb
    return canvas


def png_bytes(pixels: np.ndarray) -> bytes:
    """An (H, W, 1|3) uint8 array encoded as PNG."""
    import io

    from PIL import Image

    mode_pixels = pixels[:, :, 0] if pixels.shape[2] == 1 else pixels
    buf = io.BytesIO()
    Image.fromarray(mode_pixels).save(buf, format="PNG")
    return buf.getvalue()


def save_png(path, pixels: np.ndarray) -> None:
    """Write an (H, W, 1|3) uint8 array as PNG, atomically."""
    from ganstudio.engine.runs.fsutil import atomic_write_bytes

    atomic_write_bytes(path, png_bytes(pixels))
