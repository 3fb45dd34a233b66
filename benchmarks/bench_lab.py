"""Cost of the 2-D lab view (ganstudio/engine/lab/fields.py) as the training worker pays it.

Each function is called on a trainer of the chosen preset, a few warm-up calls first, then
``--reps`` timed calls; the table quotes the median and the slowest call in ms. The inputs are
what the worker passes: the dataset's bounds, the fixed noise batch for the arrows, the fixed real
and fake samples for the divergences.

    python benchmarks/bench_lab.py [--preset ring8] [--reps 50] [--resolution 64] [--threads 1]

Goal: the four together ≤ 20 ms (median), so they fit in the worker at 10 Hz beside training.
"""

from __future__ import annotations

import argparse
import statistics
import sys
from pathlib import Path

import torch

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from ganstudio.engine.lab import geometry as lab_geometry  # noqa: E402
from ganstudio.engine.lab import fields as lab
from timing import WARMUP, times_ms, warm_trainer  # noqa: E402  (benchmarks/timing.py)

GOAL_MS = 20.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--preset", default="ring8")
    parser.add_argument("--reps", type=int, default=50)
    parser.add_argument("--resolution", type=int, default=64)
    parser.add_argument("--threads", type=int, default=1, help="torch CPU threads (0: preset's)")
    args = parser.parse_args()

    trainer = warm_trainer(args.preset, args.threads)
    bounds = trainer.dataset.bounds()
    real, fake = trainer.real_samples(), trainer.samples()
    res = args.resolution
    calls = {
        f"heatmap {res}x{res}": lambda: lab.heatmap(trainer, bounds, res),
        f"generator_gradients n={len(trainer.fixed_noise)}":
            lambda: lab.generator_gradients(trainer, trainer.fixed_noise),
        "manifold 21 lines x 41 pts": lambda: lab.manifold(trainer),
        f"divergences {len(real)} vs {len(fake)}": lambda: lab.divergences(real, fake, bounds, res),
    }

    print(f"preset {args.preset}, torch {torch.__version__}, {torch.get_num_threads()} thread(s), "
          f"{args.reps} calls each after {WARMUP} warm-up")
    print(f"{'function':<34} {'median ms':>10} {'max ms':>8}")
    total = 0.0
    for name, call in calls.items():
        ms = times_ms(call, args.reps)
        median = statistics.median(ms)
        total += median
        print(f"{name:<34} {median:>10.2f} {max(ms):>8.2f}", flush=True)
    print(f"{'all four':<34} {total:>10.2f}")
    verdict = "PASS" if total <= GOAL_MS else "OVER BUDGET"
    print(f"verdict: {total:.1f} ms per refresh (goal <= {GOAL_MS:.0f} ms, 10 Hz) -> {verdict}")
    # The line where D cannot tell (0.5) over a 128 x 128 heatmap, traced by the worker with each frame.
    heat = lab.heatmap(trainer, bounds, 128)
    ms = times_ms(lambda: lab_geometry.contour(heat["values"], heat["x"], heat["y"]), args.reps)
    print(f"{'contour 128x128 (D = 0.5 line)':<34} {statistics.median(ms):>10.2f} {max(ms):>8.2f}")


if __name__ == "__main__":
    main()
