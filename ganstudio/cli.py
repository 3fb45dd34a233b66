"""Headless command line: ``ganstudio train``, ``ganstudio sweep``, ``ganstudio sample`` and ``ganstudio export``.

Runs anywhere PyTorch runs (a GPU server, CI) and writes the run-folder contract that the window
can open later. Errors are one line naming the problem, exit status 2, no traceback.
"""

from __future__ import annotations

import argparse
import signal
import sys
import time
from pathlib import Path

from ganstudio.protocol import DEFAULT_AUTOSAVE_S


class ProgressBar:
    """step, steps/s and the latest losses on one line; plain lines when not on a terminal."""

    def __init__(self, total: int, start: int, stream=None):
        self.total, self.start = total, start
        self.stream = stream or sys.stderr
        self.tty = self.stream.isatty()
        self.t0 = self._last = time.monotonic()
        self._interval_s = 0.2 if self.tty else 10.0

    def update(self, step: int, loss_d: float, loss_g: float, force: bool = False, meter: str = "") -> None:
        """``meter``: the collapse meter's short reading, e.g. "modes 8/8 kl 0.03" or "COLLAPSE …"."""
        now = time.monotonic()
        if not force and now - self._last < self._interval_s:
            return
        self._last = now
        done = step - self.start
        todo = self.total - self.start
        rate = done / max(now - self.t0, 1e-9)
        width = 24
        filled = int(width * done / max(todo, 1))
        eta = (todo - done) / rate if rate > 0 else 0.0
        line = (f"step {step}/{self.total} [{'#' * filled}{'.' * (width - filled)}] "
                f"{rate:7.1f} steps/s  loss_d {loss_d:7.4f}  loss_g {loss_g:7.4f}  eta {eta:5.0f}s"
                + (f"  {meter}" if meter else ""))
        if self.tty:
            self.stream.write("\r" + line)
        else:
            self.stream.write(line + "\n")
        self.stream.flush()

    def message(self, text: str) -> None:
        """A line of its own (the collapse alarm) that the next bar update does not overwrite."""
        self.stream.write(("\n" if self.tty else "") + text + "\n")
        self.stream.flush()

    def close(self) -> None:
        if self.tty:
            self.stream.write("\n")
            self.stream.flush()


def _fail(message: str) -> int:
    print(f"ganstudio: error: {message}", file=sys.stderr)
    return 2


def _stop_on_sigterm():
    """SIGTERM (``kill``, a job scheduler, a container stopping) ends training as Ctrl+C does: the
    rows so far are written and a checkpoint saved. Ctrl+C itself may be ignored, as it is in a
    process started in the background. Returns the handler it replaced (``main`` puts it back)."""
    def interrupt(signum, frame):
        raise KeyboardInterrupt

    return signal.signal(signal.SIGTERM, interrupt)


def _stepper(trainer, args, rec):
    """``(step, flush, how)``: ``step()`` trains one step and returns the numbers of the steps now
    on the host: the step's own (eager, its threads timed by ThreadPolicy), or on CUDA a replayed
    graph's, read in batches that end at each meter reading, snapshot and the last step (or after
    half a second); ``flush()`` returns those still on the device (Ctrl+C); ``how()`` says how it
    trained, for the last line."""
    from ganstudio.engine.train import graph_step
    from ganstudio.engine.train.threads import ThreadPolicy

    if graph_step.why_not(trainer) is None:
        graph = graph_step.GraphStep(trainer)
        last = [time.perf_counter()]

        def replay():
            graph.step()
            n, now = trainer.step_count, time.perf_counter()
            if (n >= args.steps or n % args.meter_every == 0 or rec.snapshot_due(n)
                    or now - last[0] >= 0.5):
                last[0] = now
                return graph.take()
            return []
        def how():
            if graph.fallback:
                return f"eager steps: {graph.fallback}"
            return f"CUDA graph, recorded {graph.recordings} time(s) in {graph.record_s:.2f} s"
        return replay, graph.take, how
    policy = ThreadPolicy.for_trainer(trainer, pinned=args.threads)
    if policy is None:
        return (lambda: [trainer.step()]), list, lambda: ""
    return (lambda: [policy.run(trainer.step)]), list, lambda: f"torch threads: {policy.describe()}"


