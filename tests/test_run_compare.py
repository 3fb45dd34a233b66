"""Comparing real (tiny) runs: overlaid curves with a legend, sample grids at one shared step,
damaged runs shown as far as they can be read, and the picker that chooses the runs."""

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QFileDialog

from ganstudio.engine.runs.reader import load_snapshot, open_run
from ganstudio.engine.runs.writer import RunWriter
from ganstudio.ui.settings.appearance import plot_style
from ganstudio.ui.runs.run_compare import PALETTE, CompareWindow
from ganstudio.ui.runs.run_picker import RunPicker
from training_state import small_trainer

PLOTS = ("loss_d", "loss_g", "d_real", "d_fake")


def make_run(folder, steps, sample_every=50, seed=0, checkpoints=()):
    """A ring8 run trained ``steps`` steps: grids every ``sample_every``, a checkpoint at the end."""
    trainer = small_trainer("ring8", 0, seed=seed)
    writer = RunWriter(folder)
    writer.create(trainer.cfg, preset="ring8")
    writer.save_samples(trainer)
    while trainer.step_count < steps:
        writer.append([trainer.step()])
        if trainer.step_count % sample_every == 0:
            writer.save_samples(trainer)
        if trainer.step_count in checkpoints:
            writer.save_checkpoint(trainer)
    writer.save_checkpoint(trainer)
    writer.close()
    return folder


@pytest.fixture(scope="module")
def base(tmp_path_factory):
    """Two runs side by side: grids every 50 steps up to 200, and every 100 up to 300."""
    base = tmp_path_factory.mktemp("compare")
    make_run(base / "short", 200, sample_every=50)
    make_run(base / "long", 300, sample_every=100, seed=1)
    return base


@pytest.fixture
def compare(qtbot):
    def _open(folders):
        win = CompareWindow(folders)
        qtbot.addWidget(win)
        return win
    return _open


def pixels(tile) -> np.ndarray:
    """What an ImageTile shows, as (H, W, 3) uint8."""
    image = tile.pixmap().toImage().convertToFormat(QImage.Format.Format_RGB888)
    h, w = image.height(), image.width()
    rows = np.frombuffer(image.constBits(), np.uint8).reshape(h, image.bytesPerLine())
    return rows[:, :3 * w].reshape(h, w, 3).copy()


def legend_names(plot) -> list[str]:
    return [label.text for _, label in plot.legend.items]


# ------------------------------------------------------------------ curves


def test_two_runs_overlay_their_curves(compare, base):
    win = compare([base / "short", base / "long"])
    assert win.names == ["short", "long"]
    assert win.note.isHidden() and win.note.text() == ""
    for column in PLOTS:
        plot = win.plots[column]
        curves = plot.listDataItems()
        assert len(curves) == 2
        assert legend_names(plot) == ["short", "long"]
        assert [c.opts["pen"].color().getRgb()[:3] for c in curves] == [PALETTE[0], PALETTE[1]]
        for curve, folder in zip(curves, ("short", "long")):
            metrics = open_run(base / folder).metrics
            np.testing.assert_array_equal(curve.xData, metrics["step"])
            np.testing.assert_array_equal(curve.yData, metrics[column])
            assert curve.opts["autoDownsample"] and curve.opts["downsampleMethod"] == "peak"
            assert curve.opts["clipToView"]
    assert [len(c.xData) for c in win.plots["loss_d"].listDataItems()] == [200, 300]


# ------------------------------------------------------------------ sample grids


def test_grids_side_by_side_at_the_same_step(qtbot, compare, base):
    win = compare([base / "short", base / "long"])
    win.show()
    qtbot.waitExposed(win)
    short, long = open_run(base / "short"), open_run(base / "long")
    assert win.steps() == [0, 50, 100, 150, 200, 300]
    assert win.shown_step() == 300 and win.step_label.text() == "Step 300"
    assert [p.caption_text for p in win.panels] == ["step 200", "step 300"]  # short ended at 200
    left, right = (p.box.sceneBoundingRect() for p in win.panels)
    assert left.right() <= right.left() and abs(left.top() - right.top()) < 1  # one row, two columns

    win.set_step(150)
    assert [p.caption_text for p in win.panels] == ["step 150", "step 100"]
    assert [p.shown[0] for p in win.panels] == [150, 100]
    np.testing.assert_array_equal(pixels(win.panels[0].image), load_snapshot(short.snapshot_at(150)[1]))
    np.testing.assert_array_equal(pixels(win.panels[1].image), load_snapshot(long.snapshot_at(100)[1]))
    assert all(line.value() == 150 for line in win.cursors)

    qtbot.keyClick(win.slider, Qt.Key.Key_Home)  # one slider moves every run
    assert win.shown_step() == 0
    assert [p.caption_text for p in win.panels] == ["step 0", "step 0"]
    qtbot.keyClick(win.slider, Qt.Key.Key_Right)
    assert win.shown_step() == 50 and [p.caption_text for p in win.panels] == ["step 50", "step 0"]


