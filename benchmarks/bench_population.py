"""Member-steps per second of a population against one lone Trainer, and the wall's cost.

    python benchmarks/bench_population.py [--rounds 5] [--seconds 2] [--device cpu|cuda]
                                          [--cases ring8-tiny:16 ring8:8] [--vmap] [--wall]

Per case (preset:K), alternating in one process, ``--rounds`` rounds of ``--seconds`` each (medians):
A, one lone ``Trainer`` of the preset (seed 0); B, a ``Population`` of K members of it (seeds 0..K-1),
its rows read every 100 steps as a sweep reads them. The ratio is B's member-steps/s (population
steps × K) over A's steps/s. Goals (issue 23, point 4): on a 2-core CPU ring8-tiny K = 16 ≥ 6× and
ring8 K = 8 ≥ 1.0×; on a CUDA GPU ring8 K = 64 ≥ 50× and K = 256 ≥ 120×.

``--vmap`` adds C: the same K members stepped through ``torch.func.vmap`` over ``functional_call``
on weights stacked by ``torch.func.stack_module_state`` (non-saturating loss, fused Adam with one
learning rate: the cheapest form of the step), which is how the batched step could have been
written instead of stacked/baddbmm (engine/population/stacked.py).

``--wall`` measures the population wall (ui/population/wall.py) on ring8-tiny K = 16: the
population's steps/s with the wall window open (Qt's offscreen platform, or whatever
QT_QPA_PLATFORM says) against the same sweep run headless, alternating; goal ≥ 0.90.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

import torch

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from ganstudio.engine.population.population import Population  # noqa: E402
from ganstudio.engine.train.presets import preset  # noqa: E402
from ganstudio.engine.train.trainer import Trainer  # noqa: E402


DEFAULT_THREADS = torch.get_num_threads()


def configs(name: str, k: int, device: str):
    out = []
    for seed in range(k):
        cfg = preset(name)
        cfg.seed, cfg.device = seed, device
        out.append(cfg)
    return out


def timed(step, seconds: float, sync) -> float:
    """Calls of ``step`` per second over about ``seconds``, after a warm-up."""
    for _ in range(10):
        step()
    sync()
    n, t0 = 0, time.perf_counter()
    while time.perf_counter() - t0 < seconds:
        for _ in range(10):
            step()
        n += 10
    sync()
    return n / (time.perf_counter() - t0)


def vmap_step(cfgs):
    """C: the population step written with torch.func (see the module docstring)."""
    from torch.func import functional_call, stack_module_state, vmap

    lone = [Trainer(c) for c in cfgs]
    base_g, base_d = lone[0].G, lone[0].D
    pg, bg = stack_module_state([t.G for t in lone])
    pd, bd = stack_module_state([t.D for t in lone])
    pg = {k: v.detach().requires_grad_() for k, v in pg.items()}
    pd = {k: v.detach().requires_grad_() for k, v in pd.items()}
    device = lone[0].device
    fused = device.type in ("cpu", "cuda")
    opt_g = torch.optim.Adam(list(pg.values()), lr=cfgs[0].opt_g.lr, betas=(0.5, 0.999), fused=fused)
    opt_d = torch.optim.Adam(list(pd.values()), lr=cfgs[0].opt_d.lr, betas=(0.5, 0.999), fused=fused)
    x = torch.stack([t._x for t in lone])
    k, b, zdim = len(cfgs), cfgs[0].batch_size, cfgs[0].gen.noise_dim
    rows = torch.arange(k, device=device).unsqueeze(1)

    def g(p, buf, z):
        return functional_call(base_g, (p, buf), (z,))

    def d(p, buf, v):
        return functional_call(base_d, (p, buf), (v,))

    vg, vd = vmap(g), vmap(d)
    softplus = torch.nn.functional.softplus

    def step():
        real = x[rows, torch.randint(0, x.shape[1], (k, b), device=device)]
        fake = vg(pg, bg, torch.randn(k, b, zdim, device=device))
        for p in pd.values():
            p.grad = None
        loss_d = softplus(-vd(pd, bd, real)).mean(-1) + softplus(vd(pd, bd, fake.detach())).mean(-1)
        loss_d.sum().backward()
        opt_d.step()
        for p in pg.values():
            p.grad = None
        frozen = {name: v.detach() for name, v in pd.items()}
        loss_g = softplus(-vd(frozen, bd, fake)).mean(-1)
        loss_g.sum().backward()
        opt_g.step()

    return step


def run_cases(args) -> None:
    sync = torch.cuda.synchronize if args.device == "cuda" else (lambda: None)
    print(f"{'case':<16} {'lone steps/s':>12} {'pop steps/s':>12} {'member-steps/s':>15} {'ratio':>7}"
          + (f" {'vmap m-steps/s':>15} {'vmap ratio':>10}" if args.vmap else ""))
    for case in args.cases:
        name, _, k = case.partition(":")
        k = int(k)
        cfgs = configs(name, k, args.device)
        torch.set_num_threads(cfgs[0].threads or DEFAULT_THREADS)  # the preset's count, else torch's default
        lone = Trainer(cfgs[0])
        pop = Population([Trainer(c) for c in cfgs])

        def pop_step():
            pop.step()
            if pop.rows_ready() >= 100:
                pop.take_rows()

        sides = {"lone": lone.step, "pop": pop_step}
        if args.vmap:
            sides["vmap"] = vmap_step(cfgs)
        rates = {side: [] for side in sides}
        for _ in range(args.rounds):
            for side, step in sides.items():
                rates[side].append(timed(step, args.seconds, sync))
        med = {side: statistics.median(r) for side, r in rates.items()}
        line = (f"{name + ' K=' + str(k):<16} {med['lone']:>12.0f} {med['pop']:>12.1f} {med['pop'] * k:>15.0f} "
                f"{med['pop'] * k / med['lone']:>6.2f}x")
        if args.vmap:
            line += f" {med['vmap'] * k:>15.0f} {med['vmap'] * k / med['lone']:>9.2f}x"
        print(line, flush=True)


def run_wall(args) -> None:
    """Population steps/s with the wall open vs headless, alternating; ring8-tiny K = 16."""
    import os

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from ganstudio.engine.population.grid import expand
    from ganstudio.engine.population.sweep import Sweep
    from ganstudio.ui.population.wall import PopulationWall

    app = QApplication.instance() or QApplication([])
    base = preset("ring8-tiny")
    base.device = args.device
    members = expand(base, list(range(16)), [])
    tmp = Path(tempfile.mkdtemp(prefix="bench-wall-"))
    results = {"headless": [], "wall": []}
    warm = 2.0
    for r in range(args.rounds):
        for side in ("headless", "wall"):
            folder = tmp / f"{side}-{r}"
            Sweep.create(folder, base, members, 10**9, {"preset": "ring8-tiny"})
            marks = []

            def hook(sweep, pop, marks=marks):
                marks.append((time.perf_counter(), pop.step_count))
                if marks[-1][0] - marks[0][0] >= warm + args.seconds:
                    raise KeyboardInterrupt

            if side == "headless":
                try:
                    Sweep.open(folder).run(hook=hook, hook_s=0.1)
                except KeyboardInterrupt:
                    pass
            else:
                wall = PopulationWall(folder)
                wall.show()
                t_end = time.perf_counter() + 30 + warm + args.seconds
                while (not marks or marks[-1][0] - marks[0][0] < warm + args.seconds) and time.perf_counter() < t_end:
                    app.processEvents()
                    if wall.frame is not None:
                        if not marks or marks[-1][1] != wall.frame.step:
                            marks.append((time.perf_counter(), wall.frame.step))
                    time.sleep(0.005)
                wall.close()
            inside = [(t, s) for t, s in marks if t - marks[0][0] >= warm]
            rate = (inside[-1][1] - inside[0][1]) / (inside[-1][0] - inside[0][0])
            results[side].append(rate)
            print(f"round {r + 1} {side:<8} {rate:7.1f} pop-steps/s", flush=True)
    h, w = (statistics.median(results[s]) for s in ("headless", "wall"))
    print(f"ring8-tiny K=16: headless {h:.1f}, wall open {w:.1f} pop-steps/s: ratio {w / h:.3f} (goal >= 0.90)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--seconds", type=float, default=2.0)
    parser.add_argument("--device", default="cpu")
    parser.add_argument("--cases", nargs="+", default=["ring8-tiny:16", "ring8:8"])
    parser.add_argument("--vmap", action="store_true", help="also time the torch.func.vmap form of the step")
    parser.add_argument("--wall", action="store_true", help="time the wall open against headless")
    args = parser.parse_args()
    print(f"torch {torch.__version__}, {args.device}, {torch.get_num_threads()} threads; "
          f"{args.rounds} rounds of {args.seconds:g} s, sides alternated, medians", flush=True)
    if args.wall:
        run_wall(args)
    else:
        run_cases(args)


if __name__ == "__main__":
    main()
