"""Writing a run folder while a Trainer trains, and resuming one.

Layout (the contract in docs/ARCHITECTURE.md, plus the history that makes rewinding possible)::

    config.toml                     the settings (atomic write)
    run.json                        name, created, preset, parent, parent_step (atomic write)
    writer.json                     pid, host, since of the process writing the folder (WRITER):
                                    written atomically by create/reopen, removed by close; a
                                    reader takes its presence as "live" (run_reader.is_live)
    metrics.csv                     header, then one row per step; appended, flushed at least
                                    every ``flush_interval_s``; read by metrics_csv.py only
    events.jsonl                    hyper-parameter changes and collapse alarms (run_events.py)
    samples/step_XXXXXXXX.png       sample grids of the fixed noise, thinned to MAX_SNAPSHOTS
    checkpoints/step_XXXXXXXX.pt    checkpoint history (the rewind points), thinned to MAX_CHECKPOINTS
    checkpoint.pt                   the latest checkpoint: a hard link to the newest history file
                                    (a copy where the file system has no links)
    metrics.before-continue-*.csv   the window's copy of metrics.csv before continuing a run
                                    whose rows go past the checkpoint (recorder.py)
    freezes/freeze-<time>.txt       every thread's stack when the window froze (ui/window/watchdog.py,
                                    not this module), plain write

torch is imported only by the functions that need it, so reading a run folder (run_reader.py,
a "recent runs" menu) does not load it. A branch (a new run folder started from another's
checkpoint) is made by branch.py.

Other processes read these files while the run writes them (the window attaching to a headless
run, a spreadsheet), so every whole-file write is atomic (temp file, fsync, rename): a crash, a
SIGKILL or a full disk leaves the previous version intact. On resume the rows of metrics.csv past
the checkpoint are dropped, so the file and the checkpoint agree.

Thinning (``thin``): a run that goes on for days must not fill the disk, so the snapshots and the
checkpoint history are bounded. The rule keeps the first step, the last step, and the first step
in each bin of ``stride`` steps (bins counted from the first step), where the stride is the
smallest power of two that makes the bins from first to last, plus the last step, at most
``keep``. As a run grows the stride doubles, so what is kept stays evenly spread over the whole
run: with a snapshot every few steps, between keep/2 and keep of them, one per bin. The stride
depends only on the first and last steps, so it never shrinks, and a bin of stride 2s is two bins
of stride s whose first step was kept: thinning the kept files again as new ones arrive keeps
everything that thinning the full list would (exactly that list whenever it deletes anything), so
the spread is not eroded by thinning a little at a time. Disk use: at most MAX_SNAPSHOTS PNGs (5-60 kB
each) and MAX_CHECKPOINTS checkpoints (0.8 MB ring8, 4.6 MB mnist-dcgan, 24 MB mnist-mlp: at most
~0.4 GB for the largest preset).
"""

from __future__ import annotations

import csv
import errno
import io
import json
import math
import os
import pickle
import re
import socket
import time
import zipfile
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from ganstudio.engine.train import config as configlib
from ganstudio.engine.train.config import ConfigError, RunConfig
from ganstudio.engine.runs.fsutil import atomic_write_bytes, atomic_write_text
from ganstudio.engine.metrics.meter import METER_FIELDS
from ganstudio.engine.runs.metrics_csv import read_metrics_text, rows_end, rows_through
from ganstudio.engine.runs.events import EVENTS, events_text, parse_events
from ganstudio.engine.export.render import image_grid, save_png, scatter_image
from ganstudio.engine.train.step_stats import STAT_FIELDS, StepStats

if TYPE_CHECKING:
    from ganstudio.engine.train.trainer import Trainer

CHECKPOINT = "checkpoint.pt"
CHECKPOINTS = "checkpoints"
CONFIG = "config.toml"
METRICS = "metrics.csv"
RUN_META = "run.json"
WRITER = "writer.json"  # present while a RunWriter has the folder open: which process, on which host
SAMPLES = "samples"
CHECKPOINT_FORMAT = 1
MAX_SNAPSHOTS = 200  # sample grids kept per run
MAX_CHECKPOINTS = 16  # rewind points kept per run (the latest is one of them)
# One row per step; the collapse meter's columns (engine/metrics/meter.py) are filled on the steps it was
# evaluated and left empty on the others, so the header is the same for every kind of data.
METRIC_COLUMNS = (*STAT_FIELDS, *METER_FIELDS)
STEP_FILE = re.compile(r"^step_(\d+)\.(png|pt)$")


