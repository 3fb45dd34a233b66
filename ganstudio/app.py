"""Start the window: ``python main.py [--preset NAME] [--autostart] [--quit-after-steps N] [--screenshot F]``.

``--quit-after-steps`` and ``--screenshot`` make the window usable from scripts: demos, docs and
automated checks that the whole app trains and draws.
"""

from __future__ import annotations

import argparse
import sys

from PySide6.QtWidgets import QApplication

from ganstudio.engine.presets import DEFAULT_PRESET, PRESETS, preset


def _parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="ganstudio-gui", description="Watch a GAN learn, live.")
    parser.add_argument("--preset", default=DEFAULT_PRESET, choices=list(PRESETS),
                        help="configuration to load (default: %(default)s)")
    parser.add_argument("--autostart", action="store_true", help="start training once the model is built")
    parser.add_argument("--quit-after-steps", type=int, default=0, metavar="N",
                        help="quit once training has reached step N")
    parser.add_argument("--screenshot", metavar="FILE.png", help="save a picture of the window just before quitting")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = _parse(sys.argv[1:] if argv is None else argv)
    app = QApplication.instance() or QApplication(sys.argv[:1])

    from ganstudio.ui.main_window import MainWindow  # after QApplication: pyqtgraph reads its settings

    window = MainWindow(preset(args.preset))
    done = False

    def finish() -> None:
        nonlocal done
        if done:
            return
        done = True
        window.redraw()
        if args.screenshot:
            window.grab().save(args.screenshot)
        window.close()
        app.quit()

    if args.autostart:
        window.reset_applied.connect(window.toggle_running, type=_single_shot())
    if args.quit_after_steps:
        window.frame_applied.connect(lambda step: step >= args.quit_after_steps and finish())
    window.show()
    code = app.exec()
    window.close()
    window.deleteLater()
    return code


def _single_shot():
    from PySide6.QtCore import Qt

    return Qt.ConnectionType.SingleShotConnection
