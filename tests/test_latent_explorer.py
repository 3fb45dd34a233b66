"""The latent explorer panel on real small Trainers: picks, strips, groups, sliders, the 2-D pad,
export, the digit selector — and a training G that none of it touches."""

import math

import numpy as np
import pytest
from PySide6.QtCore import Qt
from test_latent import conditional_snapshot
from training_state import assert_same, small_trainer, snapshot

from ganstudio.engine import latent
from ganstudio.engine.export.animation import gif_frame_count
from ganstudio.ui.settings.appearance import DARK, plot_style
from ganstudio.ui.explorer.sliders import FIRST_DIMS, PRINCIPAL, SLIDER_STEPS
from ganstudio.ui.explorer.tabs import GROUP_RGB, LERP
from ganstudio.ui.explorer.latent_explorer import LatentExplorer


@pytest.fixture(scope="module")
def mnist():
    return small_trainer("mnist-mlp", 5)


@pytest.fixture(scope="module")
def ring():
    return small_trainer("ring8", 30)


@pytest.fixture
def open_explorer(qtbot):
    def _open(snap):
        ex = LatentExplorer()
        qtbot.addWidget(ex)
        ex.resize(1100, 700)
        ex.show()
        qtbot.waitExposed(ex)
        ex.set_snapshot(snap)
        return ex

    return _open


def _click(qtbot, ex, index):
    qtbot.mouseClick(ex.grid.viewport(), Qt.MouseButton.LeftButton, pos=ex.grid.position_of(index))


def _show_tab(ex, tab):
    ex.tabs.setCurrentWidget(tab)
    return tab


# ------------------------------------------------------------ interpolation


def test_clicked_tiles_become_the_ends_of_the_strip(qtbot, mnist, open_explorer):
    ex = open_explorer(latent.snapshot_generator(mnist))
    tab = ex.interpolate
    assert ex.tabs.currentWidget() is tab and len(ex.grid.samples) == len(mnist.fixed_noise)
    _click(qtbot, ex, 3)
    _click(qtbot, ex, 7)
    assert tab.ends == [3, 7]
    fixed = mnist.fixed_noise.numpy()
    steps = tab.steps.value()
    assert len(tab.samples) == len(tab.strip.samples) == steps
    assert np.array_equal(tab.zs[0], fixed[3]) and np.array_equal(tab.zs[-1], fixed[7])
    np.testing.assert_array_equal(tab.zs, latent.slerp(fixed[3], fixed[7], steps))
    np.testing.assert_array_equal(tab.samples, mnist.generate(tab.zs))
    assert ex.grid._marked == {(40, 160, 70): [3], (220, 50, 50): [7]}

    tab.mode.setCurrentIndex(tab.mode.findData(LERP))
    tab.steps.setValue(5)
    np.testing.assert_array_equal(tab.zs, latent.lerp(fixed[3], fixed[7], 5))
    cols = tab.strip.cols  # as many columns as show the five 28-px tiles largest in the strip
    assert tab.strip.picture().shape[:2] == (2 + math.ceil(5 / cols) * 30, 2 + cols * 30)

    _click(qtbot, ex, 12)  # the last two clicks are the ends
    assert tab.ends == [7, 12]
    tab.random_button.click()
    assert all(isinstance(e, np.ndarray) for e in tab.ends) and not ex.grid._marked.get((40, 160, 70))
    assert np.array_equal(tab.zs[0], tab.ends[0])


def test_animate_moves_a_cursor_along_the_strip(qtbot, mnist, open_explorer):
    ex = open_explorer(latent.snapshot_generator(mnist))
    tab = ex.interpolate
    tab.steps.setValue(4)
    tab.animate.setChecked(True)
    assert tab.timer.isActive()
    seen = []
    qtbot.waitUntil(lambda: seen.append(tab.cursor) or len(set(seen) - {None}) >= 3, timeout=10000)
    assert set(seen) - {None} <= {0, 1, 2, 3}
    assert tab.strip._marked[(250, 190, 0)] == [tab.cursor]
    _show_tab(ex, ex.arithmetic)
    assert not tab.timer.isActive()  # hidden: no timer runs
    _show_tab(ex, tab)
    assert tab.timer.isActive()
    tab.animate.setChecked(False)
    assert not tab.timer.isActive() and tab.cursor is None


