"""The step slider over a real run's snapshots: scrubbing, following live, branching, new snapshots."""

import pytest
from PySide6.QtCore import Qt

from ganstudio.engine.runs.reader import load_snapshot, open_run
from ganstudio.engine.runs.writer import RunWriter
from ganstudio.ui.runs.timeline import Timeline
from training_state import small_trainer


def train(writer: RunWriter, trainer, until: int, checkpoints=()) -> None:
    """Train to step ``until``: a sample grid every 50 steps, checkpoints at ``checkpoints`` and the end."""
    while trainer.step_count < until:
        writer.append([trainer.step()])
        if trainer.step_count % 50 == 0:
            writer.save_samples(trainer)
        if trainer.step_count in checkpoints:
            writer.save_checkpoint(trainer)
    writer.save_checkpoint(trainer)
    writer.close()


def make_run(folder, steps=200, checkpoints=(100,)):
    trainer = small_trainer("ring8", 0)
    writer = RunWriter(folder)
    writer.create(trainer.cfg, preset="ring8")
    writer.save_samples(trainer)
    train(writer, trainer, steps, checkpoints)
    return folder


def extend_run(folder, until):
    """Resume the run from its checkpoint and train on: what a run writing in the background does."""
    writer = RunWriter(folder)
    train(writer, writer.resume(), until)


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    """Snapshots at 0, 50, …, 200; checkpoints at 100 and 200."""
    return open_run(make_run(tmp_path_factory.mktemp("timeline") / "ring"))


@pytest.fixture
def timeline(qtbot):
    widget = Timeline()
    qtbot.addWidget(widget)
    return widget


def test_starts_live_on_the_newest_snapshot(qtbot, timeline, run):
    with qtbot.assertNotEmitted(timeline.step_chosen):
        timeline.set_snapshots(run.snapshots)
    assert [s for s, _ in run.snapshots] == [0, 50, 100, 150, 200]
    assert timeline.is_live() and timeline.live.isChecked()
    assert timeline.current() == run.snapshots[-1]
    assert "200" in timeline.step_label.text() and "Live" in timeline.step_label.text()


def test_scrubbing_with_the_keyboard_emits_step_and_path(qtbot, timeline, run):
    timeline.set_snapshots(run.snapshots)
    with qtbot.waitSignal(timeline.step_chosen) as blocker:
        qtbot.keyClick(timeline.slider, Qt.Key.Key_Left)
    step, path = blocker.args
    assert (step, path) == (150, str(run.snapshot_at(150)[1]))
    assert load_snapshot(path).shape[2] == 3  # a real picture on disk
    assert not timeline.is_live() and not timeline.live.isChecked()
    assert timeline.step_label.text() == "Step 150 (4 of 5)"

    with qtbot.waitSignal(timeline.step_chosen) as blocker:
        qtbot.keyClick(timeline.slider, Qt.Key.Key_Home)
    assert blocker.args == [0, str(run.snapshots[0][1])]
    with qtbot.waitSignal(timeline.step_chosen) as blocker:
        qtbot.keyClick(timeline.slider, Qt.Key.Key_End)
    assert blocker.args[0] == 200
    assert not timeline.is_live()  # the newest step, chosen by hand: it stays there

    with qtbot.waitSignal(timeline.step_chosen) as blocker:
        timeline.slider.setValue(2)  # a drag ends the same way
    assert blocker.args[0] == 100


def test_live_button_follows_the_newest_again(qtbot, timeline, run):
    timeline.set_snapshots(run.snapshots)
    qtbot.keyClick(timeline.slider, Qt.Key.Key_Home)
    assert timeline.chosen_step() == 0
    with qtbot.waitSignal(timeline.live_requested), qtbot.assertNotEmitted(timeline.step_chosen):
        timeline.live.click()
    assert timeline.is_live() and timeline.live.isChecked()
    assert timeline.chosen_step() == 200
    with qtbot.waitSignal(timeline.live_requested):
        timeline.live.click()  # pressing it again while live keeps it live
    assert timeline.is_live() and timeline.live.isChecked()


def test_branch_needs_a_checkpoint_at_or_before_the_step(qtbot, timeline, run):
    timeline.set_snapshots(run.snapshots)
    assert not timeline.branch.isEnabled()  # no checkpoints known
    assert [s for s, _ in run.checkpoints] == [100, 200]
    timeline.set_checkpoints(run.checkpoints)
    assert timeline.branch.isEnabled() and timeline.branch.text() == "Branch from step 200…"

    qtbot.keyClick(timeline.slider, Qt.Key.Key_Left)  # step 150: the checkpoint before it is 100
    assert timeline.branch_step() == run.checkpoint_at(150)[0] == 100
    assert timeline.branch.text() == "Branch from step 100…"
    assert "step 100" in timeline.branch.toolTip()
    with qtbot.waitSignal(timeline.branch_requested) as blocker:
        timeline.branch.click()
    assert blocker.args == [100]

    qtbot.keyClick(timeline.slider, Qt.Key.Key_Home)  # step 0: nothing saved that early
    assert not timeline.branch.isEnabled() and timeline.branch_step() is None
    assert "none" in timeline.branch.toolTip()
    with qtbot.assertNotEmitted(timeline.branch_requested):
        timeline.branch.click()


def test_new_snapshots_keep_a_chosen_step_and_move_live_on(qtbot, timeline, tmp_path):
    run = open_run(make_run(tmp_path / "growing", steps=200))
    timeline.set_snapshots(run.snapshots)
    timeline.set_checkpoints(run.checkpoints)
    qtbot.keyClick(timeline.slider, Qt.Key.Key_Left)
    qtbot.keyClick(timeline.slider, Qt.Key.Key_Left)
    assert timeline.chosen_step() == 100

    extend_run(run.folder, 300)
    _, new = run.poll()
    assert [s for s, _ in new] == [250, 300]
    with qtbot.assertNotEmitted(timeline.step_chosen):
        timeline.add_snapshots(new)
        timeline.set_checkpoints(run.checkpoints)
    assert timeline.current() == run.snapshot_at(100) and not timeline.is_live()
    assert timeline.step_label.text() == "Step 100 (3 of 7)"
    qtbot.keyClick(timeline.slider, Qt.Key.Key_End)
    assert timeline.chosen_step() == 300  # the new snapshots are on the slider
    assert timeline.branch_step() == 300

    timeline.live.click()
    extend_run(run.folder, 350)
    _, new = run.poll()
    with qtbot.assertNotEmitted(timeline.step_chosen):
        timeline.add_snapshots(new)
    assert timeline.is_live() and timeline.current() == run.snapshots[-1] == new[-1]
    assert new[-1][0] == 350


def test_without_snapshots_nothing_can_be_chosen(timeline):
    assert timeline.current() is None and timeline.chosen_step() is None
    assert not timeline.slider.isEnabled() and not timeline.branch.isEnabled()
    assert not timeline.live.isEnabled()
    assert timeline.step_label.text() == "No samples saved yet"
