"""Several runs side by side: their curves overlaid, their sample grids at one shared step.

Each run keeps one colour everywhere (curves, legend, the title over its grid). The step slider
moves over every step at which any run saved a sample grid; each run shows its latest grid at or
before that step, with the step it really is under it, since runs save grids at different steps.
A damaged run shows what could be read, and the note above the plots says, one sentence each,
what could not. Runs still being written are polled while the window is shown.
"""

from __future__ import annotations

import bisect
from pathlib import Path

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QSignalBlocker, Qt, QTimer
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSlider, QSplitter, QVBoxLayout, QWidget

from ganstudio.engine.runs.reader import RunFolder, load_snapshot, open_run
from ganstudio.engine.runs.writer import METRICS, RunError
from ganstudio.ui.settings.appearance import DEFAULT_STYLE, PlotStyle, style_label, style_legend, style_plot
from ganstudio.ui.plotting.canvas import Canvas, ImageTile
from ganstudio.ui.widgets.screen_fit import resize_within_screen
from ganstudio.ui.widgets.tooltip_text import tip

# Colour-blind-safe and distinct on white and on the dark theme (Okabe & Ito, plus two greys).
PALETTE = ((0, 114, 178), (230, 159, 0), (0, 158, 115), (204, 121, 167), (86, 180, 233),
           (213, 94, 0), (240, 228, 66), (120, 120, 120), (0, 0, 0), (170, 170, 170))
CURSOR_COLOR = (150, 60, 170)
TITLE_PT = 12
LABEL_PT = 10
POLL_INTERVAL_MS = 2000


def run_labels(runs: list[RunFolder]) -> list[str]:
    """Each run's name from run.json; where two share one, their parent folders tell them apart."""
    names = [run.meta.get("name") or run.folder.name for run in runs]
    return [f"{run.folder.parent.name}/{run.folder.name}" if names.count(name) > 1 else name
            for run, name in zip(runs, names)]


class _RunPanel:
    """One run's column under the plots: its name, its sample grid, the step the grid is from."""

    def __init__(self, canvas: Canvas, col: int, name: str, color: tuple):
        self.name, self.color = name, color
        self.title = canvas.addLabel(name, row=0, col=col, size=f"{TITLE_PT}pt", color=color, bold=True)
        self.box = canvas.addViewBox(row=1, col=col, lockAspect=True, invertY=True, enableMouse=False)
        self.image = ImageTile()
        self.box.addItem(self.image)
        self.caption = canvas.addLabel("", row=2, col=col, size=f"{LABEL_PT}pt")
        self.caption_text = ""
        self.shown: tuple[int, Path] | None = None  # the snapshot on screen
        self._shape = None

    def show_picture(self, pixels: np.ndarray) -> None:
        self.image.set_image(pixels)
        if pixels.shape != self._shape:  # fit once per size; a user's view is not theirs to keep here
            self._shape = pixels.shape
            self.box.setRange(self.image.boundingRect(), padding=0.01)

    def clear_picture(self) -> None:
        self.image.setPixmap(QPixmap())
        self.shown, self._shape = None, None

    def set_caption(self, text: str, style: PlotStyle) -> None:
        self.caption_text = text
        style_label(self.caption, text, LABEL_PT, style)


