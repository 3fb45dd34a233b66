"""A run folder on disk: config.toml, metrics.csv, samples/*.png and checkpoint.pt.

Layout and columns are the contract in ARCHITECTURE.md; other tools (the window attaching to a
headless run, a spreadsheet) read these files while the run writes them. Every whole-file write
is atomic (temp file, fsync, rename), so a crash leaves the previous version intact. metrics.csv
is appended and flushed at least every ``flush_interval_s``; on resume its rows past the
checkpoint are dropped so the file and the checkpoint agree.
"""

from __future__ import annotations

import csv
import io
import math
import pickle
import time
import zipfile
from pathlib import Path

import numpy as np
import torch

from ganstudio.engine import config as configlib
from ganstudio.engine.config import RunConfig
from ganstudio.engine.fsutil import atomic_write
from ganstudio.engine.render import image_grid, save_png, scatter_image
from ganstudio.engine.meter import METER_FIELDS
from ganstudio.engine.trainer import STAT_FIELDS, StepStats, Trainer

CHECKPOINT = "checkpoint.pt"
CONFIG = "config.toml"
METRICS = "metrics.csv"
SAMPLES = "samples"
CHECKPOINT_FORMAT = 1
# One row per step; the collapse meter's columns (engine/meter.py) are filled on the steps it was
# evaluated and left empty on the others, so the header is the same for every kind of data.
METRIC_COLUMNS = (*STAT_FIELDS, *METER_FIELDS)


class RunError(RuntimeError):
    """A run folder that cannot be created, read or resumed; the message names the file."""


def _fmt(value: float) -> str:
    if isinstance(value, float):
        return repr(value) if math.isfinite(value) else ("nan" if value != value else str(value))
    return str(value)


def write_checkpoint(path: Path, trainer: Trainer) -> None:
    """Atomically write the trainer's whole state plus its config and data shape."""
    state = trainer.state_dict()
    state["format"] = CHECKPOINT_FORMAT
    state["config"] = configlib.to_dict(trainer.cfg)
    state["data_shape"] = list(trainer.dataset.shape)
    atomic_write(Path(path), lambda f: torch.save(state, f))


def read_checkpoint(path: Path) -> dict:
    """Load with ``weights_only=True``: a checkpoint that carries code is refused, not run."""
    path = Path(path)
    if not path.exists():
        raise RunError(f"no checkpoint at {path}")
    try:
        state = torch.load(path, map_location="cpu", weights_only=True)
    except pickle.UnpicklingError as exc:
        raise RunError(f"{path} was refused: it holds more than tensors and plain data "
                       f"(a pickle that could run code), so it was not loaded. Detail: "
                       f"{str(exc).splitlines()[0]}") from None
    except (RuntimeError, EOFError, OSError, zipfile.BadZipFile, ValueError) as exc:
        raise RunError(f"{path} is truncated or corrupt and cannot be read ({exc})") from None
    if not isinstance(state, dict) or state.get("format") != CHECKPOINT_FORMAT:
        raise RunError(f"{path} is not a ganstudio checkpoint (format {CHECKPOINT_FORMAT})")
    return state


class RunWriter:
    """Writes one run folder while a Trainer trains; ``resume()`` picks an existing one up."""

    def __init__(self, folder: Path, flush_interval_s: float = 1.0):
        self.folder = Path(folder)
        self.flush_interval_s = flush_interval_s
        self._metrics = None
        self._writer = None
        self._last_flush = 0.0

    # -------------------------------------------------------------- start / resume

    def create(self, cfg: RunConfig) -> None:
        """Start a new run; refuse to overwrite one that is already there."""
        if (self.folder / METRICS).exists() or (self.folder / CHECKPOINT).exists():
            raise RunError(f"{self.folder} already holds a run; resume it (--resume) or choose "
                           f"another folder")
        (self.folder / SAMPLES).mkdir(parents=True, exist_ok=True)
        configlib.save(cfg, self.folder / CONFIG)
        self._open_metrics(truncate_after=None)

    def resume(self) -> Trainer:
        """Rebuild the Trainer from config.toml + checkpoint.pt and reopen metrics.csv."""
        cfg = configlib.load(self.folder / CONFIG)
        state = read_checkpoint(self.folder / CHECKPOINT)
        trainer = Trainer(cfg)
        trainer.load_state_dict(state)
        (self.folder / SAMPLES).mkdir(parents=True, exist_ok=True)
        self._open_metrics(truncate_after=trainer.step_count)
        return trainer

    def _open_metrics(self, truncate_after: int | None) -> None:
        path = self.folder / METRICS
        if truncate_after is not None and path.exists():
            rows = read_metrics_rows(path)
            kept = [r for r in rows if int(float(r["step"])) <= truncate_after]
            buf = io.StringIO()
            w = csv.writer(buf, lineterminator="\n")
            w.writerow(METRIC_COLUMNS)
            w.writerows([[r.get(k, "") for k in METRIC_COLUMNS] for r in kept])  # older files: blanks
            atomic_write(path, lambda f: f.write(buf.getvalue().encode()))
            self._metrics = open(path, "a", newline="", encoding="utf-8")
        else:
            self._metrics = open(path, "w", newline="", encoding="utf-8")
            self._metrics.write(",".join(METRIC_COLUMNS) + "\n")
        self._writer = csv.writer(self._metrics, lineterminator="\n")

    # -------------------------------------------------------------- during training

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

    def flush(self) -> None:
        if self._metrics:
            self._metrics.flush()

    def save_samples(self, trainer: Trainer) -> Path:
        path = self.folder / SAMPLES / f"step_{trainer.step_count:08d}.png"
        save_png(path, sample_picture(trainer))
        return path

    def save_checkpoint(self, trainer: Trainer) -> None:
        self.flush()
        write_checkpoint(self.folder / CHECKPOINT, trainer)

    def close(self) -> None:
        if self._metrics:
            self._metrics.close()
            self._metrics = None


def sample_picture(trainer: Trainer) -> np.ndarray:
    """The picture of G's fixed-noise output: an image grid, or a real/fake scatter for 2-D."""
    fake = trainer.samples()
    if trainer.dataset.is_2d:
        return scatter_image(trainer.real_samples(), fake, trainer.dataset.bounds())
    return image_grid(fake)


def read_metrics_rows(path: Path) -> list[dict[str, str]]:
    """Rows of metrics.csv; a torn last line (power cut mid-write) is dropped, not fatal."""
    text = Path(path).read_text(encoding="utf-8")
    lines = text.splitlines()
    if not lines:
        return []
    header = lines[0].split(",")
    rows = []
    for line in lines[1:]:
        cells = line.split(",")
        if len(cells) != len(header):
            continue
        rows.append(dict(zip(header, cells)))
    return rows