class RunError(RuntimeError):
    """A run folder that cannot be created, read or resumed; the message names the file."""


def _fmt(value: float) -> str:
    if isinstance(value, float):
        return repr(value) if math.isfinite(value) else ("nan" if value != value else str(value))
    return str(value)


def step_name(step: int, suffix: str) -> str:
    """``step_00001500.png``: zero-padded so a plain directory listing sorts by step."""
    return f"step_{step:08d}{suffix}"


def list_steps(folder: Path, suffix: str) -> list[tuple[int, Path]]:
    """``(step, path)`` of the ``step_XXXXXXXX<suffix>`` files in ``folder``, sorted by step."""
    try:
        names = os.listdir(folder)
    except OSError:
        return []
    found = []
    for name in names:
        match = STEP_FILE.match(name)
        if match and name.endswith(suffix):
            found.append((int(match.group(1)), Path(folder) / name))
    return sorted(found)


def thin(steps: list[int], keep: int) -> list[int]:
    """The steps to keep, sorted: all of them when there are at most ``keep``, else the first,
    the last, and the first step of each bin.

    Bins are ``stride`` steps wide, counted from the first step, with ``stride`` the smallest
    power of two for which the bins spanning first..last, plus the last step, number at most
    ``keep``. The stride depends only on the first and last steps, so it only grows with a run,
    and thinning the kept steps again after more arrive keeps what thinning the full list would
    keep (see the module docstring).
    """
    if keep < 2:
        raise ValueError("thin keeps at least the first and the last step (keep >= 2)")
    steps = sorted(set(steps))
    if len(steps) <= keep:
        return steps
    first, last = steps[0], steps[-1]
    stride = 1
    while (last - first) // stride + 2 > keep:
        stride *= 2
    kept, last_bin = [], None
    for s in steps:
        b = (s - first) // stride
        if b != last_bin:
            kept.append(s)
            last_bin = b
    if kept[-1] != last:
        kept.append(last)
    return kept


@contextmanager
def _disk_errors(what: str, path: Path, intact: str):
    """Turn an OSError while writing into a RunError that says what is still safe."""
    try:
        yield
    except OSError as exc:
        reason = "the disk is full" if exc.errno == errno.ENOSPC else (exc.strerror or str(exc))
        raise RunError(f"could not write the {what} {path}: {reason}. {intact}") from None


# ------------------------------------------------------------------ checkpoints

def checkpoint_bytes(trainer: Trainer, meter_state: dict | None = None) -> bytes:
    """The trainer's whole state plus its config, data shape and the collapse meter's state
    (``Meter.state_dict``), serialized once."""
    import torch

    state = trainer.state_dict()
    if meter_state is not None:
        state["meter"] = meter_state
    state["format"] = CHECKPOINT_FORMAT
    state["config"] = configlib.to_dict(trainer.cfg)
    state["data_shape"] = list(trainer.dataset.shape)
    buf = io.BytesIO()
    torch.save(state, buf)
    return buf.getvalue()


def write_checkpoint(path: Path, trainer: Trainer) -> None:
    """Atomically write the trainer's checkpoint to ``path``."""
    path = Path(path)
    data = checkpoint_bytes(trainer)
    with _disk_errors("checkpoint", path, "The previous file is intact."):
        atomic_write_bytes(path, data)


def read_checkpoint(path: Path, mmap: bool = False) -> dict:
    """Load with ``weights_only=True``: a checkpoint that carries code is refused, not run.

    ``mmap=True`` maps the tensors instead of reading them: a cheap look at the step and config.
    """
    import torch

    path = Path(path)
    if not path.exists():
        raise RunError(f"no checkpoint at {path}")
    if not zipfile.is_zipfile(path):  # torch.save writes a zip archive; its index sits at the end
        raise RunError(f"{path} is truncated or corrupt and cannot be read (the file is incomplete)")
    try:
        state = torch.load(path, map_location="cpu", weights_only=True, mmap=mmap)
    except pickle.UnpicklingError as exc:
        raise RunError(f"{path} was refused: it holds more than tensors and plain data "
                       f"(a pickle that could run code), so it was not loaded. Detail: "
                       f"{_refusal_detail(exc)}") from None
    except (RuntimeError, EOFError, OSError, zipfile.BadZipFile, ValueError) as exc:
        raise RunError(f"{path} is truncated or corrupt and cannot be read "
                       f"({str(exc).splitlines()[0] if str(exc) else type(exc).__name__})") from None
    if not isinstance(state, dict) or state.get("format") != CHECKPOINT_FORMAT:
        raise RunError(f"{path} is not a ganstudio checkpoint (format {CHECKPOINT_FORMAT})")
    return state