def test_a_live_run_adds_rows_and_grids(qtbot, compare, tmp_path, base):
    folder = make_run(tmp_path / "growing", 100)
    win = compare([base / "short", folder])
    win.set_step(50)
    writer = RunWriter(folder)
    trainer = writer.resume()
    for _ in range(100):
        writer.append([trainer.step()])
        if trainer.step_count % 50 == 0:
            writer.save_samples(trainer)
    writer.close()
    win.refresh()
    assert len(win.curves[1, "loss_g"].xData) == 200
    assert win.steps() == [0, 50, 100, 150, 200]
    assert win.shown_step() == 50  # the chosen step stays chosen
    qtbot.keyClick(win.slider, Qt.Key.Key_End)
    assert [p.caption_text for p in win.panels] == ["step 200", "step 200"]


# ------------------------------------------------------------------ damaged and missing


def test_a_damaged_run_shows_what_it_can(compare, tmp_path, base):
    folder = make_run(tmp_path / "damaged", 200, checkpoints=(100,))
    with open(folder / "metrics.csv", "a") as f:
        f.write("201,0.69,0.7")  # cut off mid-write: no newline, too few cells
    (folder / "checkpoints" / "step_00000100.pt").write_bytes(b"PK\x03\x04 torn")
    win = compare([base / "short", folder])
    assert not win.note.isHidden()
    note = win.note.text()
    assert "damaged: the last line of metrics.csv is incomplete" in note
    assert "step_00000100.pt is truncated or corrupt" in note
    curves = win.plots["d_fake"].listDataItems()
    assert len(curves) == 2 and len(curves[1].xData) == 200  # every complete row
    assert legend_names(win.plots["d_fake"]) == ["short", "damaged"]
    assert [p.caption_text for p in win.panels] == ["step 200", "step 200"]
    assert not win.panels[1].image.pixmap().isNull()


def test_runs_without_metrics_or_not_runs_at_all_are_noted(compare, tmp_path, base):
    empty = tmp_path / "fresh"
    trainer = small_trainer("ring8", 0)
    writer = RunWriter(empty)
    writer.create(trainer.cfg)  # created, never trained: a header and one grid
    writer.save_samples(trainer)
    writer.close()
    stranger = tmp_path / "holiday-photos"
    stranger.mkdir()
    win = compare([base / "short", empty, stranger])
    assert win.names == ["short", "fresh"]  # the stranger is not a run: not opened
    note = win.note.text()
    assert "fresh has no metrics yet, so it has no curves." in note
    assert "holiday-photos was not opened" in note and "is not a run folder" in note
    assert [0 if c.xData is None else len(c.xData) for c in win.plots["loss_d"].listDataItems()] == [200, 0]
    assert [p.caption_text for p in win.panels] == ["step 200", "step 0"]


def test_dark_theme_reaches_both_canvases(compare, base):
    win = compare([base / "short", base / "long"])
    style = plot_style("dark", presentation=True)
    win.apply_style(style)
    assert win.plot_canvas.backgroundBrush().color().getRgb()[:3] == style.background
    assert win.grid_canvas.backgroundBrush().color().getRgb()[:3] == style.background
    assert win.curves[0, "loss_d"].opts["pen"].widthF() == style.line_width(1.5)
    assert win.panels[0].caption_text == "step 200"


# ------------------------------------------------------------------ the picker


def test_picker_needs_two_runs_to_compare(qtbot, tmp_path, base, monkeypatch):
    picker = RunPicker(base)
    qtbot.addWidget(picker)
    assert sorted(p.name for p in picker.listed()) == ["long", "short"]
    assert not picker.ok.isEnabled() and picker.chosen() == []
    picker.set_chosen([base / "short"])
    assert not picker.ok.isEnabled() and "1 chosen" in picker.hint.text()
    picker.set_chosen([base / "short", base / "long"])
    assert picker.ok.isEnabled() and set(picker.chosen()) == {base / "short", base / "long"}

    elsewhere = make_run(tmp_path / "elsewhere", 50)
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *args: str(elsewhere))
    picker.add.click()
    assert picker.listed()[-1] == elsewhere and elsewhere in picker.chosen()
    assert len(picker.chosen()) == 3 and picker.ok.isEnabled()

    assert not picker.add_folder(tmp_path)  # holds runs, but is not one
    assert "is not a run folder" in picker.hint.text()
    assert len(picker.listed()) == 3


def test_picker_opens_exactly_one_run(qtbot, base):
    picker = RunPicker(base, minimum=1, maximum=1)
    qtbot.addWidget(picker)
    assert picker.windowTitle() == "Open a run" and picker.ok.text() == "Open"
    assert not picker.ok.isEnabled()
    items = {picker.tree.topLevelItem(i).text(0): picker.tree.topLevelItem(i) for i in range(2)}
    items["short"].setCheckState(0, Qt.CheckState.Checked)
    assert picker.chosen() == [base / "short"] and picker.ok.isEnabled()
    items["long"].setCheckState(0, Qt.CheckState.Checked)  # ticking another unticks the first
    assert picker.chosen() == [base / "long"] and picker.ok.isEnabled()
    assert items["long"].text(2) == "300"
