"""The latent explorer's tabs that work on picked samples: Interpolate and Arithmetic, and what
every tab shares (explorer_sliders.py holds the two that move one z by hand).

Each tab keeps its own picks, regenerates its outputs only when asked (a pick, a control, a new
snapshot) and can say what to export. A pick is an index into the fixed noise batch (what the
pick grid shows) or a random z of its own. The tabs reach G through their ``owner``, the
LatentExplorer, which offers:
    owner.generate(z) -> samples        (G's copy, the chosen digit applied)
    owner.z_of(pick) -> z               (a fixed-noise row, or the random z itself)
    owner.random_noise(n) -> (n, d)     (a new draw each call)
    owner.copy                          (the GeneratorCopy: noise_dim, noise_kind, noise(n, seed))
    owner.fixed_noise, owner.fixed_samples   (the pick grid's z and G of them)
    owner.real, owner.bounds            (2-D data: the real points and the view's range)
    owner.digit()                       (the class a conditional G is asked for, else None)
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QButtonGroup, QCheckBox, QComboBox, QDoubleSpinBox, QFrame, QLabel,
    QPushButton, QRadioButton, QScrollArea, QSpinBox, QVBoxLayout, QWidget,
)

from ganstudio.engine import latent
from ganstudio.engine.export.animation import labelled, pad_to
from ganstudio.engine.export.render import image_grid, scatter_image
from ganstudio.ui.settings.appearance import PlotStyle
from ganstudio.ui.explorer.canvas import PAD, SampleGrid, enlarge
from ganstudio.ui.widgets.flow_layout import FlowLayout
from ganstudio.ui.widgets.tooltip_text import tip

START_RGB, END_RGB, CURSOR_RGB = (40, 160, 70), (220, 50, 50), (250, 190, 0)
GROUP_RGB = {"A": (50, 110, 230), "B": (220, 50, 50), "C": (40, 160, 70)}
RESULT_RGB = (250, 190, 0)
BASE_RGB = (250, 190, 0)
ANIMATE_MS = 150  # the interpolation cursor's time on each step
NEIGHBOUR_SEED = 0
FRAME_PX = 240  # a 2-D GIF frame's side
SLERP, LERP = "slerp", "lerp"  # the path box's keys beside its translated texts


def note(text: str = "") -> QLabel:
    """An instruction line that wraps, so a long sentence does not set the dock's width."""
    label = QLabel(text)
    label.setWordWrap(True)
    return label


def pick_ok(pick, n_fixed: int) -> bool:
    return not isinstance(pick, (int, np.integer)) or 0 <= pick < n_fixed


class ExplorerTab(QWidget):
    """What the four tabs share; ``marks_changed`` asks the owner to redraw the pick grid's frames.

    A tab lays its controls and pictures out in ``body``, inside a scroll area: in a short dock its
    rows of controls wrap onto more lines (FlowLayout) than the height left for them, and without
    the scroll area they were drawn over the lines below ("Neighbours 8 Spread" over the counts)."""

    marks_changed = Signal()

    def __init__(self, owner):
        super().__init__()
        self.owner = owner
        self.canvases: list[SampleGrid] = []
        self.dirty = True  # outputs made with an older G or digit: regenerate when next shown
        self.body = QWidget()
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)  # rows wrap instead
        scroll.setWidget(self.body)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)

    def set_dataset(self, is_2d: bool, real, bounds) -> None:
        for canvas in self.canvases:
            canvas.set_mode(is_2d, real, bounds)

    def forget_picks(self, n_fixed: int, same_dim: bool) -> None:
        """Keep picks that still mean something under a new snapshot; replace the rest."""

    def pick(self, index: int) -> None:
        """A click on sample ``index`` of the pick grid while this tab is shown."""

    def marks(self) -> dict:
        return {}

    def regenerate(self) -> None:
        self.dirty = False

    def picture(self) -> np.ndarray | None:
        return None

    def gif_frames(self) -> list[np.ndarray]:
        return []

    def apply_style(self, style: PlotStyle) -> None:
        for canvas in self.canvases:
            canvas.apply_style(style)

    def _frame(self, sample: np.ndarray, caption: str, trail: np.ndarray | None = None) -> np.ndarray:
        """One GIF frame: an image scaled up, or the real data with this point (and a trail)."""
        owner = self.owner
        if not owner.copy.is_2d:
            return labelled(enlarge(image_grid(sample[None], cols=1, pad=PAD)), caption)
        points = sample.reshape(1, 2) if trail is None else trail.reshape(-1, 2)
        xmin, xmax, ymin, ymax = owner.bounds
        # scatter_image draws 3-px dots; a 3 × 3 cluster of them, 2 px apart, makes a 7-px dot
        step = 2 * np.array([xmax - xmin, ymax - ymin]) / (FRAME_PX - 1)
        cluster = np.stack(np.meshgrid([-1, 0, 1], [-1, 0, 1]), -1).reshape(-1, 2) * step
        dots = (points[:, None, :] + cluster[None]).reshape(-1, 2)
        return labelled(scatter_image(owner.real, dots, owner.bounds, size=FRAME_PX), caption)


