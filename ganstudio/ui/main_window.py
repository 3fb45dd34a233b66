"""The live training window: settings on the left, run buttons, plots and samples on the right.

The window never touches the Trainer: it sends commands through the TrainingController and draws
what the worker's ``frame`` signals carry. Frames are appended to History as they arrive; the
redraw is a single-shot timer at most every REDRAW_INTERVAL_S, so a backlog of frames costs one
redraw, not one each.

The window opens in three stages so it paints before torch is imported (ui/startup.py): the shell
(settings, run bar, menus) at once; the plots, meter and samples (pyqtgraph, numpy) right after the
first paint; the training thread once a background thread has imported torch. The run bar says
"loading PyTorch…" and its buttons wait until the first networks are built. When torch is loaded
already (tests, benchmarks) all three stages run in the constructor, as before.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QEvent, QSignalBlocker, Qt, QTimer, Signal
from PySide6.QtGui import QActionGroup, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDockWidget, QFileDialog, QLabel, QMainWindow, QMessageBox, QSizePolicy, QSplitter, QVBoxLayout,
    QWidget,
)

from ganstudio.engine.config import DATASETS_2D, ConfigError, RunConfig, validate
from ganstudio.engine.loss_kinds import instance_noise_at
from ganstudio.engine.presets import preset
from ganstudio.protocol import RUNNING
from ganstudio.ui import gc_policy, preferences
from ganstudio.ui.appearance import DARK, DEFAULT_STYLE, LIGHT, app_look, plot_style
from ganstudio.ui.controls import ControlPanel
from ganstudio.ui.help_panel import HelpContext, HelpPanel
from ganstudio.ui.i18n import add_language_menu
from ganstudio.ui.markers import describe_changes
from ganstudio.ui.phase_strip import PhaseStrip
from ganstudio.ui.run_actions import RunActions
from ganstudio.ui.run_bar import RunBar
from ganstudio.ui.shortcuts_dialog import ShortcutsDialog
from ganstudio.ui.startup import EngineLoader, FirstPaint
from ganstudio.ui.status_fields import StatusFields
from ganstudio.ui.user_files import data_dir
from ganstudio.ui.watchdog import FreezeWatchdog

if TYPE_CHECKING:
    from ganstudio.engine.meter import AlarmEvent


# Samples and the status bar redraw at most every REDRAW_INTERVAL_S, the plots every PLOTS_INTERVAL_S.
# Qt paints both without the GIL (ui/canvas.py), but preparing a plot frame (envelopes, paths,
# axes) is ~4 ms of Python, which the training thread waits out: measured on ring8 (2 cores), plots
# at 10 Hz cost 12 % of the training speed, at 5 Hz 5 %.
REDRAW_INTERVAL_S = 0.1
PLOTS_INTERVAL_S = 0.2
# The 2-D lab view's computed layers arrive every ~85 ms (worker.LAB_INTERVAL_S); drawing them as
# they come keeps the canvas at ≥ 10 pictures a second (issue 4).
LAB_REDRAW_INTERVAL_S = 0.075

SETTINGS_WIDTH = 330  # px, the settings dock at normal size

_BANNER_STYLE = ("background: #c62828; color: white; font-weight: bold; padding: 6px; "
                 "border-radius: 3px;")
_ALARM_STYLE = ("background: #ffb300; color: black; font-weight: bold; padding: 6px; "
                "border-radius: 3px;")


class MainWindow(QMainWindow):
    frame_applied = Signal(int)  # the trainer's step count after a frame was taken in
    reset_applied = Signal()
    first_painted = Signal()  # the window is on screen; the plots and torch may still be loading
    views_built = Signal()  # plots, meter and samples exist

    def __init__(self, cfg: RunConfig | None = None, parent: QWidget | None = None):
        """``cfg`` None: the preset used last (else the default one)."""
        super().__init__(parent)
        self.setWindowTitle(self.tr("ganstudio — live training"))
        self.resize(1400, 900)
        self.confirm_reset = self._ask_reset  # tests replace this with ``lambda: True``
        self.confirm_branch = self._ask_branch  # and this with ``lambda step: True``

        self.history = self.plots = self.meter = self.samples = self.timeline = None  # made by _build_views
        self.controller = None  # made by _build_engine, once torch is loaded
        self.explorer = self.explorer_dock = None  # made by _build_explorer, with the engine
        self.theme, self.presentation = preferences.theme(), preferences.presentation()
        self._views_style = DEFAULT_STYLE
        self._shown_cfg: RunConfig | None = None  # the configuration of the networks on screen
        self._meter_kind: str | None = None  # after a reset: "modes", "classes" or "" (no meter)
        self._closed = False
        self._keys: list[tuple[QKeySequence, str]] = []  # for Help ▸ Keyboard shortcuts
        self.state = "idle"
        self.step = 0
        self.needs_reset = False
        self._samples = None
        self._lab = None
        # What the status bar shows, from the latest frame (or reset, or settings change).
        self._rate = self._train_s = self._noise_sigma = 0.0
        self._lr = (float("nan"), float("nan"))
        self.samples_shown = 0  # sample refreshes drawn so far (bench_gui reports the rate)
        self.lab_shown = 0  # lab frames drawn so far (bench_gui reports the canvas's fps)

        self.controls = ControlPanel()
        if cfg is None and preferences.last_preset():
            cfg = preset(preferences.last_preset())
        if cfg is not None:
            self.controls.load_config(cfg)
        self.settings_dock = dock = QDockWidget(self.tr("Settings"), self)
        dock.setObjectName("settings")
        # Closable: View ▸ Settings hides it, and a projector gets its width back.
        dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetMovable
                         | QDockWidget.DockWidgetFeature.DockWidgetClosable)
        dock.setWidget(self.controls)
        dock.setMinimumWidth(SETTINGS_WIDTH)
        self.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, dock)

        self.run_bar = RunBar()
        self.run_bar.set_ready(False)
        self.run_bar.state.setText(self.tr("loading PyTorch…"))
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
        left = QWidget()
        self._plots_column = QVBoxLayout(left)  # the plots and the meter go here (_build_views)
        self._plots_column.setContentsMargins(0, 0, 0, 0)
        self._splitter = splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        central = QWidget()
        column = QVBoxLayout(central)
        column.setContentsMargins(4, 4, 4, 4)
        column.addWidget(self.run_bar)
        column.addWidget(self.banner)
        column.addWidget(self.alarm)
        column.addWidget(self.phase_strip)
        column.addWidget(splitter, 1)
        self.setCentralWidget(central)

        self.help_panel = HelpPanel(self)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.help_panel)
        self.help_panel.hide()
        self.help_panel.visibilityChanged.connect(self._update_help)

        self.language_menu = add_language_menu(self)
        self._add_view_menu()
        self._add_help_menu()
        self.watchdog = FreezeWatchdog(data_dir, self.redraw, self._describe, self)
        self.watchdog.noticed.connect(self._on_freeze_noticed)
        self.runs = RunActions(self)  # the File menu, first in the bar
        self._status = StatusFields(self.statusBar())
        self._freeze_note = QLabel()
        self._freeze_note.setStyleSheet("color: #e65100; font-weight: bold;")
        self._freeze_note.hide()
        self.statusBar().addPermanentWidget(self._freeze_note)

        self._redraw_timer = QTimer(self)
        self._redraw_timer.setSingleShot(True)
        self._last_redraw_t = 0.0
        self._last_plots_t = 0.0
        self._redraw_timer.timeout.connect(self.redraw)

        bar = self.run_bar
        bar.start.clicked.connect(self.toggle_running)
        bar.reset.clicked.connect(self.request_reset)
        bar.slow.toggled.connect(self._on_slow_changed)
        bar.slow_delay.valueChanged.connect(self._on_slow_changed)
        for key, slot, text in (
            (Qt.Key.Key_Space, self.toggle_running, self.tr("Start or pause training")),
            (Qt.Key.Key_S, self._step_both, self.tr("One training iteration: D, then G")),
            (Qt.Key.Key_R, self.request_reset, self.tr("Reset: build new networks from the settings")),
        ):
            QShortcut(QKeySequence(key), self, activated=slot)
            self._keys.append((QKeySequence(key), text))

        self.controls.live_changed.connect(self._on_live_changed)
        self.controls.structural_changed.connect(self._on_structural_changed)
        self.controls.loss.currentTextChanged.connect(self._update_help)
        self.controls.preset_chosen.connect(lambda name: preferences.save(preset=name))

        self._update_status(0.0, 0.0)
        preferences.restore_layout(self)
        with QSignalBlocker(self.full_screen_action):  # the restored state, not a request to change it
            self.full_screen_action.setChecked(self.isFullScreen())
        self._apply_look()

        self._loader = EngineLoader(self)
        self._loader.loaded.connect(self._on_engine_loaded)
        self._loader.failed.connect(self._on_engine_failed)
        FirstPaint(self).painted.connect(lambda: QTimer.singleShot(0, self, self._after_first_paint))
        if "torch" in sys.modules:  # nothing slow left to defer
            self._build_views()
            self._build_engine()

    # ------------------------------------------------------------ opening in stages

    def _after_first_paint(self) -> None:
        self.first_painted.emit()
        if self.plots is None and not self._closed:
            self._build_views()
            self._loader.start()  # after the plots: importing both at once makes each slower (GIL)

    def _build_views(self) -> None:
        """The plots, the collapse meter and the samples: pyqtgraph and numpy load here."""
        from ganstudio.ui.collapse_meter import CollapseMeter
        from ganstudio.ui.history import History
        from ganstudio.ui.plots import TrainingPlots
        from ganstudio.ui.samples_view import SamplesView
        from ganstudio.ui.timeline import Timeline

        gc_policy.collect_in_gui_thread()
        self.history = History()
        self.plots = TrainingPlots(self.history)
        self.meter = CollapseMeter()
        self.meter.setFixedHeight(210)
        self.samples = SamplesView()
        self.timeline = Timeline()
        self.timeline.step_chosen.connect(self.runs.on_step_chosen)
        self.timeline.live_requested.connect(self.runs.on_live)
        self.timeline.branch_requested.connect(self.runs.branch)
        self._plots_column.addWidget(self.plots, 1)
        self._plots_column.addWidget(self.meter)
        right = QWidget()
        right_column = QVBoxLayout(right)
        right_column.setContentsMargins(0, 0, 0, 0)
        # Its size hint changes with what the lab view shows (colour bar labels...); in a layout
        # that would resize it, and re-render every axis, at each frame (ring8 trained 10x slower).
        self.samples.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        right_column.addWidget(self.samples, 1)
        right_column.addWidget(self.timeline)
        self._splitter.addWidget(right)
        self._splitter.setStretchFactor(0, 3)
        self._splitter.setStretchFactor(1, 2)
        self._splitter.setSizes([520, 560])
        lab = self.samples.lab
        lab.drawn_applied.connect(self.train_on_points)
        lab.export_requested.connect(self._ask_export)
        lab.import_requested.connect(self._ask_import)
        self._apply_look()
        self.views_built.emit()

    def _on_engine_loaded(self) -> None:
        if not self._closed and self.controller is None:
            self._build_engine()

    def _on_engine_failed(self, message: str) -> None:
        self.run_bar.state.setText(self.tr("PyTorch is missing"))
        self._show_banner(self.tr("PyTorch could not be loaded, so nothing can train: {0}").format(message))

    def _build_engine(self) -> None:
        """The training thread and the first networks (torch is imported by now)."""
        from ganstudio.engine.threads import serial_here
        from ganstudio.worker import TrainingController

        serial_here()  # before the GUI thread runs any torch op (the explorer does): see engine/threads.py
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
        self.runs.connect_worker(self.controller)
        self._build_explorer()

        lab = self.samples.lab
        lab.layers_changed.connect(self.controller.set_lab_layers)
        lab.view_changed.connect(self.controller.set_lab_view)
        self.controller.set_lab_layers(lab.layers())

        bar = self.run_bar
        bar.step_d.clicked.connect(self.controller.step_d)
        bar.step_g.clicked.connect(self.controller.step_g)
        bar.step_both.clicked.connect(self.controller.step_both)
        bar.run_n.clicked.connect(lambda: self.controller.run_n(bar.run_n_count.value()))
        bar.state.setText(self.tr("building the networks…"))
        if bar.slow.isChecked():
            self._on_slow_changed()
        self.controller.start_thread()
        self.controller.reset(self.controls.config())

    def _build_explorer(self) -> None:
        """The latent explorer dock (hidden until View ▸ Latent explorer); it imports torch."""
        from ganstudio.ui.latent_explorer import LatentExplorer

        self.explorer = LatentExplorer()
        self.explorer_dock = dock = QDockWidget(self.tr("Latent explorer"), self)
        dock.setObjectName("latent_explorer")
        dock.setWidget(self.explorer)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)
        dock.hide()
        self.explorer_action.setEnabled(True)
        self.explorer_action.toggled.connect(dock.setVisible)
        dock.visibilityChanged.connect(self._on_explorer_shown)
        self.restoreDockWidget(dock)  # where the last session left it (the layout was restored before it existed)
        self.explorer.export_dir = self.runs.export_dir
        self.explorer.refresh_requested.connect(self.controller.request_latent_snapshot)
        self.controller.worker.latent_snapshot.connect(self.explorer.set_snapshot)
        self.explorer.apply_style(self._views_style)

    def _on_explorer_shown(self, visible: bool) -> None:
        with QSignalBlocker(self.explorer_action):
            self.explorer_action.setChecked(visible)
        if visible and self.controller is not None:
            self.controller.request_latent_snapshot()

    # ------------------------------------------------------------ menus: view and help

    def _add_view_menu(self) -> None:
        menu = self.menuBar().addMenu(self.tr("&View"))
        self.presentation_action = menu.addAction(self.tr("&Presentation mode"))
        self.presentation_action.setCheckable(True)
        self.presentation_action.setChecked(self.presentation)
        self.presentation_action.setShortcut(QKeySequence(Qt.Key.Key_F5))
        self.presentation_action.toggled.connect(self.set_presentation)
        self._keys.append((QKeySequence(Qt.Key.Key_F5), self.tr(
            "Presentation mode: large fonts, thick lines, advanced settings hidden")))
        theme_menu = menu.addMenu(self.tr("&Theme"))
        group = QActionGroup(theme_menu)
        self.theme_actions = {}
        for name, text in ((LIGHT, self.tr("&Light")), (DARK, self.tr("&Dark"))):
            action = theme_menu.addAction(text)
            action.setCheckable(True)
            action.setChecked(name == self.theme)
            action.setData(name)
            group.addAction(action)
            self.theme_actions[name] = action
        group.triggered.connect(lambda action: self.set_theme(action.data()))
        self.full_screen_action = menu.addAction(self.tr("&Full screen"))
        self.full_screen_action.setCheckable(True)
        self.full_screen_action.setShortcut(QKeySequence(Qt.Key.Key_F11))
        self.full_screen_action.toggled.connect(self._set_full_screen)
        self._keys.append((QKeySequence(Qt.Key.Key_F11), self.tr("Full screen on or off")))
        menu.addSeparator()
        menu.addAction(self.settings_dock.toggleViewAction())
        self.explorer_action = menu.addAction(self.tr("&Latent explorer"))
        self.explorer_action.setCheckable(True)
        self.explorer_action.setEnabled(False)  # once PyTorch has loaded
        self.explorer_action.setShortcut(QKeySequence("Ctrl+L"))
        self.explorer_action.setToolTip(self.tr(
            "Play with G's noise input: interpolate, add and subtract noise vectors, move sliders."))
        self._keys.append((QKeySequence("Ctrl+L"), self.tr("Show or hide the latent explorer")))

    def _add_help_menu(self) -> None:
        menu = self.menuBar().addMenu(self.tr("&Help"))
        self.help_action = self.help_panel.toggleViewAction()
        self.help_action.setShortcut(QKeySequence(Qt.Key.Key_F1))
        menu.addAction(self.help_action)
        self._keys.append((QKeySequence(Qt.Key.Key_F1), self.tr(
            "Show or hide “What am I looking at?”, the explanation of the view on screen")))
        self.shortcuts_action = menu.addAction(self.tr("&Keyboard shortcuts…"))
        self.shortcuts_action.triggered.connect(self.show_shortcuts)

    def shortcut_list(self) -> list[tuple[QKeySequence, str]]:
        return list(self._keys)

    def show_shortcuts(self) -> ShortcutsDialog:
        dialog = ShortcutsDialog(self.shortcut_list(), self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()
        return dialog

    def set_theme(self, theme: str) -> None:
        self.theme = theme
        with QSignalBlocker(self.theme_actions[theme]):
            self.theme_actions[theme].setChecked(True)
        preferences.save(theme=theme)
        self._apply_look()

    def set_presentation(self, on: bool) -> None:
        self.presentation = on
        with QSignalBlocker(self.presentation_action):
            self.presentation_action.setChecked(on)
        preferences.save(presentation=on)
        self._apply_look()

    def _set_full_screen(self, on: bool) -> None:
        if on:
            self.showFullScreen()
        else:
            self.showNormal()

    def changeEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        """View ▸ Full screen shows the window's real state, also when the window manager (a
        keyboard shortcut of its own, a double-click on the title) changed it."""
        if event.type() == QEvent.Type.WindowStateChange:
            with QSignalBlocker(self.full_screen_action):
                self.full_screen_action.setChecked(self.isFullScreen())
        super().changeEvent(event)

    def _apply_look(self) -> None:
        """Theme and presentation mode, on the application and on every canvas."""
        app_look().apply(self.theme, self.presentation)
        self.controls.show_advanced(not self.presentation)
        style = plot_style(self.theme, self.presentation)
        self.phase_strip.set_font_scale(style.scale)
        self._status.refit()  # the application font may have changed size
        # Larger text needs a wider panel, or its labels hide behind a horizontal scroll bar.
        self.settings_dock.setMinimumWidth(round(SETTINGS_WIDTH * min(style.scale, 1.35)))
        if self.plots is not None and style != self._views_style:
            self._views_style = style
            for view in (self.plots, self.meter, self.samples, getattr(self, "explorer", None),
                         *self.runs.compare_windows()):
                if view is not None:
                    view.apply_style(style)

    def _update_help(self) -> None:
        """The help panel follows the view on screen: data, loss, meter, slow motion."""
        if not self.help_panel.isVisible():
            return  # redone when it is shown
        cfg = self._shown_cfg or self.controls.config()
        self.help_panel.show_context(HelpContext(
            dataset=cfg.data.name, is_2d=cfg.data.name in DATASETS_2D, loss=self.controls.loss.currentText(),
            meter=self._meter_kind, slow=self.run_bar.slow.isChecked()))

    # ------------------------------------------------------------ user actions

    def toggle_running(self) -> None:
        if self.controller is None:
            return
        if self.state == RUNNING:
            self.controller.pause()
            return
        if self.runs.start_requested():
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
        if self.controller is None:
            return False  # the first networks are built from the settings once torch is loaded
        self.controller.reset(cfg)
        return True

    def _step_both(self) -> None:
        if self.controller is not None:
            self.controller.step_both()

    def _ask_reset(self) -> bool:
        answer = QMessageBox.question(
            self, self.tr("Reset training?"),
            self.tr("Resetting builds new networks from the current settings and discards the "
                    "{0} steps trained so far. Reset now?").format(self.step))
        return answer == QMessageBox.StandardButton.Yes

    def _ask_branch(self, step: int) -> bool:
        answer = QMessageBox.question(
            self, self.tr("Branch a new run?"),
            self.tr("Start a new run from the checkpoint at step {0} of this run, with the learning rates, "
                    "loss and other live settings now in the panel? This run stays as it is.").format(step))
        return answer == QMessageBox.StandardButton.Yes

    def _on_slow_changed(self) -> None:
        bar = self.run_bar
        on = bar.slow.isChecked()
        if self.controller is not None:
            self.controller.set_slow_motion(bar.slow_delay.value() if on else None)
        self.phase_strip.setVisible(on)
        if not on and self.samples is not None:
            self.samples.lab.clear_phase()
        self._update_help()

    def _on_live_changed(self, changes: dict) -> None:
        if self.controller is not None:
            self.controller.apply_hparams(changes)

    def _on_structural_changed(self) -> None:
        self.needs_reset = True
        self.run_bar.set_needs_reset(True)
        self.statusBar().showMessage(self.tr("Settings changed: press Reset to build the new networks."), 5000)

    # ------------------------------------------------------------ worker signals

    def _on_frame(self, frame: dict) -> None:
        self.watchdog.frame_arrived()
        self.history.append(frame)
        self.step = frame["step_count"]
        self._train_s = frame["train_s"]
        self._lr = (frame["lr_d"], frame["lr_g"])
        self._noise_sigma = frame["instance_noise"]
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
        self.watchdog.redrawn()
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
        self._update_status(self._rate, self._train_s)

    def _update_status(self, rate: float, train_s: float) -> None:
        s = self._status
        s.set("step", self.tr("step {0}").format(self.step))
        s.set("rate", self.tr("{0:.0f} steps/s").format(rate))
        s.set("elapsed", self.tr("{0:.1f} s trained").format(train_s))
        lr_d, lr_g = self._lr
        text = self.tr("lr D {0:.2g}  ·  lr G {1:.2g}").format(lr_d, lr_g)
        sigma = self._noise_sigma
        if sigma:
            text += "  ·  " + self.tr("noise σ {0:.3f}").format(sigma)
        s.set("lr", text)

    def _on_state_changed(self, state: str) -> None:
        self.state = state
        self.watchdog.training = state == RUNNING
        self.run_bar.set_running(state == RUNNING)
        names = {"running": self.tr("running"), "paused": self.tr("paused"), "idle": self.tr("ready")}
        self.run_bar.state.setText(names.get(state, state))
        if state != RUNNING:
            self._rate = 0.0
            self._update_status(0.0, self._train_s)

    def _on_reset_done(self, info: dict) -> None:
        cfg = info["config"]
        self.runs.stop_following()
        self.history.clear()
        self.plots.clear()
        self.plots.set_cursor(None)
        self.samples.show_live()
        if info.get("opened"):
            self.controls.load_config(cfg)
        self.plots.set_loss_kind(cfg.loss.kind)
        self.samples.set_dataset(info)
        meter = info.get("meter")
        self.meter.set_kind(meter and meter["kind"], meter["n_modes"] if meter else 0,
                            conditional=bool(getattr(cfg, "conditional", False)))
        if meter is None and not info["is_2d"] and info.get("meter_note"):
            # the engine's English; its fixed notes are in the translations under "Meter"
            self.statusBar().showMessage(QCoreApplication.translate("Meter", info["meter_note"]), 10000)
        self.alarm.hide()
        self._shown_cfg = cfg
        self._meter_kind = meter["kind"] if meter else ""
        self._update_help()
        self.run_bar.set_ready(True)
        if info.get("lab"):
            self.samples.lab.set_lab(info["lab"])
        self.step = info.get("step", 0)
        self._samples = None
        self._lab = None
        self._rate, self._train_s = 0.0, info.get("train_s", 0.0)
        if info.get("opened"):
            self.runs.on_opened(info)
        self._lr = (cfg.opt_d.lr, cfg.opt_g.lr)
        self._noise_sigma = instance_noise_at(cfg.loss, self.step)
        self.needs_reset = False
        self.run_bar.set_needs_reset(False)
        self.banner.hide()
        self._status.set("device", self.tr("device {0}").format(info["device"]))
        self._update_status(0.0, self._train_s)
        if self.explorer is not None and self.explorer_dock.isVisible():  # follow the new networks
            self.controller.request_latent_snapshot()
        self.reset_applied.emit()

    def _on_hparams_applied(self, step: int, changes: dict) -> None:
        description = describe_changes(changes)
        self.plots.add_marker(step, description)
        self.plots.set_loss_kind(self.controls.loss.currentText())
        # The status bar shows the new values now, not at the next frame (none comes while paused).
        lr_d, lr_g = self._lr
        self._lr = (changes.get("opt_d.lr", (None, lr_d))[1], changes.get("opt_g.lr", (None, lr_g))[1])
        if any(key.startswith("loss.instance_noise") for key in changes):
            self._noise_sigma = instance_noise_at(self.controls.config().loss, step)
        self._update_status(self._rate if self.state == RUNNING else 0.0, self._train_s)
        self.statusBar().showMessage(self.tr("Applied at step {0}: {1}").format(step, description), 5000)

    def show_events(self, events: list[dict]) -> None:
        """The markers of a run's past events (engine/run_events.py), as they were drawn live:
        a run opened again looks as it did, collapse alarm included."""
        from ganstudio.engine.meter import AlarmEvent

        for event in events:
            if event["kind"] == "hparams":
                self.plots.add_marker(event["step"], describe_changes(
                    {key: tuple(change) for key, change in event["changes"].items()}))
            elif event["kind"] == "alarm" and self.meter.kind is not None:
                self._on_alarm(AlarmEvent.from_dict(event))

    def _on_alarm(self, event: AlarmEvent) -> None:
        """Collapse began (or ended): say what it means and what to try, and mark every plot."""
        from ganstudio.ui.collapse_meter import ALARM_COLOR, RECOVER_COLOR

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
        self.run_bar.set_ready(True)  # a first reset that failed: the user fixes the settings, resets
        self._show_banner(message)

    def _describe(self) -> str:
        """The window's state for a freeze report. The watchdog's thread calls it: plain attributes only."""
        return f"step {self.step}, {self.state}"

    def _on_freeze_noticed(self, what: str, path: str) -> None:
        note = self.tr("{0}; the stacks of every thread are in {1}").format(what, path) if path else what
        self._freeze_note.setText("⚠ " + what)
        self._freeze_note.setToolTip(note)
        self._freeze_note.show()
        self.statusBar().showMessage(note, 15000)

    def _show_banner(self, message: str) -> None:
        self.banner.setText(message)
        self.banner.show()
        self.statusBar().showMessage(message, 10000)

    # ------------------------------------------------------------ the 2-D lab view's files

    def train_on_points(self, points) -> None:
        """Save drawn points as a CSV (kept, never overwritten) and reset training on that file."""
        from ganstudio.engine.data import DataError
        from ganstudio.ui.user_files import save_drawing

        try:
            path = save_drawing(points)
        except (OSError, DataError) as exc:
            self._show_banner(self.tr("Cannot save the drawing: {0}").format(exc))
            return
        self.statusBar().showMessage(self.tr("Drawing saved to {0}").format(path), 10000)
        self.train_on_file(path)

    def _ask_import(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Train on points from a CSV file"), str(Path.home()),
                                              self.tr("CSV files (*.csv *.txt);;All files (*)"))
        if path:
            self.train_on_file(path)

    def train_on_file(self, path) -> bool:
        """Reset training on the x,y points of a CSV file. The file is read first: a bad one is
        named in the banner (with its bad lines) and the settings and the run stay as they were."""
        from ganstudio.engine.data import DataError, load_points_csv

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
                                              str(self.runs.export_dir() / "points.csv"),
                                              self.tr("CSV files (*.csv)"))
        if path:
            self.export_points(path)

    def export_points(self, path) -> bool:
        """Write the real and generated points now on screen to ``path`` (x, y, set)."""
        from ganstudio.engine.data import DataError, save_real_and_generated

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
        self._closed = True
        self.watchdog.stop()
        preferences.save_layout(self)
        preferences.save(preset=self.controls.preset.currentText())
        self._loader.wait(30.0)
        self.runs.shutdown()
        if self.controller is not None:
            self.controller.shutdown(10000)  # the run's last rows and checkpoint are written first
        app_look().restore()  # the application's font and palette are shared: give them back
        super().closeEvent(event)
