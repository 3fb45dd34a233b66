"""The one place where the engine meets Qt: a Trainer driven by a worker object in its own QThread.

Why a command queue and not queued slots: ``run()`` loops for the whole session, so a queued slot
on the worker would never be delivered. The GUI thread puts commands into a ``queue.SimpleQueue``
that the loop polls between steps (and blocks on, with a timeout, while paused — no busy wait).

Why one ``frame`` signal at most every 50 ms: one signal per step floods the GUI thread's event
queue (docs/ARCHITECTURE.md, "Threads"). Per step the loop only calls ``trainer.step()`` and writes its floats
into a preallocated numpy buffer; every ``FRAME_INTERVAL_S`` the buffered rows leave in one signal,
and every ``SAMPLES_INTERVAL_S`` the frame also carries G's fixed-noise samples.
"""

from __future__ import annotations

import math
import queue
import threading
import time
from pathlib import Path

from PySide6.QtCore import QObject, Signal

from ganstudio.engine.train.config import ConfigError, RunConfig
from ganstudio.engine.lab.frame import Lab
from ganstudio.engine.metrics.meter import Meter, meter_for
from ganstudio.engine.train.phases import Phase
from ganstudio.engine.runs.recorder import Recorder
from ganstudio.engine.runs.events import hparams_event, short_value
from ganstudio.engine.runs.writer import RunError
from ganstudio.engine.train import graph_step
from ganstudio.engine.train.graph_step import GraphStep
from ganstudio.engine.train.stat_buffer import StatBuffer
from ganstudio.engine.train.threads import ThreadPolicy
from ganstudio.engine.train.trainer import StepStats, Trainer
from ganstudio.protocol import (
    IDLE, NEEDS_MODEL, PAUSED, RUNNING, Command, Frame, MeterInfo, PhaseInfo, ResetInfo, RunInfo, Saved,
)

FRAME_INTERVAL_S = 0.05  # 20 frames/s: twice the window's redraw rate, each frame costs the GUI a slot call
SAMPLES_INTERVAL_S = 0.125  # with 50 ms frames: every 3rd frame, ~6.7 refreshes a second (the goal: ≥ 5)
# While the 2-D lab view shows a computed layer: a lab frame (with fresh samples) every other
# frame, 45 ms apart plus a step, so the canvas gets a little over 10 new pictures a second (issue 4).
LAB_INTERVAL_S = 0.085
LAB_FRAME_INTERVAL_S = 0.045
# The collapse meter: 2-D mode metrics (2,500 points, ~3 ms) three times a second; the image
# metrics (500 images through G and the classifier, ≤ 50 ms) every two seconds, ~2 % of training.
METER_INTERVAL_S = {"modes": 0.33, "classes": 2.0}
IDLE_POLL_S = 0.25


