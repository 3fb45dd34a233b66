"""Shared test setup. The Qt platform is chosen here, before anything imports Qt."""

import atexit
import os
import shutil
import tempfile

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# The window stores its theme, layout and last preset with QSettings: never in the user's own
# settings, not even from a subprocess (main.py) a test starts.
_CONFIG_HOME = tempfile.mkdtemp(prefix="ganstudio-test-config-")
os.environ["XDG_CONFIG_HOME"] = _CONFIG_HOME
atexit.register(shutil.rmtree, _CONFIG_HOME, True)
# Run folders (the window writes one per training session) and drawings go under GANSTUDIO_HOME:
# a temporary folder, never the user's own data directory.
_DATA_HOME = tempfile.mkdtemp(prefix="ganstudio-test-data-")
os.environ["GANSTUDIO_HOME"] = _DATA_HOME
atexit.register(shutil.rmtree, _DATA_HOME, True)

import pytest  # noqa: E402


@pytest.fixture(autouse=True)
def _fresh_settings(request, tmp_path, monkeypatch):
    """Each window test starts from empty settings, so one test's theme or preset is not the next's."""
    if "qtbot" not in request.fixturenames and "qapp" not in request.fixturenames:
        yield
        return
    from PySide6.QtCore import QSettings

    from ganstudio.ui import i18n

    store = str(tmp_path / "ganstudio-settings.ini")
    monkeypatch.setattr(i18n, "settings", lambda: QSettings(store, QSettings.Format.IniFormat))
    yield


@pytest.fixture(autouse=True)
def _no_dangling_qthreads(request):
    """Fail a test that leaves a QThread running: one destroyed while running aborts the process."""
    yield
    if "qtbot" not in request.fixturenames:
        return
    from PySide6.QtCore import QThread
    from PySide6.QtWidgets import QApplication

    from ganstudio.worker import TrainingController

    app = QApplication.instance()
    running = [t for t in (app.findChildren(QThread) if app else []) if t.isRunning()]
    for controller in TrainingController.live_instances():
        if controller.thread.isRunning():
            running.append(controller.thread)
            controller.shutdown(2000)  # stop it so the next tests still run
    for thread in running:
        thread.quit()
        thread.wait(2000)
    assert not running, f"test left {len(running)} QThread(s) running"


@pytest.fixture
def open_window(qtbot):
    """``open_window(cfg)``: a shown MainWindow whose model is built, reset dialogs answered yes;
    closed at the end of the test, which fails if its training thread outlives it."""
    windows = []

    def _open(cfg):
        from ganstudio.ui.main_window import MainWindow

        win = MainWindow(cfg)
        win.confirm_reset = lambda: True
        qtbot.addWidget(win)
        with qtbot.waitSignal(win.reset_applied, timeout=20000):
            win.show()
        windows.append(win)
        return win

    yield _open
    for win in windows:
        win.close()
        assert not win.controller.thread.isRunning()
