"""Run window tests again and again, beside busy processes, and count the hangs (issue 18).

    python tools/hang_check.py                      # the window tests, 20 runs, beside 2 busy processes
    python tools/hang_check.py --repro --runs 10    # the two tests that used to hang, 10 runs
    python tools/hang_check.py --busy 0 -- tests/test_window.py -k pause

Each run is a fresh pytest process with a per-test limit (``--test-limit-s``, pytest-timeout's
thread method): a test stuck past it is ended with every thread's stack and counted as a hang; its
output is kept in ``--keep`` so the stacks can be read. The busy processes are plain Python loops
(``while True: pass``), one per core they take, as a teacher's browser and video call would.

Before the fix (tests/thread_waits.py says why) ``--repro`` hung in about half the runs on an idle
2-core machine; the issue measured 6 of 10 beside busy processes.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
WINDOW_TESTS = ["tests/test_window.py", "tests/test_window_runs.py"]
REPRO_TESTS = [
    "tests/test_window_runs.py::test_a_run_that_cannot_continue_still_shows_its_history",
    "tests/test_window_runs.py::test_the_latent_explorer_gets_a_copy_of_g",
]
SUMMARY = re.compile(r"^(?:=+ )?(\d+ (?:passed|failed|error).*?) in ([\d.]+)s", re.M)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--busy", type=int, default=2, help="busy processes beside the tests")
    parser.add_argument("--repro", action="store_true", help="the two tests that used to hang")
    parser.add_argument("--test-limit-s", type=float, default=300.0,
                        help="a test still running after this long counts as a hang")
    parser.add_argument("--keep", type=Path, default=Path(tempfile.gettempdir()) / "ganstudio-hang-check",
                        help="where each run's output goes")
    parser.add_argument("tests", nargs="*", help="pytest arguments (default: the window tests)")
    args = parser.parse_args(argv)
    tests = args.tests or (REPRO_TESTS if args.repro else WINDOW_TESTS)
    args.keep.mkdir(parents=True, exist_ok=True)

    busy = [subprocess.Popen([sys.executable, "-c", "while True: pass"]) for _ in range(args.busy)]
    rows = []
    try:
        for i in range(1, args.runs + 1):
            rows.append(_one_run(i, tests, args))
            print(_row_text(rows[-1]), flush=True)
    finally:
        for p in busy:
            p.kill()
            p.wait()
    hung = [r for r in rows if r["hung"]]
    failed = [r for r in rows if not r["hung"] and r["rc"] != 0]
    times = [r["wall_s"] for r in rows]
    print(f"\n{len(rows)} runs of {' '.join(tests)} beside {args.busy} busy processes "
          f"(load before: {os.getloadavg()[0]:.1f}): {len(hung)} hung, {len(failed)} failed otherwise; "
          f"wall time median {statistics.median(times):.1f} s, max {max(times):.1f} s. Outputs: {args.keep}")
    return 1 if hung or failed else 0


def _one_run(i: int, tests: list[str], args) -> dict:
    log = args.keep / f"run{i:03d}.log"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
               "--timeout", str(args.test_limit_s), "--timeout-method", "thread", *tests]
    t0 = time.perf_counter()
    with open(log, "w") as out:
        # The outer limit only matters if pytest-timeout itself could not end the hang.
        try:
            rc = subprocess.run(command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
                                stdin=subprocess.DEVNULL, timeout=args.test_limit_s * 20).returncode
        except subprocess.TimeoutExpired:
            rc = -9
    wall_s = time.perf_counter() - t0
    text = log.read_text(errors="replace")
    hung = rc == -9 or "+ Timeout +" in text
    summary = SUMMARY.findall(text)
    where = re.findall(r"File \"[^\"]*(tests/test_\w+\.py)\", line (\d+), in (test_\w+)", text) if hung else []
    return {"run": i, "rc": rc, "wall_s": wall_s, "hung": hung, "log": log,
            "summary": summary[-1][0] if summary else "", "where": where[-1] if where else None}


def _row_text(row: dict) -> str:
    if row["hung"]:
        where = "{0}:{1} ({2})".format(*row["where"]) if row["where"] else "see the log"
        return f"run {row['run']:3d}: HUNG at {where} after {row['wall_s']:.1f} s -> {row['log']}"
    return f"run {row['run']:3d}: {row['summary'] or 'rc ' + str(row['rc'])} ({row['wall_s']:.1f} s wall)"


if __name__ == "__main__":
    sys.exit(main())
