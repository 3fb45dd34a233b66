"""The GIL-free canvas: Qt paints it, the curves land on the right pixels, NaN breaks a line."""

import numpy as np
import pyqtgraph as pg
import pytest
from PySide6.QtWidgets import QGraphicsPathItem, QGraphicsView

from ganstudio.ui.plotting.canvas import Canvas, ImageTile, PathCurve, PointCloud


@pytest.fixture(scope="module")
def shared_canvas(qapp):
    """One canvas for the module. Two tests that each made and dropped a standalone canvas
    crashed in the second one (an AxisItem of the first painted after its Python side was gone);
    not root-caused. The window keeps its canvases for its whole life and its tests, which make
    and close many windows, do not crash."""
    canvas = Canvas()
    canvas.resize(600, 400)
    plot = canvas.add_plot(row=0)
    plot.disableAutoRange()
    canvas.show()
    yield canvas, plot
    canvas.close()


def _plot(qtbot, shared_canvas):
    canvas, plot = shared_canvas
    for item in list(plot.vb.childItems()):
        if isinstance(item, PathCurve):
            item.setParentItem(None)
    plot.setRange(xRange=(0, 10), yRange=(0, 1), padding=0)
    qtbot.waitExposed(canvas)
    return canvas, plot


def _segments(curve):
    path = curve.path()
    pts = np.array([(path.elementAt(i).x, path.elementAt(i).y) for i in range(path.elementCount())])
    return pts.reshape(-1, 2, 2)


def test_canvas_has_no_python_paint_event():
    # Shiboken calls the C++ paintEvent with the GIL released only when Python does not override it.
    assert Canvas.paintEvent is QGraphicsView.paintEvent
    assert "paintEvent" not in vars(Canvas) or vars(Canvas)["paintEvent"] is QGraphicsView.paintEvent


def test_curve_maps_data_to_view_pixels_and_breaks_at_nan(qtbot, shared_canvas):
    canvas, plot = _plot(qtbot, shared_canvas)
    curve = PathCurve(pg.mkPen("b", width=2), plot.vb)
    curve.set_points([0, 5, 10, 10], [0, 1, np.nan, 0.5])
    segs = _segments(curve)
    assert len(segs) == 1  # (0,0)-(5,1); the NaN point drops both segments that touch it
    w, h = plot.vb.width(), plot.vb.height()
    np.testing.assert_allclose(segs[0], [[0, h], [w / 2, 0]], atol=1e-6)
    # what is drawn lands where pyqtgraph maps those data points
    for (px, py), (dx, dy) in zip(segs[0], [(0, 0), (5, 1)]):
        scene_pt = plot.vb.mapViewToScene(pg.Point(dx, dy))
        item_pt = curve.mapToScene(px, py)
        assert abs(scene_pt.x() - item_pt.x()) < 1 and abs(scene_pt.y() - item_pt.y()) < 1


def test_curve_follows_a_zoom(qtbot, shared_canvas):
    canvas, plot = _plot(qtbot, shared_canvas)
    curve = PathCurve(pg.mkPen("b"), plot.vb)
    curve.set_points([0, 10], [0, 1])
    plot.setRange(xRange=(0, 20), padding=0)
    curve.refresh()
    segs = _segments(curve)
    np.testing.assert_allclose(segs[0][1][0], plot.vb.width() / 2, atol=1e-6)


def test_huge_values_are_clamped_not_lost(qtbot, shared_canvas):
    canvas, plot = _plot(qtbot, shared_canvas)
    curve = PathCurve(pg.mkPen("b"), plot.vb)
    curve.set_points([0, 1, 2], [0.5, 1e30, 0.5])  # an exploding gradient norm
    segs = _segments(curve)
    assert len(segs) == 2 and np.all(np.isfinite(segs)) and np.abs(segs).max() < 1e7


def test_point_cloud_draws_one_dot_per_finite_point(qtbot, shared_canvas):
    canvas, plot = _plot(qtbot, shared_canvas)
    dots = PointCloud((200, 100, 0), 5, plot.vb)
    dots.set_points([1, 2, np.nan, 4], [0.1, 0.2, 0.3, np.nan])
    assert len(_segments(dots)) == 2


