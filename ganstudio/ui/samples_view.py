"""What G makes, beside the real data: a scatter for 2-D sets, two image grids for images.

Items are made once per dataset; each frame only replaces their data. The 2-D view's range is set
once from the dataset's bounds, so a user's zoom or pan survives the live updates.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtWidgets import QStackedWidget, QWidget

from ganstudio.engine.render import FAKE_RGB, REAL_RGB, image_grid
from ganstudio.ui.canvas import Canvas, ImageTile, PointCloud, cache

POINT_SIZE = 5


class SamplesView(QStackedWidget):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.scatter_widget = Canvas()
        self.scatter_widget.setBackground("w")
        self.scatter_plot = plot = self.scatter_widget.add_plot(row=0)
        plot.setTitle(self.tr("Real (blue) and generated (orange) points"), size="12pt", color="k")
        plot.setAspectLocked(True)
        plot.disableAutoRange()
        plot.addLegend(offset=(10, 10), labelTextSize="11pt", labelTextColor="k", brush=(255, 255, 255, 220))
        plot.vb.setFlag(plot.vb.GraphicsItemFlag.ItemHasNoContents)
        self.real_points = PointCloud((*REAL_RGB, 140), POINT_SIZE, plot.vb)
        self.fake_points = PointCloud((*FAKE_RGB, 200), POINT_SIZE, plot.vb)
        plot.legend.addItem(self.real_points, self.tr("real"))
        plot.legend.addItem(self.fake_points, self.tr("generated"))
        plot.legend.setZValue(1000)  # above the points, which are children of the view box too
        cache(plot.legend)
        for points in (self.real_points, self.fake_points):  # follow the user's zoom and pan
            plot.vb.sigRangeChanged.connect(lambda *_, p=points: p.refresh())
            plot.vb.sigResized.connect(lambda *_, p=points: p.refresh())

        self.image_widget = Canvas()
        self.image_widget.setBackground("w")
        self.fake_image = self._add_image_box(0, self.tr("Generated (fixed noise)"))
        self.real_image = self._add_image_box(2, self.tr("Real"))

        self.addWidget(self.scatter_widget)
        self.addWidget(self.image_widget)
        self.is_2d = True

    def _add_image_box(self, row: int, title: str) -> ImageTile:
        """Generated above real: stacked, each grid gets the panel's full width."""
        cache(self.image_widget.addLabel(title, row=row, col=0, size="12pt", color="k"))
        box = self.image_widget.addViewBox(row=row + 1, col=0, lockAspect=True, invertY=True, enableMouse=False)
        box.setFlag(box.GraphicsItemFlag.ItemHasNoContents)
        item = ImageTile()
        box.addItem(item)
        item.view_box = box
        return item

    def set_dataset(self, info: dict) -> None:
        """Called on reset: choose the view, show the real data, fit the 2-D range once."""
        self.is_2d = info["is_2d"]
        self.setCurrentWidget(self.scatter_widget if self.is_2d else self.image_widget)
        if self.is_2d:
            real = info["real"]
            self.real_points.set_points(real[:, 0], real[:, 1])
            xmin, xmax, ymin, ymax = info["bounds"]
            self.scatter_plot.setRange(xRange=(xmin, xmax), yRange=(ymin, ymax), padding=0)
        else:
            self._set_grid(self.real_image, info["real"])
        self.set_samples(info["samples"])
        if not self.is_2d:
            for item in (self.real_image, self.fake_image):  # fit once; later frames keep the view
                item.view_box.setRange(item.boundingRect(), padding=0.01)

    def set_samples(self, samples: np.ndarray) -> None:
        if self.is_2d:
            self.fake_points.set_points(samples[:, 0], samples[:, 1])
        else:
            self._set_grid(self.fake_image, samples)

    @staticmethod
    def _set_grid(item: ImageTile, images: np.ndarray) -> None:
        item.set_image(image_grid(images[:64], cols=8))
