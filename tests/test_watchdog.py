"""The freeze watchdog on the real window: a stuck GUI thread and a dead redraw leave evidence."""

import time

import pytest

from ganstudio.engine.train.presets import preset
from ganstudio.ui.window.watchdog import FREEZES

from thread_waits import TRAINING_MS


@pytest.fixture
def training_window(qtbot, open_window, tmp_path, monkeypatch):
    monkeypatch.setenv("GANSTUDIO_HOME", str(tmp_path / "home"))
    cfg = preset("ring8")
    cfg.batch_size = 64
    return open_window(cfg)  # closed while it trains at the end: that stops the thread too


def _start(qtbot, win):
    win.run_bar.start.click()
    qtbot.waitUntil(lambda: win.state == "running" and win.runs.writing and win.step > 0, timeout=TRAINING_MS)
    return win.runs.folder


def test_a_stuck_gui_thread_leaves_every_threads_stack_in_the_run_folder(qtbot, training_window):
    win = training_window
    folder = _start(qtbot, win)
    qtbot.wait(500)
    assert not (folder / FREEZES).exists() and not win._freeze_note.isVisible()  # a healthy window: nothing

    time.sleep(3.0)  # the test runs in the GUI thread: for three seconds it answers nothing

    qtbot.waitUntil(lambda: win._freeze_note.isVisible(), timeout=5000)
    reports = list((folder / FREEZES).glob("freeze-*.txt"))
    assert len(reports) == 1
    text = reports[0].read_text()
    assert "the GUI thread has not answered" in text and "running" in text
    assert "GUI thread" in text and "ganstudio-training" in text  # the threads are named
    assert "test_a_stuck_gui_thread_leaves_every_threads_stack_in_the_run_folder" in text  # where it was stuck
    assert "did not answer for" in win._freeze_note.text()
    assert str(reports[0]) in win._freeze_note.toolTip()


def test_a_dead_redraw_timer_is_reported_and_the_plots_drawn_again(qtbot, training_window):
    win = training_window
    win.painter.schedule = lambda *_: None  # as a redraw timer that no longer fires: frames come, nothing draws
    folder = _start(qtbot, win)
    shown = win._status.labels["step"].text()

    qtbot.waitUntil(lambda: win._freeze_note.isVisible(), timeout=10000)
    text = next((folder / FREEZES).glob("freeze-*.txt")).read_text()
    assert "nothing was redrawn" in text
    assert "stopped redrawing" in win._freeze_note.text()
    assert win._status.labels["step"].text() != shown  # the watchdog redrew the window
