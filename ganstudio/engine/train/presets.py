"""Named, ready-to-run configurations: one click in the window, ``--preset NAME`` on the command line.

Each preset is a function so every call returns a fresh RunConfig that the caller may edit. The 2-D
presets use small MLPs that converge within a minute on a 2-core laptop CPU. Each recipe gives its
measured result; the tuning history behind it is in docs/presets.md.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from ganstudio.engine.train.config import (
    DataConfig, DiscConfig, GenConfig, LossConfig, OptimConfig, RunConfig,
)


@dataclass(frozen=True)
class Preset:
    name: str
    summary: str  # one sentence for the preset menu's tooltip
    build: Callable[[], RunConfig]


def _toy(name: str, data: str, hidden=(128, 128, 128), noise_dim=2, lr=1e-3, batch=256, gen_ema=0.0,
         **run) -> RunConfig:
    """A 2-D MLP GAN: small enough to run hundreds of steps per second on a CPU."""
    return RunConfig(
        name=name,
        data=DataConfig(name=data),
        gen=GenConfig(kind="mlp", hidden=list(hidden), activation="relu", noise_dim=noise_dim, ema=gen_ema),
        disc=DiscConfig(kind="mlp", hidden=list(hidden), activation="relu"),
        loss=LossConfig(kind="nonsaturating"),
        opt_g=OptimConfig(kind="adam", lr=lr, beta1=0.5, beta2=0.999),
        opt_d=OptimConfig(kind="adam", lr=lr, beta1=0.5, beta2=0.999),
        batch_size=batch, fixed_noise_n=512, **run,
    )


def _steady(name: str) -> RunConfig:
    """Batch 512, lr 5e-4 and G's weight average (0.998): for a set whose shape G wobbles around at 1e-3."""
    return _toy(name, name, lr=5e-4, batch=512, gen_ema=0.998)


def _with_batch_spread(cfg: RunConfig) -> RunConfig:
    """D also gets its batch's spread (minibatch stddev): a G that draws too thin a shape is caught."""
    cfg.disc.minibatch_stddev = True
    return cfg


def ring8() -> RunConfig:
    """The default a teacher starts from: the textbook GAN (non-saturating loss), batch 512, pictures from
    G's weight average (0.998), instance noise 0.7 fading to 0 over 8,000 steps. 8/8 modes, >= 97.6 %
    high quality, KL <= 0.024 on every seed 0-9 at the 60-s budget (without the noise: 4 of 10)."""
    cfg = _toy("ring8", "ring8", batch=512, gen_ema=0.998)
    cfg.loss.instance_noise, cfg.loss.instance_noise_steps = 0.7, 8000
    return cfg


def ring8_collapse() -> RunConfig:
    """Total collapse: ring8's nets with G's lr twenty times too large (2e-2) and a high-momentum G (Adam
    beta1 0.9) against D's 2e-4; pictures from G's weight average over its last ~20 steps (0.95). G
    loses its noise and sits on 1 of 8 modes at >= 9 of the 10 late readings on every seed 0-9 at the
    60-s budget (bench_seeds.py; seeds 10-19 too, at 17,304 steps)."""
    cfg = _toy("ring8-collapse", "ring8", hidden=(128, 128, 128), gen_ema=0.95)
    cfg.opt_g.lr, cfg.opt_d.lr = 2e-2, 2e-4
    cfg.opt_g.beta1 = 0.9
    return cfg


def ring8_tiny() -> RunConfig:
    """GAN Lab's size, a demo of a GAN that struggles: one hidden layer of 8 neurons in G and D, on one
    torch thread (its ops are too small to split; a second thread only takes the window's core)."""
    return _toy("ring8-tiny", "ring8", hidden=(8,), batch=150, threads=1)


def line() -> RunConfig:
    """Batch 512, lr 2.5e-4, pictures from G's weight average (0.998): G spans the whole segment.
    JS 0.084 / 0.088 / 0.079 above the floor on seeds 0-2 (goal <= 0.1, --budget --js-grid 16)."""
    return _toy("line", "line", lr=2.5e-4, batch=512, gen_ema=0.998)


def blobs3() -> RunConfig:
    """PacGAN2 (D judges pairs), lr 2.5e-4, batch 512, G's weight average (0.998): blobs as wide as
    the data's. JS 0.031 / 0.045 / 0.035 above the floor on seeds 0-2 (--budget --js-grid 16)."""
    cfg = _toy("blobs3", "blobs3", lr=2.5e-4, batch=512, gen_ema=0.998)
    cfg.disc.pack = 2
    return cfg


def grid25() -> RunConfig:
    """Uniform 4-D noise, hinge loss, D lr 2e-3 / G lr 1e-3, batch 512, instance noise 0.7 fading to
    0.05 over 8,000 steps, G's weight average (0.998). 25/25 modes, HQ >= 95 %, KL <= 0.009, seeds 0-5."""
    cfg = _toy("grid25", "grid25", lr=2e-3, batch=512, gen_ema=0.998)
    cfg.gen.noise, cfg.gen.noise_dim = "uniform", 4
    cfg.loss.kind = "hinge"
    cfg.opt_g.lr = 1e-3
    cfg.loss.instance_noise, cfg.loss.instance_noise_steps, cfg.loss.instance_noise_final = 0.7, 8000, 0.05
    return cfg


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
        batch_size=64, fixed_noise_n=64,
    )


