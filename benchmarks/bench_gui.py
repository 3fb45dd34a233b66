"""Training speed inside the real window against the same preset headless, plus GUI lateness.

For each preset the plain loop (``trainer.step()`` in a child process, no Qt work) and the real
MainWindow (offscreen, plots, samples and status bar live) alternate over several rounds of the
same duration; the table quotes medians. While the window trains, a 16 ms QTimer measures how late
the GUI event loop runs (median, p99, max of interval − 16 ms). 2-D presets run twice: with the lab
view's default layers (points, D heatmap, KL / JS) and with every layer on ("all": + G gradient
arrows, manifold, noise space); "canvas fps" counts lab frames drawn per second.

The window writes its run folder as it trains (in a temporary GANSTUDIO_HOME), with a checkpoint
every ``--autosave-s`` seconds (5 by default, as issue 6 asks). Two more views isolate costs:
"norec" trains with no run folder at all; "explorer" has the latent explorer open, copying G
every second (auto refresh) while a slider is dragged 20 times a second, and reports the
explorer's pictures per second in the "explorer/s" column.

    python benchmarks/bench_gui.py [--seconds 6] [--rounds 3] [--presets mnist-mlp ring8 ring8-tiny]
                                   [--views default all explorer norec] [--autosave-s 5]
    python benchmarks/bench_gui.py --soak [--soak-steps 1000000]
    python benchmarks/bench_gui.py --real-display [--launches 10] [--seconds 4]   (Xvfb, xcb: real_display.py)

"gui cpu" is the share of one core the window's own threads (GUI and Qt's helpers, not training)
used while it trained. On a machine
where torch's threads take every core, that share is taken from training: see
benchmarks/bench_interference.py for what the same share costs when a separate process uses it.

Goals: ratio ≥ 0.95 for mnist-mlp and ring8, ≥ 0.80 for the 1×8 model, with either view; p99 ≤ 33
ms, max ≤ 100 ms; samples refreshed ≥ 5 times a second; canvas ≥ 10 fps (issue 4).
Soak: a tiny model for 1,000,000 steps with the window open, RSS growth ≤ 100 MB.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent))  # real_display.py
os.environ["GANSTUDIO_HOME"] = tempfile.mkdtemp(prefix="ganstudio-bench-")  # run folders go here
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import numpy as np  # noqa: E402
from PySide6.QtCore import QElapsedTimer, QEventLoop, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from ganstudio.engine.train.presets import preset  # noqa: E402
from ganstudio.engine.train.trainer import Trainer  # noqa: E402

GOALS = {"mnist-mlp": 0.95, "ring8": 0.95, "ring8-tiny": 0.80}
TICK_MS = 16


def rss_mb() -> float:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def gui_cpu_s() -> float:
    """CPU seconds used so far by this process's threads other than training's: the GUI thread and
    Qt's helpers (image scaling). The training thread and its OpenMP helpers carry the name
    "ganstudio-train" (QThread names its OS thread; OpenMP threads inherit it). Linux only: NaN
    elsewhere."""
    total = 0.0
    try:
        for tid in os.listdir("/proc/self/task"):
            try:
                with open(f"/proc/self/task/{tid}/stat") as f:
                    text = f.read()
            except OSError:
                continue  # the thread ended meanwhile
            name = text[text.index("(") + 1:text.rindex(")")]
            if name.startswith("ganstudio-trai"):  # the kernel keeps 15 characters
                continue
            fields = text.rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError):
        return float("nan")
    return total


def headless_rate(name: str, seconds: float) -> float:
    """Measured in a child process: torch ops in this process's main thread would start a second
    OpenMP pool that competes with the window's worker thread (measured: half the window's speed)."""
    out = subprocess.run([sys.executable, __file__, "--headless-child", name, "--seconds", str(seconds)],
                         capture_output=True, text=True, check=True).stdout
    return float(out.strip().splitlines()[-1])


def _headless_child(name: str, seconds: float) -> float:
    trainer = Trainer(preset(name))
    for _ in range(20):  # warm-up, as the window's first frames are
        trainer.step()
    n, t0 = 0, time.perf_counter()
    while time.perf_counter() - t0 < seconds:
        for _ in range(10):
            trainer.step()
        n += 10
    return n / (time.perf_counter() - t0)


def wait_until(app: QApplication, predicate, timeout_s: float) -> None:
    deadline = time.monotonic() + timeout_s
    while not predicate():
        if time.monotonic() > deadline:
            raise TimeoutError("the window did not get there in time")
        app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)


class LatenessProbe:
    """A 16 ms QTimer in the GUI thread; records how late each tick arrives."""

    def __init__(self):
        self.clock = QElapsedTimer()
        self.late_ms: list[float] = []
        self.timer = QTimer()
        self.timer.setInterval(TICK_MS)
        self.timer.timeout.connect(self._tick)

    def start(self) -> None:
        self.late_ms.clear()
        self.clock.start()
        self.timer.start()

    def stop(self) -> None:
        self.timer.stop()

    def _tick(self) -> None:
        elapsed = self.clock.nsecsElapsed() / 1e6
        self.clock.restart()
        self.late_ms.append(max(0.0, elapsed - TICK_MS))


class SliderDrag:
    """Moves the explorer's first slider back and forth 20 times a second, like a user dragging,
    and counts the pictures the explorer has made."""

    def __init__(self, explorer):
        self.explorer = explorer
        self.moves = 0
        self.timer = QTimer()
        self.timer.setInterval(50)
        self.timer.timeout.connect(self._move)

    def _move(self) -> None:
        sliders = self.explorer.sliders.sliders
        if not sliders:
            return
        slider = sliders[0]
        span = slider.maximum() - slider.minimum()
        slider.setValue(slider.minimum() + (self.moves * span // 16) % max(span, 1))
        self.moves += 1


def window_rate(app: QApplication, name: str, seconds: float, probe: LatenessProbe,
                view: str = "default", autosave_s: float = 5.0, real_screen: bool = False,
                presentation: bool = False, target: str | None = None,
                churn: bool = False) -> tuple[float, float, float, float, float]:
    """Training steps per second inside the window, sample refreshes, lab frames and explorer
    pictures per second, and the share of a core the GUI thread used meanwhile. ``real_screen``:
    the window keeps the size it chose for its screen (else 1400 × 900); ``target``: the pointer
    rests on that view while training (real_display.park_pointer); ``churn``: the window's width is
    nudged by 2 px twenty times a second, as when a user drags its edge, so every view re-fits its
    scene at every frame."""
    from ganstudio.ui.runs import run_actions
    from ganstudio.ui.window.main_window import MainWindow

    window = MainWindow(preset(name))
    window.set_presentation(presentation)
    if not real_screen:
        window.resize(1400, 900)
    window.show()
    if view == "all":
        for box in window.samples.lab.toggles.values():
            box.setChecked(True)
    worker = window.controller.worker
    if view == "norec":
        window.controller.set_recording(None, 0)
    else:
        window.controller.set_recording(run_actions.runs_dir(), autosave_s)
    wait_until(app, lambda: worker.trainer is not None, 60)
    wait_until(app, lambda: True, 0)
    drag = None
    if view == "explorer":
        window.explorer_action.setChecked(True)
        wait_until(app, lambda: window.explorer.copy is not None, 30)
        window.explorer.tabs.setCurrentWidget(window.explorer.sliders)
        window.explorer.auto_refresh.setChecked(True)
        window.explorer.interval.setValue(1)
        drag = SliderDrag(window.explorer)
    window.toggle_running()
    wait_until(app, lambda: window.history.n >= 20, 60)  # same warm-up as headless
    if target is not None:
        from real_display import park_pointer

        park_pointer(window, target)
        wait_until(app, lambda: True, 0)
    start_step, start_shown, t0 = window.history.n, window.painter.samples_shown, time.perf_counter()
    start_lab, start_cpu = window.painter.lab_shown, gui_cpu_s()
    if drag is not None:
        drag.timer.start()
    nudge = QTimer()
    if churn:
        widths = [window.width() - 2, window.width()]
        nudge.timeout.connect(lambda: (widths.reverse(), window.resize(widths[0], window.height())))
        nudge.start(50)
    probe.start()
    loop = QEventLoop()
    QTimer.singleShot(int(seconds * 1000), loop.quit)
    loop.exec()
    probe.stop()
    nudge.stop()
    steps = window.history.n - start_step
    elapsed = time.perf_counter() - t0
    gui_cpu = (gui_cpu_s() - start_cpu) / elapsed
    shown = window.painter.samples_shown - start_shown
    lab_fps = (window.painter.lab_shown - start_lab) / elapsed
    explorer_fps = 0.0
    if drag is not None:
        drag.timer.stop()
        explorer_fps = drag.moves / elapsed
    policy = window.controller.worker.threads
    window_rate.threads = "" if policy is None else f"{policy.describe()}, {policy.trials} trials {policy.reason}"
    window.close()
    window.deleteLater()
    app.processEvents()
    return steps / elapsed, shown / elapsed, lab_fps, explorer_fps, gui_cpu


def _display_child(args) -> None:
    """One launch for --real-display: the window on this process's screen; a JSON line out."""
    app = QApplication.instance() or QApplication([])
    probe = LatenessProbe()
    rate, _, _, _, cpu = window_rate(app, args.display_child, args.seconds, probe, real_screen=True,
                                     presentation=args.presentation, target=args.target, churn=args.churn)
    p99 = float(np.percentile(probe.late_ms, 99)) if probe.late_ms else 0.0
    print(json.dumps({"rate": rate, "gui_cpu": cpu, "p99_ms": p99, "threads": window_rate.threads}))