def cmd_train(args) -> int:
    """Train to ``--steps``, writing the run folder through the same Recorder as the window."""
    from ganstudio.engine.train import config as configlib
    from ganstudio.engine.train import presets
    from ganstudio.engine.metrics.meter import advice, meter_for
    from ganstudio.engine.runs.recorder import Recorder
    from ganstudio.engine.runs.writer import RunError, RunWriter
    from ganstudio.engine.train.trainer import Trainer

    if args.threads is not None and args.threads < 0:
        return _fail(f"--threads must be 0 (chosen by timing) or a count of threads, not {args.threads}")
    out = Path(args.out)
    rec = Recorder(out.parent, autosave_s=args.checkpoint_every_s)
    meter_state = None
    if args.resume:
        writer = RunWriter(out)
        trainer = writer.load_trainer()
        meter_state = writer.meter_state
        rec.open_existing(out)
        print(f"resuming {out} at step {trainer.step_count}", file=sys.stderr)
    else:
        if args.preset:
            cfg = presets.preset(args.preset)
        else:
            cfg = configlib.load(args.config)
        if args.seed is not None:
            cfg.seed = args.seed
        if args.device is not None:
            cfg.device = args.device
        if args.sample_every is not None:
            cfg.sample_every = args.sample_every
        configlib.validate(cfg)
        trainer = Trainer(cfg)
        rec.new_run_at(out, preset=args.preset)
    rec.begin(trainer)
    cfg = trainer.cfg
    print(f"{cfg.name or 'run'}: data {trainer.dataset.name} {tuple(trainer.dataset.x.shape)}, "
          f"device {trainer.device}, writing {out}", file=sys.stderr)

    bar = ProgressBar(args.steps, trainer.step_count)
    meter, why = meter_for(trainer, meter_state)
    if meter is None and not trainer.dataset.is_2d:
        print(why, file=sys.stderr)
    reading = ""
    stats = None
    _stop_on_sigterm()  # a scheduler's kill saves like Ctrl+C

    def record() -> None:
        try:
            rec.record(trainer, meter=meter)
        except (OSError, RunError) as exc:  # disk full: keep training, try again next interval
            bar.message(f"ganstudio: warning: autosave failed: {exc}")

    steps, flush, how = _stepper(trainer, args, rec)
    try:
        while trainer.step_count < args.steps:
            batch = steps()
            for stats in batch:
                due = rec.add(stats)
                if meter is not None and stats.step % args.meter_every == 0:
                    row, event = meter.evaluate()  # a graph's batch ends at a reading's step
                    rec.add_reading(stats.step, row, event)
                    reading = _reading(meter, row)
                    if event is not None:
                        bar.message(advice(event, meter.unit))
                if stats.nonfinite:
                    rec.close()  # the rows so far; the last checkpoint stays the last good one
                    return _fail(f"{stats.nonfinite} became NaN or Inf at step {stats.step}; the "
                                 f"learning rate is probably too high. The last checkpoint is kept.")
                if due or (stats is batch[-1] and rec.due()):  # a checkpoint of the trainer as it is now
                    record()
                bar.update(stats.step, stats.loss_d, stats.loss_g, meter=reading)
        rec.close(trainer, meter, snapshot=True)
        if stats is not None:
            bar.update(stats.step, stats.loss_d, stats.loss_g, force=True, meter=reading)
    except KeyboardInterrupt:
        for stats in flush():  # steps a graph replayed whose numbers were still on the device
            rec.add(stats)
        rec.close(trainer, meter)
        bar.close()
        print(f"interrupted at step {trainer.step_count}; checkpoint saved, continue with --resume",
              file=sys.stderr)
        return 130
    finally:
        rec.close()
    bar.close()
    print(f"done: {trainer.step_count} steps in {trainer.train_s:.1f} s of training -> {out}",
          file=sys.stderr)
    if how():
        print(how(), file=sys.stderr)
    return 0


def _reading(meter, row: dict) -> str:
    if meter.kind == "classes":
        text = f"classes {row['classes']}/10 kl {row['class_kl']:.2f}"
    else:
        text = f"modes {row['modes']}/{meter.n_modes} hq {row['hq_pct']:.0f}% kl {row['reverse_kl']:.2f}"
    return text + ("  COLLAPSE" if row["collapse"] else "")


