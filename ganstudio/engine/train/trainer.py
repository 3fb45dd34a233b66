"""The Trainer: one GAN, its data and optimizers, advanced one update at a time.

The canonical step of pytorch/examples ``dcgan/main.py`` in two labelled phases:
(1) update D: maximise log D(x) + log(1 - D(G(z))) on ``fake.detach()``;
(2) update G through a frozen D, reusing the same ``fake`` (one G forward per iteration).

A conditional run (``cfg.conditional``; Mirza & Osindero 2014) gives G and D the class label too:
real batches bring their own, fakes are drawn for labels uniform over the classes, and the G step
judges the reused fake batch under the labels it was drawn for.

Python work per step is kept small because the GUI thread shares the GIL with this loop: target
labels (ones, zeros) are never built, D is frozen by flipping ``requires_grad`` on a cached list, the per-step numbers
leave the device in one ``tolist()`` call, gradients are dropped by setting ``grad = None``, and
Adam and SGD run their fused kernels (one call per step instead of a dozen ``_foreach`` ops; on
the 1×8 MLP that is a fifth of the step). A fused optimizer also skips a non-finite update on the
device itself through its ``found_inf`` input, so the NaN guard costs no host round trip on CUDA.
"""

from __future__ import annotations

import copy
import math
import time
from collections.abc import Generator
from typing import TYPE_CHECKING

import numpy as np
import torch
from torch import Tensor, nn

from ganstudio.engine.train import losses
from ganstudio.engine.train.config import (
    LIVE_FIELDS, ConfigError, OptimConfig, RunConfig, get_field, set_field, validate,
)
from ganstudio.engine.data import Dataset, load_dataset
from ganstudio.engine.train.loss_kinds import instance_noise_at
from ganstudio.engine.nets import build_discriminator, build_generator
from ganstudio.engine.train.step_stats import STAT_FIELDS, StepStats  # noqa: F401 (STAT_FIELDS: imported from here)

if TYPE_CHECKING:
    from ganstudio.engine.train.phases import Phase

_NAN = float("nan")


def draw_noise(n: int, dim: int, kind: str, generator: torch.Generator,
               device: torch.device | str = "cpu") -> Tensor:
    """z for G: standard normal, or uniform on [-1, 1] (GAN Lab's other choice)."""
    if kind == "uniform":
        return torch.rand((n, dim), generator=generator, device=device).mul_(2.0).sub_(1.0)
    return torch.randn((n, dim), generator=generator, device=device)


def grid_labels(n: int, n_classes: int) -> Tensor:
    """Labels for a conditional run's fixed noise: row r of the sample grid asks for class
    r mod n_classes. The grid is ``render.image_grid``'s default, ceil(sqrt(n)) columns, so the
    cgan presets' 100 samples are 10 rows of 10, row r = digit r: repeat(arange(10), 10)."""
    cols = math.ceil(math.sqrt(n))
    return torch.arange(n) // cols % n_classes


def _classes(cfg: RunConfig, dataset: Dataset) -> int:
    """The number of classes G and D are conditioned on: 0 for an unconditional run. A
    conditional run on data without usable labels is refused here, where the data is known."""
    if not cfg.conditional:
        return 0
    if dataset.labels is None or dataset.is_2d:
        raise ConfigError([f"conditional GAN needs labelled data; {dataset.name} has no labels"])
    if not dataset.n_classes:
        raise ConfigError([f"conditional GAN needs labelled data; {dataset.name} has labels, but "
                           f"not the classes 0-9"])
    return dataset.n_classes


def resolve_device(name: str) -> torch.device:
    """'auto' picks CUDA, then Apple MPS, then CPU; asking for a missing device is an error."""
    has_mps = getattr(torch.backends, "mps", None) is not None and torch.backends.mps.is_available()
    if name == "auto":
        return torch.device("cuda" if torch.cuda.is_available() else "mps" if has_mps else "cpu")
    if name == "cuda" and not torch.cuda.is_available():
        raise ConfigError(["device = 'cuda' but this PyTorch sees no CUDA GPU (use 'auto' or 'cpu')"])
    if name == "mps" and not has_mps:
        raise ConfigError(["device = 'mps' but Apple MPS is not available here (use 'auto' or 'cpu')"])
    return torch.device(name)


