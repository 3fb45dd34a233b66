"""Cost of the MNIST image metrics (ganstudio/engine/metrics/image_metrics.py) as the training worker pays it.

For each preset a trainer is stepped past initialisation and an ``ImageMeter`` built (its real
reference, computed once per run, is timed once). Then, per thread count, each call is run a few
times to warm up and ``--reps`` times timed:

- ``G forward``: ``trainer.generate`` of the n-image noise batch, the baseline any evaluation pays;
- ``classifier forward``: the bundled LeNet on n images;
- ``score``: classifier + every metric on n given images (what the metrics add to G's forward);
- ``evaluate``: ``ImageMeter.evaluate()``, the whole call the worker makes (G forward + score).

    python benchmarks/bench_image_metrics.py [--presets mnist-mlp mnist-dcgan] [--n 500]
                                             [--reps 20] [--threads 1 2]

Goal (docs/METRICS.md): the metrics cost ≤ 50 ms per evaluation (``score``, real reference cached).
The load average is printed because on a CPU shared with other busy processes more threads than
free cores make every torch call many times slower (G's forward included): read such rows as the
machine's state, not the code's.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

import torch

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from ganstudio.engine.metrics import image_metrics as im  # noqa: E402
from timing import WARMUP, times_ms, warm_trainer  # noqa: E402  (benchmarks/timing.py)

GOAL_MS = 50.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--presets", nargs="+", default=["mnist-mlp", "mnist-dcgan"])
    parser.add_argument("--n", type=int, default=im.EVAL_N)
    parser.add_argument("--reps", type=int, default=20)
    parser.add_argument("--threads", type=int, nargs="+", default=[1, 2])
    args = parser.parse_args()

    classifier = im.load_classifier()
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"torch {torch.__version__}, {os.cpu_count()} CPUs, load average {load}; n = {args.n}, "
          f"{args.reps} calls each after {WARMUP} warm-up; median and slowest in ms; "
          f"ratio = median / G forward")
    print(f"{'preset':<12} {'thr':>3} {'call':<20} {'median':>8} {'max':>8} {'ratio':>6}")
    worst: dict[int, float] = {}
    for name in args.presets:
        trainer = warm_trainer(name, args.threads[0])
        meter = im.ImageMeter(trainer, classifier, n=args.n)
        t0 = time.perf_counter()
        meter.real  # noqa: B018  (builds and caches the real reference)
        print(f"{name:<12} {torch.get_num_threads():>3} {'real reference':<20} "
              f"{(time.perf_counter() - t0) * 1e3:>8.1f} {'(once)':>8}")
        z = trainer.noise(args.n, im.EVAL_SEED)
        images = trainer.generate(z)
        x = torch.from_numpy(images)
        calls = {
            "G forward": lambda: trainer.generate(z),
            "classifier forward": lambda: im.classify(classifier, x),
            "score": lambda: meter.score(images),
            "evaluate": meter.evaluate,
        }
        for threads in args.threads:
            torch.set_num_threads(threads)
            medians = {}
            for call_name, call in calls.items():
                ms = times_ms(call, args.reps)
                medians[call_name] = statistics.median(ms)
                ratio = medians[call_name] / medians["G forward"]
                print(f"{name:<12} {threads:>3} {call_name:<20} {medians[call_name]:>8.2f} "
                      f"{max(ms):>8.2f} {ratio:>6.2f}", flush=True)
            worst[threads] = max(worst.get(threads, 0.0), medians["score"])
    for threads, ms in worst.items():
        verdict = "PASS" if ms <= GOAL_MS else "OVER BUDGET"
        print(f"verdict, {threads} thread(s): slowest score median {ms:.2f} ms "
              f"(goal <= {GOAL_MS:.0f} ms) -> {verdict}")


if __name__ == "__main__":
    main()
