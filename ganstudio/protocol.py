"""What the window and the training worker say to each other: commands one way, run states back.

Torch-free and Qt-free, so the window can name them before torch is loaded. The worker's answers
are its Qt signals (worker.TrainingWorker); a command it does not know is an error at the sender,
not a message silently dropped in the training thread.
"""

from __future__ import annotations

from enum import Enum


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


# Commands that act on a built model; before the first Reset they are answered with an error.
NEEDS_MODEL = frozenset({Command.START, Command.PAUSE, Command.STEP_D, Command.STEP_G, Command.STEP_BOTH,
                         Command.RUN_N, Command.HPARAMS, Command.SAVE})