_FUSED_DEVICES = ("cpu", "cuda", "mps", "xpu")


def _make_optimizer(cfg: OptimConfig, params, device: torch.device) -> torch.optim.Optimizer:
    fused = device.type in _FUSED_DEVICES
    if cfg.kind == "adam":
        return torch.optim.Adam(params, lr=cfg.lr, betas=(cfg.beta1, cfg.beta2), fused=fused)
    if cfg.kind == "sgd":
        return torch.optim.SGD(params, lr=cfg.lr, momentum=cfg.momentum, fused=fused)
    return torch.optim.RMSprop(params, lr=cfg.lr, momentum=cfg.momentum)


def _step_if_finite(opt: torch.optim.Optimizer, loss: Tensor, norm: Tensor) -> None:
    """Apply the update unless the loss or the gradients are NaN/Inf, so the weights stay usable."""
    bad = torch.isfinite(loss + norm).logical_not_()
    if opt.defaults.get("fused"):
        opt.found_inf = bad.float()  # read by the fused kernel, which then leaves everything as is
        opt.step()
    elif not bad:
        opt.step()


def _drop_grads(params: list[Tensor]) -> None:
    """``zero_grad(set_to_none=True)`` without its hooks and per-group bookkeeping."""
    for p in params:
        p.grad = None


def _apply_optim_hparams(opt: torch.optim.Optimizer, cfg: OptimConfig) -> None:
    """Change hyper-parameters in place: the moment buffers in ``opt.state`` are untouched."""
    for group in opt.param_groups:
        group["lr"] = cfg.lr
        if "betas" in group:
            group["betas"] = (cfg.beta1, cfg.beta2)
        if "momentum" in group:
            group["momentum"] = cfg.momentum


