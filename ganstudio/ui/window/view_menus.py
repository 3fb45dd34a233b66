"""The window's View and Help menus: presentation mode, theme, full screen, the docks, the help
panel and the list of keyboard shortcuts. The window applies what they ask (MainWindow.set_theme,
set_presentation); the menus only show and ask."""

from __future__ import annotations

from PySide6.QtCore import QObject, QSignalBlocker, Qt, Signal
from PySide6.QtGui import QActionGroup, QKeySequence
from PySide6.QtWidgets import QDockWidget, QMainWindow

from ganstudio.ui.settings.appearance import DARK, LIGHT
from ganstudio.ui.window.shortcut_list import ShortcutList
from ganstudio.ui.widgets.tooltip_text import tip


class ViewMenus(QObject):
    theme_chosen = Signal(str)
    presentation_toggled = Signal(bool)
    full_screen_toggled = Signal(bool)

    def __init__(self, window: QMainWindow, keys: ShortcutList, settings_dock: QDockWidget,
                 help_dock: QDockWidget, theme: str, presentation: bool):
        super().__init__(window)
        menu = window.menuBar().addMenu(self.tr("&View"))
        self.presentation_action = menu.addAction(self.tr("&Presentation mode"))
        self.presentation_action.setCheckable(True)
        self.presentation_action.setChecked(presentation)
        self.presentation_action.setShortcut(QKeySequence(Qt.Key.Key_F5))
        self.presentation_action.toggled.connect(self.presentation_toggled)
        keys.add(Qt.Key.Key_F5, self.tr("Presentation mode: large fonts, thick lines, advanced settings hidden"))
        theme_menu = menu.addMenu(self.tr("&Theme"))
        group = QActionGroup(theme_menu)
        self.theme_actions = {}
        for name, text in ((LIGHT, self.tr("&Light")), (DARK, self.tr("&Dark"))):
            action = theme_menu.addAction(text)
            action.setCheckable(True)
            action.setChecked(name == theme)
            action.setData(name)
            group.addAction(action)
            self.theme_actions[name] = action
        group.triggered.connect(lambda action: self.theme_chosen.emit(action.data()))
        self.full_screen_action = menu.addAction(self.tr("&Full screen"))
        self.full_screen_action.setCheckable(True)
        self.full_screen_action.setShortcut(QKeySequence(Qt.Key.Key_F11))
        self.full_screen_action.toggled.connect(self.full_screen_toggled)
        keys.add(Qt.Key.Key_F11, self.tr("Full screen on or off"))
        menu.addSeparator()
        menu.addAction(settings_dock.toggleViewAction())
        self.explorer_action = menu.addAction(self.tr("&Latent explorer"))
        self.explorer_action.setCheckable(True)
        self.explorer_action.setEnabled(False)  # once PyTorch has loaded
        self.explorer_action.setShortcut(QKeySequence("Ctrl+L"))
        self.explorer_action.setToolTip(tip(self.tr(
            "Play with G's noise input: interpolate, add and subtract noise vectors, move sliders.")))
        keys.add("Ctrl+L", self.tr("Show or hide the latent explorer"))

        help_menu = window.menuBar().addMenu(self.tr("&Help"))
        self.help_action = help_dock.toggleViewAction()
        self.help_action.setShortcut(QKeySequence(Qt.Key.Key_F1))
        help_menu.addAction(self.help_action)
        keys.add(Qt.Key.Key_F1, self.tr(
            "Show or hide “What am I looking at?”, the explanation of the view on screen"))
        self.shortcuts_action = help_menu.addAction(self.tr("&Keyboard shortcuts…"))

    def show_theme(self, theme: str) -> None:
        with QSignalBlocker(self.theme_actions[theme]):
            self.theme_actions[theme].setChecked(True)

    def show_presentation(self, on: bool) -> None:
        with QSignalBlocker(self.presentation_action):
            self.presentation_action.setChecked(on)

    def show_full_screen(self, on: bool) -> None:
        """The window's real state, also when the window manager changed it."""
        with QSignalBlocker(self.full_screen_action):
            self.full_screen_action.setChecked(on)

    def show_explorer(self, visible: bool) -> None:
        with QSignalBlocker(self.explorer_action):
            self.explorer_action.setChecked(visible)
