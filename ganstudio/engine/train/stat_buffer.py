"""The worker's rows of StepStats since its last frame, as float64 columns (one per STAT_FIELDS name).

Per step the training loop copies a StepStats' floats into a preallocated row, not a Python list of
objects, so a frame of hundreds of steps leaves as a few array copies (worker.TrainingWorker).
"""

from __future__ import annotations

from operator import attrgetter

import numpy as np

from ganstudio.engine.train.step_stats import STAT_FIELDS, StepStats

_stat_values = attrgetter(*STAT_FIELDS)


class StatBuffer:
    """Rows of StepStats since the last frame, in a float64 array that grows ×2 when full."""

    def __init__(self, capacity: int = 1024):
        self.rows = np.empty((capacity, len(STAT_FIELDS)), dtype=np.float64)
        self.kinds: list[str] = []
        self.n = 0

    def append(self, stats: StepStats) -> None:
        if self.n == len(self.rows):
            self.rows = np.concatenate([self.rows, np.empty_like(self.rows)])
        self.rows[self.n] = _stat_values(stats)
        self.kinds.append(stats.kind)
        self.n += 1

    def take(self) -> tuple[dict, list[str]]:
        """Copies of the buffered columns (one float64 array per STAT_FIELDS name) and the steps'
        kinds; empties the buffer."""
        rows = {name: self.rows[: self.n, i].copy() for i, name in enumerate(STAT_FIELDS)}
        kinds, self.kinds = self.kinds, []
        self.n = 0
        return rows, kinds

