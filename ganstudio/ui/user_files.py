"""Where the window keeps what a user makes: drawn datasets and run folders.

``GANSTUDIO_HOME`` overrides the folder (tests point it at a temporary one); otherwise it is the
platform's per-user application data folder. Every save gets a new file, so nothing drawn earlier
is ever overwritten.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

from typing import TYPE_CHECKING

from PySide6.QtCore import QStandardPaths

if TYPE_CHECKING:
    import numpy as np


def data_dir() -> Path:
    home = os.environ.get("GANSTUDIO_HOME")
    if home:
        return Path(home).expanduser()
    location = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)
    return Path(location) if location else Path.home() / ".ganstudio"


def save_drawing(points: np.ndarray) -> Path:
    """Write drawn points to ``<data_dir>/drawn/drawing-<time>.csv`` and return the path."""
    from ganstudio.engine.data import save_points_csv  # torch: loaded after the first paint

    folder = data_dir() / "drawn"
    stem = time.strftime("drawing-%Y%m%d-%H%M%S")
    path = folder / f"{stem}.csv"
    n = 1
    while path.exists():
        n += 1
        path = folder / f"{stem}-{n}.csv"
    save_points_csv(path, points)
    return path
