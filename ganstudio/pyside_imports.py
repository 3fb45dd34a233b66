"""Imports after PySide6 without its source scan.

Importing PySide6 replaces Python's ``__import__``: after every later import of a ``.py`` module,
``shibokensupport.feature._mod_uses_pyside`` reads the module's whole source
(``inspect.getsource``) to see whether it says "PySide6", for the opt-in ``from __feature__
import snake_case`` syntax. ganstudio uses no ``__feature__``, and it imports a lot after Qt: torch
in the background, then torch._dynamo and sympy (some 700 modules) when the first optimizer is
built. Measured on the 2-core machine: the first ``torch.optim.Adam`` took 0.97-1.14 s with the
scan and 0.78 s without; on a disk whose cache had been dropped under load, the scan's source
reads held the first networks back for minutes (tools/hang_check.py's slowest runs).

``skip_source_scan()`` answers "no" without reading; PySide then leaves every later module
alone, which is what it does for any module that does not name PySide6. Where PySide6's
internals differ (another version), nothing changes.
"""

from __future__ import annotations

import sys


def _uses_no_feature(module) -> bool:
    return False


def skip_source_scan() -> bool:
    """True when the scan is off (PySide6 imported, and its hook found)."""
    import PySide6.QtCore  # noqa: F401  (installs the import hook and its module)

    feature = sys.modules.get("shibokensupport.feature")
    if feature is None or not callable(getattr(feature, "_mod_uses_pyside", None)):
        return False
    feature._mod_uses_pyside = _uses_no_feature
    return True
