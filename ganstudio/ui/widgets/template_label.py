"""A label that keeps room for its longest text, in whatever font it has now.

A label whose text changes many times a second (a slider's value, the timeline's step) should not
make its row jump, so it reserves the width of a template ("+0.00", "Step 123456 (12 of 200)").
Reserving it once, in the font of the moment, cut the text off after presentation mode enlarged
the font ("+0.92" in 41 px of a 59-px text, issue 19); here the reserve is measured whenever the
layout asks.
"""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtWidgets import QLabel


class TemplateLabel(QLabel):
    def __init__(self, template: str, text: str = "", parent=None):
        super().__init__(text, parent)
        self.template = template

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt's name)
        hint = super().minimumSizeHint()
        margins = self.contentsMargins()
        width = self.fontMetrics().horizontalAdvance(self.template) + margins.left() + margins.right()
        return QSize(max(hint.width(), width), hint.height())

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt's name)
        hint = super().sizeHint()
        return QSize(max(hint.width(), self.minimumSizeHint().width()), hint.height())
