"""How long an autosave takes: ``RunWriter.save_checkpoint`` for each preset's model.

A save serializes the trainer's whole state (G, D, both optimizers' moments, RNG streams), writes
it to checkpoints/step_XXXXXXXX.pt atomically (temp file, fsync, rename), links checkpoint.pt to
it and thins the history. Training stops for that long, so it is timed end to end; the
serialization alone and a load back (``read_checkpoint``, what Continue and Rewind pay) are shown
beside it. Each trainer has taken 20 steps first, so Adam's moments exist. Medians of ``--reps``
saves after WARMUP untimed ones, in a fresh run folder under ``--dir`` (the system temp folder by
default: pass a folder on the disk you care about, fsync costs differ between disks).

    python benchmarks/bench_checkpoint.py [--reps 7] [--dir DIR] [--presets mnist-dcgan ...]

Goal: every save ≤ 1 % of the default autosave interval (30 s), i.e. ≤ 300 ms.
"""

from __future__ import annotations

import argparse
import io
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

import torch

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from ganstudio.engine.runs.writer import CHECKPOINT, RunWriter, checkpoint_bytes, read_checkpoint  # noqa: E402
from timing import times_ms, warm_trainer  # noqa: E402

AUTOSAVE_S = 30.0
GOAL_MS = AUTOSAVE_S * 1000 * 0.01
PRESETS = ("mnist-dcgan", "mnist-mlp", "ring8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reps", type=int, default=7)
    parser.add_argument("--dir", default=None, help="where to write (default: the system temp folder)")
    parser.add_argument("--presets", nargs="+", default=list(PRESETS))
    args = parser.parse_args()

    base = Path(tempfile.mkdtemp(prefix="bench-checkpoint-", dir=args.dir))
    print(f"torch {torch.__version__}, writing under {base}, median of {args.reps} saves")
    print(f"{'preset':<12} {'params':>10} {'file MB':>8} {'serialize ms':>13} {'save ms':>8} "
          f"{'max ms':>7} {'MB/s':>7} {'load ms':>8} {'% of 30 s':>9}")
    worst = 0.0
    try:
        for name in args.presets:
            trainer = warm_trainer(name, threads=1)
            writer = RunWriter(base / name)
            writer.create(trainer.cfg, preset=name)
            params = sum(p.numel() for p in (*trainer.G.parameters(), *trainer.D.parameters()))
            size_mb = len(checkpoint_bytes(trainer)) / 1e6
            serialize = times_ms(lambda: torch.save(trainer.state_dict(), io.BytesIO()), args.reps)
            save = times_ms(lambda: writer.save_checkpoint(trainer), args.reps)
            load = times_ms(lambda: read_checkpoint(base / name / CHECKPOINT), args.reps)
            writer.close()
            med = statistics.median(save)
            worst = max(worst, med)
            print(f"{name:<12} {params:>10,} {size_mb:>8.2f} {statistics.median(serialize):>13.1f} "
                  f"{med:>8.1f} {max(save):>7.1f} {size_mb / (med / 1e3):>7.0f} "
                  f"{statistics.median(load):>8.1f} {100 * med / (AUTOSAVE_S * 1e3):>8.2f}%")
    finally:
        shutil.rmtree(base, ignore_errors=True)
    verdict = "PASS" if worst <= GOAL_MS else "BELOW GOAL"
    print(f"verdict: slowest median save {worst:.1f} ms (goal <= {GOAL_MS:.0f} ms) -> {verdict}")


if __name__ == "__main__":
    main()