class Trainer:
    def __init__(self, cfg: RunConfig, dataset: Dataset | None = None):
        self.cfg = validate(cfg.copy())
        if cfg.threads:
            torch.set_num_threads(cfg.threads)
        self.device = resolve_device(cfg.device)
        self.dataset = dataset if dataset is not None else load_dataset(cfg.data, cfg.seed)
        self._x = self.dataset.x.to(self.device)
        shape = self.dataset.shape
        self.n_classes = _classes(self.cfg, self.dataset)  # 0: unconditional
        self._y = self.dataset.labels.to(self.device) if self.n_classes else None

        torch.manual_seed(cfg.seed)  # network initialisation and dropout draw from the global RNG
        self.G = build_generator(cfg.gen, shape, self.n_classes).to(self.device)
        self.D = build_discriminator(cfg.disc, shape, self.n_classes).to(self.device)
        self._d_params = list(self.D.parameters())
        self._g_params = list(self.G.parameters())
        self.G_avg = self._new_average() if self.cfg.gen.ema else None
        self._avg_params = list(self.G_avg.parameters()) if self.G_avg is not None else []
        # The average's batch-norm statistics are averaged as its weights are (float buffers); its
        # counts (num_batches_tracked) are G's.
        mine, theirs = (list(self.G_avg.buffers()), list(self.G.buffers())) if self.G_avg is not None else ([], [])
        stats = [b.is_floating_point() for b in theirs]
        self._avg_stats = ([b for b, f in zip(mine, stats) if f], [b for b, f in zip(theirs, stats) if f])
        self._avg_counts = ([b for b, f in zip(mine, stats) if not f], [b for b, f in zip(theirs, stats) if not f])
        self.opt_g = _make_optimizer(cfg.opt_g, self._g_params, self.device)
        self.opt_d = _make_optimizer(cfg.opt_d, self._d_params, self.device)

        # Batches and noise come from the trainer's own stream, so nothing else in the process
        # (a UI drawing random numbers) can change a run.
        self.rng = torch.Generator(device=self.device)
        self.rng.manual_seed(cfg.seed + 1)
        fixed = torch.Generator().manual_seed(cfg.seed + 2)
        self.fixed_noise = self._draw_noise(cfg.fixed_noise_n, fixed, torch.device("cpu")).to(self.device)
        n_real = min(cfg.fixed_noise_n, len(self._x))
        self.fixed_real_index = torch.randperm(len(self._x), generator=fixed)[:n_real]
        self.fixed_labels = (grid_labels(cfg.fixed_noise_n, self.n_classes).to(self.device)
                             if self.n_classes else None)

        self.step_count = 0
        self.d_updates = 0
        self.g_updates = 0
        self.train_s = 0.0
        self._fake: Tensor | None = None  # the last D step's fake batch, reused by the G step
        self._fake_labels: Tensor | None = None  # ... and the labels G drew it for (conditional)
        # Set by graph_step.GraphStep: the device tensors a captured step reads its live values from
        # (instance noise σ, the weight average's weight); None in an eager run.
        self.live: LiveValues | None = None
        self.loads = 0  # checkpoints loaded into this trainer (a captured step's state is then stale)
        self._apply_loss()

    # ------------------------------------------------------------ hyper-parameters

    def _apply_loss(self) -> None:
        loss = self.cfg.loss
        self._d_loss = losses.D_LOSSES[loss.kind]
        self._g_loss = losses.G_LOSSES[loss.kind]
        self._probabilities = losses.outputs_are_probabilities(loss.kind)
        self._real_target = 1.0 - loss.label_smoothing if loss.kind in ("minimax", "nonsaturating", "lsgan") else 1.0
        self._gp = loss.gp_lambda if loss.kind == "wgan-gp" else 0.0
        self._clip = loss.clip if loss.kind == "wgan" else 0.0

    def set_hparams(self, changes: dict[str, object]) -> dict[str, tuple]:
        """Apply live changes such as ``{"opt_d.lr": 1e-3, "loss.kind": "lsgan"}`` between steps.

        Only LIVE_FIELDS may change; optimizer state (Adam's moments) is kept. Returns
        {key: (before, after)} for the values that actually changed. Raises ConfigError naming
        any bad key or value.
        """
        bad = [k for k in changes if k not in LIVE_FIELDS]
        if bad:
            raise ConfigError([f"{k} cannot change while training (reset needed)" for k in bad])
        new = self.cfg.copy()
        before = {key: get_field(new, key) for key in changes}
        changed = {key: (before[key], get_field(new, key)) for key, value in changes.items()
                   if set_field(new, key, value)}
        validate(new)
        self.cfg = new
        _apply_optim_hparams(self.opt_g, new.opt_g)
        _apply_optim_hparams(self.opt_d, new.opt_d)
        self._apply_loss()
        return changed

    # ------------------------------------------------------------ sampling

    def _draw_noise(self, n: int, generator: torch.Generator, device: torch.device) -> Tensor:
        return draw_noise(n, self.cfg.gen.noise_dim, self.cfg.gen.noise, generator, device)

    def _noise(self, n: int) -> Tensor:
        return self._draw_noise(n, self.rng, self.device)

    def _real(self, n: int) -> tuple[Tensor, Tensor | None]:
        """A real batch and its labels (None unless the run is conditional)."""
        idx = torch.randint(0, len(self._x), (n,), generator=self.rng, device=self.device)
        return self._x[idx], (None if self._y is None else self._y[idx])

    def _latent(self, n: int) -> tuple[Tensor, Tensor | None]:
        """z and, for a conditional run, the labels G is asked to draw: uniform over the classes,
        from the trainer's stream (drawn after z, so an unconditional run draws what it always did)."""
        z = self._noise(n)
        if not self.n_classes:
            return z, None
        return z, torch.randint(0, self.n_classes, (n,), generator=self.rng, device=self.device)

    def _gen(self, z: Tensor, labels: Tensor | None, net: nn.Module | None = None) -> Tensor:
        """G(z) (or G(z, labels) when conditional); ``net`` another G of the same shape (the average)."""
        net = self.G if net is None else net
        return net(z) if labels is None else net(z, labels)

    def _disc(self, x: Tensor, labels: Tensor | None) -> Tensor:
        return self.D(x) if labels is None else self.D(x, labels)

    def _input_noise(self, x: Tensor) -> Tensor | None:
        """Instance noise for D's input ``x``, already scaled, or None when it is off. Drawn from
        the trainer's stream; the phased step keeps it to re-score the same noisy input later."""
        sigma = self.instance_noise
        if sigma:
            scale = sigma if self.live is None else self.live.sigma
            return scale * torch.randn(x.shape, generator=self.rng, device=self.device)
        return None

    def mix_weights(self, real: Tensor) -> Tensor:
        """WGAN-GP's interpolation weights for ``real``, from the trainer's stream."""
        return losses.mix_weights(real, self.rng)

    @property
    def instance_noise(self) -> float:
        """σ of the noise added to D's inputs at this step (0: none); annealed runs fade it."""
        return instance_noise_at(self.cfg.loss, self.step_count)

    def _d_input(self, x: Tensor) -> Tensor:
        noise = self._input_noise(x)
        return x if noise is None else x + noise

    # ------------------------------------------------------------ updates
    # Each update is cut into pieces (draw the batch, score it, apply the loss) that ``step`` and
    # the phased step in ``phases.py`` both call, so the two run the very same operations in the
    # same order and draw the same random numbers.

    # The parts of one training call, public for engine/train/phases.py, which replays them one phase
    # at a time in the same order (so a slow-motion step is the same step): d_batch, drop_d_grads,
    # D's forward passes, d_apply; then g_apply and forget_fake.

    def drop_d_grads(self) -> None:
        _drop_grads(self._d_params)

    def forget_fake(self) -> None:
        """The fake batch of the last D update is used (by the G update) and dropped."""
        self._fake = self._fake_labels = None

    def d_batch(self, keep_fake: bool) -> tuple[Tensor, Tensor, Tensor, Tensor | None, Tensor | None]:
        """D's real batch, the noise z, G(z), and the labels of the real batch and those G drew
        the fakes for (both None unless conditional); G's graph is kept only when the G update
        that follows will reuse this fake batch."""
        b = self.cfg.batch_size
        real, real_labels = self._real(b)
        z, labels = self._latent(b)
        if keep_fake:
            return real, z, self._gen(z, labels), real_labels, labels
        with torch.no_grad():
            return real, z, self._gen(z, labels), real_labels, labels

    def d_apply(self, real: Tensor, fake: Tensor, out_real: Tensor, out_fake: Tensor,
                 real_labels: Tensor | None = None) -> tuple[Tensor, Tensor]:
        """D's loss on its outputs, backward and optimizer step (skipped if non-finite), weight
        clipping for WGAN. Returns the detached loss and D's gradient norm.

        A conditional D's gradient penalty scores the real/fake interpolates under the real
        batch's labels: the 1-Lipschitz bound is on x for a fixed label, any label will do."""
        target = self._real_target if self.live is None or self._real_target == 1.0 else self.live.real_target
        loss = self._d_loss(out_real, out_fake, target)
        if self._gp:
            disc = self.D if real_labels is None else (lambda x: self.D(x, real_labels))
            loss = loss + self._gp * losses.gradient_penalty(disc, real, fake.detach(), self.mix_weights(real))
        loss.backward()
        norm = _grad_norm(self._d_params)
        _step_if_finite(self.opt_d, loss, norm)
        if self._clip:
            with torch.no_grad():
                for p in self._d_params:
                    p.clamp_(-self._clip, self._clip)
        self.d_updates += 1
        return loss.detach(), norm

    def _update_d(self, keep_fake: bool) -> tuple[Tensor, Tensor, Tensor, Tensor]:
        """(1) Update D. Returns loss, D(x), D(G(z)) and the gradient norm as 0-d tensors."""
        real, _, fake, real_labels, labels = self.d_batch(keep_fake)
        if keep_fake:
            self._fake, self._fake_labels = fake, labels
        _drop_grads(self._d_params)
        out_real = self._disc(self._d_input(real), real_labels)
        out_fake = self._disc(self._d_input(fake.detach()), labels)
        loss, norm = self.d_apply(real, fake, out_real, out_fake, real_labels)
        with torch.no_grad():
            return loss, self._score(out_real), self._score(out_fake), norm

    def g_apply(self, fake: Tensor,
                 labels: Tensor | None = None) -> tuple[Tensor, Tensor, Tensor, Tensor | None]:
        """G's loss through a frozen D, backward and optimizer step (skipped if non-finite).
        A conditional D judges ``fake`` as the class G drew it for, ``labels``. Returns the
        detached loss, D's raw outputs, G's gradient norm and the instance noise that was added
        to ``fake`` (None when off)."""
        for p in self._d_params:
            p.requires_grad_(False)
        try:
            _drop_grads(self._g_params)
            noise = self._input_noise(fake)
            out = self._disc(fake if noise is None else fake + noise, labels)
            loss = self._g_loss(out)
            loss.backward()
        finally:
            for p in self._d_params:
                p.requires_grad_(True)
        norm = _grad_norm(self._g_params)
        _step_if_finite(self.opt_g, loss, norm)
        self.g_updates += 1
        if self.G_avg is not None:
            self._update_average()
        return loss.detach(), out, norm, noise

    # ------------------------------------------------------------ the averaged G

    def _new_average(self) -> nn.Module:
        """A copy of G that follows its weights by an exponential moving average (gen.ema). It
        only draws pictures and feeds metrics; nothing trains it. Averaging the iterates damps
        the oscillation GAN training keeps up around an equilibrium (Yazıcı et al., 2019): on
        ring8 seed 2 the plain G read 7/8 modes, 49 % high quality, the average 8/8, 97.7 %."""
        average = copy.deepcopy(self.G)
        average.requires_grad_(False)
        average.eval()
        return average

    @torch.no_grad()
    def _update_average(self) -> None:
        """avg ← avg + (1 − β)(G − avg); β ramps up as (1 + n) / (10 + n) to gen.ema over the first
        G updates, so early pictures follow G instead of lagging behind its initial weights.
        Batch-norm statistics are averaged the same way: copied from G, they were another
        network's (G's now), and the average drew with them (mnist-mlp seed 3: its class balance
        jumped from KL 0.033 to 0.055 in 16 steps; averaged, 0.008–0.016 over the last 1,600)."""
        live = self.live
        weight = self.average_weight(self.g_updates) if live is None else live.average_weights
        torch._foreach_lerp_(self._avg_params, self._g_params, weight)
        mine, theirs = self._avg_stats
        if mine:
            torch._foreach_lerp_(mine, theirs, weight if live is None else live.average_stat_weights)
        mine, theirs = self._avg_counts
        if mine:
            torch._foreach_copy_(mine, theirs)

    def average_weight(self, n: int) -> float:
        """1 − β of the weight average's update after ``n`` G updates (see ``_update_average``)."""
        return 1.0 - min(self.cfg.gen.ema, (1 + n) / (10 + n))

    @property
    def shown_G(self) -> nn.Module:
        """The G that draws what the user sees (samples, 2-D points, metrics, exports): the
        average when gen.ema is on, else the G being trained."""
        return self.G if self.G_avg is None else self.G_avg

    def _update_g(self) -> tuple[Tensor, Tensor, Tensor]:
        """(2) Update G through a frozen D. Returns loss, D(G(z)) and G's gradient norm."""
        fake, labels = self._fake, self._fake_labels
        if fake is None:  # a G step on its own (teaching mode) or the first step after loading
            z, labels = self._latent(self.cfg.batch_size)
            fake = self._gen(z, labels)
        self._fake = self._fake_labels = None
        loss, out, norm, _ = self.g_apply(fake, labels)
        with torch.no_grad():
            return loss, self._score(out), norm

    @property
    def probabilities(self) -> bool:
        """Whether D's outputs are read as probabilities, sigmoid(logit) (the BCE losses)."""
        return self._probabilities

    def g_loss(self, out: Tensor) -> Tensor:
        """The current G loss of D's outputs ``out`` on fake samples (a batch mean)."""
        return self._g_loss(out)

    def _score(self, out: Tensor) -> Tensor:
        return torch.sigmoid(out).mean() if self._probabilities else out.mean()

    def _finish(self, kind: str, values: list[Tensor], t0: float) -> StepStats:
        numbers = torch.stack(values).tolist()
        self.train_s += time.perf_counter() - t0
        self.step_count += 1
        return step_stats(self.step_count, kind, numbers, self.train_s)

    def step(self) -> StepStats:
        """One iteration: ``d_steps`` D updates, then one G update on the last fake batch."""
        t0 = time.perf_counter()
        return self._finish("both", self.step_values(), t0)

    def step_values(self) -> list[Tensor]:
        """The updates of ``step`` without its bookkeeping (counters, clock, host read): the seven
        0-d tensors of StepStats in ``_finish``'s order. What graph_step.GraphStep captures."""
        for i in range(self.cfg.d_steps):
            loss_d, d_real, d_fake, gn_d = self._update_d(keep_fake=i == self.cfg.d_steps - 1)
        loss_g, d_fake_after, gn_g = self._update_g()
        return [loss_d, loss_g, d_real, d_fake, d_fake_after, gn_d, gn_g]

    def step_d(self) -> StepStats:
        """One D update alone (teaching: watch D learn while G stands still)."""
        t0 = time.perf_counter()
        loss_d, d_real, d_fake, gn_d = self._update_d(keep_fake=False)
        nan = torch.tensor(_NAN, device=self.device)
        return self._finish("d", [loss_d, nan, d_real, d_fake, nan, gn_d, nan], t0)

    def step_g(self) -> StepStats:
        """One G update alone against the current D."""
        t0 = time.perf_counter()
        self._fake = self._fake_labels = None
        loss_g, d_fake_after, gn_g = self._update_g()
        nan = torch.tensor(_NAN, device=self.device)
        return self._finish("g", [nan, loss_g, nan, nan, d_fake_after, nan, gn_g], t0)

    def phases(self, kind: str = "both") -> Generator[Phase, None, StepStats]:
        """The training call of ``kind`` ("both", "d", "g": step, step_d, step_g) in slow motion:
        a generator yielding a ``Phase`` after each teaching phase and returning the StepStats.
        Run to the end it leaves the trainer exactly as the plain call would; see ``phases.py``."""
        from ganstudio.engine.train.phases import run_phases  # phases.py builds on this module

        return run_phases(self, kind)

    # ------------------------------------------------------------ looking at G

    @torch.no_grad()
    def generate(self, z: Tensor | np.ndarray, labels: Tensor | np.ndarray | int | None = None) -> np.ndarray:
        """G(z) in eval mode as a detached float32 CPU array; training state is untouched.

        A conditional G needs ``labels``: one class per z, or one int for every z; an
        unconditional G takes none. A mistake is a ValueError naming it, not an index error
        deep inside the net."""
        z = torch.as_tensor(z, dtype=torch.float32, device=self.device)
        labels = self._check_labels(labels, len(z))
        G = self.shown_G
        was_training = G.training
        G.eval()
        try:
            return self._gen(z, labels, G).float().cpu().numpy()
        finally:
            G.train(was_training)

    def _check_labels(self, labels, n: int) -> Tensor | None:
        if not self.n_classes:
            if labels is not None:
                raise ValueError("this G is unconditional: generate(z) takes no labels")
            return None
        if labels is None:
            raise ValueError(f"this conditional G needs labels: generate(z, labels) with classes "
                             f"0..{self.n_classes - 1}")
        labels = torch.as_tensor(labels, dtype=torch.int64, device=self.device)
        labels = labels.expand(n) if labels.ndim == 0 else labels
        if labels.shape != (n,) or (n and not 0 <= int(labels.min()) <= int(labels.max()) < self.n_classes):
            raise ValueError(f"labels must be {n} classes in 0..{self.n_classes - 1}, one per z "
                             f"(got shape {tuple(labels.shape)})")
        return labels

    def samples(self) -> np.ndarray:
        """G applied to the fixed noise batch (and fixed labels, row r = class r: see
        ``grid_labels``): the sample grid follows the same z all run long."""
        return self.generate(self.fixed_noise, self.fixed_labels)

    def balanced_labels(self, n: int) -> np.ndarray | None:
        """n labels asking for every class equally often (0, 1, .., K-1, 0, ..), or None for an
        unconditional run: what the meters generate with, so each class is judged on n / K
        samples and a G that follows its labels shows a uniform class histogram."""
        return np.arange(n) % self.n_classes if self.n_classes else None

    def real_samples(self) -> np.ndarray:
        """A fixed batch of real data, shown beside the samples."""
        return self.dataset.x[self.fixed_real_index].numpy()

    def noise(self, n: int, seed: int) -> np.ndarray:
        """A reproducible noise batch for evaluation, drawn off the training stream."""
        return self._draw_noise(n, torch.Generator().manual_seed(seed), torch.device("cpu")).numpy()

    # ------------------------------------------------------------ checkpoints

    def state_dict(self) -> dict:
        """Tensors and plain data only, so it loads with ``torch.load(weights_only=True)``."""
        state = {
            "step": self.step_count,
            "d_updates": self.d_updates,
            "g_updates": self.g_updates,
            "train_s": self.train_s,
            "G": self.G.state_dict(),
            "D": self.D.state_dict(),
            **({"G_avg": self.G_avg.state_dict()} if self.G_avg is not None else {}),
            "opt_g": self.opt_g.state_dict(),
            "opt_d": self.opt_d.state_dict(),
            "rng": self.rng.get_state(),
            "torch_rng": torch.get_rng_state(),
            "hparams": {k: get_field(self.cfg, k) for k in LIVE_FIELDS},
            "n_classes": self.n_classes,  # ganstudio sample rebuilds a conditional G from it
        }
        if self.device.type == "cuda":
            state["cuda_rng"] = torch.cuda.get_rng_state(self.device)
        return state

    def load_state_dict(self, state: dict) -> None:
        self.set_hparams(state["hparams"])
        self.G.load_state_dict(state["G"])
        self.D.load_state_dict(state["D"])
        if self.G_avg is not None:  # a checkpoint from before the average was on: start it at G
            self.G_avg.load_state_dict(state.get("G_avg", state["G"]))
        self.opt_g.load_state_dict(state["opt_g"])
        self.opt_d.load_state_dict(state["opt_d"])
        self.rng.set_state(state["rng"])
        torch.set_rng_state(state["torch_rng"])
        if "cuda_rng" in state and self.device.type == "cuda":
            torch.cuda.set_rng_state(state["cuda_rng"], self.device)
        self.step_count = int(state["step"])
        self.d_updates = int(state["d_updates"])
        self.g_updates = int(state["g_updates"])
        self.train_s = float(state["train_s"])
        self._fake = self._fake_labels = None
        self.loads += 1


