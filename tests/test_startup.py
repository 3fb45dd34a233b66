"""The window paints before torch is imported, then loads it in the background and builds the
first networks; Start works once they exist (benchmarks/bench_startup.py times it)."""

import os
import subprocess
import sys
import types
from pathlib import Path

from ganstudio.engine.train.presets import preset

ROOT = Path(__file__).resolve().parents[1]

SHELL_PROBE = """
import sys
from PySide6.QtWidgets import QApplication
app = QApplication([])
import ganstudio.app, ganstudio.ui.window.main_window
heavy = sorted(m for m in ("torch", "pyqtgraph", "numpy") if m in sys.modules)
print(",".join(heavy) or "none")
"""


def test_the_window_module_imports_neither_torch_nor_pyqtgraph():
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    done = subprocess.run([sys.executable, "-c", SHELL_PROBE], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "none"


def test_main_paints_before_torch_is_imported_then_enables_start():
    """As a user starts it: the first paint comes with torch not yet imported, Start is enabled
    once the networks are built, and the process exits cleanly."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    done = subprocess.run([sys.executable, str(ROOT / "main.py"), "--startup-timing", "--preset", "ring8"],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=180)
    assert done.returncode == 0, done.stderr
    lines = {line.split()[1]: line for line in done.stdout.splitlines() if line.startswith("ganstudio-timing")}
    assert "torch_loaded=False" in lines["first_paint"]
    assert "enabled=True" in lines["start_enabled"]
    assert float(lines["first_paint"].split()[2]) <= float(lines["start_enabled"].split()[2])


def _pretend_torch_is_not_loaded(monkeypatch):
    """The staged opening, in a test process where torch is loaded already: the window decides by
    looking for torch in sys.modules; the loader's import is then instant."""
    from ganstudio.ui.window import main_window

    monkeypatch.setattr(main_window, "sys", types.SimpleNamespace(modules={}))


def test_staged_opening_builds_views_then_engine(qtbot, monkeypatch):
    from ganstudio.ui.window.main_window import MainWindow

    _pretend_torch_is_not_loaded(monkeypatch)
    win = MainWindow(preset("ring8"))
    qtbot.addWidget(win)
    assert win.plots is None and win.controller is None
    assert not win.run_bar.start.isEnabled() and "PyTorch" in win.run_bar.state.text()
    win.toggle_running()  # Space while loading: nothing to start yet, and no error
    with qtbot.waitSignal(win.reset_applied, timeout=20000):
        win.show()
    assert win.plots is not None and win.samples.lab is not None and win.controller is not None
    assert win.run_bar.start.isEnabled() and win.run_bar.reset.isEnabled()
    win.run_bar.step_both.click()
    qtbot.waitUntil(lambda: win.step == 1, timeout=10000)
    win.close()
    assert not win.controller.thread.isRunning()


def test_closing_before_torch_has_loaded_starts_no_thread(qtbot, monkeypatch):
    from ganstudio.ui.window.main_window import MainWindow

    _pretend_torch_is_not_loaded(monkeypatch)
    win = MainWindow(preset("ring8"))
    qtbot.addWidget(win)
    with qtbot.waitSignal(win.views_built, timeout=10000):
        win.show()
    win.close()  # the loader's "loaded" is still queued
    qtbot.wait(200)
    assert win.controller is None


def test_modules_imported_after_qt_are_not_read_as_source(tmp_path, monkeypatch):
    """PySide6 reads the source of every module imported after it (its __feature__ check); the
    app turns that off (ganstudio/pyside_imports.py), so torch._dynamo and sympy load from bytecode only."""
    import inspect
    import sys

    from ganstudio.pyside_imports import skip_source_scan

    assert skip_source_scan()
    read = []
    real = inspect.getsource
    monkeypatch.setattr(inspect, "getsource", lambda obj: read.append(obj) or real(obj))
    (tmp_path / "ganstudio_probe_module.py").write_text("VALUE = 'mentions PySide6 in its source'\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    module = __import__("ganstudio_probe_module")  # an import statement's way, through PySide's hook
    assert module.VALUE and read == []
    assert sys.modules["shibokensupport.feature"].pyside_feature_dict["ganstudio_probe_module"] == -1
