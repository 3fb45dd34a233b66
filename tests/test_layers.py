"""The engine stays Qt-free: importing every module under ganstudio/engine pulls in no Qt."""

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

PROBE = """
import importlib, pkgutil, sys
import ganstudio.engine as engine
import ganstudio.cli
names = [m.name for m in pkgutil.walk_packages(engine.__path__, "ganstudio.engine.")]
for name in names:
    importlib.import_module(name)
qt = sorted(m for m in sys.modules if m.split(".")[0] in ("PySide6", "PyQt5", "PyQt6", "pyqtgraph", "shiboken6"))
print(len(names), ",".join(qt))
"""


def test_engine_imports_no_qt():
    proc = subprocess.run([sys.executable, "-c", PROBE], cwd=REPO, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    count, qt = proc.stdout.strip().split(" ", 1) if " " in proc.stdout.strip() else (proc.stdout.strip(), "")
    assert int(count) >= 8
    assert qt == "", f"engine imported Qt modules: {qt}"
