"""The training worker on its own: commands between steps, coalesced frames, errors as signals."""

import numpy as np
import pytest
from PySide6.QtCore import QObject

from ganstudio.engine.runs.metrics_csv import read_metrics_rows
from ganstudio.engine.train import graph_step
from ganstudio.engine.train.graph_step import GraphStep
from ganstudio.engine.train.presets import preset
from ganstudio.engine.train.trainer import STAT_FIELDS
from ganstudio.ui.plotting.markers import describe_changes
from ganstudio.controller import TrainingController


class Recorder(QObject):
    """Receives the worker's signals in the GUI thread, as the window does.

    Not ``qtbot.waitSignal`` on worker signals: its plain-callable slot would run in the worker
    thread and can race with the wait loop it is meant to end.
    """

    def __init__(self, worker):
        super().__init__()
        self.frames, self.states, self.errors, self.hparams, self.resets = [], [], [], [], []
        self.reset_failures = []
        worker.frame.connect(self.on_frame)
        worker.state_changed.connect(self.on_state)
        worker.error.connect(self.on_error)
        worker.hparams_applied.connect(self.on_hparams)
        worker.reset_done.connect(self.on_reset)
        worker.reset_failed.connect(self.on_reset_failed)

    def on_frame(self, frame):
        self.frames.append(frame)

    def on_state(self, state):
        self.states.append(state)

    def on_error(self, text):
        self.errors.append(text)

    def on_hparams(self, step, changes):
        self.hparams.append((step, changes))

    def on_reset(self, info):
        self.resets.append(info)

    def on_reset_failed(self, text):
        self.reset_failures.append(text)


@pytest.fixture
def controller(qtbot):
    ctl = TrainingController()
    rec = Recorder(ctl.worker)
    ctl.frames, ctl.states, ctl.rec = rec.frames, rec.states, rec
    ctl.start_thread()
    ctl.reset(preset("ring8"))
    qtbot.waitUntil(lambda: bool(rec.resets), timeout=20000)
    yield ctl
    assert ctl.shutdown(2000)


def _steps(frames):
    return sum(f.n_steps for f in frames)


def test_frames_are_coalesced_and_carry_every_step(qtbot, controller):
    controller.start()
    qtbot.waitUntil(lambda: _steps(controller.frames) >= 200, timeout=20000)
    controller.pause()
    qtbot.waitUntil(lambda: controller.states[-1] == "paused")
    frames = controller.frames
    steps = np.concatenate([f.rows["step"] for f in frames])
    assert np.array_equal(steps, np.arange(1, len(steps) + 1)), "no step lost or repeated"
    assert len(frames) < len(steps), "several steps per frame, not one signal per step"
    assert all(f.rows[name].dtype == np.float64 for f in frames for name in STAT_FIELDS)
    with_samples = [f for f in frames if f.samples is not None]
    assert with_samples and with_samples[-1].samples.shape == (512, 2)
    assert frames[-1].step_count == controller.worker.trainer.step_count


def test_run_n_trains_exactly_n_steps_then_pauses(qtbot, controller):
    controller.run_n(37)
    qtbot.waitUntil(lambda: controller.states[-1:] == ["paused"], timeout=20000)
    assert controller.worker.trainer.step_count == 37
    assert _steps(controller.frames) == 37


def test_bad_reset_reports_error_and_keeps_trainer(qtbot, controller):
    old = controller.worker.trainer
    cfg = preset("ring8")
    cfg.gen.kind = "dcgan"  # DCGAN on 2-D points is rejected by validate()
    controller.reset(cfg)
    qtbot.waitUntil(lambda: bool(controller.rec.reset_failures), timeout=5000)
    assert "dcgan" in controller.rec.reset_failures[0]
    assert controller.rec.errors == []  # said once, as a failed reset (the window marks Reset again)
    assert controller.worker.trainer is old


def test_hparams_apply_between_steps_and_report(qtbot, controller):
    controller.step_both()
    qtbot.waitUntil(lambda: _steps(controller.frames) == 1)
    controller.apply_hparams({"opt_d.lr": 5e-3, "opt_g.lr": 1e-3})
    qtbot.waitUntil(lambda: bool(controller.rec.hparams), timeout=5000)
    step, changes = controller.rec.hparams[0]
    assert step == 1 and changes == {"opt_d.lr": (1e-3, 5e-3)}  # lr_G was 1e-3 already
    assert describe_changes(changes) == "lr_D 0.001→0.005"
    assert controller.worker.trainer.opt_d.param_groups[0]["lr"] == 5e-3


@pytest.fixture
def graph_controller(qtbot, monkeypatch):
    """The worker stepping through GraphStep, as it does on CUDA. On this CPU GraphStep runs the
    step it would record eagerly; what is under test is the worker's side: numbers that arrive in
    batches, drained before each command."""
    monkeypatch.setattr(graph_step, "why_not", lambda trainer: None)
    ctl = TrainingController()
    rec = Recorder(ctl.worker)
    ctl.frames, ctl.states, ctl.rec = rec.frames, rec.states, rec
    ctl.start_thread()
    cfg = preset("ring8-tiny")
    cfg.sample_every = 100
    ctl.reset(cfg)
    qtbot.waitUntil(lambda: bool(rec.resets), timeout=20000)
    yield ctl
    assert ctl.shutdown(2000)


def test_steps_replayed_in_batches_reach_the_plots_and_the_run_folder_once_each(qtbot, graph_controller, tmp_path):
    ctl = graph_controller
    ctl.set_recording(tmp_path, 3600.0)
    ctl.run_n(250)
    qtbot.waitUntil(lambda: ctl.states[-1:] == ["paused"], timeout=30000)
    worker = ctl.worker
    assert isinstance(worker.graph, GraphStep) and worker.graph.pending == 0
    assert worker.trainer.step_count == 250
    ctl.step_d()  # an eager call between replays
    qtbot.waitUntil(lambda: _steps(ctl.frames) == 251, timeout=10000)
    ctl.apply_hparams({"opt_d.lr": 5e-3})
    qtbot.waitUntil(lambda: bool(ctl.rec.hparams), timeout=5000)
    ctl.start()
    qtbot.waitUntil(lambda: _steps(ctl.frames) >= 600, timeout=30000)
    ctl.pause()
    qtbot.waitUntil(lambda: ctl.states[-1] == "paused", timeout=10000)
    steps = np.concatenate([f.rows["step"] for f in ctl.frames])
    assert np.array_equal(steps, np.arange(1, len(steps) + 1)), "every step once, in order"
    assert steps[-1] == worker.trainer.step_count
    kinds = [k for f in ctl.frames for k in f.kinds]
    assert kinds[250] == "d" and kinds.count("d") == 1
    assert ctl.rec.hparams[0][0] == 251
    assert ctl.shutdown(2000)
    (metrics,) = tmp_path.glob("*/metrics.csv")
    assert [int(r["step"]) for r in read_metrics_rows(metrics)] == list(range(1, len(steps) + 1))
    snapshots = sorted(int(p.stem.split("_")[-1]) for p in metrics.parent.glob("samples/*.png"))
    assert snapshots[:4] == [0, 100, 200, 300], "a snapshot at exactly its step, not at the batch's end"