class LiveValues:
    """Values a captured step reads from the device at each replay instead of baking them in:
    instance noise σ, 1 − β of the weight average (``Trainer.average_weight``) and the label-smoothing
    target. graph_step.GraphStep fills them before each replay; a value is written to the device
    only when it changed (σ and the weight move while noise fades and the average ramps up).
    The learning rates live in the optimizers' param groups (graph_step installs tensors there)."""

    def __init__(self, trainer: Trainer):
        def scalar() -> Tensor:
            return torch.zeros((), device=trainer.device)

        self.sigma, self.average_weight, self.real_target = scalar(), scalar(), scalar()
        self.average_weights = [self.average_weight] * len(trainer._avg_params)  # _foreach_lerp_'s list form
        self.average_stat_weights = [self.average_weight] * len(trainer._avg_stats[0])
        self._written: dict[str, float] = {}

    def fill(self, trainer: Trainer) -> None:
        """The values of the step ``trainer`` takes next."""
        self._write("sigma", trainer.instance_noise)
        self._write("real_target", trainer._real_target)
        if trainer.G_avg is not None:  # the average is updated after G's, the (g_updates + 1)-th
            self._write("average_weight", trainer.average_weight(trainer.g_updates + 1))

    def _write(self, name: str, value: float) -> None:
        if self._written.get(name) != value:
            getattr(self, name).fill_(value)
            self._written[name] = value


def step_stats(step: int, kind: str, numbers: list[float], wall_s: float) -> StepStats:
    """StepStats of a call of ``kind`` from its seven numbers in ``Trainer._finish``'s order, naming
    the losses that came out non-finite (their updates were skipped)."""
    loss_d, loss_g, d_real, d_fake, d_fake_after, gn_d, gn_g = numbers
    bad = []
    if kind != "g" and not (math.isfinite(loss_d) and math.isfinite(gn_d)):
        bad.append("loss_d")
    if kind != "d" and not (math.isfinite(loss_g) and math.isfinite(gn_g)):
        bad.append("loss_g")
    return StepStats(step, loss_d, loss_g, d_real, d_fake, d_fake_after, gn_d, gn_g, wall_s, kind, ",".join(bad))


def _grad_norm(params: list[Tensor]) -> Tensor:
    """Total L2 norm of the gradients, as ``clip_grad_norm_`` computes it, without its per-call
    grouping by device and dtype (half the Python time on a 1×8 MLP)."""
    grads = [p.grad for p in params if p.grad is not None]
    return torch.linalg.vector_norm(torch.stack(torch._foreach_norm(grads)))

