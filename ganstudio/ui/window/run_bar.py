"""The row of run buttons: Start/Pause, Step D, Step G, Step both, Run N, Reset, slow motion."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QDoubleSpinBox, QHBoxLayout, QLabel, QPushButton, QSpinBox, QWidget

from ganstudio.ui.widgets.flow_layout import FlowLayout
from ganstudio.ui.widgets.tooltip_text import tip


def _button(text: str, hint: str) -> QPushButton:
    button = QPushButton(text)
    button.setToolTip(tip(hint))
    return button


class RunBar(QWidget):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.start = _button(self.tr("Start"), self.tr("Train continuously, or pause (Space)."))
        self.step_d = _button(self.tr("Step D"),
                              self.tr("One update of the discriminator alone; G stands still."))
        self.step_g = _button(self.tr("Step G"),
                              self.tr("One update of the generator alone against the current D."))
        self.step_both = _button(self.tr("Step both"), self.tr("One full training iteration: D, then G (S)."))
        self.run_n_count = QSpinBox()
        self.run_n_count.setRange(1, 1_000_000)
        self.run_n_count.setValue(100)
        self.run_n_count.setToolTip(tip(self.tr("How many iterations Run N trains before pausing.")))
        self.run_n = _button(self.tr("Run N"), self.tr("Train the given number of iterations, then pause."))
        self.reset = _button(self.tr("Reset"),
                             self.tr("Build fresh networks from the settings on the left (R)."))
        self.slow = QCheckBox(self.tr("Slow motion"))
        self.slow.setToolTip(tip(self.tr("Play each training iteration phase by phase — D sees real data, D sees "
                                     "fake data, D updates, G updates — with an explanation of each.")))
        self.slow_delay = QDoubleSpinBox()
        self.slow_delay.setRange(0.1, 10.0)
        self.slow_delay.setSingleStep(0.25)
        self.slow_delay.setValue(1.5)
        self.slow_delay.setSuffix(self.tr(" s/phase"))
        self.slow_delay.setToolTip(tip(self.tr("How long each phase stays on screen in slow motion.")))
        self.state = QLabel()
        # Wraps in a window made narrow by the docks, instead of widening it.
        buttons = FlowLayout((self.start, self.step_d, self.step_g, self.step_both, self.run_n_count, self.run_n,
                              self.reset, self.slow, self.slow_delay))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(buttons, 1)
        layout.addWidget(self.state, 0, Qt.AlignmentFlag.AlignTop)
        self.set_running(False)

    def set_ready(self, ready: bool) -> None:
        """The training buttons work once PyTorch has loaded and the first networks are built."""
        for button in (self.start, self.step_d, self.step_g, self.step_both, self.run_n, self.reset):
            button.setEnabled(ready)

    def set_running(self, running: bool) -> None:
        self.start.setText(self.tr("Pause") if running else self.tr("Start"))

    def set_needs_reset(self, needed: bool) -> None:
        self.reset.setText(self.tr("Reset *") if needed else self.tr("Reset"))
        self.reset.setStyleSheet("font-weight: bold; color: #b05000;" if needed else "")
