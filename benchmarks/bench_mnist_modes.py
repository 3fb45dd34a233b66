"""Mode coverage of the shipped MNIST presets: train headless, read the collapse meter as it runs.

Each preset trains on each seed for one of
- ``--seconds S`` of training time (60 by default; the trainer's own clock, so the evaluations
  are not counted),
- ``--steps N`` steps exactly (the same numbers on any machine, however loaded; the way to tune on
  a shared CPU), or
- ``--budget``: 0.85 × 60 s × the preset's steps/s, measured in-process just before training (best
  of three 3-s timings with the run's thread setting; ``--rate R`` gives the steps/s instead).
  0.85 because inside the window training runs at about 0.87 of the headless speed (bench_gui).

Every ``--every`` steps (250, the CLI's ``--meter-every`` default) the run's ``Meter``
(ganstudio.engine.metrics.meter) scores G on 500 images from the fixed evaluation noise
``trainer.noise(500, 0)`` with the bundled classifier (engine/metrics/image_metrics.py) and feeds the
collapse alarm, exactly as ``ganstudio train`` does. The table shows the last reading: classes
covered (≥ 1 % of the samples), KL(class histogram ‖ uniform) in nats, the classifier FD (in the
LeNet's 64-d features: NOT comparable with Inception FID), the diversity ratio and Naeem's
coverage, beside what a disjoint real sample of 500 scores (the floor); then the steps at which the
alarm fired (+) or cleared (−). Below each table: the trajectory, classes/KL at every reading.

    python benchmarks/bench_mnist_modes.py [--seconds 60 | --steps N | --budget [--rate R]]
        [--seeds 0 1 2] [--presets mnist-mlp mnist-collapse | --presets all] [--every 250]
        [--threads T] [--set opt_g.lr=5e-4 ...]   (try a change before it goes in a preset)

Goals (issue "mode-collapse meter", point 5), on every seed, at the end of the run:
mnist-mlp and mnist-dcgan 10/10 classes and KL ≤ 0.05; mnist-collapse: the alarm fired, and at the
end ≤ 3 classes or KL ≥ ln 2.
"""

from __future__ import annotations

import argparse
import math
import shlex
import sys
import time
from pathlib import Path

import torch

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import bench_modes  # noqa: E402  (same folder: its config and rate helpers)
from ganstudio.engine.metrics import image_metrics  # noqa: E402
from ganstudio.engine.metrics.meter import IMAGE_WARMUP_STEPS, KL_ALARM, Meter  # noqa: E402
from ganstudio.engine.train.presets import PRESETS, preset  # noqa: E402, F401
from ganstudio.engine.train.trainer import Trainer  # noqa: E402

GUI_FACTOR = 0.85  # training inside the window runs at about 0.87 of headless
BUDGET_SECONDS = 60.0
EVERY = 250  # the CLI's --meter-every default
MAX_COLLAPSED_CLASSES = 3
HEALTHY_KL = 0.05


def _healthy(r) -> bool:
    return r.end["classes"] == 10 and r.end["class_kl"] <= HEALTHY_KL


def _collapsed(r) -> bool:
    """The alarm fired, and G read as collapsed on most readings once the meter judges it."""
    share = r.collapsed_share()
    return any(started for _, started in r.alarms) and share == share and share >= 0.5


GOALS = {  # preset: (check, text)
    "mnist-mlp": (_healthy, f"10/10, KL <= {HEALTHY_KL}"),
    "mnist-dcgan": (_healthy, f"10/10, KL <= {HEALTHY_KL}"),
    "mnist-collapse": (_collapsed, "alarm fired, collapsed on >= 50 % of judged readings"),
}
PRESETS_MNIST = [name for name in PRESETS if PRESETS[name].build().data.name == "mnist"]


