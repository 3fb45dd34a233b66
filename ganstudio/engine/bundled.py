"""Where the files shipped with ganstudio live.

``resources/`` sits at the repository root, beside the ``ganstudio`` package, so the app finds its
bundled MNIST subset (and the metric classifier's weights) without network access or install steps.
One function holds that path so a packaging change edits one line. It sits outside the data
package, whose loaders import torch, so the window can find its translations before torch loads.
"""

from __future__ import annotations

from pathlib import Path

MNIST_FILE = "mnist_5k.npz"  # built by tools/build_mnist.py: images uint8 (5000, 28, 28), labels


def resources_dir() -> Path:
    return Path(__file__).resolve().parents[2] / "resources"
