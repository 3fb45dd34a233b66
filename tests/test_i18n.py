"""The UI in English and 简体中文: a complete translation file, no visible string that bypasses tr(),
and a window that comes up in the language whose translator is installed."""

import ast
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from ganstudio.engine.metrics.meter import NO_METER_NOTE
from ganstudio.engine.train.presets import PRESETS, preset

ROOT = Path(__file__).resolve().parents[1]
TS = ROOT / "resources" / "translations" / "ganstudio_zh_CN.ts"
QM = TS.with_suffix(".qm")
PLACEHOLDER = re.compile(r"\{[^{}]*\}")
HAN = re.compile(r"[\u4e00-\u9fff]")


def _messages():
    """(context, source, translation element) for every message of the zh_CN file."""
    root = ET.parse(TS).getroot()
    for context in root.iter("context"):
        name = context.findtext("name")
        for message in context.iter("message"):
            yield name, message.findtext("source"), message.find("translation")


# ------------------------------------------------------------ the translation file


def test_every_message_is_translated():
    messages = list(_messages())
    assert len(messages) > 150
    problems = []
    for context, source, translation in messages:
        kind = translation.get("type")
        if kind in ("unfinished", "obsolete", "vanished"):
            problems.append(f"{context}: {source!r} is {kind}")
        elif not (translation.text or "").strip():
            problems.append(f"{context}: {source!r} has an empty translation")
    assert not problems, "run tools/update_translations.py and translate:\n" + "\n".join(problems)


def test_placeholders_match():
    """str.format fields ({0}, {1:.2f}) must survive translation, in any order."""
    wrong = [(context, source, translation.text) for context, source, translation in _messages()
             if sorted(PLACEHOLDER.findall(source)) != sorted(PLACEHOLDER.findall(translation.text or ""))]
    assert not wrong, wrong


def test_words_are_chinese():
    """A translation that only copies its English is allowed for symbols and names alone."""
    same = {source for _, source, translation in _messages()
            if translation.text == source or not HAN.search(translation.text or "")}
    assert same <= {"KL / JS", "WGAN-GP", "‖∇D‖", "‖∇G‖", "β1", "β2"}, same


def test_compiled_file_matches_its_source():
    """The .qm the app loads says what the .ts says (else: run tools/update_translations.py)."""
    from PySide6.QtCore import QTranslator

    translator = QTranslator()
    assert translator.load(str(QM))
    stale = [(context, source) for context, source, translation in _messages()
             if translator.translate(context, source) != translation.text]
    assert not stale, stale


def test_engine_texts_the_window_translates_are_in_the_file():
    """Preset summaries and the no-meter note are English data in the engine (no Qt there): the
    window passes them through translate("Presets" / "Meter", …), so each needs an entry."""
    sources = {(context, source) for context, source, _ in _messages()}
    missing = [p.summary for p in PRESETS.values() if ("Presets", p.summary) not in sources]
    if ("Meter", NO_METER_NOTE) not in sources:
        missing.append(NO_METER_NOTE)
    assert not missing, "run tools/update_translations.py and translate: " + repr(missing)


# ------------------------------------------------------------ no visible string bypasses tr()

# Qt calls whose string arguments are shown to the user, and our helpers that pass theirs on.
TEXT_SINKS = {
    "setText", "setTitle", "setToolTip", "setStatusTip", "setWhatsThis", "setWindowTitle", "showMessage",
    "setPlaceholderText", "setPrefix", "setSuffix", "setSpecialValueText", "setLabel", "addRow", "addItem",
    "addItems", "addLabel", "addTab", "setTabText", "setItemText", "addMenu", "addAction", "emit",
    "QLabel", "QPushButton", "QToolButton", "QCheckBox", "QRadioButton", "QGroupBox", "QDockWidget",
    "QAction", "InfiniteLine", "TextItem", "LabelItem",
    "question", "information", "warning", "critical", "getOpenFileName", "getSaveFileName",
    "getExistingDirectory",
    "_button", "_combo", "_spin", "_dspin", "box", "_NetBox", "_OptimBox", "_add_plot", "_add_image_box",
    "add_marker", "mark_alarm", "_show_banner",
}
TEXT_KEYWORDS = {"text", "title", "label", "name", "tip", "caption", "filter"}
TRANSLATORS = {"tr", "translate", "QT_TRANSLATE_NOOP", "QT_TR_NOOP"}
# Literals that read the same in every language. Anything without a Latin letter ("σ = ",
# "λ = ", "–", "", "; ") passes on its own; this list is for the few with one:
LANGUAGE_NEUTRAL = {
    "m = ",  # the PacGAN packing degree's prefix, a symbol from the paper
    " px",  # pixels: the unit is written px in Chinese too
    "D(x)", "D(G(z))", "D", "G",  # the networks' symbols, as every GAN course writes them
    "left", "right", "top", "bottom",  # pyqtgraph axis names, not text
    "points.csv",  # the export dialog's default file name
}


