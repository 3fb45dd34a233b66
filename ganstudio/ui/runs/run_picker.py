"""Choose run folders: the runs under a base folder, plus any folder the user adds.

One dialog serves "compare runs" (at least two) and "open a run" (exactly one: ``minimum=1,
maximum=1``, where ticking a run unticks the others).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QDateTime, QLocale, QSignalBlocker, Qt
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QFileDialog, QHBoxLayout, QLabel, QPushButton,
                               QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget)

from ganstudio.engine.runs.reader import RunSummary, is_run_folder, list_runs, summarize
from ganstudio.ui.widgets.tooltip_text import tip

FOLDER_ROLE = Qt.ItemDataRole.UserRole


class RunPicker(QDialog):
    def __init__(self, base: Path, minimum: int = 2, maximum: int | None = None,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.base = Path(base)
        self.minimum, self.maximum = minimum, maximum
        self._error: str | None = None  # why the last added folder was refused
        single = maximum == 1
        self.setWindowTitle(self.tr("Open a run") if single else self.tr("Compare runs"))
        self.resize(640, 420)

        self.tree = QTreeWidget()
        self.tree.setRootIsDecorated(False)
        self.tree.setHeaderLabels([self.tr("Run"), self.tr("Preset"), self.tr("Steps"), self.tr("Changed")])
        self.tree.setToolTip(tip(self.tr("Tick the runs to use; the newest are at the top.")))
        self.tree.itemChanged.connect(self._on_item_changed)
        for summary in list_runs(self.base):
            self._add_item(summary, checked=False)
        self.tree.resizeColumnToContents(0)

        self.add = QPushButton(self.tr("Add folder…"))
        self.add.setToolTip(tip(self.tr("Add a run folder that is not in {0}.").format(self.base)))
        self.add.clicked.connect(self._on_add_clicked)
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText(self.tr("Open") if single else self.tr("Compare"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        row = QHBoxLayout()
        row.addWidget(self.add)
        row.addWidget(self.hint, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tree, 1)
        layout.addLayout(row)
        layout.addWidget(self.buttons)
        self._update_ok()

    def _add_item(self, summary: RunSummary, checked: bool) -> QTreeWidgetItem:
        changed = QLocale().toString(QDateTime.fromSecsSinceEpoch(int(summary.modified)),
                                     QLocale.FormatType.ShortFormat)
        item = QTreeWidgetItem([summary.name, summary.preset or "", str(summary.last_step), changed])
        item.setData(0, FOLDER_ROLE, str(summary.folder))
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        hint = str(summary.folder)
        if summary.parent:
            hint += "\n" + self.tr("Branched from {0} at step {1}").format(summary.parent, summary.parent_step)
        item.setToolTip(0, hint)
        with QSignalBlocker(self.tree):
            item.setCheckState(0, Qt.CheckState.Unchecked)
            self.tree.addTopLevelItem(item)
        if checked:
            item.setCheckState(0, Qt.CheckState.Checked)
        return item

    def _items(self) -> list[QTreeWidgetItem]:
        return [self.tree.topLevelItem(i) for i in range(self.tree.topLevelItemCount())]

    def listed(self) -> list[Path]:
        return [Path(item.data(0, FOLDER_ROLE)) for item in self._items()]

    def chosen(self) -> list[Path]:
        return [Path(item.data(0, FOLDER_ROLE)) for item in self._items()
                if item.checkState(0) == Qt.CheckState.Checked]

    def set_chosen(self, folders: list[Path]) -> None:
        wanted = {str(Path(f)) for f in folders}
        for item in self._items():
            item.setCheckState(0, Qt.CheckState.Checked if item.data(0, FOLDER_ROLE) in wanted
                               else Qt.CheckState.Unchecked)

    def add_folder(self, folder: Path) -> bool:
        """List ``folder`` (ticked) if it is a run folder; say why not otherwise."""
        folder = Path(folder)
        if not is_run_folder(folder):
            self._error = self.tr("{0} is not a run folder.").format(folder)
            self._update_ok()
            return False
        self._error = None
        for item in self._items():
            if Path(item.data(0, FOLDER_ROLE)).resolve() == folder.resolve():
                item.setCheckState(0, Qt.CheckState.Checked)
                break
        else:
            self._add_item(summarize(folder), checked=True)
        self._update_ok()
        return True

    def _on_add_clicked(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Add a run folder"), str(self.base))
        if folder:
            self.add_folder(Path(folder))

    def _on_item_changed(self, item: QTreeWidgetItem, column: int) -> None:
        if column == 0 and self.maximum == 1 and item.checkState(0) == Qt.CheckState.Checked:
            with QSignalBlocker(self.tree):
                for other in self._items():
                    if other is not item:
                        other.setCheckState(0, Qt.CheckState.Unchecked)
        self._error = None
        self._update_ok()

    def _update_ok(self) -> None:
        n = len(self.chosen())
        enough = n >= self.minimum and (self.maximum is None or n <= self.maximum)
        self.ok.setEnabled(enough)
        self.hint.setStyleSheet("color: #b05000;" if self._error else "")
        if self._error:
            self.hint.setText(self._error)
        elif self.maximum == 1:
            self.hint.setText("" if enough else self.tr("Tick the run to open."))
        elif self.maximum is None:
            self.hint.setText(self.tr("{0} chosen; tick at least {1}.").format(n, self.minimum))
        else:
            self.hint.setText(self.tr("{0} chosen; tick {1} to {2}.").format(n, self.minimum, self.maximum))
