"""A step slider over a run's sample snapshots, like TensorBoard's: look back at any saved step.

The slider's positions are the snapshots, not the steps, so every position has a picture. While
*live* the slider sits on the newest snapshot and moves on as new ones land, without saying so
(the window is showing the live samples anyway); once the user scrubs, the position stays where
it was put while the run goes on, until "Live" is pressed. "Branch from here…" names the newest
checkpoint at or before the chosen step: that is where a branch would start, since a run can only
continue from a saved state.
"""

from __future__ import annotations

import bisect
from pathlib import Path

from PySide6.QtCore import QSignalBlocker, Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QSlider, QWidget

from ganstudio.ui.widgets.template_label import TemplateLabel
from ganstudio.ui.widgets.tooltip_text import tip


class Timeline(QWidget):
    step_chosen = Signal(int, str)  # step, snapshot path: the user scrubbed to it
    live_requested = Signal()
    branch_requested = Signal(int)  # the checkpoint's step

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._steps: list[int] = []  # sorted, one per snapshot
        self._paths: list[Path] = []
        self._checkpoints: list[int] = []  # sorted steps
        self._live = True

        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.slider.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.slider.setPageStep(5)
        self.slider.setToolTip(tip(self.tr(
            "Drag, or use the arrow keys, Page Up/Down, Home and End, to look at the samples saved at "
            "an earlier step. The run goes on training meanwhile; press Live to follow it again.")))
        self.slider.valueChanged.connect(self._on_slider_moved)
        self.step_label = TemplateLabel("0" * 22)  # "Step 123456 (12 of 200)": the row does not jump
        self.step_label.setToolTip(tip(self.tr("The step whose saved samples are shown.")))
        self.live = QPushButton(self.tr("Live"))
        self.live.setCheckable(True)
        self.live.setToolTip(tip(self.tr("Follow the newest samples as training goes on.")))
        self.live.clicked.connect(self.go_live)
        self.branch = QPushButton(self.tr("Branch from here…"))
        self.branch.clicked.connect(self._on_branch_clicked)

        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 2, 4, 2)
        layout.addWidget(self.slider, 1)
        layout.addWidget(self.step_label)
        layout.addWidget(self.live)
        layout.addWidget(self.branch)
        self.setFocusProxy(self.slider)
        self._update_view()

    # ------------------------------------------------------------ the model

    def set_snapshots(self, snapshots: list[tuple[int, Path]]) -> None:
        """Replace the snapshots (another run, or the same one read again) and follow the newest."""
        self._steps, self._paths = [], []
        self._live = True
        self._merge(snapshots)

    def add_snapshots(self, snapshots: list[tuple[int, Path]]) -> None:
        """Snapshots that landed since the last call. A chosen step stays chosen; live moves on."""
        self._merge(snapshots)

    def set_checkpoints(self, checkpoints: list[tuple[int, Path]]) -> None:
        self._checkpoints = sorted(step for step, _ in checkpoints)
        self._update_branch()

    def _merge(self, snapshots: list[tuple[int, Path]]) -> None:
        chosen = self.chosen_step()
        by_step = dict(zip(self._steps, self._paths))
        by_step.update((int(step), Path(path)) for step, path in snapshots)
        self._steps = sorted(by_step)
        self._paths = [by_step[step] for step in self._steps]
        if self._live or chosen is None:
            index = len(self._steps) - 1
        else:  # the same step, or the nearest one before it if it was dropped
            index = max(0, bisect.bisect_right(self._steps, chosen) - 1)
        self._move_slider(index)
        self._update_view()

    # ------------------------------------------------------------ what is chosen

    def is_live(self) -> bool:
        return self._live

    def chosen_step(self) -> int | None:
        """The step of the snapshot under the slider (the newest one while live)."""
        return self._steps[self.slider.value()] if self._steps else None

    def current(self) -> tuple[int, Path] | None:
        if not self._steps:
            return None
        index = self.slider.value()
        return self._steps[index], self._paths[index]

    def branch_step(self) -> int | None:
        """The newest checkpoint at or before the chosen step: where a branch would start."""
        chosen = self.chosen_step()
        if chosen is None:
            return None
        index = bisect.bisect_right(self._checkpoints, chosen)
        return self._checkpoints[index - 1] if index else None

    # ------------------------------------------------------------ actions

    def go_live(self) -> None:
        """Back to the newest snapshot, following new ones as they land."""
        self._live = True
        self._move_slider(len(self._steps) - 1)
        self._update_view()
        self.live_requested.emit()

    def _on_slider_moved(self, index: int) -> None:
        """Only the user moves the slider with its signals on (programmatic moves are blocked)."""
        self._live = False
        self._update_view()
        self.step_chosen.emit(self._steps[index], str(self._paths[index]))

    def _on_branch_clicked(self) -> None:
        step = self.branch_step()
        if step is not None:
            self.branch_requested.emit(step)

    # ------------------------------------------------------------ the view

    def _move_slider(self, index: int) -> None:
        with QSignalBlocker(self.slider):
            self.slider.setRange(0, max(0, len(self._steps) - 1))
            self.slider.setValue(max(0, index))

    def _update_view(self) -> None:
        has = bool(self._steps)
        self.slider.setEnabled(len(self._steps) > 1)
        self.live.setChecked(self._live)
        self.live.setEnabled(has)
        if not has:
            self.step_label.setText(self.tr("No samples saved yet"))
        elif self._live:
            # The samples above are live; the newest saved snapshot may be a while back.
            self.step_label.setText(self.tr("Live · step {0}").format(self.chosen_step()))
        else:
            self.step_label.setText(self.tr("Step {0} ({1} of {2})").format(
                self.chosen_step(), self.slider.value() + 1, len(self._steps)))
        self._update_branch()

    def _update_branch(self) -> None:
        step = self.branch_step()
        self.branch.setEnabled(step is not None)
        if step is None:
            self.branch.setText(self.tr("Branch from here…"))
            self.branch.setToolTip(tip(self.tr(
                "Start a new run from a saved checkpoint at or before this step. There is none at or "
                "before this step yet: checkpoints are saved as the run trains.")))
        else:
            self.branch.setText(self.tr("Branch from step {0}…").format(step))
            self.branch.setToolTip(tip(self.tr(
                "Start a new run from the checkpoint saved at step {0}, the newest at or before the "
                "step shown, and change its settings if you like. This run stays as it is.").format(step)))
