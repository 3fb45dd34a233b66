"""Mode coverage of the shipped 2-D presets: train headless, score with the METRICS.md definitions.

Each preset trains for at most ``--seconds`` of wall time (60 by default: "visibly converges within
a minute on a 2-core laptop") on each of three seeds, then G is scored on 2,500 samples from a fixed
noise batch (ganstudio.engine.modes). The table sits beside the published rows it is compared with.

    python benchmarks/bench_modes.py [--seconds 60] [--seeds 0 1 2] [--presets ring8 grid25 ring8-collapse]
                                     [--set opt_g.lr=5e-4 ...]   (try a change before it goes in a preset)

Goals (issue 5), on every seed: ring8 8/8 modes, >= 95 % high quality, reverse KL <= 0.05; grid25
25/25, >= 93 %, <= 0.05; ring8-collapse <= 3 modes (and at least one: no sample near any mode is
not mode collapse, it is no learning). The MNIST row needs the bundled classifier,
which is not built yet, so it is not measured here.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from ganstudio.engine import modes  # noqa: E402
from ganstudio.engine.config import ConfigError, get_field, set_field, validate  # noqa: E402
from ganstudio.engine.presets import preset  # noqa: E402
from ganstudio.engine.trainer import Trainer  # noqa: E402

PUBLISHED = [  # (source, modes, % high quality, reverse KL) on the 2-D ring of 8
    ("VEEGAN paper, GAN", "1", "99.3", "-"),
    ("PacGAN paper, GAN", "6.3", "98.2", "0.45"),
    ("PacGAN paper, PacGAN4", "7.8", "95.9", "0.07"),
]
GOALS = {  # preset: (check, text)
    "ring8": (lambda r: r.modes == 8 and r.hq_pct >= 95 and r.reverse_kl <= 0.05, "8/8, >= 95 %, KL <= 0.05"),
    "grid25": (lambda r: r.modes == 25 and r.hq_pct >= 93 and r.reverse_kl <= 0.05, "25/25, >= 93 %, KL <= 0.05"),
    # Collapse means G's samples sit on a few modes; none near any mode is a failure to train.
    "ring8-collapse": (lambda r: 1 <= r.modes <= 3, "1 to 3 modes"),
}


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


def train_and_score(name: str, seed: int, seconds: float,
                    changes: list[str] = ()) -> tuple[modes.ModeReport, int, float]:
    cfg = preset(name)
    cfg.seed = seed
    for text in changes:
        set_field(cfg, *parse_change(text, cfg))
    try:
        validate(cfg)
    except ConfigError as exc:
        raise SystemExit("; ".join(exc.errors)) from None
    trainer = Trainer(cfg)
    t0 = time.perf_counter()
    while time.perf_counter() - t0 < seconds:
        for _ in range(50):
            trainer.step()
    return modes.evaluate(trainer), trainer.step_count, time.perf_counter() - t0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60.0, help="training wall time per run")
    parser.add_argument("--seeds", nargs="+", type=int, default=[0, 1, 2])
    parser.add_argument("--presets", nargs="+", default=list(GOALS))
    parser.add_argument("--set", nargs="+", default=[], metavar="KEY=VALUE",
                        help="change config fields of every run (e.g. opt_g.lr=5e-4 disc.hidden=64,64)")
    args = parser.parse_args()

    print(f"{args.seconds:.0f} s of training per run, scored on {modes.EVAL_N} samples (METRICS.md)"
          + (f"; changed: {' '.join(args.set)}" if args.set else ""))
    print(f"{'run':<24} {'steps':>7} {'modes':>7} {'% HQ':>6} {'rev KL':>7}  goal")
    verdicts = []
    for name in args.presets:
        check, goal = GOALS.get(name, (lambda r: True, "-"))
        for seed in args.seeds:
            report, steps, _ = train_and_score(name, seed, args.seconds, args.set)
            ok = check(report)
            verdicts.append(ok)
            print(f"{name + ' seed ' + str(seed):<24} {steps:>7} {report.modes:>3}/{report.n_modes:<3} "
                  f"{report.hq_pct:>6.1f} {report.reverse_kl:>7.3f}  {goal}: {'ok' if ok else 'MISSED'}",
                  flush=True)
    print()
    for source, n_modes, hq, kl in PUBLISHED:
        print(f"{source:<24} {'':>7} {n_modes:>7} {hq:>6} {kl:>7}  (published)")
    print(f"verdict: {sum(verdicts)}/{len(verdicts)} runs meet their goal")


if __name__ == "__main__":
    main()
