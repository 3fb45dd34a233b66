"""What a teacher preparing a lesson ran into (issue 19), each through the real widgets.

The action walk (test_every_action.py) and the layout matrix (test_layout.py) cover these too,
among everything else; here each defect has its own test, named for what the user saw.
"""

from __future__ import annotations

import re
from pathlib import Path

import pyqtgraph as pg
import pytest
from PySide6.QtCore import QPoint, QPointF, QRectF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QApplication

from ganstudio.engine.train.presets import preset

from dialogs import Answerer
from layout_check import layout_problems
from test_run_compare import make_run
from thread_waits import TRAINING_MS, run_steps


@pytest.fixture
def window(open_window, tmp_path, monkeypatch):
    monkeypatch.setenv("GANSTUDIO_HOME", str(tmp_path / "home"))
    cfg = preset("ring8")
    cfg.batch_size, cfg.sample_every = 64, 10
    return open_window(cfg)


def _wheel(widget, notches: int = -1) -> None:
    """A real mouse-wheel turn over the middle of ``widget`` (negative: towards the user)."""
    centre = QPointF(widget.width() / 2, widget.height() / 2)
    event = QWheelEvent(centre, widget.mapToGlobal(centre), QPoint(0, 0), QPoint(0, 120 * notches),
                        Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase,
                        False)
    QApplication.sendEvent(widget, event)


def test_compare_runs_in_the_file_menu_opens_the_runs_ticked(qtbot, window, tmp_path):
    """It raised ImportError (RunPicker was imported from the wrong module): nothing opened."""
    runs = tmp_path / "home" / "runs"
    for i, steps in enumerate((40, 20)):
        make_run(runs / f"2026010{i}-000000-ring8", steps)
    answerer = Answerer(tmp_path / "out")
    try:
        window.runs.compare_action.trigger()
    finally:
        answerer.stop()
    assert [s.kind for s in answerer.seen] == ["RunPicker"]
    [compare] = window.runs.compare_windows()
    qtbot.addWidget(compare)
    assert sorted(run.folder.name for run in compare.runs) == sorted(p.name for p in runs.iterdir())


def test_the_mouse_wheel_scrolls_the_settings_instead_of_changing_them(qtbot, window):
    """Scrolling the Settings dock slid the Loss box under the pointer, which took the wheel:
    "Applied at step 5099: loss nonsaturating→hinge"."""
    window.resize(1280, 720)
    panel = window.controls
    qtbot.waitUntil(lambda: panel.verticalScrollBar().maximum() > 0, timeout=5000)
    loss, bar = panel.loss, panel.verticalScrollBar()
    before, top = loss.currentText(), bar.value()
    for field in (loss, panel.opt_d.lr, panel.batch_size):
        _wheel(field)
    assert loss.currentText() == before and panel.opt_d.lr.value() == pytest.approx(1e-3)
    assert panel.batch_size.value() == 64
    assert bar.value() > top  # the panel scrolled instead
    qtbot.wait(500)  # past the debounce: nothing was applied
    assert window.plots._markers == []

    loss.setFocus()  # clicked into: now the wheel is the user's way to change it
    qtbot.waitUntil(loss.hasFocus, timeout=2000)
    _wheel(loss)
    assert loss.currentText() != before


def test_the_settings_dock_can_be_hidden_from_the_view_menu(qtbot, window):
    action = window.settings_dock.toggleViewAction()
    assert action.isEnabled()  # it was greyed out
    action.trigger()
    qtbot.waitUntil(lambda: not window.settings_dock.isVisible(), timeout=2000)
    action.trigger()
    qtbot.waitUntil(window.settings_dock.isVisible, timeout=2000)


def test_after_a_new_preset_and_reset_the_plots_start_from_step_zero(qtbot, window):
    """They kept the old run's x range (0–7000) at step 0."""
    run_steps(qtbot, window, 300)
    window.redraw()
    assert window.plots.loss_plot.vb.viewRange()[0][1] >= 300
    window.controls.preset.setCurrentText("grid25")
    with qtbot.waitSignal(window.reset_applied, timeout=30000):
        window.run_bar.reset.click()
    assert window.step == 0
    for plot in (window.plots.loss_plot, window.plots.health_plot, window.plots.grad_plot):
        assert plot.vb.viewRange()[0][1] <= 1.5


