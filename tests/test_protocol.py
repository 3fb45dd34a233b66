"""The window-worker protocol (ganstudio/protocol.py): declared once, torch- and Qt-free, and a
command the worker does not know is refused where it is sent."""

from __future__ import annotations

import subprocess
import sys

import pytest

from ganstudio.protocol import NEEDS_MODEL, Command, RunState
from ganstudio.worker import TrainingWorker


def test_the_protocol_imports_neither_torch_nor_qt():
    probe = "import sys, ganstudio.protocol; print(sorted(m for m in ('torch', 'PySide6') if m in sys.modules))"
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


def test_an_unknown_command_is_refused_where_it_is_sent():
    worker = TrainingWorker()
    with pytest.raises(ValueError, match="'strat' is not a valid Command"):
        worker.send("strat")
    assert worker.commands.empty()
    worker.send("start")  # by name, as before
    assert worker.commands.get_nowait() == (Command.START, None)


def test_every_command_has_a_handler_and_model_commands_wait_for_a_model(qtbot):
    worker = TrainingWorker()
    assert set(worker._handlers) == set(Command)
    errors = []
    worker.error.connect(errors.append)  # the worker lives in this thread here: direct calls
    for command in sorted(NEEDS_MODEL):
        assert worker._handle(command, 1 if command == Command.RUN_N else None)
    assert len(errors) == len(NEEDS_MODEL) and set(errors) == {"No model is loaded yet; press Reset."}
    assert worker._handle(Command.STOP, None) is False


def test_states_compare_equal_to_their_names():
    assert RunState.RUNNING == "running" and {s.value for s in RunState} == {"running", "paused", "idle"}
