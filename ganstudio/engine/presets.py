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
        batch_size=batch,
        fixed_noise_n=512,
        **run,
    )


def _steady(name: str) -> RunConfig:
    """Batch 512, lr 5e-4 and G's weight average (0.998): a 2-D set whose shape G keeps wobbling
    around at lr 1e-3 (the JS of gauss2 and ring, read through a run, rises and falls by 0.05-0.1)."""
    return _toy(name, name, lr=5e-4, batch=512, gen_ema=0.998)


def _with_batch_spread(cfg: RunConfig) -> RunConfig:
    """D also gets its batch's spread (minibatch stddev): a G that draws too thin a shape is caught."""
    cfg.disc.minibatch_stddev = True
    return cfg


def ring8() -> RunConfig:
    """The textbook GAN (non-saturating loss, D's outputs are probabilities that meet at 0.5) at
    batch 512, with the pictures and metrics drawn by an average of G's weights (gen.ema 0.998,
    about the last 500 G steps): the default a teacher starts from, so it keeps the loss the course
    explains. Training itself is the plain GAN; the average only damps the orbit it keeps up.

    Measured with bench_modes.py's scoring at 11,800 steps (the 60-s budget: 0.85 × 60 s × ~231
    steps/s at batch 512, 2 threads), modes / % HQ / reverse KL, seeds 0 / 1 / 2:
    - gen.ema 0.998 (this preset): 8/8 98.5 % 0.008, 8/8 98.0 % 0.011, 8/8 97.0 % 0.034.
    - gen.ema 0.999: 98.0 / 97.5 / 95.0 % (seed 2 just under); 0.99 on seed 2: 83.2 %.
    - No average: 8/8 96.8 % 0.008, 8/8 97.1 % 0.015, 8/8 83.1 % 0.202 (seed 2 fails).
    Also tried without the average, worse on some seed: hinge loss (8/8 on every seed, HQ 94.6 /
    97.6 / 96.7 %, but D's scores are not probabilities: no 0.5 story), hinge + instance noise 0.02,
    hinge + PacGAN2, PacGAN2 (seed 2: 93.4 %), LSGAN, label smoothing 0.1 (seed 2: 5/8), d_steps 2
    (seed 2: 7/8), minibatch stddev (seed 0: 18 %), spectral norm on D (seed 0: no learning),
    TTUR G 5e-4 / D 2e-3, lr 5e-4; batch 256, batch 128, β2 0.9.
    """
    return _toy("ring8", "ring8", batch=512, gen_ema=0.998)


def ring8_collapse() -> RunConfig:
    """Total collapse, the kind the VEEGAN paper reports for a plain GAN on this ring (1 mode, 99.3 %):
    ring8's networks with G's learning rate twenty times too large (2e-2) against a slow D (2e-4).

    What happens (tests/test_presets.py checks the first part): within a few hundred steps the oversized G
    updates switch off every ReLU of a hidden layer of G for every z, so G ignores its noise and
    draws one point. D's gradient carries that point about until it lands on a mode (by 35 % of the
    run on every seed below); D slowly learns to reject it there and it hops to another. The meter
    reads 1 of 8 modes, 100 % high quality, reverse KL ln 8 ≈ 2.08, and the alarm fires. A dead
    layer gets no gradient, so no remedy rescues the run: the cure is a reset with a sane G
    learning rate (ring8's 1e-3).

    bench_modes.py --budget (17,304 steps at 339 steps/s, 2 threads), modes at each 1/20 of the run:
    seeds 0-5 all pass (<= 3 everywhere, 1 mode at 9-10 of the 10 second-half readings; the rest mid-hop).
    Tried, each failing on some seed: G lr 1e-2 with β1 0.9 (seed 4: G keeps its noise, 4 modes);
    G lr 1e-2 / D 1e-4, G 2e-2 / D 1e-4 and β1 0.95 (longer wandering: 0 modes at half the late
    readings); D 1×16 at lr 2e-4 with G lr 5e-3 (the old preset: G collapses to a point that wanders
    inside the ring, 0 modes); Metz et al.'s setup (G 2×128, z 256, D 1×128, G lr 1e-3, D lr 1e-4:
    off the data or 1-3 modes); 3×128 at lr 5e-3 (8/7/6 on seed 0, 3/2/1 on seed 1); 1-D noise (a
    curve through 7 of 8 modes); minimax loss at lr 1e-3 (8/8).
    """
    cfg = _toy("ring8-collapse", "ring8", hidden=(128, 128, 128))
    cfg.opt_g.lr = 2e-2
    cfg.opt_d.lr = 2e-4
    return cfg


