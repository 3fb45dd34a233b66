"""Frames in, coalesced redraws out.

The worker's frames arrive up to 20 times a second and are appended to the History as they come
(MainWindow._on_frame); what is drawn waits for a single-shot timer, so a backlog of frames costs one
redraw, not one each. Samples and the status bar redraw at most every REDRAW_INTERVAL_S, the plots
every PLOTS_INTERVAL_S, the 2-D lab's computed layers every LAB_REDRAW_INTERVAL_S.
"""

from __future__ import annotations

import time
from typing import Callable

from PySide6.QtCore import QObject, QTimer

from ganstudio.ui.window.session import Session

# Qt paints without the GIL (ui/plotting/canvas.py), but preparing a plot frame (envelopes, paths, axes) is
# ~4 ms of Python, which the training thread waits out: measured on ring8 (2 cores), plots at 10 Hz
# cost 12 % of the training speed, at 5 Hz 5 %.
REDRAW_INTERVAL_S = 0.1
PLOTS_INTERVAL_S = 0.2
# The 2-D lab view's computed layers arrive every ~85 ms (worker.LAB_INTERVAL_S); drawing them as
# they come keeps the canvas at ≥ 10 pictures a second (issue 4).
LAB_REDRAW_INTERVAL_S = 0.075


class Redraw(QObject):
    def __init__(self, session: Session, plots, meter, samples, watchdog, after: Callable[[], None],
                 parent: QObject | None = None):
        """``after``: called at the end of each redraw (the status bar)."""
        super().__init__(parent)
        self._session, self._plots, self._meter, self._samples_view = session, plots, meter, samples
        self._watchdog, self._after = watchdog, after
        self._samples = None  # the latest samples and lab frame not yet drawn
        self._lab = None
        self.samples_shown = 0  # sample refreshes drawn so far (bench_gui reports the rate)
        self.lab_shown = 0  # lab frames drawn so far (bench_gui reports the canvas's fps)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.now)
        self._last_t = 0.0
        self._last_plots_t = 0.0

    def take(self, samples=None, lab: dict | None = None) -> None:
        """Pictures to draw at the next redraw (each replaces one not yet drawn)."""
        if samples is not None:
            self._samples = samples
        if lab is not None:
            self._lab = lab

    def forget(self) -> None:
        """A new trainer: what was waiting belongs to the old one."""
        self._samples = self._lab = None

    def idle(self) -> bool:
        """Nothing waits to be drawn and no redraw is due."""
        return self._samples is None and self._lab is None and not self._timer.isActive()

    def schedule(self, *_) -> None:
        if not self._timer.isActive():
            interval = LAB_REDRAW_INTERVAL_S if self._lab is not None else REDRAW_INTERVAL_S
            wait_s = interval - (time.perf_counter() - self._last_t)
            self._timer.start(max(0, int(wait_s * 1000)))

    def now(self) -> None:
        self._timer.stop()
        self._watchdog.redrawn()
        self._last_t = now = time.perf_counter()
        if now - self._last_plots_t >= PLOTS_INTERVAL_S - 0.01 or not self._session.running:
            self._last_plots_t = now
            self._plots.redraw()
            self._meter.redraw()
        elif not self._timer.isActive():  # the plots' turn comes at the next redraw
            self._timer.start(int(REDRAW_INTERVAL_S * 1000))
        view = self._samples_view
        if self._samples is not None:
            view.set_samples(self._samples)
            self._samples = None
            self.samples_shown += 1
        if self._lab is not None:
            if view.is_2d:
                view.lab.set_lab(self._lab)
                self.lab_shown += 1
            self._lab = None
        self._after()
