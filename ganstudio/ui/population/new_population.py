"""File ▸ New population…: a preset, seeds, settings to vary and a step count, checked as typed.

The same words as ``ganstudio sweep``: seeds as ``0-15`` or ``0,3,7``; each vary row a setting and
its values, ``1e-4, 2e-4``. The check is the command line's (engine/population/grid.py), so a bad
key or value is named here, under the rows, and OK stays disabled until the grid is sound.
"""

from __future__ import annotations

import time
from pathlib import Path

from PySide6.QtWidgets import (
    QComboBox, QDialog, QDialogButtonBox, QFormLayout, QHBoxLayout, QLabel, QLineEdit, QPushButton, QSpinBox,
    QVBoxLayout, QWidget,
)

from ganstudio.engine.population.grid import VARY_KEYS, expand, groups, parse_seeds, parse_vary
from ganstudio.engine.train.config import ConfigError, RunConfig
from ganstudio.engine.train.presets import PRESETS, preset
from ganstudio.ui.widgets.tooltip_text import tip

MAX_ROWS = 3


def population_presets() -> list[str]:
    """Presets a population can train: MLP G and D."""
    return [name for name, p in PRESETS.items() if p.build().gen.kind == "mlp" and p.build().disc.kind == "mlp"]


class VaryRow(QWidget):
    def __init__(self, parent=None):
        super().__init__(parent)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        self.key = QComboBox()
        self.key.addItem(self.tr("(nothing)"), "")
        for key in VARY_KEYS:
            self.key.addItem(key, key)
        self.values = QLineEdit()
        self.values.setPlaceholderText(self.tr("values, e.g. 1e-4, 2e-4"))
        row.addWidget(self.key)
        row.addWidget(self.values, 1)

    def text(self) -> str | None:
        key = self.key.currentData()
        return f"{key}={self.values.text()}" if key else None


class NewPopulationDialog(QDialog):
    def __init__(self, preset_name: str | None = None, parent=None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("New population"))
        self.result_spec: tuple[RunConfig, str, list[int], list[tuple[str, list]], int] | None = None
        form = QFormLayout()
        self.preset_box = QComboBox()
        for name in population_presets():
            self.preset_box.addItem(name, name)
        if preset_name and self.preset_box.findData(preset_name) >= 0:
            self.preset_box.setCurrentIndex(self.preset_box.findData(preset_name))
        elif self.preset_box.findData("ring8-tiny") >= 0:
            self.preset_box.setCurrentIndex(self.preset_box.findData("ring8-tiny"))
        form.addRow(self.tr("Preset"), self.preset_box)
        self.seeds = QLineEdit("0-15")
        self.seeds.setToolTip(tip(self.tr("A range or a list: 0-15, 0,3,7 or 0-3,9")))
        form.addRow(self.tr("Seeds"), self.seeds)
        self.steps = QSpinBox()
        self.steps.setRange(1, 10_000_000)
        self.steps.setSingleStep(1000)
        self.steps.setValue(20_000)
        form.addRow(self.tr("Steps"), self.steps)
        self.rows_box = QVBoxLayout()
        self.rows: list[VaryRow] = []
        self.add_button = QPushButton(self.tr("Add a setting to vary"))
        self.add_button.clicked.connect(self.add_row)
        self.add_row()
        vary = QVBoxLayout()
        vary.addLayout(self.rows_box)
        vary.addWidget(self.add_button)
        form.addRow(self.tr("Vary"), vary)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Train"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.summary)
        layout.addWidget(self.buttons)
        self.preset_box.currentIndexChanged.connect(self.check)
        self.seeds.textChanged.connect(self.check)
        self.steps.valueChanged.connect(self.check)
        self.check()

    def add_row(self) -> VaryRow:
        row = VaryRow()
        row.key.currentIndexChanged.connect(self.check)
        row.values.textChanged.connect(self.check)
        self.rows.append(row)
        self.rows_box.addWidget(row)
        self.add_button.setEnabled(len(self.rows) < MAX_ROWS)
        return row

    def check(self) -> bool:
        """Parse what is typed; show the members it makes or what is wrong."""
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        name = self.preset_box.currentData()
        try:
            base = preset(name)
            seeds = parse_seeds(self.seeds.text())
            if not seeds:
                raise ConfigError([self.tr("give at least one seed")])
            varies = [parse_vary(text, base) for text in (r.text() for r in self.rows) if text]
            members = expand(base, seeds, varies)
            n_groups = len(groups(base, members))
        except ConfigError as exc:
            self.summary.setText(self.tr("Cannot train this: {0}").format("; ".join(exc.errors)))
            self.summary.setStyleSheet("color: #c0392b")
            ok.setEnabled(False)
            self.result_spec = None
            return False
        self.summary.setStyleSheet("")
        self.summary.setText(self.tr("{0} members ({1} seeds{2}), trained as {3} population(s)").format(
            len(members), len(seeds), "".join(f" × {len(v)} {k}" for k, v in varies), n_groups))
        ok.setEnabled(True)
        self.result_spec = (base, name, seeds, varies, self.steps.value())
        return True

    def accept(self) -> None:
        if self.check():
            super().accept()


def create_sweep(base: RunConfig, preset_name: str, seeds: list[int], varies, steps: int, where: Path) -> Path:
    """A new sweep folder under ``where`` for the wall to train; returns it."""
    from ganstudio.engine.population.sweep import Sweep

    folder = Path(where) / f"{time.strftime('%Y%m%d-%H%M%S')}-{preset_name}-population"
    n = 1
    while folder.exists():
        n += 1
        folder = folder.with_name(f"{time.strftime('%Y%m%d-%H%M%S')}-{preset_name}-population-{n}")
    Sweep.create(folder, base, expand(base, seeds, varies), steps, {"preset": preset_name}, dict(varies))
    return folder
