"""The population wall as a user reaches it: File ▸ New population…, tiles, sort, filter, stop,
clone, promote, the main window following a member; real training, real folders, real widgets."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialogButtonBox

from ganstudio import app as app_module
from ganstudio.engine.runs.events import read_events
from ganstudio.engine.train.presets import preset
from ganstudio.ui.population.new_population import NewPopulationDialog
from ganstudio.ui.population.tile import coverage, divergence
from ganstudio.ui.population.wall import PopulationWall
from ganstudio.ui.window.main_window import MainWindow

from thread_waits import TRAINING_MS


@pytest.fixture
def main_window(qtbot, tmp_path, monkeypatch):
    monkeypatch.setenv("GANSTUDIO_HOME", str(tmp_path / "home"))
    win = MainWindow(preset("ring8-tiny"))
    win.confirm_reset = lambda: True
    qtbot.addWidget(win)
    with qtbot.waitSignal(win.reset_applied, timeout=30000):
        win.show()
    yield win
    win.populations.shutdown()
    win.close()


def _fill_dialog(dialog: NewPopulationDialog, seeds: str, vary: tuple[str, str] | None, steps: int) -> None:
    dialog.preset_box.setCurrentIndex(dialog.preset_box.findData("ring8-tiny"))
    dialog.seeds.setText(seeds)
    dialog.steps.setValue(steps)
    if vary:
        row = dialog.rows[0]
        row.key.setCurrentIndex(row.key.findData(vary[0]))
        row.values.setText(vary[1])


def _open_from_menu(qtbot, win, seeds, vary, steps) -> PopulationWall:
    """File ▸ New population…, the dialog filled and accepted as a user does."""
    def answer():
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, NewPopulationDialog)
        _fill_dialog(dialog, seeds, vary, steps)
        dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()

    from PySide6.QtCore import QTimer

    QTimer.singleShot(200, answer)
    win.populations.new_action.trigger()
    walls = win.populations.walls
    assert len(walls) == 1
    return walls[0]


def _wait_readings(qtbot, wall, n: int) -> None:
    qtbot.waitUntil(lambda: wall.frame is not None and sum(
        v.reading is not None for v in wall.frame.members) >= n, timeout=TRAINING_MS)


def test_a_population_from_the_file_menu_fills_the_wall_and_its_tools_work(qtbot, main_window):
    win = main_window
    wall = _open_from_menu(qtbot, win, "0-2", ("opt_g.lr", "1e-3, 3e-3"), 100_000)
    qtbot.addWidget(wall)
    qtbot.waitUntil(lambda: len(wall.tiles) == 6 and all(
        t.view is not None and t.view.samples is not None for t in wall.tiles.values()), timeout=TRAINING_MS)
    names = list(wall.tiles)
    assert names[0] == "seed0_opt_g.lr=0.001" and names[3] == "seed0_opt_g.lr=0.003"
    assert wall.tiles[names[0]].view.label == "seed 0 · opt_g.lr 0.001"
    _wait_readings(qtbot, wall, 6)

    # sort by KL: lowest first, as the combo says
    wall.sort_box.setCurrentIndex(wall.sort_box.findData("kl"))
    kls = [divergence(wall.tiles[n].view.reading) for n in wall.order]
    assert kls == sorted(kls)
    wall.sort_box.setCurrentIndex(wall.sort_box.findData("covered"))
    covered = [coverage(wall.tiles[n].view.reading)[0] for n in wall.order]
    assert covered == sorted(covered, reverse=True)

    # a click selects a member and the main window follows its run folder
    first = wall.tiles[names[1]]
    qtbot.mouseClick(first, Qt.MouseButton.LeftButton)
    assert wall.selected == names[1] and wall.stop_button.isEnabled()
    qtbot.waitUntil(lambda: win.runs.following is not None, timeout=10000)
    assert win.runs.following.folder == wall.folder / "members" / names[1]

    # Stop: the tile turns grey, the Show: stopped filter shows it alone
    wall.stop_button.click()
    qtbot.waitUntil(lambda: wall.tiles[names[1]].view.status == "stopped", timeout=TRAINING_MS)
    wall.filter_box.setCurrentIndex(wall.filter_box.findData("stopped"))
    assert [n for n, t in wall.tiles.items() if t.isVisibleTo(wall.container)] == [names[1]]
    wall.filter_box.setCurrentIndex(wall.filter_box.findData("all"))
    assert all(t.isVisibleTo(wall.container) for t in wall.tiles.values())

    # Clone worst from best: the copy's folder records it
    _wait_readings(qtbot, wall, 5)
    best, worst, changes = wall.clone_worst_from_best()
    assert best != worst and set(changes) == {"opt_g.lr", "opt_d.lr"}
    qtbot.waitUntil(lambda: any(e.get("changes", {}).get("weights") == [worst, best]
                                for e in read_events(wall.folder / "members" / worst)), timeout=TRAINING_MS)
    qtbot.waitUntil(lambda: wall.tiles[worst].view.settings.get("opt_g.lr") == pytest.approx(changes["opt_g.lr"]),
                    timeout=TRAINING_MS)

    # Promote: the member goes on as an ordinary run in the main window, training
    promoted = names[2]
    qtbot.mouseClick(wall.tiles[promoted], Qt.MouseButton.LeftButton)
    wall.promote_button.click()
    qtbot.waitUntil(lambda: win.state == "running" and win.runs.folder is not None
                    and win.runs.folder.name.endswith(promoted), timeout=TRAINING_MS)
    meta = json.loads((win.runs.folder / "run.json").read_text())
    assert meta["parent"] == str(wall.folder / "members" / promoted)
    qtbot.waitUntil(lambda: wall.tiles[promoted].view.status == "stopped", timeout=TRAINING_MS)

    # Pause holds every member; closing saves them all
    wall.pause_button.click()
    qtbot.waitUntil(lambda: "paused" in wall.status.text() and not wall.frame.running, timeout=10000)
    qtbot.wait(300)  # frames sent before the pause was read
    step = wall.frame.step
    qtbot.wait(600)
    assert wall.frame.step == step
    wall.close()
    assert not wall.controller.thread.isRunning()
    sweep = json.loads((wall.folder / "sweep.json").read_text())
    statuses = {m["name"]: m["status"] for m in sweep["members"]}
    assert statuses[names[1]] == statuses[promoted] == "stopped"
    assert {s for n, s in statuses.items() if n not in (names[1], promoted)} == {"interrupted"}


def test_the_dialog_names_a_bad_setting_before_anything_trains(qtbot, tmp_path):
    dialog = NewPopulationDialog("ring8-tiny")
    qtbot.addWidget(dialog)
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    _fill_dialog(dialog, "0-3", ("opt_d.lr", "1e-3, 7"), 500)
    assert not ok.isEnabled() and "opt_d.lr" in dialog.summary.text()
    dialog.rows[0].values.setText("1e-3, 2e-3")
    assert ok.isEnabled() and "8 members (4 seeds × 2 opt_d.lr)" in dialog.summary.text()
    dialog.seeds.setText("3-1")
    assert not ok.isEnabled() and "--seeds" in dialog.summary.text()
    assert "mnist-dcgan" not in [dialog.preset_box.itemData(i) for i in range(dialog.preset_box.count())]


def test_an_image_population_shows_digit_grids(qtbot, main_window, tmp_path):
    cfg = preset("mnist-mlp")
    cfg.data.limit = 512
    wall = main_window.populations.new_population(cfg, "mnist-mlp", [0, 1], [], 40)
    qtbot.addWidget(wall)
    qtbot.waitUntil(lambda: wall.ended, timeout=TRAINING_MS)
    view = next(iter(wall.tiles.values())).view
    assert view.samples.shape == (64, 1, 28, 28)
    image = next(iter(wall.tiles.values())).grab().toImage()
    assert image.width() > 100
    assert {m["status"] for m in json.loads((wall.folder / "sweep.json").read_text())["members"]} == {"done"}


def test_main_py_seeds_opens_the_wall(monkeypatch):
    args = app_module._parse(["--preset", "ring8-tiny", "--seeds", "0-15", "--vary", "opt_g.lr=1e-3,2e-3"])
    base, name, seeds, varies, steps = args.population
    assert name == "ring8-tiny" and seeds == list(range(16)) and varies == [("opt_g.lr", [1e-3, 2e-3])]
    with pytest.raises(SystemExit):
        app_module._parse(["--preset", "ring8-tiny", "--seeds", "0-3", "--vary", "gen.hidden=8"])
    with pytest.raises(SystemExit):
        app_module._parse(["--vary", "opt_g.lr=1e-3"])


def test_open_population_follows_a_sweep_another_program_trains(qtbot, main_window, tmp_path):
    import os
    import signal
    import subprocess
    import sys
    import time

    from ganstudio.ui.population.follow import sweep_is_live

    out = tmp_path / "sweep"
    log = open(tmp_path / "sweep.log", "w")
    proc = subprocess.Popen([sys.executable, "-m", "ganstudio", "sweep", "--preset", "ring8-tiny", "--steps",
                             "100000000", "--seeds", "0-3", "--out", str(out), "--meter-every", "100",
                             "--sample-every", "200", "--threads", "1"],
                            cwd=Path(__file__).resolve().parents[1], env=dict(os.environ, OMP_NUM_THREADS="1"),
                            stdout=log, stderr=log)
    try:
        deadline = time.monotonic() + 120
        while not ((out / "members" / "seed3" / "metrics.csv").exists() and sweep_is_live(out)):
            assert proc.poll() is None and time.monotonic() < deadline, (tmp_path / "sweep.log").read_text()
            time.sleep(0.1)
        wall = main_window.populations.open_population(out)
        qtbot.addWidget(wall)
        assert wall.following and wall.controller is None
        qtbot.waitUntil(lambda: wall.frame is not None and len(wall.tiles) == 4 and all(
            t.view.picture and t.view.reading for t in wall.tiles.values()), timeout=TRAINING_MS)
        assert "following" in wall.status.text()
        assert not (wall.stop_button.isEnabled() or wall.promote_button.isEnabled() or wall.clone_button.isEnabled())
        step = wall.frame.step
        qtbot.waitUntil(lambda: wall.frame.step > step, timeout=TRAINING_MS)  # new rows land on screen
        image = next(iter(wall.tiles.values())).grab().toImage()
        assert image.width() > 100
    finally:
        proc.send_signal(signal.SIGTERM)  # the CLI stops as on Ctrl+C (SIGINT may be ignored in CI's background run)
        try:
            proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
    qtbot.waitUntil(lambda: "nothing writes it now" in wall.status.text(), timeout=30000)
    wall.close()
