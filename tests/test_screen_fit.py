"""The real window on a real screen size: it opens inside the screen, nothing lies outside it, and
the training plots keep a readable height and whole titles, the help panel open or not (issue 21).

Each screen size runs in its own interpreter, because Qt reads the (offscreen) screen's size once
at start: 1280 × 720 (a projector), 1366 × 768 (the commonest laptop) and 1920 × 1080, each in
normal and presentation mode, in English and 简体中文, with a saved window size from a larger
screen to clamp. The window has trained a few steps, so plots, meter and samples hold data.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from ganstudio.ui.widgets.screen_fit import offscreen_platform

ROOT = Path(__file__).resolve().parents[1]

CHECK = r'''
import json, os, sys
sys.path.insert(0, os.environ["ROOT"])
sys.path.insert(0, os.path.join(os.environ["ROOT"], "tests"))
import torch  # noqa: F401  (the window builds everything at once when torch is loaded)
from PySide6.QtCore import QByteArray, QEventLoop, QRect, QTimer
from PySide6.QtWidgets import QApplication, QWidget
app = QApplication([])
from ganstudio.engine.train.presets import preset
from ganstudio.ui.settings import i18n, preferences
from ganstudio.ui.window.main_window import MainWindow
from ganstudio.ui.window.run_column import PLOTS_READABLE_PX

def wait(ms):
    loop = QEventLoop(); QTimer.singleShot(ms, loop.quit); loop.exec()

def until(test, ms=30000):
    for _ in range(ms // 50):
        if test():
            return True
        wait(50)
    return False

def check_titles(case, plots):
    """Whole titles, and plots no wider than their canvas (a title drawn smaller leaves the scene
    clamped to the width it had before, unless the canvas sizes it again)."""
    if not plots.isVisible():
        return
    if plots.cut_titles():
        problems.append(f"{case}: titles cut at {plots.width()} px: {plots.cut_titles()}")
    scene_w = plots.canvas.ci.geometry().width()
    if scene_w > plots.canvas.width() + 1:
        problems.append(f"{case}: the plots are {scene_w:.0f} px wide on a {plots.canvas.width()} px canvas")

problems, seen = [], []
screen = app.primaryScreen().availableGeometry()
for lang in ("en", "zh_CN"):
    i18n.install_translator(app, lang)
    for presentation in (False, True):
        big = MainWindow(preset("ring8"))  # a window saved on a larger screen
        big.setGeometry(QRect(50, 40, 2400, 1500))
        preferences.save_layout(big)
        big.close()
        win = MainWindow(preset("ring8"))
        win.set_presentation(presentation)
        win.show()
        case = f"{screen.width()}x{screen.height()} {lang} {'presentation' if presentation else 'normal'}"
        if not until(lambda: win.controller.worker.trainer is not None and win.run_bar.start.isEnabled()):
            problems.append(f"{case}: the networks were never built")
            continue
        win.controller.run_n(40)
        until(lambda: win.step >= 40)
        wait(400)  # the redraws, the window manager's placement, the layout's last word
        frame = win.frameGeometry()
        if not screen.contains(frame):
            problems.append(f"{case}: the window {frame.getRect()} is not inside the screen {screen.getRect()}")
        inside = QRect(win.mapToGlobal(win.rect().topLeft()), win.size())
        for w in win.findChildren(QWidget):
            if w.isVisible() and not w.isWindow() and w.width() > 0 and w.height() > 0:
                rect = QRect(w.mapToGlobal(w.rect().topLeft()), w.size())
                if not inside.contains(rect) and not _in_scroll_area(w):
                    problems.append(f"{case}: {type(w).__name__} {w.objectName()!r} at {rect.getRect()} "
                                    f"reaches outside the window {inside.getRect()}")
        plots = win.plots
        if plots.isVisible() and plots.height() < PLOTS_READABLE_PX:
            problems.append(f"{case}: the training plots are {plots.height()} px tall (< {PLOTS_READABLE_PX})")
        check_titles(case, plots)
        win.help_action.trigger()  # a dock beside the views: the window stays inside the screen
        wait(400)
        if not screen.contains(win.frameGeometry()):
            problems.append(f"{case}, help panel open: the window {win.frameGeometry().getRect()} is not "
                            f"inside the screen {screen.getRect()}")
        check_titles(f"{case}, help panel open", plots)
        seen.append({"case": case, "window": frame.getRect(), "tabbed": win.column.tabbed,
                     "meter_tabbed": win.column.meter_tabbed})
        win.close()
    i18n.remove_translators(app)
print(json.dumps({"problems": problems, "seen": seen}))
'''

SCROLL_HELPERS = r'''
from PySide6.QtWidgets import QAbstractScrollArea

def _ancestors(w):
    p = w.parentWidget()
    while p is not None:
        yield p
        p = p.parentWidget()

def _in_scroll_area(w):
    """Inside a scroll area's viewport: it scrolls, so it may reach past the window."""
    return any(isinstance(p, QAbstractScrollArea) for p in _ancestors(w))
'''


@pytest.mark.parametrize("width,height", [(1280, 720), (1366, 768), (1920, 1080)])
def test_the_window_fits_the_screen_with_readable_plots(tmp_path, width, height):
    script = tmp_path / "check.py"
    script.write_text(CHECK.replace("problems, seen = [], []", SCROLL_HELPERS + "\nproblems, seen = [], []"))
    env = {"ROOT": str(ROOT), "QT_QPA_PLATFORM": offscreen_platform(tmp_path, width, height), "PATH": "/usr/bin:/bin",
           "HOME": str(tmp_path), "XDG_CONFIG_HOME": str(tmp_path / "config"),
           "GANSTUDIO_HOME": str(tmp_path / "home"), "OMP_NUM_THREADS": "1"}
    done = subprocess.run([sys.executable, str(script)], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=280)
    assert done.returncode == 0, done.stderr[-3000:]
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert len(report["seen"]) == 4, report
    assert not report["problems"], "\n".join(report["problems"])
    if (width, height) == (1920, 1080):  # room enough: the views side by side, in every case
        assert not any(case["tabbed"] for case in report["seen"]), report["seen"]
