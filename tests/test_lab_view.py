"""The 2-D lab view inside the live window: layers, D's heatmap, drawing a dataset, export."""

import numpy as np
import pytest
import torch
from PySide6.QtCore import QPoint, Qt

from ganstudio.engine.lab import fields as lab
from ganstudio.engine.data import load_points_csv
from ganstudio.engine.train.presets import preset


@pytest.fixture
def window(open_window, tmp_path, monkeypatch):
    monkeypatch.setenv("GANSTUDIO_HOME", str(tmp_path / "home"))
    cfg = preset("ring8")
    cfg.threads = 1
    win = open_window(cfg)
    win.column.show_view(win.column.SAMPLES)  # on a small screen the views are tabs: the lab's, as a user picks it
    return win


def _run(qtbot, win, n):
    target = win.step + n
    win.run_bar.run_n_count.setValue(n)
    win.run_bar.run_n.click()
    qtbot.waitUntil(lambda: win.step == target and win.state == "paused", timeout=20000)


def _trainer(win):
    assert win.state != "running"  # the worker writes nothing while paused
    return win.controller.worker.trainer


def _drawn_now(qtbot, win):
    """Wait until the lab frame the worker sent last is on screen."""
    qtbot.waitUntil(lambda: win.painter.idle(), timeout=5000)


def test_layer_toggles_show_and_hide_their_items(qtbot, window):
    view = window.samples.lab
    items = {"real": [view.real_points], "fake": [view.fake_points], "arrows": [view.arrows],
             "heatmap": [view.heat, view.contour, view.colorbar.plot], "manifold": [view.manifold]}
    widgets = {"noise": view.noise_canvas, "divergence": view.div_canvas}
    for name, box in view.toggles.items():
        for on in (not box.isChecked(), box.isChecked()):
            box.setChecked(on)
            for item in items.get(name, []):
                assert item.isVisible() == on, name
            if name in widgets:
                assert widgets[name].isVisible() == on, name
    # the worker is told, and sends what a newly shown layer needs while paused
    view.toggles["arrows"].setChecked(True)
    view.toggles["manifold"].setChecked(True)
    qtbot.waitUntil(lambda: len(view.arrows.getData()[0]) > 0 and len(view.manifold.getData()[0]) > 0,
                    timeout=5000)
    assert {"arrows", "manifold"} <= window.controller.worker.lab.layers


def test_heatmap_is_d_on_the_grid_of_the_visible_area(qtbot, window):
    view = window.samples.lab
    view.plot.setRange(xRange=(-1.0, 1.5), yRange=(-0.5, 2.0), padding=0)  # the user zooms in
    _run(qtbot, window, 40)
    _drawn_now(qtbot, window)
    heat = view.last_heat
    xmin, xmax, ymin, ymax = heat["bounds"]
    visible = view.visible_bounds()
    assert xmin == pytest.approx(visible[0]) and ymax == pytest.approx(visible[3])
    trainer = _trainer(window)
    x, y = lab.cell_centres(heat["bounds"], heat["values"].shape[0])
    gx, gy = np.meshgrid(x, y)  # row = y (bottom first), col = x
    with torch.no_grad():
        expected = torch.sigmoid(trainer.D(torch.from_numpy(np.stack([gx, gy], -1).reshape(-1, 2))))
    np.testing.assert_allclose(heat["values"], expected.numpy().reshape(gx.shape), atol=1e-5)
    assert view.heat.pixmap().width() == heat["values"].shape[1]


def _drag(qtbot, view, points):
    vp = view.canvas.viewport()
    pixels = [QPoint(*p) for p in points]
    qtbot.mousePress(vp, Qt.MouseButton.LeftButton, pos=pixels[0])
    for p in pixels[1:]:
        qtbot.mouseMove(vp, pos=p)
    qtbot.mouseRelease(vp, Qt.MouseButton.LeftButton, pos=pixels[-1])
    return [view.to_data(p.toPointF()) for p in pixels]


def _distance_to_segments(points, strokes):
    best = np.full(len(points), np.inf)
    for a, b in strokes:
        ab = b - a
        t = np.clip(((points - a) @ ab) / max(ab @ ab, 1e-12), 0, 1)
        best = np.minimum(best, np.linalg.norm(points - (a + t[:, None] * ab), axis=1))
    return best