def _refusal_detail(exc: Exception) -> str:
    """The line of torch's refusal that names what the file tried to load, without its advice
    to retry with ``weights_only=False`` (which would run the code)."""
    lines = [line.strip() for line in str(exc).splitlines() if line.strip()]
    boilerplate = ("Weights only load failed", "Check the documentation")
    specific = [line for line in lines if not line.startswith(boilerplate)]
    return (specific or lines or [type(exc).__name__])[0]


def _link_or_copy(src: Path, dst: Path, data: bytes) -> None:
    """Make ``dst`` atomically the same file as ``src``: a hard link renamed into place, so the
    latest checkpoint costs no second write; a copy where links are not supported."""
    tmp = dst.with_name(f".{dst.name}.{os.getpid()}.link")
    try:
        tmp.unlink(missing_ok=True)
        os.link(src, tmp)
    except OSError:
        atomic_write_bytes(dst, data)
        return
    try:
        os.replace(tmp, dst)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


# ------------------------------------------------------------------ metrics.csv

def _metrics_prefix(data: bytes, last_step: int) -> bytes:
    """metrics.csv's bytes up to and including the last complete row with step ≤ ``last_step``,
    under the current header (rows of an older header are re-mapped, blanks for new columns)."""
    if data.startswith(",".join(METRIC_COLUMNS).encode() + b"\n"):
        return data[:rows_end(data, last_step)]
    return _rows_bytes(rows_through(read_metrics_text(data.decode("utf-8", "replace")), last_step))


def _rows_bytes(rows: list[dict[str, str]]) -> bytes:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(METRIC_COLUMNS)
    w.writerows([[r.get(k, "") for k in METRIC_COLUMNS] for r in rows])
    return buf.getvalue().encode()


# ------------------------------------------------------------------ run.json

def default_meta(folder: Path) -> dict:
    """What run.json says of a run made before there was run.json."""
    return {"name": Path(folder).name, "created": None, "preset": None, "parent": None,
            "parent_step": None}


def read_meta(folder: Path) -> dict:
    """run.json as a dict with every key of ``default_meta`` present."""
    meta = default_meta(folder)
    path = Path(folder) / RUN_META
    if path.exists():
        try:
            values = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise RunError(f"{path} cannot be read ({exc}); the run's name and parent are unknown") from None
        if not isinstance(values, dict):
            raise RunError(f"{path} is not a JSON object; the run's name and parent are unknown")
        meta.update(values)
    return meta


def write_meta(folder: Path, meta: dict) -> None:
    path = Path(folder) / RUN_META
    with _disk_errors("run description", path, "Nothing else was changed."):
        atomic_write_text(path, json.dumps(meta, indent=2) + "\n")


# ------------------------------------------------------------------ the writer

