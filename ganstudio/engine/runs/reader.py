"""Reading a run folder: what the window opens, follows live, rewinds from and compares.

A run folder may be damaged (a torn last line, a corrupt checkpoint, a bad setting, no samples)
or still being written by another process (``ganstudio train`` on a shared disk). ``open_run``
opens whatever can be opened and says, one sentence each in ``RunFolder.problems``, what could
not; it never writes into the folder. ``RunFolder.poll`` reads only what was appended since the
last look, so following a long run costs what is new, not what is there.

Nothing here writes: metrics.csv is parsed by metrics_csv.py (shared with the writer), and a
branch from a run's checkpoint is made by branch.py.
"""

from __future__ import annotations

import bisect
import json
import os
import socket
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ganstudio.engine.train import config as configlib
from ganstudio.engine.train.config import ConfigError, RunConfig
from ganstudio.engine.runs.metrics_csv import MetricsFile, tail_step
from ganstudio.engine.runs.events import EVENTS, read_events
from ganstudio.engine.runs.writer import (CHECKPOINT, CHECKPOINTS, CONFIG, METRICS, RUN_META, SAMPLES, WRITER,
                                   RunError, default_meta, list_steps, read_checkpoint, read_meta)

LIVE_WINDOW_S = 10.0  # metrics.csv changed this recently: a writer is probably attached
_RUN_FILES = (CONFIG, METRICS, CHECKPOINT, RUN_META, SAMPLES, CHECKPOINTS)


def load_snapshot(path: Path) -> np.ndarray:
    """A sample grid PNG as (H, W, 3) uint8."""
    from PIL import Image

    try:
        with Image.open(path) as image:
            return np.asarray(image.convert("RGB"))
    except FileNotFoundError:
        raise RunError(f"the sample grid {path} is gone (thinned out by the run that writes it)") from None
    except (OSError, ValueError, SyntaxError) as exc:
        raise RunError(f"the sample grid {path} cannot be read ({exc})") from None


def snapshot_size(path: Path) -> tuple[int, int]:
    """(height, width) of a PNG from its header, without decoding the pixels."""
    from PIL import Image

    try:
        with Image.open(path) as image:
            return image.height, image.width
    except (OSError, ValueError, SyntaxError) as exc:
        raise RunError(f"the sample grid {path} cannot be read ({exc})") from None


def is_run_folder(folder: Path) -> bool:
    folder = Path(folder)
    return folder.is_dir() and any((folder / name).exists() for name in _RUN_FILES)


def open_run(folder: Path) -> "RunFolder":
    """Open a run folder, damaged or live; RunError only when it is not a run folder at all."""
    return RunFolder(folder)


