"""Every document the code and the docs point at is in the repository (issue 20: the code cited
three design documents that lived outside it, so a contributor who cloned it had none of them)."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOURCES = [*ROOT.glob("ganstudio/**/*.py"), *ROOT.glob("tests/*.py"), *ROOT.glob("benchmarks/*.py"),
           *ROOT.glob("tools/*.py"), ROOT / "README.md", *ROOT.glob("docs/*.md")]
DOC = re.compile(r"[\w./-]*[A-Za-z]\.md\b")
PATH = re.compile(r"\b(?:ganstudio|tests|benchmarks|tools|resources|docs)/[\w./-]*\w")


def _exists(name: str, source: Path) -> bool:
    name = name.lstrip("./")
    return any((base / name).exists() for base in (ROOT, source.parent, ROOT / "docs", ROOT / "ganstudio"))


def test_every_markdown_file_named_exists():
    missing = [f"{source.relative_to(ROOT)}: {name}" for source in SOURCES
               for name in DOC.findall(source.read_text(encoding="utf-8")) if not _exists(name, source)]
    assert not missing


def test_every_path_the_docs_name_exists():
    missing = [f"{doc.relative_to(ROOT)}: {name}" for doc in [ROOT / "README.md", *ROOT.glob("docs/*.md")]
               for name in PATH.findall(doc.read_text(encoding="utf-8"))
               if "*" not in name and "<" not in name and not _exists(name, doc)]
    assert not missing
