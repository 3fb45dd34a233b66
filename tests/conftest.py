"""Shared test setup. The Qt platform is chosen here, before anything imports Qt."""

import atexit
import faulthandler
import functools
import os
import shutil
import tempfile
import threading

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Offscreen, the screen is a 1280 × 720 projector, the smallest the window supports (issue 19):
# a dialog or window sized for a larger screen shows in the tests as it would in a classroom.
if os.environ["QT_QPA_PLATFORM"] == "offscreen":
    os.environ["QT_QPA_PLATFORM"] = "offscreen:configfile=" + os.path.join(os.path.dirname(__file__),
                                                                           "screen_1280x720.json")
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
from pytestqt import wait_signal  # noqa: E402

from ganstudio.pyside_imports import skip_source_scan  # noqa: E402

skip_source_scan()  # as the app does: no source read of every module imported after Qt

pytest_plugins = ["pytester"]


# ------------------------------------------------------------------ no hang eats CI
# pytest-timeout (pyproject: thread method) ends a test past its limit with every thread's Python
# stack. Its timer is a Python thread: should a hang hold the GIL, it could never run. So each test
# also arms faulthandler's C watchdog, which needs no GIL, a minute past the same limit: it writes
# every thread's stack to the terminal and ends the process.
LONG_STRESS_LIMIT_S = 4 * 3600


def _limit_s(item) -> float:
    marker = item.get_closest_marker("timeout")
    if marker is not None and (marker.args or "timeout" in marker.kwargs):
        return float(marker.args[0] if marker.args else marker.kwargs["timeout"])
    option = item.config.getoption("timeout", None)
    return float(option if option is not None else item.config.getini("timeout") or 0)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_protocol(item, nextitem):
    from _pytest.faulthandler import fault_handler_stderr_fd_key

    limit = _limit_s(item)
    if limit <= 0 or fault_handler_stderr_fd_key not in item.config.stash:
        return (yield)
    grace_s = float(item.config.getini("timeout_backstop_grace_s"))
    faulthandler.dump_traceback_later(limit + grace_s, exit=True,
                                      file=item.config.stash[fault_handler_stderr_fd_key])
    try:
        return (yield)
    finally:
        faulthandler.cancel_dump_traceback_later()


def pytest_collection_modifyitems(config, items):
    """--long: the stress test plays for as long as its rules take (its CI limit is for CI's size)."""
    if config.getoption("--long"):
        for item in items:
            if item.get_closest_marker("stress") is not None:
                item.add_marker(pytest.mark.timeout(LONG_STRESS_LIMIT_S), append=False)


def pytest_configure(config):
    config.addinivalue_line("markers", "stress: the window's stress test (tests/test_stress.py; see --long)")


def pytest_addoption(parser):
    parser.addini("timeout_backstop_grace_s", "seconds past a test's timeout before faulthandler ends the "
                  "process (when pytest-timeout could not)", default="60")
    group = parser.getgroup("ganstudio")
    group.addoption("--long", action="store_true",
                    help="test_stress.py: play at least --long-rules rules with fresh seeds beside busy processes")
    group.addoption("--long-rules", type=int, default=5000, help="rules the --long stress test plays at least")
    group.addoption("--busy", type=int, default=2, help="busy processes beside the --long stress test")

# ------------------------------------------------------------------ waits on other threads' signals
# qtbot.waitSignal's slot runs in the thread that emits; from there it can lose both its timeout
# and its quit, and the test waits forever (tests/thread_waits.py tells the whole story). Any
# such call is recorded, carried over to the GUI thread (so the test still ends), and fails it.
_off_gui_thread: list[str] = []
_to_gui_thread = None  # a _GuiCall, made in the GUI thread by the first Qt test


def _gui_thread_slot(slot):
    @functools.wraps(slot)
    def guarded(self, *args):
        if threading.current_thread() is threading.main_thread():
            return slot(self, *args)
        from PySide6.QtCore import QThread

        _off_gui_thread.append(QThread.currentThread().objectName() or threading.current_thread().name)
        _to_gui_thread.call.emit(functools.partial(slot, self, *args))

    return guarded


wait_signal.SignalBlocker._quit_loop_by_signal = _gui_thread_slot(wait_signal.SignalBlocker._quit_loop_by_signal)
wait_signal.MultiSignalBlocker._unique_signal_emitted = _gui_thread_slot(
    wait_signal.MultiSignalBlocker._unique_signal_emitted)


@pytest.fixture(autouse=True)
def _waits_in_the_gui_thread(request):
    global _to_gui_thread
    if "qtbot" not in request.fixturenames:
        yield
        return
    if _to_gui_thread is None:
        from PySide6.QtCore import QObject, Signal

        class _GuiCall(QObject):
            call = Signal(object)

            def __init__(self):
                super().__init__()
                self.call.connect(self._run)  # emitted from another thread: queued to this one

            def _run(self, function):
                function()

        _to_gui_thread = _GuiCall()
    _off_gui_thread.clear()
    yield
    if _off_gui_thread:
        threads = sorted(set(_off_gui_thread))
        _off_gui_thread.clear()
        pytest.fail(f"qtbot.waitSignal got a signal emitted in thread {', '.join(threads)}: its slot ran "
                    f"there and could have lost both its timeout and its quit (a hang). Wait with "
                    f"thread_waits.worker_signal(qtbot, signal) instead.", pytrace=False)


@pytest.fixture(autouse=True)
def _fresh_settings(request, tmp_path, monkeypatch):
    """Each window test starts from empty settings, so one test's theme or preset is not the next's."""
    if "qtbot" not in request.fixturenames and "qapp" not in request.fixturenames:
        yield
        return
    from PySide6.QtCore import QSettings

    from ganstudio.ui.settings import i18n

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

    from ganstudio.controller import TrainingController

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
        from ganstudio.ui.window.main_window import MainWindow

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
