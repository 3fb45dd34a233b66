"""One data folder however the app is started, and runs saved under the old folder names are moved
into it, not lost (issue 20: Qt named the folder after the program, ``~/.local/share/main.py``)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication

from ganstudio.ui.settings import user_files

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def xdg(tmp_path, monkeypatch):
    """A fresh per-user data folder, as on a new machine; the application's name put back after."""
    monkeypatch.delenv("GANSTUDIO_HOME", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "share"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    name, organization = QCoreApplication.applicationName(), QCoreApplication.organizationName()
    yield tmp_path / "share"
    QCoreApplication.setApplicationName(name)
    QCoreApplication.setOrganizationName(organization)


def _old_run(folder: Path, steps: int) -> Path:
    folder.mkdir(parents=True)
    (folder / "run.json").write_text(json.dumps({"preset": "ring8", "steps": steps}))
    (folder / "metrics.csv").write_text("step,d_loss\n" + "".join(f"{s},0.5\n" for s in range(steps)))
    return folder


@pytest.mark.parametrize("started_as", ["main.py", "ganstudio-gui", "python3", ""])
def test_the_data_folder_does_not_depend_on_how_the_app_was_started(qapp, xdg, started_as):
    QCoreApplication.setApplicationName(started_as)
    assert user_files.data_dir() == xdg / "ganstudio"
    user_files.name_application()
    assert QCoreApplication.applicationName() == "ganstudio"
    assert user_files.data_dir() == xdg / "ganstudio"


def test_runs_and_drawings_under_the_old_names_are_moved_whole(qapp, xdg):
    a = _old_run(xdg / "main.py" / "runs" / "20260101-000000-ring8", 30)
    b = _old_run(xdg / "ganstudio-gui" / "runs" / "20260101-000000-ring8", 12)  # the same name
    (xdg / "main.py" / "drawn").mkdir()
    (xdg / "main.py" / "drawn" / "drawing-20260101-000000.csv").write_text("x,y\n0,1\n")
    kept = _old_run(xdg / "ganstudio" / "runs" / "20251201-000000-ring8", 5)  # already in place
    before = {p: p.joinpath("metrics.csv").read_text() for p in (a, b)}

    moved = user_files.adopt_old_folders()

    runs = xdg / "ganstudio" / "runs"
    assert sorted(p.name for p in runs.iterdir()) == [
        "20251201-000000-ring8", "20260101-000000-ring8", "20260101-000000-ring8-2"]
    assert sorted(p.joinpath("metrics.csv").read_text() for p in runs.iterdir() if p != kept) == sorted(before.values())
    assert (xdg / "ganstudio" / "drawn" / "drawing-20260101-000000.csv").read_text() == "x,y\n0,1\n"
    assert len(moved) == 3
    assert not (xdg / "main.py").exists() and not (xdg / "ganstudio-gui").exists()
    assert user_files.adopt_old_folders() == []  # nothing twice


def test_an_entry_that_cannot_be_moved_stays_and_is_reported(qapp, xdg, monkeypatch, capsys):
    old = _old_run(xdg / "main.py" / "runs" / "20260101-000000-ring8", 3)

    def refuse(src, dst):
        raise PermissionError("read-only")

    monkeypatch.setattr(user_files.shutil, "move", refuse)
    assert user_files.adopt_old_folders() == []
    assert old.joinpath("metrics.csv").exists()
    assert "could not move" in capsys.readouterr().err


def test_started_as_a_user_does_the_window_finds_the_old_runs_and_saves_new_ones_beside_them(xdg):
    """``python main.py`` on a machine that has runs under ``~/.local/share/main.py``."""
    _old_run(xdg / "main.py" / "runs" / "20260101-000000-ring8", 30)
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "XDG_DATA_HOME": str(xdg),
           "XDG_CONFIG_HOME": str(xdg.parent / "config")}
    env.pop("GANSTUDIO_HOME", None)
    done = subprocess.run([sys.executable, str(ROOT / "main.py"), "--preset", "ring8", "--autostart",
                           "--quit-after-steps", "20"], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=240)
    assert done.returncode == 0, done.stderr[-3000:]
    assert "Moved 1 saved runs and drawings to" in done.stdout
    runs = sorted(p.name for p in (xdg / "ganstudio" / "runs").iterdir())
    assert "20260101-000000-ring8" in runs and len(runs) == 2
    assert not (xdg / "main.py").exists()
