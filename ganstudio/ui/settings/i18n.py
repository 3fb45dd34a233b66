"""UI languages through Qt's own machinery: English source strings, a QTranslator per language.

Every visible string goes through ``tr()`` (or ``QCoreApplication.translate`` with a fixed context
in module-level helpers); ``resources/translations/ganstudio_<lang>.qm`` holds the compiled
translations (``python tools/update_translations.py`` refreshes them). The translator has to be
installed before the window is built, because widgets read their texts once, when they are made:
so a language chosen in the window's Language menu is stored and takes effect at the next start.

Which language: ``--lang`` on the command line, else the one stored in
``QSettings("ganstudio", "ganstudio")`` under ``language``, else the system's (Chinese locales →
简体中文, anything else → English).
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QSettings, QTranslator
from PySide6.QtGui import QActionGroup
from PySide6.QtWidgets import QMainWindow, QMenu

from ganstudio.engine.bundled import resources_dir
from ganstudio.ui.widgets.tooltip_text import tip

ENGLISH = "en"
LANGUAGE_KEY = "language"
# Each language under its own name, so a user can find theirs whatever the UI shows now.
NATIVE_NAMES = {ENGLISH: "English", "zh_CN": "简体中文"}

_installed: list[QTranslator] = []  # kept alive here: a translator that is garbage-collected stops working
_current = ENGLISH


def translations_dir():
    return resources_dir() / "translations"


def settings() -> QSettings:
    """Where the chosen language is kept (tests replace this with a temporary file)."""
    return QSettings("ganstudio", "ganstudio")


def available_languages() -> dict[str, str]:
    """Language code → its name in that language: English, then every language with a .qm file."""
    found = sorted(p.stem.removeprefix("ganstudio_") for p in translations_dir().glob("ganstudio_*.qm"))
    return {ENGLISH: NATIVE_NAMES[ENGLISH],
            **{code: NATIVE_NAMES.get(code) or QLocale(code).nativeLanguageName() for code in found}}


def normalize(lang: str | None) -> str | None:
    """The available language a code or locale name means ("zh", "zh-CN", "zh_Hans_CN" → "zh_CN",
    "en_US" → "en"), or None when there is none."""
    if not lang:
        return None
    lang = lang.replace("-", "_")
    available = available_languages()
    if lang in available:
        return lang
    base = lang.split("_")[0].lower()
    if base == "zh" and "zh_CN" in available:
        return "zh_CN"
    return ENGLISH if base == ENGLISH else None


def system_language() -> str:
    return normalize(QLocale.system().name()) or ENGLISH


def saved_language() -> str | None:
    value = settings().value(LANGUAGE_KEY)
    return normalize(str(value)) if value else None


def save_language(lang: str) -> None:
    store = settings()
    store.setValue(LANGUAGE_KEY, lang)
    store.sync()


def choose_language(override: str | None = None) -> str:
    """``override`` (the command line's --lang) if it names a language, else the saved choice,
    else the system's."""
    return normalize(override) or saved_language() or system_language()


def current_language() -> str:
    """The language install_translator last put in place."""
    return _current


def remove_translators(app: QCoreApplication) -> None:
    global _current
    for translator in _installed:
        app.removeTranslator(translator)
        translator.deleteLater()
    _installed.clear()
    _current = ENGLISH


def install_translator(app: QCoreApplication, lang: str) -> list[QTranslator]:
    """Put ``lang``'s translations in place of any installed before: ganstudio's own and Qt's
    (the Yes/No of standard dialogs, the file dialog). English installs none. Returns the
    translators installed; an unknown language or a missing file leaves the UI in English."""
    global _current
    remove_translators(app)
    lang = normalize(lang) or ENGLISH
    if lang == ENGLISH:
        return []
    ours = QTranslator(app)
    if not ours.load(f"ganstudio_{lang}", str(translations_dir())):
        return []
    app.installTranslator(ours)
    _installed.append(ours)
    qt_base = QTranslator(app)  # PySide6 wheels ship Qt's translations; a missing one costs nothing
    if qt_base.load(f"qtbase_{lang}", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        app.installTranslator(qt_base)
        _installed.append(qt_base)
    _current = lang
    return list(_installed)


def add_language_menu(window: QMainWindow) -> QMenu:
    """Options ▸ Language in the window's menu bar: the choice is stored and used at the next start."""
    settings_menu = window.menuBar().addMenu(QCoreApplication.translate("LanguageMenu", "&Options"))
    menu = settings_menu.addMenu(QCoreApplication.translate("LanguageMenu", "&Language"))
    menu.setToolTipsVisible(True)
    group = QActionGroup(menu)
    chosen = saved_language() or current_language()
    for code, name in available_languages().items():
        action = menu.addAction(name)
        action.setObjectName(f"language_{code}")
        action.setCheckable(True)
        action.setChecked(code == chosen)
        action.setToolTip(tip(QCoreApplication.translate(
            "LanguageMenu", "Show ganstudio in this language from the next start.")))
        action.setData(code)
        group.addAction(action)
    group.triggered.connect(lambda action: _on_language_chosen(window, action.data(), action.text()))
    return menu


def _on_language_chosen(window: QMainWindow, code: str, name: str) -> None:
    save_language(code)
    if code == current_language():
        text = QCoreApplication.translate("LanguageMenu", "The interface is in {0}.").format(name)
    else:
        text = QCoreApplication.translate(
            "LanguageMenu", "Language set to {0}: it takes effect after ganstudio is restarted.").format(name)
    window.statusBar().showMessage(text, 10000)
