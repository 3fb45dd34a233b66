"""The live window driven like a user would: buttons, spin boxes, closing it mid-run."""

import math
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from ganstudio.engine.train.presets import preset
from ganstudio.ui.window.main_window import MainWindow

from thread_waits import TRAINING_MS

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def window(open_window):
    return open_window(preset("ring8"))


def _pause(qtbot, win):
    """Pause a run the test started. Start/Pause is one button that toggles by the state the window
    shows, so first the window must show it running: clicked while it still showed an older state,
    the click starts again, and the pause never comes (a 180-s failure in CI)."""
    qtbot.waitUntil(lambda: win.state == "running", timeout=TRAINING_MS)
    win.run_bar.start.click()
    qtbot.waitUntil(lambda: win.state == "paused", timeout=TRAINING_MS)  # a bound for a stuck pause, not a speed claim


def _trainer(win):
    """Only read while the worker is paused: the test then shares nothing the worker writes."""
    assert win.state != "running"
    return win.controller.worker.trainer


def test_start_plots_and_pause_holds_still(qtbot, window):
    window.run_bar.start.click()
    qtbot.waitUntil(lambda: len(window.history) >= 100, timeout=TRAINING_MS)
    assert window.run_bar.start.text() == "Pause"
    _pause(qtbot, window)
    step = window.step
    assert step == len(window.history) == _trainer(window).step_count
    # Held still: one Step both after the pause moves it by exactly one iteration, not by what a
    # training loop left running would add.
    window.run_bar.step_both.click()
    qtbot.waitUntil(lambda: window.step > step, timeout=TRAINING_MS)
    assert window.state == "paused"
    assert window.step == step + 1 == _trainer(window).step_count
    window.redraw()
    x, y = window.plots.curves["loss_d"].getData()
    assert x is not None and len(x) > 0 and np.isfinite(y).any()


@pytest.mark.parametrize("button, d, g", [("step_d", 1, 0), ("step_g", 0, 1), ("step_both", 1, 1)])
def test_single_steps_update_the_right_network(qtbot, window, button, d, g):
    trainer = _trainer(window)
    d0, g0, n0 = trainer.d_updates, trainer.g_updates, len(window.history)
    getattr(window.run_bar, button).click()
    qtbot.waitUntil(lambda: len(window.history) == n0 + 1, timeout=5000)
    assert (trainer.d_updates - d0, trainer.g_updates - g0) == (d, g)
    assert window.history.last("step") == n0 + 1


def test_live_lr_change_keeps_adam_state(qtbot, window):
    window.run_bar.run_n_count.setValue(20)
    window.run_bar.run_n.click()
    qtbot.waitUntil(lambda: window.step == 20 and window.state == "paused", timeout=TRAINING_MS)
    opt = _trainer(window).opt_d
    param = opt.param_groups[0]["params"][0]
    steps_before = float(opt.state[param]["step"])
    window.controls.opt_d.lr.setValue(5e-3)  # debounced, then applied by the worker
    qtbot.waitUntil(lambda: len(window.plots._markers) == 3, timeout=5000)
    assert opt.param_groups[0]["lr"] == pytest.approx(5e-3)
    assert "exp_avg" in opt.state[param] and "exp_avg_sq" in opt.state[param]
    assert float(opt.state[param]["step"]) == steps_before == 20
    assert "lr_D" in window.statusBar().currentMessage()


def test_nan_loss_pauses_with_a_message(qtbot, window):
    _trainer(window)._g_loss = lambda out: out.mean() * math.nan
    window.run_bar.start.click()
    qtbot.waitUntil(lambda: window.banner.isVisible(), timeout=10000)
    qtbot.waitUntil(lambda: window.state == "paused")
    text = window.banner.text()
    assert "loss_g became NaN at step 1" in text and "learning rate of G" in text
    assert window.step == 1


def test_structural_change_marks_reset_and_reset_rebuilds(qtbot, window):
    window.controls.batch_size.setValue(64)
    assert window.needs_reset and "*" in window.run_bar.reset.text()
    with qtbot.waitSignal(window.reset_applied, timeout=20000):
        window.run_bar.reset.click()
    assert not window.needs_reset
    assert _trainer(window).cfg.batch_size == 64


