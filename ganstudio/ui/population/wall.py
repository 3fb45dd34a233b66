"""The population wall: every member of a population as a live tile, side by side.

What it is for (the help panel says it to the user): one GAN recipe behaves differently from seed
to seed, and sixteen seeds at once show how often it collapses, how far the lucky and unlucky
runs drift apart, and what a changed learning rate does across all of them; a lone run only
tells one story.

The wall trains a sweep folder (engine/population/sweep.py) through ``PopulationController`` and
shows its frames (ganstudio/population_worker.py), five a second. Tiles can be sorted (modes or
classes covered, KL, G's loss) and filtered (healthy, missing modes, collapsed, stopped); a click
selects a member and shows its full views (plots, samples over time, meter) in the main window,
which follows the member's run folder live. **Promote** continues the selected member as an
ordinary run in the main window, **Stop** ends it, and **Clone worst from best** copies the best
member's weights and optimizer state over the worst one's with its learning rates nudged
(population-based training, by hand).
"""

from __future__ import annotations

import random
import time
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox, QDockWidget, QHBoxLayout, QLabel, QMainWindow, QPushButton, QScrollArea, QTextBrowser,
    QVBoxLayout, QWidget,
)

from ganstudio.population_worker import PopulationController, WallFrame
from ganstudio.ui.population.tile import MemberTile, coverage, divergence, verdict
from ganstudio.ui.widgets.flow_layout import FlowLayout
from ganstudio.ui.widgets.screen_fit import resize_within_screen
from ganstudio.ui.widgets.tooltip_text import tip

RESORT_S = 2.0  # a sorted wall re-orders at most this often, so tiles do not jump about
NUDGE = (0.8, 1.25)  # Clone worst from best: each learning rate times one of these


def _add(box: QComboBox, text: str, key: str) -> None:
    """An item whose data (what the code reads) is not a word the user sees."""
    box.addItem(text)
    box.setItemData(box.count() - 1, key)