def ring8_tiny() -> RunConfig:
    """GAN Lab's size: one hidden layer of 8 neurons in G and D.

    One torch thread: its ops are too small to split, and a second OpenMP thread only spins on the
    core the window needs (bench_engine: 1 thread is the faster headless too; bench_gui: 0.84 → 0.91
    of headless speed inside the window)."""
    return _toy("ring8-tiny", "ring8", hidden=(8,), batch=150, threads=1)


def line() -> RunConfig:
    """Batch 512, lr 2.5e-4, pictures from G's weight average (0.998): G spans the whole segment
    on every seed tried and meets the JS goal.

    bench_modes.py --budget --js-grid 16 (15,425 steps at 302 steps/s, 2 threads), JS on 16 × 16
    cells (floor 0.004, goal floor + 0.1), seeds 0/1/2: 0.084 / 0.088 / 0.079 (3 of 3); threads=1 at
    11,800 steps: 0.077 / 0.032 / 0.087, and seeds 3/4/5 at 12,000 steps end 0.073 / 0.050 / 0.063
    above the floor (seed 3 read 0.103-0.106 at 3 of its 20 readings). JS read at every 1/20 of a run shows why the rate and the
    average matter: at lr 5e-4 the line is well spread by ~2,000 steps (0.03-0.04) and then keeps
    wobbling (0.02-0.13 from one reading to the next); at 2.5e-4 the readings stay at 0.01-0.11.
    Tried, at threads=1 and ~11,800 steps (seeds 0/1/2 unless named):
    - lr 5e-4 without the average (the old preset): 0.102 / 0.111 / 0.058; with it: .051 / .117 / .109;
      averages 0.999 / 0.9995 on seeds 1/2: .104 / .125 and .091 / .130.
    - minibatch stddev .041 / .040 / .243; PacGAN2 .076 / .220 / .034; instance noise 0.05 on seeds
      1/2 (lr 5e-4, average 0.998) .057 / .031 at the end, but 0.10-0.22 at a third of the readings.
    - 1-D uniform noise (a segment is one-dimensional): .238 / .170 / .380.
    - The batch-256 lr-1e-3 default at 16,000 steps: 0.244 / 0.207 / 0.113 (seed 0 covers ~55 % of
      the segment).
    """
    return _toy("line", "line", lr=2.5e-4, batch=512, gen_ema=0.998)


def blobs3() -> RunConfig:
    """PacGAN2 (D judges pairs of samples), lr 2.5e-4, batch 512, pictures from G's weight average
    (0.998): three blobs as wide as the data's.

    bench_modes.py --budget --js-grid 16 (15,259 steps at 299 steps/s, 2 threads), JS on 16 × 16
    cells (floor 0.006-0.007, goal floor + 0.1), seeds 0/1/2: 0.031 / 0.045 / 0.035 (3 of 3); at
    threads=1 and 15,000 steps seeds 3/4/5 end 0.037 / 0.028 / 0.037 above the floor, and stay
    under 0.05 from half-way on.
    What was wrong: G drew each blob at 0.35-0.7 of the data's σ (masses 1/3 each, centres within
    0.3 σ, < 1 % of the points between blobs), and widened them only slowly. A D that sees two
    samples at once tells a tight pair from a real one, and pushes them apart. Measured at
    threads=1, 13,700 steps, seeds 0/2/1, end JS above the floor (fake σ / real σ):
    - lr 5e-4 (the old preset): .137 / .089 (0.45-0.7); with PacGAN2 .040 / .110 / .052 (0.64-0.91);
      PacGAN4 .072 / .091 / .074; PacGAN2 with 4-D noise .047 / .024 / .071.
    - this preset: .034 / .030 / .029 (0.81-0.89).
    - D at 2× or 4× G's rate loses a blob (.331, .470); G at half D's rate .142 / .060 / .121;
      LSGAN .101 / .184 / .141; minibatch stddev splits a blob (seed 1: 2/3 modes).
    """
    cfg = _toy("blobs3", "blobs3", lr=2.5e-4, batch=512, gen_ema=0.998)
    cfg.disc.pack = 2
    return cfg


