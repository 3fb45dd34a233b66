"""Run folders from the window: written while it trains, opened, continued, followed, branched,
exported — on real training, real files, real subprocesses."""

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import torch
from PySide6.QtCore import Qt

from ganstudio.engine.export.animation import gif_frame_count
from ganstudio.engine.runs.metrics_csv import read_metrics_rows
from ganstudio.engine.train.presets import preset
from ganstudio.engine.runs.reader import open_run
from ganstudio.engine.runs.writer import CHECKPOINT, METRICS
from ganstudio.engine.train.trainer import Trainer

from thread_waits import TRAINING_MS, run_steps, worker_signal

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(autouse=True)
def _home(tmp_path, monkeypatch):
    monkeypatch.setenv("GANSTUDIO_HOME", str(tmp_path / "home"))


def _cfg(sample_every=20):
    cfg = preset("ring8")
    cfg.batch_size = 64
    cfg.sample_every = sample_every
    cfg.threads = 2  # pinned: a window's run is compared bit for bit with a Trainer's
    return cfg


def _written(win):
    folder = win.runs.folder
    assert folder is not None and win.runs.writing
    return folder


def test_training_writes_a_run_folder_and_a_pause_checkpoints_it(qtbot, open_window, tmp_path):
    win = open_window(_cfg())
    assert win.runs.folder is None  # nothing on disk until something trains
    run_steps(qtbot, win, 60)
    folder = _written(win)
    assert folder.parent == tmp_path / "home" / "runs"
    qtbot.waitUntil(lambda: (folder / CHECKPOINT).exists(), timeout=10000)
    state = torch.load(folder / CHECKPOINT, weights_only=True)
    assert state["step"] == 60
    rows = read_metrics_rows(folder / METRICS)
    assert [int(r["step"]) for r in rows] == list(range(1, 61))
    run = open_run(folder)
    assert [s for s, _ in run.snapshots] == [0, 20, 40, 60]
    assert json.loads((folder / "run.json").read_text())["preset"] == "ring8"
    assert win.runs.status.text().endswith(folder.name)
    qtbot.waitUntil(lambda: win.timeline._steps == [0, 20, 40, 60], timeout=5000)  # as they were saved
    qtbot.waitUntil(lambda: win.timeline.branch_step() == 60, timeout=5000)  # the pause's checkpoint
    assert win.timeline.is_live()


def test_open_continue_equals_an_uninterrupted_run(qtbot, open_window):
    cfg = _cfg()
    first = open_window(cfg)
    run_steps(qtbot, first, 50)
    folder = _written(first)
    first.close()  # the final checkpoint is written as the window closes

    second = open_window(preset("grid25"))  # another preset on screen: opening replaces it
    with qtbot.waitSignal(second.reset_applied, timeout=20000):
        assert second.runs.open(folder)
    assert second.step == 50 and len(second.history) == 50
    assert second.controls.batch_size.value() == 64 and second.controls.dataset.currentText() == "ring8"
    run_steps(qtbot, second, 30)
    assert second.runs.folder == folder

    reference = Trainer(cfg)
    expected = [reference.step() for _ in range(80)]
    rows = read_metrics_rows(folder / METRICS)
    assert [int(r["step"]) for r in rows] == list(range(1, 81))
    got = np.array([[float(r["loss_d"]), float(r["loss_g"])] for r in rows])
    want = np.array([[s.loss_d, s.loss_g] for s in expected])
    np.testing.assert_array_equal(got, want)


def test_a_run_killed_with_sigkill_reopens_up_to_its_last_autosave(qtbot, open_window, tmp_path):
    folder = tmp_path / "killed"
    env = dict(os.environ, OMP_NUM_THREADS="1")
    proc = subprocess.Popen(
        [sys.executable, "-m", "ganstudio", "train", "--preset", "ring8", "--steps", "1000000", "--out",
         str(folder), "--checkpoint-every-s", "0.5", "--sample-every", "100"],
        cwd=ROOT, env=env, stderr=subprocess.DEVNULL)
    try:
        qtbot.waitUntil(lambda: (folder / CHECKPOINT).exists()
                        and torch.load(folder / CHECKPOINT, weights_only=True)["step"] >= 200, timeout=TRAINING_MS)
    finally:
        proc.kill()
        proc.wait()
    saved = torch.load(folder / CHECKPOINT, weights_only=True)["step"]
    win = open_window(_cfg())
    with qtbot.waitSignal(win.reset_applied, timeout=20000):
        win.runs.open(folder)
    assert win.step == saved and win.history.last("step") == saved
    run_steps(qtbot, win, 10)  # continues from the checkpoint; rows past it were kept aside first
    rows = read_metrics_rows(folder / METRICS)
    assert int(rows[-1]["step"]) == saved + 10


def test_following_a_run_another_process_is_writing(qtbot, open_window, tmp_path):
    folder = tmp_path / "live"
    env = dict(os.environ, OMP_NUM_THREADS="1")
    proc = subprocess.Popen(
        [sys.executable, "-m", "ganstudio", "train", "--preset", "ring8", "--steps", "1000000", "--out",
         str(folder), "--sample-every", "200"],
        cwd=ROOT, env=env, stderr=subprocess.DEVNULL)
    try:
        qtbot.waitUntil(lambda: len(read_metrics_rows(folder / METRICS)) > 50
                        if (folder / METRICS).exists() else False, timeout=TRAINING_MS)
        win = open_window(_cfg())
        assert win.runs.open(folder)
        assert win.runs.following is not None
        seen = win.step
        qtbot.waitUntil(lambda: win.step > seen + 500, timeout=TRAINING_MS)  # new steps land on the plots
        qtbot.waitUntil(lambda: win.samples.showing_snapshot, timeout=30000)
        win.run_bar.start.click()  # still being written: refused with a message, nothing trains here
        assert win.banner.isVisible() and win.state != "running"
    finally:
        proc.kill()
        proc.wait()