class TrainingWorker(QObject):
    """Owns the Trainer; lives in a QThread it does not own. Talk to it only through ``send``."""

    frame = Signal(object)  # protocol.Frame
    state_changed = Signal(str)  # protocol.RunState: "running", "paused" or "idle"
    error = Signal(str)
    nonfinite = Signal(str)
    hparams_applied = Signal(int, object)  # step, {setting: (before, after)} (ui/plotting/markers.py words it)
    reset_done = Signal(object)  # protocol.ResetInfo
    lab_ready = Signal(object)  # a lab frame computed while not training (a toggle or a pan)
    phase = Signal(object)  # slow motion: protocol.PhaseInfo
    run_changed = Signal(object)  # protocol.RunInfo
    saved = Signal(object)  # protocol.Saved
    latent_snapshot = Signal(object)  # a copy of G's weights for the latent explorer (engine/latent.py)
    open_failed = Signal(str, str)  # run folder, why it cannot continue (its history can still be shown)
    reset_failed = Signal(str)  # why the settings sent with a reset cannot be built (the old networks stay)
    finished = Signal()

    def __init__(self):
        super().__init__()
        self.commands: queue.SimpleQueue = queue.SimpleQueue()
        self.trainer: Trainer | None = None
        self.threads: ThreadPolicy | None = None  # torch's threads for the trainer's steps (CPU only)
        self.graph: GraphStep | None = None  # the full-speed step as a CUDA graph (CUDA only)
        self._state = IDLE
        self._remaining = 0  # steps left of a "run N" command; 0 = unbounded while running
        self._buffer = StatBuffer()
        self._last_frame_t = 0.0
        self._last_samples_t = 0.0
        self._rate_step = 0
        self._rate_t = 0.0
        self._steps_per_s = 0.0
        self.lab: Lab | None = None
        self._lab_layers: frozenset = frozenset()
        self._lab_view = None  # what the window shows, kept across resets of the same data
        self._last_lab_t = 0.0
        self._frame_interval = FRAME_INTERVAL_S
        self.meter: Meter | None = None
        self._last_meter_t = 0.0
        self._slow_delay: float | None = None  # seconds shown per phase; None = full speed
        self._deferred: list[tuple] = []  # commands that arrived during a slow-motion iteration
        self.recorder: Recorder | None = None  # None: this session writes no run folder
        self._save_error = ""  # the last failure to save, reported once until a save works again
        self._handlers = {  # Command -> handler(argument); False from a handler ends the loop
            Command.STOP: self._stop, Command.RESET: self._reset, Command.RECORDING: self._set_recording,
            Command.OPEN: self._open, Command.BRANCH: lambda arg: self._branch(*arg),
            Command.LAB_LAYERS: self._set_lab_layers, Command.LAB_VIEW: self._set_lab_view,
            Command.SLOW: self._set_slow, Command.LATENT_SNAPSHOT: self._send_latent_snapshot,
            Command.START: self._start, Command.RUN_N: self._run_n, Command.PAUSE: self._pause_if_running,
            Command.STEP_D: lambda _: self._single_step("d"), Command.STEP_G: lambda _: self._single_step("g"),
            Command.STEP_BOTH: lambda _: self._single_step("both"), Command.HPARAMS: self._apply_hparams,
            Command.SAVE: lambda arg: self._record(force_save=True),
        }
        assert set(self._handlers) == set(Command), "every command has a handler"

    # ------------------------------------------------------------ called from any thread

    def send(self, command: Command | str, argument=None) -> None:
        """Queue ``command`` (a Command or its name); an unknown name raises ValueError here."""
        self.commands.put((Command(command), argument))

    # ------------------------------------------------------------ the loop (worker thread)

    def run(self) -> None:
        threading.current_thread().name = "ganstudio-training"  # so stack dumps name it (ui/window/watchdog.py)
        try:
            self._loop()
        finally:
            self.finished.emit()

    def _loop(self) -> None:
        commands = self.commands
        while True:
            while self._deferred:
                if not self._handle(*self._deferred.pop(0)):
                    return
            if self._state != RUNNING:
                try:
                    if not self._handle(*commands.get(timeout=IDLE_POLL_S)):
                        return
                except queue.Empty:
                    pass
                continue
            while not commands.empty():
                if not self._handle(*commands.get_nowait()):
                    return
            if self._state != RUNNING:
                continue
            if self._slow_delay:
                stats = self._safe_step(self._slow("both"))
                steps = () if stats is None else (stats,)
            else:
                steps = self._safe_step(self._step) or ()
            if steps and not self._take_steps(steps) and (
                    time.perf_counter() - self._last_frame_t >= self._frame_interval):
                self._emit_frame()

    def _take_steps(self, steps) -> bool:
        """Buffer and record the numbers of steps taken, oldest first; True when they paused the
        run (one came out non-finite, or a "run N" reached its step)."""
        buffer, recorder = self._buffer, self.recorder
        bad = None
        for stats in steps:
            buffer.append(stats)
            if recorder is not None and recorder.add(stats):
                self._record()  # a snapshot of exactly this step (a graph's batch ends there)
            if stats.nonfinite and bad is None:
                bad = stats
        if bad is not None:
            self._on_nonfinite(bad)
            return True
        if self._remaining and steps[-1].step >= self._remaining:
            self._pause()
            return True
        return False

    def _drain_graph(self) -> bool:
        """Take the steps a CUDA graph ran but whose numbers are still on the device, before a
        command reads or changes the trainer; True when one of them paused the run."""
        return self.graph is not None and self.graph.pending > 0 and self._take_steps(self.graph.take())

    def _handle(self, command: Command, arg) -> bool:
        """Apply one command between steps; False means stop."""
        if command in NEEDS_MODEL and self.trainer is None:
            self.error.emit(self.tr("No model is loaded yet; press Reset."))
            return True
        self._drain_graph()
        return self._handlers[command](arg) is not False

    def _stop(self, _=None) -> bool:
        self._close_run()
        return False

    def _set_slow(self, delay_s) -> None:
        self._slow_delay = float(delay_s) if delay_s else None

    def _send_latent_snapshot(self, _=None) -> None:
        if self.trainer is not None:  # an auto-refresh before the first networks: nothing to copy
            from ganstudio.engine.latent import snapshot_generator

            self.latent_snapshot.emit(snapshot_generator(self.trainer))

    def _start(self, _=None) -> None:
        self._remaining = 0
        self._run()

    def _run_n(self, n) -> None:
        self._remaining = self.trainer.step_count + int(n)
        self._run()

    def _run(self) -> None:
        self._begin_run()
        self._start_rate()
        self._set_state(RUNNING)

    def _pause_if_running(self, _=None) -> None:
        if self._state == RUNNING:
            self._pause()

    def _single_step(self, kind: str) -> None:
        """One training call of ``kind`` (Trainer.phases: "d", "g" or "both"), then paused."""
        self._begin_run()
        if self._state == RUNNING:
            self._pause()
        t = self.trainer
        call = self._slow(kind) if self._slow_delay else {"d": t.step_d, "g": t.step_g, "both": t.step}[kind]
        stats = self._safe_step(call)
        if stats is None:
            return
        self._buffer.append(stats)
        if self.recorder is not None and self.recorder.add(stats):
            self._record()
        if stats.nonfinite:
            self._on_nonfinite(stats)
        else:
            self._emit_frame(force_samples=True)
            self._set_state(PAUSED)

    # ------------------------------------------------------------ slow motion

    def _slow(self, kind: str):
        """A call that plays one training call of ``kind`` phase by phase (Trainer.phases)."""
        return lambda: self._play_phases(kind)

    def _play_phases(self, kind: str) -> StepStats:
        """Emit each phase, then hold it for the delay. A pause or stop that arrives meanwhile
        plays the rest of the call at full speed, so an iteration is never left half done;
        other commands wait until the call has finished (``_deferred``)."""
        t = self.trainer
        total = 1 if kind == "g" else 3 * (t.cfg.d_steps if kind == "both" else 1) + (kind == "both")
        phases = t.phases(kind)
        hurry = False
        while True:
            try:
                phase = next(phases)
            except StopIteration as done:
                return done.value
            if not hurry:
                self._emit_phase(phase, total)
                hurry = self._hold_phase()

    def _hold_phase(self) -> bool:
        """Wait out the phase delay while taking commands; True when the rest must hurry."""
        deadline = time.perf_counter() + (self._slow_delay or 0.0)
        while (left := deadline - time.perf_counter()) > 0:
            try:
                command, arg = self.commands.get(timeout=left)
            except queue.Empty:
                break
            if command in (Command.LAB_LAYERS, Command.LAB_VIEW):  # harmless between phases: follow the view
                self._handlers[command](arg)
                continue
            if command == Command.SLOW:
                self._set_slow(arg)
                if not self._slow_delay:
                    return True
                deadline = time.perf_counter() + self._slow_delay
                continue
            self._deferred.append((command, arg))
            if command in (Command.PAUSE, Command.STOP, Command.RESET):
                return True
        return False

    def _emit_phase(self, phase: Phase, total: int) -> None:
        t = self.trainer
        info = PhaseInfo(phase.name, phase.index, total, phase.d_round, phase.numbers, phase.real, phase.fake,
                         phase.fake_after, t.step_count + 1)
        if phase.name in ("d_update", "g_update") and self.lab is not None and self.lab.active:
            info.lab = self._lab_frame()
        if phase.name == "g_update":
            info.samples = t.samples()
        self.phase.emit(info)

    def _step(self) -> list[StepStats]:
        """A full-speed step, timed by the thread policy (slow motion and single steps are not),
        or replayed from a CUDA graph; returns the numbers of the steps that are now on the host."""
        if self.graph is not None:
            return self._graph_step()
        if self.threads is None:
            return [self.trainer.step()]
        return [self.threads.run(self.trainer.step)]

    def _graph_step(self) -> list[StepStats]:
        """One replay. Its numbers stay on the device until a frame is due, the run reaches the
        step a "run N" asked for, or the step is due a snapshot: then every pending step's come
        back in one transfer."""
        graph, t, recorder = self.graph, self.trainer, self.recorder
        graph.step()
        if ((self._remaining and t.step_count >= self._remaining)
                or time.perf_counter() - self._last_frame_t >= self._frame_interval
                or (recorder is not None and recorder.snapshot_due(t.step_count))):
            return graph.take()
        return []

    def _safe_step(self, call) -> StepStats | None:
        try:
            return call()
        except Exception as exc:  # a bad config reaching torch must not kill the thread
            self._pause()
            self.error.emit(self.tr("Training stopped: {0}").format(exc))
            return None

    def _pause(self) -> None:
        """Flush the buffered steps first, so a listener that sees "paused" has every step; a
        paused run is checkpointed, so Continue after a restart picks up exactly here."""
        self._remaining = 0
        if self._drain_graph():
            return  # a step among them paused the run already
        self._emit_frame(force_samples=True, force_save=True)
        self._set_state(PAUSED)

    def _on_nonfinite(self, stats: StepStats) -> None:
        self._pause()
        self.nonfinite.emit(self._nonfinite_message(stats))

    def _nonfinite_message(self, stats: StepStats) -> str:
        name = stats.nonfinite.split(",")[0]
        value = stats.loss_d if name == "loss_d" else stats.loss_g
        if math.isfinite(value):  # the loss was finite, its gradient was not
            value = stats.grad_norm_d if name == "loss_d" else stats.grad_norm_g
        what = "NaN" if math.isnan(value) else "Inf"
        net = "D" if name == "loss_d" else "G"
        lr = (self.trainer.cfg.opt_d if net == "D" else self.trainer.cfg.opt_g).lr
        return self.tr(
            "{0} became {1} at step {2} — the learning rate of {3} ({4}) is probably too high; "
            "lower it and press Start"
        ).format(name, what, stats.step, net, short_value(lr))

    def _set_lab_layers(self, layers) -> None:
        self._lab_layers = frozenset(layers)
        self._follow_lab()

    def _set_lab_view(self, bounds) -> None:
        self._lab_view = tuple(bounds)
        self._follow_lab()

    def _follow_lab(self) -> None:
        if self.lab is None:
            return
        try:
            self.lab.set_layers(self._lab_layers)
            if self._lab_view is not None:
                self.lab.set_view(self._lab_view)
        except ValueError as exc:
            self.error.emit(str(exc))
            return
        self._frame_interval = LAB_FRAME_INTERVAL_S if self.lab.active else FRAME_INTERVAL_S
        if self._state != RUNNING and self.lab.active:  # paused: show the change at once
            self.lab_ready.emit(self._lab_frame())

    def _lab_frame(self, divergence: bool = False) -> dict:
        self._last_lab_t = time.perf_counter()
        return self.lab.frame(divergence)

    def _apply_hparams(self, changes: dict) -> None:
        try:
            applied = self.trainer.set_hparams(changes)
        except ConfigError as exc:
            self.error.emit(str(exc))
            return
        if applied:
            if self.recorder is not None:
                self.recorder.add_event(hparams_event(self.trainer.step_count, applied))
            self.hparams_applied.emit(self.trainer.step_count, applied)

    def _reset(self, cfg: RunConfig) -> None:
        self._remaining = 0
        if self._buffer.n:
            self._emit_frame(force_samples=False)
        try:
            trainer = Trainer(cfg)
        except Exception as exc:  # ConfigError, DataError, or a network that cannot be built
            if self._state == RUNNING:
                self._set_state(PAUSED)
            message = "; ".join(exc.errors) if isinstance(exc, ConfigError) else str(exc)
            self.reset_failed.emit(self.tr("Cannot build this configuration: {0}").format(message))
            return
        self._close_run()
        if self.recorder is not None:
            self.recorder.new_run()
        self._install(trainer)
        self._emit_run()

    def _install(self, trainer: Trainer, opened: str | None = None, meter_state: dict | None = None) -> None:
        """Make ``trainer`` the one that trains and tell the window (``reset_done``). ``meter_state``:
        the collapse meter's, from the checkpoint of an opened run."""
        self.trainer = trainer
        self.threads = ThreadPolicy.for_trainer(trainer, leave=1)  # a new model: measured afresh
        if self.graph is not None:
            self.graph.close()
        self.graph = GraphStep(trainer) if graph_step.why_not(trainer) is None else None
        self._steps_per_s = 0.0
        self._set_state(IDLE, force=True)
        dataset = trainer.dataset
        self.lab = Lab(trainer) if dataset.is_2d and dataset.shape == (2,) else None
        if self.lab is not None:
            self._lab_view = None  # the window fits the new data's bounds and reports its view
            self.lab.set_layers(self._lab_layers)
        self._frame_interval = LAB_FRAME_INTERVAL_S if self.lab and self.lab.active else FRAME_INTERVAL_S
        self.meter, meter_note = meter_for(trainer, meter_state)
        self.reset_done.emit(ResetInfo(
            is_2d=dataset.is_2d,
            shape=tuple(dataset.shape),
            real=trainer.real_samples(),
            samples=trainer.samples(),
            bounds=dataset.bounds() if dataset.is_2d else None,
            config=trainer.cfg.copy(),
            device=str(trainer.device),
            lab=self._lab_frame() if self.lab is not None and self.lab.active else None,
            meter=None if self.meter is None else MeterInfo(self.meter.kind, self.meter.n_modes),
            meter_note=meter_note or "",
            opened=opened,
            step=trainer.step_count,
            train_s=trainer.train_s,
        ))

    # ------------------------------------------------------------ run folders

    def _set_recording(self, settings: dict | None) -> None:
        """``{"base": folder, "autosave_s": s}`` turns run folders on; None turns them off."""
        if settings is None:
            self._close_run()
            self.recorder = None
        elif self.recorder is None or self.recorder.base != Path(settings["base"]):
            self._close_run()
            self.recorder = Recorder(settings["base"], settings["autosave_s"])
        else:
            self.recorder.autosave_s = settings["autosave_s"]
        self._emit_run()

    def _begin_run(self) -> None:
        """Before a session first trains: open its run folder (a new one, or the one opened)."""
        rec = self.recorder
        if rec is None or rec.writing:
            return
        try:
            rec.begin(self.trainer)
        except (OSError, RunError) as exc:
            self._save_failed(exc)
            return
        self._emit_run()

    def _record(self, force_save: bool = False) -> None:
        rec = self.recorder
        if rec is None or not rec.writing:
            return
        try:
            saved = rec.record(self.trainer, force_save, self.meter)
        except (OSError, RunError) as exc:
            self._save_failed(exc)
            return
        self._save_error = ""
        if saved:
            snapshot = saved.get("snapshot")
            checkpoint = saved.get("checkpoint")
            self.saved.emit(Saved(
                snapshot=None if snapshot is None else (snapshot[0], str(snapshot[1])),
                checkpoint=None if checkpoint is None else (checkpoint, str(rec.folder / "checkpoint.pt"))))

    def _save_failed(self, exc: Exception) -> None:
        message = str(exc)
        if message != self._save_error:  # once, not at every frame while the disk stays full
            self._save_error = message
            self.error.emit(self.tr(
                "Could not save the run: {0}. Training goes on; the last checkpoint on disk is "
                "intact, and saving is tried again at the next autosave.").format(message))

    def _close_run(self) -> None:
        """Last rows and a final checkpoint of the run being written (reset, open, quit)."""
        rec = self.recorder
        if rec is None or not rec.writing:
            return
        try:
            rec.close(self.trainer, self.meter)
        except (OSError, RunError) as exc:
            self._save_failed(exc)

    def _emit_run(self) -> None:
        rec = self.recorder
        self.run_changed.emit(RunInfo(
            folder=str(rec.folder) if rec is not None and rec.folder is not None else None,
            writing=rec is not None and rec.writing,
            step=self.trainer.step_count if self.trainer is not None else 0,
        ))

    def _open(self, folder: str) -> None:
        """Load a run folder's last checkpoint to continue it. Read only until training starts."""
        from ganstudio.engine.data import DataError
        from ganstudio.engine.runs.writer import RunWriter

        if self._state == RUNNING:
            self._pause()
        folder = Path(folder)
        writer = RunWriter(folder)
        try:
            trainer = writer.load_trainer()
        except (OSError, RunError, ConfigError, DataError, KeyError, RuntimeError, ValueError) as exc:
            message = "; ".join(exc.errors) if isinstance(exc, ConfigError) else str(exc)
            self.open_failed.emit(str(folder), message)
            return
        self._close_run()
        if self.recorder is not None:
            self.recorder.open_existing(folder)
        self._install(trainer, opened=str(folder), meter_state=writer.meter_state)
        self._emit_run()

    def _branch(self, source: str, step: int, changes: dict) -> None:
        """Rewind: a new run folder from ``source``'s checkpoint at ``step`` with ``changes``."""
        from ganstudio.engine.runs.recorder import new_run_folder
        from ganstudio.engine.runs.branch import branch_run

        base = self.recorder.base if self.recorder is not None else None
        if base is None:
            self.error.emit(self.tr("Branching needs run folders, which are turned off."))
            return
        name = Path(source).name.split("-", 2)[-1] + f"-from-{step}"
        try:
            dest = branch_run(Path(source), step, new_run_folder(base, name), changes)
        except (OSError, RunError, ConfigError, ValueError) as exc:
            message = "; ".join(exc.errors) if isinstance(exc, ConfigError) else str(exc)
            self.error.emit(self.tr("Cannot branch from step {0}: {1}").format(step, message))
            return
        self._open(str(dest))

    # ------------------------------------------------------------ signals out

    def _set_state(self, state: str, force: bool = False) -> None:
        if state != self._state or force:
            self._state = state
            self.state_changed.emit(state)

    def _start_rate(self) -> None:
        self._rate_step = self.trainer.step_count
        self._rate_t = time.perf_counter()

    def _emit_frame(self, force_samples: bool = False, force_save: bool = False) -> None:
        """One signal with every buffered step; samples and rates at most every SAMPLES_INTERVAL_S."""
        now = time.perf_counter()
        self._last_frame_t = now
        t = self.trainer
        rows, kinds = self._buffer.take()
        frame = Frame(rows, kinds, t.step_count, t.train_s, t.cfg.opt_d.lr, t.cfg.opt_g.lr, t.instance_noise)
        lab = self.lab
        lab_due = lab is not None and lab.active and (force_samples or now - self._last_lab_t >= LAB_INTERVAL_S)
        if lab_due:
            frame.lab = self._lab_frame(divergence=force_samples)
        meter = self.meter
        if meter is not None and (force_samples or now - self._last_meter_t >= METER_INTERVAL_S[meter.kind]):
            self._last_meter_t = now
            row, event = meter.evaluate()
            frame.meter = row
            if self.recorder is not None:
                self.recorder.add_reading(t.step_count, row, event)
            if event is not None:
                frame.alarm = event
        if force_samples or lab_due or now - self._last_samples_t >= SAMPLES_INTERVAL_S:
            self._last_samples_t = now
            if self._state == RUNNING and now > self._rate_t:
                self._steps_per_s = (t.step_count - self._rate_step) / (now - self._rate_t)
                self._rate_step, self._rate_t = t.step_count, now
            elif self._state != RUNNING:
                self._steps_per_s = 0.0  # a single step: no rate to speak of
            frame.samples = t.samples()
            frame.steps_per_s = self._steps_per_s
            frame.threads = None if self.threads is None else self.threads.threads
        self.frame.emit(frame)
        self._record(force_save)