def grid25() -> RunConfig:
    """Uniform 4-D noise, hinge loss, D lr 2e-3 and G lr 1e-3 (TTUR), batch 512, 3×128, annealed
    instance noise (σ 0.7 fading to 0.05 over 8,000 steps), pictures from G's weight average (0.998).

    Meets the goal (25/25, >= 93 % high quality, reverse KL <= 0.05) on every seed: bench_modes.py
    --budget --seeds 0 1 2 3 4 5 (14,389 steps at 282 steps/s, 2 threads): 25/25 on all six, HQ
    95.2-96.4 %, KL 0.004-0.009 (at the half-way reading 21-23 modes, noise σ ~0.25).

    Why annealed noise: without it the runs dropped edge modes and never got them back (21 / 20 / 25
    at --budget; the per-mode counts showed a missing mode's neighbours keeping its mass for
    thousands of steps: D's scores between modes are low, a valley G's local gradient does not
    cross). Noise on D's inputs (real and fake alike) blurs both distributions until they overlap,
    so D's score slopes from every covered region towards every mode; fading it lets the points
    sharpen. With the noise every run had 25 modes by the half-way reading. threads=1, 12,400-13,200
    steps, seeds 0-5, end readings (modes, % HQ, KL):
    - σ 0.5 → 0 over 8,000 steps, lr 2e-3: 25 / 25 / 25 / 25 / 24 / 25 (seed 4 drops one after the
      noise ends); → 0.03: 6 of 6 at 13,000 steps, but 3 of 6 at --budget (2 threads).
    - σ 0.5 → 0.05: 5 of 6 (seed 4: 24); → 0.08: 3 of 6 (HQ 89-90 %); ending at 6,000: 4 of 6
      (seeds 2, 3: 21 and 20 modes); σ 0.7 → 0.05 over 11,000: 5 of 6 (seed 0: 92.8 %).
    - σ 0.7 → 0.05 over 8,000, lr 2e-3 for both: 6 of 6 at 1 thread, 4 of 6 at --budget: seeds 2 and
      5 keep 4 starved modes (2-3 samples each, KL 0.08 / 0.16) after the noise fades. G at half D's
      rate or 4-D noise fixes both (each 6 of 6 at 1 thread, 12,600 steps: HQ 95.2-97.0 %, KL <= 0.010
      and 94.6-96.5 %, <= 0.021). G at 1e-3 alone, --budget: 5 of 6; seed 2 reads 25/25 96.2 % at
      11,900 steps, then near 13,000 D wins (its loss falls 1.94 -> 1.62, G's rises) and G loses 5
      modes (20/25, 78.8 %). With both (this preset) that seed holds to 16,000 steps (2 threads, 25/25
      97.1 %), and threads=1 seeds 0-5 read 25/25 at 12,000 and at 16,000 steps, HQ 94.4-97.2 %, KL
      <= 0.009.
    - Also tried with the noise: D at 4e-3 (seed 5: G dies, 17 modes); average 0.999 (trains the
      same, so the same seeds fail).
    Before the noise (bench_modes.py --steps 12000, threads=1, seeds 0/1/2, modes / % HQ):
    - normal noise, non-saturating, lr 1e-3, average 0.998: 24 95.8 / 18 94.4 / 12 94.9 (3×256 without
      the average, the old preset: 14-17 modes in ~6,700 steps; with noise_dim 8: 10 / 15 / 15).
    - uniform noise on [-1, 1]²: a square of noise maps onto the square grid by two staircases, one
      per axis (18 / 12 modes on seeds 0 / 1 alone); with the hinge loss: 23 92.9 / 24 95.4 / 23 89.5.
    - and lr 2e-3: 23 93.7 / 23 95.8 / 25 96.2 (KL 0.093 / 0.088 / 0.003); --budget: 21/25 90.4 %,
      20/25 94.3 %, 25/25 94.4 %.
    Tried on top, worse: average 0.999 (24 / 24 / 25, HQ 93.1-94.4); constant instance noise 0.05
    (25 95.3 / 24 95.2 / 24 83.9; with lr 2e-3: 66-89 %); PacGAN2 (20 / 25 / 23, HQ 74-94); a 4th
    hidden layer in G (25 / 25 / 25 but HQ 93.3 / 76.6 / 91.2 at lr 1e-3); lr 5e-4 (15 / 12); a 4th
    hidden layer in D (25 92.5 / 21 88.9 / 20 84.6); batch 1024 (17 / 23 / 22 in its budget's 7,000
    steps); TTUR with G at lr 1e-3 (20 / 24 / 18); G 3×256 (22 / 24 / 25 at 12,000 steps, more than
    its budget); Adam β2 0.9 (25 / 25 / 17); LeakyReLU (22 modes, HQ 69-73 %); lr decay to 0.1× over
    the second half (it freezes whatever is missing: 23 / 23 / 25).
    """
    cfg = _toy("grid25", "grid25", lr=2e-3, batch=512, gen_ema=0.998)
    cfg.gen.noise = "uniform"
    cfg.loss.kind = "hinge"
    cfg.gen.noise_dim = 4
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
        batch_size=64,
        fixed_noise_n=64,
    )


