"""The control panel: every setting of a run, as widgets.

Two kinds of settings. Live ones (learning rates, betas, loss, label smoothing, D steps) reach the
running trainer on its next step: ``live_changed`` fires once the user has stopped touching them for
``DEBOUNCE_MS``. Structural ones (data, networks, noise, batch, seed, device, optimizer kind) need
new networks: ``structural_changed`` fires and the window marks the run as needing a reset.
"""

from __future__ import annotations

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP, QCoreApplication, QRegularExpression, QSignalBlocker, Qt, QTimer, Signal,
)
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import (
    QCheckBox, QComboBox, QDoubleSpinBox, QFileDialog, QFormLayout, QGroupBox, QHBoxLayout, QLineEdit,
    QPushButton, QScrollArea, QSpinBox, QVBoxLayout, QWidget,
)

from ganstudio.engine.train.config import (
    ACTIVATIONS, DATASETS_2D, DATASETS_WITH_PATH, DEVICES, LOSSES, NET_KINDS, NOISE_KINDS, OPTIMIZERS,
    RunConfig, set_field,
)
from ganstudio.engine.train.presets import DEFAULT_PRESET, PRESETS, preset
from ganstudio.ui.settings.remedies_box import RemediesBox
from ganstudio.ui.widgets.spin_boxes import LogSpinBox
from ganstudio.ui.widgets.wheel_guard import WheelGuard
from ganstudio.ui.widgets.tooltip_text import tip

DEBOUNCE_MS = 300
DATASETS = tuple(d for d in DATASETS_2D if d != "csv") + ("mnist",) + DATASETS_WITH_PATH
# What the Browse button asks for, per dataset that reads the user's files (translated when shown).
_FILE_FILTERS = {
    "csv": QT_TRANSLATE_NOOP("ControlPanel", "Points (*.csv *.txt);;All files (*)"),
    "idx": QT_TRANSLATE_NOOP("ControlPanel",
                             "MNIST / Fashion-MNIST images (*-idx3-ubyte *-idx3-ubyte.gz);;All files (*)"),
    "npz": QT_TRANSLATE_NOOP("ControlPanel", "NumPy arrays (*.npz);;All files (*)"),
}
_ANY_FILE = QT_TRANSLATE_NOOP("ControlPanel", "All files (*)")
_HIDDEN_RE = QRegularExpression(r"^\s*\d{1,4}(\s*,\s*\d{1,4}){0,7}\s*$")


def _summary(name: str) -> str:
    """The preset's one-sentence summary, through the translator (the engine holds the English)."""
    return QCoreApplication.translate("Presets", PRESETS[name].summary)


def _combo(items, hint: str) -> QComboBox:
    box = QComboBox()
    box.addItems(list(items))
    box.setToolTip(tip(hint))
    return box


def _spin(lo: int, hi: int, hint: str) -> QSpinBox:
    box = QSpinBox()
    box.setRange(lo, hi)
    box.setToolTip(tip(hint))
    return box


def _dspin(lo: float, hi: float, step: float, decimals: int, hint: str) -> QDoubleSpinBox:
    box = QDoubleSpinBox()
    box.setRange(lo, hi)
    box.setSingleStep(step)
    box.setDecimals(decimals)
    box.setToolTip(tip(hint))
    return box


def _set_combo(box: QComboBox, text: str) -> None:
    i = box.findText(text)
    if i >= 0:
        box.setCurrentIndex(i)


class _NetBox(QGroupBox):
    """Architecture of one network: MLP widths or DCGAN channels, activation, batch norm."""

    def __init__(self, title: str, who: str):
        super().__init__(title)
        self.kind = _combo(NET_KINDS, self.tr("mlp: fully connected layers; dcgan: strided convolutions "
                                              "(images only)."))
        self.hidden = QLineEdit()
        self.hidden.setValidator(QRegularExpressionValidator(_HIDDEN_RE, self.hidden))
        self.hidden.setToolTip(tip(self.tr("Widths of the hidden layers of {0}, e.g. 128,128,128: wider or "
                                       "deeper makes {0} stronger and slower.").format(who)))
        self.channels = _spin(1, 1024, self.tr("Base channel count of the DCGAN {0}: more channels, more "
                                               "capacity, slower steps.").format(who))
        self.activation = _combo(ACTIVATIONS, self.tr("The nonlinearity between layers of {0}.").format(who))
        self.batch_norm = QCheckBox(self.tr("Batch norm"))
        self.batch_norm.setToolTip(tip(self.tr("Normalise each layer of {0} over the batch: often steadier "
                                           "training.").format(who)))
        self.form = QFormLayout(self)
        self.form.addRow(self.tr("Kind"), self.kind)
        self.form.addRow(self.tr("Hidden widths"), self.hidden)
        self.form.addRow(self.tr("Base channels"), self.channels)
        self.form.addRow(self.tr("Activation"), self.activation)
        self.form.addRow(self.batch_norm)
        self.kind.currentTextChanged.connect(self._show_kind_fields)

    def _show_kind_fields(self, kind: str) -> None:
        self.form.setRowVisible(self.hidden, kind == "mlp")
        self.form.setRowVisible(self.channels, kind == "dcgan")

    def load(self, net) -> None:
        _set_combo(self.kind, net.kind)
        self.hidden.setText(",".join(str(w) for w in net.hidden))
        self.channels.setValue(net.base_channels)
        _set_combo(self.activation, net.activation)
        self.batch_norm.setChecked(net.batch_norm)
        self._show_kind_fields(net.kind)

    def store(self, net) -> None:
        net.kind = self.kind.currentText()
        widths = [int(w) for w in self.hidden.text().replace(" ", "").split(",") if w]
        net.hidden = widths or net.hidden
        net.base_channels = self.channels.value()
        net.activation = self.activation.currentText()
        net.batch_norm = self.batch_norm.isChecked()

    def widgets(self):
        return self.kind, self.hidden, self.channels, self.activation, self.batch_norm