def bench(args) -> None:
    app = QApplication.instance() or QApplication([])
    probe = LatenessProbe()
    print(f"{args.rounds} rounds x {args.seconds:.1f} s per side, medians; window offscreen, 1400x900; "
          f"run folder written with a checkpoint every {args.autosave_s:g} s (except 'norec')")
    print(f"{'preset':<11} {'view':<8} {'headless/s':>10} {'window/s':>9} {'ratio':>6} {'goal':>5} "
          f"{'late p50':>8} {'p99':>6} {'max':>6}  (ms) {'samples/s':>9} {'canvas fps':>10} {'explorer/s':>10} "
          f"{'gui cpu':>7}")
    verdicts = []
    for name in args.presets:
        views = [v for v in args.views if v != "all" or preset(name).data.is_2d]
        heads, wins, late, shown, fps = [], {v: [] for v in views}, {v: [] for v in views}, \
            {v: [] for v in views}, {v: [] for v in views}
        explorer, cpu = {v: [] for v in views}, {v: [] for v in views}
        for i in range(args.rounds):  # headless and each view in turn, the order flipped every round
            sides = ["h", *views]
            for side in sides if i % 2 == 0 else sides[::-1]:
                if side == "h":
                    heads.append(headless_rate(name, args.seconds))
                    continue
                rate, refresh, lab_fps, pictures, gui_cpu = window_rate(app, name, args.seconds, probe, side,
                                                                        args.autosave_s)
                cpu[side].append(gui_cpu)
                explorer[side].append(pictures)
                wins[side].append(rate)
                shown[side].append(refresh)
                fps[side].append(lab_fps)
                late[side].extend(probe.late_ms)
        h = statistics.median(heads)
        for view in views:
            w = statistics.median(wins[view])
            lat = np.array(late[view]) if late[view] else np.zeros(1)
            p50, p99, mx = np.percentile(lat, 50), np.percentile(lat, 99), lat.max()
            goal = GOALS.get(name, 0.95)
            canvas = statistics.median(fps[view])
            ok = (w / h >= goal and p99 <= 33 and mx <= 100 and statistics.median(shown[view]) >= 5
                  and (canvas >= 10 or not preset(name).data.is_2d))
            verdicts.append(ok)
            print(f"{name:<11} {view:<8} {h:>10.1f} {w:>9.1f} {w / h:>6.3f} {goal:>5.2f} {p50:>8.1f} "
                  f"{p99:>6.1f} {mx:>6.1f}       {statistics.median(shown[view]):>9.1f} {canvas:>10.1f} "
                  f"{statistics.median(explorer[view]):>10.1f} {statistics.median(cpu[view]):>7.2f}  "
                  f"{'ok' if ok else 'BELOW GOAL'}", flush=True)
    print(f"verdict: {'PASS' if all(verdicts) else 'BELOW GOAL'} "
          f"({sum(verdicts)}/{len(verdicts)} rows meet ratio, p99, max, samples/s and canvas fps goals)")


