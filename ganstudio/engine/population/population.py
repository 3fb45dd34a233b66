"""A population: K GANs of one architecture trained in lockstep by one batched step.

Each member is a lone ``Trainer`` (its *shell*): built the usual way from its own config, so
member k with seed s starts from exactly the weights a lone run with seed s starts from, and the
shell is what the rest of ganstudio already knows how to save, sample and meter. The population
copies the shells' weights, buffers and optimizer state into stacked tensors (``StackedNet``,
``StackedOptimizer``), trains those, and copies member k back into its shell when something
needs it (``sync``: a sample grid, a meter reading, a checkpoint, an export).

One step is the lone ``Trainer.step`` for all members at once, in the same order with the same
operations: ``d_steps`` D updates on fresh batches, then one G update through a frozen D on the
last fake batch; label smoothing, instance noise, WGAN clipping, the gradient penalty, G's weight
average. Fed the same real batch and noise, a population step leaves every member where a lone
step leaves that member's trainer (tests/test_population.py, to 1e-5). The batches and noise come
from the population's own random stream, drawn for all members at once.

Per member: seed, G's and D's learning rate, β1, β2 and momentum, label smoothing and instance
noise (``PER_MEMBER``). Everything else is shared; trainers that differ in anything else cannot
share a population (``PopulationError`` names the field).

The per-step numbers stay on the device: ``take_rows`` reads them once for many steps. A member
whose loss or gradient goes NaN/Inf keeps its last good weights (its update is skipped on the
device, as the lone fused step skips it) and is stopped when its rows are read; the others train
on.
"""

from __future__ import annotations

import time
import zlib
from dataclasses import dataclass

import torch
from torch import Tensor

from ganstudio.engine.population.optim import StackedOptimizer
from ganstudio.engine.population.stacked import PopulationError, StackedNet
from ganstudio.engine.train import losses
from ganstudio.engine.train.config import LIVE_FIELDS, get_field, to_dict
from ganstudio.engine.train.loss_kinds import instance_noise_at
from ganstudio.engine.train.step_stats import StepStats
from ganstudio.engine.train.trainer import Trainer, draw_noise

# Settings each member may have its own value of; every other field is shared by a population.
PER_MEMBER = (
    "seed", "opt_g.lr", "opt_g.beta1", "opt_g.beta2", "opt_g.momentum",
    "opt_d.lr", "opt_d.beta1", "opt_d.beta2", "opt_d.momentum",
    "loss.label_smoothing", "loss.instance_noise",
)
# Fields that do not change what is trained: members may differ in them.
_IGNORED = ("name", "threads", "sample_every", "device")
_STAT_COLUMNS = 8  # loss_d, loss_g, d_real, d_fake, d_fake_after, gn_d, gn_g, ok
_SMOOTHED = ("minimax", "nonsaturating", "lsgan")


def shared_settings(cfg) -> dict:
    """The fields members of one population must agree on (flattened dotted keys)."""
    flat = {}
    for key, value in to_dict(cfg).items():
        if isinstance(value, dict):
            flat.update({f"{key}.{k}": v for k, v in value.items()})
        else:
            flat[key] = value
    return {k: v for k, v in flat.items() if k not in PER_MEMBER and k not in _IGNORED}


def check_shareable(trainers: list[Trainer]) -> None:
    """Raise PopulationError naming what keeps these trainers out of one population."""
    if not trainers:
        raise PopulationError("a population needs at least one member")
    first = shared_settings(trainers[0].cfg)
    for t in trainers[1:]:
        other = shared_settings(t.cfg)
        differ = [k for k in first if first[k] != other[k]]
        if differ:
            raise PopulationError("members of one population must share " + ", ".join(
                f"{k} ({first[k]!r} vs {other[k]!r})" for k in differ))
        if t.device != trainers[0].device:
            raise PopulationError(f"members of one population must share a device ({trainers[0].device} vs {t.device})")
        if (t.step_count, t.d_updates, t.g_updates) != (trainers[0].step_count, trainers[0].d_updates,
                                                        trainers[0].g_updates):
            raise PopulationError(f"members of one population train in lockstep: step {t.step_count} "
                                  f"vs {trainers[0].step_count}")
    if trainers[0].cfg.gen.kind != "mlp" or trainers[0].cfg.disc.kind != "mlp":
        raise PopulationError("a population trains MLP G and D (gen.kind = disc.kind = 'mlp'); DCGAN "
                              "members train one at a time for now")


