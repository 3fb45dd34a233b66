"""Headless command line: ``ganstudio train`` and ``ganstudio sample``.

Runs anywhere PyTorch runs (a GPU server, CI) and writes the run-folder contract that the window
can open later. Errors are one line naming the problem, exit status 2, no traceback.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path


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


def cmd_train(args) -> int:
    from ganstudio.engine import config as configlib
    from ganstudio.engine import presets
    from ganstudio.engine.meter import advice, meter_for
    from ganstudio.engine.runs import RunWriter
    from ganstudio.engine.trainer import Trainer

    out = Path(args.out)
    writer = RunWriter(out)
    if args.resume:
        trainer = writer.resume()
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
        writer.create(trainer.cfg)
    cfg = trainer.cfg
    print(f"{cfg.name or 'run'}: data {trainer.dataset.name} {tuple(trainer.dataset.x.shape)}, "
          f"device {trainer.device}, writing {out}", file=sys.stderr)

    bar = ProgressBar(args.steps, trainer.step_count)
    meter, why = meter_for(trainer)
    if meter is None and not trainer.dataset.is_2d:
        print(why, file=sys.stderr)
    meter_every = args.meter_every
    meter_rows: dict[int, dict] = {}
    reading = ""
    pending = []
    stats = None
    checkpoint_every_s = args.checkpoint_every_s
    last_checkpoint = time.monotonic()
    try:
        if trainer.step_count == 0:
            writer.save_samples(trainer)
        while trainer.step_count < args.steps:
            stats = trainer.step()
            pending.append(stats)
            if meter is not None and trainer.step_count % meter_every == 0:
                row, event = meter.evaluate()
                meter_rows[stats.step] = row
                reading = _reading(meter, row)
                if event is not None:
                    bar.message(advice(event, meter.unit))
            if stats.nonfinite:
                writer.append(pending, meter_rows)
                writer.flush()
                return _fail(f"{stats.nonfinite} became NaN or Inf at step {stats.step}; the "
                             f"learning rate is probably too high. The last checkpoint is kept.")
            if len(pending) >= 256 or trainer.step_count % cfg.sample_every == 0:
                writer.append(pending, meter_rows)
                pending.clear()
                meter_rows.clear()
            if trainer.step_count % cfg.sample_every == 0:
                writer.save_samples(trainer)
            now = time.monotonic()
            if now - last_checkpoint >= checkpoint_every_s:
                writer.append(pending, meter_rows)
                pending.clear()
                meter_rows.clear()
                writer.save_checkpoint(trainer)
                last_checkpoint = now
            bar.update(stats.step, stats.loss_d, stats.loss_g, meter=reading)
        writer.append(pending, meter_rows)
        if trainer.step_count % cfg.sample_every:
            writer.save_samples(trainer)
        writer.save_checkpoint(trainer)
        if stats is not None:
            bar.update(stats.step, stats.loss_d, stats.loss_g, force=True, meter=reading)
    except KeyboardInterrupt:
        writer.append(pending, meter_rows)
        writer.save_checkpoint(trainer)
        bar.close()
        print(f"interrupted at step {trainer.step_count}; checkpoint saved, continue with --resume",
              file=sys.stderr)
        return 130
    finally:
        writer.close()
    bar.close()
    print(f"done: {trainer.step_count} steps in {trainer.train_s:.1f} s of training -> {out}",
          file=sys.stderr)
    return 0


def _reading(meter, row: dict) -> str:
    if meter.kind == "classes":
        text = f"classes {row['classes']}/10 kl {row['class_kl']:.2f}"
    else:
        text = f"modes {row['modes']}/{meter.n_modes} hq {row['hq_pct']:.0f}% kl {row['reverse_kl']:.2f}"
    return text + ("  COLLAPSE" if row["collapse"] else "")


def cmd_sample(args) -> int:
    import numpy as np
    import torch

    from ganstudio.engine import config as configlib
    from ganstudio.engine.nets import build_generator
    from ganstudio.engine.runs import CHECKPOINT, CONFIG, read_checkpoint
    from ganstudio.engine.trainer import draw_noise

    run = Path(args.run)
    cfg = configlib.load(run / CONFIG)
    state = read_checkpoint(run / CHECKPOINT)
    if args.label is not None:
        return _fail("--label needs a conditional GAN run; this run's generator takes no label")
    shape = tuple(int(s) for s in state["data_shape"])
    torch.manual_seed(0)
    G = build_generator(cfg.gen, shape)
    G.load_state_dict(state["G"])
    G.eval()
    z = draw_noise(args.n, cfg.gen.noise_dim, cfg.gen.noise, torch.Generator().manual_seed(args.seed))
    with torch.no_grad():
        samples = torch.cat([G(chunk) for chunk in z.split(1024)]).numpy().astype(np.float32)
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    np.save(out, samples)
    print(f"wrote {samples.shape} float32 samples to {out}", file=sys.stderr)
    return 0


def build_parser() -> argparse.ArgumentParser:
    from ganstudio.engine.config import DEVICES
    from ganstudio.engine.presets import PRESETS

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
    train.add_argument("--sample-every", type=int, default=None, help="steps between sample grids")
    train.add_argument("--meter-every", type=int, default=250,
                       help="steps between collapse-meter readings in metrics.csv (default 250)")
    train.add_argument("--checkpoint-every-s", type=float, default=60.0,
                       help="seconds between checkpoints (default 60)")
    train.set_defaults(func=cmd_train)

    sample = sub.add_parser("sample", help="write generated samples of a run to .npy")
    sample.add_argument("--run", required=True, help="a run folder")
    sample.add_argument("--n", type=int, required=True, help="number of samples")
    sample.add_argument("--out", required=True, help="the .npy file to write")
    sample.add_argument("--seed", type=int, default=0, help="noise seed")
    sample.add_argument("--label", type=int, default=None, help="class to generate (conditional runs)")
    sample.set_defaults(func=cmd_sample)
    return parser


def main(argv: list[str] | None = None) -> int:
    from ganstudio.engine.config import ConfigError
    from ganstudio.engine.data import DataError
    from ganstudio.engine.runs import RunError

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
    if args.command == "sample" and args.n <= 0:
        parser.error("--n must be ≥ 1")
    try:
        return args.func(args)
    except (ConfigError, DataError, RunError, KeyError) as exc:
        return _fail(str(exc).strip("'\""))


if __name__ == "__main__":
    sys.exit(main())
