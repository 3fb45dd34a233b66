"""Label accuracy of the conditional MNIST presets: does G draw the digit it is asked for?

Each preset trains ``--steps`` steps on each seed; then G draws ``--per-class`` images of every
digit (z from ``trainer.noise(n, 0)``, off the training stream) and the bundled classifier
(engine/metrics/image_metrics.py, ~98 % on held-out real digits) reads them. The table shows the share
read as the asked digit, overall and per digit; a G that ignores its label scores chance, 10 %.
"train s" is the trainer's own clock (training only).

    python benchmarks/bench_cgan.py [--steps 2000] [--seeds 0 1 2] [--per-class 100]
        [--presets mnist-cgan-mlp mnist-cgan-dcgan] [--threads 1] [--set opt_g.lr=5e-4 ...]
"""

from __future__ import annotations

import argparse
import shlex
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import bench_modes  # noqa: E402  (same folder: its --set parser)
from ganstudio.engine.metrics import image_metrics  # noqa: E402
from ganstudio.engine.train.presets import PRESETS  # noqa: E402
from ganstudio.engine.train.trainer import Trainer  # noqa: E402

CONDITIONAL = [name for name in PRESETS if PRESETS[name].build().conditional]
EVAL_SEED = 0


def label_accuracy(trainer: Trainer, classifier, per_class: int) -> tuple[float, np.ndarray]:
    """(overall, per digit) share of ``per_class`` samples per digit read as the asked digit."""
    labels = np.repeat(np.arange(trainer.n_classes), per_class)
    images = trainer.generate(trainer.noise(len(labels), EVAL_SEED), labels)
    finite = np.isfinite(images.reshape(len(images), -1)).all(axis=1)
    predicted = np.full(len(labels), -1)
    predicted[finite] = image_metrics.classify(classifier, images[finite])[0].argmax(axis=1)
    return image_metrics.label_accuracy(predicted, labels)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=2000, help="training steps per run")
    parser.add_argument("--seeds", nargs="+", type=int, default=[0, 1, 2])
    parser.add_argument("--presets", nargs="+", default=CONDITIONAL, choices=CONDITIONAL)
    parser.add_argument("--per-class", type=int, default=100, help="samples per digit")
    parser.add_argument("--threads", type=int, default=1, help="torch threads (0: the preset's)")
    parser.add_argument("--set", nargs="+", default=[], metavar="KEY=VALUE",
                        help="change config fields of every run (e.g. opt_g.lr=5e-4)")
    args = parser.parse_args()
    classifier = image_metrics.shared_classifier()
    print("command: python " + shlex.join(sys.argv))
    print(f"{args.per_class} samples per digit after training; chance = 0.10"
          + (f"; changed: {' '.join(args.set)}" if args.set else ""))
    print(f"{'preset':<17} {'seed':>4} {'steps':>6} {'train s':>7} {'label acc':>9}  per digit 0..9")
    for name in args.presets:
        for seed in args.seeds:
            changes = [*args.set, *([f"threads={args.threads}"] if args.threads else [])]
            trainer = Trainer(bench_modes.build_config(name, seed, changes))
            for _ in range(args.steps):
                trainer.step()
            overall, per_digit = label_accuracy(trainer, classifier, args.per_class)
            print(f"{name:<17} {seed:>4} {trainer.step_count:>6} {trainer.train_s:>7.1f} {overall:>9.3f}  "
                  + " ".join(f"{a:.2f}" for a in per_digit), flush=True)


if __name__ == "__main__":
    main()