def test_start_right_after_reset_trains_the_new_networks_without_asking_again(qtbot, window):
    """Reset, then Start before the new networks have arrived: one reset, no second "Reset
    training?", and training runs on the new settings (the window used to still think the
    settings were unapplied, asked again and sent a second reset)."""
    asked, applied = [], []
    window.confirm_reset = lambda: asked.append(1) or True
    window.reset_applied.connect(lambda *_: applied.append(1))
    window.controls.batch_size.setValue(64)
    window.run_bar.reset.click()
    window.run_bar.start.click()  # no events between: the reset has not come back yet
    qtbot.waitUntil(lambda: window.state == "running" and window.step > 0, timeout=TRAINING_MS)
    _pause(qtbot, window)
    assert asked == [] and applied == [1] and not window.needs_reset
    assert _trainer(window).cfg.batch_size == 64


def test_a_reset_that_cannot_be_built_says_why_and_stays_marked(qtbot, window, tmp_path):
    missing = tmp_path / "nowhere.csv"
    window.controls.dataset.setCurrentText("csv")
    window.controls.data_path.setText(str(missing))
    assert window.needs_reset
    window.run_bar.reset.click()
    qtbot.waitUntil(window.banner.isVisible, timeout=TRAINING_MS)
    assert "Cannot build this configuration" in window.banner.text() and "nowhere.csv" in window.banner.text()
    assert window.needs_reset and "*" in window.run_bar.reset.text()
    assert _trainer(window).cfg.data.name == "ring8"  # the old networks stay


def test_close_during_training_stops_the_thread(qtbot):
    win = MainWindow(preset("ring8"))
    qtbot.addWidget(win)
    with qtbot.waitSignal(win.reset_applied, timeout=20000):
        win.show()
    win.run_bar.start.click()
    qtbot.waitUntil(lambda: len(win.history) >= 20, timeout=TRAINING_MS)
    win.close()
    assert not win.controller.thread.isRunning()


def test_screenshot_after_n_steps(tmp_path):
    """A subprocess, as a user runs it: in-process, QApplication.exec() returning leaves the
    application closing down, and later tests' cross-thread signals would no longer arrive."""
    path = tmp_path / "window.png"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    done = subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "--preset", "ring8", "--autostart",
         "--quit-after-steps", "200", "--screenshot", str(path)],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=TRAINING_MS / 1000)
    assert done.returncode == 0, done.stderr
    pixels = np.asarray(Image.open(path).convert("L"), dtype=np.float64)
    assert pixels.shape[0] > 500 and pixels.std() > 10


def _frame(start: int, n: int, rng) -> dict:
    """A worker frame of n steps, as the worker builds it (one float64 array per stat)."""
    from ganstudio.engine.train.trainer import STAT_FIELDS

    frame = {name: rng.normal(size=n) for name in STAT_FIELDS}
    frame["step"] = np.arange(start + 1, start + n + 1, dtype=float)
    return frame


def test_a_million_steps_draw_as_a_few_points_per_pixel(qtbot, window):
    """Every step is kept, but what a redraw hands Qt is bounded by the plot's width, and a
    one-step spike anywhere in the run still shows."""
    rng = np.random.default_rng(0)
    window.history.clear()
    n = 0
    for size in (300_000, 400_000, 300_000):
        frame = _frame(n, size, rng)
        if n == 300_000:
            frame["loss_d"][354_321] = 50.0  # a one-step spike at step 654,322
        window.history.append(frame)
        n += size
    window.plots.clear()  # axes follow the new history from scratch
    window.plots.redraw()
    assert len(window.history) == 1_000_000
    curve = window.plots.curves["loss_d"]
    x, y = curve.getData()
    width = window.plots.loss_plot.vb.width()
    assert 0 < len(x) <= 2 * width + 4
    assert 50.0 in y
    # zoomed in on the spike: the envelope is rebuilt for the visible steps only
    window.plots.loss_plot.setXRange(654_000, 655_000, padding=0)
    qtbot.waitUntil(lambda: curve.getData()[0].min() >= 653_000, timeout=2000)
    x, y = curve.getData()
    assert x.max() <= 656_000 and 50.0 in y


def test_own_points_from_csv_and_a_bad_file_leaves_the_run_untouched(qtbot, window, tmp_path):
    window.run_bar.run_n_count.setValue(5)
    window.run_bar.run_n.click()
    qtbot.waitUntil(lambda: window.step == 5 and window.state == "paused", timeout=TRAINING_MS)
    trainer = _trainer(window)
    controls = window.controls
    assert not controls.path_row.isVisibleTo(controls)  # ring8 reads no file

    bad = tmp_path / "points.csv"
    bad.write_text("x,y\n0.5,1.0\n0.25,oops\n")
    controls.dataset.setCurrentText("csv")
    assert controls.path_row.isVisibleTo(controls)
    controls.data_path.setText(str(bad))
    window.request_reset()
    qtbot.waitUntil(lambda: window.banner.isVisible(), timeout=5000)
    text = window.banner.text()
    assert "points.csv" in text and "line 3" in text and "oops" in text
    assert _trainer(window) is trainer and trainer.step_count == 5 and window.step == 5

    good = tmp_path / "ring.csv"
    angles = np.linspace(0, 2 * np.pi, 200, endpoint=False)
    good.write_text("x,y\n" + "\n".join(f"{np.cos(a):.5f},{np.sin(a):.5f}" for a in angles) + "\n")
    controls.data_path.setText(str(good))
    with qtbot.waitSignal(window.reset_applied, timeout=10000):
        window.request_reset()
    new = _trainer(window)
    assert new is not trainer and new.step_count == 0 and new.dataset.is_2d
    assert np.allclose(np.hypot(*new.dataset.x.numpy().T), 1.0, atol=1e-4)


