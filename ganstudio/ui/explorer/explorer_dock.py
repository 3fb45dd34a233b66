"""View ▸ Latent explorer: the explorer in a dock on the window's right, where the last session
left it. While shown it follows the trainer: each time it opens it asks for a fresh copy of G."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDockWidget, QMainWindow

from ganstudio.ui.explorer.latent_explorer import LatentExplorer


class ExplorerDock(QDockWidget):
    def __init__(self, window: QMainWindow, action: QAction, controller, export_dir, style):
        """``action``: View ▸ Latent explorer; ``export_dir``: a callable, where export dialogs open."""
        super().__init__(self.tr("Latent explorer"), window)
        self.setObjectName("latent_explorer")
        self._controller = controller
        self.explorer = LatentExplorer(export_dir=export_dir)
        self.setWidget(self.explorer)
        window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self)
        self.hide()
        action.setEnabled(True)
        action.toggled.connect(self.setVisible)
        self.visibilityChanged.connect(self._on_shown)
        window.restoreDockWidget(self)  # the layout was restored before this dock existed
        self.explorer.refresh_requested.connect(controller.request_latent_snapshot)
        controller.worker.latent_snapshot.connect(self.explorer.set_snapshot)
        self.explorer.apply_style(style)

    def _on_shown(self, visible: bool) -> None:
        if visible:
            self._controller.request_latent_snapshot()
