"""Nothing lost on resume: the collapse meter's alarm state and the plots' markers (issue 18).

ring8-collapse raises its alarm near step 2,600 with readings every 20 steps (the exact step
depends on torch's thread count): four judged readings in a row make the streak. A run stopped one
reading before the alarm is three readings into it; a resumed meter that forgot them would fire
three readings late, and a window reopened on the run would show no marker and no alarm.
"""

import json

import pytest

from ganstudio.cli import main
from ganstudio.engine.runs.metrics_csv import read_metrics_rows
from ganstudio.engine.train.presets import preset
from ganstudio.engine.runs.events import EVENTS, read_events
from ganstudio.engine.runs.writer import CHECKPOINT, METRICS, read_checkpoint

from thread_waits import TRAINING_MS, run_steps

EVERY, STRAIGHT = 20, 3600
# a pinned thread count: the runs are compared bit for bit (engine/train/threads.py)
TRAIN = ["train", "--preset", "ring8-collapse", "--meter-every", str(EVERY), "--threads", "2"]


@pytest.fixture(scope="module")
def collapse_runs(tmp_path_factory):
    """(straight, split, alarm step, last step of the split run)."""
    base = tmp_path_factory.mktemp("collapse")
    straight, split = base / "straight", base / "split"
    assert main([*TRAIN, "--steps", str(STRAIGHT), "--out", str(straight)]) == 0
    alarm = next(e["step"] for e in read_events(straight) if e["kind"] == "alarm")
    end = alarm + 5 * EVERY
    assert main([*TRAIN, "--steps", str(alarm - EVERY), "--out", str(split)]) == 0
    assert main(["train", "--resume", "--meter-every", str(EVERY), "--threads", "2", "--steps", str(end),
                 "--out", str(split)]) == 0
    return straight, split, alarm, end


def _without_time(rows):
    return [{k: v for k, v in r.items() if k != "wall_s"} for r in rows]


def test_a_resumed_run_raises_the_alarm_where_an_uninterrupted_one_does(collapse_runs):
    straight, split, alarm, end = collapse_runs
    a, b = read_metrics_rows(straight / METRICS)[:end], read_metrics_rows(split / METRICS)
    assert _without_time(a) == _without_time(b)  # every column, "collapse" included
    assert next(int(r["step"]) for r in b if r["collapse"] == "1") == alarm
    assert read_events(split) == read_events(straight, upto=end) == [
        {"step": alarm, "kind": "alarm", "started": True, "covered": 1, "n_modes": 8,
         "kl": pytest.approx(2.0794, abs=1e-3)}]
    assert read_checkpoint(split / CHECKPOINT)["meter"]["detector"]["active"] is True


def test_an_opened_run_shows_its_alarm_and_its_meter_keeps_it(qtbot, open_window, collapse_runs, tmp_path,
                                                              monkeypatch):
    monkeypatch.setenv("GANSTUDIO_HOME", str(tmp_path / "home"))
    _, split, alarm, end = collapse_runs
    win = open_window(preset("ring8"))
    with qtbot.waitSignal(win.reset_applied, timeout=20000):
        win.runs.open(split)
    assert win.step == end
    assert win.alarm.isVisible() and f"Mode collapse at step {alarm}" in win.alarm.text()
    assert win.meter.alarm_steps == [alarm]
    assert [line.value() for _, line in win.plots._markers] == [alarm] * 3
    steps, covered, _ = win.meter.history()
    assert steps[-1] == end and covered[-1] == 1  # the meter's past readings, from metrics.csv
    assert win.controller.worker.meter.detector.active  # paused: the worker's meter is not in use

    target = win.step + 100
    win.run_bar.run_n_count.setValue(100)
    win.run_bar.run_n.click()
    qtbot.waitUntil(lambda: win.step >= target and win.state == "paused", timeout=TRAINING_MS)
    assert win.meter.alarm_steps == [alarm]  # still collapsed: no second alarm
    assert [e["step"] for e in read_events(split)] == [alarm]


def test_markers_of_settings_changes_come_back_when_the_run_is_opened(qtbot, open_window, tmp_path,
                                                                       monkeypatch):
    monkeypatch.setenv("GANSTUDIO_HOME", str(tmp_path / "home"))
    cfg = preset("ring8")
    cfg.batch_size = 64
    first = open_window(cfg)
    run_steps(qtbot, first, 30)
    first.controls.opt_d.lr.setValue(5e-3)  # while paused: applied at step 30
    qtbot.waitUntil(lambda: len(first.plots._markers) == 3, timeout=5000)  # one line on each plot
    run_steps(qtbot, first, 20)
    first.controls.loss.setCurrentText("hinge")
    qtbot.waitUntil(lambda: len(first.plots._markers) == 6, timeout=5000)
    run_steps(qtbot, first, 10)
    shown = _markers(first)
    curves = {k: first.history.column(k).copy() for k in ("step", "loss_d", "loss_g")}
    folder = first.runs.folder
    first.close()
    assert [json.loads(line)["step"] for line in (folder / EVENTS).read_text().splitlines()] == [30, 50]

    second = open_window(preset("grid25"))
    with qtbot.waitSignal(second.reset_applied, timeout=20000):
        second.runs.open(folder)
    assert _markers(second) == shown
    for key, column in curves.items():
        assert second.history.column(key).tolist() == pytest.approx(column.tolist(), rel=1e-6)
    trainer = second.controller.worker.trainer
    assert trainer.cfg.opt_d.lr == 5e-3 and trainer.cfg.loss.kind == "hinge"


def test_a_change_while_paused_reaches_the_checkpoint(qtbot, open_window, tmp_path, monkeypatch):
    """Changed after the pause wrote its checkpoint: the window's last checkpoint must have it."""
    monkeypatch.setenv("GANSTUDIO_HOME", str(tmp_path / "home"))
    cfg = preset("ring8")
    cfg.batch_size = 64
    win = open_window(cfg)
    run_steps(qtbot, win, 20)
    win.controls.opt_g.lr.setValue(7e-4)
    qtbot.waitUntil(lambda: len(win.plots._markers) == 3, timeout=5000)
    folder = win.runs.folder
    win.close()
    assert read_checkpoint(folder / CHECKPOINT)["hparams"]["opt_g.lr"] == 7e-4


def _markers(win):
    labels = [getattr(line, "label", None) for _, line in win.plots._markers]  # on the top plot only
    return [(line.value(), label and label.toPlainText()) for (_, line), label in zip(win.plots._markers, labels)]
