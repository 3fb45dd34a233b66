"""Following a sweep that another program trains (``ganstudio sweep``, locally or on Ray).

File ▸ Open population… on a sweep folder whose members are being written by another process
fills the wall from the folders as they land, the way Open run follows one live run: every
second ``SweepFollower`` reads sweep.json and the new rows of each member's metrics.csv
(``RunFolder.poll`` reads only new bytes), and shows each member's newest sample grid, its last
loss and its last collapse-meter reading. Nothing is written; training happens elsewhere, so the
wall's Stop, Promote and Clone are off while it follows.
"""

from __future__ import annotations

import json
import math
import time
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal

from ganstudio.engine.population.sweep import MEMBERS, SWEEP
from ganstudio.engine.runs.reader import RunFolder, is_run_folder
from ganstudio.engine.runs.writer import RunError
from ganstudio.population_worker import MemberView, WallFrame

POLL_MS = 1000


def sweep_is_live(folder: Path) -> bool:
    """True when another process is writing one of the sweep's member folders."""
    for member in sorted((Path(folder) / MEMBERS).glob("*")):
        if is_run_folder(member):
            try:
                if RunFolder(member).is_live():
                    return True
            except RunError:
                continue
    return False


def _number(value) -> float | None:
    try:
        value = float(value)
    except (TypeError, ValueError):
        return None
    return value if math.isfinite(value) else None


class SweepFollower(QObject):
    frame = Signal(object)  # WallFrame
    finished = Signal()

    def __init__(self, folder: Path, parent=None):
        super().__init__(parent)
        self.folder = Path(folder)
        self.runs: dict[str, RunFolder] = {}
        self._n_modes: int | None = None
        self._rate = (0.0, 0, 0.0)
        self.timer = QTimer(self)
        self.timer.setInterval(POLL_MS)
        self.timer.timeout.connect(self.poll)

    def start(self) -> None:
        self.poll()
        self.timer.start()

    def stop(self) -> None:
        self.timer.stop()

    def _modes_total(self, meta: dict) -> int:
        if self._n_modes is None:
            from ganstudio.engine.data import load_dataset
            from ganstudio.engine.metrics import modes
            from ganstudio.engine.train import config as configlib

            cfg = configlib.from_dict(meta["base"])
            mixture = modes.mixture_of(load_dataset(cfg.data, cfg.seed)) if cfg.data.is_2d else None
            self._n_modes = len(mixture[0]) if mixture is not None else 0
        return self._n_modes

    def poll(self) -> None:
        try:
            meta = json.loads((self.folder / SWEEP).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return  # being replaced (atomic write) or gone: the next poll reads it
        views, steps_seen, live = [], [], False
        for entry in meta.get("members", []):
            name = entry["name"]
            run = self.runs.get(name)
            folder = self.folder / MEMBERS / name
            if run is None and is_run_folder(folder):
                try:
                    run = self.runs[name] = RunFolder(folder)
                except RunError:
                    run = None
            elif run is not None:
                run.poll()
            picture = losses = reading = None
            if run is not None:
                live = live or run.is_live()
                m = run.metrics
                if len(m["step"]):
                    steps_seen.append(int(m["step"][-1]))
                    losses = (float(m["loss_d"][-1]), float(m["loss_g"][-1]))
                    reading = self._reading(m, meta)
                if run.snapshots:
                    picture = str(run.snapshots[-1][1])
            label = " · ".join([f"seed {entry['seed']}"] + [f"{k} {v}" for k, v in entry.get("settings", {}).items()])
            views.append(MemberView(name, label, entry.get("status", ""), entry.get("note", ""), None, losses,
                                    reading, dict(entry.get("settings", {})), picture))
        step = max(steps_seen) if steps_seen else 0
        now = time.monotonic()
        t0, s0, rate = self._rate
        if now - t0 >= 2.0:
            rate = (step - s0) / (now - t0) if t0 else 0.0
            self._rate = (now, step, rate)
        self.frame.emit(WallFrame(step, int(meta.get("steps", 0)), rate, live, views))

    def _reading(self, m: dict, meta: dict) -> dict | None:
        """The member's last collapse-meter row, shaped as the meter's (tile.coverage reads it)."""
        for key, kind in (("modes", "modes"), ("classes", "classes")):
            column = m.get(key)
            if column is None:
                continue
            filled = [i for i in range(len(column) - 1, -1, -1) if column[i] == column[i]][:1]
            if not filled:
                continue
            i = filled[0]
            row = {"kind": kind, key: int(column[i]), "collapse": bool(_number(m.get("collapse", [0])[i]) or 0)}
            if kind == "modes":
                row["reverse_kl"] = _number(m.get("reverse_kl", [math.nan])[i])
                row["n_modes"] = self._modes_total(meta)
            else:
                row["class_kl"] = _number(m.get("class_kl", [math.nan])[i])
            return row
        return None
