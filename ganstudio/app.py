"""Start the window: ``python main.py [--preset NAME] [--autostart] [--quit-after-steps N] [--screenshot F]
[--layers NAMES] [--slow SECONDS] [--lang en|zh_CN] [--seeds 0-15 [--vary KEY=V1,V2]... [--steps N]]``.

``--seeds`` opens the population wall beside the window: the preset's seeds (and ``--vary`` values)
trained at once, one tile each (ui/population/wall.py), as File ▸ New population… does.

``--quit-after-steps`` and ``--screenshot`` make the window usable from scripts: demos, docs and
automated checks that the whole app trains and draws. Without ``--preset`` the window opens on
the preset used last.

Nothing imported here, nor by the window's module, imports torch or pyqtgraph: the window paints
first and loads them afterwards (ui/window/startup.py). The hidden ``--startup-timing`` flag prints when
the first paint and the first networks happen (wall-clock ``time.time()``, for
benchmarks/bench_startup.py) and whether torch was loaded at the first paint, then quits.
"""

from __future__ import annotations

import argparse
import sys
import time

from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtWidgets import QApplication

from ganstudio import display_check
from ganstudio.engine.lab import LAYERS
from ganstudio.engine.train.presets import DEFAULT_PRESET, PRESETS, preset
from ganstudio.ui.settings import i18n
from ganstudio.ui.settings import user_files
from ganstudio.pyside_imports import skip_source_scan

skip_source_scan()  # before anything else is imported: ganstudio/pyside_imports.py


def _parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="ganstudio-gui", description="Watch a GAN learn, live.")
    parser.add_argument("--preset", choices=list(PRESETS),
                        help=f"configuration to load (default: the one used last, else {DEFAULT_PRESET})")
    parser.add_argument("--autostart", action="store_true", help="start training once the model is built")
    parser.add_argument("--quit-after-steps", type=int, default=0, metavar="N",
                        help="quit once training has reached step N")
    parser.add_argument("--screenshot", metavar="FILE.png", help="save a picture of the window just before quitting")
    parser.add_argument("--layers", metavar="NAMES",
                        help=f"2-D lab view layers to show, comma-separated, from: {', '.join(LAYERS)} "
                             f"(default: real,fake,heatmap,divergence)")
    parser.add_argument("--slow", type=float, metavar="SECONDS",
                        help="start in slow motion, showing each phase of an iteration this long")
    parser.add_argument("--lang", choices=list(i18n.available_languages()),
                        help="interface language for this start (default: the one chosen in the window's "
                             "Language menu, else the system's)")
    parser.add_argument("--seeds", metavar="SEEDS",
                        help="open the population wall: these seeds of the preset trained at once (0-15, 0,3,7)")
    parser.add_argument("--vary", action="append", default=[], metavar="KEY=V1,V2",
                        help="with --seeds: a setting and its values, every combination with every seed")
    parser.add_argument("--steps", type=int, default=20_000, metavar="N",
                        help="with --seeds: steps each member trains (default 20000)")
    parser.add_argument("--startup-timing", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.layers is not None:
        args.layers = [name.strip() for name in args.layers.split(",") if name.strip()]
        unknown = sorted(set(args.layers) - set(LAYERS))
        if unknown:
            parser.error(f"unknown layer(s) {', '.join(unknown)}; choose from {', '.join(LAYERS)}")
    if args.slow is not None and not 0.1 <= args.slow <= 10:
        parser.error("--slow must be between 0.1 and 10 seconds")
    if args.vary and args.seeds is None:
        parser.error("--vary goes with --seeds")
    if args.steps < 1:
        parser.error("--steps must be ≥ 1")
    args.population = None
    if args.seeds is not None:
        args.population = _population(parser, args)
    return args


def _population(parser, args):
    """(base config, preset, seeds, varies, steps) for the wall, checked as ``ganstudio sweep`` checks."""
    from ganstudio.engine.population.grid import expand, parse_seeds, parse_vary
    from ganstudio.engine.train.config import ConfigError

    name = args.preset or DEFAULT_PRESET
    base = preset(name)
    try:
        seeds = parse_seeds(args.seeds)
        varies = [parse_vary(v, base) for v in args.vary]
        expand(base, seeds, varies)
    except ConfigError as exc:
        parser.error("; ".join(exc.errors))
    return base, name, seeds, varies, args.steps


def main(argv: list[str] | None = None) -> int:
    args = _parse(sys.argv[1:] if argv is None else argv)
    if QApplication.instance() is None:
        display_check.require_display()  # a clear message and status 2 instead of Qt's abort
    user_files.name_application()  # before anything reads a path: one data folder however it starts
    app = QApplication.instance() or QApplication(sys.argv[:1])
    i18n.install_translator(app, i18n.choose_language(args.lang))  # before any widget reads its texts
    moved = user_files.adopt_old_folders()

    from ganstudio.ui.window.main_window import MainWindow  # after QApplication: pyqtgraph (later) reads its settings

    window = MainWindow(preset(args.preset) if args.preset else None)
    if moved:
        note = user_files.moved_note(moved)
        print(f"ganstudio: {note}", flush=True)
        window.statusBar().showMessage(note, 15000)
    if args.layers is not None:
        def show_layers() -> None:
            for name, box in window.samples.lab.toggles.items():
                box.setChecked(name in args.layers)

        _when_views_built(window, show_layers)
    if args.slow is not None:
        window.run_bar.slow_delay.setValue(args.slow)
        window.run_bar.slow.setChecked(True)
    done = False

    def finish() -> None:
        nonlocal done
        if done:
            return
        done = True
        window.redraw()
        if args.screenshot:
            for _ in range(3):  # let the layout take in the last texts (the status bar's step)
                app.processEvents()
            window.grab().save(args.screenshot)
        window.close()
        app.quit()

    if args.autostart:
        window.reset_applied.connect(window.toggle_running, type=_single_shot())
    if args.population is not None:
        from PySide6.QtCore import QTimer

        QTimer.singleShot(0, lambda: window.populations.new_population(*args.population))
    if args.quit_after_steps:
        window.frame_applied.connect(lambda step: step >= args.quit_after_steps and finish())
    if args.startup_timing:
        _report_startup(window, finish)
    window.show()
    code = app.exec()
    window.close()
    window.deleteLater()
    # Delete it now, while Python is whole: left to PySide's exit clean-up, a pyqtgraph item's
    # Python event handler runs mid-teardown and the process dies with SIGSEGV (it did whenever
    # the window was closed before training had started).
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    return code


def _when_views_built(window, action) -> None:
    """Run ``action`` once the plots and samples exist (after the first paint, unless torch was
    already loaded and the window built them at once)."""
    if window.samples is not None:
        action()
    else:
        window.views_built.connect(action, type=_single_shot())


def _report_startup(window, finish) -> None:
    def painted() -> None:
        print(f"ganstudio-timing first_paint {time.time():.6f} torch_loaded={'torch' in sys.modules}", flush=True)

    def ready() -> None:
        print(f"ganstudio-timing start_enabled {time.time():.6f} "
              f"enabled={window.run_bar.start.isEnabled()}", flush=True)
        finish()

    window.first_painted.connect(painted, type=_single_shot())
    window.reset_applied.connect(ready, type=_single_shot())


def _single_shot():
    from PySide6.QtCore import Qt

    return Qt.ConnectionType.SingleShotConnection