def mnist_mlp() -> RunConfig:
    """The article's network plus one-sided label smoothing 0.1 and dropout 0.3 in D.

    Measured (benchmarks/bench_mnist_modes.py, 1 thread, 500 samples of the fixed evaluation
    noise): the plain article settings end seed 0 at 10/10 classes but KL 0.062 after 3,750 steps
    (0.85 × 60 s × 73 steps/s, one thread), its class balance swinging 0.04–0.19 between readings.
    With both tweaks, seeds 0/1/2 end at 10/10 and KL 0.017 / 0.024 / 0.025 at 3,750 steps and
    0.011 / 0.017 / 0.046 at 5,750 (the two-thread budget, 0.85 × 60 × 110); readings after step
    3,500 stay within 0.01–0.08. Either tweak alone: seed 0 KL 0.017 (smoothing) / 0.049 (dropout).
    """
    cfg = _mnist_mlp("mnist-mlp")
    cfg.loss.label_smoothing = 0.1
    cfg.disc.dropout = 0.3
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
        batch_size=64,
        fixed_noise_n=64,
    )


def mnist_collapse() -> RunConfig:
    """The article's MLP GAN with both learning rates 5e-3 (25×) and G's Adam β1 0.9: G overshoots
    and piles its mass onto two to four digits, the class KL staying above ln 2 most of the run.

    Measured, 3,750 steps (the 60-s budget), 1 thread, meter every 250 steps
    (bench_mnist_modes.py --steps 3750 --threads 1 --presets mnist-collapse): the alarm fires at
    step 1,750 / 2,000 / 1,750 on seeds 0 / 1 / 2 and 75 / 100 / 100 % of the judged readings (from
    step 1,000) read as collapse; 2–4 classes (KL 1.3–2.0) up to step ~2,000, then a partial
    recovery to 6–8 classes (KL 0.62 / 0.77 / 0.86 at the end) — so the story is "collapsed from the
    start, slowly and partly recovering", the same on every seed.
    Tried first (seeds 0/1): strong-G settings (G lr 2e-3 β1 0.9; a 32-wide D at lr 5e-5; G without
    batch norm) collapse from the first reading and stay there; D lr 2e-3 + G lr 2e-3 β1 0.9 fired
    on seed 0 only (G drifts back to 6–8 classes on seeds 1 and 2).
    """
    cfg = _mnist_mlp("mnist-collapse")
    cfg.opt_g.lr = cfg.opt_d.lr = 5e-3
    cfg.opt_g.beta1 = 0.9
    cfg.opt_d.lr = 2e-4
    return cfg


def _conditional(cfg: RunConfig, name: str) -> RunConfig:
    """``cfg`` as a conditional GAN whose sample grid is 10 rows of 10, row r = digit r."""
    cfg.name = name
    cfg.conditional = True
    cfg.fixed_noise_n = 100
    return cfg


