"""Without a display or with Qt's xcb libraries missing, the window says what is missing and how
to install it, and exits with status 2 instead of Qt's abort and core dump (issue 21)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from ganstudio import display_check

ROOT = Path(__file__).resolve().parents[1]


def test_without_any_display_main_says_so_and_exits_2():
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    done = subprocess.run([sys.executable, str(ROOT / "main.py"), "--preset", "ring8"], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 2, done.stderr
    assert "no display to open the window on" in done.stderr
    assert "QT_QPA_PLATFORM=offscreen" in done.stderr and "core dumped" not in done.stderr


@pytest.mark.skipif(shutil.which("ldd") is None, reason="ldd is what finds the missing libraries")
def test_an_xcb_plugin_whose_libraries_cannot_be_found_is_refused_with_status_2(tmp_path, monkeypatch, capsys):
    """The real plugin, copied away from the Qt libraries it loads (its RPATH is relative)."""
    broken = tmp_path / "platforms" / "libqxcb.so"
    broken.parent.mkdir()
    shutil.copy(display_check.xcb_plugin(), broken)
    monkeypatch.setenv("QT_QPA_PLATFORM", "xcb")
    missing = display_check.missing_libraries(broken)
    assert "libQt6XcbQpa.so.6" in missing
    with pytest.raises(SystemExit) as exit_:
        display_check.require_display(broken)
    assert exit_.value.code == 2
    err = capsys.readouterr().err
    assert "libQt6XcbQpa.so.6" in err and "Reinstall PySide6" in err


def test_a_missing_x_library_gets_the_line_that_installs_it():
    lines = display_check.install_lines(["libxcb-cursor.so.0", "libxkbcommon-x11.so.0", "libQt6XcbQpa.so.6"])
    assert lines[0] == "  Debian/Ubuntu: sudo apt-get install -y libxcb-cursor0 libxkbcommon-x11-0"
    assert "xcb-util-cursor" in lines[1] and "xcb-util-cursor" in lines[2]


def test_offscreen_and_wayland_are_not_checked(monkeypatch, tmp_path):
    for platform in ("offscreen", "wayland", "offscreen:configfile=x.json"):
        monkeypatch.setenv("QT_QPA_PLATFORM", platform)
        assert display_check.problem(tmp_path / "absent.so") is None
