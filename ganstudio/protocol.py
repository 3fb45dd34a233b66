"""What the window and the training worker say to each other: commands one way, messages back.

Torch-free and Qt-free, so the window can name them before torch is loaded. A command the worker
does not know is an error at the sender, not a message silently dropped in the training thread.
The worker answers through its Qt signals (worker.TrainingWorker), each carrying one of the
dataclasses below, with declared fields, or a plain value (a state, a message).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Any


class RunState(str, Enum):
    """The worker's state, as ``state_changed`` reports it (a str: it compares equal to "running")."""

    RUNNING = "running"
    PAUSED = "paused"
    IDLE = "idle"


RUNNING, PAUSED, IDLE = RunState.RUNNING.value, RunState.PAUSED.value, RunState.IDLE.value


class Command(str, Enum):
    """A command for the worker's queue, with the argument it takes."""

    START = "start"  # -
    PAUSE = "pause"  # -
    STEP_D = "step_d"  # -
    STEP_G = "step_g"  # -
    STEP_BOTH = "step_both"  # -
    RUN_N = "run_n"  # int: steps
    HPARAMS = "hparams"  # {setting: value}
    SAVE = "save"  # -
    LAB_LAYERS = "lab_layers"  # frozenset of layer names
    LAB_VIEW = "lab_view"  # (xmin, xmax, ymin, ymax)
    SLOW = "slow"  # seconds per phase, or None: full speed
    RESET = "reset"  # RunConfig
    RECORDING = "recording"  # {"base": folder, "autosave_s": float}, or None: write no run folder
    OPEN = "open"  # run folder (str)
    BRANCH = "branch"  # (source folder, step, {setting: value})
    LATENT_SNAPSHOT = "latent_snapshot"  # -
    STOP = "stop"  # -


# Seconds between checkpoints of a run being written, until the user chooses (File ▸ Autosave
# interval, ``ganstudio train --checkpoint-every-s``).
DEFAULT_AUTOSAVE_S = 30

# Commands that act on a built model; before the first Reset they are answered with an error.
NEEDS_MODEL = frozenset({Command.START, Command.PAUSE, Command.STEP_D, Command.STEP_G, Command.STEP_BOTH,
                         Command.RUN_N, Command.HPARAMS, Command.SAVE})


# ---------------------------------------------------------------- the worker's messages
# Each rides one signal of worker.TrainingWorker. Arrays are the worker's copies: the window may
# keep them. Lab frames and meter rows are the engine's own dicts (engine/lab/fields.py, engine/metrics/meter.py).


@dataclass(slots=True)
class Frame:
    """``frame``: every step since the last frame, and the run's numbers after the last of them."""

    rows: dict  # STAT_FIELDS name -> float64 array, one value per step
    kinds: list  # per step: "both", "d" or "g" (Trainer.phases)
    step_count: int
    train_s: float
    lr_d: float
    lr_g: float
    instance_noise: float  # σ now (0 when instance noise is off)
    # When due (worker.SAMPLES_INTERVAL_S, LAB_INTERVAL_S, METER_INTERVAL_S), else None:
    samples: Any = None  # G on the fixed noise: (n, 2) points or (n, C, H, W) images
    steps_per_s: float | None = None  # rides with the samples
    threads: int | None = None  # rides with the samples: torch's CPU threads for training now (None off the CPU)
    lab: dict | None = None  # engine/lab/fields.py: Lab.frame
    meter: dict | None = None  # engine/metrics/meter.py: Meter.evaluate's row
    alarm: Any = None  # engine/metrics/meter.py: AlarmEvent, when collapse began or ended at this reading

    @property
    def n_steps(self) -> int:
        return len(self.kinds)


@dataclass(slots=True, frozen=True)
class MeterInfo:
    kind: str  # "modes" or "classes"
    n_modes: int


@dataclass(slots=True)
class ResetInfo:
    """``reset_done``: a new trainer is in place (built from settings, or opened from a run folder)."""

    is_2d: bool
    shape: tuple  # one sample's shape: (2,) or (C, H, W)
    real: Any  # real samples to show beside G's
    samples: Any  # G on the fixed noise
    bounds: tuple | None  # 2-D data: (xmin, xmax, ymin, ymax)
    config: Any  # a RunConfig copy
    device: str
    lab: dict | None  # a first lab frame when the lab view shows a computed layer
    meter: MeterInfo | None  # None: this data has no collapse meter
    meter_note: str  # why not, in English (translated under the "Meter" context)
    opened: str | None  # the run folder it was opened from, or None for a fresh trainer
    step: int
    train_s: float


@dataclass(slots=True)
class PhaseInfo:
    """``phase``: slow motion, one phase of a training call (engine/train/phases.py)."""

    name: str  # "d_real", "d_fake", "d_update", "g_update"
    index: int  # 0-based within the call
    total: int  # phases in the call
    d_round: int  # which of cfg.d_steps D rounds
    numbers: dict  # the numbers this phase produced (losses, D outputs, norms)
    real: Any
    fake: Any
    fake_after: Any  # G's points after the G update (g_update only)
    step: int  # the step this call becomes
    lab: dict | None = None  # after an update, when the lab view is active
    samples: Any = None  # after the G update


@dataclass(slots=True, frozen=True)
class RunInfo:
    """``run_changed``: the run folder the worker writes or will write."""

    folder: str | None
    writing: bool
    step: int


@dataclass(slots=True, frozen=True)
class Saved:
    """``saved``: what a save wrote: (step, path) of a snapshot and/or of the checkpoint."""

    snapshot: tuple[int, str] | None = None
    checkpoint: tuple[int, str] | None = None
