"""A run's events: the hyper-parameter changes and collapse alarms that its plots mark.

They live in ``events.jsonl`` beside metrics.csv, one JSON object per line, appended as they
happen, so a run opened again (or continued, or branched) shows the markers an uninterrupted
run shows::

    {"step": 5099, "kind": "hparams", "changes": {"loss.kind": ["nonsaturating", "hinge"]}}
    {"step": 812, "kind": "alarm", "started": true, "covered": 2, "n_modes": 8, "kl": 1.41}

An event at step s happened after s steps had trained. Reading skips a line cut short by a crash
and lines that are not such objects, so a damaged file costs those markers, not the run.
"""

from __future__ import annotations

import json
from pathlib import Path

EVENTS = "events.jsonl"
KINDS = ("hparams", "alarm")


def short_value(value) -> str:
    """A setting's value in a marker or a message: floats to 3 significant digits, "2e-4" not "2e-04"."""
    if isinstance(value, float):
        return f"{value:.3g}".replace("e-0", "e-")
    return str(value)


def hparams_event(step: int, changes: dict[str, tuple]) -> dict:
    """``changes``: setting → (before, after), e.g. {"opt_d.lr": (2e-4, 1e-3)}."""
    return {"step": int(step), "kind": "hparams", "changes": {k: [b, a] for k, (b, a) in changes.items()}}


def events_text(events: list[dict]) -> str:
    return "".join(json.dumps(e, ensure_ascii=False) + "\n" for e in events)


def parse_events(text: str) -> list[dict]:
    events = []
    for line in text.splitlines(keepends=True):
        if not line.endswith("\n"):
            break  # cut off mid-write
        try:
            event = json.loads(line)
        except ValueError:
            continue
        if isinstance(event, dict) and event.get("kind") in KINDS and isinstance(event.get("step"), int):
            events.append(event)
    return events


def read_events(folder: Path, upto: float | None = None) -> list[dict]:
    """The events of a run folder in the order they happened (steps ≤ ``upto``); [] when none."""
    try:
        text = (Path(folder) / EVENTS).read_text("utf-8", "replace")
    except OSError:
        return []
    events = parse_events(text)
    return events if upto is None else [e for e in events if e["step"] <= upto]
