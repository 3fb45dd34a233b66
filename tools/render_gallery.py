"""Render the README gallery: the main views of the real app, trained live, saved as PNGs.

    xvfb-run -a -s "-screen 0 2560x1600x24" python tools/render_gallery.py     # every view, into docs/gallery/
    xvfb-run -a -s "-screen 0 2560x1600x24" python tools/render_gallery.py --only ring8-lab-zh_CN-dark
    python tools/render_gallery.py --list

Each picture comes from its own subprocess that builds ``QApplication`` and ``MainWindow`` the way
``ganstudio.app.main`` does, trains the preset for a few hundred to a few thousand steps, drives
the window through its public methods (``set_theme``, ``set_presentation``, ``explorer_action``,
the 2-D lab view's layer toggles) and saves ``window.grab()`` at 1400 × 900 — wider for two views:
with the latent explorer docked the window cannot be narrower than about 1,610 pixels (it is
grabbed at 1920 × 900), and presentation mode is shown as on a 1920 × 1080 projector. The window
keeps inside its screen (ui/widgets/screen_fit.py), so the screen must hold the largest view: give
xvfb-run a 2560 × 1600 screen as above (its default, 1280 × 1024, would cut the views down); the
offscreen fallback gets one of that size. Every subprocess
gets fresh, temporary ``XDG_CONFIG_HOME`` and ``GANSTUDIO_HOME`` folders, so the user's own
settings (language, theme, last preset, window layout) and run folders are never read or changed,
and each view starts clean in its own language.

Display: with ``DISPLAY`` (or ``WAYLAND_DISPLAY``) set, the views render on that server (e.g. an
Xvfb started by ``xvfb-run``); without one the script falls back to ``QT_QPA_PLATFORM=offscreen``
and says so. Both render the same widgets; Xvfb is closer to what a user sees.

PNGs larger than ``--max-kb`` (300 KB) are re-encoded with Pillow: first a 256-colour palette,
then, if still too large, downscaled. About 3 minutes on a 2-core machine.

System packages this needs (Debian 12 here; all installed with apt-get):
- ``xvfb`` (the X server ``xvfb-run`` starts);
- the xcb libraries Qt's xcb platform plugin loads; this machine lacked ``libxcb-icccm4
  libxcb-keysyms1 libxcb-xinerama0`` (the others Qt wants, ``libxcb-cursor0 libxcb-image0
  libxcb-randr0 libxcb-render-util0 libxcb-shape0 libxcb-xkb1 libxkbcommon-x11-0``, were there).
  Without them Qt aborts with "could not load the Qt platform plugin xcb";
- a CJK font for the 简体中文 views: ``fonts-wqy-microhei`` (WenQuanYi Micro Hei), the font the
  gallery was rendered with. Without one the Chinese text renders as boxes; the script warns
  when ``fc-list :lang=zh`` finds nothing.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # ganstudio, in the driver and in each render
DEFAULT_OUT = ROOT / "docs" / "gallery"
WIDTH, HEIGHT = 1400, 900


@dataclass
class View:
    name: str  # the PNG's name, without .png
    caption: str
    preset: str
    steps: int  # grab once training has reached this step
    lang: str = "en"
    theme: str = "light"
    presentation: bool = False
    layers: list[str] | None = None  # 2-D lab view layers; None: the app's default
    explorer: bool = False  # open View ▸ Latent explorer and show its Interpolate strip
    until_alarm: bool = False  # keep training until the collapse alarm fires (``steps`` is the cap)
    after_alarm: int = 0  # steps to train on after the alarm, so the meter shows the drop
    width: int = WIDTH  # the window's size asked for; it grows to its minimum size when that is larger
    height: int = HEIGHT
    hide_settings: bool = False  # hide the Settings dock (room for the explorer)
    slow_phase: str = ""  # at ``steps``, turn slow motion on and grab while this phase is on screen
    fit_settings: bool = False  # widen the Settings dock to its contents (presentation mode's larger text)


VIEWS = [
    View("mnist-training-en-light", "MNIST MLP GAN after 1,500 steps: losses, D outputs, gradient norms, "
         "the class-coverage meter and the fixed-noise sample grid beside real digits.",
         "mnist-mlp", 1500),
    View("ring8-lab-en-light", "The 2-D lab view on eight Gaussians: real and generated points, D's "
         "heatmap, and arrows showing where G's loss pushes each generated point.",
         "ring8", 1200, layers=["real", "fake", "heatmap", "arrows"]),
    View("ring8-lab-zh_CN-dark", "The same lab view in 简体中文 with the dark theme, with the manifold "
         "layer (a grid in noise space bent by G).",
         "ring8", 1200, lang="zh_CN", theme="dark", layers=["real", "fake", "heatmap", "manifold"]),
    View("moons-slow-motion-en-light", "Slow motion: one training iteration played phase by phase; here "
         "G updates (its points highlighted), the arrows showing where G's loss pushes them.",
         "moons", 800, layers=["real", "fake", "heatmap", "arrows"], slow_phase="g_update"),
    View("mnist-collapse-meter-en-light", "mnist-collapse after the alarm: the meter (classes covered, KL "
         "to uniform, share per class) caught the collapse and the banner says what to try.",
         "mnist-collapse", 3000, until_alarm=True, after_alarm=250),
    View("latent-explorer-en-light", "The latent explorer (View ▸ Latent explorer; Settings panel hidden "
         "for room): pick two samples and walk G's noise space between them.",
         "mnist-mlp", 1500, explorer=True, width=1920, hide_settings=True),
    View("cgan-zh_CN-light", "Conditional GAN (mnist-cgan-mlp) in 简体中文: G is told which digit to "
         "draw, one row per digit.",
         "mnist-cgan-mlp", 2000, lang="zh_CN"),
    View("presentation-dark", "Presentation mode (F5) with the dark theme at 1920 × 1080, as on a "
         "projector: larger text and thicker lines; the advanced settings are hidden.",
         "spiral", 3000, theme="dark", presentation=True, width=1920, height=1080, fit_settings=True),
]
BY_NAME = {view.name: view for view in VIEWS}
SCREEN = (2560, 1600)  # the offscreen fallback's screen: larger than every view


# ------------------------------------------------------------------ the driver (this process)

def display_mode() -> str:
    """"x11"/"wayland" when a display server is there, else "offscreen"."""
    if os.environ.get("DISPLAY"):
        return "x11"
    if os.environ.get("WAYLAND_DISPLAY"):
        return "wayland"
    return "offscreen"


def check_cjk_font() -> None:
    if not shutil.which("fc-list"):
        print("note: fc-list not found; cannot check for a CJK font")
        return
    fonts = subprocess.run(["fc-list", ":lang=zh", "family"], capture_output=True, text=True).stdout.split("\n")
    fonts = sorted({f.split(",")[0] for f in fonts if f.strip()})
    if fonts:
        print(f"CJK fonts: {', '.join(fonts)}")
    else:
        print("WARNING: no CJK font (fc-list :lang=zh is empty): the zh_CN views will show boxes. "
              "Install one, e.g. `apt-get install -y fonts-wqy-microhei` or `fonts-noto-cjk`.")


def shrink(path: Path, max_kb: int) -> str:
    """Re-encode ``path`` under ``max_kb`` KB: palette first, then smaller; returns what was done."""
    from PIL import Image

    limit = max_kb * 1024
    if path.stat().st_size <= limit:
        return "as grabbed"
    original = Image.open(path).convert("RGB")
    image = original.quantize(colors=256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    image.save(path, optimize=True)
    done = "256 colours"
    scale = 1.0
    while path.stat().st_size > limit and scale > 0.5:
        scale -= 0.1
        size = (round(original.width * scale), round(original.height * scale))
        smaller = original.resize(size, Image.Resampling.LANCZOS)
        smaller.quantize(colors=256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE).save(
            path, optimize=True)
        done = f"256 colours, {size[0]}×{size[1]}"
    return done


def render(view: View, out: Path, timeout: float) -> bool:
    with tempfile.TemporaryDirectory(prefix="ganstudio-gallery-") as tmp:
        env = dict(os.environ)
        env["XDG_CONFIG_HOME"] = str(Path(tmp) / "config")  # QSettings: a clean, throw-away store
        env["GANSTUDIO_HOME"] = str(Path(tmp) / "home")  # run folders and checkpoints
        env.setdefault("OMP_NUM_THREADS", "1")
        if display_mode() == "offscreen":  # a screen that holds the largest view: the window fits its screen
            from ganstudio.ui.widgets.screen_fit import offscreen_platform

            env["QT_QPA_PLATFORM"] = offscreen_platform(Path(tmp), *SCREEN)
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
        command = [sys.executable, str(Path(__file__).resolve()), "--render-one", json.dumps(asdict(view)),
                   "--to", str(out)]
        started = time.perf_counter()
        try:
            result = subprocess.run(command, env=env, cwd=ROOT, capture_output=True, text=True, timeout=timeout)
        except subprocess.TimeoutExpired:
            print(f"  {view.name}: FAILED, no picture after {timeout:.0f} s")
            return False
        seconds = time.perf_counter() - started
        report = [line for line in result.stdout.splitlines() if line.startswith("gallery:")]
        if result.returncode != 0 or not out.exists():
            print(f"  {view.name}: FAILED (exit {result.returncode})")
            print("\n".join("    " + line for line in (result.stdout + result.stderr).splitlines()[-20:]))
            return False
        print(f"  {view.name}: {seconds:.0f} s; {'; '.join(r.removeprefix('gallery:').strip() for r in report)}")
        return True


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="folder for the PNGs (default docs/gallery)")
    parser.add_argument("--only", nargs="+", metavar="NAME", choices=list(BY_NAME), help="render only these views")
    parser.add_argument("--list", action="store_true", help="list the views and quit")
    parser.add_argument("--max-kb", type=int, default=300, help="largest PNG to keep as grabbed (default 300)")
    parser.add_argument("--timeout", type=float, default=240, help="seconds allowed per view (default 240)")
    parser.add_argument("--render-one", help=argparse.SUPPRESS)  # the subprocess: a View as JSON
    parser.add_argument("--to", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.render_one:
        return render_one(View(**json.loads(args.render_one)), args.to)
    if args.list:
        for view in VIEWS:
            print(f"{view.name}: {view.caption}")
        return 0

    mode = display_mode()
    if mode == "offscreen":
        print("No DISPLAY: rendering with QT_QPA_PLATFORM=offscreen "
              "(run under `xvfb-run -a` to use a real X server).")
    else:
        where = os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")
        print(f"Rendering on the {mode} display {where}.")
    check_cjk_font()
    args.out.mkdir(parents=True, exist_ok=True)
    failed = []
    started = time.perf_counter()
    for view in VIEWS:
        if args.only and view.name not in args.only:
            continue
        path = args.out / f"{view.name}.png"
        path.unlink(missing_ok=True)
        if not render(view, path, args.timeout):
            failed.append(view.name)
            continue
        done = shrink(path, args.max_kb)
        print(f"    → {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path} "
              f"({path.stat().st_size // 1024} KB, {done})")
    print(f"{time.perf_counter() - started:.0f} s in all" + (f"; FAILED: {', '.join(failed)}" if failed else ""))
    return 1 if failed else 0


# ------------------------------------------------------------------ one view (the subprocess)

def render_one(view: View, path: Path) -> int:
    """Build the window, train to the view's step, set it up, grab it; exit 0 when saved."""
    from PySide6.QtCore import QCoreApplication, QEvent, Qt, QTimer
    from PySide6.QtWidgets import QApplication

    from ganstudio.engine.train.presets import preset
    from ganstudio.ui.settings import i18n

    app = QApplication.instance() or QApplication([sys.argv[0]])
    i18n.install_translator(app, view.lang)

    from ganstudio.ui.window.main_window import MainWindow

    window = MainWindow(preset(view.preset))
    window.confirm_reset = lambda: True
    if view.hide_settings:
        window.settings_dock.hide()
    window.resize(view.width, view.height)

    if view.theme != window.theme:
        window.set_theme(view.theme)
    if view.presentation:
        window.set_presentation(True)
    single = Qt.ConnectionType.SingleShotConnection
    state = {"phase": "training", "alarm_step": None, "code": 1}

    def set_layers() -> None:
        if view.layers is not None:
            for name, box in window.samples.lab.toggles.items():
                box.setChecked(name in view.layers)

    def fail(message: str) -> None:
        print(f"gallery: FAILED: {message}", flush=True)
        quit_app()

    def quit_app() -> None:
        window.close()
        app.quit()

    def later(ms: int, action) -> None:
        QTimer.singleShot(ms, window, action)

    def on_frame(step: int) -> None:
        if state["phase"] != "training":
            return
        if view.until_alarm:
            if state["alarm_step"] is None and window.alarm.isVisible():
                state["alarm_step"] = step
                print(f"gallery: alarm at step {step}", flush=True)
            target = state["alarm_step"] + view.after_alarm if state["alarm_step"] is not None else view.steps
            if step < target:
                return
            if state["alarm_step"] is None:
                print(f"gallery: no alarm by step {step}", flush=True)
        elif step < view.steps:
            return
        state["phase"] = "settling"
        if view.slow_phase:
            window.run_bar.slow_delay.setValue(1.5)
            window.run_bar.slow.setChecked(True)
            wait_for_phase(0)
        elif view.explorer:
            window.controller.pause()  # the explorer's strip and the samples show the same G
            window.explorer_action.setChecked(True)
            wait_for_explorer(0)
        else:
            later(400, grab)  # a few more frames arrive; the layout settles

    def wait_for_phase(tries: int) -> None:
        if window.phase_strip.current == view.slow_phase:
            later(600, save)  # the phase's pictures are drawn when it is shown; grab() would redraw them
        elif tries > 200:
            fail(f"slow motion never showed {view.slow_phase}")
        else:
            later(50, lambda: wait_for_phase(tries + 1))

    def wait_for_explorer(tries: int) -> None:
        explorer = window.explorer
        if explorer.copy is not None:
            show_interpolation()
            later(1200, grab)
        elif tries > 100:
            fail("the latent explorer got no snapshot")
        else:
            later(100, lambda: wait_for_explorer(tries + 1))

    def show_interpolation() -> None:
        """Give the explorer room (as a user would drag the dock's edge and its splitter), then
        interpolate between the two most different samples of the pick grid."""
        room = window.width() - window.centralWidget().minimumSizeHint().width()
        window.resizeDocks([window.explorer_dock], [room], Qt.Orientation.Horizontal)
        later(300, widen_pick_grid)

    def widen_pick_grid() -> None:
        import numpy as np
        from PySide6.QtWidgets import QSplitter

        explorer = window.explorer
        splitters = [s for s in explorer.findChildren(QSplitter) if s.parent() is explorer]
        for splitter in splitters[:1]:  # the pick grid | the tabs
            total = sum(splitter.sizes())
            splitter.setSizes([int(total * 0.42), total - int(total * 0.42)])
        explorer.tabs.setCurrentWidget(explorer.interpolate)
        images = explorer.generate(explorer.fixed_noise).reshape(len(explorer.fixed_noise), -1)
        distance = ((images[:, None, :] - images[None, :, :]) ** 2).sum(-1)
        start, end = np.unravel_index(int(distance.argmax()), distance.shape)
        explorer.interpolate.pick(int(start))
        explorer.interpolate.pick(int(end))

    def grab() -> None:
        window.plots.redraw()
        window.meter.redraw()
        window.redraw()
        app.processEvents()
        later(200, save)

    def save() -> None:
        app.processEvents()
        image = window.grab()
        if not image.save(str(path)):
            fail(f"could not write {path}")
            return
        print(f"gallery: step {window.step}, {view.lang}, {view.theme}"
              f"{', presentation' if view.presentation else ''}, {image.width()}×{image.height()}, "
              f"platform {QApplication.platformName()}", flush=True)
        state["code"] = 0
        quit_app()

    def fit_settings(tries: int = 0) -> None:
        """Widen the Settings dock until its contents fit without a horizontal scroll bar, as a
        user would drag its edge."""
        dock, overflow = window.settings_dock, window.controls.horizontalScrollBar().maximum()
        if overflow > 0 and tries < 8:
            window.resizeDocks([dock], [dock.width() + overflow + 4], Qt.Orientation.Horizontal)
            later(100, lambda: fit_settings(tries + 1))

    def on_views_built() -> None:
        set_layers()
        if view.fit_settings:
            later(100, fit_settings)

    if window.samples is not None:
        on_views_built()
    else:
        window.views_built.connect(on_views_built, type=single)
    window.reset_applied.connect(window.toggle_running, type=single)
    window.frame_applied.connect(on_frame)
    later(int(10 * 60 * 1000), lambda: fail("ran out of time"))
    window.show()
    app.exec()
    window.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)  # as ganstudio.app.main does
    return state["code"]


if __name__ == "__main__":
    sys.exit(main())