def test_drawn_points_become_the_training_data(qtbot, window, tmp_path):
    view = window.samples.lab
    view.draw_button.setChecked(True)
    assert not view.apply_button.isEnabled()
    vp = view.canvas.viewport()
    cx, cy = vp.width() // 2, vp.height() // 2
    stroke_a = _drag(qtbot, view, [(cx - 120, cy - 60), (cx - 60, cy - 60), (cx, cy - 60)])
    stroke_b = _drag(qtbot, view, [(cx + 40, cy + 80), (cx + 40, cy + 20)])
    drawn = view.drawn()
    assert len(drawn) >= 20 and view.apply_button.isEnabled()
    strokes = list(zip(stroke_a[:-1], stroke_a[1:])) + list(zip(stroke_b[:-1], stroke_b[1:]))
    radius = view.brush_radius()
    assert (_distance_to_segments(drawn, strokes) <= radius * 1.001).all()

    with qtbot.waitSignal(window.reset_applied, timeout=20000):
        view.apply_button.click()
    assert window.controls.dataset.currentText() == "csv"
    saved = window.controls.data_path.text()
    assert saved.startswith(str(tmp_path / "home")) and saved.endswith(".csv")
    np.testing.assert_allclose(load_points_csv(saved), drawn)
    assert not view.draw_button.isChecked()
    _run(qtbot, window, 30)
    trainer = _trainer(window)
    assert trainer.step_count == 30
    data = trainer.dataset.x.numpy()
    assert len(data) == len(drawn)
    assert (_distance_to_segments(data, strokes) <= radius * 1.001).all()


