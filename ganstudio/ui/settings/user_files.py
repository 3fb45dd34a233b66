"""Where the window keeps what a user makes: drawn datasets and run folders.

``GANSTUDIO_HOME`` overrides the folder (tests point it at a temporary one); otherwise it is
``ganstudio`` in the platform's per-user data folder (``~/.local/share/ganstudio`` on Linux,
``%LOCALAPPDATA%\\ganstudio`` on Windows, ``~/Library/Application Support/ganstudio`` on macOS),
whatever name the process was started under. Every save gets a new file, so nothing drawn earlier
is ever overwritten.

Before the application was named, Qt named the folder after the program that started it
(``main.py`` for ``python main.py``, ``ganstudio-gui`` for the installed command): ``adopt_old_folders``
moves what those hold into the folder above, so no run is left behind.
"""

from __future__ import annotations

import os
import shutil
import sys
import time
from pathlib import Path

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QStandardPaths

if TYPE_CHECKING:
    import numpy as np


APP_NAME = "ganstudio"
# Names Qt gave the data folder before the application was named: the program's file name.
OLD_APP_NAMES = ("main.py", "main", "ganstudio-gui", "__main__.py", "__main__")
# What a data folder holds: run folders and drawn datasets.
_KINDS = ("runs", "drawn")


def name_application() -> None:
    """Name the application before anything reads a path or a setting (QSettings, QStandardPaths)."""
    QCoreApplication.setApplicationName(APP_NAME)
    QCoreApplication.setOrganizationName(APP_NAME)


def _generic_data() -> Path | None:
    location = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.GenericDataLocation)
    return Path(location) if location else None


def data_dir() -> Path:
    home = os.environ.get("GANSTUDIO_HOME")
    if home:
        return Path(home).expanduser()
    generic = _generic_data()
    return generic / APP_NAME if generic is not None else Path.home() / f".{APP_NAME}"


def adopt_old_folders() -> list[tuple[Path, Path]]:
    """Move run folders and drawings from the folders Qt named after the program (``OLD_APP_NAMES``)
    into ``data_dir()``; returns (from, to) for each move. A name taken in the new folder gets a
    suffix, and an entry that cannot be moved stays where it is and is reported on stderr."""
    generic = _generic_data()
    if os.environ.get("GANSTUDIO_HOME") or generic is None:
        return []
    moved = []
    for old_name in OLD_APP_NAMES:
        for kind in _KINDS:
            old = generic / old_name / kind
            if not old.is_dir() or old.resolve() == (data_dir() / kind).resolve():
                continue
            for entry in sorted(old.iterdir()):
                target = _free_name(data_dir() / kind / entry.name)
                try:
                    target.parent.mkdir(parents=True, exist_ok=True)
                    shutil.move(str(entry), str(target))
                except OSError as error:
                    print(f"ganstudio: could not move {entry} to {target}: {error}", file=sys.stderr)
                    continue
                moved.append((entry, target))
            _remove_if_empty(old)
    return moved


def moved_note(moved: list[tuple[Path, Path]]) -> str:
    """What the status bar says after ``adopt_old_folders`` moved something."""
    return QCoreApplication.translate("user_files", "Moved {0} saved runs and drawings to {1}").format(
        len(moved), data_dir())


def _free_name(path: Path) -> Path:
    n = 1
    candidate = path
    while candidate.exists():
        n += 1
        candidate = path.with_name(f"{path.name}-{n}")
    return candidate


def _remove_if_empty(folder: Path) -> None:
    for path in (folder, folder.parent):
        try:
            path.rmdir()
        except OSError:
            return


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
