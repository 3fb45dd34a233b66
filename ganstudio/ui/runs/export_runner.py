"""Run one export (a timelapse, a TensorBoard log, a CSV) off the GUI thread, with a progress dialog.

The export is a plain engine function; it runs in a QThread while a window-modal QProgressDialog
shows how far it got and offers Cancel. Cancel only sets a flag that the function polls through
its ``cancelled()`` argument (a queued slot could not reach a busy thread), and the function
raises ``Cancelled`` having written nothing. The outcome is announced after the thread has ended,
so the thread is always joined and the join never waits.
"""

from __future__ import annotations

import inspect
import threading
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, Qt, QThread, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from ganstudio.engine.export.animation import Cancelled
from ganstudio.ui.widgets.tooltip_text import tip

SHOW_AFTER_MS = 300  # a quick export finishes without a dialog flashing up
_PROGRESS_STEPS = 1000  # progress reaches the GUI at most this many times per export


class _ExportThread(QThread):
    """Calls the function once; keeps its result or its exception for the GUI thread to read."""

    progressed = Signal(int, int)

    def __init__(self, function: Callable, args: tuple, kwargs: dict, parent: QObject):
        super().__init__(parent)
        self.function, self.args, self.kwargs = function, args, kwargs
        self.result: Path | None = None
        self.error: BaseException | None = None
        self._shown = -1

    def report(self, done: int, total: int) -> None:
        """The function's ``progress``: forwarded only when it moved a visible amount."""
        shown = done * _PROGRESS_STEPS // max(total, 1)
        if shown != self._shown or done >= total:
            self._shown = shown
            self.progressed.emit(int(done), int(total))

    def run(self) -> None:
        try:
            self.result = self.function(*self.args, **self.kwargs)
        except BaseException as exc:  # noqa: BLE001 (every failure goes back to the GUI as a message)
            self.error = exc


def _target(function: Callable, args: tuple, kwargs: dict) -> str | None:
    """The file or folder the export writes (its ``out`` / ``out_dir`` argument), for messages."""
    try:
        bound = inspect.signature(function).bind_partial(*args, **kwargs).arguments
    except (TypeError, ValueError):
        return None
    for name in ("out", "out_dir", "path", "dest"):
        if bound.get(name) is not None:
            return str(bound[name])
    return None


def _file_in_the_way(target: str | None) -> Path | None:
    """The nearest existing ancestor of ``target`` when it is a file (so no folder can be made)."""
    if not target:
        return None
    for parent in Path(target).parents:
        if parent.exists():
            return None if parent.is_dir() else parent
    return None


def _accepts(function: Callable, name: str) -> bool:
    try:
        params = inspect.signature(function).parameters
    except (TypeError, ValueError):
        return False
    return name in params or any(p.kind is p.VAR_KEYWORD for p in params.values())


class ExportRunner(QObject):
    """``ExportRunner(window).start(export_timelapse, run, out, fps=8)``; one export at a time.

    Signals, each once per export and after its thread has ended: ``finished(Path)``,
    ``failed(str)`` (a sentence naming the file and the problem) or ``cancelled()``.
    Call ``shutdown()`` before the window closes: it cancels a running export and joins its thread.
    """

    finished = Signal(object)
    failed = Signal(str)
    cancelled = Signal()

    def __init__(self, parent: QWidget):
        super().__init__(parent)
        self._window = parent
        self._thread: _ExportThread | None = None
        self.dialog: QProgressDialog | None = None  # while an export runs
        self._cancel = threading.Event()
        self._target: str | None = None

    def is_running(self) -> bool:
        return self._thread is not None

    def start(self, function: Callable, *args, **kwargs) -> bool:
        """Start ``function(*args, **kwargs)`` in a thread, adding ``progress`` and ``cancelled``
        when it takes them. Returns False (and starts nothing) while another export runs."""
        if self._thread is not None:
            return False
        self._cancel = threading.Event()
        self._target = _target(function, args, kwargs)
        thread = _ExportThread(function, args, dict(kwargs), self)
        if _accepts(function, "progress"):
            thread.kwargs["progress"] = thread.report
        if _accepts(function, "cancelled"):
            thread.kwargs["cancelled"] = self._cancel.is_set
        thread.progressed.connect(self._on_progress)
        thread.finished.connect(self._on_thread_finished)
        self._thread = thread
        self.dialog = self._make_dialog()
        thread.start()
        return True

    def cancel(self) -> None:
        """Ask the running export to stop; it reports ``cancelled`` once it has. (The dialog's
        Cancel button hides the dialog itself; the thread stops at its next check.)"""
        self._cancel.set()

    def shutdown(self, timeout_ms: int = 30000) -> bool:
        """Cancel and join the running export (when the window closes). True if none is left."""
        thread = self._thread
        if thread is None:
            return True
        self.cancel()
        if not thread.wait(timeout_ms):
            return False
        self._on_thread_finished()
        return True

    # ------------------------------------------------------------ the dialog

    def _make_dialog(self) -> QProgressDialog:
        name = Path(self._target).name if self._target else None
        text = self.tr("Exporting {0}…").format(name) if name else self.tr("Exporting…")
        dialog = QProgressDialog(text, self.tr("Cancel"), 0, 0, self._window)
        dialog.setWindowTitle(self.tr("Export"))
        dialog.setToolTip(tip(self.tr("Cancel stops the export and leaves no partial file behind.")))
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setAutoReset(False)
        dialog.setAutoClose(False)
        dialog.setMinimumDuration(SHOW_AFTER_MS)
        dialog.canceled.connect(self.cancel)
        return dialog

    def _on_progress(self, done: int, total: int) -> None:
        if self.dialog is None or self._cancel.is_set():
            return
        self.dialog.setMaximum(max(total, 1))
        self.dialog.setValue(min(done, total))

    def _on_thread_finished(self) -> None:
        thread, dialog = self._thread, self.dialog
        if thread is None:  # shutdown() already reported it
            return
        thread.wait()  # it has ended: this returns at once
        self._thread = self.dialog = None
        dialog.canceled.disconnect(self.cancel)
        dialog.close()
        dialog.deleteLater()
        thread.deleteLater()
        if isinstance(thread.error, Cancelled):
            self.cancelled.emit()
        elif thread.error is not None:
            self.failed.emit(self._message(thread.error))
        else:
            self.finished.emit(Path(thread.result) if thread.result is not None else None)

    def _message(self, error: BaseException) -> str:
        """One sentence a user can act on: which file, what went wrong."""
        if isinstance(error, OSError) and error.strerror:
            where = self._target or error.filename  # the file the user chose, not a temp file beside it
            blocker = _file_in_the_way(where)
            if blocker is not None:
                return self.tr("Could not write {0}: {1} is a file, not a folder.").format(where, blocker)
            if where:
                return self.tr("Could not write {0}: {1}.").format(where, error.strerror)
            return self.tr("The export failed: {0}.").format(error.strerror)
        detail = str(error).strip() or type(error).__name__
        if self._target and self._target not in detail:
            return self.tr("Could not export to {0}: {1}").format(self._target, detail)
        return self.tr("The export failed: {0}").format(detail)
