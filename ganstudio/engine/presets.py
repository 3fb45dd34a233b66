"""Named, ready-to-run configurations: one click in the window, ``--preset NAME`` on the command line.

Each preset is a function so every call returns a fresh RunConfig that the caller may edit.
The 2-D presets use small MLPs that converge within a minute on a 2-core laptop CPU.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from ganstudio.engine.config import (
    DataConfig, DiscConfig, GenConfig, LossConfig, OptimConfig, RunConfig,
)


@dataclass(frozen=True)
class Preset:
    name: str
    summary: str  # one sentence for the preset menu's tooltip
    build: Callable[[], RunConfig]


def _toy(name: str, data: str, hidden=(128, 128, 128), noise_dim=2, lr=1e-3, batch=256,
         **run) -> RunConfig:
    """A 2-D MLP GAN: small enough to run hundreds of steps per second on a CPU."""
    return RunConfig(
        name=name,
        data=DataConfig(name=data),
        gen=GenConfig(kind="mlp", hidden=list(hidden), activation="relu", noise_dim=noise_dim),
        disc=DiscConfig(kind="mlp", hidden=list(hidden), activation="relu"),
        loss=LossConfig(kind="nonsaturating"),
        opt_g=OptimConfig(kind="adam", lr=lr, beta1=0.5, beta2=0.999),
        opt_d=OptimConfig(kind="adam", lr=lr, beta1=0.5, beta2=0.999),
        batch_size=batch,
        fixed_noise_n=512,
        **run,
    )


def ring8() -> RunConfig:
    return _toy("ring8", "ring8")


def ring8_collapse() -> RunConfig:
    """The textbook failure: a G far stronger and faster than a tiny D chases one mode at a time."""
    cfg = _toy("ring8-collapse", "ring8", hidden=(128, 128, 128))
    cfg.disc.hidden = [16]
    cfg.opt_g.lr = 5e-3
    cfg.opt_d.lr = 2e-4
    return cfg


def ring8_tiny() -> RunConfig:
    """GAN Lab's size: one hidden layer of 8 neurons in G and D.

    One torch thread: its ops are too small to split, and a second OpenMP thread only spins on the
    core the window needs (bench_engine: 1 thread is the faster headless too; bench_gui: 0.84 → 0.91
    of headless speed inside the window)."""
    return _toy("ring8-tiny", "ring8", hidden=(8,), batch=150, threads=1)


def grid25() -> RunConfig:
    return _toy("grid25", "grid25", hidden=(256, 256, 256), batch=512)


def _mnist_mlp(name: str) -> RunConfig:
    """Seed 000/003: G 100→256→512→1024→784 tanh, D 784→512→256→1, Adam 2e-4, β1 0.5, batch 64."""
    return RunConfig(
        name=name,
        data=DataConfig(name="mnist", image_size=28, channels=1),
        gen=GenConfig(kind="mlp", hidden=[256, 512, 1024], activation="leaky_relu", batch_norm=True,
                      noise_dim=100, noise="normal"),
        disc=DiscConfig(kind="mlp", hidden=[512, 256], activation="leaky_relu"),
        loss=LossConfig(kind="nonsaturating"),
        opt_g=OptimConfig(kind="adam", lr=2e-4, beta1=0.5),
        opt_d=OptimConfig(kind="adam", lr=2e-4, beta1=0.5),
        batch_size=64,
        fixed_noise_n=64,
    )


def mnist_mlp() -> RunConfig:
    return _mnist_mlp("mnist-mlp")


def mnist_dcgan() -> RunConfig:
    """Radford et al.'s architecture at 28×28 with 32 base channels, sized for a laptop CPU."""
    return RunConfig(
        name="mnist-dcgan",
        data=DataConfig(name="mnist", image_size=28, channels=1),
        gen=GenConfig(kind="dcgan", base_channels=32, batch_norm=True, activation="relu",
                      noise_dim=100, noise="normal"),
        disc=DiscConfig(kind="dcgan", base_channels=32, batch_norm=True, activation="leaky_relu"),
        loss=LossConfig(kind="nonsaturating"),
        opt_g=OptimConfig(kind="adam", lr=2e-4, beta1=0.5),
        opt_d=OptimConfig(kind="adam", lr=2e-4, beta1=0.5),
        batch_size=64,
        fixed_noise_n=64,
    )


_PRESETS = [
    Preset("ring8", "Eight Gaussians on a ring: the standard mode-coverage test.", ring8),
    Preset("ring8-collapse", "Eight Gaussians with a weak, slow D: the generator collapses onto few modes.",
           ring8_collapse),
    Preset("ring8-tiny", "Eight Gaussians with GAN Lab's 1×8 networks: fast, and often struggles.", ring8_tiny),
    Preset("grid25", "A 5×5 grid of Gaussians: harder mode coverage.", grid25),
    Preset("line", "GAN Lab's line: points along a segment.", lambda: _toy("line", "line")),
    Preset("gauss2", "GAN Lab's two Gaussian hills.", lambda: _toy("gauss2", "gauss2")),
    Preset("ring", "GAN Lab's ring: a continuous circle.", lambda: _toy("ring", "ring")),
    Preset("blobs3", "GAN Lab's three disjoint blobs.", lambda: _toy("blobs3", "blobs3")),
    Preset("spiral", "A spiral: a thin curved manifold.", lambda: _toy("spiral", "spiral")),
    Preset("moons", "Two interleaved half moons.", lambda: _toy("moons", "moons")),
    Preset("mnist-mlp", "The seed article's fully connected GAN on the bundled MNIST digits.", mnist_mlp),
    Preset("mnist-dcgan", "A small DCGAN (strided convolutions, batch norm) on the bundled MNIST digits.",
           mnist_dcgan),
]
PRESETS: dict[str, Preset] = {p.name: p for p in _PRESETS}
DEFAULT_PRESET = "ring8"


def preset(name: str) -> RunConfig:
    """A fresh RunConfig for ``name``; an unknown name lists the known ones."""
    try:
        return PRESETS[name].build()
    except KeyError:
        raise KeyError(f"unknown preset {name!r}; known presets: {', '.join(PRESETS)}") from None