# ------------------------------------------------------------ arithmetic


def test_groups_collect_the_clicked_samples_and_the_result_is_their_arithmetic(qtbot, mnist, open_explorer):
    ex = open_explorer(latent.snapshot_generator(mnist))
    tab = _show_tab(ex, ex.arithmetic)
    assert tab.result_z is None and ex.export_png("unused.png") is False
    for group, indices in (("A", [1, 2, 9]), ("B", [3]), ("C", [4, 5])):
        tab.select_group(group)
        for i in indices:
            _click(qtbot, ex, i)
    tab.select_group("A")
    _click(qtbot, ex, 9)  # a second click removes it
    tab.select_group("C")
    _click(qtbot, ex, 3)  # moves it from B to C
    _click(qtbot, ex, 6)
    tab.select_group("B")
    _click(qtbot, ex, 0)
    assert tab.groups == {"A": [1, 2], "B": [0], "C": [4, 5, 3, 6]}
    assert ex.grid._marked == {GROUP_RGB["A"]: [1, 2], GROUP_RGB["B"]: [0], GROUP_RGB["C"]: [4, 5, 3, 6]}

    fixed = mnist.fixed_noise.numpy()
    expected = fixed[[1, 2]].mean(0) - fixed[[0]].mean(0) + fixed[[4, 5, 3, 6]].mean(0)
    np.testing.assert_allclose(tab.result_z, expected, rtol=1e-5, atol=1e-6)
    np.testing.assert_array_equal(tab.result_z, latent.arithmetic({g: fixed[i] for g, i in tab.groups.items()}))
    np.testing.assert_allclose(tab.equation_samples[3], mnist.generate(tab.result_z[None])[0], atol=1e-6)
    assert len(tab.neighbour_samples) == tab.size.value()
    np.testing.assert_allclose(tab.neighbour_samples[0], tab.equation_samples[3], atol=1e-6)

    tab.clear_button.click()
    assert tab.groups == {"A": [], "B": [], "C": []} and tab.result_z is None
    assert not any(ex.grid._marked.values())


# ------------------------------------------------------------ sliders


def test_sliders_move_z_and_redraw_the_output(qtbot, mnist, open_explorer):
    ex = open_explorer(latent.snapshot_generator(mnist))
    tab = _show_tab(ex, ex.sliders)
    assert tab.mode.currentData() == FIRST_DIMS
    _click(qtbot, ex, 4)
    fixed = mnist.fixed_noise.numpy()
    assert tab.base == 4 and ex.grid._marked == {(250, 190, 0): [4]}
    np.testing.assert_array_equal(tab.z, fixed[4])  # the sliders start on the base z
    first = tab.output.samples.copy()
    np.testing.assert_array_equal(first, mnist.generate(fixed[4:5]))

    tab.sliders[2].setValue(tab.sliders[2].value() + 150)
    moved = fixed[4].copy()
    moved[2] += 1.5
    np.testing.assert_allclose(tab.z, moved, atol=1e-5)
    assert not np.allclose(tab.output.samples, first)
    np.testing.assert_allclose(tab.output.samples, mnist.generate(tab.z[None]), atol=1e-6)

    tab.mode.setCurrentIndex(tab.mode.findData(PRINCIPAL))
    np.testing.assert_allclose(tab.directions @ tab.directions.T, np.eye(8), atol=1e-5)
    np.testing.assert_array_equal(tab.z, fixed[4])  # a new mode starts again from the base
    tab.sliders[0].setValue(tab.sliders[0].value() - 100)
    np.testing.assert_allclose(tab.z, fixed[4] - tab.directions[0], atol=1e-5)
    assert tab.last_slider == 0 and tab.values[0].text() == f"{tab.sliders[0].value() / SLIDER_STEPS:+.2f}"
    tab.reset_button.click()
    np.testing.assert_array_equal(tab.z, fixed[4])


# ------------------------------------------------------------ 2-D