def _readings_text(readings: dict[str, str]) -> str:
    """Per member, "8/8" modes (or "10/10" classes), in member order; a tally past 16 members."""
    values = list(readings.values())
    if not values:
        return ""
    if len(values) <= 16:
        return "covered " + " ".join(values)
    tally: dict[str, int] = {}
    for v in values:
        tally[v] = tally.get(v, 0) + 1
    return "covered " + " ".join(f"{v}×{n}" for v, n in sorted(tally.items(), key=lambda kv: -kv[1]))


class SweepBar:
    """One line for a sweep: population, step, population steps/s and member-steps/s, what each
    member covers. Plain lines every 10 s when not on a terminal."""

    def __init__(self, stream=None):
        self.stream = stream or sys.stderr
        self.tty = self.stream.isatty()
        self._last = 0.0
        self._interval_s = 0.2 if self.tty else 10.0

    def __call__(self, p) -> None:
        if p.message:
            self.stream.write(("\n" if self.tty else "") + p.message + "\n")
            self.stream.flush()
            return
        now = time.monotonic()
        final = p.step >= p.steps or not p.members
        if not final and now - self._last < self._interval_s:
            return
        self._last = now
        width = 20
        filled = int(width * p.step / max(p.steps, 1))
        line = (f"population {p.population}/{p.populations} step {p.step}/{p.steps} "
                f"[{'#' * filled}{'.' * (width - filled)}] {p.steps_per_s:6.1f} steps/s "
                f"({p.steps_per_s * p.members:7.0f} member-steps/s), {p.members} training, "
                f"{p.done}/{p.total} done  {_readings_text(p.readings)}")
        self.stream.write(("\r" + line) if self.tty else line + "\n")
        self.stream.flush()

    def close(self) -> None:
        if self.tty:
            self.stream.write("\n")
            self.stream.flush()


def cmd_sweep(args) -> int:
    """Train seeds × ``--vary`` values as populations into a sweep folder (engine/population/sweep.py)."""
    from ganstudio.engine.population.grid import expand, parse_seeds, parse_vary
    from ganstudio.engine.population.stacked import PopulationError
    from ganstudio.engine.population.sweep import Sweep, SweepError
    from ganstudio.engine.train import config as configlib
    from ganstudio.engine.train import presets

    out = Path(args.out)
    try:
        if args.resume:
            sweep = Sweep.open(out)
            print(f"resuming the sweep in {out}: " + ", ".join(
                f"{sum(1 for e in sweep.status.values() if e['status'] == s)} {s}"
                for s in ("done", "stopped", "training", "interrupted", "pending")
                if any(e["status"] == s for e in sweep.status.values())), file=sys.stderr)
        else:
            base = presets.preset(args.preset) if args.preset else configlib.load(args.config)
            if args.device is not None:
                base.device = args.device
            if args.sample_every is not None:
                base.sample_every = args.sample_every
            configlib.validate(base)
            seeds = parse_seeds(args.seeds) if args.seeds is not None else [base.seed]
            varies = [parse_vary(v, base) for v in args.vary]
            members = expand(base, seeds, varies)
            source = {"preset": args.preset} if args.preset else {"config": str(Path(args.config).resolve())}
            sweep = Sweep.create(out, base, members, args.steps, source, {k: v for k, v in varies})
            print(f"sweep of {len(members)} members ({len(seeds)} seeds"
                  + "".join(f" × {len(v)} {k}" for k, v in varies) + f") into {out}", file=sys.stderr)
    except SweepError as exc:
        return _fail(str(exc))
    bar = SweepBar()
    _stop_on_sigterm()
    run = sweep.run
    if args.ray is not None:
        from ganstudio.engine.population.ray_sweep import RaySweep

        driver = RaySweep(sweep, address=None if args.ray == "local" else args.ray, cpus_per_worker=args.ray_cpus)
        run = driver.run
        print(f"training on Ray ({'a local instance' if args.ray == 'local' else args.ray}), "
              f"{args.ray_cpus:g} CPU per worker", file=sys.stderr)
    try:
        statuses = run(steps=args.steps, progress=bar, meter_every=args.meter_every,
                       autosave_s=args.checkpoint_every_s, threads=args.threads,
                       max_k=args.population_size, device=args.device if args.resume else None)
    except KeyboardInterrupt:
        bar.close()
        print(f"interrupted; every member's checkpoint is saved, continue with: ganstudio sweep --resume --out {out}",
              file=sys.stderr)
        return 130
    except (SweepError, PopulationError) as exc:
        bar.close()
        return _fail(str(exc))
    bar.close()
    counts: dict[str, int] = {}
    for status in statuses.values():
        counts[status] = counts.get(status, 0) + 1
    print("done: " + ", ".join(f"{n} {s}" for s, n in counts.items()) + f" -> {out / 'sweep.json'}", file=sys.stderr)
    for name, entry in sweep.status.items():
        if entry["status"] == "stopped":
            print(f"  {name}: {entry['note']}", file=sys.stderr)
    return 0


