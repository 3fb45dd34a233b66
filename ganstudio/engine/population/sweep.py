"""A sweep folder: many members trained as populations, each member an ordinary run folder.

Layout::

    sweep.json              what the sweep is and where each member stands (atomic writes)
    members/<name>/         one ordinary run folder per member (config.toml, metrics.csv with the
                            collapse meter's columns, samples/, checkpoint.pt; engine/runs/writer.py)

so ``ganstudio sample``, Open run and Compare runs work on each member. ``Sweep.create`` writes
sweep.json and nothing else; ``Sweep.run`` trains every member that is not done, population by
population (``grid.groups``), through one ``Recorder`` per member (the same recording schedule
as ``ganstudio train``: rows, sample grids every ``sample_every`` steps, a checkpoint every
``autosave_s``, meter readings every ``meter_every`` steps). Killed, a sweep continues with
``run`` again (``ganstudio sweep --resume``): each member restarts from its own last checkpoint,
and its metrics.csv drops the rows past it, so every step is there exactly once. Members whose
checkpoints stand at different steps (a kill between two members' autosaves) train as separate
populations. A resumed population draws from a new random stream, seeded by its members' seeds
and its step, so a resume repeats itself but not the run that was killed.
"""

from __future__ import annotations

import json
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from ganstudio.engine.data import load_dataset
from ganstudio.engine.metrics.meter import advice, meter_for
from ganstudio.engine.population.grid import DEFAULT_MAX_K, MemberSpec, groups
from ganstudio.engine.population.population import Population
from ganstudio.engine.runs.fsutil import atomic_write_text
from ganstudio.engine.runs.recorder import Recorder
from ganstudio.engine.runs.writer import CHECKPOINT, RunError, RunWriter
from ganstudio.engine.train import config as configlib
from ganstudio.engine.train.config import RunConfig, get_field
from ganstudio.engine.train.threads import ThreadPolicy
from ganstudio.engine.train.trainer import Trainer
from ganstudio.protocol import DEFAULT_AUTOSAVE_S

SWEEP = "sweep.json"
MEMBERS = "members"
FORMAT = 1
DRAIN_S = 1.0  # rows reach the members' metrics.csv at least this often
DRAIN_ROWS = 256
STATUS_S = 5.0  # sweep.json is rewritten at most this often while training


class SweepError(RuntimeError):
    """A sweep folder that cannot be created, read or continued; the message names the file."""


@dataclass
class Progress:
    """What the command line (or the window) shows while a sweep trains."""

    population: int  # 1-based
    populations: int
    step: int
    steps: int
    steps_per_s: float  # population steps per second
    members: int  # members in this population still training
    done: int  # members of the sweep finished
    total: int
    readings: dict[str, str] = field(default_factory=dict)  # member name -> "8/8" or "10/10"
    message: str = ""  # an alarm or a stop, for a line of its own


def shared_dataset(cache: dict, cfg: RunConfig):
    """One loaded copy of the data per distinct set: 2-D pools and image subsets depend on the
    seed, a whole image set does not."""
    seeded = cfg.data.is_2d or cfg.data.limit
    key = (repr(configlib.to_dict(cfg)["data"]), cfg.seed if seeded else None)
    if key not in cache:
        cache[key] = load_dataset(cfg.data, cfg.seed)
    return cache[key]