def test_dragging_z_moves_the_generated_point(qtbot, ring, open_explorer):
    before = snapshot(ring)
    ex = open_explorer(latent.snapshot_generator(ring))
    assert ex.tabs.isTabVisible(ex.tabs.indexOf(ex.plane))
    tab = _show_tab(ex, ex.plane)
    _click(qtbot, ex, 5)
    fixed = ring.fixed_noise.numpy()
    np.testing.assert_array_equal(tab.z, fixed[5])
    start = tab.point.copy()
    np.testing.assert_allclose(start, ring.generate(fixed[5:6])[0], atol=1e-6)

    pad = tab.pad
    vp = pad.viewport()
    target = np.array([1.5, -1.0])
    qtbot.mousePress(vp, Qt.MouseButton.LeftButton, pos=pad.to_viewport(fixed[5]))
    qtbot.mouseMove(vp, pos=pad.to_viewport((fixed[5] + target) / 2))
    qtbot.mouseMove(vp, pos=pad.to_viewport(target))
    qtbot.mouseRelease(vp, Qt.MouseButton.LeftButton, pos=pad.to_viewport(target))
    pixel = max(pad.plot.vb.viewPixelSize())
    np.testing.assert_allclose(tab.z, target, atol=2 * pixel)
    np.testing.assert_allclose(pad.handle_position(), tab.z, atol=1e-6)
    np.testing.assert_allclose(tab.point, ring.generate(tab.z[None])[0], atol=1e-6)
    assert np.linalg.norm(tab.point - start) > 1e-3
    np.testing.assert_array_equal(tab.data.samples[0], tab.point)
    assert_same(before, snapshot(ring))


def test_image_data_has_no_2d_tab_and_2d_data_shows_points(ring, mnist, open_explorer):
    ex = open_explorer(latent.snapshot_generator(mnist))
    assert not ex.tabs.isTabVisible(ex.tabs.indexOf(ex.plane)) and not ex.grid.is_2d
    ex.set_snapshot(latent.snapshot_generator(ring))
    assert ex.tabs.isTabVisible(ex.tabs.indexOf(ex.plane)) and ex.grid.is_2d
    assert ex.grid.samples.shape == (len(ring.fixed_noise), 2)
    assert ex.interpolate.strip.is_2d and ex.interpolate.samples.shape == (ex.interpolate.steps.value(), 2)
    _show_tab(ex, ex.plane)
    ex.set_snapshot(latent.snapshot_generator(mnist))  # the 2-D tab goes, another one takes its place
    assert ex.tabs.currentWidget() is not ex.plane and not ex.tabs.currentWidget().dirty
    assert ex.grid.samples.shape == (len(mnist.fixed_noise), 1, 28, 28)


# ------------------------------------------------------------ export


def test_export_writes_png_and_one_gif_frame_per_step(qtbot, mnist, open_explorer, tmp_path):
    from PIL import Image

    ex = open_explorer(latent.snapshot_generator(mnist))
    ex.interpolate.steps.setValue(6)
    assert ex.export_png(tmp_path / "strip.png") and "strip.png" in ex.message.text()
    with Image.open(tmp_path / "strip.png") as image:
        width, height = image.size
    cols = ex.interpolate.strip.cols
    assert height >= 128 and width / height == pytest.approx((2 + cols * 30) / (2 + math.ceil(6 / cols) * 30))
    assert ex.export_gif(tmp_path / "strip.gif")
    assert gif_frame_count(tmp_path / "strip.gif") == 6
    assert ex.export_png(tmp_path / "grid.png", source="grid")
    with Image.open(tmp_path / "grid.png") as image:
        assert image.size[0] == image.size[1]

    _show_tab(ex, ex.sliders)
    assert ex.export_gif(tmp_path / "sweep.gif") and gif_frame_count(tmp_path / "sweep.gif") == 16

    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    assert ex.export_png(blocker / "x.png") is False
    assert "Cannot write" in ex.message.text() and not (blocker / "x.png").exists()
    assert ex.export_gif(blocker / "x.gif") is False


