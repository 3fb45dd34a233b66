"""What the window remembers between starts: theme, presentation mode, the last preset, and the
window's geometry with its docks' places.

Kept in ``i18n.settings()`` (``QSettings("ganstudio", "ganstudio")``, beside the language; tests
point it at a temporary file). A value that is missing or no longer valid (a preset that was
renamed) reads as the default.
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray
from PySide6.QtWidgets import QMainWindow

from ganstudio.engine.train.presets import PRESETS
from ganstudio.ui.settings import i18n
from ganstudio.ui.settings.appearance import LIGHT, THEMES

THEME_KEY = "theme"
PRESENTATION_KEY = "presentation"
PRESET_KEY = "preset"
GEOMETRY_KEY = "window/geometry"
STATE_KEY = "window/state"
LAYOUT_VERSION = 1  # bump when the docks change so an old saved layout is ignored


def theme() -> str:
    value = i18n.settings().value(THEME_KEY)
    return value if value in THEMES else LIGHT


def presentation() -> bool:
    return bool(i18n.settings().value(PRESENTATION_KEY, False, type=bool))


def last_preset() -> str | None:
    value = i18n.settings().value(PRESET_KEY)
    return value if value in PRESETS else None


def save(**values) -> None:
    """``save(theme="dark", presentation=True, preset="ring8")``: any of them."""
    keys = {"theme": THEME_KEY, "presentation": PRESENTATION_KEY, "preset": PRESET_KEY}
    store = i18n.settings()
    for name, value in values.items():
        store.setValue(keys[name], value)
    store.sync()


def save_layout(window: QMainWindow) -> None:
    store = i18n.settings()
    store.setValue(GEOMETRY_KEY, window.saveGeometry())
    store.setValue(STATE_KEY, window.saveState(LAYOUT_VERSION))
    store.sync()


def restore_layout(window: QMainWindow) -> bool:
    """Put the window and its docks where they were; False when nothing was saved."""
    store = i18n.settings()
    geometry, state = store.value(GEOMETRY_KEY), store.value(STATE_KEY)
    if not isinstance(geometry, QByteArray) or not isinstance(state, QByteArray):
        return False
    window.restoreGeometry(geometry)
    return window.restoreState(state, LAYOUT_VERSION)
