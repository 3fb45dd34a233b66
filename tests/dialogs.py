"""Answering the window's dialogs as a user would, from inside their own event loops.

A file dialog or a question opened by a menu item runs a nested event loop (``exec``) until it
is answered. ``Answerer`` polls for the active modal dialog from a timer, which keeps firing inside
those loops, answers it (a file name typed and accepted, Yes clicked, two runs ticked in the run
picker, a number entered) and records what it saw: the dialog's class, title, the folder a file
dialog opened in, and its size. Nothing is replaced: the real dialogs open and close.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QObject, QSize, Qt, QTimer
from PySide6.QtWidgets import (
    QApplication, QDialog, QFileDialog, QInputDialog, QMessageBox, QProgressDialog, QWidget,
)

POLL_MS = 30


@dataclass
class Seen:
    kind: str  # the dialog's class name
    title: str
    size: QSize
    directory: str | None = None  # a file dialog: the folder it opened in
    answer: str | None = None  # the file or folder chosen, the button pressed


class Answerer(QObject):
    """``Answerer(out_dir, open_folder=…)``: files are written into ``out_dir``; a dialog that asks
    for a folder to open gets ``open_folder()`` (None: cancel). ``seen`` lists every dialog."""

    def __init__(self, out_dir: Path, open_folder=lambda: None, input_value=None):
        super().__init__()
        self.out_dir = Path(out_dir)
        self.open_folder = open_folder
        self.input_value = input_value
        self.seen: list[Seen] = []
        self.timer = QTimer(self)
        self.timer.setInterval(POLL_MS)
        self.timer.timeout.connect(self._answer)
        self.timer.start()

    def stop(self) -> None:
        self.timer.stop()

    def _answer(self) -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None or isinstance(dialog, QProgressDialog) or not dialog.isVisible():
            return
        seen = Seen(type(dialog).__name__, dialog.windowTitle(), dialog.size())
        self.seen.append(seen)
        if isinstance(dialog, QFileDialog):
            self._answer_file(dialog, seen)
        elif isinstance(dialog, QMessageBox):
            button = dialog.button(QMessageBox.StandardButton.Yes) or dialog.defaultButton()
            seen.answer = f"{button.text() if button is not None else None}: {dialog.text()[:80]}"
            (button.click() if button is not None else dialog.accept())
        elif isinstance(dialog, QInputDialog):
            if self.input_value is not None:
                dialog.setIntValue(self.input_value)
            seen.answer = str(dialog.intValue())
            dialog.accept()
        elif type(dialog).__name__ == "RunPicker":
            tree = dialog.tree
            for i in range(min(2, tree.topLevelItemCount())):
                tree.topLevelItem(i).setCheckState(0, Qt.CheckState.Checked)
            seen.answer = ", ".join(str(p) for p in dialog.chosen())
            dialog.accept() if dialog.ok.isEnabled() else dialog.reject()
        elif isinstance(dialog, QDialog):
            seen.answer = "closed"
            dialog.reject()
        else:
            dialog.close()

    def _answer_file(self, dialog: QFileDialog, seen: Seen) -> None:
        seen.directory = dialog.directory().absolutePath()
        if dialog.fileMode() == QFileDialog.FileMode.Directory:
            saving_into = "TensorBoard" in dialog.windowTitle() or dialog.acceptMode() == QFileDialog.AcceptMode.AcceptSave
            target = self.out_dir / "tensorboard" if saving_into else self.open_folder()
        elif dialog.acceptMode() == QFileDialog.AcceptMode.AcceptSave:
            suggested = Path(dialog.selectedFiles()[0]).name if dialog.selectedFiles() else "export"
            target = self.out_dir / suggested
        else:
            target = self.open_folder()
        if target is None:
            seen.answer = "cancelled"
            dialog.reject()
            return
        Path(target).parent.mkdir(parents=True, exist_ok=True)
        if dialog.fileMode() == QFileDialog.FileMode.Directory:
            Path(target).mkdir(parents=True, exist_ok=True)
            dialog.setDirectory(str(target))
        dialog.selectFile(str(target))
        seen.answer = str(target)
        dialog.accept()


def too_large(seen: list[Seen], screen: QSize) -> list[str]:
    return [f"{s.kind} {s.title!r} is {s.size.width()}×{s.size.height()}, larger than the "
            f"{screen.width()}×{screen.height()} screen" for s in seen
            if s.size.width() > screen.width() or s.size.height() > screen.height()]


def top_levels() -> list[QWidget]:
    """Visible windows, dialogs with a parent included; not menus, tooltips or other popups."""
    windows = []
    for top in QApplication.topLevelWidgets():
        for w in [top, *top.findChildren(QWidget)]:
            if w.isWindow() and w.isVisible() and w.windowType() not in (
                    Qt.WindowType.Popup, Qt.WindowType.ToolTip) and w not in windows:
                windows.append(w)
    return windows
