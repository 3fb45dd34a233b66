"""What G makes, beside the real data: the 2-D lab view for point sets, two image grids for images.

Items are made once per dataset; each frame only replaces their data, so a user's zoom or pan
survives the live updates.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtWidgets import QStackedWidget, QWidget

from ganstudio.engine.export.render import image_grid
from ganstudio.protocol import ResetInfo
from ganstudio.ui.settings.appearance import PlotStyle, style_label
from ganstudio.ui.plotting.canvas import Canvas, ImageTile, cache
from ganstudio.ui.lab.lab_view import LabView
from ganstudio.ui.widgets.tooltip_text import tip


class SamplesView(QStackedWidget):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.lab = LabView()

        self.image_widget = Canvas()
        self.image_widget.setBackground("w")
        self.image_widget.setToolTip(tip(self.tr(
            "Top: G's images for the same fixed noise vectors every frame, so you can watch each one "
            "sharpen. Bottom: a batch of real training images to compare with.")))
        self._labels: list[tuple] = []  # (label item, its text): restyled by apply_style
        self.fake_image = self._add_image_box(0, self.tr("Generated (fixed noise)"))
        self.real_image = self._add_image_box(2, self.tr("Real"))

        # A saved snapshot (the timeline, or a run followed from disk): the PNG the run folder holds.
        self.snapshot_widget = Canvas()
        self.snapshot_widget.setBackground("w")
        self.snapshot_caption = cache(self.snapshot_widget.addLabel("", row=0, col=0, size="12pt", color="k"))
        box = self.snapshot_widget.addViewBox(row=1, col=0, lockAspect=True, invertY=True, enableMouse=False)
        self.snapshot_image = ImageTile()
        box.addItem(self.snapshot_image)
        self.snapshot_image.view_box = box

        self.addWidget(self.lab)
        self.addWidget(self.image_widget)
        self.addWidget(self.snapshot_widget)
        self.is_2d = True
        self._grid = (64, 8)  # images shown and columns

    def _add_image_box(self, row: int, title: str) -> ImageTile:
        """Generated above real: stacked, each grid gets the panel's full width."""
        label = cache(self.image_widget.addLabel(title, row=row, col=0, size="12pt", color="k"))
        self._labels.append((label, title))
        box = self.image_widget.addViewBox(row=row + 1, col=0, lockAspect=True, invertY=True, enableMouse=False)
        box.setFlag(box.GraphicsItemFlag.ItemHasNoContents)
        item = ImageTile()
        box.addItem(item)
        item.view_box = box
        return item

    def apply_style(self, style: PlotStyle) -> None:
        """Theme colours and presentation sizes, here and in the 2-D lab view."""
        self.image_widget.setBackground(style.background)
        for label, title in self._labels:
            style_label(label, title, 12, style)
        self.lab.apply_style(style)

    def set_dataset(self, info: ResetInfo) -> None:
        """Called on reset: choose the view, show the real data, fit the 2-D range once."""
        self.is_2d = info.is_2d
        self.setCurrentWidget(self.lab if self.is_2d else self.image_widget)
        if self.is_2d:
            self.lab.set_dataset(info)
            return
        # A conditional G's grid has one row per digit (the trainer's fixed labels), ten wide.
        conditional = bool(getattr(info.config, "conditional", False))
        self._grid = (100, 10) if conditional else (64, 8)
        self._set_grid(self.real_image, info.real)
        self.set_samples(info.samples)
        for item in (self.real_image, self.fake_image):  # fit once; later frames keep the view
            item.view_box.setRange(item.boundingRect(), padding=0.01)

    def show_snapshot(self, pixels: np.ndarray, caption: str) -> None:
        """Show a saved picture (H, W, 1|3 uint8) instead of the live samples."""
        self.snapshot_image.set_image(pixels)
        self.snapshot_caption.setText(caption)
        if self.currentWidget() is not self.snapshot_widget:
            self.setCurrentWidget(self.snapshot_widget)
            box = self.snapshot_image.view_box
            box.setRange(self.snapshot_image.boundingRect(), padding=0.01)

    def show_live(self) -> None:
        self.setCurrentWidget(self.lab if self.is_2d else self.image_widget)

    @property
    def showing_snapshot(self) -> bool:
        return self.currentWidget() is self.snapshot_widget

    def set_samples(self, samples: np.ndarray) -> None:
        if self.is_2d:
            self.lab.set_samples(samples)
        else:
            self._set_grid(self.fake_image, samples)

    def _set_grid(self, item: ImageTile, images: np.ndarray) -> None:
        n, cols = self._grid
        item.set_image(image_grid(images[:n], cols=cols))
