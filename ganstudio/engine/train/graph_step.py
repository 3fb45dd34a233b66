"""The training step as one CUDA graph: recorded once, replayed at every step.

On a GPU a GAN of ganstudio's size is bound by Python and kernel launches, not by arithmetic
(issue 22, an H200: ring8's hand-written eager step 203 steps/s, the same step replayed as a CUDA
graph 1,948). ``GraphStep`` records the kernels of ``Trainer.step_values`` (the D update(s), the G
update, the fused optimizers with their NaN guard, the weight average) once and replays them, and
writes each step's seven numbers into a ring of rows on the device that ``take`` reads in one
transfer a frame instead of one a step.

Live values without a new recording: the replay reads the learning rates (tensors the optimizers'
param groups hold while the step is recorded; eager calls and checkpoints keep plain floats),
instance noise σ, the weight average's ramp and the label-smoothing
target from device tensors that are refilled when they change (``LiveValues``), so annealed noise
and a learning-rate slider need nothing more. Anything else in the settings is baked into the
recording: a change of it (loss kind, d_steps, batch size, clipping, Adam's betas, momentum, label
smoothing or noise switched on or off) records the step again at the next call (``recordings``
counts them; bench_device.py times one). So does a loaded checkpoint (rewind, branch, Continue),
whose optimizer state arrives in new tensors.

The first ``WARMUP_STEPS`` calls after a (re)recording point run the ordinary eager step on a side
stream, as PyTorch asks before a capture (lazy optimizer state, cuBLAS workspaces); they are real
steps and their numbers come back through ``take`` like the others.

Random numbers: the trainer's own generator is registered with the graph, so each replay draws
the numbers the eager step would have drawn at that point of the stream, and eager calls (step D,
step G, slow motion) can come between replays.

``why_not`` says what cannot be recorded; the worker and ``ganstudio train`` then keep the eager
step. A live change to something that cannot be recorded (the loss switched to WGAN-GP) makes its
steps eager until the settings can be recorded again; a recording that fails makes them eager for
good. ``fallback`` says why; the numbers still come back through ``take``.

A non-finite step is skipped on the device as in the eager step, but it is seen only when its
numbers are read: in the window at the next frame, some tens of steps later at full speed. Off CUDA there is no graph: ``GraphStep`` runs the same device-side step eagerly (``captured``
is False), which is how the tests here check everything but the replay itself.
"""

from __future__ import annotations

import time
from contextlib import contextmanager

import torch

from ganstudio.engine.train.config import to_dict
from ganstudio.engine.train.step_stats import StepStats
from ganstudio.engine.train.trainer import LiveValues, Trainer, step_stats

CAPACITY = 1024  # rows of per-step numbers kept on the device; a full ring is read at once
WARMUP_STEPS = 3
_N_VALUES = 7  # the numbers of Trainer.step_values
# Settings the replay reads from device tensors (LiveValues, the optimizers' lr tensors).
_LIVE = frozenset({"opt_g.lr", "opt_d.lr", "loss.instance_noise", "loss.instance_noise_final",
                   "loss.instance_noise_steps", "loss.label_smoothing"})


def why_not(trainer: Trainer) -> str | None:
    """Why ``trainer``'s step cannot run as a CUDA graph, or None when it can."""
    cfg = trainer.cfg
    if trainer.device.type != "cuda":
        return f"CUDA graphs need a CUDA device, not {trainer.device.type}"
    if "rmsprop" in (cfg.opt_g.kind, cfg.opt_d.kind):
        return "RMSprop has no fused kernel: its NaN guard reads the loss on the host"
    if cfg.loss.kind == "wgan-gp":
        return "the gradient penalty differentiates twice, which is not recorded"
    return None