class Result:
    def __init__(self, trainer, rows, alarms, real, seconds):
        self.steps = trainer.step_count
        self.rows = rows  # one Meter row per reading
        self.end = rows[-1]
        self.alarms = alarms  # (step, started)
        self.real = real  # image_metrics.RealStats of the reference sample
        self.seconds = seconds  # wall time, evaluations included
        self.train_s = trainer.train_s  # training time only

    def collapsed_share(self) -> float:
        """Share of the readings the meter judges (after G first drew ≥ 5 classes or after the
        warm-up steps, as engine/metrics/meter.py) that read as collapse (≤ 3 classes or KL ≥ ln 2);
        NaN if there are none."""
        first = next((i for i, r in enumerate(self.rows)
                      if 2 * r["classes"] >= 10 or r["step"] >= IMAGE_WARMUP_STEPS), None)
        if first is None:
            return math.nan
        after = self.rows[first:]
        bad = [r["classes"] <= MAX_COLLAPSED_CLASSES or r["class_kl"] >= KL_ALARM for r in after]
        return sum(bad) / len(bad)


def build_config(name: str, seed: int, changes: list[str], threads: int):
    """bench_modes.build_config, with ``--threads`` applied before validation."""
    return bench_modes.build_config(name, seed, [*changes, *([f"threads={threads}"] if threads else [])])


def measure_rate(cfg, seconds: float = 3.0, rounds: int = 3) -> float:
    return bench_modes.measure_rate(cfg, seconds, rounds)


def train(cfg, classifier, steps: int | None, seconds: float | None, every: int) -> Result:
    """Train ``steps`` steps (or ``seconds`` of training time), reading the meter every ``every``
    steps and once more at the end."""
    trainer = Trainer(cfg)
    meter = Meter(trainer, classifier)
    rows, alarms = [], []

    def read():
        row, event = meter.evaluate()
        rows.append(row)
        if event is not None:
            alarms.append((event.step, event.started))

    t0 = time.perf_counter()
    while (trainer.step_count < steps) if steps is not None else (trainer.train_s < seconds):
        n = every - trainer.step_count % every
        if steps is not None:
            n = min(n, steps - trainer.step_count)
        for _ in range(n):
            trainer.step()
            if seconds is not None and trainer.train_s >= seconds:
                break
        if trainer.step_count % every == 0:
            read()
    if not rows or rows[-1]["step"] != trainer.step_count:
        read()
    return Result(trainer, rows, alarms, meter._image_meter.real, time.perf_counter() - t0)


