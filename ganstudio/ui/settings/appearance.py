"""How the window looks: a light or dark theme, and presentation mode for a projector.

The theme is a QPalette for the widgets (Fusion style, which follows a palette everywhere) plus a
``PlotStyle`` for the pyqtgraph canvases, whose colours are their own. Presentation mode scales the
application font by PRESENTATION_SCALE and the canvases' titles, ticks and legends with it, and
draws every line PRESENTATION_PEN_WIDTH px wide. Wide pens leave Qt's cosmetic fast path (the
cost is measured in plots.py), which is the price of being readable from the back of a room.

Each view that owns a canvas has ``apply_style(style)``; the helpers here restyle one plot item,
legend or line, so the views only say which texts and sizes they have.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import QApplication

LIGHT, DARK = "light", "dark"
THEMES = (LIGHT, DARK)
PRESENTATION_SCALE = 1.6
PRESENTATION_PEN_WIDTH = 3


@dataclass(frozen=True)
class PlotStyle:
    """Colours and sizes of the canvases. ``scale`` multiplies font sizes; ``pen_width`` is the
    least width of a line (1 keeps each view's own widths)."""

    background: tuple
    foreground: tuple
    legend_brush: tuple
    scale: float = 1.0
    pen_width: float = 1.0

    def pt(self, base_pt: float) -> str:
        return f"{base_pt * self.scale:.3g}pt"

    def font(self, base_pt: float) -> QFont:
        font = QFont()
        font.setPointSizeF(base_pt * self.scale)
        return font

    def line_width(self, base: float) -> float:
        return max(base, self.pen_width)


_COLORS = {
    LIGHT: dict(background=(255, 255, 255), foreground=(0, 0, 0), legend_brush=(255, 255, 255, 230)),
    DARK: dict(background=(32, 33, 36), foreground=(225, 225, 225), legend_brush=(48, 49, 54, 230)),
}
DEFAULT_STYLE = PlotStyle(**_COLORS[LIGHT])


def plot_style(theme: str, presentation: bool) -> PlotStyle:
    if not presentation:
        return PlotStyle(**_COLORS[theme])
    return PlotStyle(**_COLORS[theme], scale=PRESENTATION_SCALE, pen_width=PRESENTATION_PEN_WIDTH)


def dark_palette() -> QPalette:
    palette = QPalette()
    role, group = QPalette.ColorRole, QPalette.ColorGroup
    for name, rgb in (("Window", (45, 46, 50)), ("WindowText", (225, 225, 225)), ("Base", (30, 31, 34)),
                      ("AlternateBase", (45, 46, 50)), ("ToolTipBase", (60, 62, 68)),
                      ("ToolTipText", (235, 235, 235)), ("PlaceholderText", (140, 140, 140)),
                      ("Text", (225, 225, 225)), ("Button", (56, 58, 64)), ("ButtonText", (225, 225, 225)),
                      ("BrightText", (255, 90, 90)), ("Light", (80, 82, 90)), ("Midlight", (66, 68, 75)),
                      ("Mid", (40, 41, 45)), ("Dark", (25, 26, 28)), ("Shadow", (10, 10, 10)),
                      ("Link", (110, 170, 255)), ("LinkVisited", (170, 140, 255)),
                      ("Highlight", (58, 118, 200)), ("HighlightedText", (255, 255, 255))):
        palette.setColor(getattr(role, name), QColor(*rgb))
    for name in ("WindowText", "Text", "ButtonText"):
        palette.setColor(group.Disabled, getattr(role, name), QColor(125, 125, 125))
    return palette


class AppLook:
    """The application-wide part: palette, style and font. Remembers what the application had,
    so the light theme and normal size give it back exactly."""

    def __init__(self, app: QApplication):
        self.app = app
        self._style_name = app.style().name()
        self._palette = QPalette(app.palette())
        self._font = QFont(app.font())
        self.applied = (LIGHT, False)

    def apply(self, theme: str, presentation: bool) -> None:
        if (theme, presentation) == self.applied:
            return
        self.applied = (theme, presentation)
        app = self.app
        if theme == DARK:
            if app.style().name().lower() != "fusion":
                app.setStyle("Fusion")
            app.setPalette(dark_palette())
        else:
            if app.style().name() != self._style_name:
                app.setStyle(self._style_name)
            app.setPalette(self._palette)
        font = QFont(self._font)
        if presentation:
            font.setPointSizeF(self._font.pointSizeF() * PRESENTATION_SCALE)
        app.setFont(font)

    def restore(self) -> None:
        self.apply(LIGHT, False)


_look: AppLook | None = None


def app_look() -> AppLook:
    """The one AppLook of the running QApplication: what the application looked like is taken
    the first time, before any window changed it."""
    global _look
    app = QApplication.instance()
    if _look is None or _look.app is not app:
        _look = AppLook(app)
    return _look


# ---------------------------------------------------------------- restyling canvas items


def style_plot(plot, title: str | None, title_pt: float, style: PlotStyle, tick_pt: float | None = None,
               title_height: float = 30) -> None:
    """Title, axis text and axis lines of one PlotItem. ``tick_pt`` None leaves the tick font to the
    application font (which presentation mode scales already)."""
    if title is not None:
        plot.setTitle(title, size=style.pt(title_pt), color=style.foreground)
        height = round(title_height * style.scale)
        plot.titleLabel.setMaximumHeight(height)
        plot.layout.setRowFixedHeight(0, height)
    for name in ("left", "bottom", "right", "top"):
        axis = plot.getAxis(name)
        if tick_pt is not None:
            axis.setTickFont(style.font(tick_pt))
        axis.setTextPen(style.foreground)
        axis.setPen(QColor(*style.foreground, 150))
        if axis.label.isVisible() and axis.labelText:
            axis.setLabel(axis.labelText, units=axis.labelUnits or None,
                          **{"color": css_colour(style.foreground), "font-size": style.pt(tick_pt or 10)})


def style_legend(legend, label_pt: float, style: PlotStyle) -> None:
    legend.setBrush(style.legend_brush)
    legend.opts["labelTextColor"] = QColor(*style.foreground)
    legend.opts["labelTextSize"] = style.pt(label_pt)
    for _, label in legend.items:
        label.setText(label.text, size=style.pt(label_pt), color=style.foreground)
    legend.updateSize()


def style_label(label, text: str, base_pt: float, style: PlotStyle) -> None:
    """A pyqtgraph LabelItem (a title placed in a layout)."""
    label.setText(text, size=style.pt(base_pt), color=style.foreground)


def coloured(text: str, rgb: tuple) -> str:
    """``text`` in bold in that colour, inside a plot title: the title names its curves."""
    return f"<b style='color: {css_colour(rgb)}'>{text}</b>"


def css_colour(rgb: tuple) -> str:
    return "#{:02x}{:02x}{:02x}".format(*rgb[:3])
