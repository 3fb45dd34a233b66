"""No widget drawn over another, none cut off, no text that does not fit: every dock, explorer tab
and dialog of the window, at 1280 × 720, 1366 × 768 and 1920 × 1080, normal and presentation mode,
in English and 简体中文 (issue 19; the checks are tests/layout_check.py's).

The window is sized to each screen; where the views become tabs, each tab is checked
(tests/test_screen_fit.py checks that the window fits the screen). Each view is checked with data in it: a 2-D run and
an MNIST run trained a little, with two settings changed at one step so their markers share it.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSize
from PySide6.QtWidgets import QInputDialog, QMessageBox

from ganstudio.engine.train.presets import preset
from ganstudio.ui.settings import i18n
from ganstudio.ui.window.main_window import MainWindow
from ganstudio.ui.runs.run_picker import RunPicker

from layout_check import layout_problems
from test_run_compare import make_run
from thread_waits import TRAINING_MS, run_steps

SCREENS = (QSize(1280, 720), QSize(1366, 768), QSize(1920, 1080))


@pytest.fixture(params=["en", "zh_CN"])
def language(request, qapp):
    i18n.install_translator(qapp, request.param)
    yield request.param
    i18n.remove_translators(qapp)


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    base = tmp_path_factory.mktemp("layout-runs")
    return [make_run(base / "a", 60, sample_every=20), make_run(base / "b", 40, sample_every=20, seed=1)]


def _trained_window(qtbot, name: str, presentation: bool) -> MainWindow:
    cfg = preset(name)
    cfg.batch_size, cfg.sample_every = 64, 10
    win = MainWindow(cfg)
    qtbot.addWidget(win)
    win.set_presentation(presentation)
    with qtbot.waitSignal(win.reset_applied, timeout=30000):
        win.show()
    run_steps(qtbot, win, 30)
    win.controls.opt_d.lr.setValue(5e-3)  # two changes at step 30: one marker, one label
    qtbot.waitUntil(lambda: len(win.plots._markers) == 3, timeout=10000)
    win.controls.loss.setCurrentText("hinge")
    qtbot.waitUntil(lambda: len(win.plots._markers) == 6, timeout=10000)
    return win


def _settle(qtbot, win) -> None:
    qtbot.wait(150)
    win.redraw()
    qtbot.wait(100)


def _views(qtbot, win):
    """(name, widget to check) for each thing a user can put on screen."""
    _settle(qtbot, win)
    yield "the window", win
    tabs = win.column.tab_bar  # where the views do not fit side by side: each tab in turn
    for i in range(1, tabs.count()):
        tabs.setCurrentIndex(i)
        _settle(qtbot, win)
        yield f"the window's {tabs.tabText(i)!r} tab", win
    tabs.setCurrentIndex(0)
    win.help_action.trigger()
    _settle(qtbot, win)
    yield "the window with the help panel", win
    win.help_action.trigger()
    win.settings_dock.toggleViewAction().trigger()
    _settle(qtbot, win)
    yield "the window without the settings", win
    win.settings_dock.toggleViewAction().trigger()
    win.explorer_action.setChecked(True)
    qtbot.waitUntil(lambda: win.explorer.copy is not None, timeout=TRAINING_MS)
    for i in range(win.explorer.tabs.count()):
        if win.explorer.tabs.isTabVisible(i):
            win.explorer.tabs.setCurrentIndex(i)
            _settle(qtbot, win)
            yield f"the latent explorer's {win.explorer.tabs.tabText(i)!r} tab", win
    win.explorer_action.setChecked(False)


def _dialogs(qtbot, win, runs):
    """(name, dialog) for the window's dialogs, opened without waiting for an answer."""
    shortcuts = win.show_shortcuts()
    yield "Keyboard shortcuts", shortcuts
    shortcuts.close()
    for folder in runs:
        win.runs.open(folder)  # they become recent runs, as the picker lists them
        qtbot.waitUntil(lambda: win.runs.folder == folder, timeout=TRAINING_MS)
    picker = RunPicker(runs[0].parent, minimum=2, parent=win)
    picker.show()
    yield "Compare runs", picker
    picker.close()
    compare = win.runs.compare(runs)
    qtbot.addWidget(compare)
    yield "the run comparison", compare
    compare.close()
    autosave = QInputDialog(win)
    autosave.setWindowTitle(win.runs.tr("Autosave"))
    autosave.setLabelText(win.runs.tr(
        "Write a checkpoint of the run every this many seconds (a crash loses at most this much):"))
    autosave.setIntRange(5, 3600)
    autosave.show()
    yield "Autosave interval", autosave
    autosave.close()
    question = QMessageBox(QMessageBox.Icon.Question, win.tr("Reset training?"), win.tr(
        "Resetting builds new networks from the current settings and discards the "
        "{0} steps trained so far. Reset now?").format(win.step),
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, win)
    question.show()
    yield "Reset training?", question
    question.close()


@pytest.mark.parametrize("presentation", [False, True], ids=["normal", "presentation"])
@pytest.mark.parametrize("name", ["ring8", "mnist-mlp"])
def test_nothing_overlaps_or_is_cut_off(qtbot, tmp_path, monkeypatch, runs, language, name, presentation):
    monkeypatch.setenv("GANSTUDIO_HOME", str(tmp_path / "home"))
    win = _trained_window(qtbot, name, presentation)
    problems = []
    for screen in SCREENS:
        win.resize(screen)
        for view, widget in _views(qtbot, win):
            problems += [f"{screen.width()}×{screen.height()}, {view}: {p}" for p in layout_problems(widget)]
    for dialog_name, dialog in _dialogs(qtbot, win, runs):
        qtbot.waitExposed(dialog)
        _settle(qtbot, win)
        problems += [f"dialog {dialog_name}: {p}" for p in layout_problems(dialog)]
        size = dialog.frameGeometry().size()
        if size.width() > SCREENS[0].width() or size.height() > SCREENS[0].height():
            problems.append(f"dialog {dialog_name} is {size.width()}×{size.height()}, larger than 1280×720")
    assert not problems, "\n".join(problems)
