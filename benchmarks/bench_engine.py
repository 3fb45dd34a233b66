"""Trainer throughput against a minimal hand-written loop of the same model, data and batch.

The baseline is the step of pytorch/examples dcgan/main.py (BCE with explicit labels, two D
backward passes, ``.item()`` for every printed number, PyTorch's default multi-tensor Adam); the
Trainer adds gradient norms, NaN checks and timing, and uses the fused Adam kernel. So that the
saving from the kernel does not hide the Trainer's own overhead, a third loop runs the Trainer with
the baseline's (unfused) optimizer: the "same-optim" column. Both run in this process, alternated chunk by chunk over several rounds, and
the table quotes medians, because this machine's speed drifts by 2× within minutes.

    python benchmarks/bench_engine.py [--seconds 1.0] [--rounds 5] [--presets ring8 ...]

Goal: Trainer / baseline ≥ 0.97 on every row.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

import torch
import torch.nn.functional as F

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from ganstudio.engine.train.presets import preset  # noqa: E402
from ganstudio.engine.train.trainer import Trainer  # noqa: E402

GOAL = 0.97


def baseline_loop(trainer: Trainer):
    """The DCGAN example's step on a copy of the trainer's model, data and optimizer settings."""
    cfg = trainer.cfg
    torch.manual_seed(cfg.seed)
    from ganstudio.engine.nets import build_discriminator, build_generator

    G = build_generator(cfg.gen, trainer.dataset.shape)
    D = build_discriminator(cfg.disc, trainer.dataset.shape)
    opt_g = torch.optim.Adam(G.parameters(), lr=cfg.opt_g.lr, betas=(cfg.opt_g.beta1, cfg.opt_g.beta2))
    opt_d = torch.optim.Adam(D.parameters(), lr=cfg.opt_d.lr, betas=(cfg.opt_d.beta1, cfg.opt_d.beta2))
    x = trainer.dataset.x
    b, nz = cfg.batch_size, cfg.gen.noise_dim
    ones, zeros = torch.ones(b), torch.zeros(b)
    criterion = F.binary_cross_entropy_with_logits

    def step():
        # (1) Update D: maximize log(D(x)) + log(1 - D(G(z)))
        D.zero_grad()
        real = x[torch.randint(0, len(x), (b,))]
        output = D(real)
        err_d_real = criterion(output, ones)
        err_d_real.backward()
        d_x = torch.sigmoid(output).mean().item()
        fake = G(torch.randn(b, nz))
        output = D(fake.detach())
        err_d_fake = criterion(output, zeros)
        err_d_fake.backward()
        d_g_z1 = torch.sigmoid(output).mean().item()
        err_d = err_d_real + err_d_fake
        opt_d.step()
        # (2) Update G: maximize log(D(G(z)))
        G.zero_grad()
        output = D(fake)
        err_g = criterion(output, ones)
        err_g.backward()
        d_g_z2 = torch.sigmoid(output).mean().item()
        opt_g.step()
        return err_d.item(), err_g.item(), d_x, d_g_z1, d_g_z2

    return step


def unfused(trainer: Trainer) -> Trainer:
    """The same Trainer with PyTorch's default (multi-tensor, unfused) optimizers."""
    for name, params in (("opt_g", trainer._g_params), ("opt_d", trainer._d_params)):
        opt = getattr(trainer, name)
        setattr(trainer, name, type(opt)(params, **{**opt.defaults, "fused": None}))
    return trainer


def rate(step, seconds: float) -> float:
    n, t0 = 0, time.perf_counter()
    while True:
        for _ in range(10):
            step()
        n += 10
        elapsed = time.perf_counter() - t0
        if elapsed >= seconds:
            return n / elapsed


def measure(name: str, threads: int, seconds: float, rounds: int) -> tuple[float, float, float]:
    """Medians of (Trainer, baseline, Trainer with the baseline's optimizer) steps/s."""
    torch.set_num_threads(threads)
    trainer = Trainer(preset(name))
    loops = [trainer.step, baseline_loop(trainer), unfused(Trainer(preset(name))).step]
    for step in loops:
        rate(step, 0.3)  # warm-up: allocator, autograd caches
    rates = [[] for _ in loops]
    for i in range(rounds):
        order = range(len(loops)) if i % 2 == 0 else reversed(range(len(loops)))
        for k in order:
            rates[k].append(rate(loops[k], seconds))
    return tuple(statistics.median(r) for r in rates)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=1.0, help="length of one timed chunk")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--presets", nargs="+", default=["mnist-mlp", "ring8", "ring8-tiny"])
    parser.add_argument("--threads", nargs="+", type=int, default=[1, 2])
    args = parser.parse_args()

    print(f"torch {torch.__version__}, default threads {torch.get_num_threads()}, "
          f"{args.rounds} rounds x {args.seconds:.1f} s per side, medians")
    print(f"{'preset':<12} {'threads':>7} {'trainer/s':>10} {'baseline/s':>11} {'ratio':>7} "
          f"{'same-optim/s':>13} {'ratio':>7}")
    results = {}
    for name in args.presets:
        for threads in args.threads:
            ours, theirs, same = measure(name, threads, args.seconds, args.rounds)
            results[(name, threads)] = (ours, theirs)
            print(f"{name:<12} {threads:>7} {ours:>10.1f} {theirs:>11.1f} {ours / theirs:>7.3f} "
                  f"{same:>13.1f} {same / theirs:>7.3f}", flush=True)
    print()
    worst = min(o / t for o, t in results.values())
    for name in args.presets:
        best = max(args.threads, key=lambda n: results[(name, n)][0])
        print(f"{name}: fastest with {best} thread(s)")
    verdict = "PASS" if worst >= GOAL else "BELOW GOAL"
    print(f"verdict: worst ratio {worst:.3f} (goal >= {GOAL}) -> {verdict}")


if __name__ == "__main__":
    main()