def test_too_few_drawn_points_cannot_be_applied(qtbot, window):
    view = window.samples.lab
    view.draw_button.setChecked(True)
    vp = view.canvas.viewport()
    qtbot.mouseClick(vp, Qt.MouseButton.LeftButton, pos=QPoint(vp.width() // 2, vp.height() // 2))
    assert 0 < len(view.drawn()) < 20
    assert not view.apply_button.isEnabled()
    view.clear_button.click()
    assert len(view.drawn()) == 0


def test_export_writes_real_and_generated_and_reads_back_the_real(qtbot, window, tmp_path):
    _run(qtbot, window, 10)
    _drawn_now(qtbot, window)
    view = window.samples.lab
    path = tmp_path / "out" / "points.csv"
    assert window.lab_files.export_points(path)
    lines = path.read_text().splitlines()
    assert lines[0] == "x,y,set"
    assert sum(line.endswith(",real") for line in lines) == len(view.real)
    assert sum(line.endswith(",generated") for line in lines) == len(view.fake) == 512
    np.testing.assert_allclose(load_points_csv(path), view.real, rtol=1e-6)
    assert "points.csv" in window.statusBar().currentMessage()


def test_export_into_a_folder_that_cannot_be_written_says_so(qtbot, window, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    assert not window.lab_files.export_points(blocker / "points.csv")
    assert window.banner.isVisible() and "Cannot export" in window.banner.text()


def test_slow_motion_plays_one_iteration_phase_by_phase(qtbot, window):
    from ganstudio.engine.train.phases import PHASE_NAMES
    from ganstudio.ui.window.phase_strip import phase_texts

    assert set(phase_texts()) == set(PHASE_NAMES)
    seen = []
    window.controller.worker.phase.connect(lambda p: seen.append(p))
    bar = window.run_bar
    bar.slow_delay.setValue(0.1)
    bar.slow.setChecked(True)
    assert window.phase_strip.isVisible()
    window.samples.lab.toggles["arrows"].setChecked(True)
    bar.step_both.click()
    qtbot.waitUntil(lambda: window.step == 1 and window.state == "paused", timeout=10000)
    qtbot.wait(50)
    assert [p.name for p in seen] == ["d_real", "d_fake", "d_update", "g_update"]
    assert [p.total for p in seen] == [4] * 4
    assert seen[2].lab is not None and seen[3].lab is not None and seen[3].samples is not None
    strip = window.phase_strip
    assert strip.current == "g_update" and "G" in strip.text.text() and "→" in strip.numbers.text()
    view = window.samples.lab
    after = seen[3].fake_after
    np.testing.assert_array_equal(view.fake_highlight.getData()[0], after[:, 0])
    assert len(view.moves.getData()[0]) == 3 * len(after)
    # the phased iteration trained exactly once: one D and one G update
    trainer = _trainer(window)
    assert (trainer.d_updates, trainer.g_updates) == (1, 1)
    np.testing.assert_allclose(window.history.last("loss_g"), seen[3].numbers["loss_g"], rtol=1e-6)


def test_pause_during_slow_motion_finishes_the_iteration(qtbot, window):
    bar = window.run_bar
    bar.slow_delay.setValue(5.0)
    bar.slow.setChecked(True)
    phases = []
    # a lambda has no thread of its own: it runs in the worker's thread at the emit, possibly before
    # the window has taken the queued "running" state, when the button would still say Start
    window.controller.worker.phase.connect(lambda p: phases.append(p.name))
    bar.start.click()
    qtbot.waitUntil(lambda: phases == ["d_real"] and window.state == "running", timeout=5000)
    bar.start.click()  # pause while the first phase is on screen
    qtbot.waitUntil(lambda: window.state == "paused", timeout=3000)  # well before 4 × 5 s
    trainer = _trainer(window)
    assert trainer.step_count == window.step == 1
    assert (trainer.d_updates, trainer.g_updates) == (1, 1)
    bar.slow.setChecked(False)
    assert not window.phase_strip.isVisible()
    assert len(window.samples.lab.real_highlight.getData()[0]) == 0


def test_collapse_meter_follows_the_run_and_the_alarm_marks_every_plot(qtbot, window):
    from ganstudio.engine.metrics.meter import AlarmEvent

    meter = window.meter
    window.column.show_view(window.column.METER)
    assert meter.isVisible() and meter.kind == "modes" and meter.n_modes == 8
    _run(qtbot, window, 30)
    qtbot.waitUntil(lambda: len(meter.history()[0]) >= 1, timeout=5000)
    window.redraw()
    steps, covered, kl = meter.history()
    assert steps[-1] == 30 and 0 <= covered[-1] <= 8
    assert len(meter.bars.heights) == 8
    markers = len(window.plots._markers)
    window._on_alarm(AlarmEvent(step=30, started=True, covered=2, n_modes=8, kl=1.39))
    assert window.alarm.isVisible() and "2 of 8 modes" in window.alarm.text()
    assert "remedies" in window.alarm.text()
    assert len(window.plots._markers) == markers + 3 and meter.alarm_steps == [30]
    window._on_alarm(AlarmEvent(step=40, started=False, covered=8, n_modes=8, kl=0.02))
    assert "Recovered" in window.alarm.text()
    with qtbot.waitSignal(window.reset_applied, timeout=20000):
        window.request_reset()
    assert not window.alarm.isVisible() and meter.alarm_steps == []


def test_import_of_a_file_with_a_bad_row_names_the_line_and_keeps_the_run(qtbot, window, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("x,y\n0,0\n1,oops\n2,2\n")
    assert not window.lab_files.train_on_file(bad)
    assert "line 3" in window.banner.text()
    assert window.controls.dataset.currentText() == "ring8"  # settings untouched
    good = tmp_path / "good.csv"
    good.write_text("x,y\n" + "\n".join(f"{i % 7},{i % 5}" for i in range(40)) + "\n")
    with qtbot.waitSignal(window.reset_applied, timeout=20000):
        assert window.lab_files.train_on_file(good)
    assert _trainer(window).dataset.x.shape == (40, 2)


@pytest.mark.parametrize("width", [1320, 1100])
def test_a_narrow_window_wraps_the_lab_toolbar_instead_of_cutting_its_labels(qtbot, window, width):
    window.resize(width, 774)
    view = window.samples.lab
    qtbot.waitUntil(lambda: window.width() == width, timeout=5000)
    window.column.show_view(window.column.SAMPLES)  # 1100 px: the views are tabs, the lab's is shown
    tools = [*view.toggles.values(), view.draw_button, view.brush, view.clear_button, view.apply_button,
             view.import_button, view.export_button]
    one_line = sum(w.sizeHint().width() + 6 for w in tools)
    qtbot.waitUntil(lambda: 0 < view.width() < one_line, timeout=5000)  # too narrow for one line
    qtbot.waitUntil(lambda: all(w.width() >= w.sizeHint().width() for w in tools), timeout=5000)
    rects = [w.geometry() for w in tools]
    for w, r in zip(tools, rects):
        assert r.left() >= 0 and r.right() < view.width(), w.text()  # inside the view, whole
        assert r.bottom() < view.canvas.geometry().top()  # above the canvas, not under it
    for i, a in enumerate(rects):
        assert not any(a.intersects(b) for b in rects[i + 1:])
    assert len({r.top() for r in rects}) > 1  # it did wrap


@pytest.mark.parametrize("width, height, presentation", [(1400, 900, False), (1100, 900, False),
                                                         (1920, 1080, True)])
def test_with_every_layer_on_the_small_plots_fit_under_the_canvas(qtbot, window, width, height, presentation):
    window.presentation_action.setChecked(presentation)  # larger text: the noise view grows with it
    window.resize(width, height)  # after: presentation mode keeps the window inside the 1280 × 720 test screen
    view = window.samples.lab
    for box in view.toggles.values():
        box.setChecked(True)
    qtbot.waitUntil(lambda: view.noise_canvas.isVisible() and window.width() == width, timeout=5000)
    qtbot.wait(200)  # the canvases lay their plots out on their own resize events
    for canvas, plots in ((view.noise_canvas, [view.noise_plot]), (view.div_canvas, [view.js_plot, view.kl_plot])):
        assert canvas.geometry().right() < view.width()
        for plot in plots:
            r = plot.sceneBoundingRect()
            assert r.left() >= 0 and r.right() <= canvas.width(), plot.titleLabel.text  # whole, title included