def test_timeline_scrub_shows_a_snapshot_and_branch_records_its_parent(qtbot, open_window):
    win = open_window(_cfg())
    win.confirm_branch = lambda step: True
    run_steps(qtbot, win, 60)
    source = _written(win)
    win.runs.on_step_chosen(20, str(source / "samples" / "step_00000020.png"))
    assert win.samples.showing_snapshot
    assert all(line.isVisible() and line.value() == 20 for line in win.plots.cursors)

    win.controls.opt_g.lr.setValue(5e-4)  # the branch takes the panel's live settings
    with qtbot.waitSignal(win.reset_applied, timeout=20000):
        win.runs.branch(60)
    qtbot.waitUntil(lambda: win.runs.folder != source, timeout=5000)  # run_changed follows reset_done
    branch = win.runs.folder
    assert branch != source and win.step == 60 and not win.samples.showing_snapshot
    meta = json.loads((branch / "run.json").read_text())
    assert meta["parent"] == str(source) and meta["parent_step"] == 60
    assert win.controller.worker.trainer.cfg.opt_g.lr == pytest.approx(5e-4)
    run_steps(qtbot, win, 10)
    assert int(read_metrics_rows(branch / METRICS)[-1]["step"]) == 70
    assert int(read_metrics_rows(source / METRICS)[-1]["step"]) == 60  # the parent is untouched


def test_a_run_that_cannot_continue_still_shows_its_history(qtbot, open_window, tmp_path):
    win = open_window(_cfg())
    run_steps(qtbot, win, 40)
    folder = _written(win)
    win.close()
    (folder / CHECKPOINT).write_bytes(b"PK\x03\x04 torn")  # a checkpoint cut short
    for old in (folder / "checkpoints").glob("*.pt"):
        old.write_bytes(b"torn")
    before = (folder / METRICS).read_bytes()

    other = open_window(_cfg())
    with worker_signal(qtbot, other.controller.worker.open_failed, timeout=20000):
        other.runs.open(folder)
    qtbot.waitUntil(lambda: other.banner.isVisible(), timeout=5000)
    assert "cannot be continued" in other.banner.text()
    assert len(other.history) == 40 and other.needs_reset
    assert (folder / METRICS).read_bytes() == before  # opening wrote nothing


def test_export_a_timelapse_gif_from_the_window(qtbot, open_window, tmp_path):
    win = open_window(_cfg())
    run_steps(qtbot, win, 60)
    out = tmp_path / "timelapse.gif"
    assert win.runs.exports.export("gif", out)
    with qtbot.waitSignal(win.runs.exports.runner.finished, timeout=30000):
        pass
    assert gif_frame_count(out) == len(open_run(win.runs.folder).snapshots)


def test_the_latent_explorer_gets_a_copy_of_g(qtbot, open_window):
    win = open_window(_cfg())
    run_steps(qtbot, win, 20)
    with worker_signal(qtbot, win.controller.worker.latent_snapshot, timeout=10000):
        win.explorer_action.setChecked(True)
    qtbot.waitUntil(lambda: win.explorer.copy is not None, timeout=5000)
    trainer = win.controller.worker.trainer  # paused: nothing writes it now
    z = trainer.noise(8, seed=3)
    np.testing.assert_allclose(win.explorer.copy.generate(z), trainer.generate(z), atol=1e-6)
    np.testing.assert_allclose(win.explorer.fixed_noise, trainer.fixed_noise.numpy()[: len(win.explorer.fixed_noise)])


def test_the_latent_explorer_fits_a_1400_px_window_and_stacks_in_its_dock(qtbot, open_window):
    """Its dock used to open 730 px wide (every tool on one line) and push the window to ~1950 px."""
    win = open_window(preset("ring8"))
    win.resize(1400, 900)
    win.explorer_action.setChecked(True)
    qtbot.waitUntil(lambda: win.explorer_dock.isVisible() and win.explorer.width() > 0, timeout=5000)
    qtbot.wait(200)
    assert win.minimumSizeHint().width() <= 1400
    assert win.explorer_dock.width() < 400
    win.resize(1400, 900)
    qtbot.waitUntil(lambda: win.width() == 1400, timeout=5000)
    # Tall and narrow: the pick grid above the tabs, not beside them.
    assert win.explorer.splitter.orientation() == Qt.Orientation.Vertical
    meter = win.meter.canvas
    qtbot.waitUntil(lambda: meter.width() >= meter.minimumWidth(), timeout=5000)
    for plot in (win.meter.cover_plot, win.meter.kl_plot, win.meter.bar_plot):
        assert plot.sceneBoundingRect().right() <= meter.width()  # the meter's third plot is not cut off
    win.explorer_dock.setFloating(True)
    win.explorer_dock.resize(1000, 500)
    qtbot.waitUntil(lambda: win.explorer.splitter.orientation() == Qt.Orientation.Horizontal, timeout=5000)
