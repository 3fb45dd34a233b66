"""The live training window: settings on the left, run buttons, plots and samples on the right.

The window never touches the Trainer: it sends commands through the TrainingController and draws
what the worker's ``frame`` signals carry. Frames are appended to History as they arrive; the
redraw is a single-shot timer at most every REDRAW_INTERVAL_S, so a backlog of frames costs one
redraw, not one each.
"""

from __future__ import annotations

import time

from PySide6.QtCore import QCoreApplication, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDockWidget, QFileDialog, QLabel, QMainWindow, QMessageBox, QSplitter, QVBoxLayout, QWidget,
)

from ganstudio.engine.config import ConfigError, RunConfig, validate
from ganstudio.engine.data import DataError, load_points_csv, save_real_and_generated
from ganstudio.engine.meter import AlarmEvent
from ganstudio.ui.collapse_meter import ALARM_COLOR, RECOVER_COLOR, CollapseMeter
from ganstudio.ui.controls import ControlPanel
from ganstudio.ui.history import History
from ganstudio.ui.i18n import add_language_menu
from ganstudio.ui.phase_strip import PhaseStrip
from ganstudio.ui.plots import TrainingPlots
from ganstudio.ui.run_bar import RunBar
from ganstudio.ui.samples_view import SamplesView
from ganstudio.ui.user_files import save_drawing
from ganstudio.worker import RUNNING, TrainingController

# Samples and the status bar redraw at most every REDRAW_INTERVAL_S, the plots every PLOTS_INTERVAL_S.
# Qt paints both without the GIL (ui/canvas.py), but preparing a plot frame (envelopes, paths,
# axes) is ~4 ms of Python, which the training thread waits out: measured on ring8 (2 cores), plots
# at 10 Hz cost 12 % of the training speed, at 5 Hz 5 %.
REDRAW_INTERVAL_S = 0.1
PLOTS_INTERVAL_S = 0.2
# The 2-D lab view's computed layers arrive every ~85 ms (worker.LAB_INTERVAL_S); drawing them as
# they come keeps the canvas at ≥ 10 pictures a second (issue 4).
LAB_REDRAW_INTERVAL_S = 0.075

_BANNER_STYLE = ("background: #c62828; color: white; font-weight: bold; padding: 6px; "
                 "border-radius: 3px;")
_ALARM_STYLE = ("background: #ffb300; color: black; font-weight: bold; padding: 6px; "
                "border-radius: 3px;")


