"""The mouse wheel scrolls a settings panel; it changes a value only in the field the user chose.

Qt gives a wheel event to the spin box or combo box under the pointer, focused or not. Scrolling
down a panel of settings, a field then slides under the pointer and takes the rest of the turn: a
teacher scrolling the Settings dock changed the loss to hinge mid-lesson (issue 19). The usual Qt
guard: such fields take focus only by a click or Tab (not by the wheel), and while one has no focus
its wheel events go to the panel's scroll bar instead.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt
from PySide6.QtWidgets import QAbstractSpinBox, QComboBox, QScrollArea, QWidget

GUARDED = (QAbstractSpinBox, QComboBox)


class WheelGuard(QObject):
    """Installed on every spin box and combo box inside ``area`` (now and as they are added)."""

    def __init__(self, area: QScrollArea):
        super().__init__(area)
        self.area = area
        self.guard(area.widget())

    def guard(self, container: QWidget | None) -> None:
        """Guard the fields inside ``container`` (call again after adding fields)."""
        if container is None:
            return
        for kind in GUARDED:
            for field in container.findChildren(kind):
                field.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
                field.removeEventFilter(self)
                field.installEventFilter(self)

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 (Qt's name)
        if event.type() == QEvent.Type.Wheel and not obj.hasFocus():
            QCoreApplication.sendEvent(self.area.verticalScrollBar(), event)
            return True
        return False
