"""Train ``resources/mnist_classifier.pt``, the digit classifier behind the MNIST collapse metrics.

Run once at build time (``python tools/train_classifier.py``), never by the app. It trains
``MnistClassifier`` (engine/metrics/image_metrics.py, LeNet size) on the bundled 5,000 digits exactly as G
sees them (28×28, [-1, 1], loaded by the app's own loader), holding out 100 digits per class,
drawn by a seeded generator, for the test. Training images are shifted by up to ±2 px each way
(background fill) so the classifier does not hinge on a digit being centred, which a GAN's samples
need not be. Adam, batch 64, a cosine learning-rate decay; the weights of the last epoch are kept
(picking the best epoch by the held-out set would make its accuracy an optimistic estimate).

Writes the plain state_dict (loads with ``torch.load(weights_only=True)``) and
``resources/mnist_classifier.json``: held-out accuracy, the split (``test_indices`` into the
bundled file), the settings and the command. Seeded and single-threaded by default, so a rerun on
the same machine and torch gives the same weights; other CPUs may differ in the last bits.
"""

from __future__ import annotations

import argparse
import io
import json
import math
import sys
import time
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from ganstudio.engine.metrics import image_metrics as im  # noqa: E402
from ganstudio.engine.train.config import DataConfig  # noqa: E402
from ganstudio.engine.data import load_dataset  # noqa: E402
from ganstudio.engine.bundled import resources_dir  # noqa: E402
from ganstudio.engine.runs.fsutil import atomic_write_bytes, atomic_write_text  # noqa: E402

TEST_PER_CLASS = 100
SHIFT_PX = 2
BATCH = 64


def split(labels: np.ndarray, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """(train, test) sorted indices; the test set is TEST_PER_CLASS seeded picks of each class."""
    rng = np.random.default_rng(seed)
    test = np.concatenate([rng.choice(np.flatnonzero(labels == c), TEST_PER_CLASS, replace=False)
                           for c in range(im.N_CLASSES)])
    test = np.sort(test)
    return np.setdiff1d(np.arange(len(labels)), test), test


def shifted(x: torch.Tensor, generator: torch.Generator) -> torch.Tensor:
    """Each image moved by its own random (dy, dx) in [−SHIFT_PX, SHIFT_PX], background (−1) fill."""
    b, _, h, w = x.shape
    padded = F.pad(x, (SHIFT_PX,) * 4, value=-1.0)
    dy, dx = torch.randint(0, 2 * SHIFT_PX + 1, (2, b), generator=generator)
    rows = dy[:, None] + torch.arange(h)  # (B, H)
    cols = dx[:, None] + torch.arange(w)  # (B, W)
    return padded[torch.arange(b)[:, None, None], 0, rows[:, :, None], cols[:, None, :]].unsqueeze(1)


@torch.no_grad()
def accuracy(model: im.MnistClassifier, x: torch.Tensor, y: torch.Tensor) -> float:
    model.eval()
    return float((model(x).argmax(1) == y).float().mean())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=40)
    parser.add_argument("--lr", type=float, default=2e-3)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--out", type=Path, default=resources_dir() / im.CLASSIFIER_FILE,
                        help=f"weights file; {im.CLASSIFIER_INFO} is written beside it")
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)  # weight initialisation

    data = load_dataset(DataConfig(name="mnist", image_size=28, channels=1), seed=0)
    labels = data.labels.numpy()
    train, test = split(labels, args.seed)
    x_train, y_train = data.x[train], data.labels[train]
    x_test, y_test = data.x[test], data.labels[test]

    model = im.MnistClassifier()
    n_params = sum(p.numel() for p in model.parameters())
    opt = torch.optim.Adam(model.parameters(), lr=args.lr)
    steps_per_epoch = math.ceil(len(train) / BATCH)
    sched = torch.optim.lr_scheduler.CosineAnnealingLR(opt, args.epochs * steps_per_epoch)
    generator = torch.Generator().manual_seed(args.seed + 1)  # batch order and shifts
    print(f"MnistClassifier, {n_params:,} parameters; {len(train)} train / {len(test)} held out; "
          f"{args.epochs} epochs, {torch.get_num_threads()} thread(s)")

    t0 = time.perf_counter()
    for epoch in range(1, args.epochs + 1):
        model.train()
        order = torch.randperm(len(train), generator=generator)
        total = 0.0
        for i in range(0, len(train), BATCH):
            idx = order[i:i + BATCH]
            loss = F.cross_entropy(model(shifted(x_train[idx], generator)), y_train[idx])
            opt.zero_grad(set_to_none=True)
            loss.backward()
            opt.step()
            sched.step()
            total += float(loss.detach()) * len(idx)
        acc = accuracy(model, x_test, y_test)
        print(f"epoch {epoch:2d}  loss {total / len(train):.4f}  held-out acc {100 * acc:.2f} %  "
              f"{time.perf_counter() - t0:5.1f} s", flush=True)
    train_s = time.perf_counter() - t0

    acc = accuracy(model, x_test, y_test)
    with torch.no_grad():
        pred = model(x_test).argmax(1)
    per_class = [round(float((pred[y_test == c] == c).float().mean()), 4) for c in range(im.N_CLASSES)]
    buffer = io.BytesIO()
    torch.save(model.state_dict(), buffer)
    atomic_write_bytes(args.out, buffer.getvalue())
    info = {
        "heldout_accuracy": round(acc, 4),
        "heldout_accuracy_per_class": per_class,
        "n_train": len(train),
        "n_test": len(test),
        "seed": args.seed,
        "epochs": args.epochs,
        "lr": args.lr,
        "batch": BATCH,
        "shift_px": SHIFT_PX,
        "feature_dim": im.MnistClassifier.FEATURE_DIM,
        "parameters": n_params,
        "threads": args.threads,
        "train_s": round(train_s, 1),
        "torch": torch.__version__,
        "command": " ".join(["python", "tools/train_classifier.py", *sys.argv[1:]]),
        "data": "resources/mnist_5k.npz, all 5,000 digits in file order",
        "test_indices": test.tolist(),
        "split": f"test = {TEST_PER_CLASS} per class, numpy default_rng(seed).choice per class 0..9",
    }
    # One key a line, lists (the 1,000 test indices) kept on theirs, so the file stays readable.
    text = "{\n" + ",\n".join(f" {json.dumps(k)}: {json.dumps(v)}" for k, v in info.items()) + "\n}\n"
    info_path = args.out.parent / im.CLASSIFIER_INFO
    atomic_write_text(info_path, text)
    print(f"held-out accuracy {100 * acc:.2f} % (per class {per_class}); trained in {train_s:.1f} s")
    print(f"wrote {args.out} ({args.out.stat().st_size / 1e3:.0f} kB) and {info_path}")


if __name__ == "__main__":
    main()
