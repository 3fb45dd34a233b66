"""Pictures over time: label a frame, write frames as an animated GIF.

Shared by the run export (a timelapse of the sample grid) and the latent explorer (an
interpolation strip). Frames are (H, W, 1|3) uint8 arrays as ``render`` makes them; the GIF is
written atomically, so a cancelled or failed export never leaves half a file behind.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable
from pathlib import Path

import numpy as np

from ganstudio.engine.runs.fsutil import atomic_write_bytes

LABEL_HEIGHT = 18  # pixels of the caption band under a labelled frame


class Cancelled(Exception):
    """The user cancelled a long export; nothing was written."""


def to_rgb(pixels: np.ndarray) -> np.ndarray:
    """(H, W, 1|3) uint8 → (H, W, 3) uint8."""
    if pixels.ndim == 2:
        pixels = pixels[:, :, None]
    return np.repeat(pixels, 3, axis=2) if pixels.shape[2] == 1 else pixels


def labelled(pixels: np.ndarray, text: str) -> np.ndarray:
    """The frame with a white caption band below it holding ``text`` (e.g. "step 1,500")."""
    from PIL import Image, ImageDraw

    rgb = to_rgb(pixels)
    h, w, _ = rgb.shape
    canvas = Image.new("RGB", (w, h + LABEL_HEIGHT), (255, 255, 255))
    canvas.paste(Image.fromarray(rgb), (0, 0))
    ImageDraw.Draw(canvas).text((4, h + 3), text, fill=(0, 0, 0))
    return np.asarray(canvas)


def pad_to(pixels: np.ndarray, height: int, width: int) -> np.ndarray:
    """Place a frame top-left on a white canvas of the given size (frames of a GIF must match)."""
    rgb = to_rgb(pixels)
    out = np.full((height, width, 3), 255, dtype=np.uint8)
    h, w = min(height, rgb.shape[0]), min(width, rgb.shape[1])
    out[:h, :w] = rgb[:h, :w]
    return out


def gif_bytes(frames: Iterable[np.ndarray], frame_ms: int = 125, loop: bool = True,
              progress: Callable[[int], None] | None = None,
              cancelled: Callable[[], bool] | None = None) -> bytes:
    """Encode frames (any sizes; padded to the largest) as an animated GIF.

    ``progress(i)`` is called after each frame is prepared; ``cancelled()`` is asked before each
    one and raises ``Cancelled`` when it says so.
    """
    from PIL import Image

    images = []
    for i, frame in enumerate(frames):
        if cancelled is not None and cancelled():
            raise Cancelled()
        images.append(to_rgb(frame))
        if progress is not None:
            progress(i + 1)
    if not images:
        raise ValueError("a GIF needs at least one frame")
    height = max(f.shape[0] for f in images)
    width = max(f.shape[1] for f in images)
    pictures = [Image.fromarray(pad_to(f, height, width)) for f in images]
    buf = io.BytesIO()
    pictures[0].save(buf, format="GIF", save_all=True, append_images=pictures[1:],
                     duration=max(int(frame_ms), 20), loop=0 if loop else 1, disposal=1)
    return buf.getvalue()


def save_gif(path: str | Path, frames: Iterable[np.ndarray], frame_ms: int = 125, loop: bool = True,
             progress: Callable[[int], None] | None = None,
             cancelled: Callable[[], bool] | None = None) -> Path:
    """Write ``gif_bytes(...)`` to ``path`` atomically; returns the path."""
    path = Path(path)
    atomic_write_bytes(path, gif_bytes(frames, frame_ms, loop, progress, cancelled))
    return path


def gif_frame_count(path: str | Path) -> int:
    """Number of frames in a GIF file (tests and the export's own check)."""
    from PIL import Image

    with Image.open(path) as image:
        return getattr(image, "n_frames", 1)