def test_a_learning_rate_changed_while_paused_shows_in_the_status_bar_at_once(qtbot, window):
    """The status bar kept "lr G 0.001" until training resumed, although the change was applied."""
    run_steps(qtbot, window, 20)
    window.controls.opt_g.lr.setValue(3e-4)
    qtbot.waitUntil(lambda: len(window.plots._markers) == 3, timeout=5000)
    assert window.state == "paused"
    assert "lr G 0.0003" in window._status.labels["lr"].text()


def test_two_changes_at_one_step_share_one_readable_label_and_no_legend_covers_the_curves(qtbot, window):
    run_steps(qtbot, window, 50)
    window.controls.opt_d.lr.setValue(5e-3)
    qtbot.waitUntil(lambda: len(window.plots._markers) == 3, timeout=5000)
    window.controls.loss.setCurrentText("hinge")
    qtbot.waitUntil(lambda: len(window.plots._markers) == 6, timeout=5000)
    labels = [line.label for _, line in window.plots._markers if getattr(line, "label", None) is not None]
    assert len(labels) == 1
    text = labels[0].toPlainText()
    assert "lr_D 0.001→0.005" in text and "loss nonsaturating→hinge" in text
    window.redraw()
    assert not [p for p in layout_problems(window.plots.canvas) if "marker" in p]
    for canvas in (window.plots.canvas, window.samples.lab.canvas):
        assert not [i for i in canvas.items() if isinstance(i, pg.LegendItem)]  # the titles name the curves
    titles = [re.sub("<[^>]+>", "", p.titleLabel.text) for p in
              (window.plots.loss_plot, window.plots.health_plot, window.plots.grad_plot)]
    assert titles == ["Loss of D and G", "D(x) on real and D(G(z)) on fake", "Gradient norm of D and G"]


def test_step_and_value_axes_keep_their_labels_apart(qtbot, window):
    """The lab's KL plot read "5001k1.5k"; in presentation mode the value axes ran together too."""
    window.set_presentation(True)
    window.resize(1280, 720)
    window.samples.lab.toggles["divergence"].setChecked(True)
    run_steps(qtbot, window, 300)
    window.redraw()
    qtbot.wait(300)
    for canvas in (window.plots.canvas, window.meter.canvas, window.samples.lab.div_canvas):
        assert not [p for p in layout_problems(canvas) if "tick label" in p]


def test_the_interpolation_strip_shows_images_large_enough_to_read(qtbot, open_window, tmp_path, monkeypatch):
    """~25 px an image in the docked explorer at 1366 × 768: too small to tell one digit from another."""
    monkeypatch.setenv("GANSTUDIO_HOME", str(tmp_path / "home"))
    cfg = preset("mnist-mlp")
    cfg.batch_size = 64
    win = open_window(cfg)
    win.resize(1366, 768)
    run_steps(qtbot, win, 10)
    win.explorer_action.setChecked(True)
    qtbot.waitUntil(lambda: win.explorer.copy is not None, timeout=TRAINING_MS)
    explorer = win.explorer
    explorer.tabs.setCurrentWidget(explorer.interpolate)
    explorer.interpolate.steps.setValue(8)
    qtbot.wait(300)
    strip = explorer.interpolate.strip
    tile = strip.box.childGroup.mapRectToScene(QRectF(0, 0, 28, 28))  # one 28-px image, on screen
    assert min(tile.width(), tile.height()) >= 48
    assert len(strip.samples) == 8 and strip.cols < 8  # on more than one row


def test_the_arithmetic_tab_lays_out_in_a_short_dock(qtbot, open_window, tmp_path, monkeypatch):
    """ "Neighbours 8 Spread" was drawn over "A: 0 · B: 0 · C: 0 samples" in a narrow, short dock."""
    monkeypatch.setenv("GANSTUDIO_HOME", str(tmp_path / "home"))
    win = open_window(preset("ring8"))
    win.set_presentation(True)
    win.resize(1366, 768)
    win.explorer_action.setChecked(True)
    qtbot.waitUntil(lambda: win.explorer.copy is not None, timeout=TRAINING_MS)
    win.explorer.tabs.setCurrentWidget(win.explorer.arithmetic)
    qtbot.wait(300)
    assert layout_problems(win.explorer.arithmetic) == []