class InterpolateTab(ExplorerTab):
    def __init__(self, owner):
        super().__init__(owner)
        self.ends: list = [0, 1]
        self.zs = np.empty((0, 1), dtype=np.float32)
        self.samples = np.empty((0,))
        self.cursor: int | None = None

        self.ends_label = note()
        self.random_button = QPushButton(self.tr("Random ends"))
        self.random_button.setToolTip(tip(self.tr("Interpolate between two new random noise vectors.")))
        self.random_button.clicked.connect(self._on_random)
        self.mode = QComboBox()
        self.mode.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)  # and again after a font change
        self.mode.addItem(self.tr("Spherical (slerp)"), SLERP)
        self.mode.addItem(self.tr("Linear (lerp)"), LERP)
        self.mode.setToolTip(tip(self.tr(
            "Linear walks the straight line between the two z; halfway it passes closer to the origin "
            "than any noise G was trained on, so the middle images can fade. Spherical turns the "
            "direction at a steady speed along the great circle and changes the length evenly, so "
            "every step looks like a typical z.")))
        self.steps = QSpinBox()
        self.steps.setRange(2, 32)
        self.steps.setValue(8)
        self.steps.setToolTip(tip(self.tr("Number of images from the start to the end, both included.")))
        self.animate = QCheckBox(self.tr("Animate"))
        self.animate.setToolTip(tip(self.tr("Move a highlight along the strip, over and over.")))
        self.timer = QTimer(self)
        self.timer.setInterval(ANIMATE_MS)
        self.timer.timeout.connect(self.advance)
        self.animate.toggled.connect(self._on_animate)
        for signal in (self.mode.currentIndexChanged, self.steps.valueChanged):
            signal.connect(self.regenerate)
        self.strip = SampleGrid(connect=True, fit=True)
        self.strip.setToolTip(tip(self.tr("G's output along the path from the green-framed start to the "
                                      "red-framed end.")))
        self.canvases = [self.strip]

        row = FlowLayout((self.random_button, QLabel(self.tr("Path")), self.mode, QLabel(self.tr("Steps")),
                          self.steps, self.animate))
        layout = QVBoxLayout(self.body)
        layout.addWidget(note(self.tr("Click two samples on the left: the start, then the end.")))
        layout.addWidget(self.ends_label)
        layout.addLayout(row)
        layout.addWidget(self.strip, 1)

    def forget_picks(self, n_fixed: int, same_dim: bool) -> None:
        self.ends = [e if same_dim and pick_ok(e, n_fixed) else d for e, d in zip(self.ends, (0, 1))]

    def pick(self, index: int) -> None:
        self.ends = [self.ends[-1], index]
        self.regenerate()

    def _on_random(self) -> None:
        self.ends = list(self.owner.random_noise(2))
        self.regenerate()

    def marks(self) -> dict:
        return {rgb: [e] for rgb, e in zip((START_RGB, END_RGB), self.ends) if isinstance(e, int)}

    def _describe(self, pick) -> str:
        return self.tr("sample {0}").format(pick) if isinstance(pick, int) else self.tr("a random z")

    def regenerate(self) -> None:
        super().regenerate()
        owner = self.owner
        if owner.copy is None:
            return
        z0, z1 = (owner.z_of(e) for e in self.ends)
        path = latent.slerp if self.mode.currentData() == SLERP else latent.lerp
        self.zs = path(z0, z1, self.steps.value())
        self.samples = owner.generate(self.zs)
        self.strip.set_samples(self.samples)
        if self.cursor is not None and self.cursor >= len(self.samples):
            self.cursor = 0
        self.ends_label.setText(self.tr("From {0} to {1}").format(*map(self._describe, self.ends)))
        self.marks_changed.emit()

    def _on_animate(self, on: bool) -> None:
        if on and self.isVisible():
            self.timer.start()
        elif not on:
            self.timer.stop()
            self.cursor = None
            self.strip.set_marks({})

    def advance(self) -> None:
        """The animation's next step: the highlight moves one image along, wrapping at the end."""
        n = len(self.samples)
        if not n:
            return
        self.cursor = 0 if self.cursor is None else (self.cursor + 1) % n
        self.strip.set_marks({CURSOR_RGB: [self.cursor]})

    def showEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        super().showEvent(event)
        if self.animate.isChecked():
            self.timer.start()

    def hideEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        self.timer.stop()  # no timer costs the training thread anything while nobody watches
        super().hideEvent(event)

    def picture(self) -> np.ndarray | None:
        return self.strip.picture()

    def gif_frames(self) -> list[np.ndarray]:
        n = len(self.samples)
        return [self._frame(self.samples[i], self.tr("step {0} of {1}").format(i + 1, n),
                            trail=self.samples[:i + 1] if self.owner.copy.is_2d else None)
                for i in range(n)]


