"""The window's centre: the run bar, the red banner, the amber collapse alarm and slow motion's
caption above the views, which sit side by side in a splitter: plots and meter on the left,
samples and timeline on the right. The views arrive after the first paint (``add_views``)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QSizePolicy, QSplitter, QVBoxLayout, QWidget

from ganstudio.ui.window.alarm_banner import AlarmBanner
from ganstudio.ui.window.phase_strip import PhaseStrip
from ganstudio.ui.window.run_bar import RunBar

_BANNER_STYLE = "background: #c62828; color: white; font-weight: bold; padding: 6px; border-radius: 3px;"
METER_HEIGHT = 210  # px


class RunColumn(QWidget):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.run_bar = RunBar()
        self.banner = QLabel()  # an error: what failed and what to do
        self.banner.setWordWrap(True)
        self.banner.setStyleSheet(_BANNER_STYLE)
        self.banner.hide()
        self.alarm = AlarmBanner()
        self.phase_strip = PhaseStrip()
        self.phase_strip.hide()
        left = QWidget()
        self._plots_column = QVBoxLayout(left)
        self._plots_column.setContentsMargins(0, 0, 0, 0)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(left)
        column = QVBoxLayout(self)
        column.setContentsMargins(4, 4, 4, 4)
        for widget in (self.run_bar, self.banner, self.alarm, self.phase_strip):
            column.addWidget(widget)
        column.addWidget(self.splitter, 1)

    def add_views(self, plots: QWidget, meter: QWidget, samples: QWidget, timeline: QWidget) -> None:
        self._plots_column.addWidget(plots, 1)
        meter.setFixedHeight(METER_HEIGHT)
        self._plots_column.addWidget(meter)
        right = QWidget()
        right_column = QVBoxLayout(right)
        right_column.setContentsMargins(0, 0, 0, 0)
        # Its size hint changes with what the lab view shows (colour bar labels...); in a layout
        # that would resize it, and re-render every axis, at each frame (ring8 trained 10x slower).
        samples.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        right_column.addWidget(samples, 1)
        right_column.addWidget(timeline)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setSizes([520, 560])

    def show_banner(self, message: str) -> None:
        self.banner.setText(message)
        self.banner.show()