class _OptimBox(QGroupBox):
    """Optimizer of one network; kind is structural, lr and betas are live."""

    def __init__(self, title: str, who: str):
        super().__init__(title)
        self.kind = _combo(OPTIMIZERS, self.tr("The update rule of {0}; changing it makes a new optimizer "
                                               "(reset).").format(who))
        self.lr = LogSpinBox(1e-6, 1.0)
        self.lr.setToolTip(tip(self.tr("Learning rate of {0}: how far each update moves its weights; too high "
                                   "diverges, too low stalls.").format(who)))
        self.beta1 = _dspin(0.0, 0.9999, 0.05, 4, self.tr("Adam β1 of {0}: momentum; 0.5 is the usual GAN "
                                                          "choice, 0.9 is smoother but slower to react.").format(who))
        self.beta2 = _dspin(0.0, 0.9999, 0.001, 4, self.tr("Adam β2 of {0}: how long the gradient scale is "
                                                           "remembered.").format(who))
        self.form = form = QFormLayout(self)
        form.addRow(self.tr("Kind"), self.kind)
        form.addRow(self.tr("Learning rate"), self.lr)
        form.addRow(self.tr("β1"), self.beta1)
        form.addRow(self.tr("β2"), self.beta2)

    def show_betas(self, on: bool) -> None:
        self.form.setRowVisible(self.beta1, on)
        self.form.setRowVisible(self.beta2, on)

    def load(self, opt) -> None:
        _set_combo(self.kind, opt.kind)
        self.lr.setValue(opt.lr)
        self.beta1.setValue(opt.beta1)
        self.beta2.setValue(opt.beta2)


