"""The latent explorer's tabs that move one z by hand: sliders along chosen directions, and for
2-D data a pad to drag z's first two dimensions on. Both start from a base z picked on the grid;
each move costs one G call on a single z (the explorer's benchmark times it).
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QGridLayout, QHBoxLayout, QLabel, QPushButton, QSlider, QVBoxLayout

from ganstudio.engine import latent
from ganstudio.ui.explorer.canvas import NoisePad, SampleGrid
from ganstudio.ui.explorer.tabs import BASE_RGB, ExplorerTab, note, pick_ok
from ganstudio.ui.widgets.flow_layout import FlowLayout
from ganstudio.ui.widgets.template_label import TemplateLabel
from ganstudio.ui.widgets.tooltip_text import tip

N_SLIDERS = 8
SLIDER_STEPS = 100  # slider ticks per unit of z
SLIDER_RANGE = 3.0  # sliders span ±3 units: ±3σ of normal noise
SWEEP_FRAMES = 16  # frames of a slider's sweep in a GIF
PCA_POOL = 512  # noise vectors G is fitted on for the principal directions
PCA_SEED = 0
FIRST_DIMS, PRINCIPAL = "dims", "pca"  # the mode box's keys beside its translated texts


class SlidersTab(ExplorerTab):
    """z = base + Σᵢ (sᵢ − sᵢ⁰)·dᵢ: slider i shows z's coordinate along direction dᵢ (an axis, or a
    principal direction of G's response) and starts at the base's own coordinate sᵢ⁰."""

    def __init__(self, owner):
        super().__init__(owner)
        self.base = 0
        self.directions = np.empty((0, 1), dtype=np.float32)
        self.start = np.empty(0)
        self.z = self._base_z = np.empty(0, dtype=np.float32)
        self.last_slider = 0
        self._pca_for: tuple | None = None  # (step, digit) the principal directions were fitted at

        self.mode = QComboBox()
        self.mode.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)  # and again after a font change
        self.mode.addItem(self.tr("First dimensions"), FIRST_DIMS)
        self.mode.addItem(self.tr("Principal directions"), PRINCIPAL)
        self.mode.setToolTip(tip(self.tr(
            "First dimensions: slider i sets z[i]. Principal directions: the directions in noise space "
            "along which G's output changes most (from a straight-line fit of G over 512 random z), "
            "strongest first.")))
        self.mode.currentIndexChanged.connect(self.regenerate)
        self.random_button = QPushButton(self.tr("Random base"))
        self.random_button.clicked.connect(self._on_random)
        self.reset_button = QPushButton(self.tr("Reset sliders"))
        self.reset_button.setToolTip(tip(self.tr("Put every slider back on the base z.")))
        self.reset_button.clicked.connect(self.regenerate)
        self.output = SampleGrid()
        self.output.setToolTip(tip(self.tr("G(z) for the z the sliders set, redrawn as you drag.")))
        self.canvases = [self.output]

        self.sliders: list[QSlider] = []
        self.names: list[QLabel] = []
        self.values: list[QLabel] = []
        grid = QGridLayout()
        for i in range(N_SLIDERS):
            slider = QSlider(Qt.Orientation.Horizontal)
            slider.setRange(-round(SLIDER_RANGE * SLIDER_STEPS), round(SLIDER_RANGE * SLIDER_STEPS))
            slider.valueChanged.connect(lambda _, i=i: self._on_slider(i))
            name, value = QLabel(), TemplateLabel("+0.00 ")
            grid.addWidget(name, i, 0)
            grid.addWidget(slider, i, 1)
            grid.addWidget(value, i, 2)
            self.sliders.append(slider)
            self.names.append(name)
            self.values.append(value)

        row = FlowLayout((QLabel(self.tr("Sliders move")), self.mode, self.random_button, self.reset_button))
        body = QHBoxLayout()
        body.addLayout(grid, 1)
        body.addWidget(self.output, 1)
        layout = QVBoxLayout(self.body)
        layout.addWidget(note(self.tr("Click a sample on the left to start from its z.")))
        layout.addLayout(row)
        layout.addLayout(body, 1)

    def forget_picks(self, n_fixed: int, same_dim: bool) -> None:
        if not (same_dim and pick_ok(self.base, n_fixed)):
            self.base = 0
        self._pca_for = None

    def set_dataset(self, is_2d: bool, real, bounds) -> None:
        super().set_dataset(is_2d, real, bounds)
        self.output.set_marks({BASE_RGB: [0]} if is_2d else {})  # the one point, drawn large

    def pick(self, index: int) -> None:
        self.base = index
        self.regenerate()

    def _on_random(self) -> None:
        self.base = self.owner.random_noise(1)[0]
        self.regenerate()

    def marks(self) -> dict:
        return {BASE_RGB: [self.base]} if isinstance(self.base, int) else {}

    def _load_directions(self) -> None:
        owner = self.owner
        d = owner.copy.noise_dim
        k = min(N_SLIDERS, d)
        if self.mode.currentData() == FIRST_DIMS:
            self.directions = latent.first_dims(k, d)
            names = [self.tr("z[{0}]").format(i) for i in range(k)]
        else:
            key = (owner.copy.step, owner.digit())
            if self._pca_for != key or len(self.directions) != k:
                pool = owner.copy.noise(PCA_POOL, PCA_SEED)
                self.directions = latent.principal_directions(pool, k, owner.generate(pool))
                self._pca_for = key
            names = [self.tr("direction {0}").format(i + 1) for i in range(k)]
        for i, (slider, name, value) in enumerate(zip(self.sliders, self.names, self.values)):
            for w in (slider, name, value):
                w.setVisible(i < k)
            if i < k:
                name.setText(names[i])

    def regenerate(self) -> None:
        """New G, base or mode: sliders back on the base z (signals blocked), then one image."""
        super().regenerate()
        owner = self.owner
        if owner.copy is None:
            return
        self._load_directions()
        base = owner.z_of(self.base).astype(np.float32)
        coords = self.directions @ base
        for slider, c in zip(self.sliders, coords):
            slider.blockSignals(True)
            slider.setValue(round(float(np.clip(c, -SLIDER_RANGE, SLIDER_RANGE)) * SLIDER_STEPS))
            slider.blockSignals(False)
        self.start = self._slider_coords()
        self._base_z = base
        self.marks_changed.emit()
        self._update_output()

    def _slider_coords(self) -> np.ndarray:
        return np.array([s.value() / SLIDER_STEPS for s in self.sliders[:len(self.directions)]],
                        dtype=np.float32)

    def z_for(self, coords: np.ndarray) -> np.ndarray:
        return self._base_z + (coords - self.start) @ self.directions

    def _on_slider(self, i: int) -> None:
        self.last_slider = i
        if i < len(self.directions) and len(self._base_z):
            self._update_output()

    def _update_output(self) -> None:
        """The hot path while a slider moves: a d-vector, one G call, one small picture."""
        coords = self._slider_coords()
        self.z = self.z_for(coords)
        self.output.set_samples(self.owner.generate(self.z[None]), cols=1)
        for label, c in zip(self.values, coords):
            label.setText(f"{c:+.2f}")

    def picture(self) -> np.ndarray | None:
        return self.output.picture()

    def gif_frames(self) -> list[np.ndarray]:
        """The last slider moved, swept from end to end, the others where they are."""
        if not len(self.directions):
            return []
        i = min(self.last_slider, len(self.directions) - 1)
        coords = self._slider_coords()
        frames = []
        for value in np.linspace(-SLIDER_RANGE, SLIDER_RANGE, SWEEP_FRAMES):
            coords[i] = value
            sample = self.owner.generate(self.z_for(coords)[None])[0]
            frames.append(self._frame(sample, f"{self.names[i].text()} = {value:+.2f}"))
        return frames


class PlaneTab(ExplorerTab):
    """2-D data: drag z's first two dimensions (the others stay the base's) and watch G(z) move."""

    def __init__(self, owner):
        super().__init__(owner)
        self.base = 0
        self.z = np.empty(0, dtype=np.float32)
        self.point = np.zeros(2, dtype=np.float32)
        self.pad = NoisePad()
        self.pad.setToolTip(tip(self.tr(
            "Noise space, first two dimensions (grey: the fixed noise batch). Drag the pink point: it "
            "is z, and G(z) moves with it on the right. Nearby z give nearby points when G is smooth.")))
        self.pad.moved.connect(self.move_to)
        self.data = SampleGrid()
        self.data.setToolTip(tip(self.tr(
            "Data space: the real points (blue, faint), G of the fixed noise (orange) and G(z) for the "
            "dragged z (yellow).")))
        self.canvases = [self.data]
        self.readout = note()
        pair = QHBoxLayout()
        pair.addWidget(self.pad, 1)
        pair.addWidget(self.data, 1)
        layout = QVBoxLayout(self.body)
        layout.addWidget(note(self.tr("Click a sample on the left to start from its z, then drag the "
                                      "point in noise space.")))
        layout.addLayout(pair, 1)
        layout.addWidget(self.readout)

    def set_dataset(self, is_2d: bool, real, bounds) -> None:
        super().set_dataset(is_2d, real, bounds)
        owner = self.owner
        if owner.copy is not None:
            self.pad.set_extent(1.2 if owner.copy.noise_kind == "uniform" else 3.0)
            fixed = owner.fixed_noise
            self.pad.set_reference(np.column_stack([fixed[:, 0], fixed[:, 1] if fixed.shape[1] > 1
                                                    else np.zeros(len(fixed))]))

    def forget_picks(self, n_fixed: int, same_dim: bool) -> None:
        if not (same_dim and pick_ok(self.base, n_fixed)):
            self.base = 0
            self.z = np.empty(0, dtype=np.float32)

    def pick(self, index: int) -> None:
        self.base = index
        self.z = np.empty(0, dtype=np.float32)
        self.regenerate()

    def marks(self) -> dict:
        return {BASE_RGB: [self.base]}

    def regenerate(self) -> None:
        super().regenerate()
        owner = self.owner
        if owner.copy is None or not owner.copy.is_2d:
            return
        if len(self.z) != owner.copy.noise_dim:
            self.z = owner.z_of(self.base).astype(np.float32).copy()
        self.marks_changed.emit()
        self._show()

    def move_to(self, xy) -> None:
        """z's first two dimensions to ``xy`` (one for a 1-D noise), G(z) redrawn."""
        if self.owner.copy is None or not len(self.z):
            return
        k = min(2, len(self.z))
        self.z[:k] = np.asarray(xy, dtype=np.float32)[:k]
        self._show()

    def _show(self) -> None:
        z = self.z
        self.pad.set_handle((z[0], z[1] if len(z) > 1 else 0.0))
        self.point = self.owner.generate(z[None])[0]
        self.data.set_samples(np.concatenate([self.point[None], self.owner.fixed_samples]))
        self.data.set_marks({BASE_RGB: [0]})
        self.readout.setText(self.tr("z = ({0}, {1})  →  G(z) = ({2}, {3})").format(
            *(f"{v:.2f}" for v in (z[0], z[1] if len(z) > 1 else 0.0, *self.point))))

    def picture(self) -> np.ndarray | None:
        return self.data.picture()