class Sweep:
    def __init__(self, folder: Path, meta: dict):
        self.folder = Path(folder)
        self.meta = meta
        self.base = configlib.validate(configlib.from_dict(meta["base"]))
        self.specs = [MemberSpec(m["name"], int(m["seed"]), dict(m.get("settings", {}))) for m in meta["members"]]
        self.status = {m["name"]: m for m in meta["members"]}
        self.latest: dict[str, dict] = {}  # member name -> its last collapse-meter row
        self._live: tuple | None = None  # (population, specs, recorders, meters) while one trains
        self._last_status_t = 0.0

    # ------------------------------------------------------------ the folder

    @classmethod
    def create(cls, folder: Path, base: RunConfig, members: list[MemberSpec], steps: int,
               source: dict, varies: dict[str, list] | None = None) -> Sweep:
        folder = Path(folder)
        if (folder / SWEEP).exists():
            raise SweepError(f"{folder} already holds a sweep; continue it with --resume or choose another folder")
        if (folder / MEMBERS).exists() and any((folder / MEMBERS).iterdir()):
            raise SweepError(f"{folder / MEMBERS} is not empty; choose another folder")
        names = [m.name for m in members]
        if len(set(names)) != len(names):
            raise SweepError("two members have the same name")
        meta = {
            "format": FORMAT,
            "created": datetime.now(timezone.utc).isoformat(timespec="seconds"),
            "source": source,
            "steps": steps,
            "vary": varies or {},
            "base": configlib.to_dict(base),
            "members": [{**m.to_dict(), "folder": f"{MEMBERS}/{m.name}", "status": "pending", "step": 0,
                         "note": ""} for m in members],
        }
        sweep = cls(folder, meta)
        sweep.save()
        return sweep

    @classmethod
    def open(cls, folder: Path) -> Sweep:
        path = Path(folder) / SWEEP
        try:
            meta = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise SweepError(f"{path} not found: {folder} is not a sweep folder") from None
        except (OSError, ValueError) as exc:
            raise SweepError(f"cannot read {path}: {exc}") from None
        if not isinstance(meta, dict) or meta.get("format") != FORMAT or "members" not in meta:
            raise SweepError(f"{path} is not a sweep description this version reads")
        return cls(folder, meta)

    def save(self) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        try:
            atomic_write_text(self.folder / SWEEP, json.dumps(self.meta, indent=1) + "\n")
        except OSError as exc:
            raise SweepError(f"cannot write {self.folder / SWEEP}: {exc.strerror or exc}") from None
        self._last_status_t = time.monotonic()

    def member_folder(self, name: str) -> Path:
        return self.folder / MEMBERS / name

    def _mark(self, name: str, status: str, step: int | None = None, note: str | None = None) -> None:
        entry = self.status[name]
        entry["status"] = status
        if step is not None:
            entry["step"] = step
        if note is not None:
            entry["note"] = note

    @property
    def steps(self) -> int:
        return int(self.meta["steps"])

    # ------------------------------------------------------------ training

    def run(self, steps: int | None = None, progress: Callable[[Progress], None] | None = None,
            meter_every: int = 250, autosave_s: float = DEFAULT_AUTOSAVE_S, threads: int | None = None,
            max_k: int = DEFAULT_MAX_K, device: str | None = None,
            hook: Callable[[Sweep, Population], None] | None = None, hook_s: float = 0.2) -> dict[str, str]:
        """Train every member that is not done to ``steps`` (default: the sweep's). Returns
        {name: status}. KeyboardInterrupt saves every member's checkpoint, then propagates.

        ``hook(sweep, population)`` runs in the training thread about every ``hook_s`` seconds,
        between steps: a live view reads the population there and calls ``stop_member``,
        ``clone_member`` and ``promote_member``; an exception it raises ends the sweep as Ctrl+C
        does (checkpoints saved) and propagates."""
        if steps is not None and steps != self.steps:
            self.meta["steps"] = steps
        steps = self.steps
        todo = self.todo(steps)
        cache: dict = {}
        batches = groups(self.base, todo, max_k)
        for number, batch in enumerate(batches, 1):
            members = [todo[i] for i in batch]
            shells = [self._shell(m, cache, device) for m in members]
            by_step: dict[int, list[int]] = {}
            for i, (shell, _) in enumerate(shells):
                by_step.setdefault(shell.step_count, []).append(i)
            for indices in by_step.values():
                self._train([members[i] for i in indices], [shells[i] for i in indices], steps,
                            (number, len(batches)), progress, meter_every, autosave_s, threads, hook, hook_s)
        self.save()
        return {name: entry["status"] for name, entry in self.status.items()}

    def todo(self, steps: int) -> list[MemberSpec]:
        """Members to train to ``steps``: all but the stopped and those done that far."""
        return [s for s in self.specs if self.status[s.name]["status"] not in ("done", "stopped")
                or (self.status[s.name]["status"] == "done" and self.status[s.name]["step"] < steps)]

    def _shell(self, spec: MemberSpec, cache: dict, device: str | None) -> tuple[Trainer, dict | None]:
        """The member's Trainer: from its last checkpoint, or new (a folder without one is
        started again: it held at most a first sample grid and some rows)."""
        folder = self.member_folder(spec.name)
        cfg = spec.config(self.base)
        if device is not None:
            cfg.device = device
        if self._has_checkpoint(spec.name):
            writer = RunWriter(folder)
            trainer = writer.load_trainer(shared_dataset(cache, cfg))
            return trainer, writer.meter_state
        if folder.exists():
            shutil.rmtree(folder)
        return Trainer(cfg, shared_dataset(cache, cfg)), None

    def _has_checkpoint(self, name: str) -> bool:
        return (self.member_folder(name) / CHECKPOINT).exists()

    def _new_recorder(self, autosave_s: float) -> Recorder:
        """A member's recorder: it writes the member's folder here (ray_sweep.py sends the writes)."""
        return Recorder(self.folder / MEMBERS, autosave_s=autosave_s)

    def _train(self, specs, shells, steps, where, progress, meter_every, autosave_s, threads,
               hook=None, hook_s: float = 0.2) -> None:
        trainers = [t for t, _ in shells]
        pop = Population(trainers)
        pop.names = [spec.name for spec in specs]
        recorders, meters = [], []
        preset = self.meta.get("source", {}).get("preset")
        for spec, (trainer, meter_state) in zip(specs, shells):
            rec = self._new_recorder(autosave_s)
            folder = self.member_folder(spec.name)
            if self._has_checkpoint(spec.name):
                rec.open_existing(folder)
            else:
                rec.new_run_at(folder, preset=preset)
            try:
                rec.begin(trainer)
            except OSError as exc:
                raise SweepError(f"cannot write {folder}: {exc}") from None
            recorders.append(rec)
            meters.append(meter_for(trainer, meter_state)[0])
            self._mark(spec.name, "training", trainer.step_count)
        self.save()
        policy = ThreadPolicy.for_trainer(pop, pinned=threads)
        step = pop.step if policy is None else (lambda: policy.run(pop.step))
        readings: dict[str, str] = {}
        t_rate, n_rate, rate = time.monotonic(), pop.step_count, 0.0
        last_drain = last_hook = time.monotonic()
        sample_every = pop.cfg.sample_every
        self._live = (pop, specs, recorders, meters)
        try:
            if hook is not None:
                hook(self, pop)
            while pop.step_count < steps and pop.active:
                step()
                s = pop.step_count
                now = time.monotonic()
                if hook is not None and now - last_hook >= hook_s:
                    last_hook = now
                    hook(self, pop)
                metered = s % meter_every == 0
                if (metered or s % sample_every == 0 or s == steps or pop.rows_ready() >= DRAIN_ROWS
                        or now - last_drain >= DRAIN_S):
                    last_drain = now
                    messages = self._drain(pop, specs, recorders, meters, readings, metered)
                    if now - t_rate >= 0.5 or not rate:
                        rate = (s - n_rate) / max(now - t_rate, 1e-9)
                        if now - t_rate >= 0.5:
                            t_rate, n_rate = now, s
                    if progress is not None and s < steps:
                        for message in messages:
                            progress(self._progress(where, pop, steps, rate, readings, message))
                        progress(self._progress(where, pop, steps, rate, readings))
                    if now - self._last_status_t >= STATUS_S:
                        self.save()
            self._drain(pop, specs, recorders, meters, readings, False)
            for k in pop.active:
                shell = pop.sync(k)
                recorders[k].close(shell, meters[k], snapshot=True)
                self._mark(specs[k].name, "done", shell.step_count)
        except BaseException:
            # Ctrl+C (or a failure): every member keeps what it trained, rows and a checkpoint
            for k, member in pop.take_rows().items():
                for row in member.rows:
                    recorders[k].add(row)
            for k in pop.active:
                try:
                    recorders[k].close(pop.sync(k), meters[k])
                except (OSError, RunError):
                    recorders[k].close()
                self._mark(specs[k].name, "interrupted", pop.step_count)
            raise
        finally:
            self._live = None
            for rec in recorders:
                rec.close()
            self.save()
        if hook is not None:
            hook(self, pop)
        if progress is not None:
            progress(self._progress(where, pop, steps, rate, readings))

    def _drain(self, pop: Population, specs, recorders, meters, readings, metered: bool) -> list[str]:
        """Rows to the recorders, meter readings when due, snapshots and checkpoints when due."""
        messages = []
        for k, member in pop.take_rows().items():
            rec = recorders[k]
            for row in member.rows:
                rec.add(row)
            if member.stopped_at is not None:
                bad = member.rows[-1].nonfinite
                note = (f"{bad} became NaN or Inf at step {member.stopped_at}; stopped, the last "
                        f"checkpoint is kept")
                rec.close()  # the rows so far; the last checkpoint stays the last good one
                self._mark(specs[k].name, "stopped", member.stopped_at, note)
                messages.append(f"{specs[k].name}: {note}")
        for k in pop.active:
            # G for the pictures and the meter; D and the optimizers only when a checkpoint is due
            # (a full copy of every member every second was most of a drain for the MNIST MLP)
            shell = pop.sync(k, weights_only=not recorders[k].save_due())
            meter = meters[k]
            if metered and meter is not None:
                row, event = meter.evaluate()
                recorders[k].add_reading(shell.step_count, row, event)
                readings[specs[k].name] = _reading(meter, row)
                self.latest[specs[k].name] = {**row, "kind": meter.kind, "n_modes": meter.n_modes}
                if event is not None:
                    messages.append(f"{specs[k].name}: {advice(event, meter.unit)}")
            try:
                recorders[k].record(shell, meter=meter)
            except (OSError, RunError) as exc:  # disk full: keep training, try again next interval
                messages.append(f"warning: {specs[k].name}: autosave failed: {exc}")
            self._mark(specs[k].name, "training", shell.step_count)
        return messages

    # ------------------------------------------------------------ acting on members (from a hook)

    def _index(self, name: str) -> int:
        if self._live is None:
            raise SweepError("no population is training")
        names = [spec.name for spec in self._live[1]]
        if name not in names:
            raise SweepError(f"{name} is not in the population training now")
        return names.index(name)

    def stop_member(self, name: str, note: str = "stopped by the user") -> None:
        """The member trains no more; its folder gets a last checkpoint at this step."""
        k = self._index(name)
        pop, specs, recorders, meters = self._live
        if k in pop.stopped:
            return
        self._drain(pop, specs, recorders, meters, {}, False)  # its rows so far
        pop.stop(k, note)
        recorders[k].close(pop.members[k], meters[k], snapshot=True)
        self._mark(name, "stopped", pop.members[k].step_count, note)
        self.save()

    def clone_member(self, src: str, dst: str, changes: dict[str, object] | None = None) -> None:
        """``dst`` continues from a copy of ``src`` (weights, optimizer state), with ``changes``
        (per-member settings). Its metrics.csv goes on from this step, and its events record the
        copy ("weights": [dst, src]) and the changed settings, so its plots mark where it happened."""
        from ganstudio.engine.runs.events import hparams_event

        k_src, k_dst = self._index(src), self._index(dst)
        pop, specs, recorders, meters = self._live
        self._drain(pop, specs, recorders, meters, {}, False)
        before = {key: get_field(pop.members[k_dst].cfg, key) for key in (changes or {})}
        if k_dst not in pop.stopped:
            recorders[k_dst].close(pop.sync(k_dst), meters[k_dst])
        pop.clone(k_src, k_dst, changes)
        shell = pop.members[k_dst]
        folder = self.member_folder(dst)
        rec = self._new_recorder(recorders[k_dst].autosave_s)
        rec.open_existing(folder)
        rec.begin(shell)
        changed = {"weights": (dst, src)}
        changed.update({key: (before[key], get_field(shell.cfg, key)) for key in before
                        if before[key] != get_field(shell.cfg, key)})
        rec.add_event(hparams_event(shell.step_count, changed))
        rec.record(shell, force_save=True, meter=meters[k_dst])
        recorders[k_dst] = rec
        meters[k_dst] = meter_for(shell)[0]
        self.latest.pop(dst, None)
        self._mark(dst, "training", shell.step_count, f"copy of {src} from step {shell.step_count}")
        self.save()

    def promote_member(self, name: str, folder: Path) -> Path:
        """The member as a new lone run folder at this step (its parent: the member's folder),
        and stopped here: it goes on as an ordinary run."""
        k = self._index(name)
        pop = self._live[0]
        preset = self.meta.get("source", {}).get("preset")
        out = export_member(pop, k, folder, preset=preset, parent=str(self.member_folder(name)))
        self.stop_member(name, f"promoted to {out}")
        return out

    def _progress(self, where, pop, steps, rate, readings, message: str = "") -> Progress:
        done = sum(1 for e in self.status.values() if e["status"] == "done")
        return Progress(where[0], where[1], pop.step_count, steps, rate, len(pop.active), done,
                        len(self.specs), dict(readings), message)


def _reading(meter, row: dict) -> str:
    """"8/8" (modes) or "10/10" (classes), with "!" when the alarm is up."""
    covered = row["classes"] if meter.kind == "classes" else row["modes"]
    total = 10 if meter.kind == "classes" else meter.n_modes
    return f"{covered}/{total}" + ("!" if row["collapse"] else "")


def export_member(pop: Population, k: int, folder: Path, preset: str | None = None,
                  parent: str | None = None) -> Path:
    """Member k at this step as a new lone run folder (config, a sample grid, a checkpoint), which
    a ``Trainer`` continues like any other run."""
    shell = pop.sync(k)
    writer = RunWriter(Path(folder))
    writer.create(shell.cfg, parent=parent, parent_step=shell.step_count if parent else None, preset=preset)
    try:
        writer.save_samples(shell)
        writer.save_checkpoint(shell)
    finally:
        writer.close()
    return Path(folder)
