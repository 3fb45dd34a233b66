"""The 2-D lab's files: points drawn on the canvas or read from a CSV become the training data,
and the real and generated points on screen can be written out.

A drawing is saved under the data folder and never overwritten; a bad file is named in the banner
(with its bad lines) and the settings and the run stay as they were.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Callable

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QFileDialog, QWidget

from ganstudio.ui.window.session import Session

if TYPE_CHECKING:  # the window imports this before numpy and pyqtgraph have loaded
    from ganstudio.ui.settings.controls import ControlPanel
    from ganstudio.ui.plotting.samples_view import SamplesView


class LabFiles(QObject):
    def __init__(self, session: Session, controls: ControlPanel, samples: SamplesView,
                 request_reset: Callable[[], None], export_dir: Callable[[], Path], parent: QWidget):
        super().__init__(parent)
        self._session, self._controls, self._samples = session, controls, samples
        self._request_reset, self._export_dir = request_reset, export_dir
        lab = samples.lab
        lab.drawn_applied.connect(self.train_on_points)
        lab.export_requested.connect(self.ask_export)
        lab.import_requested.connect(self.ask_import)

    def train_on_points(self, points) -> None:
        """Save drawn points as a CSV (kept, never overwritten) and reset training on that file."""
        from ganstudio.engine.data import DataError
        from ganstudio.ui.settings.user_files import save_drawing

        try:
            path = save_drawing(points)
        except (OSError, DataError) as exc:
            self._session.show_problem(self.tr("Cannot save the drawing: {0}").format(exc))
            return
        self._session.show_note(self.tr("Drawing saved to {0}").format(path), 10000)
        self.train_on_file(path)

    def ask_import(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self.parent(), self.tr("Train on points from a CSV file"),
                                              str(Path.home()), self.tr("CSV files (*.csv *.txt);;All files (*)"))
        if path:
            self.train_on_file(path)

    def train_on_file(self, path) -> bool:
        """Reset training on the x,y points of a CSV file, once the file has been read."""
        from ganstudio.engine.data import DataError, load_points_csv

        try:
            load_points_csv(path)
        except DataError as exc:
            self._session.show_problem(self.tr("Cannot use these points: {0}").format(exc))
            return False
        self._controls.use_points_file(path)
        self._request_reset()
        return True

    def ask_export(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self.parent(), self.tr("Export real and generated points"),
                                              str(self._export_dir() / "points.csv"), self.tr("CSV files (*.csv)"))
        if path:
            self.export_points(path)

    def export_points(self, path) -> bool:
        """Write the real and generated points now on screen to ``path`` (x, y, set)."""
        from ganstudio.engine.data import DataError, save_real_and_generated

        lab = self._samples.lab
        if not self._samples.is_2d or not len(lab.real):
            self._session.show_problem(self.tr("Export needs a 2-D dataset: these samples are images."))
            return False
        try:
            save_real_and_generated(path, lab.real, lab.fake)
        except (OSError, DataError) as exc:
            self._session.show_problem(self.tr("Cannot export the points: {0}").format(exc))
            return False
        self._session.show_note(self.tr("Wrote {0} real and {1} generated points to {2}").format(
            len(lab.real), len(lab.fake), path), 10000)
        return True
