"""Every key the window answers to, with what it does, for Help ▸ Keyboard shortcuts.

Whoever binds a key adds it here (the window, the File menu, the View menu), so the list cannot
drift from what the keys do.
"""

from __future__ import annotations

from PySide6.QtGui import QKeySequence


class ShortcutList:
    def __init__(self):
        self._rows: list[tuple[QKeySequence, str]] = []

    def add(self, key, text: str) -> None:
        self._rows.append((QKeySequence(key), text))

    def rows(self) -> list[tuple[QKeySequence, str]]:
        return list(self._rows)
