"""Slow motion's caption: which phase of the training iteration is playing, what it does, and the
numbers it changed — large enough to read from the back of a classroom."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from ganstudio.protocol import PhaseInfo

_ACTIVE = "background: #37474f; color: white; border-radius: 4px; padding: 4px 10px; font-weight: bold;"
_IDLE = "background: #eceff1; color: #78909c; border-radius: 4px; padding: 4px 10px;"


def phase_titles() -> dict[str, str]:
    # lupdate reads only literal calls, hence QCoreApplication.translate spelled out each time
    return {"d_real": QCoreApplication.translate("PhaseStrip", "D sees real data"),
            "d_fake": QCoreApplication.translate("PhaseStrip", "D sees fake data"),
            "d_update": QCoreApplication.translate("PhaseStrip", "D updates"),
            "g_update": QCoreApplication.translate("PhaseStrip", "G updates")}


def phase_texts() -> dict[str, str]:
    """The one-line explanation of each phase of engine/train/phases.py."""
    return {
        "d_real": QCoreApplication.translate(
            "PhaseStrip", "D looks at a batch of real samples and scores how real they seem."),
        "d_fake": QCoreApplication.translate(
            "PhaseStrip", "G turns random noise into a batch of fake samples, and D scores them too."),
        "d_update": QCoreApplication.translate(
            "PhaseStrip", "D changes its weights to score real samples higher and fake ones lower."),
        "g_update": QCoreApplication.translate(
            "PhaseStrip", "G changes its weights so that D scores its fakes as more real; D stays frozen."),
    }


def phase_numbers(name: str, n: dict) -> str:
    """The changed numbers of a phase, e.g. "D(x) 0.48 → 0.53"."""
    if name == "d_real":
        return "D(x) = {0:.3f}".format(n["d_real"])
    if name == "d_fake":
        return "D(G(z)) = {0:.3f}".format(n["d_fake"])
    if name == "d_update":
        return QCoreApplication.translate(
            "PhaseStrip", "loss D = {0:.3f}   ‖∇D‖ = {1:.3g}   D(x) {2:.3f} → {3:.3f}   "
                          "D(G(z)) {4:.3f} → {5:.3f}").format(
            n["loss_d"], n["grad_norm_d"], n["d_real"], n["d_real_after"], n["d_fake"], n["d_fake_after"])
    return QCoreApplication.translate(
        "PhaseStrip", "loss G = {0:.3f}   ‖∇G‖ = {1:.3g}   D(G(z)) {2:.3f} → {3:.3f}").format(
        n["loss_g"], n["grad_norm_g"], n["d_fake_before"], n["d_fake_after"])


class PhaseStrip(QFrame):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.boxes = {name: QLabel(title) for name, title in phase_titles().items()}
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        self.step_label = QLabel()
        row.addWidget(self.step_label)
        for box in self.boxes.values():
            box.setStyleSheet(_IDLE)
            row.addWidget(box)
        row.addStretch(1)
        self.text = QLabel()
        self.text.setWordWrap(True)
        self.text.setStyleSheet("font-size: 13pt;")  # set_font_scale keeps these in step
        self.numbers = QLabel()
        self.numbers.setStyleSheet("font-size: 12pt; font-family: monospace;")
        column = QVBoxLayout(self)
        column.setContentsMargins(6, 4, 6, 4)
        column.addLayout(row)
        column.addWidget(self.text)
        column.addWidget(self.numbers)
        self.current = ""

    def set_font_scale(self, scale: float) -> None:
        """Presentation mode: the caption grows with the rest of the window."""
        self.text.setStyleSheet(f"font-size: {13 * scale:.3g}pt;")
        self.numbers.setStyleSheet(f"font-size: {12 * scale:.3g}pt; font-family: monospace;")

    def show_phase(self, phase: PhaseInfo) -> None:
        name = self.current = phase.name
        for key, box in self.boxes.items():
            box.setStyleSheet(_ACTIVE if key == name else _IDLE)
        round_text = self.tr(" (D round {0})").format(phase.d_round + 1) if phase.d_round else ""
        self.step_label.setText(self.tr("Step {0} · phase {1} of {2}{3}").format(
            phase.step, phase.index + 1, phase.total, round_text))
        self.text.setText(phase_texts()[name])
        self.numbers.setText(phase_numbers(name, phase.numbers))
