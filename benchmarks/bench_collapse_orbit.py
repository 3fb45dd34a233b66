"""Where ring8-collapse's single point sits once G has lost its noise: off its mode how often?

    python benchmarks/bench_collapse_orbit.py [--seeds 4,9] [--set KEY=VALUE ...] [--steps 17167]

One lone run per seed on one thread. Over the second half of the run, every 200 steps, G's 500
fixed-noise samples are read: their median distance to the nearest mode (the meter counts a sample
on a mode within 3σ = 0.06) and their spread (0 once G ignores its noise). Prints, per seed, the
share of readings off the mode, the median distance, and the share of readings where G still had
noise. bench_seeds.py's goal for ring8-collapse fails a seed when 3 of its 10 late readings are off
the mode, so a share p fails about 1 − Σ_{k<3} C(10,k) p^k (1−p)^(10−k) of the seeds.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np
import torch

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import bench_modes  # noqa: E402
from bench_seeds import BUDGETS  # noqa: E402
from ganstudio.engine.population.grid import parse_seeds  # noqa: E402
from ganstudio.engine.train.trainer import Trainer  # noqa: E402

EVERY = 200
HQ = 3 * 0.02  # ring8's σ


def orbit(seed: int, changes: list[str], steps: int) -> tuple[float, float, float]:
    cfg = bench_modes.build_config("ring8-collapse", seed, changes)
    torch.set_num_threads(1)
    t = Trainer(cfg)
    means = torch.as_tensor(t.dataset.means, dtype=torch.float32)
    z = torch.as_tensor(t.noise(500, 0))
    dists, spreads = [], []
    while t.step_count < steps:
        t.step()
        if t.step_count % EVERY == 0 and t.step_count > steps // 2:
            x = torch.as_tensor(t.generate(z))
            spreads.append(x.std(0).norm().item())
            dists.append(torch.cdist(x, means).min(1).values.median().item())
    d, s = np.array(dists), np.array(spreads)
    return float(np.mean(d > HQ)), float(np.median(d)), float(np.mean(s > 0.05))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", default="4,9")
    parser.add_argument("--set", nargs="+", default=[], metavar="KEY=VALUE")
    parser.add_argument("--steps", type=int, default=BUDGETS["ring8-collapse"],
                        help="the preset's budget (bench_seeds.py; the figures in docs/presets.md took 17,304)")
    args = parser.parse_args()
    print(f"ring8-collapse {' '.join(args.set) or '(as shipped)'}: {args.steps} steps")
    print(f"{'seed':>4} {'off the mode':>12} {'median dist':>11} {'with noise':>10}")
    for seed in parse_seeds(args.seeds):
        off, median, noisy = orbit(seed, args.set, args.steps)
        print(f"{seed:>4} {off:>12.2f} {median:>11.3f} {noisy:>10.2f}", flush=True)


if __name__ == "__main__":
    main()
