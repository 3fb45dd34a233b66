"""The words on the plots' event markers: which settings changed, from what to what.

The worker and the run folder carry a change as {setting: (before, after)} (engine/runs/events.py);
the window words it here, in the language on screen, e.g. "lr_D 2e-4→1e-3, loss nonsaturating→hinge".
Symbols such as lr_D read the same in every language; the words are translated.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from ganstudio.engine.runs.events import short_value

HPARAM_LABELS = {
    "opt_d.lr": "lr_D", "opt_g.lr": "lr_G",
    "opt_d.beta1": "β1_D", "opt_g.beta1": "β1_G", "opt_d.beta2": "β2_D", "opt_g.beta2": "β2_G",
    "opt_d.momentum": "mom_D", "opt_g.momentum": "mom_G",
    "loss.kind": QT_TRANSLATE_NOOP("Markers", "loss"),
    "loss.label_smoothing": QT_TRANSLATE_NOOP("Markers", "smooth"), "loss.gp_lambda": "λ_GP",
    "loss.clip": QT_TRANSLATE_NOOP("Markers", "clip"),
    "loss.instance_noise": QT_TRANSLATE_NOOP("Markers", "inst. noise"), "d_steps": "k",
    "loss.instance_noise_steps": QT_TRANSLATE_NOOP("Markers", "noise fade steps"),
    "loss.instance_noise_final": QT_TRANSLATE_NOOP("Markers", "noise σ end"),
}


def hparam_label(key: str) -> str:
    return QCoreApplication.translate("Markers", HPARAM_LABELS.get(key, key))


def describe_changes(changes: dict) -> str:
    """{setting: (before, after)} → "lr_D 2e-4→1e-3, loss nonsaturating→hinge"."""
    return ", ".join(f"{hparam_label(k)} {short_value(b)}→{short_value(a)}" for k, (b, a) in changes.items())
