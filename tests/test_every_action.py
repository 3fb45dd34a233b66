"""Every menu item and every key of the window, triggered as a teacher would (issue 19).

The walk collects every QAction of the menu bar (submenus included, "Open recent" filled as it is
when it opens) and every key the window lists under Help ▸ Keyboard shortcuts, and triggers each
in several states: a fresh 2-D run, one that is training, one paused with a run folder, and an
MNIST run paused with the latent explorer open. Dialogs are answered as a user would
(dialogs.py). A trigger fails the test when it raises (pytest-qt records exceptions in slots),
when nothing observable follows (no dialog, no change of state, no file, no message), when a
dialog is larger than a 1280 × 720 screen, or when Qt logs a warning.

README.md's feature list is checked against the same walk: every menu path it names (File ▸
Compare runs…) and every key it names must be among the actions walked.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PySide6.QtCore import QSize
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QDockWidget

from ganstudio.engine.train.presets import preset
from ganstudio.ui.window.main_window import MainWindow

from dialogs import Answerer, top_levels, too_large
from test_run_compare import make_run
from thread_waits import TRAINING_MS, run_steps

ROOT = Path(__file__).resolve().parents[1]
SCREEN = QSize(1280, 720)
EFFECT_MS = 8000  # an action's effect may be the worker's answer (a reset, an export)
# The offscreen platform's own limits: no window hints, no file manager to open a folder in (the
# window then says where the folder is).
BENIGN_QT_MESSAGES = ("This plugin does not support propagateSizeHints()",
                      "This plugin does not support QPlatformServices::openDocument()")


def menu_actions(win, reachable_only: bool = False) -> list[tuple[str, QAction]]:
    """(path, action) for every item of the menu bar, "File ▸ Export ▸ Timelapse as GIF…";
    ``reachable_only``: those a user can click now (the item and every menu above it enabled)."""
    found = []

    def walk(menu, path, enabled):
        menu.aboutToShow.emit()  # menus filled as they open (Open recent)
        for action in menu.actions():
            if action.isSeparator():
                continue
            name = [*path, action.text().replace("&", "")]
            if action.menu() is not None:
                walk(action.menu(), name, enabled and action.isEnabled())
            elif enabled and action.isEnabled() or not reachable_only:
                found.append((" ▸ ".join(name), action))

    for top in win.menuBar().actions():
        walk(top.menu(), [top.text().replace("&", "")], top.isEnabled())
    return found


def walk_order(actions):
    """Checked members of exclusive groups last: triggering the current theme changes nothing."""
    return sorted(actions, key=lambda item: bool(item[1].actionGroup() and item[1].isChecked()))


class Walk:
    def __init__(self, qtbot, tmp_path, home: Path):
        self.qtbot = qtbot
        self.out = tmp_path / "exports"
        self.home = home
        self.answerer = Answerer(self.out, open_folder=self._a_run_folder, input_value=45)
        self.resets = 0
        self.triggered: list[str] = []
        self.training = False  # the step moves on its own: not an effect

    def _a_run_folder(self):
        runs = sorted(p for p in (self.home / "runs").glob("*") if (p / "checkpoint.pt").exists())
        return runs[0] if runs else None

    def open(self, cfg) -> MainWindow:
        win = MainWindow(cfg)
        win.confirm_branch = lambda step: True  # the reset question is answered by the Answerer
        self.qtbot.addWidget(win)
        win.reset_applied.connect(self._count_reset)
        with self.qtbot.waitSignal(win.reset_applied, timeout=30000):
            win.show()
        win.activateWindow()
        return win

    def _count_reset(self):
        self.resets += 1

    def observable(self, win) -> tuple:
        """What a user can see changing; not the step counter or the rate, which move on their own."""
        docks = tuple((d.objectName(), d.isVisible()) for d in win.findChildren(QDockWidget))
        files = tuple(sorted(str(p) for p in self.out.rglob("*"))) if self.out.exists() else ()
        runs = tuple(sorted(p.name for p in (self.home / "runs").glob("*"))) if (self.home / "runs").exists() else ()
        windows = tuple(sorted(type(w).__name__ for w in top_levels()))
        return (len(self.answerer.seen), self.resets, win.state, None if self.training else win.step,
                win.isVisible(), win.isFullScreen(),
                win.presentation, win.theme, docks, win.statusBar().currentMessage(), win.banner.isVisible(),
                win.banner.text(), win.alarm.isVisible(), files, runs, windows)

    def trigger(self, win, name: str, fire) -> None:
        win.statusBar().clearMessage()
        before = self.observable(win)
        fire()
        try:
            self.qtbot.waitUntil(lambda: self.observable(win) != before, timeout=EFFECT_MS)
        except Exception:
            raise AssertionError(f"{name}: no observable effect (no dialog, state, file or message)") from None
        self.triggered.append(name)
        self.qtbot.wait(50)


@pytest.fixture
def walk(qtbot, tmp_path, monkeypatch):
    """A Walk whose answerer stops with the test (a leftover one would answer the next test's dialogs)."""
    home = tmp_path / "home"
    monkeypatch.setenv("GANSTUDIO_HOME", str(home))
    walk = Walk(qtbot, tmp_path, home)
    yield walk
    walk.answerer.stop()


def _ensure(walk: Walk, win, state: str) -> None:
    """Put the window back in the state under test before each trigger."""
    qtbot = walk.qtbot
    for w in top_levels():
        if w is not win and type(w).__name__ in ("ShortcutsDialog", "CompareWindow"):
            w.close()
    if win.isFullScreen():
        win.showNormal()
    if QApplication.activeWindow() is not win:  # as a user clicks on it after a dialog closed
        win.activateWindow()
        qtbot.waitUntil(lambda: QApplication.activeWindow() is win, timeout=5000)
    if state == "training" and win.state != "running":
        win.run_bar.start.click()
        qtbot.waitUntil(lambda: win.state == "running", timeout=TRAINING_MS)
    elif state != "training" and win.state == "running":
        win.run_bar.start.click()
        qtbot.waitUntil(lambda: win.state != "running", timeout=TRAINING_MS)


STATES = {
    "fresh 2-D": ("ring8", 0, False),
    "training": ("ring8", 40, False),
    "paused 2-D": ("ring8", 40, False),
    "paused MNIST, explorer open": ("mnist-mlp", 20, True),
}


@pytest.mark.parametrize("state", list(STATES))
def test_every_action_and_key_does_something_in_every_state(qtbot, qtlog, walk, state):
    for i, steps in enumerate((60, 30)):  # runs to open, compare and branch from
        make_run(walk.home / "runs" / f"2026010{i}-000000-ring8", steps, checkpoints=(20,))
    name, steps, explorer = STATES[state]
    cfg = preset(name)
    cfg.batch_size = 64
    win = walk.open(cfg)
    if steps:
        run_steps(qtbot, win, steps)
    if explorer:
        win.explorer_action.setChecked(True)
        qtbot.waitUntil(lambda: win.explorer.copy is not None, timeout=TRAINING_MS)
    mode = "training" if state == "training" else "idle"
    walk.training = mode == "training"

    actions = [(n, a) for n, a in walk_order(menu_actions(win, reachable_only=True)) if not n.endswith("Quit")]
    assert len(actions) >= (12 if state == "fresh 2-D" else 20)
    for name, action in actions:
        for _ in range(2 if action.isCheckable() and not action.actionGroup() else 1):  # on, then off
            _ensure(walk, win, mode)
            if action.isEnabled():
                walk.trigger(win, name, action.trigger)
    reachable = {id(a) for _, a in menu_actions(win, reachable_only=True)}
    by_key = {a.shortcut().toString(): a for _, a in menu_actions(win) if not a.shortcut().isEmpty()}
    for key, _ in win.shortcut_list():
        text = key.toString()
        if text.endswith("Q") or (text in by_key and id(by_key[text]) not in reachable):
            continue  # Quit comes last; a key whose menu item is greyed out does nothing, rightly
        _ensure(walk, win, mode)
        combo = key[0]
        walk.trigger(win, f"key {text}", lambda c=combo: qtbot.keyClick(win, c.key(), c.keyboardModifiers()))

    assert not too_large(walk.answerer.seen, SCREEN)
    windows = [w for w in top_levels() if w is not win]
    assert not [f"{type(w).__name__} {w.width()}×{w.height()}" for w in windows
                if w.width() > SCREEN.width() or w.height() > SCREEN.height()]
    quit_action = next(a for n, a in menu_actions(win) if n.endswith("Quit"))
    _ensure(walk, win, "idle")
    quit_action.trigger()
    qtbot.waitUntil(lambda: not win.isVisible(), timeout=10000)
    assert not win.controller.thread.isRunning()
    warnings = [r.message for r in qtlog.records
                if r.matches_level("WARNING") and not r.message.startswith(BENIGN_QT_MESSAGES)]
    assert not warnings


def test_export_dialogs_open_in_the_run_folder(qtbot, walk):
    """Export ▸ Timelapse as GIF… used to open in the folder the program was started from."""
    cfg = preset("ring8")
    cfg.batch_size, cfg.sample_every = 64, 10
    win = walk.open(cfg)
    run_steps(qtbot, win, 30)
    for path, action in menu_actions(win, reachable_only=True):
        if "Export" in path:
            walk.trigger(win, path, action.trigger)
    folders = {s.directory for s in walk.answerer.seen}
    assert folders == {str(win.runs.folder)}, folders
    assert (walk.out / "timelapse.gif").exists() or any(walk.out.glob("*.gif"))


# ------------------------------------------------------------------ the README's feature list

MENU_PATH = re.compile(r"(?:File|View|Help|Options)(?:\s*▸\s*[^,;:()▸]+)+")
KEY = re.compile(r"\((Space|Ctrl\+\w|F\d+|[A-Z])\)")


def _names(path: str, walked: str) -> bool:
    """The README's text names this walked item: one is the other, or begins it at a word's end
    ("File ▸ Show run folder opens it", "File ▸ Export" for its submenu)."""
    short, long = sorted((path, walked), key=len)
    return long == short or (long.startswith(short) and not long[len(short)].isalnum())


def test_every_menu_path_and_key_the_readme_names_is_walked(qtbot, walk):
    win = walk.open(preset("ring8"))
    walked = [name.replace("…", "").strip() for name, _ in menu_actions(win)]
    keys = {key.toString() for key, _ in win.shortcut_list()}
    readme = " ".join((ROOT / "README.md").read_text().replace("**", "").split())
    named = {re.sub(r"\s*▸\s*", " ▸ ", m.group(0)).replace("…", "").strip(" .") for m in MENU_PATH.finditer(readme)}
    assert len(named) >= 10
    missing = sorted(path for path in named if not any(_names(path, w) for w in walked))
    assert not missing, f"README names menu items the window does not have: {missing}"
    named_keys = set(KEY.findall(readme))
    assert {"Space", "S", "R", "F1", "F5", "F11", "Ctrl+O"} <= named_keys
    assert not sorted(named_keys - keys), f"README names keys the window does not list: {named_keys - keys}"
