"""The same sweep in-process and through a local Ray with 1 and 2 workers.

    python benchmarks/bench_sweep.py [--preset ring8] [--members 8] [--steps 1000] [--rounds 3]

Each round runs the sweep (``--members`` seeds of ``--preset``, ``--steps`` steps, the CLI's
defaults otherwise) three ways, alternating: A in a process of its own without Ray (``Sweep.run``
in a spawned child: this process holds the Ray driver, whose threads would slow A), B on Ray with one
worker (one population of all members), C on Ray with two workers (two populations of half the
members each). Ray is started once, before the rounds (``ray.init(num_cpus=2)``), so its start-up
is not counted; starting the workers (a Python process importing torch each) is. Reported per way,
medians over the rounds: the whole sweep's wall time, and the steady rate — population steps/s
summed over the workers from the second half of the progress reports — beside the ratio to A.
Goal (issue 24): Ray's overhead at one worker ≤ 10 %.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from ganstudio.engine.population.grid import expand  # noqa: E402
from ganstudio.engine.population.ray_sweep import RaySweep, require_ray  # noqa: E402
from ganstudio.engine.population.sweep import Sweep  # noqa: E402
from ganstudio.engine.train.presets import preset  # noqa: E402


def one(way: str, folder: Path, args) -> tuple[float, float]:
    base = preset(args.preset)
    base.device = "cpu"
    sweep = Sweep.create(folder, base, expand(base, list(range(args.members)), []), args.steps,
                         {"preset": args.preset})
    marks: list[tuple[float, int, int]] = []

    def progress(p):
        if not p.message:
            marks.append((time.perf_counter(), p.step, p.members))

    t0 = time.perf_counter()
    if way == "in-process":
        import multiprocessing

        with multiprocessing.get_context("spawn").Pool(1) as pool:
            return pool.apply(_in_process, (str(folder), args.steps, args.members, args.threads))
    else:
        workers = 1 if way == "ray, 1 worker" else 2
        RaySweep(sweep, cpus_per_worker=2 / workers).run(progress=progress, max_k=args.members // workers,
                                                         threads=args.threads // workers or 1)
    total = time.perf_counter() - t0
    late = [m for m in marks if m[1] >= args.steps // 2]
    rate = (late[-1][1] - late[0][1]) / (late[-1][0] - late[0][0]) if len(late) > 1 and late[-1][0] > late[0][0] else 0.0
    return total, rate * args.members


def _in_process(folder: str, steps: int, members: int, threads: int) -> tuple[float, float]:
    """Way A in a child process without Ray: the sweep's wall time and steady member-steps/s."""
    marks = []

    def progress(p):
        if not p.message:
            marks.append((time.perf_counter(), p.step))

    t0 = time.perf_counter()
    Sweep.open(Path(folder)).run(progress=progress, threads=threads)
    total = time.perf_counter() - t0
    late = [m for m in marks if m[1] >= steps // 2]
    rate = (late[-1][1] - late[0][1]) / (late[-1][0] - late[0][0]) if len(late) > 1 and late[-1][0] > late[0][0] else 0.0
    return total, rate * members


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--preset", default="ring8")
    parser.add_argument("--members", type=int, default=8)
    parser.add_argument("--steps", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--threads", type=int, default=2, help="torch threads in all (split between Ray workers)")
    args = parser.parse_args()
    ray = require_ray()
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    ways = ("in-process", "ray, 1 worker", "ray, 2 workers")
    results = {w: [] for w in ways}
    tmp = Path(tempfile.mkdtemp(prefix="bench-sweep-"))
    print(f"{args.members} × {args.preset}, {args.steps} steps; {args.rounds} rounds, ways alternated, medians",
          flush=True)
    for r in range(args.rounds):
        for w in ways:
            total, rate = one(w, tmp / f"{r}-{w.replace(' ', '').replace(',', '-')}", args)
            results[w].append((total, rate))
            print(f"round {r + 1} {w:<16} {total:7.1f} s  {rate:8.0f} member-steps/s", flush=True)
    print("\n| way | sweep wall time (s) | ÷ in-process | steady member-steps/s | ÷ in-process |\n|---|---|---|---|---|")
    base_t = statistics.median(t for t, _ in results[ways[0]])
    base_r = statistics.median(r for _, r in results[ways[0]])
    for w in ways:
        t = statistics.median(x for x, _ in results[w])
        rate = statistics.median(x for _, x in results[w])
        print(f"| {w} | {t:.1f} | {t / base_t:.2f} | {rate:.0f} | {rate / base_r:.2f} |")
    ray.shutdown()


if __name__ == "__main__":
    main()
