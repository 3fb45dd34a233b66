"""How fast the latent explorer answers a slider, and what a refresh costs.

For each preset: a Trainer after 20 steps, its G snapshot (what the worker will take), and a shown
LatentExplorer (offscreen). A slider is then dragged in rounds of ``--moves`` value changes, each
followed by ``processEvents()`` so the new picture is painted too; a round's rate is moves per
second of wall time, and the table quotes the median round. Also timed: ``snapshot_generator`` (the
worker pays it) and ``set_snapshot`` (the GUI thread pays it, every few seconds with auto refresh).

    python benchmarks/bench_explorer.py [--presets mnist-mlp ring8] [--rounds 7] [--moves 60] [--threads 1]

Goal: ≥ 20 slider updates per second for mnist-mlp. Still to come with the window integration:
training speed with the explorer open vs closed.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import torch  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from ganstudio.engine.latent import snapshot_generator  # noqa: E402
from ganstudio.ui.explorer.sliders import FIRST_DIMS, PRINCIPAL  # noqa: E402
from ganstudio.ui.explorer.latent_explorer import LatentExplorer  # noqa: E402
from timing import times_ms, warm_trainer  # noqa: E402  (benchmarks/timing.py)

GOAL_UPDATES_PER_S = 20.0


def slider_rates(app: QApplication, explorer: LatentExplorer, mode: str, rounds: int, moves: int) -> list[float]:
    """Updates per second of each round of ``moves`` slider steps (picture painted each time)."""
    tab = explorer.sliders
    explorer.tabs.setCurrentWidget(tab)
    tab.mode.setCurrentIndex(tab.mode.findData(mode))
    app.processEvents()
    slider = tab.sliders[0]
    rates = []
    for r in range(rounds + 1):  # round 0 warms up
        t0 = time.perf_counter()
        for i in range(moves):
            slider.setValue(-150 + (i * 5) % 300)
            app.processEvents()
        if r:
            rates.append(moves / (time.perf_counter() - t0))
    return rates


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--presets", nargs="+", default=["mnist-mlp", "ring8"])
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--moves", type=int, default=60)
    parser.add_argument("--threads", type=int, default=1, help="torch CPU threads (0: preset's)")
    args = parser.parse_args()

    app = QApplication.instance() or QApplication([])
    print(f"torch {torch.__version__}, {args.threads or 'preset'} thread(s), {args.rounds} rounds of "
          f"{args.moves} slider moves (median round), Qt platform {app.platformName()}")
    print(f"{'preset':<12} {'sliders':<22} {'updates/s':>10} {'min':>8}")
    verdicts = []
    for name in args.presets:
        trainer = warm_trainer(name, args.threads)
        explorer = LatentExplorer()
        explorer.resize(1100, 700)
        explorer.show()
        app.processEvents()
        snap_ms = statistics.median(times_ms(lambda: snapshot_generator(trainer), 20))
        snap = snapshot_generator(trainer)
        explorer.set_snapshot(snap)
        set_ms = statistics.median(times_ms(lambda: (explorer.set_snapshot(snap), app.processEvents()), 10))
        for mode, label in ((FIRST_DIMS, "first dimensions"), (PRINCIPAL, "principal directions")):
            rates = slider_rates(app, explorer, mode, args.rounds, args.moves)
            median = statistics.median(rates)
            print(f"{name:<12} {label:<22} {median:>10.1f} {min(rates):>8.1f}", flush=True)
            if name == "mnist-mlp":
                verdicts.append(median >= GOAL_UPDATES_PER_S)
        print(f"{name:<12} snapshot_generator {snap_ms:.2f} ms (worker), set_snapshot + paint {set_ms:.2f} ms "
              f"(GUI thread)", flush=True)
        explorer.close()
    if verdicts:
        verdict = "PASS" if all(verdicts) else "TOO SLOW"
        print(f"verdict: {verdict} (goal ≥ {GOAL_UPDATES_PER_S:.0f} slider updates/s for mnist-mlp)")


if __name__ == "__main__":
    main()
