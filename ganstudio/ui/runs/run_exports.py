"""File ▸ Export: the run on screen as a grid PNG, a timelapse GIF or MP4, a metrics CSV or
TensorBoard files. Each export runs in the background behind a progress dialog with Cancel
(ui/runs/export_runner.py); one at a time."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QFileDialog

from ganstudio.ui.window.session import Session

if TYPE_CHECKING:
    from ganstudio.ui.runs.run_actions import RunActions


class RunExports(QObject):
    def __init__(self, runs: RunActions, session: Session):
        super().__init__(runs)
        self._runs = runs
        self._session = session
        self.runner = None  # the ExportRunner of the latest export

    def _window(self):
        return self._runs.window

    def _run_for_export(self):
        from ganstudio.engine.runs.reader import open_run
        from ganstudio.engine.runs.writer import RunError

        runs = self._runs
        if runs.folder is None:
            return None
        if runs.writing and self._window().controller is not None:
            self._window().controller.save_now()  # rows still buffered reach the file first
        try:
            return open_run(runs.folder)
        except RunError as exc:
            self._session.show_problem(str(exc))
            return None

    def _ask_path(self, title: str, name: str, filters: str) -> str:
        path, _ = QFileDialog.getSaveFileName(self._window(), title, str(self._runs.export_dir() / name), filters)
        return path

    def ask_png(self) -> None:
        path = self._ask_path(self.tr("Export the sample grid"), "samples.png", self.tr("PNG images (*.png)"))
        if path:
            self.export("png", path)

    def ask_timelapse(self, kind: str) -> None:
        filters = self.tr("GIF animations (*.gif)") if kind == "gif" else self.tr("MP4 videos (*.mp4)")
        path = self._ask_path(self.tr("Export a timelapse of the samples"), f"timelapse.{kind}", filters)
        if path:
            self.export(kind, path)

    def ask_csv(self) -> None:
        path = self._ask_path(self.tr("Export the metrics"), "metrics.csv", self.tr("CSV files (*.csv)"))
        if path:
            self.export("csv", path)

    def ask_tensorboard(self) -> None:
        folder = QFileDialog.getExistingDirectory(self._window(), self.tr("Folder for the TensorBoard files"),
                                                  str(self._runs.export_dir()))
        if folder:
            self.export("tensorboard", folder)

    def export(self, kind: str, out) -> bool:
        """Start an export of the run on screen in the background (progress, Cancel)."""
        from ganstudio.engine.export import exports
        from ganstudio.ui.runs.export_runner import ExportRunner

        if self.runner is not None and self.runner.is_running():
            self._session.show_problem(self.tr("An export is still running; wait for it or cancel it first."))
            return False
        run = self._run_for_export()
        if run is None:
            return False
        out = Path(out)
        runner = ExportRunner(self._window())
        runner.finished.connect(lambda path: self._session.show_note(self.tr("Exported {0}").format(path), 10000))
        runner.failed.connect(lambda message: self._session.show_problem(self.tr("Export failed: {0}").format(message)))
        self.runner = runner
        timeline = self._window().timeline
        if kind == "png":
            step = None if timeline.is_live() else timeline.chosen_step()
            runner.start(exports.export_grid_png, run, step, out)
        elif kind in ("gif", "mp4"):
            runner.start(exports.export_timelapse, run, out)
        elif kind == "csv":
            runner.start(exports.export_metrics_csv, run, out)
        else:
            runner.start(exports.export_tensorboard, run, out)
        return True

    def shutdown(self) -> None:
        """Cancel and join a running export (the window is closing)."""
        if self.runner is not None:
            self.runner.shutdown()
