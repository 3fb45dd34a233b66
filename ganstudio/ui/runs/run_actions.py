"""The File menu and the timeline: run folders from the window's side.

Every training session is written to a run folder under ``runs_dir()`` by the worker (engine/
recorder.py); this object tells the worker where, shows which folder in the status bar, and
offers what can be done with runs:

* Open run… / Open recent: the run's history, snapshots and settings come back; Start continues
  it from its last checkpoint. A run that cannot continue (no usable checkpoint, a bad config)
  still shows what could be read, and says why.
* A run that another program is writing right now (a headless ``ganstudio train``, maybe on a
  shared disk) is *followed*: its folder is polled every ``FOLLOW_INTERVAL_MS`` and new steps and
  snapshots appear as they land.
* The timeline under the samples scrubs through the saved snapshots and puts a cursor on the
  plots; "Branch from here…" starts a new run from the checkpoint at or before that step, with the
  settings now in the panel (the new run records its parent and step).
* Compare runs…, Export (grid PNG, timelapse GIF / MP4, metrics CSV, TensorBoard), Save now,
  Autosave interval, Show run folder.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QKeySequence
from PySide6.QtWidgets import QFileDialog, QInputDialog, QLabel, QMenu

from ganstudio.engine.train.config import LIVE_FIELDS, get_field
from ganstudio.engine.train.step_stats import STAT_FIELDS
from ganstudio.protocol import DEFAULT_AUTOSAVE_S, ResetInfo, RunInfo, Saved
from ganstudio.ui.settings import i18n
from ganstudio.ui.runs.run_exports import RunExports
from ganstudio.ui.window.session import Session
from ganstudio.ui.window.shortcut_list import ShortcutList
from ganstudio.ui.settings.user_files import data_dir
from ganstudio.ui.widgets.tooltip_text import tip

if TYPE_CHECKING:
    from ganstudio.ui.window.main_window import MainWindow

FOLLOW_INTERVAL_MS = 500
RECENT_KEY = "runs/recent"
AUTOSAVE_KEY = "runs/autosave_s"
MAX_RECENT = 8


def runs_dir() -> Path:
    """Where the window's run folders go: ``<data dir>/runs`` (GANSTUDIO_HOME or AppData)."""
    return data_dir() / "runs"


def autosave_s() -> int:
    value = i18n.settings().value(AUTOSAVE_KEY, DEFAULT_AUTOSAVE_S)
    try:
        return max(5, min(3600, int(value)))
    except (TypeError, ValueError):
        return DEFAULT_AUTOSAVE_S


def recent_runs() -> list[str]:
    value = i18n.settings().value(RECENT_KEY, [])
    if isinstance(value, str):  # QSettings gives a one-item list back as a string
        value = [value]
    return [str(v) for v in (value or [])]


def remember_run(folder: Path) -> None:
    runs = [str(folder)] + [r for r in recent_runs() if r != str(folder)]
    store = i18n.settings()
    store.setValue(RECENT_KEY, runs[:MAX_RECENT])
    store.sync()


def history_rows(metrics: dict, upto: float | None = None) -> dict:
    """Metric columns of a run folder as History rows (those with step ≤ ``upto``)."""
    import numpy as np  # not at import: the window paints before numpy and torch load

    step = metrics.get("step", np.empty(0))
    keep = slice(None) if upto is None else step <= upto
    return {name: np.asarray(metrics.get(name, np.full(len(step), np.nan)))[keep] for name in STAT_FIELDS}