def soak(args) -> None:
    from ganstudio.ui.window.main_window import MainWindow

    app = QApplication.instance() or QApplication([])
    window = MainWindow(preset("ring8-tiny"))
    window.show()
    worker = window.controller.worker
    wait_until(app, lambda: worker.trainer is not None, 60)
    start_rss = rss_mb()
    t0 = time.perf_counter()
    window.toggle_running()
    report_every = max(1, args.soak_steps // 20)
    next_report = [0]
    loop = QEventLoop()

    def check() -> None:  # a 1 s timer, not a processEvents() spin that would hold the GIL
        n = window.history.n
        if n >= next_report[0]:
            print(f"step {n:>8}  rss {rss_mb():7.1f} MB  {time.perf_counter() - t0:7.0f} s", flush=True)
            next_report[0] += report_every
        if n >= args.soak_steps:
            loop.quit()

    timer = QTimer()
    timer.timeout.connect(check)
    timer.start(1000)
    loop.exec()
    timer.stop()
    end_rss = rss_mb()
    window.close()
    growth = end_rss - start_rss
    print(f"soak: {window.history.n} steps in {time.perf_counter() - t0:.0f} s, RSS {start_rss:.1f} -> "
          f"{end_rss:.1f} MB (growth {growth:+.1f} MB, goal <= 100) -> {'PASS' if growth <= 100 else 'BELOW GOAL'}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=6.0)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--presets", nargs="+", default=["mnist-mlp", "ring8", "ring8-tiny"])
    parser.add_argument("--views", nargs="+", default=["default", "all"],
                        choices=["default", "all", "explorer", "norec"],
                        help="default: the lab view's default layers; all: every layer (2-D presets only); "
                             "explorer: the latent explorer open and dragged; norec: no run folder written")
    parser.add_argument("--autosave-s", type=float, default=5.0,
                        help="seconds between the window's checkpoints (default 5)")
    parser.add_argument("--soak", action="store_true")
    parser.add_argument("--soak-steps", type=int, default=1_000_000)
    parser.add_argument("--real-display", action="store_true",
                        help="under Xvfb with Qt's xcb platform, the pointer resting on each view in turn "
                             "(benchmarks/real_display.py)")
    parser.add_argument("--launches", type=int, default=10, help="--real-display: launches per pointer target")
    parser.add_argument("--churn", action="store_true",
                        help="--real-display: nudge the window's width 20 times a second while it trains, "
                             "so every view re-fits its scene at every frame (a user dragging its edge)")
    parser.add_argument("--headless-child", metavar="PRESET", help=argparse.SUPPRESS)
    parser.add_argument("--display-child", metavar="PRESET", help=argparse.SUPPRESS)
    parser.add_argument("--target", help=argparse.SUPPRESS)
    parser.add_argument("--presentation", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.headless_child:
        print(_headless_child(args.headless_child, args.seconds))
        return
    if args.display_child:
        _display_child(args)
        return
    if args.real_display:
        import real_display

        real_display.run(args)
        return
    soak(args) if args.soak else bench(args)


if __name__ == "__main__":
    main()