def mnist_cgan_mlp() -> RunConfig:
    """Mirza & Osindero's conditional GAN: mnist-mlp's nets and label smoothing 0.1 with the one-hot
    label appended to G's z and to D's flattened image; Adam at 5e-4 and no dropout in D.

    G follows its label only once its digits look real (D has little use for the label before):
    at 2e-4 with dropout 0.3, as mnist-mlp, label accuracy stays at chance until step ~1,750 and
    reads 0.62 at 3,000 (seed 0). Measured (benchmarks/bench_cgan.py --steps 2000 --presets
    mnist-cgan-mlp, 1 thread, 100 samples per digit; chance 0.10): seeds 0/1/2 read 0.77 / 0.73 /
    0.73 as the asked digit after 2,000 steps (~30 s of training), the weakest digit 0.47 / 0.51 /
    0.55 (a 9, a 9, a 4); the onset comes at steps 1,000-1,250 (0.44 / 0.55 / 0.52 at 1,250). Also tried, seed 0,
    2,000 steps: at 2e-4 without dropout 0.33 (and without smoothing 0.29), z of 20 0.62, batch 32
    0.11; with dropout 0.3 at 5e-4 0.69 (seeds 1/2: 0.63 / 0.56), 5e-4 + z of 20 0.58, 5e-4 +
    hinge 0.57, 1e-3 0.65, G 1e-3 / D 2e-4 0.62; without dropout at 1e-3 0.73.
    """
    cfg = _conditional(mnist_mlp(), "mnist-cgan-mlp")
    cfg.opt_g.lr = cfg.opt_d.lr = 5e-4
    cfg.disc.dropout = 0.0
    return cfg


