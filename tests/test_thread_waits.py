"""No test can hang: waits for signals from other threads, and the limits that end a stuck test.

The emitter is built as the training worker is, a QObject moved into a QThread: PySide runs a
plain callable connected to its signal in that thread, not in the GUI thread.
"""

from pathlib import Path

from emitter_thread import Emitter
from thread_waits import worker_signal

HERE = Path(__file__).parent


def test_worker_signal_receives_a_signal_emitted_in_another_thread(qtbot):
    for delay_ms in [0, 1, 2, 5] * 8:  # the emission lands before, during and after the wait begins
        emitter = Emitter(delay_ms)
        with worker_signal(qtbot, emitter.done, timeout=5000) as blocker:
            emitter.thread.start()
        assert blocker.args == [(42,)]
        assert emitter.thread.wait(5000)


def test_waitsignal_on_another_threads_signal_fails_with_the_reason_instead_of_hanging(pytester):
    pytester.makeconftest((HERE / "conftest.py").read_text())
    pytester.makeini("[pytest]\nqt_api = pyside6\n")
    pytester.makepyfile(emitter_thread=(HERE / "emitter_thread.py").read_text())
    pytester.makepyfile(test_inner='''
        from emitter_thread import Emitter

        def test_wait(qtbot):
            emitter = Emitter(delay_ms=50)
            with qtbot.waitSignal(emitter.done, timeout=5000):
                emitter.thread.start()
            assert emitter.thread.wait(5000)
    ''')
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider", timeout=120)
    result.assert_outcomes(passed=1, errors=1)  # the test body ran to its end; its teardown failed
    result.stdout.fnmatch_lines(["*waitSignal got a signal emitted in thread emitter*worker_signal*"])


def test_a_test_stuck_holding_the_gil_is_ended_with_every_stack(pytester):
    """pytest-timeout's timer thread needs the GIL; a C call that holds it (here a regular
    expression that backtracks for hours) leaves only conftest.py's faulthandler backstop."""
    pytester.makeconftest((HERE / "conftest.py").read_text())
    pytester.makeini("[pytest]\nqt_api = pyside6\ntimeout = 1\ntimeout_method = thread\n"
                     "timeout_backstop_grace_s = 2\n")
    pytester.makepyfile(test_inner='''
        import re

        def test_stuck():
            re.match(r"(a+)+$", "a" * 64 + "b")
    ''')
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider", timeout=60)
    assert result.ret != 0
    result.stderr.fnmatch_lines(["*Timeout (0:00:03)!*", "*test_stuck*"])
