"""The status bar's live fields (step, steps/s, time trained, device, learning rates).

They change ten times a second while training. A QLabel whose size hint changes asks its parent
to lay out again, and the status bar then repaints; a label of fixed size does not (Qt skips
the layout request when minimum and maximum size are equal). So each field keeps a fixed size
that only grows, with room for two more digits, when a longer text arrives. When the font
changes (presentation mode), each field takes the size of its text in the new font: Qt delivers
the change to each label as an event, after the call that made it, so the fields refit from
that event rather than from the caller.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QLabel, QStatusBar

from ganstudio.ui.window.session import Session
from ganstudio.ui.widgets.tooltip_text import tip

QWIDGETSIZE_MAX = (1 << 24) - 1  # Qt's largest widget size

FIELDS = ("step", "rate", "elapsed", "device", "lr")


class StatusFields(QObject):
    def __init__(self, bar: QStatusBar):
        super().__init__(bar)
        self.labels = {key: QLabel() for key in FIELDS}
        for label in self.labels.values():
            label.setContentsMargins(8, 0, 8, 0)
            label.installEventFilter(self)
            bar.addPermanentWidget(label)

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 (Qt's name)
        if event.type() == QEvent.Type.FontChange:
            self._refit(obj)
        return False

    def set(self, key: str, text: str) -> None:
        label = self.labels[key]
        if label.text() == text:
            return
        label.setText(text)
        hint = label.sizeHint()
        if hint.width() > label.maximumWidth() or hint.height() != label.maximumHeight():
            label.setFixedSize(hint.width() + label.fontMetrics().horizontalAdvance("00"), hint.height())

    def show(self, run: Session) -> None:
        """The run's numbers now (called at each redraw and when they change while paused)."""
        self.set("step", self.tr("step {0}").format(run.step))
        self.set("rate", self.tr("{0:.0f} steps/s").format(run.rate if run.running else 0.0))
        self.set("elapsed", self.tr("{0:.1f} s trained").format(run.train_s))
        lr_d, lr_g = run.lr
        text = self.tr("lr D {0:.2g}  ·  lr G {1:.2g}").format(lr_d, lr_g)
        if run.noise_sigma:  # short: ring8 fades its noise, and at 1280 × 720 in presentation mode
            text += f"  ·  σ {run.noise_sigma:.2g}"  # "noise σ 0.700" pushed the bar past the window (zh_CN)
        self.set("lr", text)
        self._tip("lr", self.tr("The learning rates of D and G now; σ: the instance noise added to D's inputs "
                                "now (Settings ▸ Mode-collapse remedies)") if run.noise_sigma else "")
        if run.device and run.threads:
            self.set("device", f"{run.device} ×{run.threads}")  # "cpu ×2": no wider than "device cpu"
            self._tip("device", self.tr("Training uses {0} CPU threads: every core at first, fewer while other "
                                        "programs keep the machine busy (each change is timed on real training "
                                        "steps). A run whose config sets threads keeps that number.").format(run.threads))
        elif run.device:
            self.set("device", self.tr("device {0}").format(run.device))

    def _tip(self, key: str, text: str) -> None:
        wrapped = tip(text)
        if self.labels[key].toolTip() != wrapped:
            self.labels[key].setToolTip(wrapped)

    def refit(self) -> None:
        """After a font change: each field takes the size of its text in the new font."""
        for label in self.labels.values():
            self._refit(label)

    def _refit(self, label: QLabel) -> None:
        key = next(k for k, v in self.labels.items() if v is label)
        text = label.text()
        label.setMinimumSize(0, 0)
        label.setMaximumSize(QWIDGETSIZE_MAX, QWIDGETSIZE_MAX)
        label.clear()
        if text:
            self.set(key, text)

    def texts(self) -> list[str]:
        return [label.text() for label in self.labels.values()]
