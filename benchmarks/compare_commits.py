"""One benchmark on two commits, alternated in one run, so a refactor's cost is measured, not guessed.

Each commit is checked out into its own temporary git worktree (sharing this checkout's .venv);
the benchmark script then runs as a separate process from each worktree in turn, A B B A A B …,
for ``--rounds`` rounds, so slow drifts of a shared machine fall on both sides alike. Every line
the benchmark prints that ends in numbers (a table row) is kept under its leading words; the
table printed at the end has, per row and numeric column, the median on each commit and the
ratio new / old.

    python benchmarks/compare_commits.py OLD NEW --bench bench_gui.py --rounds 4 \
        -- --presets ring8 mnist-mlp --views default --rounds 1 --seconds 6
    python benchmarks/compare_commits.py OLD NEW --bench bench_engine.py --rounds 4 -- --rounds 1

Make sure nothing else runs meanwhile (``uptime``).
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NUMBER = re.compile(r"^[-+]?\d+(\.\d+)?%?$")


def table_rows(output: str) -> dict[str, list[float]]:
    """Each line that starts with words and goes on with at least 3 numbers (a table row, maybe
    ending in a verdict word): the leading words → those numbers."""
    found = {}
    for line in output.splitlines():
        words = line.split()
        first = next((i for i, w in enumerate(words) if NUMBER.match(w)), None)
        if first is None or first == 0:
            continue
        numbers = []
        for w in words[first:]:
            if not NUMBER.match(w):
                break
            numbers.append(float(w.rstrip("%")))
        if len(numbers) >= 3:
            key = " ".join(words[:first])
            n = sum(1 for k in found if k == key or k.startswith(key + " #"))
            found[key if not n else f"{key} #{n + 1}"] = numbers  # a second row of the same name
    return found


def _header(output: str) -> str:
    """The line above the first table row: the benchmark's column names."""
    lines = output.splitlines()
    first = next((i for i, line in enumerate(lines) if table_rows(line)), 0)
    return lines[first - 1].strip() if first else ""


def run_once(tree: Path, bench: str, extra: list[str]) -> str:
    env = dict(os.environ, PYTHONPATH=str(tree), QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"))
    done = subprocess.run([sys.executable, str(tree / "benchmarks" / bench), *extra], cwd=tree, env=env,
                          capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"{bench} failed in {tree}:\n{done.stderr[-2000:]}")
    return done.stdout


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("old")
    parser.add_argument("new")
    parser.add_argument("--bench", required=True, help="a script in benchmarks/, e.g. bench_gui.py")
    parser.add_argument("--rounds", type=int, default=4)
    argv = sys.argv[1:]
    cut = argv.index("--") if "--" in argv else len(argv)
    args = parser.parse_args(argv[:cut])
    extra = argv[cut + 1:]  # after --: the benchmark's own arguments
    results: dict[str, dict[str, list[list[float]]]] = {"old": defaultdict(list), "new": defaultdict(list)}
    header = ""
    with tempfile.TemporaryDirectory(prefix="ganstudio-compare-") as tmp:
        trees = {}
        for side in ("old", "new"):
            trees[side] = Path(tmp) / side
            subprocess.run(["git", "worktree", "add", "--detach", "-q", str(trees[side]), getattr(args, side)],
                           cwd=ROOT, check=True)
        try:
            for i in range(args.rounds):
                for side in (("old", "new") if i % 2 == 0 else ("new", "old")):
                    out = run_once(trees[side], args.bench, extra)
                    header = header or _header(out)
                    for key, numbers in table_rows(out).items():
                        results[side][key].append(numbers)
                    print(f"round {i + 1} {side}: {len(table_rows(out))} rows", file=sys.stderr, flush=True)
        finally:
            for tree in trees.values():
                subprocess.run(["git", "worktree", "remove", "--force", str(tree)], cwd=ROOT)
    print(f"{args.bench} {' '.join(extra)}: medians of {args.rounds} alternated rounds, "
          f"old {args.old[:10]} vs new {args.new[:10]}")
    print(f"the benchmark's columns, numbered from 0 after the row's name:\n    {header}")
    print(f"{'row':<24} {'column':>6} {'old':>10} {'new':>10} {'new/old':>8}")
    for key in results["old"]:
        if key not in results["new"]:
            continue
        old, new = results["old"][key], results["new"][key]
        for col in range(min(len(old[0]), len(new[0]))):
            a = statistics.median(r[col] for r in old)
            b = statistics.median(r[col] for r in new)
            ratio = f"{b / a:8.3f}" if a else "       -"
            print(f"{key[:24]:<24} {col:>6} {a:>10.2f} {b:>10.2f} {ratio}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
