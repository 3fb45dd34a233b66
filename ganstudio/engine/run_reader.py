"""Reading a run folder: what the window opens, follows live, rewinds from and compares.

A run folder may be damaged (a torn last line, a corrupt checkpoint, a bad setting, no samples)
or still being written by another process (``ganstudio train`` on a shared disk). ``open_run``
opens whatever can be opened and says, one sentence each in ``RunFolder.problems``, what could
not; it never writes into the folder. ``RunFolder.poll`` reads only what was appended since the
last look, so following a long run costs what is new, not what is there.
"""

from __future__ import annotations

import bisect
import io
import json
import os
import socket
import shutil
import tempfile
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ganstudio.engine import config as configlib
from ganstudio.engine.config import LIVE_FIELDS, ConfigError, RunConfig
from ganstudio.engine.run_events import EVENTS, hparams_event, read_events
from ganstudio.engine.runs import (CHECKPOINT, CHECKPOINTS, CONFIG, METRICS, RUN_META, SAMPLES, WRITER,
                                   RunError, default_meta, list_steps, read_checkpoint, read_meta,
                                   read_metrics_text, write_meta)

LIVE_WINDOW_S = 10.0  # metrics.csv changed this recently: a writer is probably attached
_RUN_FILES = (CONFIG, METRICS, CHECKPOINT, RUN_META, SAMPLES, CHECKPOINTS)


def _empty_metrics(columns=("step",)) -> dict[str, np.ndarray]:
    return {k: np.empty(0, dtype=np.float64) for k in columns}


def _number(cell: str) -> float:
    try:
        return float(cell) if cell else float("nan")
    except ValueError:
        return float("nan")


def _parse_rows(block: str, header: list[str]) -> tuple[dict[str, np.ndarray], int]:
    """Complete CSV lines (``block`` ends in a newline) → column arrays (float64, NaN for blank
    cells) and the count of bad lines (wrong number of cells, or no step).

    Blank cells become "nan" by plain string replacement so numpy's C parser reads the block
    (about 20× faster than splitting in Python); a block it rejects is read line by line.
    """
    if not block.strip():
        return _empty_metrics(header), 0
    filled = ("\n" + block).replace("\n,", "\nnan,").replace(",,", ",nan,").replace(",,", ",nan,")
    filled = filled.replace(",\n", ",nan\n")[1:]
    try:
        values = np.loadtxt(io.StringIO(filled), delimiter=",", dtype=np.float64, ndmin=2,
                            comments=None)
        if values.shape[1] != len(header):
            raise ValueError("columns")
        lines = len(values)
    except ValueError:
        cells = [line.rstrip("\r").split(",") for line in block.split("\n")[:-1]]
        good = [[_number(c) for c in row] for row in cells if len(row) == len(header)]
        values = np.array(good, dtype=np.float64).reshape(len(good), len(header))
        lines = len(cells)
    values = values[np.isfinite(values[:, header.index("step")])]
    columns = values.T.copy()
    return {k: columns[i] for i, k in enumerate(header)}, lines - len(values)


def _concat(chunks: list[dict[str, np.ndarray]]) -> dict[str, np.ndarray]:
    if len(chunks) == 1:
        return chunks[0]
    return {k: np.concatenate([c[k] for c in chunks]) for k in chunks[0]}


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
        self.rewritten = False
        self.meta = self._read_meta()
        self._ino = None
        self._offset = 0
        self._header: list[str] | None = None
        self._chunks: list[dict[str, np.ndarray]] = []
        self._last_step = -1
        self._bad_rows = 0
        self._partial = b""
        self._unreadable_ino: int | None = None
        self._zip_ok: dict[tuple[Path, int, int], bool] = {}
        self._latest_step_cache: tuple[tuple[int, int], int] | None = None
        self._live_sig = None
        self._live_seen: float | None = None
        if not (self.folder / METRICS).exists():
            self.problems.append(f"{METRICS} is missing: there are no curves to show.")
        else:
            self._read_new_metrics()
            if self._partial:
                self.problems.append(f"the last line of {METRICS} is incomplete (cut off "
                                     f"mid-write, or still being written) and was left out.")
        if self._bad_rows:
            self.problems.append(f"{METRICS}: {self._bad_rows} malformed line(s) were skipped.")
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

    # -------------------------------------------------------------- metrics.csv, incrementally

    def _read_new_metrics(self) -> dict[str, np.ndarray]:
        """Rows appended since the last read (all of them the first time, or after a rewrite)."""
        path = self.folder / METRICS
        self._partial = b""
        try:
            f = open(path, "rb")
        except OSError:
            return _empty_metrics(self._header or ("step",))
        with f:
            st = os.fstat(f.fileno())
            if st.st_ino == self._unreadable_ino:
                return _empty_metrics()
            if self._ino is not None and (st.st_ino != self._ino or st.st_size < self._offset):
                self.rewritten = True
                self._offset, self._header, self._chunks = 0, None, []
            self._ino = st.st_ino
            f.seek(self._offset)
            data = f.read()
        end = data.rfind(b"\n") + 1
        self._partial = data[end:]
        if end == 0:
            return _empty_metrics(self._header or ("step",))
        self._offset += end
        block = data[:end].decode("utf-8", "replace")
        if self._header is None:
            first, _, block = block.partition("\n")
            self._header = first.rstrip("\r").split(",")
            if "step" not in self._header:
                self.problems.append(f"{METRICS} has no step column; its rows cannot be shown.")
                self._header, self._unreadable_ino = ["step"], st.st_ino  # read again only if replaced
                return _empty_metrics()
        rows, bad = _parse_rows(block, self._header)
        self._bad_rows += bad
        if len(rows["step"]):
            self._chunks.append(rows)
        return rows

    @property
    def metrics(self) -> dict[str, np.ndarray]:
        if not self._chunks:
            return _empty_metrics(self._header or ("step",))
        if len(self._chunks) > 1:
            self._chunks = [_concat(self._chunks)]
        return self._chunks[0]

    def poll(self) -> tuple[dict[str, np.ndarray], list[tuple[int, Path]]]:
        """Rows and snapshots that appeared since the last open or poll (following a live run).

        Only the new bytes of metrics.csv are read; a partial last line waits for the next poll.
        When a resume rewrote the file shorter, it is read again whole (``rewritten`` turns True)
        and only rows past the last step returned before come back.
        """
        self.rewritten = False
        if self._last_step < 0 and self._chunks:
            self._last_step = int(self.metrics["step"][-1])
        before = self._last_step
        rows = self._read_new_metrics()
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


