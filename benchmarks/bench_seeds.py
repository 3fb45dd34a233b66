"""Do the presets hold on every seed? Each preset's seeds trained at once as one population.

    python benchmarks/bench_seeds.py [--presets ring8 grid25 ring8-collapse mnist-mlp mnist-collapse]
                                     [--seeds 0-9] [--threads T] [--rate R]

The seeds of a preset train in lockstep as one population (engine/population/), each member
starting from the weights of the lone run of its seed and following the lone update rule (its
batches and noise come from the population's stream, so a member is not the lone run of its seed
step for step: a fresh draw of the same recipe, which is what "every seed" asks about).

Steps per run: for the 2-D presets their budget, 0.85 × 60 s × the preset's lone steps/s, as
bench_modes.py --budget measured it on a quiet machine (``BUDGETS``; ``--measure`` times it again,
``--rate R`` gives the steps/s); for mnist-mlp its two-thread budget (``BUDGETS``), for
mnist-collapse the 3,750 steps its recipe was tuned at (presets.py). Scoring and goals are bench_modes.py's (modes, %
high quality, reverse KL on 2,500 samples; ring8-collapse's readings at every 1/20 of the run) and
bench_mnist_modes.py's (the collapse meter every 250 steps). Goals in docs/METRICS.md.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import torch

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import bench_mnist_modes  # noqa: E402
import bench_modes  # noqa: E402
from ganstudio.engine.metrics import image_metrics, modes  # noqa: E402
from ganstudio.engine.metrics.meter import Meter  # noqa: E402
from ganstudio.engine.population.grid import parse_seeds  # noqa: E402
from ganstudio.engine.population.population import Population  # noqa: E402
from ganstudio.engine.train.trainer import Trainer  # noqa: E402

MNIST_STEPS = 3750  # an MNIST preset without a budget below
# The 2-D budgets bench_modes.py --budget measured on a quiet machine (README, "Does it converge?"):
# 0.85 × 60 s × the lone steps/s. ``--measure`` times them again instead (a busy machine undercounts).
# ring8-collapse's: 17,304 × 0.992, what its weight average costs (336.2 against 338.9 steps/s, 2
# threads, 6 alternating rounds).
# mnist-mlp's: 0.85 × 60 s × 93.7 steps/s (2 threads) = 4,780, × 0.971 for G's weight average (its
# 2-thread steps/s against the preset without it, median of 8 alternating rounds).
BUDGETS = {"ring8": 11_752, "grid25": 14_389, "ring8-collapse": 17_167, "mnist-mlp": 4_641}
DEFAULT = ["ring8", "grid25", "ring8-collapse", "mnist-mlp", "mnist-collapse"]


def _train(pop: Population, steps: int, at: list[int], read) -> float:
    t0 = time.perf_counter()
    for target in at:
        while pop.step_count < target:
            pop.step()
            if pop.rows_ready() >= 256:
                pop.take_rows()
        pop.take_rows()
        read()
    return time.perf_counter() - t0


def run_2d(name: str, seeds: list[int], rate: float | None, steps: int | None = None,
           measure: bool = False, changes: list[str] = (), threads: int = 0) -> list:
    cfgs = [bench_modes.build_config(name, s, changes) for s in seeds]
    if threads:  # build_config set the preset's count
        torch.set_num_threads(threads)
    if steps is None and (rate or measure or name not in BUDGETS or changes):
        rate = rate or bench_modes.measure_rate(cfgs[0])
        steps = round(bench_modes.GUI_FACTOR * bench_modes.BUDGET_SECONDS * rate)
        print(f"{name}: lone {rate:.0f} steps/s -> budget {steps} steps", flush=True)
    steps = steps or BUDGETS[name]
    print(f"{name}: {steps} steps; {len(seeds)} seeds as one population", flush=True)
    pop = Population([Trainer(c) for c in cfgs])
    bounds = pop.dataset.bounds()
    real = bench_modes.real_points(cfgs[0].data.name, modes.EVAL_N, bench_modes.REAL_SEED)
    floor = bench_modes.js_floor(cfgs[0].data.name, bounds)
    readings = [[] for _ in seeds]
    last = [None] * len(seeds)
    at = [steps * k // bench_modes.READINGS for k in range(1, bench_modes.READINGS + 1)]

    def read():
        for k in range(len(seeds)):
            shell = pop.sync(k, weights_only=True)
            report, js = bench_modes.score(shell, real, bounds)
            readings[k].append(report.modes if report else -1)
            last[k] = (report, js)

    seconds = _train(pop, steps, at, read)
    results = []
    for k in range(len(seeds)):
        shell = pop.sync(k)
        report, js = last[k]
        quarter, half = bench_modes.READINGS // 4, bench_modes.READINGS // 2
        results.append(bench_modes.Result(shell, report, js, floor,
                                          [readings[k][quarter - 1], readings[k][half - 1]], [], seconds,
                                          readings=readings[k]))
    return results


def run_mnist(name: str, seeds: list[int], threads: int, steps: int = MNIST_STEPS, changes=()) -> list:
    cfgs = [bench_mnist_modes.build_config(name, s, list(changes), threads) for s in seeds]
    print(f"{name}: {steps} steps; {len(seeds)} seeds as one population", flush=True)
    pop = Population([Trainer(c) for c in cfgs])
    classifier = image_metrics.shared_classifier()
    meters = [Meter(t, classifier) for t in pop.members]
    rows = [[] for _ in seeds]
    alarms = [[] for _ in seeds]
    every = bench_mnist_modes.EVERY

    def read():
        for k, meter in enumerate(meters):
            pop.sync(k, weights_only=True)
            row, event = meter.evaluate()
            rows[k].append(row)
            if event is not None:
                alarms[k].append((event.step, event.started))

    # the meter's grid, and the last step: a budget off the grid is judged where it ends
    seconds = _train(pop, steps, [*range(every, steps, every), steps], read)
    return [bench_mnist_modes.Result(pop.sync(k), rows[k], alarms[k], meters[k]._image_meter.real, seconds)
            for k in range(len(seeds))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--presets", nargs="+", default=DEFAULT)
    parser.add_argument("--seeds", default="0-9", help="a range or list, as ganstudio sweep --seeds")
    parser.add_argument("--threads", type=int, default=0, help="torch threads (0: torch's default)")
    parser.add_argument("--set", nargs="+", default=[], metavar="KEY=VALUE",
                        help="change config fields of every member (as bench_modes.py --set)")
    parser.add_argument("--steps", type=int, default=None, help="every preset: this many steps (a quick look)")
    parser.add_argument("--measure", action="store_true", help="2-D presets: time the lone steps/s for the budget")
    parser.add_argument("--rate", type=float, default=None, help="2-D presets: lone steps/s instead of measuring")
    args = parser.parse_args()
    seeds = parse_seeds(args.seeds)
    if args.threads:
        torch.set_num_threads(args.threads)
    verdicts = []
    for name in args.presets:
        if name in bench_modes.GOALS:
            check, goal = bench_modes.GOALS[name]
            results = run_2d(name, seeds, args.rate, args.steps, args.measure, args.set, args.threads)
            print(f"{'run':<24} {'steps':>6} {'modes':>7} {'% HQ':>6} {'rev KL':>7}  {'at 25/50 %':<10} goal")
            for seed, r in zip(seeds, results):
                ok = check(r)
                verdicts.append(ok)
                print(f"{name + ' seed ' + str(seed):<24} {r.steps:>6} {r.report.modes:>3}/{r.report.n_modes:<3} "
                      f"{r.report.hq_pct:>6.1f} {r.report.reverse_kl:>7.3f}  "
                      f"{'/'.join(map(str, r.trajectory_modes)):<10} {goal}: {'PASS' if ok else 'FAIL'}", flush=True)
                if check is bench_modes._collapsed:
                    print(f"{'':<24} modes at each 1/{bench_modes.READINGS}: {' '.join(map(str, r.readings))}")
        elif name in bench_mnist_modes.GOALS:
            check, goal = bench_mnist_modes.GOALS[name]
            steps = args.steps or BUDGETS.get(name, MNIST_STEPS)
            results = run_mnist(name, seeds, args.threads, steps, args.set)
            print(f"{'run':<24} {'steps':>6} {'classes':>7} {'KL':>6}  alarm (+ fired, - cleared)  goal")
            for seed, r in zip(seeds, results):
                ok = check(r)
                verdicts.append(ok)
                print(f"{name + ' seed ' + str(seed):<24} {r.steps:>6} {r.end['classes']:>4}/10 "
                      f"{r.end['class_kl']:>6.3f}  {bench_mnist_modes._alarm_text(r.alarms):<27} "
                      f"{goal}: {'PASS' if ok else 'FAIL'}", flush=True)
        else:
            parser.error(f"no goal for preset {name!r}")
        print(flush=True)
    print(f"verdict: {sum(verdicts)}/{len(verdicts)} runs meet their goal")


if __name__ == "__main__":
    main()
