"""The freeze watchdog: a window that stops answering, or stops drawing, while training runs
writes every thread's stack to the run folder and says so in the status bar (issue 18).

Two things can go wrong, and each is watched from where it can still be seen:

* **The GUI thread stops answering** (stuck in a lock, a loop, a C++ call). A timer in the GUI
  thread stamps a heartbeat every ``BEAT_MS``; a plain Python thread checks the stamp and, when it
  is older than ``LIMIT_S`` while training runs, dumps the stacks with faulthandler — from its own
  thread, so it works while the GUI thread is stuck. When the GUI thread answers again it shows
  the note.
* **The GUI thread answers but the redraw died** (a dead timer: a QTimer stopped from another
  thread forgets itself and never fires again). A frame that arrived more than ``LIMIT_S`` ago
  with no redraw since is that; the heartbeat dumps the stacks, says so and redraws.

Each episode is written once, to ``<run folder>/freezes/freeze-<time>.txt`` (or under the data
folder before a run folder exists), so a field report carries its own evidence.
"""

from __future__ import annotations

import faulthandler
import threading
import time
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal

from ganstudio.protocol import RUNNING

BEAT_MS = 250
LIMIT_S = 2.0
FREEZES = "freezes"


class FreezeWatchdog(QObject):
    """Watches one window. The window tells it ``training`` (bool), the ``folder`` to write to,
    and calls ``frame_arrived`` / ``redrawn`` from its slots; ``noticed(text, path)`` follows each
    report, in the GUI thread. ``stop()`` before the window goes."""

    noticed = Signal(str, str)  # what happened, the file with the stacks

    def __init__(self, fallback_folder, redraw, describe, parent: QObject | None = None,
                 limit_s: float = LIMIT_S):
        super().__init__(parent)
        self.limit_s = limit_s
        self.training = False
        self.folder: Path | None = None
        self._fallback = fallback_folder  # a callable: the folder to use before a run folder exists
        self._redraw = redraw
        self._describe = describe  # a callable: "step 1520, running" for the report's header
        self._beat_t = time.monotonic()
        self._undrawn_since: float | None = None  # when the oldest frame not yet drawn arrived
        self._freeze: tuple[float, Path | None] | None = None  # (last beat, report): from the watcher
        self._stalled = False  # the redraw stall already reported
        self._stop = threading.Event()
        self._beat = QTimer(self)
        self._beat.setInterval(BEAT_MS)
        self._beat.timeout.connect(self._on_beat)
        self._beat.start()
        self._watcher = threading.Thread(target=self._watch, name="ganstudio-watchdog", daemon=True)
        self._watcher.start()

    # ------------------------------------------------------------ called by the window (GUI thread)

    def set_state(self, state: str) -> None:
        """The run's state (protocol.RunState): frames are expected only while it is running."""
        self.training = state == RUNNING

    def set_folder(self, folder: Path | None) -> None:
        """The run folder being written (reports go into it), or None."""
        self.folder = folder

    def frame_arrived(self) -> None:
        if self._undrawn_since is None:
            self._undrawn_since = time.monotonic()

    def redrawn(self) -> None:
        self._undrawn_since = None
        self._stalled = False

    def stop(self) -> None:
        self._beat.stop()
        self._stop.set()
        self._watcher.join(2.0)

    # ------------------------------------------------------------ GUI thread

    def _on_beat(self) -> None:
        now = time.monotonic()
        if now - self._beat_t > self.limit_s and self._undrawn_since is not None:
            self._undrawn_since = now  # the GUI thread was stuck (the watcher's report): not a dead redraw
        self._beat_t = now
        freeze, self._freeze = self._freeze, None
        if freeze is not None:  # the watcher saw a freeze; it is over now
            since, path = freeze
            self.noticed.emit(self.tr("The window did not answer for {0:.1f} s").format(now - since),
                              str(path or ""))
        undrawn_s = 0.0 if self._undrawn_since is None else now - self._undrawn_since
        if self.training and undrawn_s > self.limit_s and not self._stalled:
            self._stalled = True
            path = self._write(f"frames arrived but nothing was redrawn for {undrawn_s:.1f} s")
            self._redraw()
            self.noticed.emit(self.tr("The plots stopped redrawing for {0:.1f} s").format(undrawn_s),
                              str(path or ""))

    # ------------------------------------------------------------ the watcher thread

    def _watch(self) -> None:
        reported = None  # the last beat before the freeze already written
        while not self._stop.wait(self.limit_s / 4):
            beat = self._beat_t
            silent_s = time.monotonic() - beat
            if self.training and silent_s > self.limit_s and beat != reported:
                reported = beat
                self._freeze = (beat, self._write(f"the GUI thread has not answered for {silent_s:.1f} s"))

    def _write(self, what: str) -> Path | None:
        """Every thread's stack into a new file; None when even that cannot be written."""
        base = self.folder if self.folder is not None else Path(self._fallback())
        path = base / FREEZES / time.strftime("freeze-%Y%m%d-%H%M%S.txt")
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            with open(path, "w", encoding="utf-8") as out:
                gui = threading.main_thread().ident
                names = ", ".join(f"{t.ident:#x} {'GUI thread' if t.ident == gui else t.name}"
                                  for t in threading.enumerate())
                out.write(f"ganstudio freeze report, {time.strftime('%Y-%m-%d %H:%M:%S')}: {what}\n")
                out.write(f"window: {self._describe()}\nthreads: {names}\n\n")
                out.flush()
                faulthandler.dump_traceback(file=out, all_threads=True)
        except OSError:
            return None
        return path
