"""Threads for torch: how many the training loop uses (``ThreadPolicy``), and one for the rest.

One OpenMP team per process: torch work outside the training thread runs on one thread.

Measured in the window (ring8, 2 cores): once the GUI thread had run a single parallel torch op
(cloning G for the latent explorer), training fell from ~210 to ~76 steps/s for the rest of the
session. Each thread that enters a parallel region gets its own OpenMP team; with more OpenMP
threads than cores, libgomp stops spinning and parks idle threads, so every parallel region of the
training thread then waits for wake-ups. ``torch.set_num_threads`` cannot keep the GUI thread out of
it: it is process-wide (new threads inherit it), so it would slow training too. OpenMP's own
``omp_set_num_threads`` sets the calling thread's count only, which is what ``serial_here`` calls.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import math
import os
import time
from pathlib import Path

import numpy as np


def _libgomp():
    """The libgomp torch itself loaded (its wheel ships one), else the system's; None if neither."""
    import torch

    for candidate in (Path(torch.__file__).parent / "lib" / "libgomp.so.1", ctypes.util.find_library("gomp")):
        if candidate and (not isinstance(candidate, Path) or candidate.exists()):
            try:
                return ctypes.CDLL(str(candidate))
            except OSError:
                continue
    return None


def serial_here() -> bool:
    """Make torch ops in the calling thread use one thread, leaving other threads' counts as they
    are. False where torch is not built on libgomp (macOS, Windows builds): nothing changed."""
    lib = _libgomp()
    if lib is None:
        return False
    lib.omp_set_num_threads(1)
    return True


# ---------------------------------------------------------------- how many threads training uses