class CompareWindow(QWidget):
    """``CompareWindow([folder, ...])``: a top-level window; each folder is opened with open_run."""

    def __init__(self, folders: list[Path], parent: QWidget | None = None,
                 poll_interval_ms: int = POLL_INTERVAL_MS):
        super().__init__(parent, Qt.WindowType.Window)
        self.setWindowTitle(self.tr("Compare runs"))
        resize_within_screen(self, 1100, 850)
        self.plot_style = DEFAULT_STYLE
        self.runs: list[RunFolder] = []
        notes = []
        for folder in folders:
            try:
                self.runs.append(open_run(folder))
            except RunError as exc:
                notes.append(self.tr("{0} was not opened: {1}").format(Path(folder).name, str(exc)))
        self.names = run_labels(self.runs)
        self.colors = [PALETTE[i % len(PALETTE)] for i in range(len(self.runs))]
        for run, name in zip(self.runs, self.names):
            notes += [self.tr("{0}: {1}").format(name, problem) for problem in run.problems]
            if not len(run.metrics["step"]) and (run.folder / METRICS).exists():
                notes.append(self.tr("{0} has no metrics yet, so it has no curves.").format(name))

        self.note = QLabel()
        self.note.setTextFormat(Qt.TextFormat.PlainText)
        self.note.setWordWrap(True)
        self.note.setStyleSheet("color: #b05000;")
        self.note.setToolTip(tip(self.tr("What could not be read. The rest of each run is shown.")))
        if notes:
            self.note.setText("\n".join([self.tr("Some runs could not be read completely:")]
                                         + ["• " + n for n in notes]))
        self.note.setVisible(bool(notes))

        self.plot_canvas = Canvas()
        self.plot_canvas.setBackground(self.plot_style.background)
        self._titles: dict[pg.PlotItem, str] = {}
        self.plots: dict[str, pg.PlotItem] = {}
        for column, row, col, title, hint in (
            ("loss_d", 0, 0, self.tr("D loss"), self.tr("The discriminator's loss at every step.")),
            ("loss_g", 0, 1, self.tr("G loss"), self.tr("The generator's loss at every step.")),
            ("d_real", 1, 0, self.tr("D(x) on real"), self.tr(
                "D's mean output on a real batch: how sure D is that real data is real.")),
            ("d_fake", 1, 1, self.tr("D(G(z)) on fake"), self.tr(
                "D's mean output on a generated batch: how often G fools D.")),
        ):
            self.plots[column] = self._add_plot(row, col, title, hint)
        first = self.plots["loss_d"]
        for plot in self.plots.values():
            if plot is not first:
                plot.setXLink(first)
        for column in ("d_real", "d_fake"):
            self.plots[column].setLabel("bottom", self.tr("step"))
        self.curves: dict[tuple[int, str], pg.PlotDataItem] = {}
        for i, (name, color) in enumerate(zip(self.names, self.colors)):
            for column, plot in self.plots.items():
                self.curves[i, column] = plot.plot(pen=pg.mkPen(color, width=1.5), name=name,
                                                   connect="finite")
            self._update_curves(i)
        self.cursors = []
        for plot in self.plots.values():
            line = pg.InfiniteLine(angle=90, movable=False,
                                   pen=pg.mkPen(CURSOR_COLOR, width=1, style=Qt.PenStyle.DashLine))
            line.setVisible(False)
            plot.addItem(line, ignoreBounds=True)
            self.cursors.append(line)

        self.grid_canvas = Canvas()
        self.grid_canvas.setBackground(self.plot_style.background)
        self.grid_canvas.setToolTip(tip(self.tr(
            "Each run's samples at the chosen step (or the latest it saved before it), with the "
            "step they are really from underneath.")))
        self.panels = [_RunPanel(self.grid_canvas, i, name, color)
                       for i, (name, color) in enumerate(zip(self.names, self.colors))]

        self._steps: list[int] = []
        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.slider.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.slider.setToolTip(tip(self.tr(
            "The step whose samples are shown for every run: drag, or use the arrow keys, Home and End.")))
        self.slider.valueChanged.connect(self._on_slider_moved)
        self.step_label = QLabel()
        self.step_label.setMinimumWidth(self.step_label.fontMetrics().horizontalAdvance("0" * 16))
        self._merge_steps(fill_to_end=True)

        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.plot_canvas)
        splitter.addWidget(self.grid_canvas)
        splitter.setSizes([500, 350])
        row = QHBoxLayout()
        row.addWidget(self.slider, 1)
        row.addWidget(self.step_label)
        layout = QVBoxLayout(self)
        layout.addWidget(self.note)
        layout.addWidget(splitter, 1)
        layout.addLayout(row)

        self._poll = QTimer(self)
        self._poll.setInterval(poll_interval_ms)
        self._poll.timeout.connect(self.refresh)

    def _add_plot(self, row: int, col: int, title: str, hint: str) -> pg.PlotItem:
        plot = self.plot_canvas.add_plot(row=row, col=col)
        self._titles[plot] = title
        # Long histories: each curve draws a min/max envelope of what is on screen, so spikes stay
        # visible and the cost follows the plot's width, not the run's length.
        plot.setDownsampling(auto=True, mode="peak")
        plot.setClipToView(True)
        plot.showGrid(x=True, y=True, alpha=0.15)
        plot.setToolTip(tip(hint))
        legend = plot.addLegend(offset=(-10, 10))
        style_plot(plot, title, TITLE_PT, self.plot_style)
        style_legend(legend, LABEL_PT, self.plot_style)
        return plot

    # ------------------------------------------------------------ curves

    def _update_curves(self, i: int) -> None:
        metrics = self.runs[i].metrics
        steps = metrics["step"]
        for column in self.plots:
            values = metrics.get(column)
            if values is None or not len(steps):
                self.curves[i, column].setData([], [])
            else:
                self.curves[i, column].setData(steps, values)

    # ------------------------------------------------------------ the shared step

    def steps(self) -> list[int]:
        """Every step at which some run saved a sample grid: the slider's positions."""
        return list(self._steps)

    def shown_step(self) -> int | None:
        return self._steps[self.slider.value()] if self._steps else None

    def set_step(self, step: int) -> None:
        """Show the latest slider position at or before ``step`` (the first if all are later)."""
        if self._steps:
            index = max(0, bisect.bisect_right(self._steps, step) - 1)
            with QSignalBlocker(self.slider):
                self.slider.setValue(index)
            self._show_step()

    def _merge_steps(self, fill_to_end: bool) -> None:
        """Recompute the slider's positions; keep the chosen step, or go on to the newest."""
        chosen = self.shown_step()
        at_end = fill_to_end or (self._steps and self.slider.value() == len(self._steps) - 1)
        self._steps = sorted({step for run in self.runs for step, _ in run.snapshots})
        with QSignalBlocker(self.slider):
            self.slider.setRange(0, max(0, len(self._steps) - 1))
            if at_end or chosen is None:
                self.slider.setValue(len(self._steps) - 1)
            else:
                self.slider.setValue(max(0, bisect.bisect_right(self._steps, chosen) - 1))
        self.slider.setEnabled(len(self._steps) > 1)
        self._show_step()

    def _on_slider_moved(self, _index: int) -> None:
        self._show_step()

    def _show_step(self) -> None:
        step = self.shown_step()
        if step is None:
            self.step_label.setText(self.tr("No samples saved"))
        else:
            self.step_label.setText(self.tr("Step {0}").format(step))
        for line in self.cursors:
            line.setVisible(step is not None)
            if step is not None:
                line.setValue(step)
        for run, panel in zip(self.runs, self.panels):
            self._show_panel(run, panel, step)

    def _show_panel(self, run: RunFolder, panel: _RunPanel, step: int | None) -> None:
        found = run.snapshot_at(step) if step is not None else None
        if found is None:
            panel.clear_picture()
            panel.set_caption(self.tr("no samples saved"), self.plot_style)
            return
        if found != panel.shown:
            try:
                panel.show_picture(load_snapshot(found[1]))
            except RunError as exc:
                panel.clear_picture()
                panel.set_caption(self.tr("step {0}: {1}").format(found[0], str(exc)), self.plot_style)
                return
            panel.shown = found
        panel.set_caption(self.tr("step {0}").format(found[0]), self.plot_style)

    # ------------------------------------------------------------ runs still being written

    def refresh(self) -> None:
        """Read what the runs appended since the last look (one may still be training, here or in
        another process): new rows and new sample grids. A poll reads only new bytes."""
        new_snapshots = False
        for i, run in enumerate(self.runs):
            rows, snapshots = run.poll()
            if len(rows["step"]) or run.rewritten:
                self._update_curves(i)
            new_snapshots = new_snapshots or bool(snapshots)
        if new_snapshots:
            self._merge_steps(fill_to_end=False)

    def showEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        super().showEvent(event)
        self._poll.start()

    def hideEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        self._poll.stop()
        super().hideEvent(event)

    # ------------------------------------------------------------ looks

    def apply_style(self, style: PlotStyle) -> None:
        """The main window's theme and presentation sizes."""
        self.plot_style = style
        for canvas in (self.plot_canvas, self.grid_canvas):
            canvas.setBackground(style.background)
        for plot, title in self._titles.items():
            style_plot(plot, title, TITLE_PT, style)
            style_legend(plot.legend, LABEL_PT, style)
        for (i, _), curve in self.curves.items():
            curve.setPen(pg.mkPen(self.colors[i], width=style.line_width(1.5)))
        for panel in self.panels:
            panel.title.setText(panel.name, size=style.pt(TITLE_PT), color=panel.color, bold=True)
            panel.set_caption(panel.caption_text, style)