@dataclass
class MemberRows:
    """The rows read for one member by ``take_rows``; ``stopped_at``: the step it went non-finite."""

    rows: list[StepStats]
    stopped_at: int | None = None


class Population:
    def __init__(self, trainers: list[Trainer], stream_seed: int | None = None):
        check_shareable(trainers)
        self.members = list(trainers)  # the shells
        self.names = [f"member {k}" for k in range(len(trainers))]  # a sweep names them
        self.k = len(trainers)
        first = trainers[0]
        self.device = first.device
        self.cfg = first.cfg  # the shared settings (per-member values: members[k].cfg)
        self.dataset = first.dataset
        self.n_classes = first.n_classes
        self.G = StackedNet([t.G for t in trainers])
        self.D = StackedNet([t.D for t in trainers])
        self.avg_flat = self.avg_buffers = None
        if first.G_avg is not None:
            avg = StackedNet([t.G_avg for t in trainers])
            self.avg_flat, self.avg_buffers = avg.flat.detach(), avg.buffers
        cfgs = [t.cfg for t in trainers]
        self.opt_g = StackedOptimizer(first.cfg.opt_g.kind, self.G, *self._opt_values(cfgs, "opt_g"))
        self.opt_d = StackedOptimizer(first.cfg.opt_d.kind, self.D, *self._opt_values(cfgs, "opt_d"))
        for k, t in enumerate(trainers):
            self.opt_g.load_member(k, t.opt_g)
            self.opt_d.load_member(k, t.opt_d)
        self._x, self._y, self._shared_pool = self._pool(trainers)
        self.alive = torch.ones(self.k, dtype=torch.bool, device=self.device)
        self.stopped: dict[int, str] = {}  # member -> why (host side)
        self.step_count, self.d_updates, self.g_updates = first.step_count, first.d_updates, first.g_updates
        self.train_s = first.train_s
        seeds = tuple(t.cfg.seed for t in trainers)
        self.stream_seed = (zlib.crc32(repr((seeds, self.step_count)).encode())
                            if stream_seed is None else stream_seed)
        self.rng = torch.Generator(device=self.device)
        self.rng.manual_seed(self.stream_seed)
        self._rows: list[tuple[int, float, Tensor]] = []
        self._fake = self._fake_labels = None
        self._fixed = self._fixed_labels = None  # the members' fixed noise, stacked on first use
        self._apply_settings()

    # ------------------------------------------------------------ settings

    @staticmethod
    def _opt_values(cfgs, which: str):
        opts = [getattr(c, which) for c in cfgs]
        return ([o.lr for o in opts], [o.beta1 for o in opts], [o.beta2 for o in opts],
                [o.momentum for o in opts])

    def _apply_settings(self) -> None:
        """Per-member tensors from the shells' configs (after a change or a clone)."""
        cfgs = [t.cfg for t in self.members]
        self.opt_g.set_hparams(*self._opt_values(cfgs, "opt_g"))
        self.opt_d.set_hparams(*self._opt_values(cfgs, "opt_d"))
        loss = self.cfg.loss
        self._d_loss = losses.D_LOSSES[loss.kind]
        self._g_loss = losses.G_LOSSES[loss.kind]
        self._probabilities = losses.outputs_are_probabilities(loss.kind)
        smoothing = [c.loss.label_smoothing if loss.kind in _SMOOTHED else 0.0 for c in cfgs]
        self._real_target = (1.0 if not any(smoothing) else
                             torch.tensor([1.0 - s for s in smoothing], device=self.device).view(-1, 1))
        self._gp = loss.gp_lambda if loss.kind == "wgan-gp" else 0.0
        self._clip = loss.clip if loss.kind == "wgan" else 0.0
        self._noisy = any(c.loss.instance_noise or (c.loss.instance_noise_steps and c.loss.instance_noise_final)
                          for c in cfgs)
        self._sigma_step = -1

    def set_member(self, k: int, changes: dict[str, object]) -> dict[str, tuple]:
        """Change member k's per-member settings (``{"opt_g.lr": 1e-3}``) between steps; its
        optimizer state is kept. Raises PopulationError for a shared field, ConfigError for a bad value."""
        shared = [key for key in changes if key not in PER_MEMBER or key == "seed"]
        if shared:
            raise PopulationError(", ".join(shared) + " cannot change for one member of a population "
                                  f"(per member: {', '.join(k for k in PER_MEMBER if k != 'seed')})")
        changed = self.members[k].set_hparams(changes)
        self._apply_settings()
        return changed

    # ------------------------------------------------------------ data and noise

    def _pool(self, trainers):
        """The real data: one pool when every member trains on the same points, else (K, N, ...)."""
        first = trainers[0]
        if all(t._x is first._x or torch.equal(t._x, first._x) for t in trainers[1:]):
            return first._x, first._y, True
        if any(t._x.shape != first._x.shape for t in trainers):
            raise PopulationError("members' data sets differ in size; they cannot share a population")
        ys = None if first._y is None else torch.stack([t._y for t in trainers])
        return torch.stack([t._x for t in trainers]), ys, False

    def _real(self) -> tuple[Tensor, Tensor | None]:
        b = self.cfg.batch_size
        n = self._x.shape[0] if self._shared_pool else self._x.shape[1]
        idx = torch.randint(0, n, (self.k, b), generator=self.rng, device=self.device)
        if self._shared_pool:
            return self._x[idx], (None if self._y is None else self._y[idx])
        rows = torch.arange(self.k, device=self.device).unsqueeze(1)
        return self._x[rows, idx], (None if self._y is None else self._y[rows, idx])

    def _latent(self) -> tuple[Tensor, Tensor | None]:
        b, gen = self.cfg.batch_size, self.cfg.gen
        z = draw_noise(self.k * b, gen.noise_dim, gen.noise, self.rng, self.device).view(self.k, b, -1)
        if not self.n_classes:
            return z, None
        return z, torch.randint(0, self.n_classes, (self.k, b), generator=self.rng, device=self.device)

    def _sigmas(self) -> Tensor | None:
        """Each member's instance noise σ at this step, (K, 1), or None when all are 0."""
        if not self._noisy:
            return None
        if self._sigma_step != self.step_count:
            values = [instance_noise_at(t.cfg.loss, self.step_count) for t in self.members]
            self._sigma = torch.tensor(values, device=self.device).view(-1, 1) if any(values) else None
            self._sigma_step = self.step_count
        return self._sigma

    def _input_noise(self, x: Tensor) -> Tensor | None:
        sigma = self._sigmas()
        if sigma is None:
            return None
        return sigma.view(self.k, *([1] * (x.dim() - 1))) * torch.randn(x.shape, generator=self.rng, device=self.device)

    def _d_input(self, x: Tensor) -> Tensor:
        noise = self._input_noise(x)
        return x if noise is None else x + noise

    def mix_weights(self, real: Tensor) -> Tensor:
        return losses.mix_weights(real, self.rng, batch_dims=2)

    # ------------------------------------------------------------ one step

    def _score(self, out: Tensor) -> Tensor:
        return torch.sigmoid(out).mean(-1) if self._probabilities else out.mean(-1)

    def _update_d(self, keep_fake: bool):
        real, real_labels = self._real()
        z, labels = self._latent()
        if keep_fake:
            fake = self.G(z, labels)
            self._fake, self._fake_labels = fake, labels
        else:
            with torch.no_grad():
                fake = self.G(z, labels)
        self.D.flat.grad = None
        out_real = self.D(self._d_input(real), real_labels)
        out_fake = self.D(self._d_input(fake.detach()), labels)
        loss = self._d_loss(out_real, out_fake, self._real_target)
        if self._gp:
            def disc(x):
                return self.D(x, real_labels)
            loss = loss + self._gp * losses.gradient_penalty(disc, real, fake.detach(), self.mix_weights(real),
                                                             batch_dims=2)
        loss.sum().backward()
        norm = self.D.flat.grad.norm(dim=1)
        ok = torch.isfinite(loss + norm).logical_and_(self.alive)
        self.opt_d.step(ok)
        if self._clip:
            with torch.no_grad():
                self.D.flat.clamp_(-self._clip, self._clip)
        self.d_updates += 1
        with torch.no_grad():
            return loss.detach(), self._score(out_real), self._score(out_fake), norm, ok

    def _update_g(self):
        fake, labels = self._fake, self._fake_labels
        if fake is None:
            z, labels = self._latent()
            fake = self.G(z, labels)
        self._fake = self._fake_labels = None
        self.G.flat.grad = None
        noise = self._input_noise(fake)
        out = self.D(fake if noise is None else fake + noise, labels, flat=self.D.flat.detach())
        loss = self._g_loss(out)
        loss.sum().backward()
        norm = self.G.flat.grad.norm(dim=1)
        ok = torch.isfinite(loss + norm).logical_and_(self.alive)
        self.opt_g.step(ok)
        self.g_updates += 1
        if self.avg_flat is not None:
            self._update_average()
        with torch.no_grad():
            return loss.detach(), self._score(out), norm, ok

    @torch.no_grad()
    def _update_average(self) -> None:
        n = self.g_updates
        beta = min(self.cfg.gen.ema, (1 + n) / (10 + n))
        self.avg_flat.lerp_(self.G.flat.detach(), 1.0 - beta)
        for name, value in self.G.buffers.items():  # as Trainer._update_average: statistics averaged
            if value.is_floating_point():
                self.avg_buffers[name].lerp_(value, 1.0 - beta)
            else:
                self.avg_buffers[name].copy_(value)

    def step(self) -> None:
        """One iteration for every member: ``d_steps`` D updates, then one G update."""
        t0 = time.perf_counter()
        for i in range(self.cfg.d_steps):
            loss_d, d_real, d_fake, gn_d, ok_d = self._update_d(keep_fake=i == self.cfg.d_steps - 1)
        loss_g, d_fake_after, gn_g, ok_g = self._update_g()
        ok = ok_d.logical_and(ok_g)
        self.alive.logical_and_(ok)
        self.train_s += time.perf_counter() - t0
        self.step_count += 1
        self._rows.append((self.step_count, self.train_s, torch.stack(
            [loss_d, loss_g, d_real, d_fake, d_fake_after, gn_d, gn_g, ok.float()], 1)))

    # ------------------------------------------------------------ reading the numbers

    def take_rows(self) -> dict[int, MemberRows]:
        """The rows of the steps since the last call, per member still training (one device
        read for all of them). A member whose step went non-finite gets that row, marked, and
        is stopped with its last good weights in its shell."""
        if not self._rows:
            return {k: MemberRows([]) for k in range(self.k) if k not in self.stopped}
        values = torch.stack([r[2] for r in self._rows]).tolist()
        out: dict[int, MemberRows] = {}
        for k in range(self.k):
            if k in self.stopped:
                continue
            rows = []
            stopped_at = None
            for (step, wall, _), numbers in zip(self._rows, values):
                loss_d, loss_g, d_real, d_fake, d_after, gn_d, gn_g, ok = numbers[k]
                bad = ""
                if not ok:
                    bad = ",".join(name for name, a, b in (("loss_d", loss_d, gn_d), ("loss_g", loss_g, gn_g))
                                   if not (abs(a) < float("inf") and abs(b) < float("inf"))) or "loss_d"
                rows.append(StepStats(step, loss_d, loss_g, d_real, d_fake, d_after, gn_d, gn_g, wall, "both", bad))
                if bad:
                    stopped_at = step
                    break
            out[k] = MemberRows(rows, stopped_at)
        self._rows = []
        for k, member in out.items():
            if member.stopped_at is not None:
                self._stop(k, member.stopped_at, f"non-finite at step {member.stopped_at}")
        return out

    # ------------------------------------------------------------ members in and out

    def sync(self, k: int, weights_only: bool = False) -> Trainer:
        """Member k's shell, brought up to date (G's weights and counters, and unless
        ``weights_only`` D and the optimizer state). A stopped member's shell is as it was when it stopped."""
        shell = self.members[k]
        if k in self.stopped:
            return shell
        self.G.store_member(k, shell.G)
        if shell.G_avg is not None:
            self.G.store_member(k, shell.G_avg, self.avg_flat, self.avg_buffers)
        if not weights_only:
            self.D.store_member(k, shell.D)
            self.opt_g.store_member(k, shell.opt_g, shell.cfg.opt_g.momentum)
            self.opt_d.store_member(k, shell.opt_d, shell.cfg.opt_d.momentum)
        shell.step_count, shell.d_updates, shell.g_updates = self.step_count, self.d_updates, self.g_updates
        shell.train_s = self.train_s
        return shell

    def _stop(self, k: int, step: int, why: str) -> None:
        self.sync(k)
        shell = self.members[k]
        shell.step_count = step  # the steps it took; the masked ones after are not its
        self.stopped[k] = why
        self.alive[k] = False

    def stop(self, k: int, why: str = "stopped") -> None:
        """Member k trains no more; its shell keeps its state at this step."""
        if k not in self.stopped:
            self._stop(k, self.step_count, why)

    def clone(self, src: int, dst: int, changes: dict[str, object] | None = None) -> None:
        """Member ``dst`` becomes a copy of ``src`` (weights, buffers, optimizer state), then takes
        ``changes`` (per-member settings, e.g. a perturbed learning rate) and trains on: population-
        based training by hand. ``dst`` may be stopped; it trains again."""
        if src in self.stopped:
            raise PopulationError(f"member {src} is stopped; clone a member that is still training")
        shell = self.sync(src)
        self.G.load_member(dst, shell.G)
        self.D.load_member(dst, shell.D)
        if shell.G_avg is not None:
            self.G.load_member(dst, shell.G_avg, self.avg_flat, self.avg_buffers)
        self.opt_g.load_member(dst, shell.opt_g)
        self.opt_d.load_member(dst, shell.opt_d)
        target = self.members[dst]
        target.set_hparams({key: get_field(shell.cfg, key) for key in PER_MEMBER
                            if key != "seed" and key in LIVE_FIELDS})
        self.stopped.pop(dst, None)
        self.alive[dst] = True
        if changes:
            self.set_member(dst, changes)
        else:
            self._apply_settings()
        self.sync(dst)

    @torch.no_grad()
    def samples(self) -> Tensor:
        """Every member's G (its weight average when on) on its own fixed noise, in eval mode,
        as one batched call: (K, fixed_noise_n, *sample shape) on the CPU."""
        if self._fixed is None:
            self._fixed = torch.stack([t.fixed_noise for t in self.members])
            self._fixed_labels = (torch.stack([t.fixed_labels for t in self.members])
                                  if self.n_classes else None)
        if self.avg_flat is not None:
            out = self.G(self._fixed, self._fixed_labels, flat=self.avg_flat, buffers=self.avg_buffers,
                         training=False)
        else:
            out = self.G(self._fixed, self._fixed_labels, flat=self.G.flat.detach(), training=False)
        return out.float().cpu()

    def latest_losses(self) -> list[tuple[float, float]] | None:
        """(loss_d, loss_g) per member at the last step not yet read by ``take_rows`` (None when
        all are read): what a live view samples between reads."""
        if not self._rows:
            return None
        return [tuple(r[:2]) for r in self._rows[-1][2].tolist()]

    def rows_ready(self) -> int:
        return len(self._rows)

    @property
    def active(self) -> list[int]:
        return [k for k in range(self.k) if k not in self.stopped]
