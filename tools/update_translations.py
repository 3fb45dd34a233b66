"""Refresh the UI translations: lupdate over the sources, then lrelease to the .qm the app loads.

    .venv/bin/python tools/update_translations.py          # or: make translations

1. ``lupdate`` collects every ``tr("…")`` / ``QCoreApplication.translate(ctx, "…")`` /
   ``QT_TRANSLATE_NOOP(ctx, "…")`` in ganstudio/ui/*.py and ganstudio/worker.py into
   resources/translations/ganstudio_<lang>.ts, keeping the translations it already has and dropping
   strings that are gone (``-no-obsolete``). Engine texts the window shows translated (the preset
   summaries, the "no meter" note) are English data in ganstudio/engine/, which must not import Qt;
   they are written as QT_TRANSLATE_NOOP calls into a scratch file for lupdate, deleted afterwards.
2. A string whose code moved to another class (its context changes) keeps its translation: the
   translations the file had are matched by their English text (``carry_over``).
3. New or changed strings come out ``type="unfinished"``: translate them (Qt Linguist,
   ``.venv/bin/pyside6-linguist resources/translations/ganstudio_zh_CN.ts``, or any editor), then run
   this again so ``lrelease`` compiles them. tests/test_i18n.py fails while any is unfinished.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from ganstudio.engine.metrics.meter import NO_METER_NOTE  # noqa: E402
from ganstudio.engine.train.presets import PRESETS  # noqa: E402

TRANSLATIONS = ROOT / "resources" / "translations"
LANGUAGES = ("zh_CN",)  # English is the source language: it needs no file
SCRATCH = TRANSLATIONS / "engine_texts.py"


def sources() -> list[Path]:
    return sorted((ROOT / "ganstudio" / "ui").rglob("*.py")) + [ROOT / "ganstudio" / "worker.py"]


def translations(ts: Path) -> dict[str, str]:
    """English source → translation, for every finished message of a .ts file (any context)."""
    import xml.etree.ElementTree as ET

    if not ts.exists():
        return {}
    known = {}
    for message in ET.parse(ts).getroot().iter("message"):
        source, translation = message.find("source"), message.find("translation")
        if source is not None and translation is not None and translation.get("type") is None and translation.text:
            known[source.text] = translation.text
    return known


def carry_over(ts: Path, known: dict[str, str]) -> int:
    """Fill the unfinished messages of ``ts`` whose English text had a translation; returns how many.
    Edits the text in place so lupdate's layout (and the diff) stays as it was."""
    import html
    import re

    text = ts.read_text(encoding="utf-8")
    pattern = re.compile(r'(<source>([^<]*)</source>(?:\s*<oldsource>[^<]*</oldsource>)?'
                         r'(?:\s*<comment>[^<]*</comment>)?\s*)<translation type="unfinished">[^<]*</translation>')
    filled = 0

    def fill(match: re.Match) -> str:
        nonlocal filled
        translation = known.get(html.unescape(match.group(2)))
        if translation is None:
            return match.group(0)
        filled += 1
        return f"{match.group(1)}<translation>{html.escape(translation, quote=False)}</translation>"

    ts.write_text(pattern.sub(fill, text), encoding="utf-8")
    return filled


def engine_texts() -> dict[str, list[str]]:
    """Context → the engine's English strings the window passes through QCoreApplication.translate."""
    return {"Presets": [p.summary for p in PRESETS.values()], "Meter": [NO_METER_NOTE]}


def _tool(name: str) -> str:
    """A Qt tool from the PySide6 wheel (``PySide6/lupdate``), else ``pyside6-<name>`` on PATH."""
    import PySide6

    for candidate in (Path(PySide6.__file__).parent / name, Path(PySide6.__file__).parent / f"{name}.exe"):
        if candidate.is_file():
            return str(candidate)
    found = shutil.which(f"pyside6-{name}") or shutil.which(name)
    if not found:
        sys.exit(f"cannot find {name}: install PySide6 (it ships lupdate and lrelease)")
    return found


def _write_scratch() -> None:
    lines = ['"""Scratch file for lupdate (tools/update_translations.py); deleted after the run."""',
             "from PySide6.QtCore import QT_TRANSLATE_NOOP", ""]
    for context, texts in engine_texts().items():
        lines += [f"QT_TRANSLATE_NOOP({context!r}, {text!r})" for text in texts]
    SCRATCH.write_text("\n".join(lines) + "\n", encoding="utf-8")


def main() -> int:
    TRANSLATIONS.mkdir(parents=True, exist_ok=True)
    _write_scratch()
    try:
        for lang in LANGUAGES:
            ts = TRANSLATIONS / f"ganstudio_{lang}.ts"
            known = translations(ts)
            files = [str(p) for p in sources()] + [str(SCRATCH)]
            subprocess.run([_tool("lupdate"), "-no-obsolete", "-locations", "relative", *files,
                            "-ts", str(ts)], check=True)
            moved = carry_over(ts, known)
            if moved:
                print(f"{ts.name}: kept the translations of {moved} message(s) that moved to another context")
    finally:
        SCRATCH.unlink(missing_ok=True)
    for lang in LANGUAGES:
        ts = TRANSLATIONS / f"ganstudio_{lang}.ts"
        subprocess.run([_tool("lrelease"), str(ts), "-qm", str(ts.with_suffix(".qm"))], check=True)
        unfinished = ts.read_text(encoding="utf-8").count('type="unfinished"')
        if unfinished:
            print(f"{ts.name}: {unfinished} message(s) still to translate")
    return 0


if __name__ == "__main__":
    sys.exit(main())
