"""The window's centre: the run bar, the red banner, the amber collapse alarm and slow motion's
caption above the views. The views arrive after the first paint (``add_views``): the training
plots with the collapse meter, and the samples (or the 2-D lab) with the timeline.

Where there is room the two sit side by side in a splitter. Where there is not, they become tabs
rather than slivers: two tabs (plots and meter | samples) when the width is short (the plots'
titles count), three (plots | meter | samples) when the height is too short for the three plots
above the meter (a 1280 × 720 projector in presentation mode). Data the meter cannot read (GAN
Lab's continuous sets) has no meter and no meter tab: where the height is short, the views are two
tabs. The column switches when its size crosses what the views need, and back when there is room
again with a margin, so it does not flicker. Tabs only show and hide the views (a tab bar above
the splitter): nothing is moved from one parent to another.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QSignalBlocker, QSize, Qt, QTimer
from PySide6.QtWidgets import QLabel, QSizePolicy, QSplitter, QTabBar, QVBoxLayout, QWidget

from ganstudio.ui.window.alarm_banner import AlarmBanner
from ganstudio.ui.window.phase_strip import PhaseStrip
from ganstudio.ui.window.run_bar import RunBar

if TYPE_CHECKING:  # pyqtgraph loads after the first paint (test_startup)
    from ganstudio.ui.plotting.plots import TrainingPlots

_BANNER_STYLE = "background: #c62828; color: white; font-weight: bold; padding: 6px; border-radius: 3px;"
METER_HEIGHT = 210  # px, under the plots
MAX_PX = (1 << 24) - 1  # Qt's largest widget size
PLOTS_READABLE_PX = 330  # the three training plots' least height with their titles and axes
SLACK_PX = 60  # room beyond what is needed before the views go back from tabs


class RunColumn(QWidget):
    PLOTS, METER, SAMPLES = "plots", "meter", "samples"

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.run_bar = RunBar()
        self.banner = QLabel()  # an error: what failed and what to do
        self.banner.setWordWrap(True)
        self.banner.setStyleSheet(_BANNER_STYLE)
        self.banner.hide()
        self.alarm = AlarmBanner()
        self.phase_strip = PhaseStrip()
        self.phase_strip.hide()
        self.plots_side = QWidget()  # the training plots above the meter
        self._plots_column = QVBoxLayout(self.plots_side)
        self._plots_column.setContentsMargins(0, 0, 0, 0)
        self.plots: TrainingPlots | None = None
        self.meter: QWidget | None = None  # shows and hides itself (no meter for some data)
        self._meter_slot = QWidget()  # the meter's place: shown and hidden by the tabs
        meter_column = QVBoxLayout(self._meter_slot)
        meter_column.setContentsMargins(0, 0, 0, 0)
        self._meter_column = meter_column
        self.samples_side: QWidget | None = None  # the samples (or the 2-D lab) above the timeline
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self.plots_side)
        self.tab_bar = QTabBar()  # shown where the views do not fit side by side
        self.tab_bar.setDocumentMode(True)
        self.tab_bar.setExpanding(False)
        self.tab_bar.hide()
        self.tab_bar.currentChanged.connect(self._show_tab)
        self._tabs: list[str] = []  # what each tab shows: PLOTS, METER, SAMPLES
        self._splitter_sizes = [520, 560]  # the two sides' share before they became tabs
        column = QVBoxLayout(self)
        column.setContentsMargins(4, 4, 4, 4)
        self._column = column
        for widget in (self.run_bar, self.banner, self.alarm, self.phase_strip, self.tab_bar):
            column.addWidget(widget)
        column.addWidget(self.splitter, 1)

    @property
    def tabbed(self) -> bool:
        return bool(self._tabs)

    @property
    def meter_tabbed(self) -> bool:
        return self.METER in self._tabs

    @property
    def has_meter(self) -> bool:
        """The meter reads this run's data (it hides itself where it cannot)."""
        return self.meter is not None and not self.meter.isHidden()

    def add_views(self, plots: TrainingPlots, meter: QWidget, samples: QWidget, timeline: QWidget) -> None:
        self.plots, self.meter = plots, meter
        self._plots_column.addWidget(plots, 1)
        self._meter_column.addWidget(meter)
        self._plots_column.addWidget(self._meter_slot)
        meter.setFixedHeight(METER_HEIGHT)
        meter.installEventFilter(self)  # it shows and hides itself with the data: the tabs follow
        self.samples_side = right = QWidget()
        right_column = QVBoxLayout(right)
        right_column.setContentsMargins(0, 0, 0, 0)
        # Its size hint changes with what the lab view shows (colour bar labels...); in a layout
        # that would resize it, and re-render every axis, at each frame (ring8 trained 10x slower).
        samples.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        right_column.addWidget(samples, 1)
        right_column.addWidget(timeline)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setSizes(self._splitter_sizes)
        self.updateGeometry()
        self.arrange()

    def show_banner(self, message: str) -> None:
        self.banner.setText(message)
        self.banner.show()

    def show_view(self, view: str) -> None:
        """Bring PLOTS, METER or SAMPLES forward (a no-op where all are on screen)."""
        if view in self._tabs:
            self.tab_bar.setCurrentIndex(self._tabs.index(view))

    # ------------------------------------------------------------ side by side, or tabs

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt's name)
        """As narrow as tabs allow: narrower than both views side by side (``arrange`` turns
        them into tabs before the splitter would be squeezed)."""
        hint = super().minimumSizeHint()
        if self.samples_side is None or self.tabbed:
            return hint
        m = self._column.contentsMargins()
        tabs_width = max(self.plots_side.minimumSizeHint().width(), self.samples_side.minimumSizeHint().width())
        others = max((w.minimumSizeHint().width() for w in (self.run_bar, self.phase_strip) if w.isVisibleTo(self)),
                     default=0)
        return QSize(max(tabs_width, others) + m.left() + m.right(), hint.height())

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        super().resizeEvent(event)
        self.arrange()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if watched is self.meter and event.type() in (QEvent.Type.ShowToParent, QEvent.Type.HideToParent):
            self.arrange()
        return False

    def arrange(self) -> None:
        """Side by side or tabs, for the size and views there are now."""
        if self.samples_side is None:
            return
        m = self._column.contentsMargins()
        room = self.width() - m.left() - m.right()
        plots_w = max(self.plots_side.minimumSizeHint().width(), self.plots.title_width())
        need_w = plots_w + self.samples_side.minimumSizeHint().width() + self.splitter.handleWidth()
        height = self.splitter.height()
        need_h = PLOTS_READABLE_PX + METER_HEIGHT + 40  # + the smoothing check box
        short_w = room < need_w + (SLACK_PX if self.tabbed else 0)
        tabbed_for_height = self.meter_tabbed or (self.tabbed and not self.has_meter)
        short_h = height < need_h + (SLACK_PX if tabbed_for_height else 0)
        if short_w or short_h:  # without a meter its tab would be an empty page
            tabs = [self.PLOTS, self.METER, self.SAMPLES] if short_h and self.has_meter else [self.PLOTS, self.SAMPLES]
        else:
            tabs = []
        if tabs != self._tabs:
            self._set_tabs(tabs)
        elif not tabs:
            self._widen_plots()

    def _widen_plots(self) -> None:
        """Side by side, the plots get at least their titles' width where the column has it: the split
        saved on a larger screen left them 488 px of a 1920 × 1080 window in presentation mode, where
        the Chinese D(x) title needs 689 px (drawn at 70 % it was still cut)."""
        sizes = self.splitter.sizes()
        want = self.plots.title_width()
        room = sum(sizes) - self.samples_side.minimumSizeHint().width()
        if len(sizes) == 2 and 0 < sizes[0] < want and room > sizes[0]:
            plots_w = min(want, room)
            self.splitter.setSizes([plots_w, sum(sizes) - plots_w])

    def _set_tabs(self, tabs: list[str]) -> None:
        shown = self._tabs[self.tab_bar.currentIndex()] if self._tabs else self.PLOTS
        if tabs and not self._tabs and min(self.splitter.sizes(), default=0) > 0:
            self._splitter_sizes = self.splitter.sizes()  # each side's share, for when they are side by side again
        titles = {self.PLOTS: self.tr("Training plots"), self.METER: self.tr("Collapse meter"),
                  self.SAMPLES: self.tr("Samples")}
        with QSignalBlocker(self.tab_bar):  # one _show_tab below, not one per tab
            while self.tab_bar.count():
                self.tab_bar.removeTab(0)
            for name in tabs:
                self.tab_bar.addTab(titles[name])
            self._tabs = tabs
            if tabs:
                self.tab_bar.setCurrentIndex(tabs.index(shown if shown in tabs else self.PLOTS))
        self.tab_bar.setVisible(bool(tabs))
        self._show_tab(self.tab_bar.currentIndex())
        if not tabs:  # after the splitter has taken in the side shown again (it sizes that one itself)
            QTimer.singleShot(0, self, self._restore_split)
        self.updateGeometry()

    def _restore_split(self) -> None:
        self.splitter.setSizes(self._splitter_sizes)
        self._widen_plots()

    def _show_tab(self, index: int) -> None:
        shown = self._tabs[index] if 0 <= index < len(self._tabs) else None
        every = shown is None  # side by side: everything
        self.plots_side.setVisible(every or shown in (self.PLOTS, self.METER))
        self.plots.setVisible(every or shown == self.PLOTS)
        self._meter_slot.setVisible(every or shown == self.METER or not self.meter_tabbed)
        self.samples_side.setVisible(every or shown == self.SAMPLES)
        # The column's layout keeps the splitter's least width from before (both sides, 746 px at
        # 1366 × 768) until the splitter says it changed: asked then, the window would widen itself
        # for views that are now tabs (1,396 px on that screen once the help panel opened).
        self.splitter.updateGeometry()
        if shown == self.METER:  # the meter alone: it takes the whole height
            self.meter.setMinimumHeight(METER_HEIGHT)
            self.meter.setMaximumHeight(MAX_PX)
        else:
            self.meter.setFixedHeight(METER_HEIGHT)
