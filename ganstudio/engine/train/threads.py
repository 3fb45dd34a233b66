"""One OpenMP team per process: torch work outside the training thread runs on one thread.

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
from pathlib import Path


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