class RunActions(QObject):
    """The File menu and the timeline. It reads the window's views (history, plots, timeline,
    samples) and draws on them; the run's numbers it changes through the Session."""

    writing_folder_changed = Signal(object)  # the run folder being written now (Path), or None

    def __init__(self, window: MainWindow, session: Session, keys: ShortcutList):
        super().__init__(window)
        self.window = window
        self.session = session
        self.folder: Path | None = None  # the run on screen: written here, opened, or followed
        self.writing = False
        self._worker_run: tuple[Path | None, bool] = (None, False)  # the worker's run folder, writing
        self.following = None  # the RunFolder followed live, or None
        self._opening = None  # the RunFolder read when Open was chosen, until the worker has loaded it
        self._snapshots: list[tuple[int, Path]] = []
        self._checkpoints: list[tuple[int, Path]] = []
        self._compare_windows = []
        self._keys = keys
        self.exports = RunExports(self, session)
        self._poll = QTimer(self)
        self._poll.setInterval(FOLLOW_INTERVAL_MS)
        self._poll.timeout.connect(self._follow_poll)
        self.status = QLabel()
        self.status.setContentsMargins(8, 0, 8, 0)
        window.statusBar().addWidget(self.status)
        self._build_menu()
        self._show_folder()

    # ------------------------------------------------------------ menu

    def _build_menu(self) -> None:
        w = self.window
        menu = QMenu(self.tr("&File"), w)
        bar = w.menuBar()
        first = bar.actions()[0] if bar.actions() else None
        bar.insertMenu(first, menu) if first is not None else bar.addMenu(menu)
        self.menu = menu
        self.open_action = menu.addAction(self.tr("&Open run…"), self.ask_open)
        self.open_action.setShortcut(QKeySequence.StandardKey.Open)
        self.open_action.setToolTip(tip(self.tr("Open a run folder: its plots, snapshots and settings come "
                                            "back, and Start continues it.")))
        self.recent_menu = menu.addMenu(self.tr("Open &recent"))
        self.recent_menu.aboutToShow.connect(self._fill_recent)
        self.compare_action = menu.addAction(self.tr("&Compare runs…"), self.ask_compare)
        menu.addSeparator()
        self.save_action = menu.addAction(self.tr("&Save checkpoint now"), self.save_now)
        self.save_action.setShortcut(QKeySequence.StandardKey.Save)
        self.autosave_action = menu.addAction(self.tr("&Autosave interval…"), self.ask_autosave)
        self.show_folder_action = menu.addAction(self.tr("Show run &folder"), self.show_folder)
        export = menu.addMenu(self.tr("&Export"))
        self.export_menu = export
        ex = self.exports
        self.export_png_action = export.addAction(self.tr("Sample grid as &PNG…"), ex.ask_png)
        self.export_gif_action = export.addAction(self.tr("Timelapse as &GIF…"), lambda: ex.ask_timelapse("gif"))
        self.export_mp4_action = export.addAction(self.tr("Timelapse as &MP4…"), lambda: ex.ask_timelapse("mp4"))
        self.export_csv_action = export.addAction(self.tr("Metrics as &CSV…"), ex.ask_csv)
        self.export_tb_action = export.addAction(self.tr("&TensorBoard files…"), ex.ask_tensorboard)
        menu.addSeparator()
        quit_action = menu.addAction(self.tr("&Quit"), w.close)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        self._keys.add(QKeySequence.StandardKey.Open, self.tr("Open a run folder"))
        self._keys.add(QKeySequence.StandardKey.Save, self.tr("Save a checkpoint of this run now"))
        self._update_actions()

    def _update_actions(self) -> None:
        has_run = self.folder is not None
        for action in (self.show_folder_action, self.export_menu.menuAction()):
            action.setEnabled(has_run)
        self.save_action.setEnabled(self.writing)

    # ------------------------------------------------------------ the worker's side

    def connect_worker(self, controller) -> None:
        worker = controller.worker
        worker.run_changed.connect(self._on_run_changed)
        worker.saved.connect(self._on_saved)
        worker.open_failed.connect(self._on_open_failed)
        controller.set_recording(runs_dir(), autosave_s())

    def _on_run_changed(self, info: RunInfo) -> None:
        folder = Path(info.folder) if info.folder else None
        self._worker_run = (folder, info.writing)
        self.writing_folder_changed.emit(folder if info.writing else None)
        if self.following is not None:  # the followed run stays on screen
            return
        self._show_worker_run()

    def _show_worker_run(self, force: bool = False) -> None:
        folder, writing = self._worker_run
        if force or folder != self.folder:
            self._snapshots, self._checkpoints = [], []
            if folder is not None and folder.exists():
                self._load_lists(folder)
            self._update_timeline()
        self.folder = folder
        self.writing = writing
        if folder is not None and self.writing:
            remember_run(folder)
        self._show_folder()

    def _on_saved(self, saved: Saved) -> None:
        """A snapshot or checkpoint landed: list the folders again (a listdir, never the metrics —
        this runs in the GUI thread while training goes on). Thinning may have removed older ones."""
        if self.folder is None or self.following is not None:
            return
        self._load_lists(self.folder, snapshots=saved.snapshot is not None)
        if saved.snapshot is not None:
            self.window.timeline.add_snapshots(self._snapshots)
        self.window.timeline.set_checkpoints(self._checkpoints)
        if saved.checkpoint is not None:
            self.status.setToolTip(tip(self.tr("Last checkpoint: step {0}").format(saved.checkpoint[0])))

    def _load_lists(self, folder: Path, snapshots: bool = True) -> None:
        """Snapshots and checkpoints of ``folder``: a listdir each, never the metrics (GUI thread).
        A torn history checkpoint is listed too; branching from it then says why it cannot."""
        from ganstudio.engine.runs.writer import CHECKPOINTS, SAMPLES, list_steps

        if snapshots:
            self._snapshots = list_steps(folder / SAMPLES, ".png")
        self._checkpoints = list_steps(folder / CHECKPOINTS, ".pt")

    def _update_timeline(self) -> None:
        timeline = self.window.timeline
        timeline.set_snapshots(self._snapshots)
        timeline.set_checkpoints(self._checkpoints)

    def _show_folder(self) -> None:
        if self.following is not None:
            text = self.tr("following {0} live").format(self.folder.name)
        elif self.folder is None:
            text = self.tr("runs are saved in {0}").format(runs_dir())
        else:
            text = self.tr("run {0}").format(self.folder.name)
        self.status.setText(text)
        self.status.setToolTip(tip(str(self.folder or runs_dir())))
        self._update_actions()

    # ------------------------------------------------------------ opening

    def ask_open(self) -> None:
        folder = QFileDialog.getExistingDirectory(self.window, self.tr("Open a run folder"), str(runs_dir()))
        if folder:
            self.open(folder)

    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        runs = recent_runs()
        for path in runs:
            self.recent_menu.addAction(Path(path).name, lambda p=path: self.open(p)).setToolTip(tip(path))
        if not runs:
            self.recent_menu.addAction(self.tr("(none yet)")).setEnabled(False)

    def open(self, folder) -> bool:
        """Open a run folder: follow it when another program is writing it, else load it to continue."""
        from ganstudio.engine.runs.reader import open_run
        from ganstudio.engine.runs.writer import RunError

        folder = Path(folder)
        w = self.window
        try:
            run = open_run(folder)
        except (RunError, OSError) as exc:
            self.session.show_problem(self.tr("Cannot open {0}: {1}").format(folder, exc))
            return False
        self.stop_following()
        remember_run(folder)
        if run.is_live() and not (self.writing and folder == self.folder):
            self.follow(run)
            return True
        if w.controller is None:
            return False
        self._opening = run
        w.controller.open_run(folder)
        return True

    def on_opened(self, info: ResetInfo) -> None:
        """The worker loaded the run's checkpoint (``reset_done`` with ``opened``)."""
        from ganstudio.engine.runs.reader import open_run
        from ganstudio.engine.runs.writer import RunError

        run = self._opening
        folder = Path(info.opened)
        if run is None or run.folder != folder:
            try:
                run = open_run(folder)
            except RunError:
                return
        self._opening = None
        self._show_history(run, upto=info.step)
        self.window.meter.load_history(run.metrics, upto=info.step)
        if run.problems:
            self.session.show_problem(self.tr("Opened {0} with problems: {1}").format(
                folder.name, " ".join(run.problems)))
        self.session.show_note(
            self.tr("Opened {0} at step {1}: press Start to continue it.").format(folder.name, info.step), 10000)

    def _on_open_failed(self, folder: str, message: str) -> None:
        """No usable checkpoint or config: show what the folder holds; Start needs a Reset first."""
        from ganstudio.engine.runs.reader import open_run
        from ganstudio.engine.runs.writer import RunError

        self._opening = None
        w = self.window
        try:
            run = open_run(folder)
        except RunError:
            run = None
        if run is not None:
            w.history.clear()
            w.plots.clear()
            self._show_history(run)
            self.folder, self.writing = Path(folder), False
            self._snapshots, self._checkpoints = list(run.snapshots), []
            self._update_timeline()
            self._show_folder()
            if run.snapshots:
                self.show_snapshot(*run.snapshots[-1])
        self.session.set_needs_reset(True)
        self.session.show_problem(self.tr(
            "{0} cannot be continued: {1}. What could be read is shown; Start builds new networks "
            "from the settings.").format(Path(folder).name, message))

    def _show_history(self, run, upto: float | None = None) -> None:
        """Curves and markers of a run folder (rows and events up to step ``upto``)."""
        w = self.window
        rows = history_rows(run.metrics, upto)
        w.history.append(rows)
        if len(rows["step"]):
            self.session.set_step(int(rows["step"][-1]))
        w.show_events([e for e in run.events if upto is None or e["step"] <= upto])
        w.plots.redraw()

    # ------------------------------------------------------------ following a live run

    def follow(self, run) -> None:
        w = self.window
        if w.controller is not None:
            w.controller.pause()
        self.following = run
        self.folder, self.writing = run.folder, False
        w.history.clear()
        w.plots.clear()
        self._show_history(run)
        self._snapshots, self._checkpoints = list(run.snapshots), list(run.checkpoints)
        self._update_timeline()
        if run.snapshots:
            self.show_snapshot(*run.snapshots[-1])
        self._show_folder()
        self.session.show_note(self.tr(
            "Following {0}: another program is training it; new steps appear as they land.").format(run.folder.name),
            10000)
        self._poll.start()

    def _follow_poll(self) -> None:
        run = self.following
        if run is None:
            return
        rows, snapshots = run.poll()
        w = self.window
        if len(rows.get("step", ())):
            rows = history_rows(rows)
            w.history.append(rows)
            self.session.add_rows(int(rows["step"][-1]))  # the window redraws
        w.show_events(run.new_events)
        if snapshots:
            self._snapshots += list(snapshots)
            w.timeline.add_snapshots(list(snapshots))
            if w.timeline.is_live():
                self.show_snapshot(*snapshots[-1])
        self._checkpoints = list(run.checkpoints)
        w.timeline.set_checkpoints(self._checkpoints)
        if not run.is_live():
            self.status.setText(self.tr("{0}: no new steps for a while (step {1}); Start continues it here")
                                .format(run.folder.name, self.session.step))

    def stop_following(self) -> None:
        if self.following is None:
            return
        self._poll.stop()
        self.following = None
        self._show_worker_run(force=True)  # the worker's run again, with its own timeline

    def start_requested(self) -> bool:
        """The window's Start while following: True when handled here (nothing else to do)."""
        run = self.following
        if run is None:
            return False
        run.poll()
        if run.is_live():
            self.session.show_problem(self.tr(
                "{0} is still being written by another program: wait until it stops, then press Start "
                "to continue it here.").format(run.folder.name))
            return True
        folder = run.folder
        self.stop_following()
        self.window.history.clear()
        self.window.plots.clear()
        self.open(folder)
        return True

    # ------------------------------------------------------------ timeline

    def show_snapshot(self, step: int, path) -> None:
        from ganstudio.engine.runs.reader import load_snapshot

        try:
            pixels = load_snapshot(Path(path))
        except (OSError, ValueError) as exc:
            self.session.show_note(self.tr("Cannot read the snapshot {0}: {1}").format(path, exc), 5000)
            return
        self.window.samples.show_snapshot(pixels, self.tr("saved snapshot, step {0}").format(step))
        self.window.plots.set_cursor(step)

    def on_step_chosen(self, step: int, path: str) -> None:
        if not Path(path).exists() and self.folder is not None:  # thinned away since it was listed
            self._load_lists(self.folder)
            self._update_timeline()
            return
        self.show_snapshot(step, path)

    def on_live(self) -> None:
        self.window.plots.set_cursor(None)
        if self.following is not None and self._snapshots:
            self.show_snapshot(*self._snapshots[-1])
            self.window.plots.set_cursor(None)
        else:
            self.window.samples.show_live()

    def branch(self, step: int) -> None:
        """Rewind: a new run from this run's checkpoint at ``step`` with the panel's live settings."""
        w = self.window
        if self.folder is None or w.controller is None:
            return
        cfg = w.controls.config()
        changes = {key: get_field(cfg, key) for key in LIVE_FIELDS}
        if self.following is not None:
            self.stop_following()
        if not w.confirm_branch(step):
            return
        w.history.clear()
        w.plots.clear()
        w.controller.branch(self.folder, step, changes)

    def compare_windows(self) -> list:
        return [c for c in self._compare_windows if c.isVisible()]

    def shutdown(self) -> None:
        """Window closing: cancel and join a running export, stop following, close compare windows."""
        self._poll.stop()
        self.exports.shutdown()
        for window in self._compare_windows:
            window.close()

    # ------------------------------------------------------------ compare, save, export

    def ask_compare(self) -> None:
        from ganstudio.ui.runs.run_picker import RunPicker

        picker = RunPicker(runs_dir(), minimum=2, parent=self.window)
        if picker.exec():
            self.compare(picker.chosen())

    def compare(self, folders):
        """A CompareWindow with the curves and grids of ``folders``."""
        from ganstudio.ui.runs.run_compare import CompareWindow

        window = CompareWindow([Path(f) for f in folders])
        window.apply_style(self.window.views_style)
        self._compare_windows = [c for c in self._compare_windows if c.isVisible()] + [window]
        window.show()
        return window

    def save_now(self) -> None:
        if self.window.controller is not None and self.writing:
            self.window.controller.save_now()
            self.session.show_note(self.tr("Checkpoint saved in {0}").format(self.folder), 5000)

    def ask_autosave(self) -> None:
        value, ok = QInputDialog.getInt(
            self.window, self.tr("Autosave"),
            self.tr("Write a checkpoint of the run every this many seconds (a crash loses at most this much):"),
            autosave_s(), 5, 3600, 5)
        if ok:
            self.set_autosave(value)

    def set_autosave(self, seconds: int) -> None:
        store = i18n.settings()
        store.setValue(AUTOSAVE_KEY, int(seconds))
        store.sync()
        if self.window.controller is not None:
            self.window.controller.set_recording(runs_dir(), autosave_s())

    def show_folder(self) -> None:
        """Open the run folder in the desktop's file manager; where there is none, say where it is."""
        if self.folder is None:
            return
        if QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.folder))):
            self.session.show_note(self.tr("Opened {0} in the file manager").format(self.folder), 5000)
        else:
            self.session.show_problem(self.tr(
                "No file manager could open the run folder; it is {0}").format(self.folder))

    def export_dir(self) -> Path:
        """Where an export's file dialog opens: the run's folder, else the home folder (never the
        folder the program happened to be started from)."""
        return self.folder if self.folder is not None and self.folder.is_dir() else Path.home()
