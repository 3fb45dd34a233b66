"""The live training window: settings on the left, run buttons, plots and samples on the right.

The window never touches the Trainer: it sends commands through the TrainingController and draws
what the worker's signals carry (protocol.py). Frames are appended to History as they arrive and
drawn by ui/window/redraw.py at most every REDRAW_INTERVAL_S, so a backlog of frames costs one redraw. The
run's step, state and numbers live in a Session (ui/window/session.py) that the run bar, the status bar
and the File menu observe.

The window opens in three stages so it paints before torch is imported (ui/window/startup.py): the shell
(settings, run bar, menus) at once; the plots, meter and samples (pyqtgraph, numpy) right after the
first paint; the training thread once a background thread has imported torch. The run bar says
"loading PyTorch…" and its buttons wait until the first networks are built. When torch is loaded
already (tests, benchmarks) all three stages run in the constructor, as before.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QDockWidget, QLabel, QMainWindow, QMessageBox, QWidget

from ganstudio.engine.train.config import DATASETS_2D, ConfigError, RunConfig, validate
from ganstudio.engine.train.loss_kinds import instance_noise_at
from ganstudio.engine.train.presets import preset
from ganstudio.protocol import RUNNING, Frame, PhaseInfo, ResetInfo
from ganstudio.ui.window import gc_policy
from ganstudio.ui.settings import preferences
from ganstudio.ui.settings.appearance import DEFAULT_STYLE, app_look, plot_style
from ganstudio.ui.settings.controls import ControlPanel
from ganstudio.ui.window.help_panel import HelpContext, HelpPanel
from ganstudio.ui.settings.i18n import add_language_menu
from ganstudio.ui.lab.lab_files import LabFiles
from ganstudio.ui.plotting.markers import describe_changes
from ganstudio.ui.population.wall_actions import PopulationActions
from ganstudio.ui.runs.run_actions import RunActions
from ganstudio.ui.window.redraw import Redraw
from ganstudio.ui.window.run_column import RunColumn
from ganstudio.ui.window.session import Session
from ganstudio.ui.window.shortcut_list import ShortcutList
from ganstudio.ui.window.shortcuts_dialog import ShortcutsDialog
from ganstudio.ui.window.startup import EngineLoader, FirstPaint
from ganstudio.ui.window.status_fields import StatusFields
from ganstudio.ui.settings.user_files import data_dir
from ganstudio.ui.window.view_menus import ViewMenus
from ganstudio.ui.widgets.screen_fit import fit_window
from ganstudio.ui.window.watchdog import FreezeWatchdog
from ganstudio.ui.widgets.tooltip_text import tip

if TYPE_CHECKING:
    from ganstudio.engine.metrics.meter import AlarmEvent


FRAME_KNOWN_MS = 250  # after the first show, when the window manager has framed the window
SETTINGS_WIDTH = 330  # px, the settings dock at normal size

class MainWindow(QMainWindow):
    frame_applied = Signal(int)  # new steps are in the History (Session.rows_added): the step after them
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

        self.session = Session(self)  # the run on screen: step, state, numbers (ui/window/session.py)
        self.history = self.plots = self.meter = self.samples = self.timeline = None  # made by _build_views
        self.lab_files = None  # made by _build_views
        self.controller = None  # made by _build_engine, once torch is loaded
        self.explorer = self.explorer_dock = None  # made by _build_explorer, with the engine
        self.theme, self.presentation = preferences.theme(), preferences.presentation()
        self.views_style = DEFAULT_STYLE  # the plots' look now (appearance.PlotStyle)
        self._shown_cfg: RunConfig | None = None  # the configuration of the networks on screen
        self._meter_kind: str | None = None  # after a reset: "modes", "classes" or "" (no meter)
        self._closed = False
        self.shortcuts = ShortcutList()  # for Help ▸ Keyboard shortcuts
        self.painter = None  # the coalesced redraws (ui/window/redraw.py), made with the views

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

        self.column = column = RunColumn()
        self.run_bar, self.banner = column.run_bar, column.banner
        self.alarm, self.phase_strip = column.alarm, column.phase_strip
        self.run_bar.set_ready(False)
        self.run_bar.state.setText(self.tr("loading PyTorch…"))
        self.setCentralWidget(column)

        self.help_panel = HelpPanel(self)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.help_panel)
        self.help_panel.hide()
        self.help_panel.visibilityChanged.connect(self._update_help)

        self.language_menu = add_language_menu(self)
        self.menus = menus = ViewMenus(self, self.shortcuts, dock, self.help_panel, self.theme, self.presentation)
        # The actions a user (and a test) reaches from the menus:
        self.presentation_action, self.theme_actions = menus.presentation_action, menus.theme_actions
        self.full_screen_action, self.explorer_action = menus.full_screen_action, menus.explorer_action
        self.help_action, self.shortcuts_action = menus.help_action, menus.shortcuts_action
        menus.presentation_toggled.connect(self.set_presentation)
        menus.theme_chosen.connect(self.set_theme)
        menus.full_screen_toggled.connect(self._set_full_screen)
        menus.shortcuts_action.triggered.connect(self.show_shortcuts)
        self.watchdog = FreezeWatchdog(data_dir, self.redraw, self._describe, self)
        self.watchdog.noticed.connect(self._on_freeze_noticed)
        self.runs = RunActions(self, self.session, self.shortcuts)  # the File menu, first in the bar
        self.populations = PopulationActions(self, self.runs)  # File ▸ New population… and the walls
        self.runs.writing_folder_changed.connect(self.watchdog.set_folder)
        self.session.state_changed.connect(self.watchdog.set_state)
        self._status = StatusFields(self.statusBar())
        self._freeze_note = QLabel()
        self._freeze_note.setStyleSheet("color: #e65100; font-weight: bold;")
        self._freeze_note.hide()
        self.statusBar().addPermanentWidget(self._freeze_note)

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
            self.shortcuts.add(key, text)

        self.controls.live_changed.connect(self._on_live_changed)
        self.controls.live_changed.connect(self._update_help)  # instance noise on or off
        self.controls.structural_changed.connect(self._on_structural_changed)
        self.controls.loss_changed.connect(self._update_help)
        self.controls.preset_chosen.connect(lambda name: preferences.save(preset=name))

        session = self.session
        session.rows_added.connect(self._schedule_redraw)
        session.rows_added.connect(self.frame_applied)
        session.numbers_changed.connect(lambda: self._status.show(session))
        session.state_changed.connect(self._show_state)
        session.needs_reset_changed.connect(self.run_bar.set_needs_reset)
        session.problem.connect(self._show_banner)
        session.note.connect(self.statusBar().showMessage)

        self._status.show(session)
        preferences.restore_layout(self)
        menus.show_full_screen(self.isFullScreen())  # the restored state, not a request to change it
        self._apply_look()
        fit_window(self)  # a default or saved size no larger than this screen

        self._loader = EngineLoader(self)
        self._loader.loaded.connect(self._on_engine_loaded)
        self._loader.failed.connect(self._on_engine_failed)
        FirstPaint(self).painted.connect(lambda: QTimer.singleShot(0, self, self._after_first_paint))
        if "torch" in sys.modules:  # nothing slow left to defer
            self._build_views()
            self._build_engine()

    # The run on screen, read-only here: the Session owns it.
    step = property(lambda self: self.session.step)
    state = property(lambda self: self.session.state)
    needs_reset = property(lambda self: self.session.needs_reset)

    # ------------------------------------------------------------ opening in stages

    def _after_first_paint(self) -> None:
        self.first_painted.emit()
        if self.plots is None and not self._closed:
            self._build_views()
            self._loader.start()  # after the plots: importing both at once makes each slower (GIL)

    def _build_views(self) -> None:
        """The plots, the collapse meter and the samples: pyqtgraph and numpy load here."""
        from ganstudio.ui.plotting.collapse_meter import CollapseMeter
        from ganstudio.ui.plotting.history import History
        from ganstudio.ui.plotting.plots import TrainingPlots
        from ganstudio.ui.plotting.samples_view import SamplesView
        from ganstudio.ui.runs.timeline import Timeline

        gc_policy.collect_in_gui_thread()
        self.history = History()
        self.plots = TrainingPlots(self.history)
        self.meter = CollapseMeter()
        self.samples = SamplesView()
        self.timeline = Timeline()
        self.timeline.step_chosen.connect(self.runs.on_step_chosen)
        self.timeline.live_requested.connect(self.runs.on_live)
        self.timeline.branch_requested.connect(self.runs.branch)
        self.lab_files = LabFiles(self.session, self.controls, self.samples, self.request_reset,
                                  self.runs.export_dir, self)
        self.column.add_views(self.plots, self.meter, self.samples, self.timeline)
        self.painter = Redraw(self.session, self.plots, self.meter, self.samples, self.watchdog,
                              lambda: self._status.show(self.session), self)
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
        from ganstudio.engine.train.threads import serial_here
        from ganstudio.controller import TrainingController

        serial_here()  # before the GUI thread runs any torch op (the explorer does): see engine/train/threads.py
        self.controller = TrainingController(self)
        w = self.controller.worker
        w.frame.connect(self._on_frame)
        w.state_changed.connect(self._on_state_changed)
        w.error.connect(self._on_error)
        w.reset_failed.connect(self._on_reset_failed)
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
        from ganstudio.ui.explorer.explorer_dock import ExplorerDock

        self.explorer_dock = ExplorerDock(self, self.explorer_action, self.controller, self.runs.export_dir,
                                          self.views_style)
        self.explorer = self.explorer_dock.explorer
        self.explorer_dock.visibilityChanged.connect(self.menus.show_explorer)

    # ------------------------------------------------------------ view and help

    def shortcut_list(self) -> list[tuple[QKeySequence, str]]:
        return self.shortcuts.rows()

    def show_shortcuts(self) -> ShortcutsDialog:
        dialog = ShortcutsDialog(self.shortcut_list(), self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()
        return dialog

    def set_theme(self, theme: str) -> None:
        self.theme = theme
        self.menus.show_theme(theme)
        preferences.save(theme=theme)
        self._apply_look()

    def set_presentation(self, on: bool) -> None:
        self.presentation = on
        self.menus.show_presentation(on)
        preferences.save(presentation=on)
        self._apply_look()
        fit_window(self)  # larger fonts: still inside the screen

    def _set_full_screen(self, on: bool) -> None:
        if on:
            self.showFullScreen()
        else:
            self.showNormal()

    def showEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        super().showEvent(event)
        if not event.spontaneous():  # shown by the program: fit again once the frame is known
            shown = self.size()
            QTimer.singleShot(FRAME_KNOWN_MS, self, lambda: self._fit_framed(shown))

    def _fit_framed(self, shown) -> None:
        """The window manager's frame is known now: take it into account, unless the window was
        resized since it was shown (by the program or the user: that size stands)."""
        if self.size() == shown:
            fit_window(self)

    def changeEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        """View ▸ Full screen shows the window's real state, also when the window manager (a
        keyboard shortcut of its own, a double-click on the title) changed it."""
        if event.type() == QEvent.Type.WindowStateChange:
            self.menus.show_full_screen(self.isFullScreen())
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
        if self.plots is not None and style != self.views_style:
            self.views_style = style
            for view in (self.plots, self.meter, self.samples, self.explorer,
                         *self.runs.compare_windows()):
                if view is not None:
                    view.apply_style(style)
            self.column.arrange()  # the plots' titles need another width

    def _update_help(self) -> None:
        """The help panel follows the view on screen: data, loss, meter, slow motion."""
        if not self.help_panel.isVisible():
            return  # redone when it is shown
        live = self.controls.config()  # live settings (instance noise): as the controls have them now
        cfg = self._shown_cfg or live
        loss = live.loss
        noise = ((loss.instance_noise, loss.instance_noise_final, loss.instance_noise_steps)
                 if loss.instance_noise > 0 else None)
        self.help_panel.show_context(HelpContext(
            dataset=cfg.data.name, is_2d=cfg.data.name in DATASETS_2D, loss=self.controls.loss_kind(),
            meter=self._meter_kind, slow=self.run_bar.slow.isChecked(), noise=noise))

    # ------------------------------------------------------------ user actions

    def toggle_running(self) -> None:
        if self.controller is None:
            return
        if self.session.running:
            self.controller.pause()
            return
        if self.runs.start_requested():
            return
        if self.session.needs_reset and self.confirm_reset():
            if not self._send_reset():
                return
        self.banner.hide()
        self.controller.start()

    def request_reset(self) -> None:
        if self.session.step == 0 or self.confirm_reset():
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
        # Sent: commands run in order, so a Start pressed before the new networks arrive trains
        # them. Left marked, that Start asked "Reset training?" again and sent a second reset (and
        # a test that waited on the old state clicked Start twice and never saw a pause).
        self.session.set_needs_reset(False)
        return True

    def _step_both(self) -> None:
        if self.controller is not None:
            self.controller.step_both()

    def _ask_reset(self) -> bool:
        answer = QMessageBox.question(
            self, self.tr("Reset training?"),
            self.tr("Resetting builds new networks from the current settings and discards the "
                    "{0} steps trained so far. Reset now?").format(self.session.step))
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
        if on and self.sender() is bar.slow:  # slow motion is watched on the samples: bring them forward
            self.column.show_view(self.column.SAMPLES)
        if not on and self.samples is not None:
            self.samples.lab.clear_phase()
        self._update_help()

    def _on_live_changed(self, changes: dict) -> None:
        if self.controller is not None:
            self.controller.apply_hparams(changes)

    def _on_structural_changed(self) -> None:
        self.session.set_needs_reset(True)
        self.statusBar().showMessage(self.tr("Settings changed: press Reset to build the new networks."), 5000)

    # ------------------------------------------------------------ worker signals

    def _on_frame(self, frame: Frame) -> None:
        self.watchdog.frame_arrived()
        self.history.append(frame.rows)
        self.session.take_numbers(train_s=frame.train_s, lr=(frame.lr_d, frame.lr_g),
                                  noise_sigma=frame.instance_noise, rate=frame.steps_per_s,
                                  threads=frame.threads)
        self.painter.take(samples=frame.samples, lab=frame.lab)
        if frame.meter is not None:
            self.meter.add(frame.meter)
        if frame.alarm is not None:
            self._on_alarm(frame.alarm)
        self.session.add_rows(frame.step_count)  # a redraw, and frame_applied

    def _on_lab(self, lab: dict) -> None:
        self.painter.take(lab=lab)
        self.painter.schedule()

    def _on_phase(self, phase: PhaseInfo) -> None:
        """Slow motion: caption, highlights and the changed pictures are shown at once (a phase
        is on screen for a second or more, so there is nothing to coalesce)."""
        self.phase_strip.show_phase(phase)
        if phase.samples is not None:
            self.samples.set_samples(phase.samples)
        if self.samples.is_2d:
            if phase.lab is not None:
                self.samples.lab.set_lab(phase.lab)
            self.samples.lab.show_phase(phase)

    def _schedule_redraw(self, *_) -> None:
        if self.painter is not None:
            self.painter.schedule()

    def redraw(self) -> None:
        """Draw what has arrived now (the watchdog calls this when the redraw timer seems dead)."""
        if self.painter is not None:
            self.painter.now()

    def _on_state_changed(self, state: str) -> None:
        self.session.set_state(state)

    def _show_state(self, state: str) -> None:
        self.run_bar.set_running(state == RUNNING)
        names = {"running": self.tr("running"), "paused": self.tr("paused"), "idle": self.tr("ready")}
        self.run_bar.state.setText(names.get(state, state))

    def _on_reset_done(self, info: ResetInfo) -> None:
        cfg = info.config
        self.runs.stop_following()
        self.history.clear()
        self.plots.clear()
        self.plots.set_cursor(None)
        self.samples.show_live()
        if info.opened:
            self.controls.load_config(cfg)
        self.plots.set_loss_kind(cfg.loss.kind)
        self.samples.set_dataset(info)
        meter = info.meter
        self.meter.set_kind(meter and meter.kind, meter.n_modes if meter else 0,
                            conditional=bool(getattr(cfg, "conditional", False)))
        if meter is None and not info.is_2d and info.meter_note:
            # the engine's English; its fixed notes are in the translations under "Meter"
            self.statusBar().showMessage(QCoreApplication.translate("Meter", info.meter_note), 10000)
        self.alarm.hide()
        self._shown_cfg = cfg
        self._meter_kind = meter.kind if meter else ""
        self._update_help()
        self.run_bar.set_ready(True)
        if info.lab:
            self.samples.lab.set_lab(info.lab)
        self.painter.forget()
        self.session.new_trainer(step=info.step, train_s=info.train_s, lr=(cfg.opt_d.lr, cfg.opt_g.lr),
                                 noise_sigma=instance_noise_at(cfg.loss, info.step), device=info.device)
        if info.opened:
            self.runs.on_opened(info)
        self.banner.hide()
        if self.explorer is not None and self.explorer_dock.isVisible():  # follow the new networks
            self.controller.request_latent_snapshot()
        self.reset_applied.emit()

    def _on_hparams_applied(self, step: int, changes: dict) -> None:
        description = describe_changes(changes)
        self.plots.add_marker(step, description)
        self.plots.set_loss_kind(self.controls.loss_kind())
        # The status bar shows the new values now, not at the next frame (none comes while paused).
        lr_d, lr_g = self.session.lr
        numbers = {"lr": (changes.get("opt_d.lr", (None, lr_d))[1], changes.get("opt_g.lr", (None, lr_g))[1])}
        if any(key.startswith("loss.instance_noise") for key in changes):
            numbers["noise_sigma"] = instance_noise_at(self.controls.config().loss, step)
        self.session.change_numbers(**numbers)
        self.statusBar().showMessage(self.tr("Applied at step {0}: {1}").format(step, description), 5000)

    def show_events(self, events: list[dict]) -> None:
        """The markers of a run's past events (engine/runs/events.py), as they were drawn live:
        a run opened again looks as it did, collapse alarm included."""
        from ganstudio.engine.metrics.meter import AlarmEvent

        for event in events:
            if event["kind"] == "hparams":
                self.plots.add_marker(event["step"], describe_changes(
                    {key: tuple(change) for key, change in event["changes"].items()}))
            elif event["kind"] == "alarm" and self.meter.kind is not None:
                self._on_alarm(AlarmEvent.from_dict(event))

    def _on_alarm(self, event: AlarmEvent) -> None:
        """Collapse began (or ended): say what it means and what to try, and mark every plot."""
        from ganstudio.ui.plotting.collapse_meter import ALARM_COLOR, RECOVER_COLOR

        text, label = self.alarm.show_event(event, self.meter.kind)
        self.plots.add_marker(event.step, label, color=ALARM_COLOR if event.started else RECOVER_COLOR)
        self.meter.mark_alarm(event.step, label)
        self.statusBar().showMessage(text, 10000)

    def _on_nonfinite(self, message: str) -> None:
        self._show_banner(message)

    def _on_reset_failed(self, message: str) -> None:
        """The settings on screen are still not the networks': Reset stays marked."""
        self.session.set_needs_reset(True)
        self._on_error(message)

    def _on_error(self, message: str) -> None:
        self.run_bar.set_ready(True)  # a first reset that failed: the user fixes the settings, resets
        self._show_banner(message)

    def _describe(self) -> str:
        """The window's state for a freeze report. The watchdog's thread calls it: plain attributes only."""
        return f"step {self.session.step}, {self.session.state}"

    def _on_freeze_noticed(self, what: str, path: str) -> None:
        note = self.tr("{0}; the stacks of every thread are in {1}").format(what, path) if path else what
        self._freeze_note.setText("⚠ " + what)
        self._freeze_note.setToolTip(tip(note))
        self._freeze_note.show()
        self.statusBar().showMessage(note, 15000)

    def _show_banner(self, message: str) -> None:
        self.column.show_banner(message)
        self.statusBar().showMessage(message, 10000)

    # ------------------------------------------------------------ shutdown

    def closeEvent(self, event) -> None:
        self._closed = True
        self.watchdog.stop()
        preferences.save_layout(self)
        preferences.save(preset=self.controls.preset_name())
        self._loader.wait(30.0)
        self.runs.shutdown()
        self.populations.shutdown()
        if self.controller is not None:
            self.controller.shutdown(10000)  # the run's last rows and checkpoint are written first
        app_look().restore()  # the application's font and palette are shared: give them back
        super().closeEvent(event)
