"""The remedy toggles: each reaches the config, structural ones ask for a reset, mirrored ones agree."""

import pytest

from ganstudio.engine.train.presets import preset
from ganstudio.ui.settings.controls import ControlPanel


@pytest.fixture
def panel(qtbot):
    p = ControlPanel()
    qtbot.addWidget(p)
    p.load_config(preset("ring8-tiny"))  # a preset with no remedy on (ring8 fades instance noise)
    return p


@pytest.mark.parametrize("name, field, value", [
    ("minibatch_disc", "minibatch_disc", True), ("minibatch_stddev", "minibatch_stddev", True),
    ("spectral_norm", "spectral_norm", True),
])
def test_structural_toggles_reach_d_and_ask_for_a_reset(qtbot, panel, name, field, value):
    with qtbot.waitSignal(panel.structural_changed, timeout=1000):
        getattr(panel.remedies, name).setChecked(True)
    assert getattr(panel.config().disc, field) is value


def test_packing_uses_m_only_when_on(qtbot, panel):
    r = panel.remedies
    assert panel.config().disc.pack == 1 and not r.pack_m.isEnabled()
    with qtbot.waitSignal(panel.structural_changed, timeout=1000):
        r.pack.setChecked(True)
    r.pack_m.setValue(3)
    assert panel.config().disc.pack == 3
    r.pack.setChecked(False)
    assert panel.config().disc.pack == 1


def test_wgan_gp_and_the_loss_box_agree(qtbot, panel):
    r = panel.remedies
    with qtbot.waitSignal(panel.live_changed, timeout=2000) as blocker:
        r.wgan_gp.setChecked(True)
    assert panel.loss.currentText() == "wgan-gp" and blocker.args[0]["loss.kind"] == "wgan-gp"
    assert r.gp_lambda.isEnabled()
    r.wgan_gp.setChecked(False)
    assert panel.loss.currentText() == "nonsaturating"
    panel.loss.setCurrentText("wgan-gp")  # chosen in the Loss box: the toggle follows
    assert r.wgan_gp.isChecked()


def test_one_sided_smoothing_and_instance_noise_are_live(qtbot, panel):
    r = panel.remedies
    r.one_sided.setChecked(True)
    assert panel.label_smoothing.value() == pytest.approx(0.1)
    with qtbot.waitSignal(panel.live_changed, timeout=2000) as blocker:
        r.instance_noise.setChecked(True)
    assert blocker.args[0]["loss.instance_noise"] == pytest.approx(0.1)
    assert blocker.args[0]["loss.label_smoothing"] == pytest.approx(0.1)
    panel.label_smoothing.setValue(0.0)
    assert not r.one_sided.isChecked()
    r.instance_noise.setChecked(False)
    assert panel.config().loss.instance_noise == 0


def test_loading_a_config_shows_its_remedies(panel):
    cfg = preset("ring8")
    cfg.disc.pack, cfg.disc.spectral_norm, cfg.loss.instance_noise = 4, True, 0.05
    panel.load_config(cfg)
    r = panel.remedies
    assert r.pack.isChecked() and r.pack_m.value() == 4 and r.spectral_norm.isChecked()
    assert r.instance_noise.isChecked() and r.noise_sigma.value() == pytest.approx(0.05)
    out = panel.config()
    assert (out.disc.pack, out.disc.spectral_norm, out.loss.instance_noise) == (4, True, 0.05)


def test_annealed_instance_noise_is_set_and_shown_in_the_panel(qtbot, panel):
    r = panel.remedies
    assert not r.noise_steps.isEnabled() and not r.noise_final.isEnabled()
    r.instance_noise.setChecked(True)
    assert r.noise_steps.isEnabled() and not r.noise_final.isEnabled()  # constant until it fades
    r.noise_sigma.setValue(0.5)
    with qtbot.waitSignal(panel.live_changed, timeout=2000) as blocker:
        r.noise_steps.setValue(8000)
        r.noise_final.setValue(0.03)
    assert r.noise_final.isEnabled()
    values = blocker.args[0]
    assert (values["loss.instance_noise"], values["loss.instance_noise_steps"],
            values["loss.instance_noise_final"]) == (0.5, 8000, pytest.approx(0.03))
    loss = panel.config().loss
    assert (loss.instance_noise, loss.instance_noise_steps, loss.instance_noise_final) == (0.5, 8000, 0.03)
    cfg = preset("grid25")
    cfg.loss.instance_noise, cfg.loss.instance_noise_steps, cfg.loss.instance_noise_final = 0.2, 500, 0.01
    panel.load_config(cfg)
    assert (r.noise_sigma.value(), r.noise_steps.value(), r.noise_final.value()) == (0.2, 500, 0.01)


def test_an_integer_setting_does_not_become_the_debounce_interval(qtbot, panel):
    interval = panel._debounce.interval()
    panel.d_steps.setValue(3)
    panel.remedies.noise_steps.setValue(8000)
    assert panel._debounce.interval() == interval
