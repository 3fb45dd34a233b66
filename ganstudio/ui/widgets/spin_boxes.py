"""A learning-rate spin box that steps along 1-2-5 per decade, so arrows move 2e-4 → 5e-4 → 1e-3."""

from __future__ import annotations

import bisect
import math

from PySide6.QtGui import QValidator
from PySide6.QtWidgets import QDoubleSpinBox, QWidget


def _ladder(lo: float, hi: float) -> list[float]:
    values = [m * 10.0 ** e for e in range(-8, 2) for m in (1, 2, 5)]
    return [v for v in values if lo <= v <= hi]


class LogSpinBox(QDoubleSpinBox):
    def __init__(self, lo: float = 1e-6, hi: float = 1.0, parent: QWidget | None = None):
        super().__init__(parent)
        self.setDecimals(8)
        self.setRange(lo, hi)
        self._ladder = _ladder(lo, hi)

    def stepBy(self, steps: int) -> None:
        v = self.value()
        if steps > 0:
            i = bisect.bisect_right(self._ladder, v * (1 + 1e-9)) + steps - 1
        else:
            i = bisect.bisect_left(self._ladder, v * (1 - 1e-9)) + steps
        self.setValue(self._ladder[max(0, min(len(self._ladder) - 1, i))])

    def textFromValue(self, value: float) -> str:
        if value <= 0 or math.isclose(value, 0.0):
            return "0"
        return f"{value:.4g}"

    def valueFromText(self, text: str) -> float:
        try:
            return float(text)
        except ValueError:
            return self.value()

    def validate(self, text: str, pos: int):
        try:
            value = float(text)
        except ValueError:
            return QValidator.State.Intermediate, text, pos
        ok = self.minimum() <= value <= self.maximum()
        return (QValidator.State.Acceptable if ok else QValidator.State.Intermediate), text, pos