class ControlPanel(QScrollArea):
    live_changed = Signal(dict)  # LIVE_FIELDS keys → values, debounced
    structural_changed = Signal()
    preset_chosen = Signal(str)
    loss_changed = Signal(str)  # the loss kind on show (before the debounce: the help panel follows at once)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWidgetResizable(True)
        self._base = preset(DEFAULT_PRESET)  # keeps fields that have no widget (fixed_noise_n, ...)

        self.preset = QComboBox()
        for i, p in enumerate(PRESETS.values()):
            self.preset.addItem(p.name)
            self.preset.setItemData(i, _summary(p.name), Qt.ItemDataRole.ToolTipRole)
        self.dataset = _combo(DATASETS, self.tr("What G learns to imitate: 2-D point sets, the bundled MNIST "
                                                "digits, or your own points (csv) or images (idx, folder, "
                                                "npz)."))
        self.data_path = QLineEdit()
        self.data_path.setPlaceholderText(self.tr("file or folder to read"))
        self.data_path.setToolTip(tip(self.tr("Where your data is: a CSV of x,y points, an IDX image file, a "
                                          "folder of PNG/JPEG images or an .npz array; read on Reset.")))
        self.browse = QPushButton(self.tr("Browse…"))
        self.browse.setToolTip(tip(self.tr("Pick the file or folder to train on.")))
        self.browse.clicked.connect(self._browse)
        self.path_row = QWidget()
        row = QHBoxLayout(self.path_row)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.data_path, 1)
        row.addWidget(self.browse)
        self.dataset.currentTextChanged.connect(self._show_path_row)

        self.conditional = QCheckBox(self.tr("Conditional GAN"))
        self.conditional.setToolTip(tip(self.tr(
            "G and D both get the class label (the digit), so you can ask G for a given digit: the "
            "sample grid shows one row per digit. Needs labelled data such as the bundled MNIST.")))

        self.gen = _NetBox(self.tr("Generator G"), "G")
        self.noise_dim = _spin(1, 1024, self.tr("Length of the random vector z fed to G: more dimensions "
                                                "give G more room to vary its output."))
        self.noise = _combo(NOISE_KINDS, self.tr("Distribution z is drawn from."))
        self.gen.form.addRow(self.tr("Noise dim"), self.noise_dim)
        self.gen.form.addRow(self.tr("Noise"), self.noise)
        self.ema = _dspin(0.0, 0.9999, 0.001, 4, self.tr(
            "Show an average of G's recent weights (0 = off; 0.999 ≈ the last thousand steps): "
            "steadier pictures and metrics, while training still updates the plain G."))
        self.gen.form.addRow(self.tr("Weight average"), self.ema)
        self.disc = _NetBox(self.tr("Discriminator D"), "D")

        loss_box = QGroupBox(self.tr("Loss"))
        self.loss = _combo(LOSSES, self.tr("The game G and D play; changes apply on the next step."))
        self.label_smoothing = _dspin(0.0, 0.49, 0.05, 2, self.tr("One-sided label smoothing: D aims for "
                                                                  "1 − s on real data, which keeps it from "
                                                                  "getting over-confident."))
        self.d_steps = _spin(1, 100, self.tr("D updates per G update (k): more makes D stronger relative "
                                             "to G."))
        form = QFormLayout(loss_box)
        form.addRow(self.tr("Loss"), self.loss)
        form.addRow(self.tr("Label smoothing"), self.label_smoothing)
        form.addRow(self.tr("D steps per G step"), self.d_steps)

        self.remedies = RemediesBox(self.loss, self.label_smoothing)

        self.opt_d = _OptimBox(self.tr("Optimizer of D"), "D")
        self.opt_g = _OptimBox(self.tr("Optimizer of G"), "G")

        self.run_box = run_box = QGroupBox(self.tr("Run"))
        self.batch_size = _spin(1, 65536, self.tr("Samples per update: larger batches give smoother but "
                                                  "slower steps."))
        self.seed = _spin(0, 2 ** 31 - 1, self.tr("Random seed: the same seed and settings replay the same "
                                                  "run."))
        self.device = _combo(DEVICES, self.tr("Where training runs; auto picks a GPU when there is one."))
        form = QFormLayout(run_box)
        form.addRow(self.tr("Batch size"), self.batch_size)
        form.addRow(self.tr("Seed"), self.seed)
        form.addRow(self.tr("Device"), self.device)

        body = QWidget()
        top = QFormLayout()
        top.addRow(self.tr("Preset"), self.preset)
        top.addRow(self.tr("Dataset"), self.dataset)
        top.addRow(self.tr("Data path"), self.path_row)
        top.addRow("", self.conditional)
        self._top = top
        column = QVBoxLayout(body)
        column.addLayout(top)
        for box in (self.gen, self.disc, loss_box, self.remedies, self.opt_d, self.opt_g, run_box):
            column.addWidget(box)
        column.addStretch(1)
        self.setWidget(body)
        self.wheel_guard = WheelGuard(self)  # the wheel scrolls the panel, not the field under the pointer

        self._live_widgets = (self.loss, self.label_smoothing, self.d_steps,
                              self.opt_d.lr, self.opt_d.beta1, self.opt_d.beta2,
                              self.opt_g.lr, self.opt_g.beta1, self.opt_g.beta2,
                              *self.remedies.live_widgets())
        self._structural_widgets = (self.dataset, self.data_path, self.conditional, self.noise_dim, self.noise,
                                    self.ema,
                                    self.batch_size, self.seed,
                                    self.device, self.opt_d.kind, self.opt_g.kind,
                                    *self.gen.widgets(), *self.disc.widgets(),
                                    *self.remedies.structural_widgets())
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(DEBOUNCE_MS)
        self._debounce.timeout.connect(lambda: self.live_changed.emit(self.live_values()))
        for w in self._live_widgets:
            # not connect(self._debounce.start): an int spin box's value would reach
            # QTimer.start(msec) and become the debounce interval (k = 2 made it 2 ms)
            _changed_signal(w).connect(lambda *_: self._debounce.start())
        for w in self._structural_widgets:
            _changed_signal(w).connect(self.structural_changed)
        self.preset.currentTextChanged.connect(self._on_preset_changed)
        self.loss.currentTextChanged.connect(self.loss_changed)
        self.load_config(self._base)

    def preset_name(self) -> str:
        return self.preset.currentText()

    def loss_kind(self) -> str:
        return self.loss.currentText()

    def use_points_file(self, path) -> None:
        """Train on the x,y points of ``path`` at the next reset (the 2-D lab's drawing or import)."""
        self.dataset.setCurrentText("csv")
        self.data_path.setText(str(path))

    def show_advanced(self, on: bool) -> None:
        """Presentation mode's clean panel hides the optimizers' betas, the remedies and the run
        box; their values stay as they are and still apply."""
        self.remedies.setVisible(on)
        self.run_box.setVisible(on)
        self.opt_d.show_betas(on)
        self.opt_g.show_betas(on)

    def _show_path_row(self, name: str) -> None:
        self._top.setRowVisible(self.path_row, name in DATASETS_WITH_PATH)

    def _browse(self) -> None:
        kind = self.dataset.currentText()
        start = self.data_path.text()
        if kind == "folder":
            chosen = QFileDialog.getExistingDirectory(self, self.tr("Folder of images"), start)
        else:
            file_filter = QCoreApplication.translate("ControlPanel", _FILE_FILTERS.get(kind, _ANY_FILE))
            chosen, _ = QFileDialog.getOpenFileName(self, self.tr("Data file"), start, file_filter)
        if chosen:
            self.data_path.setText(chosen)
            self.structural_changed.emit()

    def _on_preset_changed(self, name: str) -> None:
        self.load_config(preset(name))
        self.preset_chosen.emit(name)
        self.structural_changed.emit()

    def load_config(self, cfg: RunConfig) -> None:
        """Show ``cfg`` in the widgets without firing change signals."""
        self._base = cfg.copy()
        blockers = [QSignalBlocker(w) for w in (self.preset, *self._live_widgets, *self._structural_widgets)]
        if cfg.name in PRESETS:
            _set_combo(self.preset, cfg.name)
            self.preset.setToolTip(tip(_summary(cfg.name)))
        _set_combo(self.dataset, cfg.data.name)
        self.data_path.setText(cfg.data.path)
        self._show_path_row(cfg.data.name)
        self.conditional.setChecked(bool(cfg.conditional))
        self.gen.load(cfg.gen)
        self.disc.load(cfg.disc)
        self.noise_dim.setValue(cfg.gen.noise_dim)
        _set_combo(self.noise, cfg.gen.noise)
        self.ema.setValue(cfg.gen.ema)
        _set_combo(self.loss, cfg.loss.kind)
        self.label_smoothing.setValue(cfg.loss.label_smoothing)
        self.d_steps.setValue(cfg.d_steps)
        self.opt_d.load(cfg.opt_d)
        self.opt_g.load(cfg.opt_g)
        self.batch_size.setValue(cfg.batch_size)
        self.seed.setValue(cfg.seed)
        _set_combo(self.device, cfg.device)
        self.remedies.load(cfg)
        del blockers

    def live_values(self) -> dict:
        return {
            "loss.kind": self.loss.currentText(),
            "loss.label_smoothing": self.label_smoothing.value(),
            "d_steps": self.d_steps.value(),
            "opt_d.lr": self.opt_d.lr.value(), "opt_d.beta1": self.opt_d.beta1.value(),
            "opt_d.beta2": self.opt_d.beta2.value(),
            "opt_g.lr": self.opt_g.lr.value(), "opt_g.beta1": self.opt_g.beta1.value(),
            "opt_g.beta2": self.opt_g.beta2.value(),
            **self.remedies.live_values(),
        }

    def config(self) -> RunConfig:
        """The RunConfig the widgets describe (not validated here)."""
        cfg = self._base.copy()
        cfg.data.name = self.dataset.currentText()
        cfg.data.path = self.data_path.text().strip() if cfg.data.name in DATASETS_WITH_PATH else ""
        self.gen.store(cfg.gen)
        self.disc.store(cfg.disc)
        cfg.gen.noise_dim = self.noise_dim.value()
        cfg.gen.noise = self.noise.currentText()
        cfg.gen.ema = self.ema.value()
        cfg.opt_d.kind = self.opt_d.kind.currentText()
        cfg.opt_g.kind = self.opt_g.kind.currentText()
        cfg.conditional = self.conditional.isChecked()
        if cfg.conditional:  # a 10 × 10 grid: one row per digit
            cfg.fixed_noise_n = max(cfg.fixed_noise_n, 100)
        cfg.batch_size = self.batch_size.value()
        cfg.seed = self.seed.value()
        cfg.device = self.device.currentText()
        self.remedies.store(cfg)
        for key, value in self.live_values().items():
            set_field(cfg, key, value)
        return cfg


def _changed_signal(widget):
    if isinstance(widget, QComboBox):
        return widget.currentTextChanged
    if isinstance(widget, QCheckBox):
        return widget.toggled
    if isinstance(widget, QLineEdit):
        return widget.editingFinished
    return widget.valueChanged
