"""The GUI side of the bridge: the TrainingController starts the training thread, turns each of
the window's requests into one queued command for the worker (ganstudio/worker.py), and joins
the thread at the end. None of its calls block; the answers come back as the worker's signals.
"""

from __future__ import annotations

import weakref

from PySide6.QtCore import QObject, QThread

from ganstudio.engine.train.config import RunConfig
from ganstudio.protocol import Command
from ganstudio.worker import TrainingWorker


class TrainingController(QObject):
    """GUI-thread owner of the worker thread. Every call only queues a command; nothing blocks."""

    _instances: "weakref.WeakSet[TrainingController]" = weakref.WeakSet()

    @classmethod
    def live_instances(cls) -> list["TrainingController"]:
        """Controllers not yet garbage-collected (tests check that none left its thread running)."""
        return list(cls._instances)

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        TrainingController._instances.add(self)
        self.thread = QThread()
        self.thread.setObjectName("ganstudio-training")
        self.worker = TrainingWorker()
        self.worker.moveToThread(self.thread)
        self.thread.started.connect(self.worker.run)
        self.worker.finished.connect(self.thread.quit)

    def start_thread(self) -> None:
        if not self.thread.isRunning():
            self.thread.start()

    def start(self) -> None:
        self.worker.send(Command.START)

    def pause(self) -> None:
        self.worker.send(Command.PAUSE)

    def step_d(self) -> None:
        self.worker.send(Command.STEP_D)

    def step_g(self) -> None:
        self.worker.send(Command.STEP_G)

    def step_both(self) -> None:
        self.worker.send(Command.STEP_BOTH)

    def run_n(self, n: int) -> None:
        self.worker.send(Command.RUN_N, int(n))

    def apply_hparams(self, changes: dict) -> None:
        self.worker.send(Command.HPARAMS, dict(changes))

    def set_lab_layers(self, layers) -> None:
        self.worker.send(Command.LAB_LAYERS, frozenset(layers))

    def set_lab_view(self, bounds) -> None:
        self.worker.send(Command.LAB_VIEW, tuple(bounds))

    def set_slow_motion(self, delay_s: float | None) -> None:
        """Play each training call phase by phase, ``delay_s`` seconds a phase; None: full speed."""
        self.worker.send(Command.SLOW, delay_s)

    def reset(self, cfg: RunConfig) -> None:
        self.worker.send(Command.RESET, cfg.copy())

    def set_recording(self, base, autosave_s: float) -> None:
        """Write every training session into a run folder under ``base``; None: write none."""
        self.worker.send(Command.RECORDING, None if base is None else {"base": base, "autosave_s": float(autosave_s)})

    def open_run(self, folder) -> None:
        self.worker.send(Command.OPEN, str(folder))

    def branch(self, source, step: int, changes: dict) -> None:
        self.worker.send(Command.BRANCH, (str(source), int(step), dict(changes)))

    def save_now(self) -> None:
        self.worker.send(Command.SAVE)

    def request_latent_snapshot(self) -> None:
        """Ask for a copy of G's weights; it arrives as ``worker.latent_snapshot``."""
        self.worker.send(Command.LATENT_SNAPSHOT)

    def shutdown(self, timeout_ms: int = 2000) -> bool:
        """Stop the loop between two steps and join the thread; True when it has ended."""
        if not self.thread.isRunning():
            return True
        self.worker.send(Command.STOP)
        self.thread.quit()
        return self.thread.wait(timeout_ms)
