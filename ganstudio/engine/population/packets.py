"""A run folder's writes as data: made where a member trains, applied where the folder lives.

On a Ray worker (ray_sweep.py) the sweep's ``Recorder``s write through ``PacketWriter``: instead of
touching a disk it appends each write to an outbox as a plain tuple (a rows batch, an event, a
sample grid already encoded as PNG, a checkpoint already serialized). The driver takes the outbox
through Ray and ``FolderWriters.apply`` replays it into real ``RunWriter``s, with the same atomic
writes as a local run. So a sweep's folders land on the driver's disk whether or not the workers
share it, and the driver decides what is on disk: after a worker dies, the member folders still
end at their last applied checkpoint, and reopening them drops the rows past it.
"""

from __future__ import annotations

from pathlib import Path

from ganstudio.engine.export.render import png_bytes
from ganstudio.engine.runs.writer import RunWriter, checkpoint_bytes, sample_picture
from ganstudio.engine.train import config as configlib


class PacketWriter:
    """The writes ``Recorder`` makes, appended to ``outbox`` as (member folder name, op, *args)."""

    def __init__(self, folder: Path, outbox: list):
        self.folder = Path(folder)
        self.name = self.folder.name
        self.outbox = outbox

    def _put(self, *op) -> None:
        self.outbox.append((self.name, *op))

    def create(self, cfg, parent=None, parent_step=None, preset=None) -> None:
        self._put("create", configlib.to_dict(cfg), preset)

    def reopen(self, trainer) -> None:
        self._put("reopen", trainer.step_count)

    def append(self, stats, meter=None) -> None:
        self._put("rows", list(stats), dict(meter or {}))

    def append_events(self, events) -> None:
        if events:
            self._put("events", list(events))

    def save_samples(self, trainer) -> Path:
        self._put("png", trainer.step_count, png_bytes(sample_picture(trainer)))
        return self.folder / "samples" / f"step_{trainer.step_count:08d}.png"

    def save_checkpoint(self, trainer, meter_state=None) -> None:
        self._put("checkpoint", trainer.step_count, checkpoint_bytes(trainer, meter_state))

    def flush(self) -> None:
        pass

    def close(self) -> None:
        self._put("close")


class _Step:
    """What ``RunWriter.reopen`` reads of a trainer."""

    def __init__(self, step: int):
        self.step_count = step


class FolderWriters:
    """The driver's side: one RunWriter per member folder under ``base``, fed by packets."""

    def __init__(self, base: Path):
        self.base = Path(base)
        self.writers: dict[str, RunWriter] = {}
        self.saved: dict[str, int] = {}  # member -> step of its last checkpoint written here

    def apply(self, ops: list[tuple]) -> None:
        for name, op, *args in ops:
            folder = self.base / name
            if op == "create":
                self._close(name)
                writer = RunWriter(folder)
                writer.create(configlib.from_dict(args[0]), preset=args[1])
                self.writers[name] = writer
            elif op == "reopen":
                self._close(name)
                writer = RunWriter(folder)
                writer.reopen(_Step(args[0]))
                self.writers[name] = writer
            elif op == "close":
                self._close(name)
            else:
                writer = self.writers.get(name)
                if writer is None:  # a packet for a folder closed since (a stop racing a close)
                    continue
                if op == "rows":
                    writer.append(*args)
                elif op == "events":
                    writer.append_events(args[0])
                elif op == "png":
                    writer.save_sample_png(*args)
                elif op == "checkpoint":
                    writer.save_checkpoint_data(*args)
                    self.saved[name] = args[0]

    def _close(self, name: str) -> None:
        writer = self.writers.pop(name, None)
        if writer is not None:
            writer.close()

    def close(self) -> None:
        for name in list(self.writers):
            self._close(name)