class ArithmeticTab(ExplorerTab):
    def __init__(self, owner):
        super().__init__(owner)
        self.groups: dict[str, list[int]] = {g: [] for g in latent.GROUPS}
        self.result_z: np.ndarray | None = None
        self.equation_samples = np.empty((0,))
        self.neighbour_samples = np.empty((0,))

        self.group_buttons = QButtonGroup(self)
        for name, text in zip(latent.GROUPS, (self.tr("Group A"), self.tr("Group B"), self.tr("Group C"))):
            button = QRadioButton(text)
            button.setStyleSheet("color: rgb({0}, {1}, {2});".format(*GROUP_RGB[name]))
            button.setProperty("group", name)
            self.group_buttons.addButton(button)
        self.group_buttons.buttons()[0].setChecked(True)
        self.clear_button = QPushButton(self.tr("Clear groups"))
        self.clear_button.clicked.connect(self.clear)
        self.size = QSpinBox()
        self.size.setRange(2, 16)
        self.size.setValue(8)
        self.size.setToolTip(tip(self.tr("How many samples to show around the result (the result included).")))
        self.radius = QDoubleSpinBox()
        self.radius.setRange(0.0, 2.0)
        self.radius.setSingleStep(0.05)
        self.radius.setValue(latent.NEIGHBOURHOOD_RADIUS)
        self.radius.setToolTip(tip(self.tr(
            "Each neighbour is the result plus uniform noise of at most this much in every dimension "
            "(Radford et al. used 0.25).")))
        for signal in (self.size.valueChanged, self.radius.valueChanged):
            signal.connect(self.regenerate)
        row = FlowLayout((*self.group_buttons.buttons(), self.clear_button, QLabel(self.tr("Neighbours")),
                          self.size, QLabel(self.tr("Spread")), self.radius))
        self.counts = note()
        self.equation = SampleGrid(fit=True)
        self.equation.setToolTip(tip(self.tr(
            "G of the mean z of group A, of B, of C, and of mean(A) − mean(B) + mean(C). If G has "
            "learned directions that mean something, the last one has A's feature that B lacks, on C: "
            "in the seed talk, a man with glasses − a man + a woman = a woman with glasses.")))
        self.neighbours = SampleGrid(fit=True)
        self.neighbours.setToolTip(tip(self.tr(
            "The result (first) and samples near it: if they share its look, the arithmetic found a "
            "region of noise space, not one lucky point.")))
        self.canvases = [self.equation, self.neighbours]

        layout = QVBoxLayout(self.body)
        layout.addWidget(note(self.tr(
            "Choose a group, then click samples on the left to add them (click again to remove).")))
        layout.addLayout(row)
        layout.addWidget(self.counts)
        layout.addWidget(QLabel(self.tr("mean A − mean B + mean C = result")))
        layout.addWidget(self.equation, 1)
        layout.addWidget(QLabel(self.tr("Around the result")))
        layout.addWidget(self.neighbours, 1)

    def current_group(self) -> str:
        return self.group_buttons.checkedButton().property("group")

    def select_group(self, name: str) -> None:
        next(b for b in self.group_buttons.buttons() if b.property("group") == name).setChecked(True)

    def forget_picks(self, n_fixed: int, same_dim: bool) -> None:
        self.groups = {g: [i for i in idx if same_dim and i < n_fixed] for g, idx in self.groups.items()}

    def pick(self, index: int) -> None:
        """Add the sample to the current group, moving it from another; a second click removes it."""
        group = self.current_group()
        was_here = index in self.groups[group]
        for members in self.groups.values():
            if index in members:
                members.remove(index)
        if not was_here:
            self.groups[group].append(index)
        self.regenerate()

    def clear(self) -> None:
        self.groups = {g: [] for g in latent.GROUPS}
        self.regenerate()

    def marks(self) -> dict:
        return {GROUP_RGB[g]: list(idx) for g, idx in self.groups.items()}

    def regenerate(self) -> None:
        super().regenerate()
        owner = self.owner
        self.counts.setText(self.tr("A: {0}   B: {1}   C: {2} samples").format(
            *(len(self.groups[g]) for g in latent.GROUPS)))
        self.marks_changed.emit()
        if owner.copy is None or not all(self.groups.values()):
            self.result_z = None
            self.equation_samples = self.neighbour_samples = np.empty((0,))
            for canvas in self.canvases:
                canvas.set_samples(np.empty((0, 2) if canvas.is_2d else (0, 1, 1, 1)))
            return
        vectors = {g: np.stack([owner.z_of(i) for i in idx]) for g, idx in self.groups.items()}
        self.result_z = latent.arithmetic(vectors)
        means = [vectors[g].mean(axis=0) for g in latent.GROUPS]
        self.equation_samples = owner.generate(np.stack([*means, self.result_z]).astype(np.float32))
        self.equation.set_samples(self.equation_samples)
        if self.equation.is_2d:
            self.equation.set_marks({**{GROUP_RGB[g]: [i] for i, g in enumerate(latent.GROUPS)},
                                     RESULT_RGB: [3]})
        around = latent.neighbourhood(self.result_z, self.size.value(), self.radius.value(), NEIGHBOUR_SEED)
        self.neighbour_samples = owner.generate(around)
        self.neighbours.set_samples(self.neighbour_samples)
        if self.neighbours.is_2d:
            self.neighbours.set_marks({RESULT_RGB: [0]})

    def picture(self) -> np.ndarray | None:
        pictures = [p for p in (self.equation.picture(), self.neighbours.picture()) if p is not None]
        if not pictures:
            return None
        width = max(p.shape[1] for p in pictures)
        return np.concatenate([pad_to(p, p.shape[0], width) for p in pictures])

    def gif_frames(self) -> list[np.ndarray]:
        if self.result_z is None:
            return []
        captions = [self.tr("mean of A"), self.tr("mean of B"), self.tr("mean of C"), self.tr("A − B + C")]
        frames = [self._frame(s, c) for s, c in zip(self.equation_samples, captions)]
        return frames + [self._frame(s, self.tr("neighbour {0}").format(i))
                         for i, s in enumerate(self.neighbour_samples[1:], start=1)]
