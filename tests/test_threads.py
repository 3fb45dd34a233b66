"""serial_here: torch work in the calling thread goes serial, other threads keep their count."""

import os
import subprocess
import sys

PROBE = """
import threading, torch
from ganstudio.engine.train import threads
lib = threads._libgomp()
if lib is None:
    print("no-libgomp"); raise SystemExit
before = lib.omp_get_max_threads()
threads.serial_here()
torch.randn(512, 512) @ torch.randn(512, 512)  # a parallel op here must not undo it
torch.randn(4096, 4096).clone()
seen = []
def other():
    seen.append(lib.omp_get_max_threads())
worker = threading.Thread(target=other)
worker.start(); worker.join()
print(before, lib.omp_get_max_threads(), seen[0])
"""


def test_serial_here_leaves_other_threads_their_count():
    env = {k: v for k, v in os.environ.items() if k != "OMP_NUM_THREADS"}
    env["OMP_NUM_THREADS"] = "2"  # as on a 2-core machine, whatever this one has
    out = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, check=True,
                         env=env).stdout.split()
    if out == ["no-libgomp"]:  # torch built on another OpenMP: serial_here changes nothing
        return
    assert out == ["2", "1", "2"]