def usable_cores() -> int:
    """The CPUs this process may run on (its affinity mask, e.g. under taskset or a container)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):  # not Linux
        return max(1, os.cpu_count() or 1)


def candidate_counts(cores: int, leave: int) -> list[int]:
    """The thread counts worth timing: 1, 2, 4, … up to the cores not left to others (a window
    keeps one where there are at least 3; on 2 cores it shares, as it must)."""
    top = cores - leave if cores - leave >= 2 else cores
    counts, n = [], 1
    while n < top:
        counts.append(n)
        n *= 2
    return counts + [top]


class OtherLoad:
    """How many cores other processes kept busy since the last reading, from /proc (Linux); None
    where it cannot be read. Ours is this process's CPU time, the window's threads included."""

    def __init__(self):
        self._last = self._read()

    @staticmethod
    def _read() -> tuple[float, float, float] | None:
        try:
            with open("/proc/stat") as f:
                cpu = [float(v) for v in f.readline().split()[1:]]
            with open("/proc/self/stat") as f:
                mine = f.read().rsplit(")", 1)[1].split()
        except (OSError, ValueError, IndexError):
            return None
        busy = sum(cpu) - cpu[3] - (cpu[4] if len(cpu) > 4 else 0.0)  # all but idle and iowait
        return busy, float(mine[11]) + float(mine[12]), time.monotonic()  # utime + stime, in ticks

    def cores(self) -> float | None:
        now = self._read()
        last, self._last = self._last, now
        if now is None or last is None or now[2] <= last[2]:
            return None
        ticks = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
        return max(0.0, (now[0] - last[0]) - (now[1] - last[1])) / ticks / (now[2] - last[2])


class ThreadPolicy:
    """torch's intra-op thread count for one training loop, re-chosen when the machine's load changes.

    torch starts one OpenMP thread per core. Measured on a 2-core machine beside two busy processes,
    ring8 fell from ~245 to 57 steps/s with 2 threads (the issue measured 33) but kept ~125 with
    one; quiet, 2 threads are 20 % (ring8) to 80 % (mnist-dcgan) faster than one. So:

    - the loop starts on every usable core (less ``leave``, a core for the window from 3 cores up);
      where torch already runs fewer (a preset pinned one thread, a run before this one chose
      fewer), it starts there and times the growth first;
    - **steady**: every ``CHECK_S`` the median step time of the last half second is compared with the
      one after the last change, and the cores other processes used (``OtherLoad``, /proc) with
      what our threads leave them. A rise by ``RISE`` or a crowded machine (other processes and
      our threads want more than the cores) starts a trial of the smaller counts; a fall by
      ``FALL`` or room for every core, a trial of the larger ones. The load reading is what sees
      a machine that was busy from the start (nothing to compare a step time with);
    - **trial**: the count running and then each of those counts run one block of steps (the
      first step after a switch not counted); the fewest threads within ``PAYS`` of the fastest win. A count whose step takes ``ABANDON`` times the best time seen is dropped at once.
      A trial that keeps the count doubles the wait before the next (``RETRIAL_S`` up to
      ``MAX_RETRIAL_S``), so a machine whose load flickers is not measured over and over.

    Why no trial at start-up, on a quiet machine: once torch's team has shrunk, growing it back
    wakes the parked OpenMP thread next to the training thread on the same core, and the two then
    spin-wait for each other at every parallel region. Measured in the window (ring8, 2 cores,
    quiet): 250 ms a step at 2 threads after a 2 → 1 → 2 trial, so the trial chose 1 thread and the
    window trained at 175 steps/s instead of 235; beside busy processes, every other regrowth
    stalled like that (650 ms a step). Shrinking is safe; growing is tried only when the machine
    got quieter, and a stalled regrowth is abandoned after one step. (A second thread that does not
    pay costs little: ring8-tiny, 1,313 steps/s on one thread, 1,289 on two.)

    Thread counts change float sums in their last bits: a run that must repeat bit for bit pins
    ``threads`` in its config, which this policy then leaves alone.
    """

    BLOCK_S = 0.1  # timed per candidate
    MIN_STEPS = 3
    PAYS = 0.92  # more threads must take at most 92 % of the time of fewer
    ABANDON = 4.0
    CHECK_S = 0.5
    RISE, FALL = 1.4, 0.7
    CROWDED = 0.75  # cores: other processes' use plus our threads beyond the machine's
    RETRIAL_S, MAX_RETRIAL_S = 3.0, 60.0

    def __init__(self, pinned: int = 0, leave: int = 0, cores: int | None = None, clock=time.perf_counter,
                 set_threads=None, load=None, current: int | None = None):
        import torch

        self._set = set_threads or torch.set_num_threads
        current = torch.get_num_threads() if current is None else current  # what torch runs now
        self._clock = clock
        self.pinned = pinned
        self.cores = cores or usable_cores()
        self.counts = candidate_counts(self.cores, leave)
        self._load = load if load is not None else OtherLoad()  # .cores(): other processes' use since the last call
        self.threads = pinned or self.counts[-1]
        self.trials = 0
        self.reason = ""  # what started the last trial
        self.measured: dict[int, float] = {}  # the last trial's median step time per count
        self._plan: list[int] = []  # the counts still to time in this trial, one block each
        self._block: list[float] = []
        self._skip = 0
        self._before = 0  # the count that ran before this trial
        self._recent: list[float] = []
        self._window_start: float | None = None
        self._warming = True
        self._crowded = self._roomy = False  # what the last window's load reading said
        self._baseline = 0.0
        self._last_trial = -math.inf
        self._wait = self.RETRIAL_S
        if not pinned and current < self.counts[-1]:
            # torch's team shrank before (a pinned preset, an earlier run): growing it can stall (see
            # above), so run as it is and time the growth like any other
            self.threads = current
            self._begin_trial([self.counts[-1]])
        else:
            self._set(self.threads)

    @classmethod
    def for_trainer(cls, trainer, leave: int = 0, pinned: int | None = None) -> ThreadPolicy | None:
        """The policy for a trainer's loop: None off the CPU (a GPU's loop is Python dispatch, its
        CPU threads idle). ``pinned`` (default: ``threads`` in its config) fixes the count; 0 lets
        the policy choose. ``leave``: cores kept for a window (from 3 cores up)."""
        if trainer.device.type != "cpu":
            return None
        return cls(pinned=trainer.cfg.threads if pinned is None else pinned, leave=leave)

    @property
    def state(self) -> str:
        return "pinned" if self.pinned else "trial" if self._plan else "steady"

    def describe(self) -> str:
        """A line for logs: the count and what it was chosen from."""
        count = f"{self.threads} thread{'s' if self.threads > 1 else ''}"
        if self.pinned:
            return f"{count} (pinned)"
        times = ", ".join(f"{n}: {1e3 * t:.2f} ms" for n, t in sorted(self.measured.items()))
        return count + (f" (step time {times})" if times else "")

    def run(self, call):
        """``call()`` timed, with the thread count the schedule says; returns what it returns."""
        t0 = self._clock()
        result = call()
        if not self.pinned and len(self.counts) > 1:
            self._took(self._clock() - t0, t0)
        return result

    # ------------------------------------------------------------ the schedule

    def _took(self, seconds: float, now: float) -> None:
        if self._plan:
            self._trial_step(seconds, now)
            return
        if self._window_start is None:
            self._window_start = now
        self._recent.append(seconds)
        if now - self._window_start < self.CHECK_S:
            return
        typical = float(np.median(self._recent))
        self._recent, self._window_start = [], now
        others = self._load.cores()  # over the same window
        rise = fall = False
        if self._warming:  # the first window holds the first steps' allocations: no baseline
            self._warming = False
        elif not self._baseline:
            self._baseline = typical
        else:
            rise, fall = typical > self.RISE * self._baseline, typical < self.FALL * self._baseline
        # the load must hold for two windows in a row: a window being mapped or an X server catching
        # up for a moment is not a busy machine (measured: a crowded first second sent one launch in
        # the real-display bench to one thread for 3 s)
        was_crowded, was_roomy = self._crowded, self._roomy
        self._crowded = others is not None and others + self.threads > self.cores + self.CROWDED
        self._roomy = others is not None and others + self.counts[-1] <= self.cores + self.CROWDED
        crowded, roomy = self._crowded and was_crowded, self._roomy and was_roomy
        if now - self._last_trial < self._wait:
            return
        if (rise or crowded) and self.threads > self.counts[0]:
            self.reason = f"{'slower steps' if rise else ''}{', ' if rise and crowded else ''}" \
                          f"{f'other processes used {others:.1f} cores' if crowded else ''}"
            self._begin_trial([n for n in self.counts if n < self.threads])  # busier: fewer may win
        elif (fall or roomy) and self.threads < self.counts[-1]:
            self.reason = "faster steps" if fall else f"other processes used {others:.1f} cores"
            self._begin_trial([n for n in self.counts if n > self.threads])  # quieter: more may pay

    def _begin_trial(self, others: list[int]) -> None:
        """Time the count now running (no switch: its team stays as it is), then ``others``."""
        self._before = self.threads
        self.measured = {}
        self._plan = [self.threads, *others]
        self.trials += 1
        self._switch(self.threads)

    def _switch(self, n: int) -> None:
        if n != self.threads:
            self._set(n)
            self._skip = 1  # the first step after a switch wakes or parks OpenMP threads
        self.threads = n
        self._block = []

    def _trial_step(self, seconds: float, now: float) -> None:
        n = self.threads
        if seconds > self.ABANDON * min(self.measured.values(), default=math.inf):  # hopeless: not worth another step
            self.measured[n] = seconds
            self._next_block(now)
            return
        if self._skip:
            self._skip -= 1
            return
        self._block.append(seconds)
        spent = sum(self._block)
        if (len(self._block) < self.MIN_STEPS or spent < self.BLOCK_S) and spent < 3 * self.BLOCK_S:
            return  # a block is MIN_STEPS steps and BLOCK_S, or one slow step of 3 × BLOCK_S
        self.measured[n] = float(np.median(self._block))
        self._next_block(now)

    def _next_block(self, now: float) -> None:
        self._plan.pop(0)
        if self._plan:
            self._switch(self._plan[0])
            return
        best = min(self.measured.values())
        chosen = min(n for n, t in self.measured.items() if t * self.PAYS <= best)
        self._wait = min(2 * self._wait, self.MAX_RETRIAL_S) if chosen == self._before else self.RETRIAL_S
        self._switch(chosen)
        self._skip = 0  # steady: every step counts
        self._recent, self._baseline = [], 0.0
        self._window_start, self._last_trial = now, now
