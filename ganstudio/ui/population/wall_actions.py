"""File ▸ New population… and File ▸ Open population…: the main window's doors to the wall.

A new population is a sweep folder under ``<runs>/populations`` (the dialog's preset, seeds and
varied settings), trained by a ``PopulationWall`` window; opening one continues a sweep folder
(``ganstudio sweep --out DIR`` writes the same) where it stopped. The walls close with the window.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QFileDialog

from ganstudio.ui.widgets.tooltip_text import tip


class PopulationActions(QObject):
    def __init__(self, window, runs):
        super().__init__(window)
        self.window = window
        self.walls: list = []
        menu = runs.menu
        before = runs.compare_action
        anchor = menu.actions()[menu.actions().index(before) + 1] if before in menu.actions() else None
        self.new_action = self._action(menu, anchor, self.tr("New &population…"), self.ask_new)
        self.new_action.setToolTip(tip(self.tr("Train many seeds (and settings) of one recipe at once, side by side")))
        self.open_action = self._action(menu, anchor, self.tr("Open po&pulation…"), self.ask_open)
        self.open_action.setToolTip(tip(self.tr("Continue a population (a sweep folder) where it stopped")))

    @staticmethod
    def _action(menu, anchor, text, slot):
        from PySide6.QtGui import QAction

        action = QAction(text, menu)
        action.triggered.connect(slot)
        menu.insertAction(anchor, action) if anchor is not None else menu.addAction(action)
        return action

    def populations_dir(self) -> Path:
        from ganstudio.ui.runs.run_actions import runs_dir

        return runs_dir() / "populations"

    def ask_new(self) -> None:
        from ganstudio.ui.population.new_population import NewPopulationDialog

        dialog = NewPopulationDialog(self.window.controls.preset_name(), self.window)
        if dialog.exec() and dialog.result_spec is not None:
            self.new_population(*dialog.result_spec)

    def new_population(self, base, preset_name: str, seeds, varies, steps: int):
        """A sweep folder for these members and a wall training it; returns the wall."""
        from ganstudio.engine.population.sweep import SweepError
        from ganstudio.ui.population.new_population import create_sweep

        try:
            folder = create_sweep(base, preset_name, seeds, varies, steps, self.populations_dir())
        except (SweepError, OSError) as exc:
            self.window.session.show_problem(self.tr("Cannot start the population: {0}").format(exc))
            return None
        return self.open_wall(folder)

    def ask_open(self) -> None:
        start = self.populations_dir()
        folder = QFileDialog.getExistingDirectory(self.window, self.tr("Open a population (sweep folder)"),
                                                  str(start if start.exists() else start.parent))
        if folder:
            self.open_population(Path(folder))

    def open_population(self, folder: Path):
        """A sweep folder: followed while another program trains it (ganstudio sweep, on Ray or
        not), else continued here."""
        from ganstudio.engine.population.sweep import Sweep, SweepError
        from ganstudio.ui.population.follow import sweep_is_live

        try:
            Sweep.open(folder)
        except SweepError as exc:
            self.window.session.show_problem(self.tr("Cannot open the population: {0}").format(exc))
            return None
        return self.open_wall(folder, follow=sweep_is_live(folder))

    def open_wall(self, folder: Path, steps: int | None = None, follow: bool = False):
        from ganstudio.ui.population.wall import PopulationWall

        wall = PopulationWall(folder, steps, main_window=self.window, follow=follow)
        self.walls = [w for w in self.walls if w.isVisible()] + [wall]
        wall.show()
        note = (self.tr("Following the population in {0}: another program trains it") if follow
                else self.tr("Population training in {0}"))
        self.window.session.show_note(note.format(folder), 8000)
        return wall

    def shutdown(self) -> None:
        """The main window closes: every wall saves its members and stops."""
        for wall in self.walls:
            wall.close()
