"""The run on screen, as the window knows it: one object that widgets observe and none of them owns.

The worker's messages (protocol.py) and the File menu's actions (ui/runs/run_actions.py) change it
through its methods; the run bar, the status bar, the plots' redraw and the tests listen to its
signals. So no widget writes another's fields, and every field exists from ``__init__`` on.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QObject, Signal

from ganstudio.protocol import IDLE, RUNNING


class Session(QObject):
    state_changed = Signal(str)  # protocol.RunState's value
    rows_added = Signal(int)  # new steps are in the History (a frame, a followed run); the step after them
    numbers_changed = Signal()  # step, rate, time trained, learning rates, noise σ or device changed
    needs_reset_changed = Signal(bool)  # structural settings differ from the networks on screen
    problem = Signal(str)  # something the user must read: the window's red banner
    note = Signal(str, int)  # a passing message for the status bar, and for how many ms

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.state = IDLE
        self.step = 0
        self.needs_reset = False
        self.rate = 0.0  # steps/s; 0 while not running
        self.train_s = 0.0  # seconds spent training this run
        self.lr = (math.nan, math.nan)  # D's and G's learning rates
        self.noise_sigma = 0.0  # instance noise σ now; 0 when off
        self.device = ""
        self.threads = 0  # torch's CPU threads training uses now; 0: not known or not on the CPU

    @property
    def running(self) -> bool:
        return self.state == RUNNING

    # ------------------------------------------------------------ changes

    def set_state(self, state: str) -> None:
        self.state = state
        if state != RUNNING:
            self.rate = 0.0
        self.state_changed.emit(state)
        self.numbers_changed.emit()

    def add_rows(self, step: int) -> None:
        """Steps up to ``step`` were appended to the History."""
        self.step = step
        self.rows_added.emit(step)

    def set_step(self, step: int) -> None:
        """The History was replaced (a run opened or shown): its last step, no redraw asked."""
        self.step = step
        self.numbers_changed.emit()

    def take_numbers(self, *, train_s: float, lr: tuple[float, float], noise_sigma: float,
                     rate: float | None = None, threads: int | None = None) -> None:
        """The run's numbers after a frame (quiet: the status bar reads them at the next redraw)."""
        self.train_s, self.lr, self.noise_sigma = train_s, lr, noise_sigma
        if rate is not None:
            self.rate = rate
        if threads is not None:
            self.threads = threads

    def new_trainer(self, *, step: int, train_s: float, lr: tuple[float, float], noise_sigma: float,
                    device: str) -> None:
        """A reset or an opened run: every number starts again from the trainer's."""
        self.step, self.train_s, self.lr, self.noise_sigma, self.device = step, train_s, lr, noise_sigma, device
        self.rate, self.threads = 0.0, 0
        self.set_needs_reset(False)
        self.numbers_changed.emit()

    def change_numbers(self, **numbers) -> None:
        """Settings applied while paused (no frame comes): ``lr``, ``noise_sigma``."""
        for name, value in numbers.items():
            if not hasattr(self, name):
                raise AttributeError(f"Session has no {name!r}")
            setattr(self, name, value)
        self.numbers_changed.emit()

    def set_needs_reset(self, needed: bool) -> None:
        if needed != self.needs_reset:
            self.needs_reset = needed
            self.needs_reset_changed.emit(needed)

    # ------------------------------------------------------------ words for the user

    def show_problem(self, message: str) -> None:
        self.problem.emit(message)

    def show_note(self, message: str, ms: int = 5000) -> None:
        self.note.emit(message, ms)
