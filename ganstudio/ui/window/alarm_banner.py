"""The collapse alarm: an amber line above the plots that says what happened and what to try.

Amber, not the red of an error: nothing failed, the run is worth a look. The words come from the
meter's AlarmEvent (engine/metrics/meter.py), live or read back from a run's events.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QLabel

if TYPE_CHECKING:
    from ganstudio.engine.metrics.meter import AlarmEvent

_STYLE = "background: #ffb300; color: black; font-weight: bold; padding: 6px; border-radius: 3px;"


class AlarmBanner(QLabel):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.setWordWrap(True)
        self.setStyleSheet(_STYLE)
        self.hide()

    def show_event(self, event: AlarmEvent, kind: str) -> tuple[str, str]:
        """Show ``event`` of a meter of ``kind`` ("modes" or "classes"); returns (the text, the
        plots' marker label)."""
        unit = self.tr("classes") if kind == "classes" else self.tr("modes")
        if event.started:
            text = self.tr(
                "Mode collapse at step {0}: G covers only {1} of {2} {3} (KL to uniform {4:.2f}) — "
                "it makes the same few outputs whatever the noise. Try minibatch discrimination or "
                "packing, spectral norm or WGAN-GP (Mode-collapse remedies), a lower G learning rate, "
                "or more D steps per G step.").format(event.step, event.covered, event.n_modes, unit, event.kl)
            label = self.tr("collapse")
        else:
            text = self.tr("Recovered at step {0}: G covers {1} of {2} {3} again (KL {4:.2f}).").format(
                event.step, event.covered, event.n_modes, unit, event.kl)
            label = self.tr("recovered")
        self.setText(text)
        self.show()
        return text, label