class RunFolder:
    """What a run folder holds, read without writing anything into it.

    ``metrics``: column → float64 array (NaN for blank cells), always with "step".
    ``snapshots`` / ``checkpoints``: ``(step, path)`` sorted by step. ``problems``: one sentence
    per thing that could not be opened. ``rewritten``: the last ``poll`` found metrics.csv
    rewritten (a resume dropped rows past its checkpoint) and re-read it whole.
    """

    def __init__(self, folder: Path):
        self.folder = Path(folder)
        if not self.folder.is_dir():
            raise RunError(f"{self.folder} is not a folder")
        if not is_run_folder(self.folder):
            raise RunError(f"{self.folder} is not a run folder: it has none of "
                           f"{', '.join(_RUN_FILES)}")
        self.problems: list[str] = []
        self.meta = self._read_meta()
        self._metrics = MetricsFile(self.folder / METRICS, self.problems)
        self._last_step = -1
        self._zip_ok: dict[tuple[Path, int, int], bool] = {}
        self._latest_step_cache: tuple[tuple[int, int], int] | None = None
        self._live_sig = None
        self._live_seen: float | None = None
        if not (self.folder / METRICS).exists():
            self.problems.append(f"{METRICS} is missing: there are no curves to show.")
        else:
            self._metrics.read_new()
            if self._metrics.partial:
                self.problems.append(f"the last line of {METRICS} is incomplete (cut off "
                                     f"mid-write, or still being written) and was left out.")
        if self._metrics.bad_rows:
            self.problems.append(f"{METRICS}: {self._metrics.bad_rows} malformed line(s) were skipped.")
        if not (self.folder / SAMPLES).is_dir():
            self.problems.append(f"the {SAMPLES}/ folder is missing: there are no sample grids to show.")
        self.snapshots = list_steps(self.folder / SAMPLES, ".png")
        self.checkpoints = self._list_checkpoints(report=True)
        self.config = self._read_config()
        self.events: list[dict] = []  # run_events.py: settings changes and alarms, in order
        self.new_events: list[dict] = []  # those the last poll found
        self._events_size = -1
        self._read_events()

    def _read_events(self) -> None:
        try:
            size = (self.folder / EVENTS).stat().st_size
        except OSError:
            size = 0
        if size == self._events_size:
            self.new_events = []
            return
        self._events_size = size
        events = read_events(self.folder)
        seen = len(self.events) if events[: len(self.events)] == self.events else 0
        self.events, self.new_events = events, events[seen:]

    # -------------------------------------------------------------- opening

    def _read_meta(self) -> dict:
        try:
            return read_meta(self.folder)
        except RunError as exc:
            self.problems.append(str(exc) + ".")
            return default_meta(self.folder)

    def _read_config(self) -> RunConfig | None:
        path = self.folder / CONFIG
        try:
            return configlib.load(path)
        except ConfigError as exc:
            reason = str(exc) if path.exists() else f"{CONFIG} is missing"
        for _, ckpt in reversed(self.checkpoints):
            try:
                cfg = configlib.validate(configlib.from_dict(read_checkpoint(ckpt, mmap=True)["config"]))
            except (RunError, ConfigError, KeyError, TypeError):
                continue
            self.problems.append(f"{reason}; the settings shown are those saved in {ckpt.name}.")
            return cfg
        self.problems.append(f"{reason}; the settings cannot be shown.")
        return None

    def _list_checkpoints(self, report: bool = False) -> list[tuple[int, Path]]:
        """History plus checkpoint.pt, truncated files left out (a zip without its directory)."""
        found = {}
        inodes = {}
        for step, path in list_steps(self.folder / CHECKPOINTS, ".pt"):
            try:
                st = path.stat()
                key = (path, st.st_ino, st.st_mtime_ns)
                if key not in self._zip_ok:
                    self._zip_ok[key] = zipfile.is_zipfile(path)
            except OSError:  # thinned out while listing
                continue
            ok = self._zip_ok[key]
            inodes[st.st_ino] = step
            if ok:
                found[step] = path
            elif report:
                self.problems.append(f"{path} is truncated or corrupt; it is left off the timeline.")
        self._zip_ok = {k: v for k, v in self._zip_ok.items() if k[0] in found.values()}
        latest = self.folder / CHECKPOINT
        try:
            st = latest.stat()
        except OSError:
            return sorted(found.items())
        step = inodes.get(st.st_ino)
        if step is None or step not in found:
            step = self._latest_step(latest, (st.st_ino, st.st_mtime_ns), report)
        if step is not None and step not in found:
            found[step] = latest
        return sorted(found.items())

    def _latest_step(self, path: Path, sig: tuple[int, int], report: bool) -> int | None:
        """checkpoint.pt's step when it is not a link to a history file (older runs, copies)."""
        if self._latest_step_cache and self._latest_step_cache[0] == sig:
            return self._latest_step_cache[1]
        try:
            step = int(read_checkpoint(path, mmap=True)["step"])
        except RunError as exc:
            if report:
                self.problems.append(f"{exc}; it cannot be continued or rewound from.")
            return None
        except (KeyError, TypeError, ValueError):
            if report:
                self.problems.append(f"{path} has no step number; it is left off the timeline.")
            return None
        self._latest_step_cache = (sig, step)
        return step

    # -------------------------------------------------------------- metrics.csv (metrics_csv.MetricsFile)

    @property
    def metrics(self) -> dict[str, np.ndarray]:
        return self._metrics.columns

    @property
    def rewritten(self) -> bool:
        return self._metrics.rewritten

    def poll(self) -> tuple[dict[str, np.ndarray], list[tuple[int, Path]]]:
        """Rows and snapshots that appeared since the last open or poll (following a live run).

        Only the new bytes of metrics.csv are read; a partial last line waits for the next poll.
        When a resume rewrote the file shorter, it is read again whole (``rewritten`` turns True)
        and only rows past the last step returned before come back.
        """
        if self._last_step < 0 and len(self.metrics["step"]):
            self._last_step = int(self.metrics["step"][-1])
        before = self._last_step
        rows = self._metrics.read_new()
        if self.rewritten:
            new = self.metrics
            rows = {k: v[new["step"] > before] for k, v in new.items()}
        if len(rows["step"]):
            self._last_step = max(before, int(rows["step"][-1]))
        seen = {s for s, _ in self.snapshots}
        self.snapshots = list_steps(self.folder / SAMPLES, ".png")
        self.checkpoints = self._list_checkpoints()
        self._read_events()
        return rows, [(s, p) for s, p in self.snapshots if s not in seen]

    # -------------------------------------------------------------- looking up

    def snapshot_at(self, step: int) -> tuple[int, Path] | None:
        """The latest snapshot at or before ``step``, else the first; None when there is none."""
        if not self.snapshots:
            return None
        i = bisect.bisect_right([s for s, _ in self.snapshots], step)
        return self.snapshots[max(i - 1, 0)]

    def checkpoint_at(self, step: int) -> tuple[int, Path] | None:
        """The latest checkpoint at or before ``step``; None when all are later (or none)."""
        i = bisect.bisect_right([s for s, _ in self.checkpoints], step)
        return self.checkpoints[i - 1] if i else None

    @property
    def last_step(self) -> int:
        steps = self.metrics["step"]
        return int(steps[-1]) if len(steps) else (self.checkpoints[-1][0] if self.checkpoints else 0)

    def is_live(self) -> bool:
        """Another process is writing this run. Its writer leaves writer.json while it has the
        folder open: on this host the process it names must still exist (a run killed with SIGKILL
        leaves the file behind); from another host, metrics.csv must have changed within
        LIVE_WINDOW_S — by its modification time, or, for a shared disk whose clock differs from
        ours, by a change this object saw between two calls."""
        writer = _read_writer(self.folder)
        if writer is None:
            return False
        if writer.get("host") == socket.gethostname():
            return _process_exists(writer.get("pid"))
        try:
            st = (self.folder / METRICS).stat()
        except OSError:
            return False
        now = time.monotonic()
        sig = (st.st_size, st.st_mtime_ns)
        if sig != self._live_sig:
            if self._live_sig is not None:
                self._live_seen = now
            self._live_sig = sig
        if self._live_seen is not None and now - self._live_seen < LIVE_WINDOW_S:
            return True
        return abs(time.time() - st.st_mtime) < LIVE_WINDOW_S