def mnist_mlp() -> RunConfig:
    """The article's network plus one-sided label smoothing 0.1 and dropout 0.3 in D, Adam at 5e-4
    for both, and pictures and metrics from G's weight average (gen.ema 0.999): 10/10 classes and
    KL 0.002-0.022 at its budget (4,641 steps) on seeds 0-9, lone runs (docs/presets.md)."""
    cfg = _mnist_mlp("mnist-mlp")
    cfg.loss.label_smoothing = 0.1
    cfg.disc.dropout = 0.3
    cfg.opt_g.lr = cfg.opt_d.lr = 5e-4
    cfg.gen.ema = 0.999
    return cfg


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
        batch_size=64, fixed_noise_n=64,
    )


def mnist_collapse() -> RunConfig:
    """The article's MLP GAN with G's lr 5e-3 (25×) and Adam β1 0.9; D keeps the article's 2e-4. G piles
    its mass onto 1-5 digits all run: the alarm fires on seeds 0-2 by step 2,250 of 3,750 (1 thread)."""
    cfg = _mnist_mlp("mnist-collapse")
    cfg.opt_g.lr, cfg.opt_g.beta1 = 5e-3, 0.9
    return cfg


def _conditional(cfg: RunConfig, name: str) -> RunConfig:
    """``cfg`` as a conditional GAN whose sample grid is 10 rows of 10, row r = digit r."""
    cfg.name = name
    cfg.conditional = True
    cfg.fixed_noise_n = 100
    return cfg


def mnist_cgan_mlp() -> RunConfig:
    """Mirza & Osindero's conditional GAN: mnist-mlp with the one-hot label on G's z and D's input, Adam
    5e-4, no dropout. Draws the asked digit 0.77 / 0.73 / 0.73 of the time, seeds 0-2, 2,000 steps."""
    cfg = _conditional(_mnist_mlp("mnist-cgan-mlp"), "mnist-cgan-mlp")
    cfg.loss.label_smoothing = 0.1
    cfg.opt_g.lr = cfg.opt_d.lr = 5e-4
    return cfg


def mnist_cgan_dcgan() -> RunConfig:
    """mnist-dcgan made conditional: the label joins z in G; D, spectrally normalised, scores it by
    projection. Draws the asked digit 0.93 / 0.90 / 0.81 of the time, seeds 0-2, 1,000 steps."""
    cfg = _conditional(mnist_dcgan(), "mnist-cgan-dcgan")
    cfg.disc.spectral_norm = True
    return cfg


_PRESETS = [
    Preset("ring8", "Eight Gaussians on a ring: the standard mode-coverage test.", ring8),
    Preset("ring8-collapse", "Eight Gaussians with G's learning rate twenty times too large: G loses its noise and collapses onto one mode.",
           ring8_collapse),
    Preset("ring8-tiny", "Eight Gaussians with GAN Lab's 1×8 networks: fast, and often struggles.", ring8_tiny),
    Preset("grid25", "A 5×5 grid of Gaussians: harder mode coverage. Instance noise fading over 8,000 steps lets G reach every mode.",
           grid25),
    # GAN Lab's six sets meet JS <= floor + 0.1 bits (16 × 16 cells) on every seed; spiral and moons on the
    # defaults, gauss2 and ring with _steady + D's batch spread (--budget: .038/.011/.010, .034/.053/.039).
    Preset("line", "GAN Lab's line: points along a segment.", line),
    Preset("gauss2", "GAN Lab's two Gaussian hills.", lambda: _with_batch_spread(_steady("gauss2"))),
    Preset("ring", "GAN Lab's ring: a continuous circle.", lambda: _with_batch_spread(_steady("ring"))),
    Preset("blobs3", "GAN Lab's three disjoint blobs.", blobs3),
    Preset("spiral", "A spiral: a thin curved manifold.", lambda: _toy("spiral", "spiral")),
    Preset("moons", "Two interleaved half moons.", lambda: _toy("moons", "moons")),
    Preset("mnist-mlp", "The seed article's fully connected GAN on the bundled MNIST digits.", mnist_mlp),
    Preset("mnist-dcgan", "A small DCGAN (strided convolutions, batch norm) on the bundled MNIST digits.", mnist_dcgan),
    Preset("mnist-collapse", "The MNIST MLP with fast learning rates and a high-momentum G: it collapses onto a few digits.",
           mnist_collapse),
    Preset("mnist-cgan-mlp", "The MNIST MLP GAN told which digit to draw: one sample row per digit.", mnist_cgan_mlp),
    Preset("mnist-cgan-dcgan", "The small MNIST DCGAN told which digit to draw: one sample row per digit.", mnist_cgan_dcgan),
]
PRESETS: dict[str, Preset] = {p.name: p for p in _PRESETS}
DEFAULT_PRESET = "ring8"


def preset(name: str) -> RunConfig:
    """A fresh RunConfig for ``name``; an unknown name lists the known ones."""
    try:
        return PRESETS[name].build()
    except KeyError:
        raise KeyError(f"unknown preset {name!r}; known presets: {', '.join(PRESETS)}") from None
