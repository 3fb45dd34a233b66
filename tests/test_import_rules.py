"""The layers' import rules (docs/ARCHITECTURE.md, "Layers"), checked on every module's imports.

* ganstudio/engine/ imports no Qt (PySide6, shiboken6, pyqtgraph) and nothing of ganstudio.ui or
  ganstudio.worker, at module level or inside a function: it runs headless.
* ganstudio/protocol.py imports only the standard library.
* The UI reaches the trainer only through the worker: no ganstudio/ui module imports
  engine/train/trainer.py or engine/train/phases.py; nor a population's networks
  (engine/population/population.py, stacked.py, optim.py) but through ganstudio/population_worker.py.
* The modules in TORCH_FREE load neither torch nor Qt when imported (a fresh interpreter checks),
  so the window and the command line can use them before torch has loaded.
"""

from __future__ import annotations

import ast
import json
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "ganstudio"
QT = ("PySide6", "shiboken6", "pyqtgraph")
TORCH_FREE = (
    "ganstudio.protocol",
    "ganstudio.engine.lab",
    "ganstudio.engine.train.config",
    "ganstudio.engine.train.presets",
    "ganstudio.engine.train.step_stats",
    "ganstudio.engine.train.loss_kinds",
    "ganstudio.engine.runs.metrics_csv",
    "ganstudio.engine.runs.reader",
    "ganstudio.engine.runs.events",
    "ganstudio.engine.runs.fsutil",
    "ganstudio.engine.export.render",
    "ganstudio.engine.metrics.modes",
    "ganstudio.engine.bundled",
)


def imports(path: Path) -> list[tuple[int, str]]:
    """(line, module) for every import statement in ``path``, wherever it is."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found += [(node.lineno, node.module)] + [(node.lineno, f"{node.module}.{a.name}") for a in node.names]
    return found


def _is(module: str, prefix: str) -> bool:
    return module == prefix or module.startswith(prefix + ".")


def _modules(folder: Path) -> list[Path]:
    return sorted(folder.rglob("*.py"))


def test_the_engine_imports_no_qt_and_no_ui():
    bad = [f"{path.relative_to(ROOT)}:{line} imports {module}"
           for path in _modules(PACKAGE / "engine") for line, module in imports(path)
           if any(_is(module, p) for p in (*QT, "ganstudio.ui", "ganstudio.worker", "ganstudio.controller"))]
    assert not bad, "\n".join(bad)


def test_the_protocol_imports_only_the_standard_library():
    stdlib = set(sys.stdlib_module_names) | {"__future__"}
    bad = [module for _, module in imports(PACKAGE / "protocol.py") if module.split(".")[0] not in stdlib]
    assert not bad and Path(sysconfig.get_paths()["stdlib"]).is_dir()


def test_the_ui_reaches_the_trainer_only_through_the_worker():
    bad = [f"{path.relative_to(ROOT)}:{line} imports {module}"
           for path in _modules(PACKAGE / "ui") for line, module in imports(path)
           if any(_is(module, p) for p in ("ganstudio.engine.train.trainer", "ganstudio.engine.train.phases"))]
    assert not bad, "\n".join(bad)


def test_the_ui_reaches_a_population_only_through_its_worker():
    """The wall reads frames from ganstudio/population_worker.py; it may create and open sweep
    folders (engine/population/sweep.py, grid.py) but never holds the stacked networks."""
    inside = ("ganstudio.engine.population.population", "ganstudio.engine.population.stacked",
              "ganstudio.engine.population.optim")
    bad = [f"{path.relative_to(ROOT)}:{line} imports {module}"
           for path in _modules(PACKAGE / "ui") for line, module in imports(path)
           if any(_is(module, p) for p in inside)]
    assert not bad, "\n".join(bad)


def test_a_module_that_imports_itself_would_be_seen():
    """The checks above read real import statements: one planted in a scratch file is found."""
    scratch = PACKAGE / "engine" / "_scratch_import_check.py"
    scratch.write_text("def f():\n    from PySide6.QtCore import QObject\n", encoding="utf-8")
    try:
        with pytest.raises(AssertionError, match="_scratch_import_check.py:2 imports PySide6"):
            test_the_engine_imports_no_qt_and_no_ui()
    finally:
        scratch.unlink()


def test_torch_free_modules_load_neither_torch_nor_qt():
    code = ("import importlib, json, sys\n"
            f"for name in {list(TORCH_FREE)!r}:\n"
            "    importlib.import_module(name)\n"
            f"print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in ('torch', *{QT!r}))))\n")
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == []
