"""``ganstudio sweep … --ray [ADDRESS]``: a sweep's populations trained by Ray actors.

The members are split into groups as for a local sweep (``grid.groups``; ``--population-size``
sets how many members a group holds at most). Each group trains as one population inside a
``GroupWorker`` actor, declared with ``num_cpus`` (and ``num_gpus`` on CUDA) so Ray places it on any
node of the cluster. The actor runs the ordinary ``Sweep.run`` in a thread of its own, over a
``RemoteSweep``: the same populations, meters and recording schedule, but every write of a member's
run folder goes into an outbox (packets.py) and every status into a table, and the driver collects
both with ``poll`` about four times a second. The driver applies the writes to the member folders
under ``DIR/members/`` (``FolderWriters``: the same atomic writes as a local sweep) and keeps
``sweep.json`` up to date. Nothing needs a shared disk: a worker gets its members' last checkpoints
as bytes and sends back rows, sample grids (PNG bytes) and checkpoints (bytes).

Faults. Actors are created with ``max_restarts=-1``: when a worker's process ends or its node goes,
Ray starts the actor again, and the driver, finding the actor died (``poll`` raises), reopens the
group's member folders at the last checkpoint it wrote (rows past it are dropped, as any resume
does) and starts the group again from those checkpoints. So when the sweep finishes, every member's
metrics.csv has every step exactly once. Ctrl+C on the driver asks every actor to stop (each saves
its members' checkpoints through the outbox), applies what they send, and leaves folders that
``--resume`` continues, locally or on Ray.
"""

from __future__ import annotations

import io
import os
import shutil
import threading
import time
from collections.abc import Callable
from pathlib import Path

from ganstudio.engine.population.grid import DEFAULT_MAX_K, groups
from ganstudio.engine.population.packets import FolderWriters, PacketWriter
from ganstudio.engine.population.sweep import MEMBERS, Progress, Sweep, SweepError, shared_dataset
from ganstudio.engine.runs.recorder import Recorder
from ganstudio.engine.runs.writer import CHECKPOINT
from ganstudio.protocol import DEFAULT_AUTOSAVE_S

RAY_MISSING = ("--ray needs Ray, an optional extra: pip install -e '.[ray]' (or pip install ray); "
               "`make test` installs it")
POLL_S = 0.25
RESTART_TIMEOUT_S = 180.0
NOWHERE = Path("/ganstudio-remote")  # a worker's folder paths: only their names travel


def require_ray():
    try:
        import ray
    except ImportError:
        raise SweepError(RAY_MISSING) from None
    return ray


class _Stop(Exception):
    """Raised in the worker's hook when the driver asks it to stop."""


class RemoteSweep(Sweep):
    """``Sweep`` as a worker runs it: members' checkpoints come in as bytes, writes go out as
    packets, statuses stay in ``status`` for the driver to read."""

    def __init__(self, meta: dict, checkpoints: dict[str, bytes], outbox: list):
        super().__init__(NOWHERE, meta)
        self.checkpoints = checkpoints
        self.outbox = outbox

    def save(self) -> None:
        self._last_status_t = time.monotonic()  # the driver writes sweep.json from ``status``

    def _has_checkpoint(self, name: str) -> bool:
        return name in self.checkpoints

    def _shell(self, spec, cache, device):
        import torch

        from ganstudio.engine.train.trainer import Trainer

        cfg = spec.config(self.base)
        if device is not None:
            cfg.device = device
        trainer = Trainer(cfg, shared_dataset(cache, cfg))
        data = self.checkpoints.get(spec.name)
        if data is None:
            return trainer, None
        state = torch.load(io.BytesIO(data), weights_only=True, map_location=trainer.device)
        trainer.load_state_dict(state)
        return trainer, state.get("meter")

    def _new_recorder(self, autosave_s: float) -> Recorder:
        return Recorder(self.folder / MEMBERS, autosave_s=autosave_s,
                        writer_factory=lambda folder: PacketWriter(folder, self.outbox))


class GroupWorker:
    """One group of members training in a Ray actor (made remote by ``_actor_class``)."""

    def __init__(self):
        self.outbox: list = []
        self.sweep: RemoteSweep | None = None
        self.thread: threading.Thread | None = None
        self.progress: Progress | None = None
        self.messages: list[str] = []
        self.error = ""
        self.done = False
        self._stop = False

    def pid(self) -> int:
        return os.getpid()

    def start(self, meta: dict, checkpoints: dict[str, bytes], steps: int, options: dict) -> bool:
        self.sweep = RemoteSweep(meta, checkpoints, self.outbox)
        self.done, self.error, self._stop = False, "", False
        self.thread = threading.Thread(target=self._run, args=(steps, options), name="ganstudio-ray-group",
                                       daemon=True)
        self.thread.start()
        return True

    def _run(self, steps: int, options: dict) -> None:
        try:
            self.sweep.run(steps=steps, progress=self._progress, hook=self._hook, hook_s=0.2, **options)
        except _Stop:
            pass
        except BaseException as exc:  # noqa: BLE001 - sent to the driver, which reports it
            self.error = f"{type(exc).__name__}: {exc}"
        finally:
            self.done = True

    def _hook(self, sweep, pop) -> None:
        if self._stop:
            raise _Stop

    def _progress(self, progress: Progress) -> None:
        if progress.message:
            self.messages.append(progress.message)
        else:
            self.progress = progress

    def poll(self) -> dict:
        """What happened since the last poll: the writes, statuses, progress and whether it ended."""
        n = len(self.outbox)
        ops = self.outbox[:n]
        del self.outbox[:n]
        messages, self.messages = self.messages, []
        done = self.done and not self.outbox
        status = {name: dict(entry) for name, entry in self.sweep.status.items()} if self.sweep else {}
        return {"ops": ops, "status": status, "progress": self.progress, "messages": messages,
                "done": done, "error": self.error}

    def stop(self) -> None:
        self._stop = True


def _actor_class(ray):
    return ray.remote(max_restarts=-1, max_task_retries=0, max_concurrency=4)(GroupWorker)


class RaySweep:
    """The driver: starts the workers, applies what they send, restarts a group whose worker died."""

    def __init__(self, sweep: Sweep, address: str | None = None, cpus_per_worker: float = 1.0):
        self.sweep = sweep
        self.address = address
        self.cpus = cpus_per_worker
        self.pids: list[int] = []  # the workers' processes, in group order (tests kill one)
        self.restarts = 0
        self._started_ray = False

    def _connect(self):
        ray = require_ray()
        if not ray.is_initialized():
            kwargs = {"include_dashboard": False, "log_to_driver": False}
            if self.address:
                ray.init(address=self.address, **kwargs)
            else:
                ray.init(**kwargs)
                self._started_ray = True
        return ray

    def run(self, steps: int | None = None, progress: Callable[[Progress], None] | None = None,
            meter_every: int = 250, autosave_s: float = DEFAULT_AUTOSAVE_S, threads: int | None = None,
            max_k: int = DEFAULT_MAX_K, device: str | None = None) -> dict[str, str]:
        sweep = self.sweep
        if steps is not None:
            sweep.meta["steps"] = steps
        steps = sweep.steps
        ray = self._connect()
        todo = sweep.todo(steps)
        batches = [[todo[i].name for i in batch] for batch in groups(sweep.base, todo, max_k)]
        if not batches:
            return {name: e["status"] for name, e in sweep.status.items()}
        cuda = (device or sweep.base.device) == "cuda"
        options = {"meter_every": meter_every, "autosave_s": autosave_s, "max_k": max_k, "device": device,
                   "threads": threads if threads is not None else max(1, int(self.cpus))}
        Actor = _actor_class(ray)
        writers = FolderWriters(sweep.folder / MEMBERS)
        actors = [Actor.options(num_cpus=self.cpus, num_gpus=1 if cuda else 0).remote() for _ in batches]
        self.pids = ray.get([a.pid.remote() for a in actors])
        live = set(range(len(actors)))
        latest: dict[int, Progress] = {}
        try:
            for i, names in enumerate(batches):
                self._start(ray, actors[i], names, writers, steps, options)
            last_save = time.monotonic()
            while live:
                time.sleep(POLL_S)
                for i in sorted(live):
                    try:
                        packet = ray.get(actors[i].poll.remote(), timeout=120)
                    except (ray.exceptions.RayActorError, ray.exceptions.GetTimeoutError):
                        self.restarts += 1
                        writers.apply([(name, "close") for name in batches[i]])
                        self._restart(ray, actors, i, batches[i], writers, steps, options)
                        continue
                    writers.apply(packet["ops"])
                    for name, entry in packet["status"].items():
                        sweep.status[name].update(entry)
                    if packet["progress"] is not None:
                        latest[i] = packet["progress"]
                    if progress is not None:
                        for message in packet["messages"]:
                            progress(Progress(0, 0, 0, 0, 0.0, 0, 0, 0, {}, message))
                    if packet["done"]:
                        live.discard(i)
                        if packet["error"]:
                            raise SweepError(f"a worker failed: {packet['error']}")
                if progress is not None and latest:
                    progress(self._combined(latest, len(batches), steps))
                if time.monotonic() - last_save >= 2.0:
                    sweep.save()
                    last_save = time.monotonic()
        except KeyboardInterrupt:
            self._stop_all(ray, actors, live, writers)
            raise
        finally:
            writers.close()
            sweep.save()
            for actor in actors:
                ray.kill(actor, no_restart=True)
            if self._started_ray:
                ray.shutdown()
        return {name: e["status"] for name, e in sweep.status.items()}

    def _checkpoints(self, names: list[str]) -> dict[str, bytes]:
        """The members' last checkpoints as written here; a folder without one starts again."""
        out = {}
        for name in names:
            folder = self.sweep.member_folder(name)
            path = folder / CHECKPOINT
            if path.exists():
                out[name] = path.read_bytes()
            elif folder.exists():
                shutil.rmtree(folder)
        return out

    def _start(self, ray, actor, names, writers, steps, options) -> None:
        meta = dict(self.sweep.meta)
        meta["members"] = [dict(self.sweep.status[name]) for name in names]
        ray.get(actor.start.remote(meta, self._checkpoints(names), steps, options))

    def _restart(self, ray, actors, i, names, writers, steps, options) -> None:
        """Ray restarts a dead actor (max_restarts); start its group again from the checkpoints."""
        deadline = time.monotonic() + RESTART_TIMEOUT_S
        while True:
            try:
                self.pids[i] = ray.get(actors[i].pid.remote(), timeout=30)
                self._start(ray, actors[i], names, writers, steps, options)
                return
            except (ray.exceptions.RayActorError, ray.exceptions.GetTimeoutError):
                if time.monotonic() > deadline:
                    raise SweepError(f"a worker died and Ray did not bring it back within "
                                     f"{RESTART_TIMEOUT_S:.0f} s") from None
                time.sleep(1.0)

    def _stop_all(self, ray, actors, live, writers) -> None:
        """Ctrl+C: every worker saves its members' checkpoints; the driver writes them."""
        for i in live:
            actors[i].stop.remote()
        deadline = time.monotonic() + 60
        pending = set(live)
        while pending and time.monotonic() < deadline:
            for i in sorted(pending):
                try:
                    packet = ray.get(actors[i].poll.remote(), timeout=30)
                except (ray.exceptions.RayActorError, ray.exceptions.GetTimeoutError):
                    pending.discard(i)
                    continue
                writers.apply(packet["ops"])
                for name, entry in packet["status"].items():
                    self.sweep.status[name].update(entry)
                if packet["done"]:
                    pending.discard(i)
            time.sleep(0.1)

    def _combined(self, latest: dict[int, Progress], groups_n: int, steps: int) -> Progress:
        readings: dict[str, str] = {}
        for p in latest.values():
            readings.update(p.readings)
        done = sum(1 for e in self.sweep.status.values() if e["status"] == "done")
        training = sum(p.members for p in latest.values())
        rate = sum(p.steps_per_s * p.members for p in latest.values()) / max(training, 1)
        return Progress(len(latest), groups_n, min(p.step for p in latest.values()), steps, rate, training,
                        done, len(self.sweep.specs), readings)