def mnist_cgan_dcgan() -> RunConfig:
    """mnist-dcgan made conditional: the one-hot label joins z at G's input, and D scores the
    label by projection (Miyato & Koyama 2018) on its last feature map, spectrally normalised as
    theirs.

    Without spectral norm D won on seeds 1 and 2 within 200 steps (D(G(z)) → 0.01, G's images
    blank grey, every one read as an 8). Measured (benchmarks/bench_cgan.py --steps 1000 --presets
    mnist-cgan-dcgan, 1 thread, 100 samples per digit; chance 0.10): seeds 0/1/2 read 0.93 / 0.90 /
    0.81 as the asked digit after 1,000 steps (~50 s of training); at 400 steps already 0.28-0.35.
    """
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
    # The six GAN Lab style sets below: goal JS <= floor + 0.1 bits (bench_modes.py; on 16 × 16 cells,
    # --js-grid 16, what a viewer sees: see JS_GRID_NOTE there). Measured, this default (3×128, batch 256,
    # lr 1e-3, threads=1) at 16,000 steps, seeds 0/1/2, JS on 16 × 16 cells (floor): spiral .060/.045/.060
    # (.017) and moons .073/.052/.035 (.009) pass; ring .148/.169/.156 (.015): a full circle, band too thin;
    # line .244/.207/.113 (.004; now batch 512, lr 2.5e-4 and the average: see line()); gauss2
    # .234/.183/.454 (.009); blobs3 .283/.105/.239 (.006): fail.
    # On 64 × 64 cells every run fails (JS 0.20-0.66), the converged spiral and moons included.
    # With the weight average of ring8 (gen.ema 0.998), same steps and cells: gauss2 .126/.159/.090
    # (1 of 3 passes), ring .109/.107/.134 (2 of 3), blobs3 .112/.091/.199 (1 of 3): closer on every
    # seed, so those three show the average; ema 0.999 on seed 2: ring .127, blobs3 .248.
    # gauss2 and blobs3 now also take line's batch 512 and lr 5e-4, at 16,000 steps: gauss2 .070/.081/.041
    # (3 of 3), blobs3 .101/.085/.174 (2 of 3); at bench_modes --budget (13,128 / 13,695 steps, 2 threads):
    # gauss2 .062/.114/.033, blobs3 .108/.103/.101 (2 of 3 each; the misses by .004 and .002).
    # The same change on ring: .117/.127/.115 (0 of 3, kept as it was); the hinge loss: gauss2
    # .104/.121/.106, ring .114/.178/.140, blobs3 .455/.194/.190 (worse). Annealed instance noise,
    # grid25's cure, does not help here (threads=1, same steps): σ 0.5 → 0 over 6,000 steps, ring
    # .093/.103/.146 (seed 2 drifts off after the noise ends: .10 at 8,000 steps), blobs3 .098/.094/.121;
    # → 0.1 over 8,000: ring .121/.133/.151, blobs3 .082/.101/.128. These misses are blobs drawn
    # tighter than the data (3/3 modes, 99 % HQ, KL < 0.01), not missing mass.
    # Minibatch stddev on D (D sees how spread out its batch is, so a band or hill drawn too thin
    # is caught) closes the gap for ring and gauss2, which now use it. threads=1, same steps: ring
    # .088/.074/.025, gauss2 .013/.063/.011; at bench_modes --budget --js-grid 16 (2 threads): ring
    # .084/.105/.065 (14,547 steps, goal .114-.115), gauss2 .038/.011/.010 (10,993 steps, goal .109-.110):
    # 3 of 3 each. On blobs3 it splits one blob's mass (seed 1: 2/3 modes, JS .430; seed 2 .195) and on
    # line seed 2 it reads .243 (.041/.040 on seeds 0/1). A later --budget run of ring (15,557 steps at
    # 305 steps/s) read .142/.120/.020: its JS read at every 1/20 of a run at threads=1 wobbles between
    # .07 and .14 above the floor. At batch 512 and lr 5e-4, as gauss2, it settles (end readings above
    # the floor .004/.006/.034 at 16,000 steps; lr 5e-4 alone .006/.049/.023 with a .108 reading late
    # on seed 1; PacGAN2 instead of minibatch stddev .028/.046/.058): --budget .034/.053/.039 (11,197
    # steps at 220 steps/s, 3 of 3); seeds 3/4/5 at threads=1, 11,200 steps: .068/.032/.039 above the
    # floor, every reading after the first under .1. PacGAN2 (disc.pack 2) at lr 5e-4: blobs3
    # .045/.058/.117, with the average 0.999 .187 on seed 2; line .076/.220/.034. line and blobs3 now
    # meet the goal at half that rate (line with the average, blobs3 also with PacGAN2): see line(), blobs3().
    Preset("line", "GAN Lab's line: points along a segment.", line),
    Preset("gauss2", "GAN Lab's two Gaussian hills.", lambda: _with_batch_spread(_steady("gauss2"))),
    Preset("ring", "GAN Lab's ring: a continuous circle.", lambda: _with_batch_spread(_steady("ring"))),
    Preset("blobs3", "GAN Lab's three disjoint blobs.", blobs3),
    Preset("spiral", "A spiral: a thin curved manifold.", lambda: _toy("spiral", "spiral")),
    Preset("moons", "Two interleaved half moons.", lambda: _toy("moons", "moons")),
    Preset("mnist-mlp", "The seed article's fully connected GAN on the bundled MNIST digits.", mnist_mlp),
    Preset("mnist-dcgan", "A small DCGAN (strided convolutions, batch norm) on the bundled MNIST digits.",
           mnist_dcgan),
    Preset("mnist-collapse", "The MNIST MLP with fast learning rates and a high-momentum G: it collapses onto a few digits.",
           mnist_collapse),
    Preset("mnist-cgan-mlp", "The MNIST MLP GAN told which digit to draw: one sample row per digit.",
           mnist_cgan_mlp),
    Preset("mnist-cgan-dcgan", "The small MNIST DCGAN told which digit to draw: one sample row per digit.",
           mnist_cgan_dcgan),
]
PRESETS: dict[str, Preset] = {p.name: p for p in _PRESETS}
DEFAULT_PRESET = "ring8"


def preset(name: str) -> RunConfig:
    """A fresh RunConfig for ``name``; an unknown name lists the known ones."""
    try:
        return PRESETS[name].build()
    except KeyError:
        raise KeyError(f"unknown preset {name!r}; known presets: {', '.join(PRESETS)}") from None
