"""The window takes every signal of the training worker in the GUI thread (issue 18).

The hang in test_window_runs.py was pytest-qt's slot running in the training thread: PySide runs a
plain callable connected to a signal in the thread of the object that emits it. The window must
never be caught the same way — a lambda or a non-QObject slot on a worker signal would run window
code in the training thread, stop its QTimers from the wrong thread (dead timers: the window stops
drawing) and touch widgets the GUI thread is painting. So the training thread runs under a
profiler that records every call into ganstudio/ui/, and every worker signal is made to fire.
"""

import math
import sys
import threading
from pathlib import Path

import pytest

from ganstudio.engine.train.presets import preset
from ganstudio.engine.runs.writer import CHECKPOINT
from ganstudio.ui.window.main_window import MainWindow
from ganstudio.worker import TrainingWorker

from thread_waits import run_steps, worker_signal

UI = str(Path(__file__).resolve().parents[1] / "ganstudio" / "ui")


@pytest.fixture
def ui_calls_in_the_training_thread(monkeypatch):
    seen: list[str] = []
    run = TrainingWorker.run

    def profiled_run(self):
        def profile(frame, event, arg):
            if event == "call" and frame.f_code.co_filename.startswith(UI):
                seen.append(f"{Path(frame.f_code.co_filename).name}:{frame.f_code.co_name}")

        sys.setprofile(profile)  # this thread only
        try:
            run(self)
        finally:
            sys.setprofile(None)

    profiled_run.__name__ = "run"  # PySide runs a slot under another name in the sender's thread
    monkeypatch.setattr(TrainingWorker, "run", profiled_run)
    return seen


def test_every_worker_signal_reaches_the_window_in_the_gui_thread(qtbot, open_window, tmp_path,
                                                                   monkeypatch, ui_calls_in_the_training_thread):
    monkeypatch.setenv("GANSTUDIO_HOME", str(tmp_path / "home"))
    handled: dict[str, list[bool]] = {}
    for name in ("_on_frame", "_on_state_changed", "_on_error", "_on_nonfinite", "_on_hparams_applied",
                 "_on_reset_done", "_on_lab", "_on_phase"):
        monkeypatch.setattr(MainWindow, name, _noting(handled, name, getattr(MainWindow, name)))
    cfg = preset("ring8")
    cfg.batch_size, cfg.sample_every = 64, 10
    win = open_window(cfg)
    worker = win.controller.worker

    run_steps(qtbot, win, 30)  # frame, state_changed, run_changed, saved (snapshots, the pause's checkpoint)
    win.controls.opt_d.lr.setValue(5e-3)  # hparams_applied
    qtbot.waitUntil(lambda: "_on_hparams_applied" in handled, timeout=5000)
    win.controller.apply_hparams({"opt_d.lr": -1.0})  # error
    qtbot.waitUntil(lambda: "_on_error" in handled, timeout=5000)
    win.samples.lab.toggles["arrows"].setChecked(True)  # paused: lab_ready
    qtbot.waitUntil(lambda: "_on_lab" in handled, timeout=5000)
    win.run_bar.slow_delay.setValue(0.05)
    win.run_bar.slow.setChecked(True)
    win.run_bar.step_both.click()  # phase
    qtbot.waitUntil(lambda: "_on_phase" in handled and win.step == 31 and win.state == "paused", timeout=10000)
    win.run_bar.slow.setChecked(False)
    with worker_signal(qtbot, worker.saved, timeout=10000):
        win.runs.save_now()
    with worker_signal(qtbot, worker.latent_snapshot, timeout=10000):
        win.explorer_action.setChecked(True)
    qtbot.waitUntil(lambda: win.explorer.copy is not None, timeout=5000)
    worker.trainer._g_loss = lambda out: out.mean() * math.nan  # paused: nothing else touches it
    win.run_bar.start.click()  # nonfinite
    qtbot.waitUntil(lambda: "_on_nonfinite" in handled and win.state == "paused", timeout=10000)

    folder = win.runs.folder
    torn = tmp_path / "torn"
    torn.mkdir()
    for name in ("config.toml", "metrics.csv", "run.json"):
        (torn / name).write_bytes((folder / name).read_bytes())
    (torn / CHECKPOINT).write_bytes(b"PK\x03\x04 torn")
    with worker_signal(qtbot, worker.open_failed, timeout=20000):  # open_failed
        win.runs.open(torn)
    qtbot.waitUntil(lambda: "cannot be continued" in win.banner.text(), timeout=5000)
    with qtbot.waitSignal(win.reset_applied, timeout=20000):  # reset_done
        win.controller.reset(cfg)

    assert ui_calls_in_the_training_thread == []
    gui = threading.main_thread().ident
    assert {name: set(threads) for name, threads in handled.items()} == {
        name: {gui} for name in ("_on_frame", "_on_state_changed", "_on_error", "_on_nonfinite",
                                 "_on_hparams_applied", "_on_reset_done", "_on_lab", "_on_phase")}


def _noting(handled: dict, name: str, method):
    def slot(self, *args):
        handled.setdefault(name, []).append(threading.get_ident())
        return method(self, *args)

    slot.__name__ = method.__name__  # as the window's own method: PySide queues it to the window
    return slot