def cmd_sample(args) -> int:
    import numpy as np
    import torch

    from ganstudio.engine.train import config as configlib
    from ganstudio.engine.nets import build_generator
    from ganstudio.engine.runs.writer import CHECKPOINT, CONFIG, read_checkpoint
    from ganstudio.engine.train.trainer import draw_noise

    run = Path(args.run)
    cfg = configlib.load(run / CONFIG)
    state = read_checkpoint(run / CHECKPOINT)
    n_classes = int(state.get("n_classes", 0))
    if args.label is not None and not n_classes:
        return _fail("--label needs a conditional GAN run; this run's generator takes no label")
    if args.label is not None and not 0 <= args.label < n_classes:
        return _fail(f"--label must be a class in 0..{n_classes - 1} (got {args.label})")
    shape = tuple(int(s) for s in state["data_shape"])
    torch.manual_seed(0)
    G = build_generator(cfg.gen, shape, n_classes)
    G.load_state_dict(state.get("G_avg", state["G"]))  # the pictures the window showed: the average if on
    G.eval()
    noise = torch.Generator().manual_seed(args.seed)
    z = draw_noise(args.n, cfg.gen.noise_dim, cfg.gen.noise, noise)
    labels = None
    if n_classes:  # the asked class, else uniform classes drawn after z from the same seed
        labels = (torch.full((args.n,), args.label) if args.label is not None
                  else torch.randint(0, n_classes, (args.n,), generator=noise))
    with torch.no_grad():
        chunks = [G(z[i:i + 1024]) if labels is None else G(z[i:i + 1024], labels[i:i + 1024])
                  for i in range(0, args.n, 1024)]
    samples = torch.cat(chunks).numpy().astype(np.float32)
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    np.save(out, samples)
    print(f"wrote {samples.shape} float32 samples to {out}", file=sys.stderr)
    if labels is not None:  # which digit each sample is: the samples file keeps its one format
        np.save(out.with_suffix(".labels.npy"), labels.numpy())
        print(f"wrote their int64 labels to {out.with_suffix('.labels.npy')}", file=sys.stderr)
    return 0


class CountProgress:
    """``done/total`` of a long export on one line; plain lines every 10 % when not on a terminal."""

    def __init__(self, what: str, stream=None):
        self.what = what
        self.stream = stream or sys.stderr
        self.tty = self.stream.isatty()
        self._shown = -1
        self._last = 0.0
        self.used = False

    def update(self, done: int, total: int) -> None:
        pct = 100 * done // max(total, 1)
        now = time.monotonic()
        if self.tty:
            if done < total and now - self._last < 0.1:
                return
            self.stream.write(f"\r{self.what} {done}/{total} ({pct}%)")
        else:
            if pct // 10 == self._shown and done < total:
                return
            self._shown = pct // 10
            self.stream.write(f"{self.what} {done}/{total} ({pct}%)\n")
        self._last = now
        self.used = True
        self.stream.flush()

    def close(self) -> None:
        if self.tty and self.used:
            self.stream.write("\n")
            self.stream.flush()