def test_the_full_screen_item_follows_the_window(qtbot, window):
    """F11 showed View ▸ Full screen checked; the item must say what the window is, whoever changed it."""
    action = window.full_screen_action
    qtbot.keyClick(window, Qt.Key.Key_F11)
    qtbot.waitUntil(window.isFullScreen, timeout=5000)
    assert action.isChecked()
    window.showNormal()  # as a window manager's own key would
    qtbot.waitUntil(lambda: not window.isFullScreen(), timeout=5000)
    assert not action.isChecked()
    window.showFullScreen()
    qtbot.waitUntil(window.isFullScreen, timeout=5000)
    assert action.isChecked()
    action.trigger()
    qtbot.waitUntil(lambda: not window.isFullScreen(), timeout=5000)


# Run in a process of its own: without the fix it ends in a segfault, which would end the suite.
_COMPARE_TWICE_THEN_CLOSE = """
import gc, sys, time
from pathlib import Path
from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtWidgets import QApplication
from ganstudio.pyside_imports import skip_source_scan
from ganstudio.engine.train.presets import preset
from ganstudio.ui.window.main_window import MainWindow
from dialogs import Answerer
from test_run_compare import make_run

app = QApplication([])
skip_source_scan()
home = Path(sys.argv[1])
for i, steps in enumerate((40, 20)):
    make_run(home / "runs" / f"2026010{i}-000000-ring8", steps)
cfg = preset("ring8")
cfg.batch_size = 64
win = MainWindow(cfg)
win.show()
answerer = Answerer(home / "out")
for _ in range(2):
    win.runs.compare_action.trigger()
answerer.stop()
assert len(win.runs.compare_windows()) == 2
for compare in win.runs.compare_windows():
    compare.close()
del compare
win.close()
while win.controller.thread.isRunning():  # the training thread stops with the window
    app.processEvents()
    time.sleep(0.01)
win.deleteLater()
del win
loop = QEventLoop()  # the deferred delete runs in an event loop, as in the app's
QTimer.singleShot(100, loop.quit)
loop.exec()
gc.collect()
print("screen", app.primaryScreen().availableGeometry().width(), flush=True)
"""


def test_comparison_windows_leave_the_screen_alone_when_collected(tmp_path):
    """Compare runs opened twice, then the window closed: the process crashed (a segfault in CI; at
    exit for a user). ``QWidget.screen()`` made PySide's wrapper of the screen a child of the
    comparison window that asked; when that window was freed in a reference cycle, the garbage
    collector gave the wrapper ownership of Qt's own QScreen and deleted it, and the next widget to
    look up its screen read freed memory."""
    import os
    import signal
    import subprocess
    import sys

    tests = Path(__file__).resolve().parent
    env = {**os.environ, "GANSTUDIO_HOME": str(tmp_path / "home"),
           "PYTHONPATH": os.pathsep.join([str(tests), str(tests.parent), os.environ.get("PYTHONPATH", "")])}
    done = subprocess.run([sys.executable, "-c", _COMPARE_TWICE_THEN_CLOSE, str(tmp_path / "home")],
                          env=env, capture_output=True, text=True, timeout=240)
    assert done.returncode != -signal.SIGSEGV, "segfault after the comparison windows were collected:\n" + done.stderr[-3000:]
    assert done.returncode == 0, done.stderr[-3000:]
    assert "screen 1280" in done.stdout


def test_no_widget_asks_pyside_for_its_screen():
    """The crash above comes back with any ``something.screen()`` on a widget or window:
    ganstudio asks QGuiApplication (ui/screen_fit.screen_of)."""
    package = Path(__file__).resolve().parents[1] / "ganstudio"
    calls = [f"{path.relative_to(package.parent)}:{n}" for path in package.rglob("*.py")
             for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
             if re.search(r"\.screen\(\)", line.split("#")[0]) and '"""' not in line]
    assert not calls
