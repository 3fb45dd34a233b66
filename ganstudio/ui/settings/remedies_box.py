"""The mode-collapse remedies as toggles: what each does to D or to the loss, in one place.

Structural ones (minibatch discrimination, minibatch stddev, packing, spectral norm) change D's
layers, so switching one marks the run as needing a reset; WGAN-GP, one-sided label smoothing and
instance noise (constant, or fading over a number of steps) change the loss and apply between two
steps. WGAN-GP and label smoothing mirror the Loss box's widgets (the same setting shown where a
user looks for it), so the two never disagree.
"""

from __future__ import annotations

from PySide6.QtCore import QSignalBlocker
from PySide6.QtWidgets import QCheckBox, QComboBox, QDoubleSpinBox, QFormLayout, QGroupBox, QLabel, QSpinBox

from ganstudio.ui.widgets.tooltip_text import tip

DEFAULT_SMOOTHING = 0.1  # real target 0.9 (Salimans et al. 2016)
DEFAULT_INSTANCE_NOISE = 0.1
FALLBACK_LOSS = "nonsaturating"


def _sigma_box(step: float, hint: str) -> QDoubleSpinBox:
    spin = QDoubleSpinBox()
    spin.setRange(0.0, 2.0)
    spin.setSingleStep(step)
    spin.setDecimals(3)
    spin.setPrefix("σ = ")
    spin.setToolTip(tip(hint))
    return spin


