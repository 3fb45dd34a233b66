"""Classroom features: the "What am I looking at?" panel, presentation mode, light and dark themes,
full screen, the shortcut list, tooltips on every canvas, and settings that survive a restart."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence, QPalette, QShortcut
from PySide6.QtWidgets import QApplication

from ganstudio.engine.train.presets import preset


def _help_text(win) -> str:
    return win.help_panel.browser.toPlainText()


def _colour(color) -> tuple:
    return color.red(), color.green(), color.blue()


def test_help_panel_explains_the_view_on_screen(qtbot, open_window):
    cfg = preset("ring8")
    cfg.loss.kind = "nonsaturating"  # a probability loss: the panel explains the 0.5 equilibrium
    win = open_window(cfg)
    assert not win.help_panel.isVisible()
    win.help_action.trigger()  # F1
    assert win.help_panel.isVisible()
    text = _help_text(win)
    for words in ("ring8", "The loss in use: nonsaturating", "Why 0.5?", "The 2-D lab view", "Heatmap",
                  "Dashed contour", "Manifold", "KL / JS", "counts the modes", "The alarm", "Slow motion"):
        assert words in text, words
    assert text.index("The plots on the left") < text.index("Slow motion")

    win.controls.loss.setCurrentText("wgan-gp")  # live: the panel follows at once
    text = _help_text(win)
    assert "The loss in use: wgan-gp" in text and "raw score" in text and "Why 0.5?" not in text

    win.run_bar.slow.setChecked(True)  # slow motion's phases move to the top while it plays
    text = _help_text(win)
    assert text.index("Slow motion") < text.index("The plots on the left")
    assert "D sees real data" in text and "G updates" in text


def test_help_panel_for_images(qtbot, open_window):
    win = open_window(preset("mnist-mlp"))
    win.help_action.trigger()
    text = _help_text(win)
    assert "The sample grids" in text and "The 2-D lab view" not in text
    assert "10 classes" in text


def test_help_texts_are_translated(qapp):
    from ganstudio.ui.settings import i18n
    from ganstudio.ui.window.help_panel import HelpContext, explain

    ctx = HelpContext(dataset="ring8", is_2d=True, loss="hinge", meter="modes", slow=False)
    assert i18n.install_translator(qapp, "zh_CN")
    try:
        text = explain(ctx)
    finally:
        i18n.remove_translators(qapp)
    assert "判别器" in text and "生成器" in text and "模式崩溃" in text
    assert "What am I looking at?" not in text and "The loss in use" not in text


def test_plots_and_canvases_explain_themselves(qtbot, open_window):
    win = open_window(preset("ring8"))
    lab = win.samples.lab
    for item in (win.plots.loss_plot, win.plots.health_plot, win.plots.grad_plot, lab.plot, lab.noise_plot,
                 lab.js_plot, lab.kl_plot, win.samples.image_widget, win.meter.canvas):
        assert item.toolTip(), item


def test_presentation_mode_enlarges_fonts_widens_pens_and_hides_advanced_settings(qtbot, open_window):
    win = open_window(preset("ring8"))
    plots, controls = win.plots, win.controls
    app_pt = QApplication.font().pointSizeF()
    title = plots.loss_plot.titleLabel.opts["size"]
    assert plots.curves["loss_d"].pen().widthF() == 1 and title == "13pt"
    assert controls.remedies.isVisibleTo(controls) and controls.run_box.isVisibleTo(controls)

    win.presentation_action.trigger()  # F5
    assert QApplication.font().pointSizeF() == pytest.approx(1.6 * app_pt)
    assert float(plots.loss_plot.titleLabel.opts["size"].removesuffix("pt")) == pytest.approx(1.6 * 13, abs=0.1)
    assert plots.loss_plot.getAxis("left").style["tickFont"].pointSizeF() == pytest.approx(1.6 * 11)
    assert plots.curves["loss_d"].pen().widthF() == 3 and plots.ref_half.pen().widthF() == 3
    assert win.samples.lab.contour.pen().widthF() == 3
    assert not controls.remedies.isVisibleTo(controls) and not controls.run_box.isVisibleTo(controls)
    assert not controls.opt_d.beta1.isVisibleTo(controls)

    win.presentation_action.trigger()
    assert QApplication.font().pointSizeF() == pytest.approx(app_pt)
    assert plots.loss_plot.titleLabel.opts["size"] == "13pt"
    assert plots.curves["loss_d"].pen().widthF() == 1
    assert controls.remedies.isVisibleTo(controls) and controls.opt_d.beta1.isVisibleTo(controls)


def test_dark_theme_darkens_widgets_and_canvases(qtbot, open_window):
    win = open_window(preset("ring8"))
    light_window = QApplication.palette().color(QPalette.ColorRole.Window)
    assert _colour(win.plots.canvas.backgroundBrush().color()) == (255, 255, 255)

    win.theme_actions["dark"].trigger()
    assert win.theme == "dark" and win.theme_actions["dark"].isChecked()
    assert QApplication.palette().color(QPalette.ColorRole.Window).lightness() < 80
    for canvas in (win.plots.canvas, win.meter.canvas, win.samples.lab.canvas, win.samples.image_widget):
        assert canvas.backgroundBrush().color().lightness() < 60
    assert win.plots.loss_plot.getAxis("left").textPen().color().lightness() > 180

    win.theme_actions["light"].trigger()
    assert QApplication.palette().color(QPalette.ColorRole.Window) == light_window
    assert _colour(win.plots.canvas.backgroundBrush().color()) == (255, 255, 255)


def test_full_screen_toggles(qtbot, open_window):
    win = open_window(preset("ring8"))
    win.full_screen_action.trigger()  # F11
    qtbot.waitUntil(lambda: bool(win.windowState() & Qt.WindowState.WindowFullScreen), timeout=2000)
    win.full_screen_action.trigger()
    qtbot.waitUntil(lambda: not win.windowState() & Qt.WindowState.WindowFullScreen, timeout=2000)


def test_every_shortcut_is_listed(qtbot, open_window):
    win = open_window(preset("ring8"))
    dialog = win.show_shortcuts()
    qtbot.addWidget(dialog)
    listed = {key for key, _ in dialog.rows}
    assert {"Space", "S", "R", "F1", "F5", "F11"} <= listed
    bound = {s.key().toString(QKeySequence.SequenceFormat.NativeText) for s in win.findChildren(QShortcut)}
    bound |= {a.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
              for a in win.findChildren(QAction) if not a.shortcut().isEmpty()}
    assert bound <= listed, bound - listed
    assert all(text for _, text in dialog.rows)
    assert dialog.table.rowCount() == len(dialog.rows)


def test_settings_survive_a_restart(qtbot, open_window):
    """Theme, presentation mode, the last preset and where the docks are: stored on close (in a
    temporary QSettings file, see conftest) and put back by the next window."""
    win = open_window(preset("ring8"))
    app_pt = QApplication.font().pointSizeF()
    win.theme_actions["dark"].trigger()
    win.presentation_action.trigger()
    win.controls.preset.setCurrentText("grid25")
    win.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, win.settings_dock)
    win.help_action.trigger()
    win.close()
    assert QApplication.font().pointSizeF() == pytest.approx(app_pt)  # the application's look is given back

    again = open_window(None)
    assert again.theme == "dark" and again.theme_actions["dark"].isChecked()
    assert again.presentation and again.presentation_action.isChecked()
    assert again.controls.preset.currentText() == "grid25"
    assert again.controls.config().data.name == "grid25"
    assert again.dockWidgetArea(again.settings_dock) == Qt.DockWidgetArea.RightDockWidgetArea
    assert again.help_panel.isVisible()
    assert again.plots.curves["loss_d"].pen().widthF() == 3
    assert again.plots.canvas.backgroundBrush().color().lightness() < 60


def test_help_panel_says_why_instance_noise_holds_the_high_quality_share_down(qtbot, open_window):
    """ring8 starts with instance noise 0.7 (35× its clusters' σ): the meter read ~60 % high quality
    early on and the panel did not say why. Switched off in the remedies, the paragraph goes."""
    win = open_window(preset("ring8"))
    win.help_action.trigger()
    text = _help_text(win)
    assert "Instance noise is on" in text and "fades to 0 by step 8000" in text
    win.controls.remedies.instance_noise.setChecked(False)  # a live change: the panel follows
    qtbot.waitUntil(lambda: "Instance noise is on" not in _help_text(win), timeout=5000)
    win.controls.remedies.instance_noise.setChecked(True)
    qtbot.waitUntil(lambda: "Instance noise is on" in _help_text(win), timeout=5000)


def test_on_a_projector_data_without_a_meter_has_no_meter_tab(qtbot, open_window):
    """At 1280 × 720 in presentation mode the meter gets a tab of its own; GAN Lab's spiral has no
    meter, and its tab was an empty page. Choosing data with modes brings the tab back."""
    win = open_window(preset("spiral"))
    win.set_presentation(True)
    win.resize(1280, 720)
    qtbot.wait(200)

    def tabs():
        bar = win.column.tab_bar
        return [bar.tabText(i) for i in range(bar.count())] if bar.isVisible() else []

    assert not win.meter.isVisibleTo(win) and "Collapse meter" not in tabs()
    win.controls.preset.setCurrentText("ring8")
    with qtbot.waitSignal(win.reset_applied, timeout=30000):
        win.run_bar.reset.click()
    qtbot.waitUntil(lambda: "Collapse meter" in tabs(), timeout=5000)
    win.column.show_view(win.column.METER)
    qtbot.waitUntil(lambda: win.meter.isVisible() and win.meter.height() > 0, timeout=5000)
    win.controls.preset.setCurrentText("moons")
    with qtbot.waitSignal(win.reset_applied, timeout=30000):
        win.run_bar.reset.click()
    qtbot.waitUntil(lambda: "Collapse meter" not in tabs(), timeout=5000)
    assert win.plots.isVisible()  # the tab shown before falls back to the plots