class PopulationWall(QMainWindow):
    def __init__(self, folder: Path, steps: int | None = None, main_window=None, parent=None,
                 follow: bool = False):
        """``follow``: another program trains this sweep; show its folders as they land
        (ui/population/follow.py) and leave training alone."""
        super().__init__(parent)
        self.folder = Path(folder)
        self.main_window = main_window
        self.following = follow
        self.setWindowTitle(self.tr("Population — {0}").format(self.folder.name))
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, False)
        self.tiles: dict[str, MemberTile] = {}
        self.order: list[str] = []
        self.frame: WallFrame | None = None
        self.selected: str | None = None
        self.ended = False
        self.failure = ""
        self._sorted_t = 0.0
        self._shown_folder: Path | None = None

        top = QWidget()
        bar = QHBoxLayout()
        bar.setContentsMargins(6, 6, 6, 0)
        self.pause_button = QPushButton(self.tr("Pause"))
        self.pause_button.setCheckable(True)
        self.pause_button.setToolTip(tip(self.tr("Pause or resume every member")))
        self.pause_button.toggled.connect(self._pause)
        self.sort_box = QComboBox()
        _add(self.sort_box, self.tr("Sort: member"), "member")
        _add(self.sort_box, self.tr("Sort: modes covered"), "covered")
        _add(self.sort_box, self.tr("Sort: KL (lowest first)"), "kl")
        _add(self.sort_box, self.tr("Sort: G loss"), "loss")
        self.sort_box.currentIndexChanged.connect(self._resort)
        self.filter_box = QComboBox()
        _add(self.filter_box, self.tr("Show: all"), "all")
        _add(self.filter_box, self.tr("Show: every mode covered"), "healthy")
        _add(self.filter_box, self.tr("Show: missing modes"), "partial")
        _add(self.filter_box, self.tr("Show: collapsed"), "collapse")
        _add(self.filter_box, self.tr("Show: stopped"), "stopped")
        self.filter_box.currentIndexChanged.connect(self._resort)
        self.clone_button = QPushButton(self.tr("Clone worst from best"))
        self.clone_button.setToolTip(tip(self.tr(
            "Copy the best member (most modes covered, then lowest KL) over the worst one, weights and "
            "optimizer state, and nudge the copy's learning rates by ×0.8 or ×1.25: population-based "
            "training by hand")))
        self.clone_button.clicked.connect(self.clone_worst_from_best)
        self.stop_button = QPushButton(self.tr("Stop"))
        self.stop_button.setToolTip(tip(self.tr("Stop the selected member; its run folder keeps a last checkpoint")))
        self.stop_button.clicked.connect(self.stop_selected)
        self.promote_button = QPushButton(self.tr("Promote"))
        self.promote_button.setToolTip(tip(self.tr(
            "Continue the selected member as an ordinary run in the main window (it stops here)")))
        self.promote_button.clicked.connect(self.promote_selected)
        self.help_button = QPushButton(self.tr("What is this for?"))
        self.help_button.setCheckable(True)
        for w in (self.pause_button, self.sort_box, self.filter_box, self.clone_button, self.stop_button,
                  self.promote_button, self.help_button):
            bar.addWidget(w)
        bar.addStretch(1)
        self.status = QLabel(self.tr("starting the population…"))
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        column = QVBoxLayout(top)
        column.setContentsMargins(0, 0, 0, 0)
        column.addLayout(bar)
        status_row = QHBoxLayout()
        status_row.setContentsMargins(8, 0, 8, 0)
        status_row.addWidget(self.status, 1)
        column.addLayout(status_row)
        self.container = QWidget()
        self.flow = FlowLayout(parent=self.container, spacing=8)
        self.container.setLayout(self.flow)
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setWidget(self.container)
        self.scroll.verticalScrollBar().valueChanged.connect(self._repaint_visible)
        column.addWidget(self.scroll, 1)
        self.setCentralWidget(top)

        self.help = QDockWidget(self.tr("About the population wall"), self)
        self.help.setObjectName("population-help")
        browser = QTextBrowser()
        browser.setOpenExternalLinks(False)
        browser.setHtml(self.help_text())
        self.help.setWidget(browser)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.help)
        self.help.hide()
        self.help_button.toggled.connect(self.help.setVisible)
        self.help.visibilityChanged.connect(self.help_button.setChecked)
        self._update_buttons()
        resize_within_screen(self, 1200, 820)

        self.controller = self.follower = None
        if follow:
            from ganstudio.ui.population.follow import SweepFollower

            self.follower = SweepFollower(self.folder, self)
            self.follower.frame.connect(self.show_frame)
            for button in (self.pause_button, self.clone_button, self.stop_button, self.promote_button):
                button.setToolTip(tip(self.tr("Following: another program trains this population")))
            self.follower.start()
        else:
            self.controller = PopulationController(self.folder, steps, self)
            self.controller.worker.frame.connect(self.show_frame)
            self.controller.worker.promoted.connect(self._promoted)
            self.controller.worker.failed.connect(self._failed)
            self.controller.worker.finished.connect(self._finished)
            self.controller.start()

    def help_text(self) -> str:
        return self.tr(
            "<h3>Many GANs at once</h3>"
            "<p>Each tile is one GAN of the same recipe: its own seed (and the settings you varied), "
            "trained side by side with the others in one batched step. The picture is what its G draws "
            "from fixed noise; the line under it is G's loss; the text says how many modes (or digit "
            "classes) it covers and its KL.</p>"
            "<p><b>What it is for.</b> <i>Seed variance</i>: the same recipe can cover every mode on one "
            "seed and collapse on the next, so one run proves little. <i>Collapse odds</i>: count the red "
            "borders, that is how often this recipe collapses. <i>Tuning</i>: vary a learning rate "
            "(File ▸ New population…) and compare whole columns of seeds, not two lucky runs.</p>"
            "<p><b>Border colours</b>: green, every mode covered; amber, some missing; red, the collapse "
            "alarm is up; grey, stopped.</p>"
            "<p><b>Acting on members.</b> Click a tile to see that member's plots in the main window. "
            "<i>Stop</i> ends it. <i>Promote</i> continues it as an ordinary run in the main window. "
            "<i>Clone worst from best</i> copies the best member over the worst and nudges the copy's "
            "learning rates, as population-based training does automatically.</p>"
            "<p>Every member is an ordinary run folder under {0}: open it, compare it or sample it "
            "later like any run.</p>").format(str(self.folder / "members"))

    # ------------------------------------------------------------ frames

    def show_frame(self, frame: WallFrame) -> None:
        self.frame = frame
        if not self.tiles:
            for view in frame.members:
                tile = MemberTile(view.name)
                tile.set_data(frame.real, frame.bounds)
                tile.clicked.connect(self.select)
                tile.opened.connect(self.show_member)
                self.tiles[view.name] = tile
            self.order = [v.name for v in frame.members]
            self._place()
        for view in frame.members:
            self.tiles[view.name].show_view(view)
        if self.sort_box.currentData() != "member" and time.monotonic() - self._sorted_t >= RESORT_S:
            self._resort()
        elif self.filter_box.currentData() != "all":
            self._apply_filter()
        self._update_status()
        self._update_buttons()
        if frame.message:
            self.status.setToolTip(tip(frame.message))

    def _update_status(self) -> None:
        f = self.frame
        if f is None:
            return
        views = f.members
        training = sum(v.status == "training" for v in views)
        collapsed = sum(verdict(v) == "collapse" for v in views)
        if self.following:
            state = self.tr("following") if f.running else self.tr("following (nothing writes it now)")
        else:
            state = self.tr("paused") if self.pause_button.isChecked() else (
                self.tr("finished") if self.ended else self.tr("training"))
        rate = f.steps_per_s if training and (f.running or self.following) else 0.0
        text = self.tr("{0} · step {1}/{2} · {3} steps/s ({4} member-steps/s) · {5} members, {6} training, "
                       "{7} collapsed").format(state, f.step, f.steps, f"{rate:.0f}",
                                               f"{rate * training:.0f}", len(views), training, collapsed)
        if f.message:
            text += " · " + f.message
        if self.failure:
            text = self.failure
        self.status.setText(text)

    def _place(self) -> None:
        while self.flow.count():
            self.flow.takeAt(0)
        for name in self.order:
            self.flow.addWidget(self.tiles[name])
        self._apply_filter()
        self.container.updateGeometry()
        self.flow.invalidate()

    def _key(self, name: str):
        view = self.tiles[name].view
        how = self.sort_box.currentData()
        index = self.frame_names().index(name)
        if view is None or how == "member":
            return (index,)
        if how == "covered":
            covered, _ = coverage(view.reading)
            return (-(covered if covered is not None else -1), divergence(view.reading), index)
        if how == "kl":
            return (divergence(view.reading), index)
        loss = view.losses[1] if view.losses else float("inf")
        return (loss if loss == loss else float("inf"), index)

    def frame_names(self) -> list[str]:
        return [v.name for v in self.frame.members] if self.frame else list(self.tiles)

    def _resort(self) -> None:
        if not self.tiles:
            return
        self._sorted_t = time.monotonic()
        order = sorted(self.tiles, key=self._key)
        if order != self.order:
            self.order = order
            self._place()
        else:
            self._apply_filter()

    def _apply_filter(self) -> None:
        want = self.filter_box.currentData()
        for name, tile in self.tiles.items():
            shown = want == "all" or (tile.view is not None and verdict(tile.view) == want)
            if shown != tile.isVisibleTo(self.container):
                tile.setVisible(shown)

    def _repaint_visible(self) -> None:
        for tile in self.tiles.values():
            if tile.isVisible() and not tile.visibleRegion().isEmpty():
                tile.update()

    # ------------------------------------------------------------ acting on members

    def select(self, name: str) -> None:
        self.selected = name
        for other, tile in self.tiles.items():
            tile.set_selected(other == name)
        self._update_buttons()
        self.show_member(name)

    def show_member(self, name: str) -> None:
        """The member's full views in the main window, which follows its run folder."""
        if self.main_window is None:
            return
        folder = self.folder / "members" / name
        if folder.exists() and folder != self._shown_folder:
            self._shown_folder = folder
            self.main_window.runs.open(folder)

    def _view(self, name: str | None):
        tile = self.tiles.get(name) if name else None
        return tile.view if tile is not None else None

    def _update_buttons(self) -> None:
        view = self._view(self.selected)
        live = not self.ended and self.frame is not None and not self.following
        acting = live and view is not None and view.status == "training"
        self.stop_button.setEnabled(acting)
        self.promote_button.setEnabled(acting)
        self.clone_button.setEnabled(live and len(self._ranked()) >= 2)
        self.pause_button.setEnabled(live)

    def _pause(self, on: bool) -> None:
        self.pause_button.setText(self.tr("Resume") if on else self.tr("Pause"))
        (self.controller.pause if on else self.controller.resume)()
        self._update_status()

    def stop_selected(self) -> None:
        if self.selected:
            self.controller.stop_member(self.selected)

    def promote_selected(self) -> None:
        if not self.selected:
            return
        from ganstudio.ui.runs.run_actions import runs_dir

        folder = runs_dir() / f"{time.strftime('%Y%m%d-%H%M%S')}-{self.selected}"[:90]
        self.controller.promote(self.selected, folder)
        self.status.setText(self.tr("promoting {0}…").format(self.selected))

    def _ranked(self) -> list[str]:
        """Members still training that have a reading, best first."""
        names = [n for n, t in self.tiles.items()
                 if t.view is not None and t.view.status == "training" and coverage(t.view.reading)[0] is not None]
        return sorted(names, key=lambda n: (-coverage(self.tiles[n].view.reading)[0],
                                            divergence(self.tiles[n].view.reading)))

    def clone_worst_from_best(self) -> tuple[str, str, dict] | None:
        ranked = self._ranked()
        if len(ranked) < 2:
            self.status.setText(self.tr("Clone needs two training members with a meter reading"))
            return None
        best, worst = ranked[0], ranked[-1]
        chooser = random.Random(self.frame.step if self.frame else 0)
        changes = {}
        for key in ("opt_g.lr", "opt_d.lr"):
            current = self._setting(best, key)
            if current is not None:
                changes[key] = min(1.0, current * chooser.choice(NUDGE))
        self.controller.clone_member(best, worst, changes)
        self.status.setText(self.tr("{0} becomes a copy of {1}, learning rates {2}").format(
            worst, best, ", ".join(f"{k} {v:.3g}" for k, v in changes.items())))
        return best, worst, changes

    def _setting(self, name: str, key: str):
        view = self._view(name)
        return view.settings.get(key) if view is not None else None

    def _promoted(self, name: str, folder: str) -> None:
        self.status.setText(self.tr("{0} continues as {1} in the main window").format(name, Path(folder).name))
        w = self.main_window
        if w is None:
            return
        w.runs.open(folder)
        w.reset_applied.connect(w.toggle_running, type=Qt.ConnectionType.SingleShotConnection)
        w.raise_()
        w.activateWindow()

    def _failed(self, message: str) -> None:
        self.failure = self.tr("The population stopped: {0}").format(message)
        self.status.setText(self.failure)

    def _finished(self) -> None:
        self.ended = True
        self._update_status()
        self._update_buttons()

    # ------------------------------------------------------------ closing

    def shutdown(self) -> bool:
        """Stop the sweep (every member's checkpoint saved) and join its thread."""
        if self.follower is not None:
            self.follower.stop()
            return True
        return self.controller.shutdown()

    def closeEvent(self, event) -> None:
        self.shutdown()
        super().closeEvent(event)