@pytest.mark.parametrize("kind", ["curve", "dots"])
def test_bounds_hold_the_whole_stroke_without_stroking_it(qtbot, shared_canvas, kind):
    """Qt would stroke the whole path to answer boundingRect after every path change; the box of the
    points widened by half the pen holds every pixel the pen paints, as Qt's stroked answer does."""
    canvas, plot = _plot(qtbot, shared_canvas)
    item = (PathCurve(pg.mkPen("b", width=3), plot.vb) if kind == "curve"
            else PointCloud((200, 100, 0), 6, plot.vb))
    item.set_points(np.linspace(0, 10, 500), 0.5 + 0.4 * np.sin(np.linspace(0, 30, 500)))
    ours = item.boundingRect()
    stroked = QGraphicsPathItem.shape(item).controlPointRect()  # Qt's own answer, for comparison
    assert ours.contains(stroked), (ours, stroked)
    assert ours.width() <= stroked.width() + 2 * item.pen().widthF() + 2
    assert item.shape().elementCount() == 5  # a rectangle, not a stroke of 1,000 segments


def test_image_tile_grey_and_rgb(qtbot):
    tile = ImageTile()
    grey = np.arange(12, dtype=np.uint8).reshape(3, 4, 1)
    tile.set_image(grey)
    image = tile.pixmap().toImage()
    assert (image.width(), image.height()) == (4, 3)
    assert image.pixelColor(1, 2).red() == grey[2, 1, 0]
    rgb = np.zeros((2, 5, 3), dtype=np.uint8)
    rgb[1, 3] = (10, 200, 30)
    tile.set_image(rgb)
    color = tile.pixmap().toImage().pixelColor(3, 1)
    assert (color.red(), color.green(), color.blue()) == (10, 200, 30)


@pytest.mark.parametrize("lo, hi, size", [(0.05, 0.95, 60), (0.05, 0.95, 30), (0.32, 0.49, 60), (0.3, 0.7, 60),
                                          (0.55, 0.85, 40), (0.0, 2.0, 60), (0.0, 1.0, 400), (-3.0, 250.0, 45)])
def test_a_short_axis_keeps_a_label_and_its_labels_apart(qapp, lo, hi, size):
    """Presentation mode's large font on a 60-px plot: labels never run together, and at least one
    stays inside the range (D(x) on 0.05–0.95 once showed no number at all)."""
    from PySide6.QtGui import QFont, QFontMetricsF

    from ganstudio.ui.plotting.canvas import SpacedAxis

    axis = SpacedAxis("left")
    font = QFont()
    font.setPointSize(16)
    axis.setStyle(tickFont=font)
    spacing, values = axis.tickValues(lo, hi, size)[0]
    shown = [v for v in values if lo - 1e-9 <= v <= hi + 1e-9]
    assert shown, (spacing, values)
    room = QFontMetricsF(font).height() * SpacedAxis.LABEL_LINES
    assert len(shown) == 1 or spacing / (hi - lo) * size >= room


def test_the_labels_drawn_never_run_together(qtbot, shared_canvas):
    """What the axis draws, not only its first level: pyqtgraph also labels finer levels while its
    labels fill less than a share of the axis, and once printed 0.4 and 0.6 over a lone 0.5 (D(x)
    on 0.03–0.73, a 101-px axis, presentation mode at 1280 × 720; seen in CI, where training had
    left D(x) on that range). Every range a D(x) or loss plot takes, over short and tall plots."""
    from PySide6.QtGui import QFont

    from layout_check import canvas_problems

    canvas, plot = _plot(qtbot, shared_canvas)
    axis = plot.getAxis("left")
    font = QFont()
    font.setPointSize(16)
    axis.setStyle(tickFont=font)
    problems = []
    try:
        for height in range(50, 260, 13):
            canvas.resize(300, height)
            for lo in np.arange(0.0, 0.6, 0.03):
                for width in (0.1, 0.2, 0.3, 0.45, 0.7, 0.95, 3.0):
                    plot.setRange(yRange=(lo, lo + width), padding=0)
                    qtbot.wait(1)  # the axis widens for its labels at the next layout
                    problems += [f"{height} px, {lo:.2f}–{lo + width:.2f}: {p}" for p in canvas_problems(canvas)]
    finally:
        axis.setStyle(tickFont=QFont())
        canvas.resize(600, 400)
    assert not problems, "\n".join(problems[:10])