def cmd_export(args) -> int:
    from ganstudio.engine.export import exports as export
    from ganstudio.engine.runs.reader import open_run

    run = open_run(Path(args.run))
    for problem in run.problems:
        print(f"ganstudio: warning: {problem}", file=sys.stderr)
    target = args.png or args.timelapse or args.csv or args.tensorboard
    bar = CountProgress("exporting")
    try:
        if args.png:
            out = export.export_grid_png(run, args.step, Path(args.png))
        elif args.timelapse:
            out = export.export_timelapse(run, Path(args.timelapse), fps=args.fps, progress=bar.update)
        elif args.csv:
            out = export.export_metrics_csv(run, Path(args.csv))
        else:
            out = export.export_tensorboard(run, Path(args.tensorboard), progress=bar.update)
    except KeyboardInterrupt:
        bar.close()
        print("export cancelled; nothing was written", file=sys.stderr)
        return 130
    except OSError as exc:
        bar.close()
        return _fail(f"cannot write {target}: {exc.strerror or exc}")
    bar.close()
    print(f"wrote {out}", file=sys.stderr)
    return 0


def build_parser() -> argparse.ArgumentParser:
    from ganstudio.engine.train.config import DEVICES
    from ganstudio.engine.train.presets import PRESETS

    parser = argparse.ArgumentParser(prog="ganstudio", description="Train and sample GANs headless.")
    sub = parser.add_subparsers(dest="command", required=True)

    train = sub.add_parser("train", help="train a GAN into a run folder")
    source = train.add_mutually_exclusive_group()
    source.add_argument("--preset", choices=list(PRESETS), help="a named configuration")
    source.add_argument("--config", help="a config.toml file")
    train.add_argument("--steps", type=int, required=True, help="train until this step")
    train.add_argument("--out", required=True, help="the run folder to write")
    train.add_argument("--seed", type=int, default=None)
    train.add_argument("--device", choices=DEVICES, default=None)
    train.add_argument("--resume", action="store_true", help="continue the run in --out")
    train.add_argument("--threads", type=int, default=None, metavar="N",
                       help="torch CPU threads: N pins the count, so a run and its --resume repeat bit for "
                            "bit; 0 times its own steps with 1, 2, 4, … threads and measures again when the "
                            "machine gets busier or quieter (default: the config's threads, 0 in every preset "
                            "but ring8-tiny)")
    train.add_argument("--sample-every", type=int, default=None, help="steps between sample grids")
    train.add_argument("--meter-every", type=int, default=250,
                       help="steps between collapse-meter readings in metrics.csv (default 250)")
    train.add_argument("--checkpoint-every-s", type=float, default=float(DEFAULT_AUTOSAVE_S),
                       help=f"autosave: seconds between checkpoints (default {DEFAULT_AUTOSAVE_S}); a killed run "
                            "loses at most this much training")
    train.set_defaults(func=cmd_train)

    sweep = sub.add_parser("sweep", help="train many seeds and settings at once, as populations")
    source = sweep.add_mutually_exclusive_group()
    source.add_argument("--preset", choices=list(PRESETS), help="a named configuration")
    source.add_argument("--config", help="a config.toml file")
    sweep.add_argument("--steps", type=int, default=None, help="train every member until this step")
    sweep.add_argument("--out", required=True, metavar="DIR",
                       help="the sweep folder: sweep.json and members/<name>/, one run folder each")
    sweep.add_argument("--seeds", default=None, metavar="SEEDS",
                       help="seeds as a range or a list: 0-15, 0,3,7 or 0-3,9 (default: the config's seed)")
    sweep.add_argument("--vary", action="append", default=[], metavar="KEY=V1,V2",
                       help="a setting and its values, e.g. opt_g.lr=1e-4,2e-4 (repeatable: every "
                            "combination with every seed). Per member: seed, opt_g/opt_d lr, beta1, beta2, "
                            "momentum, loss.label_smoothing, loss.instance_noise; other live settings "
                            "(loss.kind, d_steps, …) split the sweep into one population per value")
    sweep.add_argument("--device", choices=DEVICES, default=None)
    sweep.add_argument("--resume", action="store_true", help="continue the sweep in --out after a kill")
    sweep.add_argument("--threads", type=int, default=None, metavar="N",
                       help="torch CPU threads (0: chosen by timing, the default)")
    sweep.add_argument("--sample-every", type=int, default=None, help="steps between sample grids")
    sweep.add_argument("--meter-every", type=int, default=250,
                       help="steps between collapse-meter readings (default 250)")
    sweep.add_argument("--population-size", type=int, default=64, metavar="K",
                       help="members trained in one batched step at most (default 64)")
    sweep.add_argument("--checkpoint-every-s", type=float, default=float(DEFAULT_AUTOSAVE_S),
                       help=f"seconds between each member's checkpoints (default {DEFAULT_AUTOSAVE_S})")
    sweep.add_argument("--ray", nargs="?", const="local", default=None, metavar="ADDRESS",
                       help="train the populations in Ray actors: without ADDRESS on a local Ray started "
                            "for the sweep, with 'auto' or ray://HOST:PORT on a running cluster (pip install "
                            "-e '.[ray]')")
    sweep.add_argument("--ray-cpus", type=float, default=1.0, metavar="N",
                       help="with --ray: CPUs each worker (one population) asks Ray for (default 1)")
    sweep.set_defaults(func=cmd_sweep)

    sample = sub.add_parser("sample", help="write generated samples of a run to .npy")
    sample.add_argument("--run", required=True, help="a run folder")
    sample.add_argument("--n", type=int, required=True, help="number of samples")
    sample.add_argument("--out", required=True, help="the .npy file to write")
    sample.add_argument("--seed", type=int, default=0, help="noise seed")
    sample.add_argument("--label", type=int, default=None,
                        help="class to generate (conditional runs; default: uniform random classes). "
                             "A conditional run also writes the labels to OUT with suffix .labels.npy")
    sample.set_defaults(func=cmd_sample)

    export = sub.add_parser("export", help="export a run: sample grid, timelapse, metrics, TensorBoard")
    export.add_argument("--run", required=True, metavar="DIR", help="a run folder")
    what = export.add_mutually_exclusive_group(required=True)
    what.add_argument("--png", metavar="FILE",
                      help="write the sample grid (the last, or the one at --step) to this PNG")
    what.add_argument("--timelapse", metavar="FILE.gif|.mp4",
                      help="write the sample grid over the run, one labelled frame per snapshot")
    what.add_argument("--csv", metavar="FILE", help="write metrics.csv (without a torn last line) to this file")
    what.add_argument("--tensorboard", metavar="DIR", help="write a TensorBoard event file into this folder")
    export.add_argument("--step", type=int, default=None, help="--png: the snapshot at or before this step")
    export.add_argument("--fps", type=int, default=8, help="--timelapse: frames per second (default 8)")
    export.set_defaults(func=cmd_export)
    return parser