def test_command_line_layers_and_slow_motion_are_checked():
    from ganstudio.app import _parse

    args = _parse(["--layers", "heatmap, arrows", "--slow", "2"])
    assert args.layers == ["heatmap", "arrows"] and args.slow == 2.0
    for bad in (["--layers", "heatmap,sparkles"], ["--slow", "0"]):
        with pytest.raises(SystemExit):
            _parse(bad)


def test_qt_answers_geometry_exactly_as_pyqtgraph_would(qtbot, window, tmp_path):
    """native_items points some of pyqtgraph's Python boundingRect/shape back at Qt's C++ ones;
    on every item of the real window (plots, meter, 2-D lab) and of a run comparison (legends)
    the answers must agree."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QGraphicsView

    from ganstudio.ui.plotting.native_items import REPLACED
    from test_run_compare import make_run

    window.toggle_running()
    qtbot.waitUntil(lambda: window.history.n >= 50, timeout=TRAINING_MS)
    window.toggle_running()
    qtbot.waitUntil(lambda: window.state != "running", timeout=5000)
    compare = window.runs.compare([make_run(tmp_path / "a", 60), make_run(tmp_path / "b", 40, seed=1)])
    qtbot.addWidget(compare)
    qtbot.waitExposed(compare)
    checked = set()
    for view in window.findChildren(QGraphicsView) + compare.findChildren(QGraphicsView):
        for item in view.scene().items():
            for name in ("boundingRect", "shape"):
                owner = next((c for c in type(item).__mro__ if name in c.__dict__), None)
                original = REPLACED.get((owner, name))
                if original is None:
                    continue
                ours, theirs = getattr(item, name)(), original(item)
                if name == "shape":
                    ours, theirs = ours.boundingRect(), theirs.boundingRect()
                if owner.__name__ == "ViewBox":  # pyqtgraph adds ½ px for a border pen; ours have none
                    assert item.border.style() == Qt.PenStyle.NoPen
                    theirs = theirs.adjusted(0, 0, -0.5, -0.5)
                assert ours == theirs, (type(item).__name__, name, ours, theirs)
                checked.add((owner.__name__, name))
    assert {("GraphicsWidget", "boundingRect"), ("GraphicsWidget", "shape"), ("ViewBox", "boundingRect"),
            ("GraphicsLayout", "boundingRect"), ("LegendItem", "boundingRect"),
            ("ItemSample", "boundingRect")} <= checked


def test_status_bar_shows_the_threads_training_uses(qtbot, window):
    """The thread policy's count reaches the status bar, with a tooltip saying how it is chosen; a
    preset that pins its threads (ring8-tiny: 1) shows that count."""
    from ganstudio.engine.train.threads import usable_cores

    window.run_bar.start.click()
    qtbot.waitUntil(lambda: window.session.threads > 0, timeout=TRAINING_MS)
    _pause(qtbot, window)
    label = window._status.labels["device"]
    policy = window.controller.worker.threads
    assert policy.threads == window.session.threads and policy.state != "pinned"
    assert policy.threads in policy.counts and policy.counts[-1] <= usable_cores()
    window.redraw()
    assert label.text() == f"cpu ×{policy.threads}"
    assert "CPU threads" in label.toolTip()

    window.controls.preset.setCurrentText("ring8-tiny")
    # the window's own signal, not the worker's attribute: that one is set before the window has
    # the new networks, and a Start clicked then met the old run's state (threads 1 on a busy machine)
    with qtbot.waitSignal(window.reset_applied, timeout=TRAINING_MS):
        window.run_bar.reset.click()
    assert window.session.threads == 0 and window.controller.worker.threads.pinned == 1
    window.run_bar.start.click()
    qtbot.waitUntil(lambda: window.session.threads == 1, timeout=TRAINING_MS)
    _pause(qtbot, window)
    window.redraw()
    assert label.text() == "cpu ×1"
