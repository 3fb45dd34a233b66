"""How fast `python main.py` shows its window, and how fast Start works.

Each round launches, as fresh processes (Qt offscreen, empty settings so every start opens on the
default preset):

- ``baseline``: ``import PySide6.QtWidgets``, a QApplication and an empty QMainWindow shown: the
  least any Qt window costs here;
- ``app``: ``main.py --startup-timing``: the window as a user starts it; it prints the wall-clock
  time of its first paint and of the first networks being built (Start enabled), then quits;
- ``eager``: the same with torch imported before the window is made, which is what every start
  paid before the window learnt to paint first (all of it was built before the first paint).

Times run from just before the launch (``time.time()`` here) to the child's printed ``time.time()``.

    python benchmarks/bench_startup.py [--rounds 5] [--preset ring8]

Goals: first paint ≤ 1.0 s, Start enabled ≤ 3.0 s (medians). The machine's load average is
printed with them: on a loaded 2-core machine every row is slower alike, the ratio to the
baseline much less so.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FIRST_PAINT_GOAL_S = 1.0
START_GOAL_S = 3.0

BASELINE = """
import time
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication([])
window = QMainWindow()
window.resize(1400, 900)

class Painted(QObject):
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint:
            window.removeEventFilter(self)
            QTimer.singleShot(0, lambda: (print("ganstudio-timing first_paint", time.time(), flush=True), app.quit()))
        return False

painted = Painted()
window.installEventFilter(painted)
window.show()
app.exec()
"""

EAGER = "import sys, torch; from ganstudio.app import main; sys.exit(main(sys.argv[1:]))"


def _launch(argv: list[str], env: dict) -> dict[str, float]:
    """Seconds from launch to each ``ganstudio-timing NAME TIME`` line the child prints."""
    t0 = time.time()
    done = subprocess.run(argv, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    if done.returncode != 0:
        raise RuntimeError(f"{argv} failed ({done.returncode}):\n{done.stderr[-2000:]}")
    marks = {}
    for line in done.stdout.splitlines():
        parts = line.split()
        if len(parts) >= 3 and parts[0] == "ganstudio-timing":
            marks[parts[1]] = float(parts[2]) - t0
            if parts[1] == "first_paint" and "torch_loaded=True" in line:
                marks["torch_at_first_paint"] = 1.0
    return marks


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--preset", default="ring8")
    args = parser.parse_args()

    app = [sys.executable, str(ROOT / "main.py"), "--startup-timing", "--preset", args.preset]
    eager = [sys.executable, "-c", EAGER, "--startup-timing", "--preset", args.preset]
    load_before = os.getloadavg()
    rows: dict[str, list[dict]] = {"baseline": [], "app": [], "eager": []}
    with tempfile.TemporaryDirectory(prefix="bench-startup-") as config_home:  # never the user's settings
        env = dict(os.environ, QT_QPA_PLATFORM="offscreen", XDG_CONFIG_HOME=config_home)
        for r in range(args.rounds):  # interleaved, so a change in the machine's load hits every row alike
            rows["baseline"].append(_launch([sys.executable, "-c", BASELINE], env))
            rows["app"].append(_launch(app, env))
            rows["eager"].append(_launch(eager, env))
            print(f"round {r + 1}: baseline {rows['baseline'][-1]['first_paint']:.2f} s, "
                  f"app {rows['app'][-1]['first_paint']:.2f} / {rows['app'][-1]['start_enabled']:.2f} s, "
                  f"eager {rows['eager'][-1]['first_paint']:.2f} / {rows['eager'][-1]['start_enabled']:.2f} s",
                  flush=True)
    load_after = os.getloadavg()

    def median(name: str, mark: str) -> float:
        return statistics.median(m[mark] for m in rows[name])

    base = median("baseline", "first_paint")
    print(f"\n{args.rounds} rounds, preset {args.preset}, {os.cpu_count()} CPUs, load average "
          f"{load_before[0]:.2f} before, {load_after[0]:.2f} after")
    print(f"{'start':<40} {'first paint s':>14} {'× baseline':>11} {'Start enabled s':>16}")
    print(f"{'baseline: empty QMainWindow':<40} {base:>14.2f} {1.0:>11.2f} {'–':>16}")
    for name, label in (("app", "main.py (paints first, torch after)"),
                        ("eager", "torch imported first (as before)")):
        paint, ready = median(name, "first_paint"), median(name, "start_enabled")
        print(f"{label:<40} {paint:>14.2f} {paint / base:>11.2f} {ready:>16.2f}")
    paint, ready = median("app", "first_paint"), median("app", "start_enabled")
    torch_early = sum(1 for m in rows["app"] if "torch_at_first_paint" in m)
    print(f"torch already imported at the app's first paint: {torch_early} of {args.rounds} rounds")
    ok = paint <= FIRST_PAINT_GOAL_S and ready <= START_GOAL_S and not torch_early
    print(f"verdict: {'PASS' if ok else 'FAIL'} (first paint {paint:.2f} s, goal ≤ {FIRST_PAINT_GOAL_S} s; "
          f"Start enabled {ready:.2f} s, goal ≤ {START_GOAL_S} s; load average {load_after[0]:.2f})")


if __name__ == "__main__":
    main()