def _alarm_text(alarms) -> str:
    return ",".join(f"{'+' if started else '-'}{step}" for step, started in alarms) or "none"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    how = parser.add_mutually_exclusive_group()
    how.add_argument("--seconds", type=float, default=None, help="training time per run (default 60)")
    how.add_argument("--steps", type=int, default=None, help="train exactly this many steps per run")
    how.add_argument("--budget", action="store_true",
                     help=f"train {GUI_FACTOR} x {BUDGET_SECONDS:.0f} s x the preset's measured steps/s")
    parser.add_argument("--rate", type=float, default=None,
                        help="with --budget: the preset's steps/s instead of measuring it")
    parser.add_argument("--seeds", nargs="+", type=int, default=[0, 1, 2])
    parser.add_argument("--presets", nargs="+", default=["mnist-mlp", "mnist-collapse"],
                        help=f"MNIST presets, or 'all' ({' '.join(PRESETS_MNIST)})")
    parser.add_argument("--every", type=int, default=EVERY, help="steps between meter readings")
    parser.add_argument("--threads", type=int, default=0,
                        help="torch threads for every run (0: the preset's own setting)")
    parser.add_argument("--set", nargs="+", default=[], metavar="KEY=VALUE",
                        help="change config fields of every run (e.g. opt_g.lr=5e-4 disc.dropout=0.3)")
    args = parser.parse_args()
    if args.rate is not None and not args.budget:
        parser.error("--rate needs --budget")
    if args.every < 1:
        parser.error("--every must be >= 1")
    names = PRESETS_MNIST if args.presets == ["all"] else args.presets
    unknown = [n for n in names if n not in PRESETS_MNIST]
    if unknown:
        parser.error(f"not an MNIST preset: {', '.join(unknown)} (known: {', '.join(PRESETS_MNIST)})")
    seconds = args.seconds if args.seconds is not None or args.steps or args.budget else 60.0
    try:
        classifier = image_metrics.shared_classifier()
    except (OSError, ValueError) as exc:
        raise SystemExit(str(exc)) from None

    if args.budget:
        what = f"{GUI_FACTOR} x {BUDGET_SECONDS:.0f} s x steps/s " + (
            f"(given: {args.rate:g})" if args.rate else "(measured per preset, best of 3 x 3 s)")
    elif args.steps:
        what = f"{args.steps} steps"
    else:
        what = f"{seconds:.0f} s of training time"
    print("command: python " + shlex.join(sys.argv))
    print(f"{what} per run; meter every {args.every} steps on {image_metrics.EVAL_N} samples of "
          f"trainer.noise({image_metrics.EVAL_N}, {image_metrics.EVAL_SEED})"
          + (f"; changed: {' '.join(args.set)}" if args.set else ""), flush=True)
    verdicts = []
    for name in names:
        check, goal = GOALS.get(name, (lambda r: True, "-"))
        steps = args.steps
        cfg = build_config(name, args.seeds[0], args.set, args.threads)
        threads = torch.get_num_threads()
        if args.budget:
            rate = args.rate or measure_rate(cfg)
            steps = round(GUI_FACTOR * BUDGET_SECONDS * rate)
            print(f"\n{name}: {rate:.1f} steps/s -> budget {steps} steps", flush=True)
        print(f"\n{name} ({threads} torch thread(s)); goal: {goal}")
        print(f"{'seed':>4} {'steps':>6} {'train s':>7} {'classes':>7} {'KL':>6} {'real KL':>7} "
              f"{'clf FD*':>8} {'real FD':>7} {'divers.':>7} {'coverage':>8} {'collapsed':>9}  "
              f"{'alarm':<14} verdict")
        trajectories = []
        for seed in args.seeds:
            cfg = build_config(name, seed, args.set, args.threads)
            r = train(cfg, classifier, steps, None if steps else seconds, args.every)
            ok = check(r)
            verdicts.append(ok)
            e = r.end
            share = r.collapsed_share()
            share_text = "-" if math.isnan(share) else f"{100 * share:.0f} %"
            print(f"{seed:>4} {r.steps:>6} {r.train_s:>7.0f} {e['classes']:>4}/10 "
                  f"{e['class_kl']:>6.3f} {r.real.kl_uniform:>7.3f} {e['fd']:>8.1f} {r.real.fd_real:>7.1f} "
                  f"{e['diversity']:>7.2f} {e['coverage']:>8.2f} {share_text:>9}  "
                  f"{_alarm_text(r.alarms):<14} {'PASS' if ok else 'FAIL'}", flush=True)
            trajectories.append((seed, r.rows))
        for seed, rows in trajectories:
            print(f"  seed {seed} classes/KL at steps {rows[0]['step']}..{rows[-1]['step']}: "
                  + " ".join(f"{row['classes']}/{row['class_kl']:.2f}" for row in rows))
    print()
    print(f"* clf FD: {image_metrics.FD_LABEL}; real FD / real KL: a disjoint real sample of "
          f"{image_metrics.EVAL_N} (the floor).")
    print(f"collapsed: share of the readings from G's first >= 5 classes or step {IMAGE_WARMUP_STEPS} "
          "on, with <= 3 classes or KL >= ln 2; alarm: + fired / - cleared at that step.")
    print(f"verdict: {sum(verdicts)}/{len(verdicts)} runs meet their goal")


if __name__ == "__main__":
    main()
