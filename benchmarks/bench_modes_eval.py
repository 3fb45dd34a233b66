"""Cost of ``modes.evaluate`` (ganstudio/engine/metrics/modes.py) as the training worker pays it.

A trainer of the chosen preset is stepped past initialisation, then ``evaluate`` (noise batch,
G forward, mode metrics) is called a few times to warm up and ``--reps`` times timed; the median
and the slowest call are quoted in ms, with ``mode_metrics`` alone for comparison.

    python benchmarks/bench_modes_eval.py [--preset ring8] [--n 2500] [--reps 30] [--threads 1]

Goal: median ≤ 5 ms, so the worker can call it a few times a second beside training.
"""

from __future__ import annotations

import argparse
import statistics
import sys
from pathlib import Path

import torch

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from ganstudio.engine.metrics import modes  # noqa: E402
from timing import WARMUP, times_ms, warm_trainer  # noqa: E402  (benchmarks/timing.py)

GOAL_MS = 5.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--preset", default="ring8")
    parser.add_argument("--n", type=int, default=modes.EVAL_N)
    parser.add_argument("--reps", type=int, default=30)
    parser.add_argument("--threads", type=int, default=1, help="torch CPU threads (0: preset's)")
    args = parser.parse_args()

    trainer = warm_trainer(args.preset, args.threads)
    mixture = modes.mixture_of(trainer.dataset)
    if mixture is None:
        sys.exit(f"preset {args.preset}: its dataset has no mixture means to score")
    points = trainer.generate(trainer.noise(args.n, modes.EVAL_SEED))
    calls = {
        f"evaluate n={args.n}": lambda: modes.evaluate(trainer, n=args.n),
        f"mode_metrics n={args.n}": lambda: modes.mode_metrics(points, *mixture),
    }

    print(f"preset {args.preset}, torch {torch.__version__}, {torch.get_num_threads()} thread(s), "
          f"{args.reps} calls each after {WARMUP} warm-up")
    print(f"{'function':<26} {'median ms':>10} {'max ms':>8}")
    medians = {}
    for name, call in calls.items():
        ms = times_ms(call, args.reps)
        medians[name] = statistics.median(ms)
        print(f"{name:<26} {medians[name]:>10.2f} {max(ms):>8.2f}", flush=True)
    total = medians[f"evaluate n={args.n}"]
    verdict = "PASS" if total <= GOAL_MS else "OVER BUDGET"
    print(f"verdict: evaluate {total:.2f} ms (goal <= {GOAL_MS:.0f} ms) -> {verdict}")


if __name__ == "__main__":
    main()