def test_export_of_a_2d_interpolation(ring, open_explorer, tmp_path):
    ex = open_explorer(latent.snapshot_generator(ring))
    ex.interpolate.steps.setValue(5)
    assert ex.export_png(tmp_path / "path.png") and ex.export_gif(tmp_path / "path.gif")
    assert gif_frame_count(tmp_path / "path.gif") == 5
    _show_tab(ex, ex.plane)
    assert not ex.export_gif_button.isEnabled() and ex.export_png(tmp_path / "plane.png")


# ------------------------------------------------------------ conditional G


def test_digit_selector_only_for_a_conditional_g(mnist, open_explorer):
    ex = open_explorer(latent.snapshot_generator(mnist))
    assert ex.digit_box.isHidden() and ex.digit() is None

    snap = conditional_snapshot(mnist)
    ex.set_snapshot(snap)
    assert not ex.digit_box.isHidden() and ex.digit_box.count() == 10
    copy = latent.GeneratorCopy(snap)
    fixed = snap["fixed_noise"]
    np.testing.assert_array_equal(ex.grid.samples, copy.generate(fixed, 0))
    ex.digit_box.setCurrentIndex(7)
    assert ex.digit() == 7
    np.testing.assert_array_equal(ex.grid.samples, copy.generate(fixed, 7))
    np.testing.assert_array_equal(ex.interpolate.samples, copy.generate(ex.interpolate.zs, 7))

    ex.set_snapshot(latent.snapshot_generator(mnist))
    assert ex.digit_box.isHidden()


# ------------------------------------------------------------ refresh and the training G


def test_refresh_keeps_picks_and_shows_the_newer_g(qtbot, open_explorer):
    trainer = small_trainer("mnist-mlp", 2)
    ex = open_explorer(latent.snapshot_generator(trainer))
    with qtbot.waitSignal(ex.refresh_requested, timeout=1000):
        ex.refresh_button.click()
    _click(qtbot, ex, 2)
    _click(qtbot, ex, 6)
    _show_tab(ex, ex.arithmetic)
    _click(qtbot, ex, 1)
    old_strip = ex.interpolate.samples.copy()
    for _ in range(5):
        trainer.step()
    ex.set_snapshot(latent.snapshot_generator(trainer))
    assert ex.interpolate.ends == [2, 6] and ex.arithmetic.groups["A"] == [1]
    assert ex.grid._marked == {GROUP_RGB["A"]: [1], GROUP_RGB["B"]: [], GROUP_RGB["C"]: []}
    assert "7" in ex.status.text()
    _show_tab(ex, ex.interpolate)  # regenerated when shown, with the newer weights
    assert not np.allclose(ex.interpolate.samples, old_strip)
    np.testing.assert_array_equal(ex.interpolate.samples, trainer.generate(ex.interpolate.zs))

    ex.auto_refresh.setChecked(True)
    ex.timer.setInterval(20)
    with qtbot.waitSignal(ex.refresh_requested, timeout=5000):
        pass
    ex.hide()
    assert not ex.timer.isActive()

    ex.set_snapshot(latent.snapshot_generator(small_trainer("mnist-mlp", 0, **{"gen.noise_dim": 20})))
    assert ex.interpolate.ends == [0, 1] and ex.arithmetic.groups == {"A": [], "B": [], "C": []}


def test_the_training_g_is_untouched(qtbot, open_explorer, tmp_path):
    trainer = small_trainer("mnist-mlp", 4)
    before = snapshot(trainer)
    ex = open_explorer(latent.snapshot_generator(trainer))
    _click(qtbot, ex, 0)
    _click(qtbot, ex, 5)
    ex.interpolate.animate.setChecked(True)
    ex.interpolate.advance()
    ex.export_gif(tmp_path / "a.gif")
    _show_tab(ex, ex.arithmetic)
    for group, i in zip("ABC", (1, 2, 3)):
        ex.arithmetic.select_group(group)
        _click(qtbot, ex, i)
    tab = _show_tab(ex, ex.sliders)
    tab.mode.setCurrentIndex(tab.mode.findData(PRINCIPAL))
    for slider in tab.sliders:
        slider.setValue(slider.value() + 40)
    ex.set_snapshot(latent.snapshot_generator(trainer))
    ex.apply_style(plot_style(DARK, True))
    assert_same(before, snapshot(trainer))