class MainWindow(QMainWindow):
    frame_applied = Signal(int)  # the trainer's step count after a frame was taken in
    reset_applied = Signal()

    def __init__(self, cfg: RunConfig | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("ganstudio — live training"))
        self.resize(1400, 900)
        self.confirm_reset = self._ask_reset  # tests replace this with ``lambda: True``

        self.history = History()
        self.state = "idle"
        self.step = 0
        self.needs_reset = False
        self._samples = None
        self._lab = None
        self.samples_shown = 0  # sample refreshes drawn so far (bench_gui reports the rate)
        self.lab_shown = 0  # lab frames drawn so far (bench_gui reports the canvas's fps)

        self.controls = ControlPanel()
        if cfg is not None:
            self.controls.load_config(cfg)
        dock = QDockWidget(self.tr("Settings"), self)
        dock.setObjectName("settings")
        dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetMovable)
        dock.setWidget(self.controls)
        dock.setMinimumWidth(330)
        self.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, dock)

        self.run_bar = RunBar()
        self.banner = QLabel()
        self.banner.setWordWrap(True)
        self.banner.setStyleSheet(_BANNER_STYLE)
        self.banner.hide()
        self.phase_strip = PhaseStrip()
        self.phase_strip.hide()
        self.alarm = QLabel()  # the collapse alarm: amber, not the red of an error
        self.alarm.setWordWrap(True)
        self.alarm.setStyleSheet(_ALARM_STYLE)
        self.alarm.hide()
        self.plots = TrainingPlots(self.history)
        self.meter = CollapseMeter()
        self.meter.setFixedHeight(210)
        self.samples = SamplesView()
        left = QWidget()
        left_column = QVBoxLayout(left)
        left_column.setContentsMargins(0, 0, 0, 0)
        left_column.addWidget(self.plots, 1)
        left_column.addWidget(self.meter)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(self.samples)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([520, 560])
        central = QWidget()
        column = QVBoxLayout(central)
        column.setContentsMargins(4, 4, 4, 4)
        column.addWidget(self.run_bar)
        column.addWidget(self.banner)
        column.addWidget(self.alarm)
        column.addWidget(self.phase_strip)
        column.addWidget(splitter, 1)
        self.setCentralWidget(central)

        self.language_menu = add_language_menu(self)
        self._status = {key: QLabel() for key in ("step", "rate", "elapsed", "device", "lr")}
        for label in self._status.values():
            label.setContentsMargins(8, 0, 8, 0)
            self.statusBar().addPermanentWidget(label)

        self._redraw_timer = QTimer(self)
        self._redraw_timer.setSingleShot(True)
        self._last_redraw_t = 0.0
        self._last_plots_t = 0.0
        self._redraw_timer.timeout.connect(self.redraw)

        self.controller = TrainingController(self)
        w = self.controller.worker
        w.frame.connect(self._on_frame)
        w.state_changed.connect(self._on_state_changed)
        w.error.connect(self._on_error)
        w.nonfinite.connect(self._on_nonfinite)
        w.hparams_applied.connect(self._on_hparams_applied)
        w.reset_done.connect(self._on_reset_done)
        w.lab_ready.connect(self._on_lab)
        w.phase.connect(self._on_phase)

        lab = self.samples.lab
        lab.layers_changed.connect(self.controller.set_lab_layers)
        lab.view_changed.connect(self.controller.set_lab_view)
        lab.drawn_applied.connect(self.train_on_points)
        lab.export_requested.connect(self._ask_export)
        lab.import_requested.connect(self._ask_import)
        self.controller.set_lab_layers(lab.layers())

        bar = self.run_bar
        bar.start.clicked.connect(self.toggle_running)
        bar.step_d.clicked.connect(self.controller.step_d)
        bar.step_g.clicked.connect(self.controller.step_g)
        bar.step_both.clicked.connect(self.controller.step_both)
        bar.run_n.clicked.connect(lambda: self.controller.run_n(bar.run_n_count.value()))
        bar.reset.clicked.connect(self.request_reset)
        bar.slow.toggled.connect(self._on_slow_changed)
        bar.slow_delay.valueChanged.connect(self._on_slow_changed)
        for key, slot in ((Qt.Key.Key_Space, self.toggle_running), (Qt.Key.Key_S, self.controller.step_both),
                          (Qt.Key.Key_R, self.request_reset)):
            QShortcut(QKeySequence(key), self, activated=slot)

        self.controls.live_changed.connect(self._on_live_changed)
        self.controls.structural_changed.connect(self._on_structural_changed)

        self._update_status(0.0, 0.0)
        self.controller.start_thread()
        self.controller.reset(self.controls.config())

    # ------------------------------------------------------------ user actions

    def toggle_running(self) -> None:
        if self.state == RUNNING:
            self.controller.pause()
            return
        if self.needs_reset and self.confirm_reset():
            if not self._send_reset():
                return
        self.banner.hide()
        self.controller.start()

    def request_reset(self) -> None:
        if self.step == 0 or self.confirm_reset():
            self._send_reset()

    def _send_reset(self) -> bool:
        cfg = self.controls.config()
        try:
            validate(cfg.copy())
        except ConfigError as exc:
            self._show_banner(self.tr("Cannot reset with these settings: {0}").format("; ".join(exc.errors)))
            return False
        self.controller.reset(cfg)
        return True

    def _ask_reset(self) -> bool:
        answer = QMessageBox.question(
            self, self.tr("Reset training?"),
            self.tr("Resetting builds new networks from the current settings and discards the "
                    "{0} steps trained so far. Reset now?").format(self.step))
        return answer == QMessageBox.StandardButton.Yes

    def _on_slow_changed(self) -> None:
        bar = self.run_bar
        on = bar.slow.isChecked()
        self.controller.set_slow_motion(bar.slow_delay.value() if on else None)
        self.phase_strip.setVisible(on)
        if not on:
            self.samples.lab.clear_phase()

    def _on_live_changed(self, changes: dict) -> None:
        self.controller.apply_hparams(changes)

    def _on_structural_changed(self) -> None:
        self.needs_reset = True
        self.run_bar.set_needs_reset(True)
        self.statusBar().showMessage(self.tr("Settings changed: press Reset to build the new networks."), 5000)

    # ------------------------------------------------------------ worker signals

    def _on_frame(self, frame: dict) -> None:
        self.history.append(frame)
        self.step = frame["step_count"]
        self._train_s = frame["train_s"]
        self._lr = (frame["lr_d"], frame["lr_g"])
        if "samples" in frame:
            self._samples = frame["samples"]
            self._rate = frame["steps_per_s"]
        if "lab" in frame:
            self._lab = frame["lab"]
        if "meter" in frame:
            self.meter.add(frame["meter"])
        if "alarm" in frame:
            self._on_alarm(frame["alarm"])
        self._schedule_redraw()
        self.frame_applied.emit(self.step)

    def _on_lab(self, lab: dict) -> None:
        self._lab = lab
        self._schedule_redraw()

    def _on_phase(self, phase: dict) -> None:
        """Slow motion: caption, highlights and the changed pictures are shown at once (a phase
        is on screen for a second or more, so there is nothing to coalesce)."""
        self.phase_strip.show_phase(phase)
        if "samples" in phase:
            self.samples.set_samples(phase["samples"])
        if self.samples.is_2d:
            if "lab" in phase:
                self.samples.lab.set_lab(phase["lab"])
            self.samples.lab.show_phase(phase)

    def _schedule_redraw(self) -> None:
        if not self._redraw_timer.isActive():
            interval = LAB_REDRAW_INTERVAL_S if self._lab is not None else REDRAW_INTERVAL_S
            wait_s = interval - (time.perf_counter() - self._last_redraw_t)
            self._redraw_timer.start(max(0, int(wait_s * 1000)))

    def redraw(self) -> None:
        self._redraw_timer.stop()
        self._last_redraw_t = now = time.perf_counter()
        if now - self._last_plots_t >= PLOTS_INTERVAL_S - 0.01 or self.state != RUNNING:
            self._last_plots_t = now
            self.plots.redraw()
            self.meter.redraw()
        elif not self._redraw_timer.isActive():  # the plots' turn comes at the next redraw
            self._redraw_timer.start(int(REDRAW_INTERVAL_S * 1000))
        if self._samples is not None:
            self.samples.set_samples(self._samples)
            self._samples = None
            self.samples_shown += 1
        if self._lab is not None:
            if self.samples.is_2d:
                self.samples.lab.set_lab(self._lab)
                self.lab_shown += 1
            self._lab = None
        self._update_status(getattr(self, "_rate", 0.0), getattr(self, "_train_s", 0.0))

    def _update_status(self, rate: float, train_s: float) -> None:
        s = self._status
        s["step"].setText(self.tr("step {0}").format(self.step))
        s["rate"].setText(self.tr("{0:.0f} steps/s").format(rate))
        s["elapsed"].setText(self.tr("{0:.1f} s trained").format(train_s))
        lr_d, lr_g = getattr(self, "_lr", (float("nan"), float("nan")))
        s["lr"].setText(self.tr("lr D {0:.2g}  ·  lr G {1:.2g}").format(lr_d, lr_g))

    def _on_state_changed(self, state: str) -> None:
        self.state = state
        self.run_bar.set_running(state == RUNNING)
        names = {"running": self.tr("running"), "paused": self.tr("paused"), "idle": self.tr("ready")}
        self.run_bar.state.setText(names.get(state, state))
        if state != RUNNING:
            self._rate = 0.0
            self._update_status(0.0, getattr(self, "_train_s", 0.0))

    def _on_reset_done(self, info: dict) -> None:
        cfg = info["config"]
        self.history.clear()
        self.plots.clear()
        self.plots.set_loss_kind(cfg.loss.kind)
        self.samples.set_dataset(info)
        meter = info.get("meter")
        self.meter.set_kind(meter and meter["kind"], meter["n_modes"] if meter else 0)
        if meter is None and not info["is_2d"] and info.get("meter_note"):
            # the engine's English; its fixed notes are in the translations under "Meter"
            self.statusBar().showMessage(QCoreApplication.translate("Meter", info["meter_note"]), 10000)
        self.alarm.hide()
        if info.get("lab"):
            self.samples.lab.set_lab(info["lab"])
        self.step = 0
        self._samples = None
        self._lab = None
        self._rate, self._train_s = 0.0, 0.0
        self._lr = (cfg.opt_d.lr, cfg.opt_g.lr)
        self.needs_reset = False
        self.run_bar.set_needs_reset(False)
        self.banner.hide()
        self._status["device"].setText(self.tr("device {0}").format(info["device"]))
        self._update_status(0.0, 0.0)
        self.reset_applied.emit()

    def _on_hparams_applied(self, step: int, description: str) -> None:
        self.plots.add_marker(step, description)
        self.plots.set_loss_kind(self.controls.loss.currentText())
        self.statusBar().showMessage(self.tr("Applied at step {0}: {1}").format(step, description), 5000)

    def _on_alarm(self, event: AlarmEvent) -> None:
        """Collapse began (or ended): say what it means and what to try, and mark every plot."""
        unit = self.tr("classes") if self.meter.kind == "classes" else self.tr("modes")
        if event.started:
            text = self.tr(
                "Mode collapse at step {0}: G covers only {1} of {2} {3} (KL to uniform {4:.2f} ≥ ln 2) — "
                "it makes the same few outputs whatever the noise. Try minibatch discrimination or "
                "packing, spectral norm or WGAN-GP (Mode-collapse remedies), a lower G learning rate, "
                "or more D steps per G step.").format(event.step, event.covered, event.n_modes, unit, event.kl)
            label = self.tr("collapse")
        else:
            text = self.tr("Recovered at step {0}: G covers {1} of {2} {3} again (KL {4:.2f}).").format(
                event.step, event.covered, event.n_modes, unit, event.kl)
            label = self.tr("recovered")
        self.alarm.setText(text)
        self.alarm.setVisible(True)
        self.plots.add_marker(event.step, label, color=ALARM_COLOR if event.started else RECOVER_COLOR)
        self.meter.mark_alarm(event.step, label)
        self.statusBar().showMessage(text, 10000)

    def _on_nonfinite(self, message: str) -> None:
        self._show_banner(message)

    def _on_error(self, message: str) -> None:
        self._show_banner(message)

    def _show_banner(self, message: str) -> None:
        self.banner.setText(message)
        self.banner.show()
        self.statusBar().showMessage(message, 10000)

    # ------------------------------------------------------------ the 2-D lab view's files

    def train_on_points(self, points) -> None:
        """Save drawn points as a CSV (kept, never overwritten) and reset training on that file."""
        try:
            path = save_drawing(points)
        except (OSError, DataError) as exc:
            self._show_banner(self.tr("Cannot save the drawing: {0}").format(exc))
            return
        self.statusBar().showMessage(self.tr("Drawing saved to {0}").format(path), 10000)
        self.train_on_file(path)

    def _ask_import(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Train on points from a CSV file"), "",
                                              self.tr("CSV files (*.csv *.txt);;All files (*)"))
        if path:
            self.train_on_file(path)

    def train_on_file(self, path) -> bool:
        """Reset training on the x,y points of a CSV file. The file is read first: a bad one is
        named in the banner (with its bad lines) and the settings and the run stay as they were."""
        try:
            load_points_csv(path)
        except DataError as exc:
            self._show_banner(self.tr("Cannot use these points: {0}").format(exc))
            return False
        self.controls.dataset.setCurrentText("csv")
        self.controls.data_path.setText(str(path))
        self.request_reset()
        return True

    def _ask_export(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Export real and generated points"),
                                              "points.csv", self.tr("CSV files (*.csv)"))
        if path:
            self.export_points(path)

    def export_points(self, path) -> bool:
        """Write the real and generated points now on screen to ``path`` (x, y, set)."""
        lab = self.samples.lab
        if not self.samples.is_2d or not len(lab.real):
            self._show_banner(self.tr("Export needs a 2-D dataset: these samples are images."))
            return False
        try:
            save_real_and_generated(path, lab.real, lab.fake)
        except (OSError, DataError) as exc:
            self._show_banner(self.tr("Cannot export the points: {0}").format(exc))
            return False
        self.statusBar().showMessage(
            self.tr("Wrote {0} real and {1} generated points to {2}").format(len(lab.real), len(lab.fake), path),
            10000)
        return True

    # ------------------------------------------------------------ shutdown

    def closeEvent(self, event) -> None:
        self.controller.shutdown(1000)
        super().closeEvent(event)
