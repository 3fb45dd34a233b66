"""A training session as a run folder, written while it trains: the one recording schedule.

Both training loops use it the same way, between steps, in the thread that trains: the window's
worker (ganstudio/worker.py) and ``ganstudio train`` (cli.py).

* ``add(stats)`` queues each step's row and says when the step is a multiple of
  ``cfg.sample_every``; the loop then calls ``record`` at once, so the snapshot is of exactly that
  step and runs compare step for step, whichever program wrote them.
* ``record`` appends the queued rows, meter readings and events, and writes a checkpoint when
  ``autosave_s`` has passed since the last try (a failed save is tried again an interval later,
  not at every call). The worker calls it with each frame (~20 a second); the command line when
  ``due()`` (256 rows queued, ``ROWS_INTERVAL_S`` since the last record, or a checkpoint due), so
  a window following a headless run sees new rows within a second or two.
* ``add_reading`` keeps a collapse-meter reading (and its alarm) for the next record. When to
  read the meter is the loop's choice: the window reads it on a clock for its display
  (worker.METER_INTERVAL_S), the command line every ``--meter-every`` steps.
* ``close`` writes the last rows and a final checkpoint (Ctrl+C, SIGTERM, reset, quit).

So a run killed outright loses at most ``autosave_s`` of training, and the history up to the last
checkpoint is there when the run is opened again.

A folder is made only when a session first trains (a window opened and closed again leaves
nothing behind). Opening an existing run is read-only until the user continues it; then rows of
metrics.csv past the checkpoint (written after the last autosave of a run that was killed) are
dropped so the file and the checkpoint agree, and the file as it was is kept beside it first.
"""

from __future__ import annotations

import shutil
import time
from pathlib import Path

from ganstudio.engine.runs.metrics_csv import tail_step
from ganstudio.engine.runs.writer import METRICS, RunWriter
from ganstudio.engine.train.step_stats import StepStats
from ganstudio.protocol import DEFAULT_AUTOSAVE_S

ROWS_INTERVAL_S = 1.0  # rows reach metrics.csv at least this often (a follower sees them soon)
MAX_QUEUED_ROWS = 256


def new_run_folder(base: Path, name: str | None) -> Path:
    """``<base>/<YYYYmmdd-HHMMSS>-<name>``, with a suffix when that exists already."""
    stem = time.strftime("%Y%m%d-%H%M%S") + "-" + _safe(name or "run")
    folder = Path(base) / stem
    n = 1
    while folder.exists():
        n += 1
        folder = Path(base) / f"{stem}-{n}"
    return folder


def _safe(name: str) -> str:
    return "".join(c if c.isalnum() or c in "-_." else "-" for c in name)[:40] or "run"


