"""How much a little work elsewhere on the machine costs headless training: the ceiling on bench_gui.

The window's GUI thread needs some CPU while it draws (bench_gui prints it as "gui cpu": about a
fifth of a core for ring8). This script takes the window out of the picture: the training child
runs the plain ``trainer.step()`` loop of bench_gui's headless side while a *separate process*
keeps one core busy for a given share of each 10 ms (pure arithmetic, no memory traffic, no GIL
in common). Each row alternates every duty level in one run over several rounds; medians.

    python benchmarks/bench_interference.py [--presets ring8 mnist-mlp] [--duties 0 0.1 0.2 0.5]
                                            [--threads 0 1] [--seconds 5] [--rounds 3]

"threads 0" is torch's default (one per core); "1" is a single thread. "ratio" is steps/s
against the same thread count with nothing else running. If a fifth of a core elsewhere already
costs more than 5 %, no window on this machine can keep bench_gui's 0.95 at that thread count.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

GUI = Path(__file__).resolve().parent / "bench_gui.py"


def burn(duty: float, seconds: float) -> None:
    """Busy for ``duty`` of every 10 ms, asleep for the rest."""
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        t0 = time.perf_counter()
        while time.perf_counter() - t0 < 0.01 * duty:
            pass
        time.sleep(0.01 * (1 - duty))


def rate(name: str, threads: int, duty: float, seconds: float) -> float:
    env = dict(os.environ)
    if threads:
        env["OMP_NUM_THREADS"] = str(threads)
    burner = None
    if duty > 0:
        burner = subprocess.Popen([sys.executable, __file__, "--burn", str(duty), str(seconds + 15)])
    try:
        out = subprocess.run([sys.executable, str(GUI), "--headless-child", name, "--seconds", str(seconds)],
                             capture_output=True, text=True, check=True, env=env).stdout
    finally:
        if burner is not None:
            burner.kill()
            burner.wait()
    return float(out.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--presets", nargs="+", default=["ring8", "mnist-mlp"])
    parser.add_argument("--duties", nargs="+", type=float, default=[0.0, 0.1, 0.2, 0.5])
    parser.add_argument("--threads", nargs="+", type=int, default=[0, 1])
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--burn", nargs=2, type=float, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.burn:
        burn(*args.burn)
        return
    if 0.0 not in args.duties:
        args.duties.insert(0, 0.0)
    print(f"{os.cpu_count()} cores; {args.rounds} rounds x {args.seconds:.0f} s per cell, medians")
    print(f"{'preset':<10} {'threads':>7} {'busy core %':>11} {'steps/s':>8} {'ratio':>6}")
    for name in args.presets:
        for threads in args.threads:
            runs: dict[float, list[float]] = {d: [] for d in args.duties}
            for i in range(args.rounds):
                for duty in args.duties if i % 2 == 0 else args.duties[::-1]:
                    runs[duty].append(rate(name, threads, duty, args.seconds))
            base = statistics.median(runs[0.0])
            for duty in args.duties:
                r = statistics.median(runs[duty])
                print(f"{name:<10} {threads or 'default':>7} {100 * duty:>11.0f} {r:>8.1f} {r / base:>6.3f}",
                      flush=True)


if __name__ == "__main__":
    main()