class RunWriter:
    """Writes one run folder while a Trainer trains; ``resume()`` picks an existing one up."""

    def __init__(self, folder: Path, flush_interval_s: float = 1.0):
        self.folder = Path(folder)
        self.flush_interval_s = flush_interval_s
        self.max_snapshots = MAX_SNAPSHOTS
        self.max_checkpoints = MAX_CHECKPOINTS
        self._metrics = None
        self._writer = None
        self._last_flush = 0.0
        self.meter_state: dict | None = None  # the collapse meter's, from the checkpoint load_trainer read

    # -------------------------------------------------------------- start / resume

    def create(self, cfg: RunConfig, parent: str | None = None, parent_step: int | None = None,
               preset: str | None = None) -> None:
        """Start a new run; refuse to overwrite one that is already there."""
        if any((self.folder / name).exists() for name in (METRICS, CHECKPOINT, CHECKPOINTS)):
            raise RunError(f"{self.folder} already holds a run; resume it (--resume) or choose "
                           f"another folder")
        (self.folder / SAMPLES).mkdir(parents=True, exist_ok=True)
        with _disk_errors("settings", self.folder / CONFIG, "Nothing else was written."):
            configlib.save(cfg, self.folder / CONFIG)
        write_meta(self.folder, {
            "format": 1,
            "name": self.folder.name,
            "created": datetime.now(timezone.utc).isoformat(timespec="seconds"),
            "preset": preset,
            "parent": parent,
            "parent_step": parent_step,
        })
        self._open_metrics(truncate_after=None)
        self._claim()

    def _claim(self) -> None:
        """Say who writes this folder, so a window opening it knows to follow rather than continue."""
        atomic_write_text(self.folder / WRITER, json.dumps(
            {"pid": os.getpid(), "host": socket.gethostname(), "since": time.time()}) + "\n")

    def resume(self) -> Trainer:
        """Rebuild the Trainer from config.toml + the newest checkpoint and reopen metrics.csv."""
        trainer = self.load_trainer()
        self.reopen(trainer)
        return trainer

    def load_trainer(self, dataset=None) -> Trainer:
        """The Trainer of the newest readable checkpoint; reads only (the window opens a run this
        way and writes nothing until the user continues it). ``dataset``: the run's data, already
        loaded (a sweep shares one copy among its members).

        The newest checkpoint is checkpoint.pt, or a history file past it when the process died
        between writing the history file and linking checkpoint.pt to it.
        """
        from ganstudio.engine.train.trainer import Trainer

        cfg = configlib.load(self.folder / CONFIG)
        path = self.folder / CHECKPOINT
        state = read_checkpoint(path)
        newer = [p for s, p in list_steps(self.folder / CHECKPOINTS, ".pt") if s > state["step"]]
        for candidate in reversed(newer):
            try:
                state, path = read_checkpoint(candidate), candidate
                break
            except RunError:
                continue
        trainer = Trainer(cfg, dataset)
        try:
            trainer.load_state_dict(state)
        except (RuntimeError, KeyError, ValueError, ConfigError) as exc:
            raise RunError(f"{path} does not fit {self.folder / CONFIG} "
                           f"({str(exc).splitlines()[0]})") from None
        self.meter_state = state.get("meter")
        return trainer

    def reopen(self, trainer: Trainer) -> None:
        """Continue writing this folder from ``trainer``'s step. What lies past it (snapshots,
        metrics rows written after the last autosave) goes: training redoes those steps. History
        checkpoints past it could not be read (else ``load_trainer`` would have used them)."""
        for sub, suffix in ((SAMPLES, ".png"), (CHECKPOINTS, ".pt")):
            for step, file in list_steps(self.folder / sub, suffix):
                if step > trainer.step_count:
                    file.unlink(missing_ok=True)
        self._remove_leftovers()
        (self.folder / SAMPLES).mkdir(parents=True, exist_ok=True)
        self._open_metrics(truncate_after=trainer.step_count)
        self._keep_events(trainer.step_count)
        self._claim()

    def _remove_leftovers(self) -> None:
        """Temp files of writes that a crash or SIGKILL cut short (a checkpoint's can be large)."""
        for sub, prefixes in (("", (f".{CHECKPOINT}.", f".{METRICS}.", f".{CONFIG}.", f".{RUN_META}.",
                                    f".{EVENTS}.")),
                              (CHECKPOINTS, (".step_",)), (SAMPLES, (".step_",))):
            try:
                names = os.listdir(self.folder / sub)
            except OSError:
                continue
            for name in names:
                if name.startswith(prefixes) and name.endswith((".tmp", ".link")):
                    (self.folder / sub / name).unlink(missing_ok=True)

    def _open_metrics(self, truncate_after: int | None) -> None:
        path = self.folder / METRICS
        if truncate_after is not None and path.exists():
            data = path.read_bytes()
            kept = _metrics_prefix(data, truncate_after)
            if kept != data:
                with _disk_errors("metrics", path, "The previous metrics.csv is intact."):
                    atomic_write_bytes(path, kept)
            self._metrics = open(path, "a", newline="", encoding="utf-8")
        else:
            self._metrics = open(path, "w", newline="", encoding="utf-8")
            self._metrics.write(",".join(METRIC_COLUMNS) + "\n")
            self._metrics.flush()  # a reader that opens the new run finds its columns, not an empty file
        self._writer = csv.writer(self._metrics, lineterminator="\n")

    def _keep_events(self, last_step: int) -> None:
        """Events past ``last_step`` go with the rows past it: training redoes those steps."""
        path = self.folder / EVENTS
        if not path.exists():
            return
        text = path.read_text("utf-8", "replace")
        kept = events_text([e for e in parse_events(text) if e["step"] <= last_step])
        if kept != text:
            with _disk_errors("events", path, f"The previous {EVENTS} is intact."):
                atomic_write_text(path, kept)

    # -------------------------------------------------------------- during training

    def append_events(self, events: list[dict]) -> None:
        """Hyper-parameter changes and alarms (run_events.py), written at once: they are rare."""
        if not events:
            return
        path = self.folder / EVENTS
        with _disk_errors("events", path, "Earlier events are intact."):
            with open(path, "a", encoding="utf-8") as out:
                out.write(events_text(events))

    def append(self, stats: list[StepStats], meter: dict[int, dict] | None = None) -> None:
        """Rows for ``stats``; ``meter`` maps a step to the collapse meter's row for that step."""
        meter = meter or {}
        blank = [""] * len(METER_FIELDS)
        self._writer.writerows([
            [_fmt(getattr(s, k)) for k in STAT_FIELDS]
            + ([_fmt(meter[s.step].get(k, "")) for k in METER_FIELDS] if s.step in meter else blank)
            for s in stats])
        now = time.monotonic()
        if now - self._last_flush >= self.flush_interval_s:
            self.flush()
            self._last_flush = now

    def copy_rows(self, rows: list[dict[str, str]]) -> None:
        """Rows read from another run's metrics.csv, as they were (a branch's history)."""
        self._writer.writerows([[r.get(k, "") for k in METRIC_COLUMNS] for r in rows])
        self.flush()

    def flush(self) -> None:
        if self._metrics:
            with _disk_errors("metrics", self.folder / METRICS,
                              "Rows written before are intact; the latest may be lost."):
                self._metrics.flush()

    def save_samples(self, trainer: Trainer) -> Path:
        """The fixed-noise picture as samples/step_XXXXXXXX.png, then thin the snapshots."""
        path = self.folder / SAMPLES / step_name(trainer.step_count, ".png")
        with _disk_errors("sample grid", path, "Earlier sample grids are intact."):
            save_png(path, sample_picture(trainer))
        self._thin(SAMPLES, ".png", self.max_snapshots)
        return path

    def save_sample_png(self, step: int, data: bytes) -> Path:
        """A sample grid already encoded as PNG (made where the run trains, e.g. a Ray worker)."""
        path = self.folder / SAMPLES / step_name(step, ".png")
        with _disk_errors("sample grid", path, "Earlier sample grids are intact."):
            atomic_write_bytes(path, data)
        self._thin(SAMPLES, ".png", self.max_snapshots)
        return path

    def save_checkpoint(self, trainer: Trainer, meter_state: dict | None = None) -> None:
        """checkpoints/step_XXXXXXXX.pt (atomic), then checkpoint.pt made the same file, then thin.

        A failed write (disk full) raises RunError and leaves checkpoint.pt as it was.
        """
        self.save_checkpoint_data(trainer.step_count, checkpoint_bytes(trainer, meter_state))

    def save_checkpoint_data(self, step: int, data: bytes) -> None:
        """``save_checkpoint`` of a checkpoint already serialized (``checkpoint_bytes``)."""
        self.flush()
        history = self.folder / CHECKPOINTS / step_name(step, ".pt")
        with _disk_errors("checkpoint", history,
                          f"The previous checkpoint ({self.folder / CHECKPOINT}) is intact."):
            atomic_write_bytes(history, data)
            _link_or_copy(history, self.folder / CHECKPOINT, data)
        self._thin(CHECKPOINTS, ".pt", self.max_checkpoints)

    def _thin(self, sub: str, suffix: str, keep: int) -> None:
        found = list_steps(self.folder / sub, suffix)
        kept = set(thin([s for s, _ in found], keep))
        for step, path in found:
            if step not in kept:
                path.unlink(missing_ok=True)

    def close(self) -> None:
        if self._metrics:
            try:
                self.flush()
            finally:
                self._metrics.close()
                self._metrics = None
                (self.folder / WRITER).unlink(missing_ok=True)


def sample_picture(trainer: Trainer) -> np.ndarray:
    """The picture of G's fixed-noise output: an image grid, or a real/fake scatter for 2-D."""
    fake = trainer.samples()
    if trainer.dataset.is_2d:
        return scatter_image(trainer.real_samples(), fake, trainer.dataset.bounds())
    return image_grid(fake)