class GraphStep:
    """``Trainer.step`` replayed from a CUDA graph, its numbers read in batches (``take``)."""

    def __init__(self, trainer: Trainer, capacity: int = CAPACITY):
        self.trainer = trainer
        self.captured = trainer.device.type == "cuda"
        self.recordings = 0  # how many times the step was recorded (a structural change records it again)
        self.record_s = 0.0  # seconds spent recording, warm-up steps not counted
        device = trainer.device
        self._ring = torch.zeros((capacity, _N_VALUES), device=device)
        self._row = torch.zeros(1, dtype=torch.long, device=device)  # where the next step writes
        self._head = 0  # the host's copy of _row
        self._pending = 0  # steps in the ring not taken yet
        self._ready: list[StepStats] = []  # steps already on the host (warm-up steps, a full ring)
        self._clock = 0.0  # when the first pending step started; 0: none pending
        self._graph = None
        self._key = None  # what the recording baked in (``_structure``)
        self._baked = (None, None)  # (config, its baked settings): computed once per config object
        self._warmup = 0
        self._live = LiveValues(trainer)
        self._failed: str | None = None  # a recording failed: eager from then on
        self._cannot: str | None = None  # why_not for the current settings
        # One stream for every warm-up and recording: cuBLAS keeps its workspace per stream, and a
        # stream first used inside a recording would set it up there.
        self._stream = torch.cuda.Stream(device) if self.captured else None
        self._lrs = [torch.zeros((), device=device), torch.zeros((), device=device)]  # G's, D's
        self._lrs_written = [None, None]

    @property
    def fallback(self) -> str | None:
        """Why steps run eagerly now (None while they replay)."""
        return self._failed or self._cannot

    @property
    def pending(self) -> int:
        """Steps taken and not yet read by ``take``."""
        return self._pending + len(self._ready)

    # ------------------------------------------------------------ one step

    def step(self) -> None:
        """One training step (``Trainer.step``'s update). Its numbers wait on the device; when the
        ring is full they move to the host, to be returned by the next ``take``."""
        t = self.trainer
        key = self._structure()
        if key != self._key:
            self._drop_graph()
            self._key = key
            self._warmup = WARMUP_STEPS if self.captured else 0
            self._cannot = why_not(t) if self.captured else None
        if self._warmup or self.fallback is not None:
            self._warmup = max(0, self._warmup - 1)
            self._eager_step()
            return
        if self._graph is None and self.captured:
            try:
                self._record()
            except RuntimeError as exc:  # an op that cannot be recorded: train on eagerly
                self._failed = f"recording the step failed: {exc}"
                self._eager_step()
                return
        self._live.fill(t)
        self._fill_lrs()
        if not self._pending:
            self._clock = time.perf_counter()
        if self._graph is not None:
            self._graph.replay()  # the Python that counts updates ran once, while recording
            t.d_updates += t.cfg.d_steps
            t.g_updates += 1
        else:
            self._body()
        t.step_count += 1
        self._head = (self._head + 1) % len(self._ring)
        self._pending += 1
        if self._pending == len(self._ring):
            self._ready.extend(self._read())

    def take(self) -> list[StepStats]:
        """The numbers of every step since the last ``take``, oldest first (one device-to-host
        transfer). Each step's ``wall_s`` shares out the time its batch took."""
        rows = self._ready + self._read()
        self._ready = []
        return rows

    def close(self) -> None:
        """Drop the recording and hand the trainer back to eager steps."""
        self._drop_graph()
        self._key = None

    # ------------------------------------------------------------ inside

    def _body(self) -> None:
        """What the graph records: one step, its numbers written into the ring's next row. The
        trainer reads σ, the average's weight and the smoothing target from ``LiveValues`` only
        here; its eager calls (warm-up, step D, step G, slow motion) keep their Python floats."""
        t = self.trainer
        t.live = self._live
        groups = [(g, lr) for opt, lr in ((t.opt_g, self._lrs[0]), (t.opt_d, self._lrs[1])) for g in opt.param_groups]
        for g, lr in groups:
            g["lr"] = lr
        try:
            values = torch.stack(t.step_values())
        finally:
            t.live = None
            for g, lr in groups:
                g["lr"] = self._lrs_written[lr is self._lrs[1]]
        self._ring.index_copy_(0, self._row, values.unsqueeze(0))
        self._row.add_(1).remainder_(len(self._ring))

    def _eager_step(self) -> None:
        """The ordinary step (a warm-up before recording), its numbers queued on the host."""
        self._ready.extend(self._read())  # keep the order: the ring's steps came first
        with self._side_stream():
            stats = self.trainer.step()
        self._ready.append(stats)

    def _record(self) -> None:
        t = self.trainer
        t0 = time.perf_counter()
        counters = t.step_count, t.d_updates, t.g_updates, t.train_s
        self._live.fill(t)
        self._fill_lrs()
        groups = [g for opt in (t.opt_g, t.opt_d) for g in opt.param_groups]
        capturable = [g.get("capturable") for g in groups]
        for g in groups:
            if "capturable" in g:
                g["capturable"] = True  # Adam's capture check; the fused kernel is graph-safe as it is
        graph = torch.cuda.CUDAGraph()
        graph.register_generator_state(t.rng)
        try:
            with self._side_stream() as stream, torch.cuda.graph(graph, stream=stream):
                self._body()
        finally:
            for g, was in zip(groups, capturable):
                if was is not None:
                    g["capturable"] = was
            t.step_count, t.d_updates, t.g_updates, t.train_s = counters
            t.forget_fake()
        self._graph = graph
        self.recordings += 1
        self.record_s += time.perf_counter() - t0

    @contextmanager
    def _side_stream(self):
        """PyTorch warms up and records on a stream of its own; the default stream waits for it."""
        if not self.captured:
            yield None
            return
        stream = self._stream
        stream.wait_stream(torch.cuda.current_stream(self.trainer.device))
        with torch.cuda.stream(stream):
            yield stream
        torch.cuda.current_stream(self.trainer.device).wait_stream(stream)

    def _drop_graph(self) -> None:
        if self._pending:
            self._ready.extend(self._read())
        self._graph = None

    def _fill_lrs(self) -> None:
        """The learning rates the replay reads: refilled when a live change moved them."""
        cfg = self.trainer.cfg
        for i, value in enumerate((cfg.opt_g.lr, cfg.opt_d.lr)):
            if self._lrs_written[i] != value:
                self._lrs[i].fill_(value)
                self._lrs_written[i] = value

    def _structure(self) -> tuple:
        """Everything the recording bakes in: a change means recording again."""
        t = self.trainer
        cfg, baked = self._baked
        if cfg is not t.cfg:  # set_hparams made a new config
            baked = tuple(sorted((k, v) for k, v in _flat(to_dict(t.cfg)) if k not in _LIVE))
            self._baked = (t.cfg, baked)
        return baked, t.instance_noise > 0, t._real_target != 1.0, t.loads

    def _read(self) -> list[StepStats]:
        """The pending rows as StepStats (one host transfer), the steps' time shared out evenly."""
        n = self._pending
        if not n:
            return []
        t = self.trainer
        index = (torch.arange(self._head - n, self._head, device=self._ring.device) % len(self._ring))
        numbers = self._ring.index_select(0, index).tolist()
        elapsed = time.perf_counter() - self._clock
        first = t.step_count - n + 1
        start = t.train_s
        t.train_s += elapsed
        self._pending = 0
        return [step_stats(first + i, "both", row, start + elapsed * (i + 1) / n) for i, row in enumerate(numbers)]


def _flat(tree: dict, prefix: str = ""):
    for key, value in tree.items():
        if isinstance(value, dict):
            yield from _flat(value, f"{prefix}{key}.")
        else:
            yield f"{prefix}{key}", (tuple(value) if isinstance(value, list) else value)