def _read_writer(folder: Path) -> dict | None:
    try:
        value = json.loads((folder / WRITER).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return value if isinstance(value, dict) else None


def _process_exists(pid) -> bool:
    if not isinstance(pid, int) or pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process: it exists
        return True
    return True


# ------------------------------------------------------------------ recent runs

@dataclass
class RunSummary:
    """One line of a "recent runs" or "compare with" picker."""

    folder: Path
    name: str
    preset: str | None
    last_step: int
    modified: float  # seconds since the epoch, of the newest of metrics.csv / checkpoint.pt
    parent: str | None = None
    parent_step: int | None = None


def summarize(folder: Path) -> RunSummary:
    folder = Path(folder)
    try:
        meta = read_meta(folder)
    except RunError:
        meta = default_meta(folder)
    times = []
    for name in (METRICS, CHECKPOINT, ""):
        try:
            times.append((folder / name).stat().st_mtime)
        except OSError:
            pass
    return RunSummary(folder, meta["name"] or folder.name, meta["preset"], tail_step(folder / METRICS),
                      max(times, default=0.0), meta["parent"], meta["parent_step"])


def list_runs(base: Path) -> list[RunSummary]:
    """The run folders directly inside ``base``, most recently changed first; others skipped."""
    try:
        children = [p for p in Path(base).iterdir() if not p.name.startswith(".")]
    except OSError:
        return []
    runs = [summarize(p) for p in children if is_run_folder(p)]
    return sorted(runs, key=lambda r: r.modified, reverse=True)
