"""The latent explorer: walk G's noise space while training runs or is paused.

It works on its own copy of G (engine/latent.py: ``GeneratorCopy``), filled from a snapshot the
worker takes between two steps, so nothing here can touch the training G. The panel asks for a
snapshot with ``refresh_requested`` (the Refresh button, or every few seconds when auto refresh is
on); the window answers with ``set_snapshot``.

Left, the pick grid: G of the fixed noise batch (the sample grid's z). A click picks that z for the
tab shown on the right: Interpolate (two ends), Arithmetic (groups A, B, C), Sliders (the base z)
and, for 2-D data, a pad to drag z on. The GUI thread shares the GIL with training, so G runs only
on demand (a pick, a slider move, a refresh), for a handful of z at a time, and every plot item
is made once and only given new data.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
from PySide6.QtCore import QSize, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox, QComboBox, QFileDialog, QHBoxLayout, QLabel, QPushButton, QSpinBox, QSplitter,
    QTabWidget, QVBoxLayout, QWidget,
)

from ganstudio.engine.export.animation import save_gif
from ganstudio.engine.latent import GeneratorCopy
from ganstudio.engine.export.render import save_png
from ganstudio.ui.settings.appearance import PlotStyle
from ganstudio.ui.explorer.canvas import SampleGrid, enlarge
from ganstudio.ui.explorer.sliders import PlaneTab, SlidersTab
from ganstudio.ui.explorer.tabs import ArithmeticTab, InterpolateTab
from ganstudio.ui.widgets.flow_layout import FlowLayout
from ganstudio.ui.widgets.tooltip_text import tip

PICK_GRID_IMAGES = 64  # the pick grid shows at most this many images (8 × 8)
AUTO_REFRESH_S = 3
GIF_FRAME_MS = 150
PREFERRED_WIDTH = 320  # px: the dock's width when first shown
PICK_SHARE = 0.38  # of the dock: the pick grid; the tabs below or beside it get the rest
RANDOM_SEED0 = 1000  # random ends and bases: seeds 1000, 1001, … (off the fixed noise's stream)
# Default names in the save dialogs: file names, the same in every language.
PNG_NAME, GIF_NAME = "latent.png", "latent.gif"
_ERROR_STYLE = "color: rgb(200, 40, 40);"


class LatentExplorer(QWidget):
    refresh_requested = Signal()

    def __init__(self, parent: QWidget | None = None, export_dir=Path.home):
        """``export_dir``: a callable, the folder the export dialogs open in (the window gives its run's)."""
        super().__init__(parent)
        self.copy: GeneratorCopy | None = None
        self.fixed_noise = np.empty((0, 1), dtype=np.float32)
        self.fixed_samples = np.empty((0,), dtype=np.float32)
        self.real = np.empty((0, 2), dtype=np.float32)
        self.bounds = (-1.0, 1.0, -1.0, 1.0)
        self._random_seed = RANDOM_SEED0
        self.export_dir = export_dir

        self.refresh_button = QPushButton(self.tr("Refresh"))
        self.refresh_button.setToolTip(tip(self.tr(
            "Copy G's current weights from training. The explorer only ever uses this copy: training "
            "goes on undisturbed, and what you see here is G as it was at the copy's step.")))
        self.refresh_button.clicked.connect(self.refresh_requested)
        self.auto_refresh = QCheckBox(self.tr("Auto refresh every"))
        self.auto_refresh.setToolTip(tip(self.tr("Copy G again every few seconds while this panel is shown.")))
        self.interval = QSpinBox()
        self.interval.setRange(1, 60)
        self.interval.setValue(AUTO_REFRESH_S)
        self.interval.setSuffix(self.tr(" s"))
        self.timer = QTimer(self)
        self.timer.setInterval(AUTO_REFRESH_S * 1000)
        self.timer.timeout.connect(self._on_auto_refresh)
        self.auto_refresh.toggled.connect(self._on_auto_refresh_toggled)
        self.interval.valueChanged.connect(lambda s: self.timer.setInterval(s * 1000))
        self.digit_label = QLabel(self.tr("Digit"))
        self.digit_box = QComboBox()
        self.digit_box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)  # and again after a font change
        self.digit_box.setToolTip(tip(self.tr("The class a conditional G is asked for: every picture here uses it.")))
        self.digit_box.currentIndexChanged.connect(self._on_digit_changed)
        self.status = QLabel(self.tr("Press Refresh to copy G from training."))
        top = FlowLayout((self.refresh_button, self.auto_refresh, self.interval, self.digit_label, self.digit_box,
                          self.status))

        self.grid = SampleGrid(clickable=True)
        self.grid.setToolTip(tip(self.tr(
            "G's output for the fixed noise vectors (the same z as the sample grid). Click one to use "
            "its z in the tab on the right: as an interpolation end, in the chosen group, or as the "
            "start of the sliders.")))
        self.grid.clicked.connect(self._on_grid_clicked)
        self.export_grid_button = QPushButton(self.tr("Export grid PNG…"))
        self.export_grid_button.clicked.connect(lambda: self._ask_png("grid"))
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(QLabel(self.tr("Pick samples")))
        left_layout.addWidget(self.grid, 1)
        left_layout.addWidget(self.export_grid_button)

        self.interpolate = InterpolateTab(self)
        self.arithmetic = ArithmeticTab(self)
        self.sliders = SlidersTab(self)
        self.plane = PlaneTab(self)
        self.tabs = QTabWidget()
        for tab, title in ((self.interpolate, self.tr("Interpolate")), (self.arithmetic, self.tr("Arithmetic")),
                           (self.sliders, self.tr("Sliders")), (self.plane, self.tr("Drag z (2-D)"))):
            self.tabs.addTab(tab, title)
            tab.marks_changed.connect(lambda t=tab: self._on_marks_changed(t))
        self.tabs.currentChanged.connect(self._on_tab_changed)
        self.export_png_button = QPushButton(self.tr("Export PNG…"))
        self.export_png_button.setToolTip(tip(self.tr("Save the pictures of this tab as one PNG image.")))
        self.export_png_button.clicked.connect(lambda: self._ask_png("tab"))
        self.export_gif_button = QPushButton(self.tr("Export GIF…"))
        self.export_gif_button.setToolTip(tip(self.tr(
            "Save this tab as an animated GIF: one frame per interpolation step, the arithmetic's "
            "pictures one by one, or the last slider moved swept from end to end.")))
        self.export_gif_button.clicked.connect(self._ask_gif)
        self.message = QLabel()
        self.message.setWordWrap(True)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.tabs, 1)
        export_row = QHBoxLayout()
        export_row.addWidget(self.export_png_button)
        export_row.addWidget(self.export_gif_button)
        export_row.addWidget(self.message, 1)
        right_layout.addLayout(export_row)

        self.splitter = splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(splitter, 1)
        self._set_conditional(0)
        self.tabs.setTabVisible(self.tabs.indexOf(self.plane), False)
        self._update_buttons()

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt's name)
        """The width its dock opens at: the layouts' own hint (every tool on one line) pushed a
        1400-px window off the screen. The user's width is kept after that (the saved layout)."""
        return QSize(PREFERRED_WIDTH, super().sizeHint().height())

    def resizeEvent(self, event) -> None:
        """The pick grid beside the tabs when there is width for both (a floating or bottom dock),
        above them in a dock at the window's side, which is tall and narrow."""
        size = event.size()
        wide = Qt.Orientation.Horizontal if size.width() >= size.height() else Qt.Orientation.Vertical
        if self.splitter.orientation() != wide:
            self.splitter.setOrientation(wide)
            total = size.width() if wide == Qt.Orientation.Horizontal else size.height()
            self.splitter.setSizes([round(total * PICK_SHARE), round(total * (1 - PICK_SHARE))])
        super().resizeEvent(event)

    # ------------------------------------------------------------ snapshots in

    def set_snapshot(self, snapshot: dict) -> None:
        """Use the G in ``snapshot`` (engine.latent.snapshot_generator). Picks are kept while the
        noise dimension stays the same; every picture is redrawn with the new weights."""
        old = self.copy
        if old is not None and old.matches(snapshot):
            old.refresh(snapshot)
        else:
            self.copy = GeneratorCopy(snapshot)
        copy = self.copy
        same_dim = old is not None and old.noise_dim == copy.noise_dim
        self.fixed_noise = np.asarray(snapshot["fixed_noise"], dtype=np.float32)
        if copy.is_2d:
            self.real = np.asarray(snapshot["real"], dtype=np.float32)
            self.bounds = tuple(snapshot["bounds"])
        else:
            self.fixed_noise = self.fixed_noise[:PICK_GRID_IMAGES]
        if old is None or old.n_classes != copy.n_classes:
            self._set_conditional(copy.n_classes)
        self.grid.set_mode(copy.is_2d, self.real, self.bounds)
        for tab in self._tabs():
            tab.forget_picks(len(self.fixed_noise), same_dim)
            tab.set_dataset(copy.is_2d, self.real, self.bounds)
            tab.dirty = True
        self.tabs.setTabVisible(self.tabs.indexOf(self.plane), copy.is_2d)  # may change the current tab
        self.status.setStyleSheet("")
        self.status.setText(self.tr("G as at step {0}").format(copy.step))
        self._regenerate()

    def _set_conditional(self, n_classes: int) -> None:
        self.digit_box.blockSignals(True)
        self.digit_box.clear()
        self.digit_box.addItems([str(k) for k in range(n_classes)])
        self.digit_box.blockSignals(False)
        for w in (self.digit_label, self.digit_box):
            w.setVisible(n_classes > 0)

    def _regenerate(self) -> None:
        """New weights or digit: the pick grid and the tab shown now; the other tabs when shown."""
        if self.copy is None:
            return
        self.fixed_samples = self.generate(self.fixed_noise)
        cols = None if self.copy.is_2d else int(np.ceil(np.sqrt(len(self.fixed_samples))))
        self.grid.set_samples(self.fixed_samples, cols)
        for tab in self._tabs():
            tab.dirty = True
        current = self.tabs.currentWidget()
        current.regenerate()
        self._on_marks_changed(current)
        self._update_buttons()

    def _tabs(self):
        return (self.interpolate, self.arithmetic, self.sliders, self.plane)

    # ------------------------------------------------------------ what the tabs use

    def digit(self) -> int | None:
        """The class a conditional G is asked for; None for an unconditional G."""
        return self.digit_box.currentIndex() if self.copy is not None and self.copy.n_classes else None

    def generate(self, z: np.ndarray) -> np.ndarray:
        return self.copy.generate(z, self.digit())

    def z_of(self, pick) -> np.ndarray:
        """A pick's z: row ``pick`` of the fixed noise, or the random z itself."""
        return self.fixed_noise[pick] if isinstance(pick, (int, np.integer)) else np.asarray(pick)

    def random_noise(self, n: int) -> np.ndarray:
        self._random_seed += 1
        return self.copy.noise(n, self._random_seed)

    # ------------------------------------------------------------ events

    def _on_grid_clicked(self, index: int) -> None:
        self.message.clear()
        self.tabs.currentWidget().pick(index)

    def _on_marks_changed(self, tab) -> None:
        if tab is self.tabs.currentWidget():
            self.grid.set_marks(tab.marks())

    def _on_tab_changed(self, _index: int) -> None:
        tab = self.tabs.currentWidget()
        if self.copy is not None and tab.dirty:
            tab.regenerate()
        self.grid.set_marks(tab.marks())
        self._update_buttons()

    def _on_digit_changed(self, _index: int) -> None:
        self._regenerate()

    def _on_auto_refresh_toggled(self, on: bool) -> None:
        if on and self.isVisible():
            self.timer.start()
        elif not on:
            self.timer.stop()

    def _on_auto_refresh(self) -> None:
        if self.isVisible():
            self.refresh_requested.emit()

    def showEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        super().showEvent(event)
        if self.auto_refresh.isChecked():
            self.timer.start()

    def hideEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        self.timer.stop()  # a hidden panel asks the worker for nothing
        super().hideEvent(event)

    def _update_buttons(self) -> None:
        ready = self.copy is not None
        self.export_png_button.setEnabled(ready)
        self.export_grid_button.setEnabled(ready)
        self.export_gif_button.setEnabled(ready and self.tabs.currentWidget() is not self.plane)

    # ------------------------------------------------------------ export

    def _ask_png(self, source: str) -> None:
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Export PNG"), str(self.export_dir() / PNG_NAME),
                                              self.tr("PNG images (*.png)"))
        if path:
            self.export_png(path, source)

    def _ask_gif(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Export GIF"), str(self.export_dir() / GIF_NAME),
                                              self.tr("GIF animations (*.gif)"))
        if path:
            self.export_gif(path)

    def export_png(self, path, source: str = "tab") -> bool:
        """Write the current tab's pictures (``source`` "tab") or the pick grid ("grid") as a PNG,
        scaled up by a whole factor to at least 128 px high. False, with a message, on failure."""
        picture = self.grid.picture() if source == "grid" else self.tabs.currentWidget().picture()
        if picture is None:
            return self._fail(self.tr("Nothing to export yet: pick samples first."))
        try:
            save_png(path, enlarge(picture))
        except (OSError, ValueError) as exc:
            return self._fail(self.tr("Cannot write {0}: {1}").format(path, exc))
        return self._done(path)

    def export_gif(self, path) -> bool:
        """Write the current tab as an animated GIF (see the button's tooltip for the frames)."""
        frames = self.tabs.currentWidget().gif_frames() if self.copy is not None else []
        if not frames:
            return self._fail(self.tr("Nothing to animate here yet."))
        try:
            save_gif(path, frames, frame_ms=GIF_FRAME_MS)
        except (OSError, ValueError) as exc:
            return self._fail(self.tr("Cannot write {0}: {1}").format(path, exc))
        return self._done(path)

    def _fail(self, text: str) -> bool:
        self.message.setStyleSheet(_ERROR_STYLE)
        self.message.setText(text)
        return False

    def _done(self, path) -> bool:
        self.message.setStyleSheet("")
        self.message.setText(self.tr("Saved {0}").format(path))
        return True

    # ------------------------------------------------------------ look

    def apply_style(self, style: PlotStyle) -> None:
        """Theme colours and presentation sizes of every canvas."""
        self.grid.apply_style(style)
        for tab in self._tabs():
            tab.apply_style(style)
        self.plane.pad.apply_style(style)
