"""Tooltip text that wraps at a readable width.

Qt draws a plain-text tooltip on one line as wide as its text, and wraps it only where it would
not fit on the screen: with the pointer on the gradient plot at 1366 × 768 the tooltip ran 990 px
across the window. Rich text wraps, but Qt then picks a squarish box (six lines of three words).
So ``tip`` leaves short text as it is and hands longer text to Qt as rich text, escaped, in a
column about ``WRAP_CHARS`` average characters wide; text that is rich already passes unchanged.
"""

from __future__ import annotations

import html

from PySide6.QtGui import QFontMetrics, Qt
from PySide6.QtWidgets import QToolTip

WRAP_CHARS = 60  # a line of a wrapped tooltip, in the tooltip font's average characters


def tip(text: str) -> str:
    """``text`` as a tooltip that wraps (``widget.setToolTip(tip(self.tr("...")))``)."""
    if not text or Qt.mightBeRichText(text):
        return text
    metrics = QFontMetrics(QToolTip.font())
    width = WRAP_CHARS * metrics.averageCharWidth()
    if max(metrics.horizontalAdvance(line) for line in text.splitlines()) <= width:
        return text
    body = html.escape(text, quote=False).replace("\n", "<br>")
    return f'<table width="{width}"><tr><td>{body}</td></tr></table>'
