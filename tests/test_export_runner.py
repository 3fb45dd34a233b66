"""ExportRunner: real exports of a real (tiny) run, off the GUI thread; cancel leaves no file,
a failure is one sentence naming the file, and the thread is always joined."""

import threading

import pytest
from PySide6.QtWidgets import QPushButton, QWidget

from ganstudio.engine.export.animation import gif_frame_count
from ganstudio.engine.export.exports import export_metrics_csv, export_timelapse
from ganstudio.engine.runs.reader import open_run
from ganstudio.engine.runs.writer import RunWriter
from ganstudio.ui.runs.export_runner import ExportRunner
from training_state import small_trainer

WAIT_MS = 60000  # a generous ceiling on a shared 2-core machine; the tests wait for signals, not time


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    """ring8 trained 250 steps, a sample grid every 50 (6 snapshots), a checkpoint at the end."""
    folder = tmp_path_factory.mktemp("export") / "ring"
    trainer = small_trainer("ring8", 0)
    writer = RunWriter(folder)
    writer.create(trainer.cfg, preset="ring8")
    writer.save_samples(trainer)
    for _ in range(250):
        writer.append([trainer.step()])
        if trainer.step_count % 50 == 0:
            writer.save_samples(trainer)
    writer.save_checkpoint(trainer)
    writer.close()
    return open_run(folder)


@pytest.fixture
def runner(qtbot):
    window = QWidget()
    qtbot.addWidget(window)
    runner = ExportRunner(window)
    yield runner
    assert runner.shutdown(), "the export thread did not end"


def test_gif_export_finishes_off_the_gui_thread(qtbot, runner, run, tmp_path):
    out = tmp_path / "timelapse.gif"
    with qtbot.waitSignal(runner.finished, timeout=WAIT_MS) as blocker:
        assert runner.start(export_timelapse, run, out, fps=4)
        assert runner.is_running() and runner.dialog is not None  # start() returned at once
        assert not runner.start(export_timelapse, run, out)  # one export at a time
    assert blocker.args == [out]
    assert gif_frame_count(out) == len(run.snapshots) == 6
    assert not runner.is_running() and runner.dialog is None


def test_a_function_without_progress_is_called_without_it(qtbot, runner, run, tmp_path):
    out = tmp_path / "metrics.csv"
    with qtbot.waitSignal(runner.finished, timeout=WAIT_MS) as blocker:
        runner.start(export_metrics_csv, run, out)
    assert blocker.args == [out]
    lines = out.read_text().splitlines()
    assert lines[0].startswith("step,loss_d,loss_g") and len(lines) == 251


def _gated(reached: threading.Event, release: threading.Event, at: int = 1):
    """export_timelapse that, after frame ``at``, waits until the test lets it go on."""
    def export(run, out, progress, cancelled):
        def report(done, total):
            progress(done, total)
            if done == at:
                reached.set()
                release.wait(WAIT_MS / 1000)
        return export_timelapse(run, out, progress=report, cancelled=cancelled)
    return export


def test_progress_reaches_the_dialog(qtbot, runner, run, tmp_path):
    reached, release = threading.Event(), threading.Event()
    with qtbot.waitSignal(runner.finished, timeout=WAIT_MS):
        runner.start(_gated(reached, release, at=3), run, tmp_path / "t.gif")
        assert "t.gif" in runner.dialog.labelText()
        qtbot.waitUntil(lambda: runner.dialog.value() == 3, timeout=WAIT_MS)
        assert runner.dialog.maximum() == 6
        release.set()
    assert (tmp_path / "t.gif").exists()


def test_cancel_leaves_no_file(qtbot, runner, run, tmp_path):
    out = tmp_path / "cancelled.gif"
    reached, release = threading.Event(), threading.Event()
    with qtbot.waitSignal(runner.cancelled, timeout=WAIT_MS):
        runner.start(_gated(reached, release), run, out)
        qtbot.waitUntil(reached.is_set, timeout=WAIT_MS)
        runner.dialog.findChild(QPushButton).click()  # the dialog's Cancel button
        release.set()
    assert not out.exists()
    assert list(tmp_path.iterdir()) == []  # no temp file either
    assert not runner.is_running()


def test_shutdown_joins_a_running_export(qtbot, runner, run, tmp_path):
    reached, release = threading.Event(), threading.Event()
    outcomes = []
    runner.finished.connect(lambda path: outcomes.append("finished"))
    runner.cancelled.connect(lambda: outcomes.append("cancelled"))
    runner.start(_gated(reached, release), run, tmp_path / "closing.gif")
    qtbot.waitUntil(reached.is_set, timeout=WAIT_MS)
    release.set()
    assert runner.shutdown()  # what the window calls when it closes
    assert outcomes in (["finished"], ["cancelled"])
    assert not runner.is_running()


def test_unwritable_target_fails_with_a_clear_message(qtbot, runner, run, tmp_path):
    (tmp_path / "notes.txt").write_text("a file, not a folder")
    out = tmp_path / "notes.txt" / "sub" / "timelapse.gif"
    with qtbot.waitSignal(runner.failed, timeout=WAIT_MS) as blocker:
        runner.start(export_timelapse, run, out)
    message = blocker.args[0]
    assert message == f"Could not write {out}: {tmp_path / 'notes.txt'} is a file, not a folder."
    assert not runner.is_running()


def test_an_export_error_names_the_file(qtbot, runner, run, tmp_path):
    out = tmp_path / "timelapse.webm"
    with qtbot.waitSignal(runner.failed, timeout=WAIT_MS) as blocker:
        runner.start(export_timelapse, run, out)
    assert str(out) in blocker.args[0] and ".gif or .mp4" in blocker.args[0]
    assert not out.exists()
