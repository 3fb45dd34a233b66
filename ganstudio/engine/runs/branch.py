"""Branching: a new run folder that starts from another run's checkpoint with changed settings
(the timeline's "Branch from here…"). It reads the source through run_reader.py, which never
writes, and writes the new folder through runs.py's RunWriter.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from ganstudio.engine.train import config as configlib
from ganstudio.engine.train.config import LIVE_FIELDS, ConfigError
from ganstudio.engine.runs.metrics_csv import read_metrics_rows, rows_through
from ganstudio.engine.runs.events import hparams_event
from ganstudio.engine.runs.reader import open_run
from ganstudio.engine.runs.writer import (METRICS, SAMPLES, RunError, RunWriter, read_checkpoint, read_meta,
                                   write_meta)


def branch_run(source: Path, step: int, dest: Path, changes: dict[str, object] | None = None) -> Path:
    """A new run folder that starts from ``source``'s checkpoint at ``step`` (the latest one at
    or before it) with ``changes`` (dotted keys, e.g. ``{"opt_d.lr": 1e-4}``) applied.

    The new folder holds the source's metrics rows and snapshots up to that step, a checkpoint
    whose live hyper-parameters are changed as ``Trainer.set_hparams`` would change them (Adam's
    moments kept), and run.json naming the parent and the step. The source is only read. The
    folder is assembled under a temporary name and renamed into place, so a failure leaves none.
    """
    import torch

    from ganstudio.engine.train.trainer import Trainer

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
        rows = rows_through(read_metrics_rows(source / METRICS), at) if (source / METRICS).exists() else []
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
