"""The population wall's bridge to the engine: a sweep trained in its own QThread.

Like ganstudio/worker.py for one run, this is the one place a population meets Qt. The worker
runs ``Sweep.run`` (engine/population/sweep.py) with a hook that the sweep calls between steps
about five times a second; there it applies the wall's commands (a ``queue.SimpleQueue`` the GUI
thread fills: stop, clone, promote, pause, quit) and sends one ``WallFrame``: every member's
fixed-noise samples as a fresh numpy array (drawn in one batched call), its latest losses and
collapse-meter reading and its status. The GUI thread never sees a tensor.

Pausing blocks inside the hook (waiting on the command queue with a timeout, no busy loop);
quitting raises ``SweepQuit`` there, which the sweep treats as Ctrl+C: every member's checkpoint
is saved before the thread ends.
"""

from __future__ import annotations

import queue
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from PySide6.QtCore import QObject, QThread, Signal

from ganstudio.engine.population.population import PER_MEMBER
from ganstudio.engine.population.stacked import PopulationError
from ganstudio.engine.population.sweep import Sweep, SweepError
from ganstudio.engine.runs.writer import RunError
from ganstudio.engine.train.config import ConfigError, get_field

FRAME_S = 0.2  # five wall frames a second
PAUSED_POLL_S = 0.25


class SweepQuit(Exception):
    """Raised in the hook to end the sweep (the window closed)."""


@dataclass
class MemberView:
    name: str
    label: str
    status: str  # training, stopped, done, pending, interrupted
    note: str
    samples: np.ndarray | None  # (n, 2) points or (n, C, H, W) images, a copy
    losses: tuple[float, float] | None  # (loss_d, loss_g) at a recent step
    reading: dict | None  # the collapse meter's last row (modes/classes, KL, collapse), if any
    settings: dict = field(default_factory=dict)  # its per-member settings now (a clone's included)
    picture: str | None = None  # following a sweep: its newest sample grid (a PNG file) instead of samples


@dataclass
class WallFrame:
    step: int
    steps: int
    steps_per_s: float
    running: bool
    members: list[MemberView] = field(default_factory=list)
    real: np.ndarray | None = None  # 2-D data: real points to draw behind each member's samples
    bounds: tuple | None = None  # 2-D data: (xmin, xmax, ymin, ymax)
    message: str = ""


class PopulationWorker(QObject):
    frame = Signal(object)  # WallFrame
    promoted = Signal(str, str)  # member name, the new run folder
    failed = Signal(str)
    finished = Signal()

    def __init__(self, folder: Path, steps: int | None = None):
        super().__init__()
        self.folder = Path(folder)
        self.steps = steps
        self.commands: queue.SimpleQueue = queue.SimpleQueue()
        self._paused = False
        self._rate = (0.0, 0, 0.0)  # (time, step, steps/s)
        self._static: tuple | None = None

    def send(self, command: str, *args) -> None:
        self.commands.put((command, args))

    # ------------------------------------------------------------ the thread

    def run(self) -> None:
        try:
            sweep = Sweep.open(self.folder)
            sweep.run(steps=self.steps, hook=self._hook, hook_s=FRAME_S)
        except SweepQuit:
            pass
        except (SweepError, PopulationError, ConfigError, RunError, OSError) as exc:
            self.failed.emit(str(exc))
        except Exception as exc:  # noqa: BLE001 - shown to the user, never swallowed silently
            self.failed.emit(f"{type(exc).__name__}: {exc}")
        finally:
            self.finished.emit()

    def _hook(self, sweep: Sweep, pop) -> None:
        message = self._apply_commands(sweep)
        while self._paused:
            self.frame.emit(self._frame(sweep, pop, message))
            message = ""
            try:
                command = self.commands.get(timeout=PAUSED_POLL_S)
            except queue.Empty:
                continue
            self.commands.put(command)  # handled in order by _apply_commands
            message = self._apply_commands(sweep)
        self.frame.emit(self._frame(sweep, pop, message))

    def _apply_commands(self, sweep: Sweep) -> str:
        notes = []
        while True:
            try:
                command, args = self.commands.get_nowait()
            except queue.Empty:
                return " ".join(notes)
            if command == "quit":
                raise SweepQuit
            if command == "pause":
                self._paused = True
            elif command == "resume":
                self._paused = False
            else:
                try:
                    if command == "stop":
                        sweep.stop_member(*args)
                    elif command == "clone":
                        sweep.clone_member(*args)
                    elif command == "promote":
                        name, folder = args
                        self.promoted.emit(name, str(sweep.promote_member(name, Path(folder))))
                except (SweepError, PopulationError, ConfigError, RunError, OSError) as exc:
                    notes.append(str(exc))

    def _frame(self, sweep: Sweep, pop, message: str) -> WallFrame:
        now = time.monotonic()
        t0, s0, rate = self._rate
        if now - t0 >= 0.5:
            rate = (pop.step_count - s0) / (now - t0) if t0 else 0.0
            self._rate = (now, pop.step_count, rate)
        if self._static is None:
            ds = pop.dataset
            self._static = ((pop.members[0].real_samples(), ds.bounds()) if ds.is_2d else (None, None))
        samples = pop.samples().numpy()
        losses = pop.latest_losses()
        members = []
        index = {name: k for k, name in enumerate(pop.names)}
        for spec in sweep.specs:
            entry = sweep.status[spec.name]
            k = index.get(spec.name)
            members.append(MemberView(
                spec.name, spec.label(), entry["status"], entry.get("note", ""),
                samples[k].copy() if k is not None else None,
                losses[k] if (k is not None and losses is not None) else None,
                sweep.latest.get(spec.name),
                {key: get_field(pop.members[k].cfg, key) for key in PER_MEMBER} if k is not None else {}))
        return WallFrame(pop.step_count, sweep.steps, rate, not self._paused and sweep._live is not None,
                         members, *self._static, message=message)


class PopulationController(QObject):
    """GUI-thread owner of the population thread; calls only queue commands."""

    def __init__(self, folder: Path, steps: int | None = None, parent: QObject | None = None):
        super().__init__(parent)
        self.thread = QThread()
        self.thread.setObjectName("ganstudio-population")
        self.worker = PopulationWorker(folder, steps)
        self.worker.moveToThread(self.thread)
        self.thread.started.connect(self.worker.run)
        self.worker.finished.connect(self.thread.quit)

    def start(self) -> None:
        self.thread.start()

    def pause(self) -> None:
        self.worker.send("pause")

    def resume(self) -> None:
        self.worker.send("resume")

    def stop_member(self, name: str) -> None:
        self.worker.send("stop", name)

    def clone_member(self, src: str, dst: str, changes: dict) -> None:
        self.worker.send("clone", src, dst, dict(changes))

    def promote(self, name: str, folder: Path) -> None:
        self.worker.send("promote", name, str(folder))

    def shutdown(self, timeout_ms: int = 30_000) -> bool:
        """Quit the sweep (checkpoints saved) and join the thread; True when it ended."""
        if not self.thread.isRunning():
            return True
        self.worker.send("quit")
        self.thread.quit()  # the thread's event loop ends as soon as the sweep returns
        return self.thread.wait(timeout_ms)