class Recorder:
    """Writes one run folder at a time for the worker; see the module docstring."""

    def __init__(self, base: Path, autosave_s: float = DEFAULT_AUTOSAVE_S, writer_factory=RunWriter):
        """``writer_factory(folder)``: the RunWriter to write with, or one that sends what it would
        write elsewhere (engine/population/packets.py: a sweep member trained on a Ray worker)."""
        self.base = Path(base)
        self.autosave_s = autosave_s
        self._writer_factory = writer_factory
        self.folder: Path | None = None  # the run being written, or opened to continue
        self._create_preset: str | None = None
        self._create = False  # begin() creates a new run in ``folder`` (new_run_at)
        self._writer: RunWriter | None = None
        self._pending: list[StepStats] = []
        self._meter: dict[int, dict] = {}
        self._events: list[dict] = []  # run_events.py: written with the next rows
        self._changed = False  # settings changed since the last checkpoint (a change while paused)
        self._sample_every = 1 << 62  # until a run begins
        self._last_snapshot = -1
        self._last_save_t = 0.0
        self._last_record_t = 0.0
        self._saved_step = -1

    @property
    def writing(self) -> bool:
        return self._writer is not None

    # ------------------------------------------------------------ which run

    def new_run(self) -> None:
        """The next training starts a new folder under ``base`` (after a reset)."""
        self.close()
        self.folder = None
        self._create = False
        self._events = []

    def new_run_at(self, folder: Path, preset: str | None) -> None:
        """The next training starts a new run in ``folder`` (``ganstudio train --out``); ``preset``
        as run.json records it."""
        self.close()
        self.folder, self._create, self._create_preset = Path(folder), True, preset
        self._events = []

    def open_existing(self, folder: Path) -> None:
        """The next training continues ``folder`` (opened, or branched into)."""
        self.close()
        self.folder = Path(folder)
        self._create = False
        self._events = []

    def begin(self, trainer, preset: str | None = None) -> tuple[Path, bool]:
        """Make sure a writer is open before ``trainer`` trains; returns (folder, newly begun)."""
        if self._writer is not None:
            return self.folder, False
        if self.folder is None or self._create:
            if self.folder is None:
                self.folder = new_run_folder(self.base, preset or trainer.cfg.name)
                preset = preset or trainer.cfg.name or None
            else:
                preset = self._create_preset
            writer = self._writer_factory(self.folder)
            writer.create(trainer.cfg, preset=preset)
            self._writer = writer
            self._create = False
            self._snapshot(trainer)
        else:
            self._keep_rows_past(trainer.step_count)
            writer = self._writer_factory(self.folder)
            writer.reopen(trainer)
            self._writer = writer
        self._sample_every = trainer.cfg.sample_every
        self._last_snapshot = trainer.step_count
        self._last_save_t = self._last_record_t = time.monotonic()
        self._saved_step = trainer.step_count
        self._changed = bool(self._events)  # a change made before training began (opened, paused)
        return self.folder, True

    def _keep_rows_past(self, step: int) -> None:
        """Before continuing: a copy of metrics.csv when rows past ``step`` are about to go."""
        path = self.folder / METRICS
        if path.exists() and tail_step(path) > step:  # reads the file's end only
            shutil.copy2(path, self.folder / f"metrics.before-continue-{time.strftime('%Y%m%d-%H%M%S')}.csv")

    # ------------------------------------------------------------ while training

    def add(self, stats: StepStats) -> bool:
        """Queue a step's row; True when the step is due a snapshot (record now)."""
        self._pending.append(stats)
        return self.snapshot_due(stats.step)

    def snapshot_due(self, step: int) -> bool:
        """Whether ``step`` gets a snapshot (samples and weights of exactly that step)."""
        return step % self._sample_every == 0

    def due(self) -> bool:
        """Time to ``record``: enough rows queued, ROWS_INTERVAL_S since the last record, or a
        checkpoint due (for a loop that does not record at every frame)."""
        now = time.monotonic()
        return (len(self._pending) >= MAX_QUEUED_ROWS or now - self._last_record_t >= ROWS_INTERVAL_S
                or now - self._last_save_t >= self.autosave_s)

    def save_due(self) -> bool:
        """The next ``record`` writes a checkpoint (``autosave_s`` has passed): the one time it
        reads the whole trainer, D and the optimizers included (a sweep copies those only then)."""
        return self._writer is not None and time.monotonic() - self._last_save_t >= self.autosave_s

    def add_reading(self, step: int, row: dict, event=None) -> None:
        """A collapse-meter reading at ``step`` and, when collapse began or ended there, its
        AlarmEvent (engine/metrics/meter.py); both are written with the next rows."""
        self._meter[step] = row
        if event is not None:
            self.add_event(event.to_dict())

    def add_event(self, event: dict) -> None:
        """A settings change or an alarm (run_events.py); kept until the run folder is written.
        A settings change makes the next save a checkpoint even at the same step."""
        self._events.append(event)
        self._changed = self._changed or event["kind"] == "hparams"

    def record(self, trainer, force_save: bool = False, meter=None) -> dict:
        """Write what is pending; returns what was saved: {"snapshot": (step, path)} and/or
        {"checkpoint": step}. ``meter``: the run's collapse meter, whose state goes into the
        checkpoint. Raises OSError (disk full…) with nothing half-written."""
        saved: dict = {}
        if self._writer is None:
            return saved
        self._last_record_t = time.monotonic()
        self._write_rows()
        step = trainer.step_count
        if step % self._sample_every == 0 and step != self._last_snapshot:
            self._last_snapshot = step
            saved["snapshot"] = self._snapshot(trainer)
        now = time.monotonic()
        due = now - self._last_save_t >= self.autosave_s
        if (due or force_save) and (trainer.step_count != self._saved_step or self._changed):
            self._last_save_t = now  # before the save: one that fails is tried again an interval later
            self._writer.save_checkpoint(trainer, None if meter is None else meter.state_dict())
            self._saved_step = trainer.step_count
            self._changed = False
            saved["checkpoint"] = trainer.step_count
        elif due:
            self._last_save_t = now
        return saved

    def _write_rows(self) -> None:
        if self._pending:
            self._writer.append(self._pending, self._meter)
            self._pending = []
            self._meter = {}
        if self._events:
            self._writer.append_events(self._events)
            self._events = []

    def _snapshot(self, trainer) -> tuple[int, Path]:
        return trainer.step_count, self._writer.save_samples(trainer)

    def close(self, trainer=None, meter=None, snapshot: bool = False) -> None:
        """The queued rows; with ``trainer`` a last checkpoint too (and with ``snapshot`` a last
        sample grid, when the last step is not a multiple of sample_every); then the files are
        closed. Without ``trainer`` the last checkpoint stays the last one written."""
        if self._writer is None:
            return
        try:
            if trainer is not None:
                if snapshot and trainer.step_count != self._last_snapshot:
                    self._last_snapshot = trainer.step_count
                    self._snapshot(trainer)
                self.record(trainer, force_save=True, meter=meter)
            else:
                self._write_rows()
                self._writer.flush()
        finally:
            self._writer.close()
            self._writer = None
            self._pending = []
            self._meter = {}
            self._events = []