def tail_step(path: Path) -> int:
    """The step of the last complete row of metrics.csv, reading only its end."""
    try:
        with open(path, "rb") as f:
            size = f.seek(0, os.SEEK_END)
            f.seek(max(0, size - 65536))
            tail = f.read()
    except OSError:
        return 0
    for line in reversed(tail.split(b"\n")[1:-1]):  # the first piece is the header or cut, the last unfinished
        try:
            return int(float(line.split(b",", 1)[0]))
        except ValueError:
            continue
    return 0


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


# ------------------------------------------------------------------ rewind

def branch_run(source: Path, step: int, dest: Path, changes: dict[str, object] | None = None) -> Path:
    """A new run folder that starts from ``source``'s checkpoint at ``step`` (the latest one at
    or before it) with ``changes`` (dotted keys, e.g. ``{"opt_d.lr": 1e-4}``) applied.

    The new folder holds the source's metrics rows and snapshots up to that step, a checkpoint
    whose live hyper-parameters are changed as ``Trainer.set_hparams`` would change them (Adam's
    moments kept), and run.json naming the parent and the step. The source is only read. The
    folder is assembled under a temporary name and renamed into place, so a failure leaves none.
    """
    import torch

    from ganstudio.engine.runs import RunWriter
    from ganstudio.engine.trainer import Trainer

    source, dest = Path(source), Path(dest)
    if dest.exists() and (not dest.is_dir() or any(dest.iterdir())):
        raise RunError(f"{dest} already exists; choose a new folder for the branch")
    src = open_run(source)
    found = src.checkpoint_at(step)
    if found is None:
        first = f"; the first is at step {src.checkpoints[0][0]}" if src.checkpoints else ""
        raise RunError(f"{source} has no checkpoint at or before step {step}{first}")
    at, ckpt = found
    state = read_checkpoint(ckpt)
    if int(state["step"]) != at:
        raise RunError(f"{ckpt} changed while it was read (the run is live); try again")
    base = src.config or configlib.validate(configlib.from_dict(state["config"]))
    changes = dict(changes or {})
    cfg = base.copy()
    for key in changes:
        try:
            configlib.get_field(cfg, key)
        except AttributeError:
            raise ConfigError([f"unknown setting {key}"]) from None
        configlib.set_field(cfg, key, changes[key])
    configlib.validate(cfg)

    rng, threads = torch.get_rng_state(), torch.get_num_threads()
    try:
        trainer = Trainer(cfg)
        try:
            trainer.load_state_dict(state)
        except (RuntimeError, KeyError, ValueError) as exc:
            raise RunError(f"the changed settings do not fit the checkpoint at step {at}: "
                           f"{str(exc).splitlines()[0]}") from None
        applied = trainer.set_hparams({k: v for k, v in changes.items() if k in LIVE_FIELDS})
        events = [e for e in src.events if e["step"] <= at] + ([hparams_event(at, applied)] if applied else [])
        rows = [r for r in read_metrics_text((source / METRICS).read_text("utf-8", "replace"))
                if _number(r.get("step", "")) <= at] if (source / METRICS).exists() else []
        dest.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=f".{dest.name}.", suffix=".branch", dir=dest.parent))
        try:
            writer = RunWriter(tmp)
            writer.create(trainer.cfg, parent=str(source.resolve()), parent_step=at,
                          preset=src.meta.get("preset"))
            writer.copy_rows(rows)
            writer.append_events(events)
            writer.close()
            for s, png in src.snapshots:
                if s <= at:
                    try:
                        shutil.copy2(png, tmp / SAMPLES / png.name)
                    except FileNotFoundError:  # thinned away by a live source meanwhile
                        continue
            if not any(s == at for s, _ in src.snapshots):
                writer.save_samples(trainer)
            writer.save_checkpoint(trainer, state.get("meter"))
            write_meta(tmp, read_meta(tmp) | {"name": dest.name})
            if dest.exists():
                dest.rmdir()
            os.rename(tmp, dest)
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise
    finally:
        torch.set_rng_state(rng)
        torch.set_num_threads(threads)
    return dest