def _bypasses(expr: ast.AST) -> list[str]:
    """The string literals in ``expr`` that would reach the screen untranslated."""
    if isinstance(expr, ast.Constant):
        text = expr.value
        if isinstance(text, str) and re.search("[A-Za-z]", text) and text not in LANGUAGE_NEUTRAL:
            return [text]
        return []
    if isinstance(expr, ast.JoinedStr):  # an f-string: lupdate cannot see it, tr() cannot find it
        return [ast.unparse(expr)] if _bypasses(ast.Constant("".join(
            v.value for v in expr.values if isinstance(v, ast.Constant)))) else []
    if isinstance(expr, ast.Call):
        func = expr.func
        name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
        if name in TRANSLATORS:
            return []
        if name == "format" and isinstance(func, ast.Attribute):  # "…".format(…): the template counts
            return _bypasses(func.value) + [t for a in expr.args for t in _bypasses(a)]
        return []  # another call's result (str(exc), a helper): not a literal here
    if isinstance(expr, ast.IfExp):
        return _bypasses(expr.body) + _bypasses(expr.orelse)
    if isinstance(expr, ast.BinOp):
        return _bypasses(expr.left) + _bypasses(expr.right)
    return []


def _untranslated(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
        if name not in TEXT_SINKS:
            continue
        args = list(node.args) + [k.value for k in node.keywords if k.arg in TEXT_KEYWORDS]
        found += [f"{path.name}:{node.lineno} {name}({text!r})" for a in args for text in _bypasses(a)]
    return found


def _ui_sources() -> list[Path]:
    return sorted((ROOT / "ganstudio" / "ui").rglob("*.py")) + [ROOT / "ganstudio" / "worker.py"]


def test_visible_strings_go_through_tr():
    found = [hit for path in _ui_sources() for hit in _untranslated(path)]
    assert not found, "wrap these in self.tr(...) / QCoreApplication.translate(...):\n" + "\n".join(found)


def test_the_scan_catches_a_bypass(tmp_path):
    """The check above is only worth something if it fails on the mistakes it is meant for."""
    bad = tmp_path / "bad.py"
    bad.write_text(
        'label.setText("Start")\n'
        'QPushButton(f"Step {n}")\n'
        'plot.setTitle("{0} covered".format(unit), size="9pt")\n'
        'form.addRow("Seed" if a else self.tr("Seed"), spin)\n'
        'plot.setLabel("bottom", "step")\n'
        'ok.setText(self.tr("Start")); ok.setPrefix("σ = "); plot.setLabel("bottom", self.tr("step"))\n'
        'ok.setText(self.tr("{0} steps").format(n)); ok.setSuffix(" px")\n',
        encoding="utf-8")
    hits = _untranslated(bad)
    assert [h.split()[0] for h in hits] == ["bad.py:1", "bad.py:2", "bad.py:3", "bad.py:4", "bad.py:5"], hits


# ------------------------------------------------------------ the window in each language


@pytest.fixture
def chinese(qapp):
    from ganstudio.ui.settings import i18n

    translators = i18n.install_translator(qapp, "zh_CN")
    assert len(translators) == 2  # ours and Qt's own, for the standard dialogs
    yield translators
    i18n.remove_translators(qapp)


# The plots' titles name D's curves in blue and G's in orange (ui/plotting/plots.py).
D, G = "<b style='color: #286ed2'>D</b>", "<b style='color: #e66e1e'>G</b>"


def _main_texts(win):
    from PySide6.QtWidgets import QDockWidget

    return {
        "start": win.run_bar.start.text(),
        "reset": win.run_bar.reset.text(),
        "dock": win.findChild(QDockWidget, "settings").windowTitle(),
        "generator": win.controls.gen.title(),
        "remedies": win.controls.remedies.title(),
        "menu": win.language_menu.title(),
        "toggle": win.samples.lab.toggles["real"].text(),
        "plot": win.plots.grad_plot.titleLabel.text,
    }


def test_window_in_chinese_then_english(chinese, qapp, open_window):
    from PySide6.QtCore import QCoreApplication

    from ganstudio.ui.settings import i18n

    win = open_window(preset("ring8"))
    assert _main_texts(win) == {
        "start": "开始", "reset": "重置", "dock": "设置", "generator": "生成器 G",
        "remedies": "模式崩溃对策", "menu": "语言(&L)", "toggle": "真实数据",
        "plot": "<b style='color: #286ed2'>D</b> 和 <b style='color: #e66e1e'>G</b> 的梯度范数",
    }
    assert win.windowTitle() == "ganstudio — 实时训练"
    assert QCoreApplication.translate("QPlatformTheme", "&Yes") == "是(&Y)"  # the reset question's button
    assert "第 0 步" in win._status.texts()
    win.close()

    i18n.remove_translators(qapp)
    english = open_window(preset("ring8"))
    assert _main_texts(english) == {
        "start": "Start", "reset": "Reset", "dock": "Settings", "generator": "Generator G",
        "remedies": "Mode-collapse remedies", "menu": "&Language", "toggle": "Real",
        "plot": f"Gradient norm of {D} and {G}",
    }


def test_language_choice(monkeypatch, tmp_path, qapp):
    from PySide6.QtCore import QLocale, QSettings

    from ganstudio.ui.settings import i18n

    store = str(tmp_path / "settings.ini")
    monkeypatch.setattr(i18n, "settings", lambda: QSettings(store, QSettings.Format.IniFormat))
    assert list(i18n.available_languages()) == ["en", "zh_CN"]
    assert i18n.available_languages()["zh_CN"] == "简体中文"
    assert [i18n.normalize(code) for code in ("zh", "zh-CN", "zh_TW", "en_US", "de_DE", None)] == [
        "zh_CN", "zh_CN", "zh_CN", "en", None, None]

    monkeypatch.setattr(QLocale, "system", staticmethod(lambda: QLocale("zh_CN")))
    assert i18n.choose_language() == "zh_CN"  # nothing saved: the system's
    monkeypatch.setattr(QLocale, "system", staticmethod(lambda: QLocale("de_DE")))
    assert i18n.choose_language() == "en"
    i18n.save_language("zh_CN")
    assert i18n.choose_language() == "zh_CN"  # the saved choice beats the system
    assert i18n.choose_language("en") == "en"  # --lang beats both

    assert i18n.install_translator(qapp, "en") == [] and i18n.current_language() == "en"


def test_language_menu_stores_the_choice_for_the_next_start(monkeypatch, tmp_path, qapp, open_window):
    from PySide6.QtCore import QSettings

    from ganstudio.ui.settings import i18n

    store = str(tmp_path / "settings.ini")
    monkeypatch.setattr(i18n, "settings", lambda: QSettings(store, QSettings.Format.IniFormat))
    win = open_window(preset("ring8"))
    actions = {a.data(): a for a in win.language_menu.actions()}
    assert [a.text() for a in actions.values()] == ["English", "简体中文"]
    assert actions["en"].isChecked()
    actions["zh_CN"].trigger()
    assert QSettings(store, QSettings.Format.IniFormat).value("language") == "zh_CN"
    assert actions["zh_CN"].isChecked() and not actions["en"].isChecked()
    assert "restarted" in win.statusBar().currentMessage()


def test_command_line_language():
    from ganstudio.app import _parse

    assert _parse(["--lang", "zh_CN"]).lang == "zh_CN"
    assert _parse([]).lang is None
    with pytest.raises(SystemExit):
        _parse(["--lang", "xx"])
