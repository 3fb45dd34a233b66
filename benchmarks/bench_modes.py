"""Convergence of the shipped 2-D presets: train headless, score modes (docs/METRICS.md) and JS divergence.

Each preset trains on each of three seeds for one of
- ``--seconds S`` of wall time (60 by default: "visibly converges within a minute on a 2-core laptop"),
- ``--steps N`` steps exactly (the same numbers on any machine, however loaded), or
- ``--budget``: 0.85 × 60 s × the preset's steps/s, measured in-process just before training (best of
  three short timings with the preset's own thread setting; ``--rate R`` gives the steps/s instead).
  0.85 because inside the window training runs at about 0.87 of the headless speed (bench_gui).

G is then scored on 2,500 samples from a fixed noise batch, ``trainer.noise(2500, seed=0)``:
- mixture sets (ring8, grid25, gauss2, blobs3): modes, % high quality, reverse KL (ganstudio.engine.metrics.modes);
- every set: the JS divergence in bits (ganstudio.engine.lab.fields.divergences, 64 × 64 cells on the
  dataset's bounds()) between those samples and 2,500 fresh real points, beside its noise floor:
  the mean JS between two independent real samples of 2,500 (five pairs). A finite sample never
  scores 0, so the goal is relative to that floor.
The modes (or JS) are also taken at 25 % and 50 % of the run: the "trajectory" column.

    python benchmarks/bench_modes.py [--seconds 60 | --steps N | --budget [--rate R]] [--seeds 0 1 2]
                                     [--presets ring8 grid25 ring8-collapse | --presets all]
                                     [--set opt_g.lr=5e-4 ...]   (try a change before it goes in a preset)
                                     [--js-grid 16]   (JS on 16 x 16 cells: JS_GRID_NOTE)

Goals (issue 5), on every seed: ring8 8/8 modes, >= 95 % high quality, reverse KL <= 0.05; grid25
25/25, >= 93 %, <= 0.05; ring8-collapse <= 3 modes at every 1/20 of the run and on the data (1 to 3
modes) at >= 3/4 of the readings in its second half (a collapsed G hops between modes, so a reading
mid-hop finds none; a G never near any mode has not collapsed, it has not learned); line, gauss2, ring,
blobs3, spiral, moons: JS <= floor + 0.1 bits. The MNIST presets are scored by bench_mnist_modes.py.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np
import torch

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from ganstudio.engine.metrics import modes  # noqa: E402
from ganstudio.engine.train.config import ConfigError, get_field, set_field, validate  # noqa: E402
from ganstudio.engine.data.toy2d import GENERATORS  # noqa: E402
from ganstudio.engine.lab.fields import divergences  # noqa: E402
from ganstudio.engine.train.presets import PRESETS, preset  # noqa: E402
from ganstudio.engine.train.trainer import Trainer  # noqa: E402

PUBLISHED = [  # (source, modes, % high quality, reverse KL) on the 2-D ring of 8
    ("VEEGAN paper, GAN", "1", "99.3", "-"),
    ("PacGAN paper, GAN", "6.3", "98.2", "0.45"),
    ("PacGAN paper, PacGAN4", "7.8", "95.9", "0.07"),
]
JS_MARGIN = 0.1  # bits above the real-vs-real floor that still looks converged
JS_RESOLUTION = 64
JS_GRID_NOTE = """--js-grid 16 scores what a viewer sees. 64 x 64 cells (~0.08 units) charge a G that draws the
right shape with the wrong thickness: spiral and moons runs whose scatter plots match the data score JS
0.20-0.30 there (floors 0.12 / 0.07), over floor + 0.1. On 16 x 16 cells (~0.3-0.4 units; floors 0.002-0.017)
the same goal, floor + 0.1, splits the pictures as a viewer does (3 x 128, batch 256, lr 1e-3, 16,000 steps,
seeds 0-2): spiral 0.045-0.060 and moons 0.035-0.073, matching the data: pass; ring 0.148-0.169, a full
circle drawn as a band about half as wide as the data's: fail, narrowly; line 0.113-0.244 (G covers 55 % to
all of the segment, thin); gauss2 0.18-0.45 (thin filaments, or one hill empty); blobs3 0.105-0.283 (all
three blobs, 99 % HQ, but G's mass clumped inside each): fail."""
REAL_SEED = 10_000  # fresh real points: a draw no training pool (seed 0, 1, 2, ...) uses
FLOOR_PAIRS = 5
GUI_FACTOR = 0.85  # training inside the window runs at about 0.87 of headless
BUDGET_SECONDS = 60.0
READINGS = 20  # modes are also read at every 1/READINGS of the run (the collapse goal uses them)
COLLAPSE_LANDED = 0.75


def _modes_goal(k, hq, kl):
    return (lambda r: r.report.modes == k and r.report.hq_pct >= hq and r.report.reverse_kl <= kl,
            f"{k}/{k}, >= {hq} %, KL <= {kl}")


def _collapsed(r) -> bool:
    """At most 3 modes at every reading, and G on the data, 1 to 3 modes, at >= 3/4 of the readings of
    the second half. A collapsed G hops from mode to mode as D learns to reject each one, and a
    reading taken mid-hop finds 0 modes; a G that never lands near any mode has not collapsed, it has
    not learned."""
    late = r.readings[len(r.readings) // 2:]
    return (all(m <= 3 for m in r.readings)
            and sum(1 <= m <= 3 for m in late) >= COLLAPSE_LANDED * len(late))


def _js_goal(r) -> bool:
    return r.js <= r.floor + JS_MARGIN


GOALS = {  # preset: (check, text)
    "ring8": _modes_goal(8, 95, 0.05),
    "grid25": _modes_goal(25, 93, 0.05),
    # Collapse means G's samples sit on a few modes; none near any mode is a failure to train.
    "ring8-collapse": (_collapsed, f"<= 3 modes at every 1/{READINGS} of the run, 1-3 at >= 3/4 of the 2nd half"),
    **{name: (_js_goal, f"JS <= floor + {JS_MARGIN}")
       for name in ("line", "gauss2", "ring", "blobs3", "spiral", "moons")},
}
PRESETS_2D = [name for name in PRESETS if PRESETS[name].build().data.is_2d]


class Result:
    def __init__(self, trainer, report, js, floor, trajectory_modes, trajectory_js, seconds,
                 resolution=JS_RESOLUTION, readings=()):
        self.resolution = resolution
        self.steps = trainer.step_count
        self.report = report
        self.js = js
        self.floor = floor
        self.trajectory_modes = trajectory_modes
        self.trajectory_js = trajectory_js
        self.seconds = seconds
        self.readings = list(readings)  # modes at every 1/READINGS of the run, the end included


def parse_change(text: str, cfg) -> tuple[str, object]:
    """``"opt_g.lr=5e-4"`` → ("opt_g.lr", 0.0005), typed like the field it replaces."""
    key, sep, raw = text.partition("=")
    if not sep:
        raise SystemExit(f"--set {text!r}: expected KEY=VALUE, e.g. opt_g.lr=5e-4")
    try:
        current = get_field(cfg, key)
    except AttributeError:
        raise SystemExit(f"--set {text!r}: no config field {key!r}") from None
    if isinstance(current, bool):
        return key, raw.lower() in ("1", "true", "yes")
    if isinstance(current, list):
        return key, [int(v) for v in raw.split(",") if v.strip()]
    return key, type(current)(raw)


DEFAULT_THREADS = torch.get_num_threads()


def build_config(name: str, seed: int, changes: list[str] = ()):
    cfg = preset(name)
    cfg.seed = seed
    for text in changes:
        set_field(cfg, *parse_change(text, cfg))
    try:
        validate(cfg)
    except ConfigError as exc:
        raise SystemExit("; ".join(exc.errors)) from None
    # threads = 0 leaves torch's setting as it is, which an earlier preset may have changed.
    torch.set_num_threads(cfg.threads or DEFAULT_THREADS)
    return cfg


def measure_rate(cfg, seconds: float = 1.0, rounds: int = 3) -> float:
    """Steps per second of ``cfg``: the best of ``rounds`` timings of ``seconds`` each (the least
    disturbed by other processes), after 50 warm-up steps. The trainer is thrown away."""
    trainer = Trainer(cfg)
    for _ in range(50):
        trainer.step()
    best = 0.0
    for _ in range(rounds):
        n, t0 = 0, time.perf_counter()
        while (elapsed := time.perf_counter() - t0) < seconds:
            for _ in range(10):
                trainer.step()
            n += 10
        best = max(best, n / elapsed)
    return best


def real_points(name: str, n: int, seed: int) -> np.ndarray:
    return GENERATORS[name](n, np.random.default_rng(seed)).x.numpy()


def js_floor(name: str, bounds, resolution: int = JS_RESOLUTION) -> float:
    """Mean JS (bits) between two independent real samples of EVAL_N points."""
    values = [divergences(real_points(name, modes.EVAL_N, REAL_SEED + 1 + 2 * i),
                          real_points(name, modes.EVAL_N, REAL_SEED + 2 + 2 * i), bounds, resolution)[1]
              for i in range(FLOOR_PAIRS)]
    return float(np.mean(values))


def score(trainer, real, bounds, resolution: int = JS_RESOLUTION):
    fake = trainer.generate(trainer.noise(modes.EVAL_N, modes.EVAL_SEED))
    return modes.evaluate(trainer), divergences(real, fake, bounds, resolution)[1]


def train_and_score(cfg, steps: int | None, seconds: float | None,
                    resolution: int = JS_RESOLUTION) -> Result:
    """Train ``steps`` steps (or ``seconds`` of wall time); score at every 1/READINGS of the run (the
    mode count; 25 % and 50 % in full, for the trajectory column) and at the end."""
    trainer = Trainer(cfg)
    bounds = trainer.dataset.bounds()
    real = real_points(cfg.data.name, modes.EVAL_N, REAL_SEED)
    floor = js_floor(cfg.data.name, bounds, resolution)
    traj_modes, traj_js, readings = [], [], []
    quarter, half = READINGS // 4, READINGS // 2

    def read(k: int):
        report, js = score(trainer, real, bounds, resolution)
        readings.append(report.modes if report else -1)
        if k in (quarter, half):
            traj_modes.append(readings[-1])
            traj_js.append(js)
        return report, js

    t0 = time.perf_counter()
    if steps is not None:
        for k in range(1, READINGS):
            while trainer.step_count < steps * k // READINGS:
                trainer.step()
            read(k)
        while trainer.step_count < steps:
            trainer.step()
    else:
        k = 1
        while (elapsed := time.perf_counter() - t0) < seconds:
            for _ in range(50):
                trainer.step()
            if k < READINGS and elapsed >= seconds * k / READINGS:
                read(k)
                k += 1
    seconds_used = time.perf_counter() - t0
    report, js = read(READINGS)
    return Result(trainer, report, js, floor, traj_modes, traj_js, seconds_used, resolution, readings)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    how = parser.add_mutually_exclusive_group()
    how.add_argument("--seconds", type=float, default=None, help="training wall time per run (default 60)")
    how.add_argument("--steps", type=int, default=None, help="train exactly this many steps per run")
    how.add_argument("--budget", action="store_true",
                     help=f"train {GUI_FACTOR} x {BUDGET_SECONDS:.0f} s x the preset's measured steps/s")
    parser.add_argument("--rate", type=float, default=None,
                        help="with --budget: the preset's steps/s instead of measuring it")
    parser.add_argument("--seeds", nargs="+", type=int, default=[0, 1, 2])
    parser.add_argument("--presets", nargs="+", default=list(GOALS)[:3],
                        help=f"2-D presets, or 'all' ({' '.join(PRESETS_2D)})")
    parser.add_argument("--js-grid", type=int, default=JS_RESOLUTION, metavar="N",
                        help=f"JS (and its floor) on N x N cells over the set's bounds (default {JS_RESOLUTION}; "
                             f"16 scores what a viewer sees: JS_GRID_NOTE)")
    parser.add_argument("--set", nargs="+", default=[], metavar="KEY=VALUE",
                        help="change config fields of every run (e.g. opt_g.lr=5e-4 disc.hidden=64,64)")
    args = parser.parse_args()
    if args.rate is not None and not args.budget:
        parser.error("--rate needs --budget")
    if args.js_grid < 1:
        parser.error("--js-grid must be at least 1")
    names = PRESETS_2D if args.presets == ["all"] else args.presets
    unknown = [n for n in names if n not in PRESETS_2D]
    if unknown:
        parser.error(f"not a 2-D preset: {', '.join(unknown)} (known: {', '.join(PRESETS_2D)})")
    seconds = args.seconds if args.seconds is not None or args.steps or args.budget else 60.0

    if args.budget:
        what = f"{GUI_FACTOR} x {BUDGET_SECONDS:.0f} s x steps/s " + (
            f"(given: {args.rate:g})" if args.rate else "(measured per preset, best of 3 x 1 s)")
    elif args.steps:
        what = f"{args.steps} steps"
    else:
        what = f"{seconds:.0f} s"
    print(f"{what} of training per run, scored on {modes.EVAL_N} samples (docs/METRICS.md); "
          f"JS in bits on {args.js_grid}x{args.js_grid} cells vs {modes.EVAL_N} fresh real points"
          + (f"; changed: {' '.join(args.set)}" if args.set else ""), flush=True)
    print(f"{'run':<22} {'steps':>6} {'modes':>7} {'% HQ':>6} {'rev KL':>7} {'JS':>6} {'floor':>6}"
          f"  {'at 25/50 %':<14} goal")
    verdicts = []
    for name in names:
        check, goal = GOALS.get(name, (lambda r: True, "-"))
        steps = args.steps
        if args.budget:
            cfg = build_config(name, args.seeds[0], args.set)
            rate = args.rate or measure_rate(cfg)
            steps = round(GUI_FACTOR * BUDGET_SECONDS * rate)
            print(f"{name}: {rate:.0f} steps/s with {torch.get_num_threads()} thread(s) -> budget "
                  f"{steps} steps", flush=True)
        for seed in args.seeds:
            cfg = build_config(name, seed, args.set)
            r = train_and_score(cfg, steps, None if steps else seconds, args.js_grid)
            ok = check(r)
            verdicts.append(ok)
            if r.report is not None:
                cols = f"{r.report.modes:>3}/{r.report.n_modes:<3} {r.report.hq_pct:>6.1f} {r.report.reverse_kl:>7.3f}"
                traj = "/".join(map(str, r.trajectory_modes)) + " modes"
            else:
                cols = f"{'-':>7} {'-':>6} {'-':>7}"
                traj = "/".join(f"{j:.2f}" for j in r.trajectory_js) + " JS"
            print(f"{name + ' seed ' + str(seed):<22} {r.steps:>6} {cols} {r.js:>6.3f} {r.floor:>6.3f}"
                  f"  {traj:<14} {goal}: {'PASS' if ok else 'FAIL'}", flush=True)
            if check is _collapsed:
                print(f"{'':<22} modes at each 1/{READINGS}: {' '.join(map(str, r.readings))}", flush=True)
    print()
    for source, n_modes, hq, kl in PUBLISHED:
        print(f"{source:<22} {'':>6} {n_modes:>7} {hq:>6} {kl:>7}  (published, ring of 8)")
    print(f"verdict: {sum(verdicts)}/{len(verdicts)} runs meet their goal")


if __name__ == "__main__":
    main()
