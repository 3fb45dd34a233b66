"""Opening fast: the window paints first, the heavy imports come after.

Importing torch takes ~2 s and pyqtgraph ~0.4 s on a 2-core machine, longer than the whole of Qt.
So the window is built in three stages (ui/window/main_window.py): its shell (settings, run bar, menus)
is shown at once; on its first paint (``FirstPaint``) the plots are built, then an
``EngineLoader`` imports the training worker, and with it torch, in a plain Python thread while
the window stays responsive; when that is done the training thread starts and the first networks
are built. Python's import lock makes importing in a second thread safe, and the loader's signals
arrive in the GUI thread queued. (Building the plots while torch imports is no faster: both are
Python work under one GIL; measured, the plots then took 2 s to appear instead of 0.6 s.)

A plain ``threading.Thread`` and not a QThread: it owns no Qt object, and a test that closes the
window while torch is still loading must not leave a QThread behind.
"""

from __future__ import annotations

import importlib
import threading

from PySide6.QtCore import QEvent, QObject, Signal

ENGINE_MODULE = "ganstudio.controller"  # imports the worker, the trainer, and through them torch


class FirstPaint(QObject):
    """Emits ``painted`` once, after a widget's first paint event; costs nothing afterwards."""

    painted = Signal()

    def __init__(self, widget):
        super().__init__(widget)
        self._widget = widget
        widget.installEventFilter(self)

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 (Qt's name)
        if event.type() == QEvent.Type.Paint:
            self._widget.removeEventFilter(self)
            self.painted.emit()
        return False


class EngineLoader(QObject):
    """Imports ENGINE_MODULE in a background thread; ``loaded`` or ``failed(message)`` follows."""

    loaded = Signal()
    failed = Signal(str)

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="ganstudio-import", daemon=True)
            self._thread.start()

    def wait(self, timeout_s: float) -> None:
        """Let an import in progress finish (closing the app mid-import would tear torch down half-made)."""
        if self._thread is not None:
            self._thread.join(timeout_s)

    def _run(self) -> None:
        try:
            importlib.import_module(ENGINE_MODULE)
        except Exception as exc:  # a broken or missing torch: the window says so instead of dying
            signal, args = self.failed, (f"{type(exc).__name__}: {exc}",)
        else:
            signal, args = self.loaded, ()
        try:
            signal.emit(*args)
        except RuntimeError:  # the window was closed and deleted meanwhile: nobody is waiting
            pass
