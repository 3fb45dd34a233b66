"""Slow motion's caption: which phase of the training iteration is playing, what it does, and the
numbers it changed — large enough to read from the back of a classroom."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QVBoxLayout, QWidget

_ACTIVE = "background: #37474f; color: white; border-radius: 4px; padding: 4px 10px; font-weight: bold;"
_IDLE = "background: #eceff1; color: #78909c; border-radius: 4px; padding: 4px 10px;"


def _tr(text: str) -> str:
    return QCoreApplication.translate("PhaseStrip", text)


def phase_titles() -> dict[str, str]:
    return {"d_real": _tr("D sees real data"), "d_fake": _tr("D sees fake data"),
            "d_update": _tr("D updates"), "g_update": _tr("G updates")}


def phase_texts() -> dict[str, str]:
    """The one-line explanation of each phase of engine/phases.py."""
    return {
        "d_real": _tr("D looks at a batch of real samples and scores how real they seem."),
        "d_fake": _tr("G turns random noise into a batch of fake samples, and D scores them too."),
        "d_update": _tr("D changes its weights to score real samples higher and fake ones lower."),
        "g_update": _tr("G changes its weights so that D scores its fakes as more real; D stays frozen."),
    }


def phase_numbers(name: str, n: dict) -> str:
    """The changed numbers of a phase, e.g. "D(x) 0.48 → 0.53"."""
    if name == "d_real":
        return f"D(x) = {n['d_real']:.3f}"
    if name == "d_fake":
        return f"D(G(z)) = {n['d_fake']:.3f}"
    if name == "d_update":
        return (f"loss D = {n['loss_d']:.3f}   ‖∇D‖ = {n['grad_norm_d']:.3g}   "
                f"D(x) {n['d_real']:.3f} → {n['d_real_after']:.3f}   "
                f"D(G(z)) {n['d_fake']:.3f} → {n['d_fake_after']:.3f}")
    return (f"loss G = {n['loss_g']:.3f}   ‖∇G‖ = {n['grad_norm_g']:.3g}   "
            f"D(G(z)) {n['d_fake_before']:.3f} → {n['d_fake_after']:.3f}")


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
        self.text.setStyleSheet("font-size: 13pt;")
        self.numbers = QLabel()
        self.numbers.setStyleSheet("font-size: 12pt; font-family: monospace;")
        column = QVBoxLayout(self)
        column.setContentsMargins(6, 4, 6, 4)
        column.addLayout(row)
        column.addWidget(self.text)
        column.addWidget(self.numbers)
        self.current = ""

    def show_phase(self, phase: dict) -> None:
        name = self.current = phase["name"]
        for key, box in self.boxes.items():
            box.setStyleSheet(_ACTIVE if key == name else _IDLE)
        round_text = f" (D round {phase['d_round'] + 1})" if phase.get("d_round") else ""
        self.step_label.setText(_tr("Step {0} · phase {1} of {2}{3}").format(
            phase["step"], phase["index"] + 1, phase["total"], round_text))
        self.text.setText(phase_texts()[name])
        self.numbers.setText(phase_numbers(name, phase["numbers"]))