class RemediesBox(QGroupBox):
    def __init__(self, loss: QComboBox, label_smoothing: QDoubleSpinBox):
        super().__init__(self.tr("Mode-collapse remedies"))
        self._loss, self._smoothing = loss, label_smoothing
        self._loss_before = FALLBACK_LOSS

        def box(text: str, hint: str) -> QCheckBox:
            check = QCheckBox(text)
            check.setToolTip(tip(hint))
            return check

        self.minibatch_disc = box(self.tr("Minibatch discrimination"), self.tr(
            "D sees how close each sample is to the others in its batch, so a G that repeats itself "
            "is caught (Salimans et al. 2016; reset needed)."))
        self.minibatch_stddev = box(self.tr("Minibatch stddev"), self.tr(
            "D gets the batch's average spread as an extra feature: a collapsed batch has almost "
            "none (ProGAN; reset needed)."))
        self.pack = box(self.tr("Packing"), self.tr(
            "D judges m samples at once, so m copies of one point look suspicious (PacGAN; reset needed)."))
        self.pack_m = QSpinBox()
        self.pack_m.setRange(2, 4)
        self.pack_m.setPrefix("m = ")
        self.pack_m.setToolTip(tip(self.tr("How many samples D judges together.")))
        self.spectral_norm = box(self.tr("Spectral norm on D"), self.tr(
            "Bounds how sharply D's score can change, which keeps G's gradients informative "
            "(Miyato et al. 2018; reset needed)."))
        self.wgan_gp = box(self.tr("WGAN-GP"), self.tr(
            "Switch the loss to the Wasserstein critic with a gradient penalty, whose gradients do "
            "not vanish when D wins (applies at the next step)."))
        self.gp_lambda = QDoubleSpinBox()
        self.gp_lambda.setRange(0.1, 100.0)
        self.gp_lambda.setDecimals(1)
        self.gp_lambda.setPrefix("λ = ")
        self.gp_lambda.setToolTip(tip(self.tr("Weight of the gradient penalty; 10 in the paper.")))
        self.one_sided = box(self.tr("One-sided label smoothing"), self.tr(
            "D aims for 0.9 instead of 1 on real data, so it cannot become over-confident "
            "(applies at the next step)."))
        self.instance_noise = box(self.tr("Instance noise"), self.tr(
            "Blur what D sees with Gaussian noise of this σ, so real and fake overlap and D's "
            "gradients stay smooth (applies at the next step)."))
        self.noise_sigma = _sigma_box(0.05, self.tr("Standard deviation of the noise added to every D input."))
        self.noise_final = _sigma_box(0.01, self.tr("The σ the noise fades to, and keeps after that."))
        self.noise_steps = QSpinBox()
        self.noise_steps.setRange(0, 10_000_000)
        self.noise_steps.setSingleStep(1000)
        self.noise_steps.setSuffix(self.tr(" steps"))
        self.noise_steps.setSpecialValueText(self.tr("never (constant σ)"))
        self.noise_steps.setToolTip(tip(self.tr(
            "Anneal the noise: σ fades in a straight line from the value above at step 0 to the one "
            "below at this step (Sønderby et al. 2017). Strong noise early lets G feel every mode "
            "of the data; fading it lets the points sharpen. 0 keeps σ constant.")))
        self.noise_fade_label = QLabel(self.tr("fading over"))
        self.noise_final_label = QLabel(self.tr("down to"))
        for label in (self.noise_fade_label, self.noise_final_label):  # under "Instance noise": its settings
            label.setIndent(22)

        form = QFormLayout(self)
        form.addRow(self.minibatch_disc)
        form.addRow(self.minibatch_stddev)
        form.addRow(self.pack, self.pack_m)
        form.addRow(self.spectral_norm)
        form.addRow(self.wgan_gp, self.gp_lambda)
        form.addRow(self.one_sided)
        form.addRow(self.instance_noise, self.noise_sigma)
        form.addRow(self.noise_fade_label, self.noise_steps)
        form.addRow(self.noise_final_label, self.noise_final)

        self.pack.toggled.connect(self.pack_m.setEnabled)
        self.wgan_gp.toggled.connect(self._on_wgan_gp)
        self.one_sided.toggled.connect(self._on_one_sided)
        self.instance_noise.toggled.connect(self._on_instance_noise)
        self.noise_sigma.valueChanged.connect(self._sync)
        self.noise_steps.valueChanged.connect(self._sync)
        loss.currentTextChanged.connect(self._sync)
        label_smoothing.valueChanged.connect(self._sync)

    def structural_widgets(self):
        return self.minibatch_disc, self.minibatch_stddev, self.pack, self.pack_m, self.spectral_norm

    def live_widgets(self):
        return self.gp_lambda, self.noise_sigma, self.noise_steps, self.noise_final

    # ------------------------------------------------------------ the mirrored settings

    def _on_wgan_gp(self, on: bool) -> None:
        if on and self._loss.currentText() != "wgan-gp":
            self._loss_before = self._loss.currentText()
            self._loss.setCurrentText("wgan-gp")
        elif not on and self._loss.currentText() == "wgan-gp":
            self._loss.setCurrentText(self._loss_before if self._loss_before != "wgan-gp" else FALLBACK_LOSS)

    def _on_one_sided(self, on: bool) -> None:
        if on and self._smoothing.value() == 0:
            self._smoothing.setValue(DEFAULT_SMOOTHING)
        elif not on:
            self._smoothing.setValue(0.0)

    def _on_instance_noise(self, on: bool) -> None:
        if on and self.noise_sigma.value() == 0:
            self.noise_sigma.setValue(DEFAULT_INSTANCE_NOISE)
        elif not on:
            self.noise_sigma.setValue(0.0)

    def _sync(self) -> None:
        """Tick boxes follow the values, wherever those were changed."""
        for check, on in ((self.wgan_gp, self._loss.currentText() == "wgan-gp"),
                          (self.one_sided, self._smoothing.value() > 0),
                          (self.instance_noise, self.noise_sigma.value() > 0)):
            with QSignalBlocker(check):
                check.setChecked(on)
        self.gp_lambda.setEnabled(self.wgan_gp.isChecked())
        noise = self.instance_noise.isChecked()
        fades = noise and self.noise_steps.value() > 0
        for w in (self.noise_sigma, self.noise_fade_label, self.noise_steps):
            w.setEnabled(noise)
        for w in (self.noise_final_label, self.noise_final):
            w.setEnabled(fades)

    # ------------------------------------------------------------ config

    def load(self, cfg) -> None:
        d = cfg.disc
        self.minibatch_disc.setChecked(d.minibatch_disc)
        self.minibatch_stddev.setChecked(d.minibatch_stddev)
        self.pack.setChecked(d.pack > 1)
        self.pack_m.setValue(max(2, d.pack))
        self.pack_m.setEnabled(d.pack > 1)
        self.spectral_norm.setChecked(d.spectral_norm)
        self.gp_lambda.setValue(cfg.loss.gp_lambda)
        self.noise_sigma.setValue(cfg.loss.instance_noise)
        self.noise_steps.setValue(cfg.loss.instance_noise_steps)
        self.noise_final.setValue(cfg.loss.instance_noise_final)
        self._sync()

    def store(self, cfg) -> None:
        d = cfg.disc
        d.minibatch_disc = self.minibatch_disc.isChecked()
        d.minibatch_stddev = self.minibatch_stddev.isChecked()
        d.pack = self.pack_m.value() if self.pack.isChecked() else 1
        d.spectral_norm = self.spectral_norm.isChecked()

    def live_values(self) -> dict:
        return {"loss.gp_lambda": self.gp_lambda.value(), "loss.instance_noise": self.noise_sigma.value(),
                "loss.instance_noise_steps": self.noise_steps.value(),
                "loss.instance_noise_final": self.noise_final.value()}