def main(argv: list[str] | None = None) -> int:
    from ganstudio.engine.train.config import ConfigError
    from ganstudio.engine.data import DataError
    from ganstudio.engine.runs.writer import RunError

    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command == "train":
        if args.resume and (args.preset or args.config):
            parser.error("--resume takes its settings from the run folder; drop --preset/--config")
        if not args.resume and not (args.preset or args.config):
            parser.error("one of --preset or --config is required (or --resume)")
        if args.steps < 0:
            parser.error("--steps must be ≥ 0")
        if args.meter_every < 1:
            parser.error("--meter-every must be ≥ 1")
    if args.command == "sweep":
        if args.resume and (args.preset or args.config or args.seeds or args.vary):
            parser.error("--resume takes the members from sweep.json; drop --preset/--config/--seeds/--vary")
        if not args.resume and not (args.preset or args.config):
            parser.error("one of --preset or --config is required (or --resume)")
        if not args.resume and args.steps is None:
            parser.error("--steps is required")
        if args.steps is not None and args.steps < 0:
            parser.error("--steps must be ≥ 0")
        if args.meter_every < 1 or args.population_size < 1:
            parser.error("--meter-every and --population-size must be ≥ 1")
        if args.threads is not None and args.threads < 0:
            parser.error("--threads must be 0 (chosen by timing) or a count of threads")
        if args.ray_cpus <= 0:
            parser.error("--ray-cpus must be > 0")
    if args.command == "export":
        if args.fps < 1:
            parser.error("--fps must be ≥ 1")
        if args.step is not None and not args.png:
            parser.error("--step goes with --png")
    if args.command == "sample" and args.n <= 0:
        parser.error("--n must be ≥ 1")
    before = signal.getsignal(signal.SIGTERM)
    try:
        return args.func(args)
    except (ConfigError, DataError, RunError, KeyError) as exc:
        return _fail(str(exc).strip("'\""))
    finally:
        signal.signal(signal.SIGTERM, before)  # called in-process (tests), the caller's handler comes back


if __name__ == "__main__":
    sys.exit(main())
